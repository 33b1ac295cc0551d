//! The opportunity editor: the form as a coordinator typed it, its validation (every rule with
//! a translated field error), and the moves between statuses. Pure, so every rule is tested
//! without a server.
use super::account::{Email, Level};
use super::dates;
use super::opportunity::{is_field, Kind, LanguageRequirement, Status};
use super::validation::{optional_text as text, parse_id, Errors, FieldError, Problem};
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// CEFR levels a language of instruction can require.
pub const CEFR: [&str; 6] = ["A1", "A2", "B1", "B2", "C1", "C2"];

/// Document kinds an opportunity can ask applicants for.
pub const DOCUMENTS: [&str; 7] = [
    "cv",
    "motivation_letter",
    "transcript",
    "language_certificate",
    "recommendation_letter",
    "passport_copy",
    "medical_certificate",
];

/// Length limits of the texts (characters).
pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 600;
pub const DESCRIPTION_MAX: usize = 10_000;
pub const NOTE_MAX: usize = 1_000;
/// Days an accepted applicant has to answer an offer, unless the opportunity says otherwise.
pub const OFFER_DAYS: i64 = 14;
/// The longest an offer may wait.
pub const OFFER_DAYS_MAX: i64 = 90;
/// Places above this are a typing mistake, not a programme.
pub const CAPACITY_MAX: i64 = 10_000;

/// The editor's form, every value as typed. Texts are per language (`en`, `ru`, `zh`); the
/// maps hold checked boxes (`levels`, `documents`) and the CEFR level per language of
/// instruction (`languages`). Field names are the keys of the field errors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpportunityForm {
    pub host_university_id: String,
    pub alliance_id: String,
    pub kind: String,
    pub field_code: String,
    pub original_lang: String,
    pub title: BTreeMap<String, String>,
    pub summary: BTreeMap<String, String>,
    pub description: BTreeMap<String, String>,
    pub languages: BTreeMap<String, String>,
    pub levels: BTreeMap<String, String>,
    pub documents: BTreeMap<String, String>,
    pub starts_on: String,
    pub ends_on: String,
    /// `datetime-local` values in `time_zone`.
    pub opens_at: String,
    pub closes_at: String,
    pub time_zone: String,
    pub capacity: String,
    pub quota_per_university: String,
    /// Days an accepted applicant has to confirm or decline (empty: [`OFFER_DAYS`]).
    pub offer_days: String,
    pub fees_note: String,
    pub contact_name: String,
    pub contact_email: String,
}

/// Texts in one language, `None` where nothing was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalTexts {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
}

/// A form that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOpportunity {
    pub host_university_id: i64,
    pub alliance_id: i64,
    pub kind: Kind,
    pub field_code: String,
    pub original_lang: Locale,
    /// en, ru, zh.
    pub texts: [LocalTexts; 3],
    pub languages: Vec<LanguageRequirement>,
    pub levels: Vec<String>,
    pub documents: Vec<String>,
    pub starts_on: String,
    pub ends_on: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub time_zone: String,
    pub capacity: i64,
    pub quota_per_university: Option<i64>,
    pub offer_days: i64,
    pub fees_note: String,
    pub contact_name: String,
    pub contact_email: String,
}

fn count(s: &str, required: bool) -> Result<Option<i64>, Problem> {
    match s.trim() {
        "" if required => Err(Problem::Required),
        "" => Ok(None),
        s => match s.parse::<i64>() {
            Ok(n) if n < 1 => Err(Problem::TooSmall),
            Ok(n) if n > CAPACITY_MAX => Err(Problem::TooLong),
            Ok(n) => Ok(Some(n)),
            Err(_) => Err(Problem::Malformed),
        },
    }
}

fn checked(map: &BTreeMap<String, String>, allowed: &[&str]) -> Vec<String> {
    allowed
        .iter()
        .filter(|code| map.get(**code).is_some_and(|v| !v.is_empty()))
        .map(|c| c.to_string())
        .collect()
}

