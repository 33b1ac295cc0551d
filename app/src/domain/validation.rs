//! Field-level validation results: which form field is wrong and why, as codes that survive a
//! round trip through JSON (with JavaScript) and through a redirect's query string (without).
use crate::i18n::Key;
use serde::{Deserialize, Serialize};

/// Why a value was refused. Each maps to one translated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooShort,
    TooLong,
    Malformed,
    CommonPassword,
    Taken,
    Mismatch,
    WrongPassword,
    BadCode,
    Expired,
    Credentials,
    Unverified,
    Disabled,
    Unknown,
    EndBeforeStart,
    ClosesBeforeOpens,
    ClosesAfterStart,
    TooSmall,
    OverCapacity,
    ChooseOne,
    Stale,
    FileType,
    FileTooLarge,
    WindowClosed,
    NotEligible,
    AlreadyApplied,
    NoPlace,
    QuotaReached,
    SameUniversity,
    Unmatched,
    Locked,
    NoAgreement,
    AgreementApproved,
    RecognitionPending,
    /// The application holds as many documents as it may.
    TooManyDocuments,
    /// The application's documents together would pass their size limit.
    DocumentsTooLarge,
    /// Too many uploads in a short time.
    UploadsTooFast,
    /// The form could not be read at all (missing or malformed fields in the request).
    Unreadable,
    /// A date that must already have passed lies in the future.
    InFuture,
}

impl Problem {
    const ALL: [Problem; 39] = [
        Problem::Required,
        Problem::TooShort,
        Problem::TooLong,
        Problem::Malformed,
        Problem::CommonPassword,
        Problem::Taken,
        Problem::Mismatch,
        Problem::WrongPassword,
        Problem::BadCode,
        Problem::Expired,
        Problem::Credentials,
        Problem::Unverified,
        Problem::Disabled,
        Problem::Unknown,
        Problem::EndBeforeStart,
        Problem::ClosesBeforeOpens,
        Problem::ClosesAfterStart,
        Problem::TooSmall,
        Problem::OverCapacity,
        Problem::ChooseOne,
        Problem::Stale,
        Problem::FileType,
        Problem::FileTooLarge,
        Problem::WindowClosed,
        Problem::NotEligible,
        Problem::AlreadyApplied,
        Problem::NoPlace,
        Problem::QuotaReached,
        Problem::SameUniversity,
        Problem::Unmatched,
        Problem::Locked,
        Problem::NoAgreement,
        Problem::AgreementApproved,
        Problem::RecognitionPending,
        Problem::TooManyDocuments,
        Problem::DocumentsTooLarge,
        Problem::UploadsTooFast,
        Problem::Unreadable,
        Problem::InFuture,
    ];

