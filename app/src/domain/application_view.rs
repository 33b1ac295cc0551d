//! What the application pages show and send: the applicant's form, the application page and
//! the inbox — and the rules a submission must pass, checked here without I/O. The coordinators'
//! queues are in `queue_view`.
use super::application::{Action, Party, State};
use super::opportunity::LanguageRequirement;
use super::opportunity_form::CEFR;
use super::validation::{Errors, FieldError, Problem};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Shortest motivation a submission accepts (characters; Chinese says much in few).
pub const MOTIVATION_MIN: usize = 30;
/// Longest motivation, message, note or reason.
pub const TEXT_MAX: usize = 4000;
/// Longest reason given with a decision.
pub const REASON_MAX: usize = 1000;

/// The applicant's part of an application, as posted (`f[motivation]`, `f[lang.en]`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationForm {
    #[serde(default)]
    pub motivation: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub year_of_study: String,
    /// The applicant's CEFR level per language of instruction.
    #[serde(default)]
    pub languages: BTreeMap<String, String>,
}

/// A saved draft's values, checked for length and shape only (a draft may be incomplete).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftValues {
    pub motivation: String,
    pub level: String,
    pub year_of_study: Option<i64>,
    /// `"en:B2,ru:B1"`.
    pub languages: String,
}

impl ApplicationForm {
    /// The values to store, or every problem at once.
    pub fn draft(&self, levels: &[&str]) -> Result<DraftValues, Vec<FieldError>> {
        let mut e = Errors::default();
        let motivation = self.motivation.trim().replace("\r\n", "\n");
        let motivation = e.check(
            "motivation",
            if motivation.chars().count() > TEXT_MAX {
                Err(Problem::TooLong)
            } else {
                Ok(motivation)
            },
        );
        let level = e.check(
            "level",
            match self.level.trim() {
                "" => Ok(String::new()),
                l if levels.contains(&l) => Ok(l.to_string()),
                _ => Err(Problem::Unknown),
            },
        );
        let year = e.check(
            "year_of_study",
            match self.year_of_study.trim() {
                "" => Ok(None),
                y => match y.parse::<i64>() {
                    Ok(n) if (1..=12).contains(&n) => Ok(Some(n)),
                    Ok(_) => Err(Problem::TooSmall),
                    Err(_) => Err(Problem::Malformed),
                },
            },
        );
        let mut languages = Vec::new();
        for (lang, level) in &self.languages {
            let level = level.trim();
            if level.is_empty() {
                continue;
            }
            if !CEFR.contains(&level) || !matches!(lang.as_str(), "en" | "ru" | "zh") {
                e.0.push(FieldError::new(&format!("lang.{lang}"), Problem::Unknown));
            } else {
                languages.push(format!("{lang}:{level}"));
            }
        }
        e.finish(|| {
            Some(DraftValues {
                motivation: motivation?,
                level: level?,
                year_of_study: year?,
                languages: languages.join(","),
            })
        })
    }
}

/// What a submission is checked against.
pub struct SubmissionFacts<'a> {
    pub motivation: &'a str,
    pub level: &'a str,
    pub year_of_study: Option<i64>,
    pub languages: &'a [LanguageRequirement],
    pub required_languages: &'a [LanguageRequirement],
    pub eligible_levels: &'a [String],
    pub required_documents: &'a [String],
    pub uploaded_documents: &'a [String],
    pub window_open: bool,
}

/// Every reason a draft cannot be submitted yet, on its field.
pub fn check_submission(f: &SubmissionFacts<'_>) -> Result<(), Vec<FieldError>> {
    let mut e = Vec::new();
    let mut refuse = |field: &str, p: Problem| e.push(FieldError::new(field, p));
    if !f.window_open {
        refuse("form", Problem::WindowClosed);
    }
    match f.motivation.chars().count() {
        0 => refuse("motivation", Problem::Required),
        n if n < MOTIVATION_MIN => refuse("motivation", Problem::TooShort),
        _ => {}
    }
    if f.level.is_empty() {
        refuse("level", Problem::Required);
    } else if !f.eligible_levels.iter().any(|l| l == f.level) {
        refuse("level", Problem::NotEligible);
    }
    if f.level != "faculty" && f.year_of_study.is_none() {
        refuse("year_of_study", Problem::Required);
    }
    for r in f.required_languages {
        if !f.languages.iter().any(|l| l.language == r.language) {
            refuse(&format!("lang.{}", r.language), Problem::Required);
        }
    }
    for d in f.required_documents {
        if !f.uploaded_documents.contains(d) {
            refuse(&format!("doc.{d}"), Problem::Required);
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(e)
    }
}

/// One uploaded document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentLine {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub size_bytes: i64,
    pub created_at: i64,
}