impl OpportunityForm {
    /// Checks every rule and reports every problem at once, per field.
    pub fn validate(&self) -> Result<ValidOpportunity, Vec<FieldError>> {
        let mut e = Errors::default();
        let host = e.check("host_university_id", parse_id(&self.host_university_id));
        let alliance = e.check("alliance_id", parse_id(&self.alliance_id));
        let kind = e.check(
            "kind",
            match self.kind.trim() {
                "" => Err(Problem::Required),
                k => Kind::parse(k).ok_or(Problem::Malformed),
            },
        );
        let field_code = e.check(
            "field_code",
            match self.field_code.trim() {
                "" => Err(Problem::Required),
                f if is_field(f) => Ok(f.to_string()),
                _ => Err(Problem::Malformed),
            },
        );
        let original = e.check(
            "original_lang",
            Locale::parse(&self.original_lang).ok_or(Problem::Required),
        );
        let mut texts: [LocalTexts; 3] = Default::default();
        for (i, l) in Locale::ALL.iter().enumerate() {
            let code = l.code();
            let key = |f: &str| format!("{f}_{code}");
            texts[i] = LocalTexts {
                title: e
                    .check(&key("title"), text(self.title.get(code), TITLE_MAX))
                    .flatten(),
                summary: e
                    .check(&key("summary"), text(self.summary.get(code), SUMMARY_MAX))
                    .flatten(),
                description: e
                    .check(
                        &key("description"),
                        text(self.description.get(code), DESCRIPTION_MAX),
                    )
                    .flatten(),
            };
        }
        if let Some(l) = original {
            let i = Locale::ALL.iter().position(|x| *x == l).unwrap_or(0);
            if texts[i].title.is_none() && !e.has(&format!("title_{}", l.code())) {
                e.check::<()>(&format!("title_{}", l.code()), Err(Problem::Required));
            }
            if texts[i].summary.is_none() && !e.has(&format!("summary_{}", l.code())) {
                e.check::<()>(&format!("summary_{}", l.code()), Err(Problem::Required));
            }
        }
        let mut languages = Vec::new();
        for l in Locale::ALL {
            match self.languages.get(l.code()).map(|v| v.trim()) {
                None | Some("") => {}
                Some(level) if CEFR.contains(&level) => languages.push(LanguageRequirement {
                    language: l.code().to_string(),
                    level: level.to_string(),
                }),
                Some(_) => {
                    e.check::<()>("languages", Err(Problem::Malformed));
                }
            }
        }
        if languages.is_empty() && !e.has("languages") {
            e.check::<()>("languages", Err(Problem::ChooseOne));
        }
        let level_codes: Vec<&str> = Level::ALL.iter().map(|l| l.code()).collect();
        let levels = checked(&self.levels, &level_codes);
        if levels.is_empty() {
            e.check::<()>("levels", Err(Problem::ChooseOne));
        }
        let documents = checked(&self.documents, &DOCUMENTS);
        let date = |s: &str| match s.trim() {
            "" => Err(Problem::Required),
            s => dates::parse_date(s).ok_or(Problem::Malformed),
        };
        let starts = e.check("starts_on", date(&self.starts_on));
        let mut ends = e.check("ends_on", date(&self.ends_on));
        if let (Some(s), Some(t)) = (starts, ends) {
            if t < s {
                e.check::<()>("ends_on", Err(Problem::EndBeforeStart));
                ends = None;
            }
        }
        let offset = e.check(
            "time_zone",
            dates::offset_minutes(self.time_zone.trim()).ok_or(Problem::Required),
        );
        let instant = |s: &str| match (s.trim(), offset) {
            ("", _) => Err(Problem::Required),
            (s, Some(o)) => dates::parse_local(s, o).ok_or(Problem::Malformed),
            (s, None) => dates::parse_local(s, 0).ok_or(Problem::Malformed),
        };
        let opens = e.check("opens_at", instant(&self.opens_at));
        let mut closes = e.check("closes_at", instant(&self.closes_at));
        if let (Some(o), Some(c)) = (opens, closes) {
            if c <= o {
                e.check::<()>("closes_at", Err(Problem::ClosesBeforeOpens));
                closes = None;
            }
        }
        if let (Some(c), Some(s), Some(off)) = (closes, starts, offset) {
            // The programme starts at local midnight of its first day.
            if c > s * 86_400 - i64::from(off) * 60 {
                e.check::<()>("closes_at", Err(Problem::ClosesAfterStart));
            }
        }
        let capacity = e.check("capacity", count(&self.capacity, true)).flatten();
        let quota = e
            .check(
                "quota_per_university",
                count(&self.quota_per_university, false),
            )
            .flatten();
        if let (Some(q), Some(c)) = (quota, capacity) {
            if q > c {
                e.check::<()>("quota_per_university", Err(Problem::OverCapacity));
            }
        }
        let offer_days = e.check(
            "offer_days",
            match self.offer_days.trim() {
                "" => Ok(OFFER_DAYS),
                s => match s.parse::<i64>() {
                    Ok(n) if (1..=OFFER_DAYS_MAX).contains(&n) => Ok(n),
                    Ok(n) if n < 1 => Err(Problem::TooSmall),
                    _ => Err(Problem::Malformed),
                },
            },
        );
        let fees = e
            .check("fees_note", text(Some(&self.fees_note), NOTE_MAX))
            .flatten();
        let contact_name = e
            .check("contact_name", text(Some(&self.contact_name), TITLE_MAX))
            .flatten();
        let contact_email = e.check("contact_email", Email::parse(&self.contact_email));
        e.finish(|| {
            Some(ValidOpportunity {
                host_university_id: host?,
                alliance_id: alliance?,
                kind: kind?,
                field_code: field_code?,
                original_lang: original?,
                texts: texts.clone(),
                languages: languages.clone(),
                levels: levels.clone(),
                documents: documents.clone(),
                starts_on: dates::format_date(starts?),
                ends_on: dates::format_date(ends?),
                opens_at: opens?,
                closes_at: closes?,
                time_zone: self.time_zone.trim().to_string(),
                capacity: capacity?,
                quota_per_university: quota,
                offer_days: offer_days?,
                fees_note: fees.clone().unwrap_or_default(),
                contact_name: contact_name.clone().unwrap_or_default(),
                contact_email: contact_email.clone()?.as_str().to_string(),
            })
        })
    }

