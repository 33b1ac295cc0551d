//! Invitations to roles and the account list.
use super::error::AppError;
use crate::domain::account::{AdminScope, GrantLine, InvitationView, UserPage};
use leptos::prelude::*;

/// What the administration page offers the signed-in actor (403 for others).
#[server(endpoint = "administration")]
pub async fn administration() -> Result<AdminScope, AppError> {
    use crate::server::{glue, services::admin};
    let (state, ctx) = glue::context()?;
    admin::scope(&state, &ctx).await.map_err(glue::respond)
}

/// Invites someone to be staff of an alliance (with a term) or coordinator of a university.
#[server(endpoint = "invite")]
pub async fn invite(
    email: String,
    role: String,
    alliance_id: Option<String>,
    university_id: Option<String>,
    term_start: Option<String>,
    term_end: Option<String>,
    locale: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{glue, services::invitations};
    let (state, ctx) = glue::context()?;
    let input = invitations::InviteInput {
        email,
        role,
        alliance_id: alliance_id.unwrap_or_default(),
        university_id: university_id.unwrap_or_default(),
        term_start: term_start.unwrap_or_default(),
        term_end: term_end.unwrap_or_default(),
        locale: locale.unwrap_or_default(),
    };
    let keep = [("email", input.email.as_str())];
    invitations::invite(&state, &ctx, &input)
        .await
        .map_err(|e| glue::respond_form(e, &keep))?;
    glue::go("/admin?sent=1");
    Ok(())
}

/// An open invitation by its token (404 when used, expired or unknown).
#[server(endpoint = "invitation")]
pub async fn invitation(token: String) -> Result<InvitationView, AppError> {
    use crate::server::{glue, services::invitations};
    let (state, ctx) = glue::context()?;
    invitations::invitation(&state, &ctx, &token)
        .await
        .map_err(glue::respond)
}

/// Accepts an invitation (creating the account when the address has none).
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: String,
    name_latin: Option<String>,
    name_native: Option<String>,
    password: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{glue, services::invitations};
    let (state, ctx) = glue::context()?;
    let input = invitations::AcceptInput {
        token,
        name_latin: name_latin.unwrap_or_default(),
        name_native: name_native.unwrap_or_default(),
        password: password.unwrap_or_default(),
    };
    let keep = [
        ("name_latin", input.name_latin.as_str()),
        ("name_native", &input.name_native),
    ];
    invitations::accept(&state, &ctx, &input)
        .await
        .map_err(|e| glue::respond_form(e, &keep))?;
    glue::go("/account?saved=role");
    Ok(())
}

/// A page of accounts (administrators).
#[server(endpoint = "list_users")]
pub async fn list_users(page: Option<i64>) -> Result<UserPage, AppError> {
    use crate::server::{glue, services::admin};
    let (state, ctx) = glue::context()?;
    admin::users(&state, &ctx, page.unwrap_or(1))
        .await
        .map_err(glue::respond)
}

/// Disables (`disabled = "true"`) or re-enables an account; needs the confirmation box.
#[server(endpoint = "set_user_disabled")]
pub async fn set_user_disabled(
    user_id: i64,
    disabled: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{glue, services::admin};
    let (state, ctx) = glue::context()?;
    admin::set_disabled(&state, &ctx, user_id, disabled == "true", confirm.is_some())
        .await
        .map_err(glue::respond)?;
    glue::go("/admin?saved=1");
    Ok(())
}

/// Every role in force (administrators).
#[server(endpoint = "list_roles")]
pub async fn list_roles() -> Result<Vec<GrantLine>, AppError> {
    use crate::server::{glue, services::admin};
    let (state, ctx) = glue::context()?;
    admin::roles(&state, &ctx).await.map_err(glue::respond)
}

/// Revokes a role (administrators); needs the confirmation box.
#[server(endpoint = "revoke_role")]
pub async fn revoke_role(grant_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    use crate::server::{glue, services::admin};
    let (state, ctx) = glue::context()?;
    admin::revoke(&state, &ctx, grant_id, confirm.is_some())
        .await
        .map_err(glue::respond)?;
    glue::go("/admin?saved=1");
    Ok(())
}
