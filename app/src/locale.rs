//! The reader's language inside the Leptos tree: chosen once per page load, kept in context.
//!
//! On the server it comes from the `lang` cookie, else `Accept-Language`, else English; the
//! shell writes it into `<html lang>`, and the browser reads it back from there when hydrating,
//! so both sides render the same text.
use crate::i18n::{Key, Locale};
use leptos::prelude::*;

/// The language for this request (server) or this page (browser).
pub fn detect_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| locale_from_headers(&parts.headers))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|lang| Locale::parse(&lang))
            .unwrap_or_default()
    }
}

/// The language a request asks for: the `lang` cookie, else `Accept-Language`, else English.
#[cfg(feature = "ssr")]
pub fn locale_from_headers(headers: &http::HeaderMap) -> Locale {
    use crate::i18n::LANG_COOKIE;
    let from_cookie = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Locale::parse(value));
    from_cookie
        .or_else(|| {
            headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or_default()
}

/// The language provided by `App`.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The message for `key` in the reader's language.
pub fn t(key: Key) -> &'static str {
    use_locale().text(key)
}
