//! Events of an alliance — meetings, congresses, seminars, symposia, schools — with their dates,
//! place, host university and a way to register: the editor's form and its rules, and the
//! shapes the pages show. Texts per language as for news: the reader's where written, else the
//! original with a note.
use super::dates;
use super::publishing::{index, shown_language, Publication, PublicationMove};
use super::validation::{optional_text as text, parse_id, Errors, FieldError, Problem};
use crate::i18n::{Key, Locale};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Length limits (characters).
pub const TITLE_MAX: usize = 200;
pub const PLACE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 10_000;
pub const URL_MAX: usize = 500;
/// Events per page of a list.
pub const PAGE_SIZE: i64 = 20;
/// The longest an event may last.
pub const DAYS_MAX: i64 = 366;

/// What kind of gathering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    Meeting,
    Congress,
    Conference,
    Seminar,
    Symposium,
    Forum,
    School,
    Workshop,
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 9] = [
        EventKind::Meeting,
        EventKind::Congress,
        EventKind::Conference,
        EventKind::Seminar,
        EventKind::Symposium,
        EventKind::Forum,
        EventKind::School,
        EventKind::Workshop,
        EventKind::Other,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            EventKind::Meeting => "meeting",
            EventKind::Congress => "congress",
            EventKind::Conference => "conference",
            EventKind::Seminar => "seminar",
            EventKind::Symposium => "symposium",
            EventKind::Forum => "forum",
            EventKind::School => "school",
            EventKind::Workshop => "workshop",
            EventKind::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub const fn label(self) -> Key {
        match self {
            EventKind::Meeting => Key::EventsKindMeeting,
            EventKind::Congress => Key::EventsKindCongress,
            EventKind::Conference => Key::EventsKindConference,
            EventKind::Seminar => Key::EventsKindSeminar,
            EventKind::Symposium => Key::EventsKindSymposium,
            EventKind::Forum => Key::EventsKindForum,
            EventKind::School => Key::EventsKindSchool,
            EventKind::Workshop => Key::EventsKindWorkshop,
            EventKind::Other => Key::EventsKindOther,
        }
    }
}

/// The editor's form as typed; texts per language (`en`, `ru`, `zh`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub alliance_id: String,
    /// Empty: no host university (the alliance itself).
    pub host_university_id: String,
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    pub original_lang: String,
    pub title: BTreeMap<String, String>,
    pub place: BTreeMap<String, String>,
    pub description: BTreeMap<String, String>,
    /// Where to register (an `http(s)` address), optional.
    pub register_url: String,
    /// One of our opportunities to apply to instead, optional (its id).
    pub opportunity_id: String,
}

/// Texts in one language, `None` where nothing was written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventTexts {
    pub title: Option<String>,
    pub place: Option<String>,
    pub description: Option<String>,
}

/// A form that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidEvent {
    pub alliance_id: i64,
    pub host_university_id: Option<i64>,
    pub kind: EventKind,
    pub starts_on: String,
    pub ends_on: String,
    pub original_lang: Locale,
    /// en, ru, zh.
    pub texts: [EventTexts; 3],
    pub register_url: Option<String>,
    pub opportunity_id: Option<i64>,
}

fn optional_id(s: &str) -> Result<Option<i64>, Problem> {
    match s.trim() {
        "" => Ok(None),
        s => parse_id(s).map(Some),
    }
}

/// An `http(s)` address without spaces or markup characters.
pub fn web_address(s: &str) -> Result<Option<String>, Problem> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().count() > URL_MAX {
        return Err(Problem::TooLong);
    }
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or(Problem::Malformed)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty()
        || s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\''))
    {
        return Err(Problem::Malformed);
    }
    Ok(Some(s.to_string()))
}