    /// The same opportunity a year later: programme dates and application window moved by one
    /// year, everything else kept.
    pub fn next_year(&self) -> OpportunityForm {
        let shift_date = |d: &str| dates::add_years(d, 1).unwrap_or_else(|| d.to_string());
        let shift_local = |s: &str| match s.split_once('T') {
            Some((d, t)) => format!("{}T{t}", shift_date(d)),
            None => s.to_string(),
        };
        OpportunityForm {
            starts_on: shift_date(&self.starts_on),
            ends_on: shift_date(&self.ends_on),
            opens_at: shift_local(&self.opens_at),
            closes_at: shift_local(&self.closes_at),
            ..self.clone()
        }
    }
}

/// What a manager can do to an opportunity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Move {
    Publish,
    Close,
    Reopen,
    Cancel,
}

impl Move {
    pub const ALL: [Move; 4] = [Move::Publish, Move::Close, Move::Reopen, Move::Cancel];

    pub const fn code(self) -> &'static str {
        match self {
            Move::Publish => "publish",
            Move::Close => "close",
            Move::Reopen => "reopen",
            Move::Cancel => "cancel",
        }
    }

    pub fn parse(code: &str) -> Option<Move> {
        Move::ALL.into_iter().find(|m| m.code() == code)
    }
}

impl Status {
    /// The status after `m`, or `None` when the move is not possible from here. Cancelled is
    /// final; a closed opportunity can be reopened (a deadline extended).
    pub fn after(self, m: Move) -> Option<Status> {
        match (self, m) {
            (Status::Draft, Move::Publish) => Some(Status::Published),
            (Status::Published, Move::Close) => Some(Status::Closed),
            (Status::Closed, Move::Reopen) => Some(Status::Published),
            (Status::Draft | Status::Published | Status::Closed, Move::Cancel) => {
                Some(Status::Cancelled)
            }
            _ => None,
        }
    }

    /// Cancelling what applicants may have seen needs a reason they will read.
    pub fn cancel_needs_reason(self) -> bool {
        matches!(self, Status::Published | Status::Closed)
    }

    /// Whether the texts and dates may still be edited.
    pub fn editable(self) -> bool {
        matches!(self, Status::Draft | Status::Published)
    }

    /// The moves possible from here, in the order the page offers them.
    pub fn moves(self) -> Vec<Move> {
        Move::ALL
            .into_iter()
            .filter(|m| self.after(*m).is_some())
            .collect()
    }
}

/// A line of a manager's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedLine {
    pub id: i64,
    pub title: String,
    pub text_lang: String,
    pub kind: Kind,
    pub status: Status,
    pub host_name: String,
    pub alliance: String,
    pub starts_on: String,
    pub closes_at: i64,
}

/// A manager's list, a page at a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedList {
    pub lines: Vec<ManagedLine>,
    pub page: i64,
    pub pages: i64,
}

/// The editor's data: the form to show and the choices it offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Editor {
    pub id: Option<i64>,
    pub form: OpportunityForm,
    /// Universities this actor may host opportunities for: (id, name).
    pub universities: Vec<(i64, String)>,
    /// Alliances with the universities of each: (id, name, member ids).
    pub alliances: Vec<(i64, String, Vec<i64>)>,
}

