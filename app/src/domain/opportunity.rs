//! Opportunities: what a host university offers within an alliance, and how the catalogue is
//! asked for them (filters, sort, keyset cursor). Pure and shared; the store turns a
//! [`Filter`] into SQL.
use serde::{Deserialize, Serialize};

/// What kind of mobility an opportunity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    SummerSchool,
    WinterSchool,
    ClerkshipShort,
    ClerkshipLong,
    JointSemester,
    FacultyExchange,
}

impl Kind {
    /// The label a person reads.
    pub const fn label(self) -> crate::i18n::Key {
        use crate::i18n::Key;
        match self {
            Kind::SummerSchool => Key::KindSummerSchool,
            Kind::WinterSchool => Key::KindWinterSchool,
            Kind::ClerkshipShort => Key::KindClerkshipShort,
            Kind::ClerkshipLong => Key::KindClerkshipLong,
            Kind::JointSemester => Key::KindJointSemester,
            Kind::FacultyExchange => Key::KindFacultyExchange,
        }
    }

    pub const ALL: [Kind; 6] = [
        Kind::SummerSchool,
        Kind::WinterSchool,
        Kind::ClerkshipShort,
        Kind::ClerkshipLong,
        Kind::JointSemester,
        Kind::FacultyExchange,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Kind::SummerSchool => "summer_school",
            Kind::WinterSchool => "winter_school",
            Kind::ClerkshipShort => "clerkship_short",
            Kind::ClerkshipLong => "clerkship_long",
            Kind::JointSemester => "joint_semester",
            Kind::FacultyExchange => "faculty_exchange",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Where an opportunity is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Draft,
    Published,
    Closed,
    Cancelled,
}

impl Status {
    pub const fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
            Status::Closed => "closed",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        [
            Status::Draft,
            Status::Published,
            Status::Closed,
            Status::Cancelled,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// Whether an opportunity takes applications at `now`: published, and its window
/// [`opens_at`, `closes_at`) open.
pub fn window_open(status: Status, opens_at: i64, closes_at: i64, now: i64) -> bool {
    status == Status::Published && opens_at <= now && now < closes_at
}

/// ISCED-F 2013 detailed fields the alliances' programmes fall into.
pub const FIELDS: [(&str, &str); 10] = [
    ("0511", "Biology"),
    ("0512", "Biochemistry"),
    ("0911", "Dental studies"),
    ("0912", "Medicine"),
    ("0913", "Nursing and midwifery"),
    ("0914", "Medical diagnostic and treatment technology"),
    ("0915", "Therapy and rehabilitation"),
    ("0916", "Pharmacy"),
    ("0917", "Traditional and complementary medicine and therapy"),
    ("0988", "Health and welfare, inter-disciplinary"),
];

/// True when `code` is one of [`FIELDS`].
pub fn is_field(code: &str) -> bool {
    FIELDS.iter().any(|(c, _)| *c == code)
}

/// How catalogue results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    /// Application deadline, soonest first.
    #[default]
    Deadline,
    /// Programme start, soonest first.
    Start,
    /// Most recently published first.
    Newest,
}

impl Sort {
    pub const fn code(self) -> &'static str {
        match self {
            Sort::Deadline => "deadline",
            Sort::Start => "start",
            Sort::Newest => "newest",
        }
    }

    pub fn parse(code: &str) -> Option<Sort> {
        [Sort::Deadline, Sort::Start, Sort::Newest]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A catalogue query. Empty fields do not filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Words to find in titles, summaries and descriptions (any language).
    pub q: String,
    pub kind: Option<Kind>,
    /// Alliance slug (`asrmu`, `sco`).
    pub alliance: Option<String>,
    /// ISO 3166 alpha-2 of the host.
    pub country: Option<String>,
    pub university_id: Option<i64>,
    pub field_code: Option<String>,
    /// A level code (`master`, …) that must be eligible.
    pub level: Option<String>,
    /// A language of instruction (`en`, `ru`, `zh`).
    pub language: Option<String>,
    /// Only opportunities whose application window is open now.
    pub open_now: bool,
    /// Only opportunities one can still apply to: applications open now or opening later.
    pub upcoming: bool,
    /// Programme overlaps [from, to] (ISO dates).
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Sort,
}

impl Filter {
    /// Whether the alliances' events belong beside what this filter finds: they follow the
    /// alliance (and the dates), but a search or a criterion only programmes have (kind, host,
    /// field, level, language, application window) asks for programmes alone.
    pub fn includes_events(&self) -> bool {
        self.q.is_empty()
            && self.kind.is_none()
            && self.country.is_none()
            && self.university_id.is_none()
            && self.field_code.is_none()
            && self.level.is_none()
            && self.language.is_none()
            && !self.open_now
            && !self.upcoming
    }