/// One line of an application's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineItem {
    pub at: i64,
    /// `None`: the platform.
    pub actor: Option<String>,
    /// `move`, `message` or `note`.
    pub kind: String,
    pub action: Option<Action>,
    pub from: Option<State>,
    pub to: Option<State>,
    pub body: String,
}

/// The application page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub id: i64,
    pub state: State,
    pub party: Party,
    pub opportunity_id: i64,
    pub opportunity_title: String,
    pub host_name: String,
    pub home_name: String,
    pub applicant_name: String,
    pub applicant_email: String,
    pub form: ApplicationForm,
    pub required_languages: Vec<LanguageRequirement>,
    pub eligible_levels: Vec<String>,
    pub required_documents: Vec<String>,
    pub documents: Vec<DocumentLine>,
    pub timeline: Vec<TimelineItem>,
    /// The moves this reader may make now, and no others.
    pub actions: Vec<Action>,
    pub reason: Option<String>,
    pub offer_expires_at: Option<i64>,
    pub closes_at: i64,
    pub rank: Option<i64>,
    /// The applicant may change the form and the documents (a draft).
    pub editable: bool,
    /// Coordinators see and write internal notes.
    pub notes: bool,
    /// The reader may write on the application (its applicant and its coordinators).
    pub may_message: bool,
    pub max_document_bytes: i64,
}

/// One of the reader's own applications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyLine {
    pub id: i64,
    pub opportunity_title: String,
    pub host_name: String,
    pub state: State,
    pub updated_at: i64,
    pub offer_expires_at: Option<i64>,
}

/// One notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub id: i64,
    pub application_id: i64,
    /// An action code, or `message`.
    pub kind: String,
    pub opportunity_title: String,
    pub at: i64,
    pub read: bool,
}

/// The reader's inbox, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub items: Vec<InboxItem>,
    pub unread: i64,
}

/// Unread notifications are counted up to this many: the count reads at most this many index
/// entries however full an inbox is, and a menu shows "99+".
pub const UNREAD_MAX: i64 = 100;

/// The menu's badge for `unread` notifications counted up to [`UNREAD_MAX`].
pub fn unread_badge(unread: i64) -> String {
    if unread >= UNREAD_MAX {
        format!("{}+", UNREAD_MAX - 1)
    } else {
        unread.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unread_badge_stops_at_99_plus() {
        assert_eq!(unread_badge(7), "7");
        assert_eq!(unread_badge(UNREAD_MAX - 1), "99");
        assert_eq!(unread_badge(UNREAD_MAX), "99+");
    }

    fn req(l: &str) -> LanguageRequirement {
        LanguageRequirement {
            language: l.into(),
            level: "B2".into(),
        }
    }

    #[test]
    fn a_draft_may_be_incomplete_but_not_malformed() {
        let f = ApplicationForm::default();
        assert_eq!(f.draft(&["master"]).map(|d| d.languages), Ok(String::new()));
        let f = ApplicationForm {
            motivation: "x".repeat(TEXT_MAX + 1),
            level: "emperor".into(),
            year_of_study: "0".into(),
            languages: [("en".into(), "Z9".into()), ("ru".into(), "B1".into())].into(),
        };
        let fields: Vec<String> = f
            .draft(&["master"])
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["motivation", "level", "year_of_study", "lang.en"]);
    }

    #[test]
    fn a_submission_needs_everything_the_opportunity_asks() {
        let eligible = vec!["master".to_string()];
        let docs = vec!["cv".to_string(), "transcript".to_string()];
        let uploaded = vec!["cv".to_string()];
        let required = vec![req("en"), req("ru")];
        let mine = vec![req("en")];
        let facts = SubmissionFacts {
            motivation: "short",
            level: "bachelor",
            year_of_study: None,
            languages: &mine,
            required_languages: &required,
            eligible_levels: &eligible,
            required_documents: &docs,
            uploaded_documents: &uploaded,
            window_open: false,
        };
        let got: Vec<(String, Problem)> = check_submission(&facts)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            got,
            [
                ("form".to_string(), Problem::WindowClosed),
                ("motivation".to_string(), Problem::TooShort),
                ("level".to_string(), Problem::NotEligible),
                ("year_of_study".to_string(), Problem::Required),
                ("lang.ru".to_string(), Problem::Required),
                ("doc.transcript".to_string(), Problem::Required),
            ]
        );
        let all_docs = docs.clone();
        let ok = SubmissionFacts {
            motivation: &"m".repeat(MOTIVATION_MIN),
            level: "master",
            year_of_study: Some(2),
            languages: &required,
            uploaded_documents: &all_docs,
            window_open: true,
            ..facts
        };
        assert_eq!(check_submission(&ok), Ok(()));
    }
}
