//! Countries of the alliances' members, by ISO 3166-1 alpha-2 code.
use crate::i18n::Key;

/// The message key of a country's name, when the country is one the alliances have members in.
pub fn country_name_key(code: &str) -> Option<Key> {
    Some(match code {
        "CN" => Key::CountryCN,
        "RU" => Key::CountryRU,
        "KZ" => Key::CountryKZ,
        "IR" => Key::CountryIR,
        "UZ" => Key::CountryUZ,
        "KG" => Key::CountryKG,
        "TJ" => Key::CountryTJ,
        "IN" => Key::CountryIN,
        "PK" => Key::CountryPK,
        "BY" => Key::CountryBY,
        _ => return None,
    })
}

/// The country's name in the reader's language, or the code itself for an unknown country.
pub fn country_name(locale: crate::i18n::Locale, code: &str) -> String {
    country_name_key(code).map_or_else(|| code.to_string(), |k| locale.text(k).to_string())
}