impl EventForm {
    /// Checks every rule and reports every problem at once, per field (`title_ru`, …). The
    /// original language needs a title and a place; a translation that is started needs its
    /// title.
    pub fn validate(&self) -> Result<ValidEvent, Vec<FieldError>> {
        let mut e = Errors::default();
        let alliance = e.check("alliance_id", parse_id(&self.alliance_id));
        let host = e.check("host_university_id", optional_id(&self.host_university_id));
        let kind = e.check(
            "kind",
            match self.kind.trim() {
                "" => Err(Problem::Required),
                k => EventKind::parse(k).ok_or(Problem::Malformed),
            },
        );
        let date = |s: &str| match s.trim() {
            "" => Err(Problem::Required),
            d => dates::parse_date(d).ok_or(Problem::Malformed),
        };
        let starts = e.check("starts_on", date(&self.starts_on));
        let ends = e.check("ends_on", date(&self.ends_on));
        if let (Some(s), Some(end)) = (starts, ends) {
            if end < s {
                e.check::<()>("ends_on", Err(Problem::EndBeforeStart));
            } else if end - s >= DAYS_MAX {
                e.check::<()>("ends_on", Err(Problem::TooLong));
            }
        }
        let original = e.check(
            "original_lang",
            Locale::parse(self.original_lang.trim()).ok_or(Problem::Required),
        );
        let mut texts: [EventTexts; 3] = Default::default();
        for (i, l) in Locale::ALL.iter().enumerate() {
            let code = l.code();
            let key = |f: &str| format!("{f}_{code}");
            let t = EventTexts {
                title: e
                    .check(&key("title"), text(self.title.get(code), TITLE_MAX))
                    .flatten(),
                place: e
                    .check(&key("place"), text(self.place.get(code), PLACE_MAX))
                    .flatten(),
                description: e
                    .check(
                        &key("description"),
                        text(self.description.get(code), DESCRIPTION_MAX),
                    )
                    .flatten(),
            };
            let written = t.title.is_some() || t.place.is_some() || t.description.is_some();
            let mut needed = vec![];
            if written || original == Some(*l) {
                needed.push(("title", t.title.is_none()));
            }
            if original == Some(*l) {
                needed.push(("place", t.place.is_none()));
            }
            for (field, missing) in needed {
                if missing && !e.has(&key(field)) {
                    e.check::<()>(&key(field), Err(Problem::Required));
                }
            }
            texts[i] = t;
        }
        let register_url = e.check("register_url", web_address(&self.register_url));
        let opportunity = e.check("opportunity_id", optional_id(&self.opportunity_id));
        e.finish(|| {
            Some(ValidEvent {
                alliance_id: alliance?,
                host_university_id: host?,
                kind: kind?,
                starts_on: dates::format_date(starts?),
                ends_on: dates::format_date(ends?),
                original_lang: original?,
                texts: texts.clone(),
                register_url: register_url?,
                opportunity_id: opportunity?,
            })
        })
    }
}

/// The texts of an event in the language a reader sees (`lang`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventShown {
    pub lang: String,
    pub title: String,
    pub place: String,
    pub description: String,
}

/// Picks the texts for `reader` among `texts` (en, ru, zh) written originally in `original`.
pub fn shown(texts: &[EventTexts; 3], original: Locale, reader: Locale) -> EventShown {
    let written = [0, 1, 2].map(|i| texts[i].title.is_some());
    let lang = shown_language(written, original, reader);
    let t = &texts[index(lang)];
    // A translation without a place keeps the original's.
    let place = t
        .place
        .clone()
        .or_else(|| texts[index(original)].place.clone())
        .unwrap_or_default();
    EventShown {
        lang: lang.code().to_string(),
        title: t.title.clone().unwrap_or_default(),
        place,
        description: t.description.clone().unwrap_or_default(),
    }
}

