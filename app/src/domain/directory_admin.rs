//! The directory as the secretariat edits it: a university's form (names in the alliances'
//! languages and its own script, country, city, website, time zone), a membership's form
//! (joined, founding and council marks, liaison secretary) and the record that a member left.
//! A membership is never deleted: a university that left keeps its dates, so past years still
//! name it.
use super::dates;
use super::event::web_address;
use super::validation::{optional_text as text, parse_id, Errors, FieldError, Problem};
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 300;
pub const CITY_MAX: usize = 120;
/// Universities per page of the directory's administration.
pub const PAGE_SIZE: i64 = 50;

/// The countries a member may come from: the SCO's member states (ISO 3166-1 alpha-2).
pub const COUNTRIES: [&str; 10] = ["CN", "RU", "KZ", "IR", "UZ", "KG", "TJ", "IN", "PK", "BY"];

/// Languages a university's own-script name may be in (BCP 47), for its `lang` attribute.
pub const NATIVE_LANGUAGES: [&str; 12] = [
    "ru", "zh-Hans", "zh-Hant", "kk", "fa", "uz-Latn", "uz", "ky", "tg", "hi", "ur", "be",
];

/// A university's form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UniversityForm {
    pub name_en: String,
    pub name_ru: String,
    pub name_zh: String,
    pub name_native: String,
    pub native_lang: String,
    pub country: String,
    pub city: String,
    pub city_native: String,
    pub website: String,
    pub time_zone: String,
    /// A new university only: the alliance it joins (staff add members to their own alliance).
    pub alliance_id: String,
    /// A new university only: the day it joins.
    pub joined_on: String,
}

/// A university's form once checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidUniversity {
    pub name_en: String,
    pub name_ru: Option<String>,
    pub name_zh: Option<String>,
    pub name_native: Option<String>,
    pub native_lang: Option<String>,
    pub country: String,
    pub city: String,
    pub city_native: Option<String>,
    pub website: Option<String>,
    pub time_zone: Option<String>,
    /// A new university's first membership: (alliance, joined on).
    pub joins: Option<(i64, String)>,
}

fn required(s: &str, max: usize) -> Result<String, Problem> {
    text(Some(&s.to_string()), max)?.ok_or(Problem::Required)
}

/// A required ISO date typed into a form.
pub fn required_date(s: &str) -> Result<String, Problem> {
    match s.trim() {
        "" => Err(Problem::Required),
        d => dates::parse_date(d)
            .map(dates::format_date)
            .ok_or(Problem::Malformed),
    }
}

fn one_of(s: &str, list: &[&str]) -> Result<Option<String>, Problem> {
    match s.trim() {
        "" => Ok(None),
        v if list.contains(&v) => Ok(Some(v.to_string())),
        _ => Err(Problem::Unknown),
    }
}

impl UniversityForm {
    /// Checks every field; `new`: the form creates a university, so it names its alliance.
    pub fn validate(&self, new: bool) -> Result<ValidUniversity, Vec<FieldError>> {
        let mut e = Errors::default();
        let name_en = e.check("name_en", required(&self.name_en, NAME_MAX));
        let name_ru = e.check("name_ru", text(Some(&self.name_ru), NAME_MAX));
        let name_zh = e.check("name_zh", text(Some(&self.name_zh), NAME_MAX));
        let name_native = e.check("name_native", text(Some(&self.name_native), NAME_MAX));
        let native_lang = e.check("native_lang", one_of(&self.native_lang, &NATIVE_LANGUAGES));
        if matches!((&name_native, &native_lang), (Some(Some(_)), Some(None))) {
            e.check::<()>("native_lang", Err(Problem::Required));
        }
        let country = e.check(
            "country",
            one_of(&self.country, &COUNTRIES).and_then(|c| c.ok_or(Problem::Required)),
        );
        let city = e.check("city", required(&self.city, CITY_MAX));
        let city_native = e.check("city_native", text(Some(&self.city_native), CITY_MAX));
        let website = e.check("website", web_address(&self.website));
        let zones: Vec<&str> = dates::TIME_ZONES.iter().map(|(z, _)| *z).collect();
        let time_zone = e.check("time_zone", one_of(&self.time_zone, &zones));
        let joins = if new {
            let alliance = e.check("alliance_id", parse_id(&self.alliance_id));
            let joined = e.check("joined_on", required_date(&self.joined_on));
            alliance.zip(joined)
        } else {
            None
        };
        e.finish(|| {
            Some(ValidUniversity {
                name_en: name_en?,
                name_ru: name_ru?,
                name_zh: name_zh?,
                native_lang: native_lang?.filter(|_| matches!(name_native, Some(Some(_)))),
                name_native: name_native?,
                country: country?,
                city: city?,
                city_native: city_native?,
                website: website?,
                time_zone: time_zone?,
                joins: if new { Some(joins?) } else { None },
            })
        })
    }
}

/// A membership's form: join (again) or correct the dates and marks of a current member.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MembershipForm {
    pub alliance_id: String,
    pub joined_on: String,
    /// `on` when ticked.
    pub founding: Option<String>,
    pub council: Option<String>,
    /// A user id, or empty for none.
    pub liaison_user_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidMembership {
    pub alliance_id: i64,
    pub joined_on: String,
    pub founding: bool,
    pub council: bool,
    pub liaison_user_id: Option<i64>,
}

