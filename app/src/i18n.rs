//! Interface languages. Messages come from `locales/*.toml` through the generated `Key` enum
//! (see `build.rs`); this module adds the `Locale` type, language negotiation and formatting.
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/i18n.rs"));

/// Name of the cookie that keeps the reader's chosen language.
pub const LANG_COOKIE: &str = "lang";

/// An interface language. English is the fallback for everything.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    Ru,
    Zh,
}

impl Locale {
    /// Every supported language, in the order the switcher shows them.
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Ru, Locale::Zh];

    /// The BCP 47 tag used in `<html lang>`, cookies and forms.
    pub const fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ru => "ru",
            Locale::Zh => "zh",
        }
    }

    /// Reads a language tag such as `ru`, `ru-RU`, `zh-Hans-CN` or `EN`.
    pub fn parse(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "ru" => Some(Locale::Ru),
            "zh" => Some(Locale::Zh),
            _ => None,
        }
    }

    /// Picks the best supported language from an `Accept-Language` header (RFC 9110 q-values).
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut best: Option<(Locale, f32)> = None;
        for item in accept_language.split(',') {
            let mut parts = item.split(';');
            let Some(locale) = parts.next().and_then(Locale::parse) else {
                continue;
            };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(_, bq)| q > bq) {
                best = Some((locale, q));
            }
        }
        best.map(|(l, _)| l)
    }

    /// The message for `key` in this language.
    pub fn text(self, key: Key) -> &'static str {
        let table = match self {
            Locale::En => &EN,
            Locale::Ru => &RU,
            Locale::Zh => &ZH,
        };
        table[key as usize]
    }

    /// The message for `key` with `{name}` placeholders replaced.
    pub fn fill(self, key: Key, args: &[(&str, &str)]) -> String {
        let mut out = self.text(key).to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// Formats an ISO date (`YYYY-MM-DD`) the way this language writes dates; anything
    /// that is not such a date is returned unchanged.
    pub fn long_date(self, iso: &str) -> String {
        const MONTHS: [Key; 12] = [
            Key::MonthM01,
            Key::MonthM02,
            Key::MonthM03,
            Key::MonthM04,
            Key::MonthM05,
            Key::MonthM06,
            Key::MonthM07,
            Key::MonthM08,
            Key::MonthM09,
            Key::MonthM10,
            Key::MonthM11,
            Key::MonthM12,
        ];
        let mut it = iso.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (it.next(), it.next(), it.next()) else {
            return iso.to_string();
        };
        let (Ok(year), Ok(month), Ok(day)) =
            (y.parse::<u32>(), m.parse::<usize>(), d.parse::<u32>())
        else {
            return iso.to_string();
        };
        let Some(month_key) = month.checked_sub(1).and_then(|i| MONTHS.get(i)) else {
            return iso.to_string();
        };
        self.fill(
            Key::DateLong,
            &[
                ("day", &day.to_string()),
                ("month", self.text(*month_key)),
                ("year", &year.to_string()),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_exists_in_every_language() {
        assert!(
            MISSING.is_empty(),
            "keys missing from locale files: {MISSING:?}"
        );
    }

    #[test]
    fn every_message_is_non_empty() {
        for locale in Locale::ALL {
            let table = match locale {
                Locale::En => &EN,
                Locale::Ru => &RU,
                Locale::Zh => &ZH,
            };
            for (i, text) in table.iter().enumerate() {
                assert!(
                    !text.trim().is_empty(),
                    "{} message #{i} is empty",
                    locale.code()
                );
            }
        }
    }

    #[test]
    fn negotiates_accept_language_by_quality() {
        assert_eq!(
            Locale::negotiate("zh-CN,zh;q=0.9,en;q=0.8"),
            Some(Locale::Zh)
        );
        assert_eq!(
            Locale::negotiate("de-DE, ru;q=0.7, en;q=0.5"),
            Some(Locale::Ru)
        );
        assert_eq!(Locale::negotiate("en;q=0.2, ru-RU;q=0.9"), Some(Locale::Ru));
        assert_eq!(Locale::negotiate("fr, de"), None);
        assert_eq!(Locale::negotiate("ru;q=0"), None);
        assert_eq!(Locale::negotiate(""), None);
    }

    #[test]
    fn parses_tags() {
        assert_eq!(Locale::parse("zh-Hans-CN"), Some(Locale::Zh));
        assert_eq!(Locale::parse("RU"), Some(Locale::Ru));
        assert_eq!(Locale::parse("kk"), None);
    }

    #[test]
    fn formats_dates_per_language() {
        assert_eq!(Locale::En.long_date("2014-07-01"), "1 July 2014");
        assert_eq!(Locale::Ru.long_date("2022-11-10"), "10 ноября 2022 г.");
        assert_eq!(Locale::Zh.long_date("2014-07-01"), "2014年7月1日");
        assert_eq!(Locale::En.long_date("2014-13-01"), "2014-13-01");
        assert_eq!(Locale::En.long_date("soon"), "soon");
    }
}
