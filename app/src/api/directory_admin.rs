//! The directory's administration: administrators and an alliance's current staff add and edit
//! universities and keep the alliance's memberships.
use super::error::AppError;
use crate::domain::directory_admin::{
    DirectoryListing, MembershipForm, UniversityEditing, UniversityForm,
};
use leptos::prelude::*;

/// A page of the universities the signed-in editor may edit, names or city containing `q`.
#[server(endpoint = "directory_universities")]
pub async fn directory_universities(
    q: Option<String>,
    page: Option<i64>,
) -> Result<DirectoryListing, AppError> {
    use crate::server::{glue, services::directory_admin};
    let (state, ctx) = glue::context()?;
    directory_admin::listing(&state, &ctx, q.as_deref().unwrap_or(""), page.unwrap_or(1))
        .await
        .map_err(glue::respond)
}

/// The editor of a new university or of university `id`; `kept` shows the form refused on the
/// last post.
#[server(endpoint = "university_editor")]
pub async fn university_editor(id: Option<i64>, kept: bool) -> Result<UniversityEditing, AppError> {
    use crate::server::{glue, services::directory_admin};
    let (state, ctx) = glue::context()?;
    directory_admin::editor(&state, &ctx, id, kept)
        .await
        .map_err(glue::respond)
}

/// Creates a university in an alliance (no `id`) or saves university `id`.
#[server(endpoint = "save_university")]
pub async fn save_university(id: Option<i64>, f: UniversityForm) -> Result<i64, AppError> {
    use crate::server::{glue, services::directory_admin};
    let (state, ctx) = glue::context()?;
    match directory_admin::save_university(&state, &ctx, id, &f).await {
        Ok(id) => {
            glue::go(&format!("/admin/directory/{id}?saved=1"));
            Ok(id)
        }
        Err(e) => {
            directory_admin::keep_form(&ctx, &f).await;
            Err(glue::respond_form(e, &[("kept", "1")]))
        }
    }
}

/// Makes university `id` a member of the form's alliance, or corrects its membership.
#[server(endpoint = "save_membership")]
pub async fn save_membership(id: i64, m: MembershipForm) -> Result<(), AppError> {
    use crate::server::{glue, services::directory_admin};
    let (state, ctx) = glue::context()?;
    directory_admin::save_membership(&state, &ctx, id, &m)
        .await
        .map_err(|e| glue::respond_form(e, &[("alliance", m.alliance_id.as_str())]))?;
    glue::go(&format!("/admin/directory/{id}?member=1"));
    Ok(())
}

/// Records that university `id` left `alliance_id` on `left_on` (`confirm` = on).
#[server(endpoint = "record_leaving")]
pub async fn record_leaving(
    id: i64,
    alliance_id: i64,
    left_on: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{glue, services::directory_admin};
    let (state, ctx) = glue::context()?;
    let confirmed = confirm.as_deref() == Some("on");
    let alliance = alliance_id.to_string();
    directory_admin::record_leaving(&state, &ctx, id, alliance_id, (&left_on, confirmed))
        .await
        .map_err(|e| {
            glue::respond_form(
                e,
                &[
                    ("alliance", alliance.as_str()),
                    ("left_on", left_on.as_str()),
                ],
            )
        })?;
    glue::go(&format!("/admin/directory/{id}?left=1"));
    Ok(())
}
