//! The reader's interface language, kept in a cookie so it works for anonymous visitors.
use super::error::AppError;
use leptos::prelude::*;

/// Remembers the chosen interface language for a year. A plain form post (no JavaScript)
/// is redirected back to the page it came from.
#[server(endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    use crate::i18n::{Locale, LANG_COOKIE};
    let locale = Locale::parse(&lang).ok_or(AppError::Invalid {
        field: "lang".into(),
    })?;
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        locale.code()
    );
    let res = expect_context::<leptos_axum::ResponseOptions>();
    match http::HeaderValue::from_str(&cookie) {
        Ok(value) => res.append_header(http::header::SET_COOKIE, value),
        Err(_) => return Err(AppError::Internal),
    }
    Ok(())
}