/// A managed opportunity as its public page will show it, with its status and moves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub detail: super::opportunity::OpportunityDetail,
    pub status: Status,
    pub moves: Vec<Move>,
    pub editable: bool,
    pub cancel_reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> OpportunityForm {
        let map = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        OpportunityForm {
            host_university_id: "3".into(),
            alliance_id: "1".into(),
            kind: "winter_school".into(),
            field_code: "0912".into(),
            original_lang: "ru".into(),
            title: map(&[("ru", "Зимняя школа"), ("en", "Winter school")]),
            summary: map(&[("ru", "Две недели в клинике.")]),
            description: BTreeMap::new(),
            languages: map(&[("ru", "B1"), ("en", "")]),
            levels: map(&[("master", "1")]),
            documents: map(&[("cv", "1"), ("bogus", "1")]),
            starts_on: "2027-01-20".into(),
            ends_on: "2027-02-02".into(),
            opens_at: "2026-11-01T09:00".into(),
            closes_at: "2026-12-15T18:00".into(),
            time_zone: "Europe/Moscow".into(),
            capacity: "20".into(),
            quota_per_university: "3".into(),
            offer_days: "".into(),
            fees_note: "".into(),
            contact_name: "".into(),
            contact_email: "io@example.org".into(),
        }
    }

    fn problems(f: &OpportunityForm) -> Vec<(String, Problem)> {
        match f.validate() {
            Ok(_) => vec![],
            Err(e) => e.into_iter().map(|e| (e.field, e.problem)).collect(),
        }
    }

    #[test]
    fn a_complete_form_is_valid_and_its_window_is_stored_in_utc() {
        let v = valid().validate().expect("valid");
        assert_eq!(v.kind, Kind::WinterSchool);
        assert_eq!(v.documents, vec!["cv".to_string()]);
        assert_eq!(v.languages.len(), 1);
        assert_eq!(v.texts[1].title.as_deref(), Some("Зимняя школа"));
        // 18:00 in Moscow is 15:00 UTC.
        assert_eq!(dates::format_local(v.closes_at, 0), "2026-12-15T15:00");
    }

    #[test]
    fn every_rule_has_its_field_error() {
        let mut f = valid();
        f.ends_on = "2027-01-19".into();
        assert_eq!(
            problems(&f),
            vec![("ends_on".into(), Problem::EndBeforeStart)]
        );
        let mut f = valid();
        f.closes_at = "2027-01-20T10:00".into();
        assert_eq!(
            problems(&f),
            vec![("closes_at".into(), Problem::ClosesAfterStart)]
        );
        let mut f = valid();
        f.closes_at = "2026-10-01T10:00".into();
        assert_eq!(
            problems(&f),
            vec![("closes_at".into(), Problem::ClosesBeforeOpens)]
        );
        let mut f = valid();
        f.capacity = "0".into();
        assert_eq!(problems(&f), vec![("capacity".into(), Problem::TooSmall)]);
        let mut f = valid();
        f.quota_per_university = "21".into();
        assert_eq!(
            problems(&f),
            vec![("quota_per_university".into(), Problem::OverCapacity)]
        );
        let mut f = valid();
        f.languages.clear();
        f.levels.clear();
        assert_eq!(
            problems(&f),
            vec![
                ("languages".into(), Problem::ChooseOne),
                ("levels".into(), Problem::ChooseOne)
            ]
        );
        let mut f = valid();
        f.title.remove("ru");
        f.original_lang = "ru".into();
        assert_eq!(problems(&f), vec![("title_ru".into(), Problem::Required)]);
        let mut f = valid();
        f.time_zone = "Mars/Olympus".into();
        f.capacity = "many".into();
        assert_eq!(
            problems(&f),
            vec![
                ("time_zone".into(), Problem::Required),
                ("capacity".into(), Problem::Malformed)
            ]
        );
        let empty = problems(&OpportunityForm::default());
        for field in [
            "host_university_id",
            "kind",
            "starts_on",
            "capacity",
            "contact_email",
        ] {
            assert!(empty.iter().any(|(f, _)| f == field), "{field}: {empty:?}");
        }
        let mut f = valid();
        f.offer_days = "0".into();
        assert_eq!(problems(&f), vec![("offer_days".into(), Problem::TooSmall)]);
        f.offer_days = "91".into();
        assert_eq!(
            problems(&f),
            vec![("offer_days".into(), Problem::Malformed)]
        );
        f.offer_days = "".into();
        assert_eq!(f.validate().map(|v| v.offer_days), Ok(OFFER_DAYS));
    }

    #[test]
    fn next_year_moves_dates_and_window() {
        let n = valid().next_year();
        assert_eq!(n.starts_on, "2028-01-20");
        assert_eq!(n.closes_at, "2027-12-15T18:00");
        assert_eq!(n.title, valid().title);
        assert!(n.validate().is_ok());
    }

    #[test]
    fn status_moves() {
        use Move::*;
        use Status::*;
        assert_eq!(Draft.after(Publish), Some(Published));
        assert_eq!(Draft.after(Close), None);
        assert_eq!(Published.after(Publish), None);
        assert_eq!(Published.after(Close), Some(Closed));
        assert_eq!(Closed.after(Reopen), Some(Published));
        assert_eq!(Cancelled.after(Reopen), None);
        assert!(Cancelled.moves().is_empty());
        assert_eq!(Draft.moves(), vec![Publish, Cancel]);
        assert!(Published.cancel_needs_reason() && !Draft.cancel_needs_reason());
        for s in [Draft, Published, Closed, Cancelled] {
            assert_eq!(Status::parse(s.code()), Some(s));
        }
    }
}
