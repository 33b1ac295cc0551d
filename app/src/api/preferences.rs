//! The reader's interface language, kept in a cookie so it works for anonymous visitors.
use super::error::AppError;
use leptos::prelude::*;

/// Remembers the chosen interface language for a year. A plain form post (no JavaScript)
/// is redirected back to the page it came from.
#[server(endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    use crate::i18n::{Locale, LANG_COOKIE};
    use crate::server::{error::ServiceError, glue::respond};
    let locale = Locale::parse(&lang).ok_or_else(|| {
        respond(ServiceError::invalid(
            "lang",
            crate::domain::validation::Problem::Malformed,
        ))
    })?;
    // The value is one of three fixed codes, so the header is always valid.
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        locale.code()
    );
    if let (Ok(value), Some(res)) = (
        http::HeaderValue::from_str(&cookie),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        res.append_header(http::header::SET_COOKIE, value);
    }
    Ok(())
}
