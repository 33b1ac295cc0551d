//! The signed-in user's own account.
use super::error::AppError;
use crate::domain::account::{AccountView, Me, MyData, TotpSetup};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The signed-in user for the page header; `None` when anonymous.
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    use crate::server::{glue, services::account};
    let (state, ctx) = glue::context()?;
    account::me(&state, &ctx).await.map_err(glue::respond)
}

/// The account page's data.
#[server(endpoint = "my_account")]
pub async fn my_account() -> Result<AccountView, AppError> {
    use crate::server::{glue, services::account};
    let (state, ctx) = glue::context()?;
    account::account(&state, &ctx).await.map_err(glue::respond)
}

/// Saves name, home university, level and language.
#[server(endpoint = "update_profile")]
pub async fn update_profile(
    name_latin: String,
    name_native: String,
    university_id: String,
    level: String,
    locale: String,
) -> Result<(), AppError> {
    use crate::server::{glue, services::account};
    let (state, ctx) = glue::context()?;
    let input = account::ProfileInput {
        name_latin,
        name_native,
        university_id,
        level,
        locale,
    };
    account::update_profile(&state, &ctx, &input)
        .await
        .map_err(glue::respond)?;
    glue::go("/account?saved=profile");
    Ok(())
}

/// Changes the password; other sessions end.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::server::{glue, services::account};
    let (state, ctx) = glue::context()?;
    account::change_password(&state, &ctx, &current_password, &new_password)
        .await
        .map_err(glue::respond)?;
    glue::go("/account?saved=password");
    Ok(())
}

/// Starts a change of e-mail address (confirmed from the new address).
#[server(endpoint = "change_email")]
pub async fn change_email(password: String, new_email: String) -> Result<(), AppError> {
    use crate::server::{glue, services::account_security};
    let (state, ctx) = glue::context()?;
    account_security::change_email(&state, &ctx, &password, &new_email)
        .await
        .map_err(|e| glue::respond_form(e, &[("new_email", &new_email)]))?;
    glue::go("/account?saved=email_sent");
    Ok(())
}

/// Completes a change of address with the token from the e-mail.
#[server(endpoint = "confirm_email_change")]
pub async fn confirm_email_change(token: String) -> Result<(), AppError> {
    use crate::server::{glue, services::account_security};
    let (state, ctx) = glue::context()?;
    account_security::confirm_email_change(&state, &ctx, &token)
        .await
        .map_err(glue::respond)?;
    glue::go("/account?saved=email");
    Ok(())
}

/// Creates a TOTP secret to set up (kept in the session until confirmed).
#[server(endpoint = "begin_totp")]
pub async fn begin_totp() -> Result<(), AppError> {
    use crate::server::{glue, services::account_security};
    let (state, ctx) = glue::context()?;
    account_security::begin_totp(&state, &ctx)
        .await
        .map_err(glue::respond)?;
    glue::go("/account/totp");
    Ok(())
}

/// The TOTP secret being set up, to show with its `otpauth://` link.
#[server(endpoint = "pending_totp_setup")]
pub async fn pending_totp_setup() -> Result<Option<TotpSetup>, AppError> {
    use crate::server::{auth, error, glue};
    let (state, ctx) = glue::context()?;
    let (_, user) = state
        .current(&ctx.session)
        .await
        .map_err(glue::respond)?
        .ok_or_else(|| glue::respond(error::ServiceError::Unauthenticated))?;
    let secret = auth::totp_setup(&ctx.session)
        .await
        .map_err(glue::respond)?;
    Ok(secret.and_then(|secret| {
        let url = auth::totp::setup_url(&secret, &user.email)?;
        let qr = auth::totp::setup_qr(&url);
        Some(TotpSetup { secret, url, qr })
    }))
}

/// Turns TOTP on with a code from the app.
#[server(endpoint = "enable_totp")]
pub async fn enable_totp(code: String) -> Result<(), AppError> {
    use crate::server::{glue, services::account_security};
    let (state, ctx) = glue::context()?;
    account_security::enable_totp(&state, &ctx, &code)
        .await
        .map_err(glue::respond)?;
    glue::go("/account?saved=totp");
    Ok(())
}

/// Turns TOTP off (needs the password).
#[server(endpoint = "disable_totp")]
pub async fn disable_totp(password: String) -> Result<(), AppError> {
    use crate::server::{glue, services::account_security};
    let (state, ctx) = glue::context()?;
    account_security::disable_totp(&state, &ctx, &password)
        .await
        .map_err(glue::respond)?;
    glue::go("/account?saved=totp_off");
    Ok(())
}

/// Everything kept about me, as a JSON download (a GET: it changes nothing).
#[server(endpoint = "export_my_data", input = GetUrl)]
pub async fn export_my_data() -> Result<MyData, AppError> {
    use crate::server::{glue, services::account};
    let (state, ctx) = glue::context()?;
    let data = account::export(&state, &ctx).await.map_err(glue::respond)?;
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(
            http::header::CONTENT_DISPOSITION,
            http::HeaderValue::from_static(
                "attachment; filename=\"alliance-mobility-my-data.json\"",
            ),
        );
    }
    Ok(data)
}

/// Deletes (anonymises) my account; needs the password and the confirmation box.
#[server(endpoint = "delete_account")]
pub async fn delete_account(password: String, confirm: Option<String>) -> Result<(), AppError> {
    use crate::server::{glue, services::account};
    let (state, ctx) = glue::context()?;
    account::delete_account(&state, &ctx, &password, confirm.is_some())
        .await
        .map_err(glue::respond)?;
    glue::go("/?deleted=1");
    Ok(())
}
