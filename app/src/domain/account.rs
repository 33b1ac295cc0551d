//! Account values, parsed once at the boundary: past `parse`, an `Email` is well-formed and
//! lower-cased, a `NewPassword` is long enough and not common, a name is trimmed and bounded.
use super::validation::{Errors, FieldError, Problem};
use serde::{Deserialize, Serialize};

// What the account, sign-in and administration pages show (kept with these values).
pub use super::account_view::*;

/// Shortest password accepted (NIST SP 800-63B).
pub const PASSWORD_MIN: usize = 8;
/// Longest password accepted; long passphrases are welcome, megabytes are not.
pub const PASSWORD_MAX: usize = 128;
const NAME_MAX: usize = 120;

/// A syntactically valid, lower-cased e-mail address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, Problem> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(Problem::Required);
        }
        if s.len() > 254 {
            return Err(Problem::TooLong);
        }
        let (local, domain) = s.split_once('@').ok_or(Problem::Malformed)?;
        let ok = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !s
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
            && !domain.contains('@');
        if ok {
            Ok(Email(s))
        } else {
            Err(Problem::Malformed)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password a user chose; its `Debug` never shows it.
#[derive(Clone)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

impl NewPassword {
    /// Length rules only; `is_common` is the bundled common-password check (server side).
    pub fn parse(raw: &str, is_common: impl Fn(&str) -> bool) -> Result<NewPassword, Problem> {
        let len = raw.chars().count();
        if len == 0 {
            Err(Problem::Required)
        } else if len < PASSWORD_MIN {
            Err(Problem::TooShort)
        } else if len > PASSWORD_MAX {
            Err(Problem::TooLong)
        } else if is_common(raw) || is_common(&raw.to_lowercase()) {
            Err(Problem::CommonPassword)
        } else {
            Ok(NewPassword(raw.to_string()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A person's name: trimmed, non-empty when required, bounded.
pub fn parse_name(raw: &str, required: bool) -> Result<String, Problem> {
    let s = crate::domain::validation::without_bidi_controls(raw);
    let s = s.trim();
    if s.is_empty() && required {
        Err(Problem::Required)
    } else if s.chars().count() > NAME_MAX {
        Err(Problem::TooLong)
    } else if s.chars().any(char::is_control) {
        Err(Problem::Malformed)
    } else {
        Ok(s.to_string())
    }
}

/// Where an applicant is in their studies (or that they teach).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    Bachelor,
    Master,
    Resident,
    Phd,
    Faculty,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::Bachelor,
        Level::Master,
        Level::Resident,
        Level::Phd,
        Level::Faculty,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Level::Bachelor => "bachelor",
            Level::Master => "master",
            Level::Resident => "resident",
            Level::Phd => "phd",
            Level::Faculty => "faculty",
        }
    }

    pub fn parse(code: &str) -> Result<Level, Problem> {
        if code.trim().is_empty() {
            return Err(Problem::Required);
        }
        Level::ALL
            .into_iter()
            .find(|l| l.code() == code.trim())
            .ok_or(Problem::Malformed)
    }

    pub const fn label(self) -> crate::i18n::Key {
        use crate::i18n::Key;
        match self {
            Level::Bachelor => Key::LevelBachelor,
            Level::Master => Key::LevelMaster,
            Level::Resident => Key::LevelResident,
            Level::Phd => Key::LevelPhd,
            Level::Faculty => Key::LevelFaculty,
        }
    }
}

/// The registration form as typed.
#[derive(Clone, Debug, Default)]
pub struct RegistrationInput {
    pub email: String,
    pub password: String,
    pub name_latin: String,
    pub name_native: String,
    pub university_id: String,
    pub level: String,
    pub locale: String,
}

/// A registration that passed every field check.
#[derive(Debug)]
pub struct Registration {
    pub email: Email,
    pub password: NewPassword,
    pub name_latin: String,
    pub name_native: String,
    pub university_id: i64,
    pub level: Level,
    pub locale: crate::i18n::Locale,
}

impl Registration {
    /// Checks every field and reports all problems at once.
    pub fn parse(
        input: &RegistrationInput,
        is_common: impl Fn(&str) -> bool,
    ) -> Result<Registration, Vec<FieldError>> {
        let mut e = Errors::default();
        let email = e.check("email", Email::parse(&input.email));
        let password = e.check("password", NewPassword::parse(&input.password, is_common));
        let name_latin = e.check(
            "name_latin",
            parse_name(&input.name_latin, true).and_then(latin_only),
        );
        let name_native = e.check("name_native", parse_name(&input.name_native, false));
        let university_id = e.check(
            "university_id",
            match input.university_id.trim() {
                "" => Err(Problem::Required),
                s => s.parse::<i64>().map_err(|_| Problem::Malformed),
            },
        );
        let level = e.check("level", Level::parse(&input.level));
        let locale = e.check(
            "locale",
            crate::i18n::Locale::parse(&input.locale).ok_or(Problem::Malformed),
        );
        e.finish(|| {
            Some(Registration {
                email: email?,
                password: password?,
                name_latin: name_latin?,
                name_native: name_native?,
                university_id: university_id?,
                level: level?,
                locale: locale?,
            })
        })
    }
}

/// The Latin-script name is what passports and certificates carry: letters of the Latin
/// alphabet (with diacritics), spaces, hyphens, apostrophes and dots.
fn latin_only(name: String) -> Result<String, Problem> {
    let ok = name.chars().all(|c| {
        c.is_ascii_alphabetic()
            || matches!(c, ' ' | '-' | '\'' | '.' | '’')
            || ('\u{00C0}'..='\u{024F}').contains(&c)
    });
    if ok {
        Ok(name)
    } else {
        Err(Problem::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never_common(_: &str) -> bool {
        false
    }

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(
            Email::parse("  Li.Wei@HMU.edu.CN ").map(|e| e.0),
            Ok("li.wei@hmu.edu.cn".into())
        );
        assert_eq!(Email::parse(""), Err(Problem::Required));
        assert_eq!(Email::parse("no-at-sign"), Err(Problem::Malformed));
        assert_eq!(Email::parse("a@b"), Err(Problem::Malformed));
        assert_eq!(Email::parse("a b@c.d"), Err(Problem::Malformed));
    }

    #[test]
    fn passwords_have_length_rules_and_no_composition_rules() {
        assert_eq!(
            NewPassword::parse("short", never_common).err(),
            Some(Problem::TooShort)
        );
        assert!(NewPassword::parse("allsmallletters", never_common).is_ok());
        assert!(NewPassword::parse(&"я".repeat(64), never_common).is_ok());
        assert_eq!(
            NewPassword::parse(&"x".repeat(PASSWORD_MAX + 1), never_common).err(),
            Some(Problem::TooLong)
        );
        assert_eq!(
            NewPassword::parse("Password1", |p| p == "password1").err(),
            Some(Problem::CommonPassword)
        );
        assert!(
            !format!("{:?}", NewPassword::parse("secret-words", never_common)).contains("secret")
        );
    }

    #[test]
    fn registration_reports_every_bad_field() {
        let input = RegistrationInput {
            email: "bad".into(),
            password: "short".into(),
            name_latin: "Ли Вэй".into(),
            university_id: "".into(),
            level: "wizard".into(),
            locale: "ru".into(),
            ..Default::default()
        };
        let errors = Registration::parse(&input, never_common).expect_err("invalid");
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("email", Problem::Malformed),
                ("password", Problem::TooShort),
                ("name_latin", Problem::Malformed),
                ("university_id", Problem::Required),
                ("level", Problem::Malformed),
            ]
        );
    }
}
