//! Registration, e-mail verification, signing in and out, password reset. Thin: each reads the
//! request context, calls one service, maps the error, and says where the browser goes next.
use super::error::AppError;
use crate::domain::account::LoginStep;
use leptos::prelude::*;

/// Creates an account and sends the verification e-mail.
#[server(endpoint = "register")]
pub async fn register(
    email: String,
    password: String,
    name_latin: String,
    name_native: String,
    university_id: String,
    level: String,
    locale: String,
) -> Result<(), AppError> {
    use crate::domain::account::RegistrationInput;
    use crate::server::{glue, services::auth};
    let (state, ctx) = glue::context()?;
    let input = RegistrationInput {
        email,
        password,
        name_latin,
        name_native,
        university_id,
        level,
        locale,
    };
    let keep = [
        ("email", input.email.as_str()),
        ("name_latin", &input.name_latin),
        ("name_native", &input.name_native),
        ("university_id", &input.university_id),
        ("level", &input.level),
    ];
    match auth::register(&state, &ctx, &input).await {
        Ok(()) => {
            glue::go("/register?sent=1");
            Ok(())
        }
        Err(e) => Err(glue::respond_form(e, &keep)),
    }
}

/// Confirms an address with the token from the e-mail (a POST from the page the link opens).
#[server(endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    use crate::server::{glue, services::auth};
    let (state, ctx) = glue::context()?;
    auth::verify_email(&state, &ctx, &token)
        .await
        .map_err(glue::respond)?;
    glue::go("/login?verified=1");
    Ok(())
}

/// Sends a new verification link (same answer for every address).
#[server(endpoint = "resend_verification")]
pub async fn resend_verification(email: String) -> Result<(), AppError> {
    use crate::server::{glue, services::account_links};
    let (state, ctx) = glue::context()?;
    account_links::resend_verification(&state, &ctx, &email)
        .await
        .map_err(|e| glue::respond_form(e, &[("email", &email)]))?;
    glue::go("/login?resent=1");
    Ok(())
}

/// The password step of signing in. `next` is where to go afterwards (a path on this site).
#[server(endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<LoginStep, AppError> {
    use crate::server::{glue, services::auth};
    let (state, ctx) = glue::context()?;
    let step = auth::login(&state, &ctx, &email, &password)
        .await
        .map_err(|e| glue::respond_form(e, &[("email", &email)]))?;
    match step {
        LoginStep::SignedIn => glue::go(&safe_next(next.as_deref())),
        LoginStep::SecondFactor => glue::go("/login/code"),
    }
    Ok(step)
}

/// The TOTP step of signing in.
#[server(endpoint = "login_code")]
pub async fn login_code(code: String) -> Result<(), AppError> {
    use crate::server::{glue, services::auth};
    let (state, ctx) = glue::context()?;
    auth::second_factor(&state, &ctx, &code)
        .await
        .map_err(glue::respond)?;
    glue::go("/account");
    Ok(())
}

/// Signs out: the session ends here and in the database.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::{glue, services::auth};
    let (state, ctx) = glue::context()?;
    auth::logout(&state, &ctx).await.map_err(glue::respond)?;
    glue::go("/");
    Ok(())
}

/// Sends a reset link when the address has an account (same answer otherwise).
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::server::{glue, services::account_links};
    let (state, ctx) = glue::context()?;
    account_links::request_reset(&state, &ctx, &email)
        .await
        .map_err(|e| glue::respond_form(e, &[("email", &email)]))?;
    glue::go("/reset?sent=1");
    Ok(())
}

/// Sets a new password with the token from the reset e-mail.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::server::{glue, services::auth};
    let (state, ctx) = glue::context()?;
    auth::reset_password(&state, &ctx, &token, &password)
        .await
        .map_err(|e| glue::respond_form(e, &[("token", &token)]))?;
    glue::go("/login?reset=1");
    Ok(())
}

/// Where to go after signing in: `next` when it is a path on this site
/// ([`crate::url::local_target`]), else `/account`.
pub fn safe_next(next: Option<&str>) -> String {
    next.and_then(crate::url::local_target)
        .unwrap_or_else(|| "/account".to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(super::safe_next(Some("/admin")), "/admin");
        assert_eq!(super::safe_next(Some("//evil.example")), "/account");
        assert_eq!(super::safe_next(Some("/\t/evil.example/")), "/account");
        assert_eq!(super::safe_next(Some("https://evil.example")), "/account");
        assert_eq!(super::safe_next(None), "/account");
    }
}