impl MembershipForm {
    pub fn validate(&self) -> Result<ValidMembership, Vec<FieldError>> {
        let mut e = Errors::default();
        let alliance = e.check("alliance_id", parse_id(&self.alliance_id));
        let joined = e.check("joined_on", required_date(&self.joined_on));
        let liaison = e.check(
            "liaison_user_id",
            match self.liaison_user_id.trim() {
                "" => Ok(None),
                s => parse_id(s).map(Some),
            },
        );
        let ticked = |v: &Option<String>| v.as_deref() == Some("on");
        e.finish(|| {
            Some(ValidMembership {
                alliance_id: alliance?,
                joined_on: joined?,
                founding: ticked(&self.founding),
                council: ticked(&self.council),
                liaison_user_id: liaison?,
            })
        })
    }
}

/// The last day of a membership, checked against the day it began and today: a leaving is
/// recorded once it happened, never before the university joined.
pub fn left_on(s: &str, joined_on: &str, today: &str) -> Result<String, Problem> {
    let left = required_date(s)?;
    if left.as_str() > today {
        Err(Problem::InFuture)
    } else if left.as_str() < joined_on {
        Err(Problem::EndBeforeStart)
    } else {
        Ok(left)
    }
}

/// A university in the administration's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryLine {
    pub id: i64,
    pub name_en: String,
    pub name_native: Option<String>,
    pub native_lang: Option<String>,
    pub country: String,
    pub city: String,
    /// The abbreviations of the alliances it is a member of now.
    pub alliances: Vec<String>,
}

/// A page of the directory's administration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryListing {
    pub lines: Vec<DirectoryLine>,
    pub page: i64,
    pub pages: i64,
    pub q: String,
}

/// One alliance's membership of the university being edited, as its form shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipEditing {
    pub alliance_id: i64,
    pub alliance: String,
    /// `None`: never a member.
    pub joined_on: Option<String>,
    pub left_on: Option<String>,
    pub founding: bool,
    pub council: bool,
    pub liaison_user_id: Option<i64>,
}

/// The editor of a new university (`id` = `None`) or of university `id`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniversityEditing {
    pub id: Option<i64>,
    pub form: UniversityForm,
    /// The alliances the editor may add a member to: (id, name).
    pub alliances: Vec<(i64, String)>,
    /// The memberships in those alliances (an existing university only).
    pub memberships: Vec<MembershipEditing>,
    /// Who may be named liaison secretary: the university's accounts, (id, name).
    pub people: Vec<(i64, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> UniversityForm {
        UniversityForm {
            name_en: "Tajik State Medical University".into(),
            name_native: "Донишгоҳи давлатии тиббии Тоҷикистон".into(),
            native_lang: "tg".into(),
            country: "TJ".into(),
            city: "Dushanbe".into(),
            website: "https://tajmedun.tj".into(),
            time_zone: "UTC".into(),
            alliance_id: "2".into(),
            joined_on: "2026-11-30".into(),
            ..UniversityForm::default()
        }
    }

    fn problems(r: Result<ValidUniversity, Vec<FieldError>>) -> Vec<(String, Problem)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_new_university_names_its_alliance_and_day() {
        let v = form().validate(true).expect("valid");
        assert_eq!(v.joins, Some((2, "2026-11-30".into())));
        assert_eq!(v.native_lang.as_deref(), Some("tg"));
        assert_eq!(form().validate(false).expect("valid").joins, None);
        let mut f = form();
        f.alliance_id.clear();
        f.joined_on = "30.11.2026".into();
        let p = problems(f.validate(true));
        assert!(p.contains(&("alliance_id".into(), Problem::Required)));
        assert!(p.contains(&("joined_on".into(), Problem::Malformed)));
    }

    #[test]
    fn codes_and_addresses_outside_the_lists_are_refused() {
        let mut f = form();
        f.country = "US".into();
        f.time_zone = "Mars/Olympus".into();
        f.website = "javascript:alert(1)".into();
        f.native_lang = String::new();
        f.name_en = "  ".into();
        let p = problems(f.validate(false));
        for (field, problem) in [
            ("country", Problem::Unknown),
            ("time_zone", Problem::Unknown),
            ("website", Problem::Malformed),
            ("native_lang", Problem::Required),
            ("name_en", Problem::Required),
        ] {
            assert!(p.contains(&(field.into(), problem)), "{field}: {p:?}");
        }
    }

    #[test]
    fn a_leaving_is_recorded_once_it_happened_and_after_joining() {
        let today = "2026-12-07";
        assert_eq!(
            left_on("2026-06-30", "2014-07-01", today),
            Ok("2026-06-30".into())
        );
        assert_eq!(
            left_on("2027-01-01", "2014-07-01", today),
            Err(Problem::InFuture)
        );
        assert_eq!(
            left_on("2014-06-30", "2014-07-01", today),
            Err(Problem::EndBeforeStart)
        );
        assert_eq!(left_on("", "2014-07-01", today), Err(Problem::Required));
    }

    #[test]
    fn membership_marks_are_ticked_boxes() {
        let m = MembershipForm {
            alliance_id: "1".into(),
            joined_on: "2014-07-01".into(),
            founding: Some("on".into()),
            council: None,
            liaison_user_id: "7".into(),
        }
        .validate()
        .expect("valid");
        assert!(m.founding && !m.council);
        assert_eq!(m.liaison_user_id, Some(7));
    }
}