    /// Reads a filter from URL query values (the catalogue's GET form); unknown or malformed
    /// values are ignored rather than refused, so an old bookmark still shows results.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Filter {
        let text = |name: &str| {
            get(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let date = |name: &str| {
            text(name)
                .filter(|d| d.len() == 10 && d.chars().all(|c| c.is_ascii_digit() || c == '-'))
        };
        let code = |name: &str, max: usize| {
            text(name).filter(|v| {
                v.len() <= max
                    && v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
        };
        Filter {
            q: text("q")
                .map(|q| q.chars().take(100).collect())
                .unwrap_or_default(),
            kind: text("kind").and_then(|k| Kind::parse(&k)),
            alliance: code("alliance", 40),
            country: code("country", 2).map(|c| c.to_ascii_uppercase()),
            university_id: text("university").and_then(|u| u.parse().ok()),
            field_code: text("field").filter(|f| is_field(f)),
            level: code("level", 20),
            language: code("language", 5),
            open_now: get("open").is_some_and(|v| !v.is_empty()),
            upcoming: get("upcoming").is_some_and(|v| !v.is_empty()),
            from: date("from"),
            to: date("to"),
            sort: text("sort")
                .and_then(|s| Sort::parse(&s))
                .unwrap_or_default(),
        }
    }
}

/// Where the next page starts: the sort key and id of the last row shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub key: String,
    pub id: i64,
}

impl Cursor {
    /// `key~id`, safe in a URL query (keys are digits, dates or empty).
    pub fn encode(&self) -> String {
        format!("{}~{}", self.key, self.id)
    }

    pub fn parse(s: &str) -> Option<Cursor> {
        let (key, id) = s.rsplit_once('~')?;
        let ok = key.chars().all(|c| c.is_ascii_digit() || c == '-');
        ok.then_some(())?;
        Some(Cursor {
            key: key.to_string(),
            id: id.parse().ok()?,
        })
    }
}

/// A language of instruction with the CEFR level it requires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageRequirement {
    pub language: String,
    pub level: String,
}

/// `"en:B2,ru:B1"` → requirements (malformed parts are skipped).
pub fn parse_languages(s: &str) -> Vec<LanguageRequirement> {
    s.split(',')
        .filter_map(|part| {
            let (language, level) = part.trim().split_once(':')?;
            Some(LanguageRequirement {
                language: language.to_string(),
                level: level.to_string(),
            })
        })
        .collect()
}

/// One catalogue card, texts in the reader's language where they exist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityCard {
    pub id: i64,
    pub kind: Kind,
    pub title: String,
    pub summary: String,
    /// The language `title` and `summary` are in (the reader's, or the original).
    pub text_lang: String,
    pub host_id: i64,
    pub host_name: String,
    pub host_country: String,
    pub alliance_slug: String,
    pub starts_on: String,
    pub ends_on: String,
    pub closes_at: i64,
    pub capacity: i64,
    pub languages: Vec<LanguageRequirement>,
}

/// Everything an applicant needs to know about one opportunity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityDetail {
    pub card: OpportunityCard,
    pub description: String,
    pub levels: Vec<String>,
    pub documents: Vec<String>,
    pub fees_note: String,
    pub contact_name: String,
    pub contact_email: String,
    pub quota_per_university: Option<i64>,
    pub time_zone: String,
    pub opens_at: i64,
    pub closed: bool,
    pub field_code: String,
}

/// A page of catalogue results and the cursor of the next page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub cards: Vec<OpportunityCard>,
    pub next: Option<String>,
}

/// What happens on one day of the calendar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayMarks {
    /// Programmes running that day.
    pub runs: u32,
    /// Application deadlines that day (UTC).
    pub deadlines: u32,
    /// The alliances' events that day.
    pub events: u32,
}

/// One month of the calendar: per day, how many programmes run and how many applications
/// close; and the events of the chosen day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// One entry per day of the month.
    pub days: Vec<DayMarks>,
    /// The chosen day (ISO, within the month), whose events `cards` are.
    pub date: Option<String>,
    pub cards: Vec<OpportunityCard>,
    /// The alliances' events on the chosen day.
    pub events: Vec<crate::domain::event::EventLine>,
    /// More matched than shown: narrow the filter.
    pub truncated: bool,
    /// Today (UTC, ISO), marked on the calendar.
    pub today: String,
}

/// `YYYY-MM` → (year, month).
pub fn parse_month(s: &str) -> Option<(i64, u32)> {
    let (y, m) = s.trim().split_once('-')?;
    let (y, m): (i64, u32) = (y.parse().ok()?, m.parse().ok()?);
    ((1900..3000).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_follow_the_alliance_but_not_a_programme_filter() {
        let mut f = Filter {
            alliance: Some("asrmu".into()),
            from: Some("2027-01-01".into()),
            ..Filter::default()
        };
        assert!(f.includes_events());
        f.q = "cardiology".into();
        assert!(!f.includes_events());
        f.q.clear();
        f.kind = Some(Kind::SummerSchool);
        assert!(!f.includes_events());
    }

    #[test]
    fn codes_and_cursors_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.code()), Some(k));
        }
        let c = Cursor {
            key: "2026-07-01".into(),
            id: 42,
        };
        assert_eq!(Cursor::parse(&c.encode()), Some(c));
        assert_eq!(Cursor::parse("x'; DROP~1"), None);
        assert_eq!(
            parse_languages("en:B2, ru:B1,bad"),
            vec![
                LanguageRequirement {
                    language: "en".into(),
                    level: "B2".into()
                },
                LanguageRequirement {
                    language: "ru".into(),
                    level: "B1".into()
                },
            ]
        );
        assert!(is_field("0912") && !is_field("9999"));
        let q = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let f = Filter::from_query(q(&[
            ("kind", "winter_school"),
            ("country", "ru"),
            ("open", "1"),
            ("field", "9999"),
            ("from", "2026-01-01'"),
            ("alliance", "sco"),
        ]));
        assert_eq!(f.kind, Some(Kind::WinterSchool));
        assert_eq!(f.country.as_deref(), Some("RU"));
        assert!(f.open_now && f.field_code.is_none() && f.from.is_none());
        assert_eq!(f.alliance.as_deref(), Some("sco"));
    }
}