    /// The stable code used in URLs.
    pub const fn code(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooShort => "too_short",
            Problem::TooLong => "too_long",
            Problem::Malformed => "malformed",
            Problem::CommonPassword => "common",
            Problem::Taken => "taken",
            Problem::Mismatch => "mismatch",
            Problem::WrongPassword => "wrong_password",
            Problem::BadCode => "bad_code",
            Problem::Expired => "expired",
            Problem::Credentials => "credentials",
            Problem::Unverified => "unverified",
            Problem::Disabled => "disabled",
            Problem::Unknown => "unknown",
            Problem::EndBeforeStart => "end_before_start",
            Problem::ClosesBeforeOpens => "closes_before_opens",
            Problem::ClosesAfterStart => "closes_after_start",
            Problem::TooSmall => "too_small",
            Problem::OverCapacity => "over_capacity",
            Problem::ChooseOne => "choose_one",
            Problem::Stale => "stale",
            Problem::FileType => "file_type",
            Problem::FileTooLarge => "file_too_large",
            Problem::WindowClosed => "window_closed",
            Problem::NotEligible => "not_eligible",
            Problem::AlreadyApplied => "already_applied",
            Problem::NoPlace => "no_place",
            Problem::QuotaReached => "quota_reached",
            Problem::SameUniversity => "same_university",
            Problem::Unmatched => "unmatched",
            Problem::Locked => "locked",
            Problem::NoAgreement => "no_agreement",
            Problem::AgreementApproved => "agreement_approved",
            Problem::RecognitionPending => "recognition_pending",
            Problem::TooManyDocuments => "too_many_documents",
            Problem::DocumentsTooLarge => "documents_too_large",
            Problem::UploadsTooFast => "uploads_too_fast",
            Problem::Unreadable => "unreadable",
            Problem::InFuture => "in_future",
        }
    }

    /// The inverse of [`Problem::code`].
    pub fn parse(code: &str) -> Option<Problem> {
        Problem::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The message shown next to the field.
    pub const fn message(self) -> Key {
        match self {
            Problem::Required => Key::FieldRequired,
            Problem::TooShort => Key::FieldTooShort,
            Problem::TooLong => Key::FieldTooLong,
            Problem::Malformed => Key::FieldMalformed,
            Problem::CommonPassword => Key::FieldCommonPassword,
            Problem::Taken => Key::FieldTaken,
            Problem::Mismatch => Key::FieldMismatch,
            Problem::WrongPassword => Key::FieldWrongPassword,
            Problem::BadCode => Key::FieldBadCode,
            Problem::Expired => Key::FieldExpired,
            Problem::Credentials => Key::FieldCredentials,
            Problem::Unverified => Key::FieldUnverified,
            Problem::Disabled => Key::FieldDisabled,
            Problem::Unknown => Key::FieldUnknown,
            Problem::EndBeforeStart => Key::FieldEndBeforeStart,
            Problem::ClosesBeforeOpens => Key::FieldClosesBeforeOpens,
            Problem::ClosesAfterStart => Key::FieldClosesAfterStart,
            Problem::TooSmall => Key::FieldTooSmall,
            Problem::OverCapacity => Key::FieldOverCapacity,
            Problem::ChooseOne => Key::FieldChooseOne,
            Problem::Stale => Key::FieldStale,
            Problem::FileType => Key::FieldFileType,
            Problem::FileTooLarge => Key::FieldFileTooLarge,
            Problem::WindowClosed => Key::FieldWindowClosed,
            Problem::NotEligible => Key::FieldNotEligible,
            Problem::AlreadyApplied => Key::FieldAlreadyApplied,
            Problem::NoPlace => Key::FieldNoPlace,
            Problem::QuotaReached => Key::FieldQuotaReached,
            Problem::SameUniversity => Key::FieldSameUniversity,
            Problem::Unmatched => Key::FieldUnmatched,
            Problem::Locked => Key::FieldLocked,
            Problem::NoAgreement => Key::FieldNoAgreement,
            Problem::AgreementApproved => Key::FieldAgreementApproved,
            Problem::RecognitionPending => Key::FieldRecognitionPending,
            Problem::TooManyDocuments => Key::FieldTooManyDocuments,
            Problem::DocumentsTooLarge => Key::FieldDocumentsTooLarge,
            Problem::UploadsTooFast => Key::FieldUploadsTooFast,
            Problem::Unreadable => Key::FieldUnreadable,
            Problem::InFuture => Key::FieldInFuture,
        }
    }
}

/// One refused field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: &str, problem: Problem) -> FieldError {
        FieldError {
            field: field.to_string(),
            problem,
        }
    }
}

/// Whether `c` is a bidirectional embedding, override or isolate control (U+202A–U+202E,
/// U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` without bidirectional controls. In a name, a title or a file name they make text read
/// other than it is (`fdp.exe` after U+202E shows as `exe.pdf`) and can reorder the page around it; the
/// letters of any script, right-to-left ones included, show correctly without them.
pub fn without_bidi_controls(s: &str) -> String {
    s.chars().filter(|c| !is_bidi_control(*c)).collect()
}

/// An optional text typed into a form: without bidi controls, trimmed, with `\n` line ends;
/// `None` when empty, `TooLong` past `max` characters.
pub fn optional_text(s: Option<&String>, max: usize) -> Result<Option<String>, Problem> {
    let s = without_bidi_controls(s.map(String::as_str).unwrap_or_default());
    let s = s.trim();
    if s.chars().count() > max {
        Err(Problem::TooLong)
    } else {
        Ok((!s.is_empty()).then(|| s.replace("\r\n", "\n")))
    }
}

/// A required id typed into a form (a `<select>`'s value).
pub fn parse_id(s: &str) -> Result<i64, Problem> {
    match s.trim() {
        "" => Err(Problem::Required),
        s => s.parse().map_err(|_| Problem::Malformed),
    }
}

/// Collects the errors of a whole form, so the user sees every problem at once.
#[derive(Default, Debug)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    /// Keeps the value when `result` is valid, records the error otherwise.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Problem>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(p) => {
                self.0.push(FieldError::new(field, p));
                None
            }
        }
    }

    /// Whether `field` already has an error.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// `Ok(value)` when nothing was recorded.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            value().ok_or_else(|| vec![FieldError::new("form", Problem::Unknown)])
        } else {
            Err(self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Problem;

    #[test]
    fn bidi_controls_are_removed_and_letters_kept() {
        assert_eq!(
            super::without_bidi_controls("\u{202E}fdp.exe\u{2066}x\u{2069}"),
            "fdp.exex"
        );
        assert_eq!(super::without_bidi_controls("محمد رضا"), "محمد رضا");
        assert_eq!(super::without_bidi_controls("\u{200F}a"), "\u{200F}a");
    }

    #[test]
    fn codes_round_trip() {
        for p in Problem::ALL {
            assert_eq!(Problem::parse(p.code()), Some(p));
        }
        assert_eq!(Problem::parse("nonsense"), None);
    }
}