/// One line of a list of events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLine {
    pub id: i64,
    pub alliance_slug: String,
    pub alliance: String,
    pub kind: EventKind,
    pub starts_on: String,
    pub ends_on: String,
    pub status: Publication,
    /// The host university (id, name in the reader's language), if any.
    pub host: Option<(i64, String)>,
    pub text: EventShown,
    /// Shown in the original language because the reader's is missing.
    pub fallback: bool,
}

/// A page of events: upcoming (soonest first) or past (latest first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventListing {
    pub past: bool,
    /// The one alliance listed (slug), if filtered.
    pub alliance: Option<String>,
    pub lines: Vec<EventLine>,
    pub page: i64,
    pub pages: i64,
}

/// One event as its page shows it, with what the reader may do to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub line: EventLine,
    pub register_url: Option<String>,
    /// Our opportunity to apply to (id, title in the reader's language), if linked.
    pub opportunity: Option<(i64, String)>,
    pub editable: bool,
    pub moves: Vec<PublicationMove>,
}

/// The editor: the form and what the writer may choose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventEditing {
    pub id: Option<i64>,
    pub form: EventForm,
    pub alliances: Vec<(i64, String)>,
    /// Members of those alliances, for the host.
    pub universities: Vec<(i64, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> EventForm {
        let one = |v: &str| BTreeMap::from([("zh".to_string(), v.to_string())]);
        EventForm {
            alliance_id: "1".into(),
            host_university_id: "7".into(),
            kind: "seminar".into(),
            starts_on: "2027-06-10".into(),
            ends_on: "2027-06-12".into(),
            original_lang: "zh".into(),
            title: one("第十四届哈尔滨国际眼科学术研讨会"),
            place: one("哈尔滨"),
            description: BTreeMap::new(),
            register_url: "https://hrbmu.example/ophthalmology".into(),
            opportunity_id: String::new(),
        }
    }

    fn problems(f: &EventForm) -> Vec<(String, Problem)> {
        f.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn an_event_with_its_original_texts_passes() {
        let v = form().validate().expect("valid");
        assert_eq!(v.kind, EventKind::Seminar);
        assert_eq!(v.host_university_id, Some(7));
        assert_eq!(v.opportunity_id, None);
        assert_eq!(v.texts[2].place.as_deref(), Some("哈尔滨"));
    }

    #[test]
    fn dates_place_and_addresses_are_checked() {
        let mut f = form();
        f.ends_on = "2027-06-01".into();
        f.place.clear();
        f.register_url = "javascript:alert(1)".into();
        f.title.insert("en".into(), String::new());
        f.description.insert("ru".into(), "Описание".into());
        let p = problems(&f);
        assert!(
            p.contains(&("ends_on".into(), Problem::EndBeforeStart)),
            "{p:?}"
        );
        assert!(p.contains(&("place_zh".into(), Problem::Required)), "{p:?}");
        assert!(
            p.contains(&("register_url".into(), Problem::Malformed)),
            "{p:?}"
        );
        assert!(p.contains(&("title_ru".into(), Problem::Required)), "{p:?}");
        assert!(!p.iter().any(|(f, _)| f == "title_en"), "{p:?}");
        for bad in [
            "https://",
            "https://a b",
            "http://x\"onmouseover=",
            "ftp://x.org",
        ] {
            assert!(web_address(bad).is_err(), "{bad}");
        }
        assert_eq!(
            web_address(" https://asrmu.org/a?b=1 "),
            Ok(Some("https://asrmu.org/a?b=1".into()))
        );
    }

    #[test]
    fn a_translation_without_a_place_keeps_the_original_place() {
        let mut f = form();
        f.title
            .insert("ru".into(), "Семинар по офтальмологии".into());
        let v = f.validate().expect("valid");
        let ru = shown(&v.texts, v.original_lang, Locale::Ru);
        assert_eq!((ru.lang.as_str(), ru.place.as_str()), ("ru", "哈尔滨"));
        let en = shown(&v.texts, v.original_lang, Locale::En);
        assert_eq!(en.lang, "zh");
    }
}
