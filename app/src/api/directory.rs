//! The public member directory: alliances and universities, in the reader's language
//! (from the `lang` cookie or `Accept-Language`, as for the page itself).
use super::error::AppError;
use crate::domain::directory::{AllianceDetail, Overview, UniversityDetail};
use leptos::prelude::*;

/// Every alliance with its figures, and the figures of the whole network.
#[server(endpoint = "list_alliances")]
pub async fn list_alliances() -> Result<Overview, AppError> {
    use crate::server::{glue, services::directory};
    let state = glue::state()?;
    directory::overview(&state, crate::locale::detect_locale())
        .await
        .map_err(glue::respond)
}

/// One alliance with its members; `NotFound` for an unknown slug.
#[server(endpoint = "get_alliance")]
pub async fn get_alliance(slug: String) -> Result<AllianceDetail, AppError> {
    use crate::server::{glue, services::directory};
    let state = glue::state()?;
    directory::alliance(&state, &slug, crate::locale::detect_locale())
        .await
        .map_err(glue::respond)
}

/// One university with its alliances; `NotFound` for an unknown id.
#[server(endpoint = "get_university")]
pub async fn get_university(id: i64) -> Result<UniversityDetail, AppError> {
    use crate::server::{glue, services::directory};
    let state = glue::state()?;
    directory::university(&state.db, id, crate::locale::detect_locale())
        .await
        .map_err(glue::respond)
}

/// (id, name) of every member university, for choosing a home university.
#[server(endpoint = "university_choices")]
pub async fn university_choices() -> Result<Vec<(i64, String)>, AppError> {
    use crate::server::{glue, store::directory};
    let state = glue::state()?;
    directory::university_names(&state.db)
        .await
        .map_err(|e| glue::respond(e.into()))
}

/// Sends a message to the secretariat of alliance `slug` (rate-limited; `website` is a
/// honeypot that people leave empty).
#[server(endpoint = "contact_secretariat")]
pub async fn contact_secretariat(
    slug: String,
    name: String,
    email: String,
    message: String,
    website: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{glue, services::contact};
    let (state, ctx) = glue::context()?;
    let input = contact::ContactInput {
        slug,
        name,
        email,
        message,
        website: website.unwrap_or_default(),
    };
    let keep = [
        ("name", input.name.as_str()),
        ("email", &input.email),
        ("message", &input.message),
    ];
    contact::contact(&state, &ctx, &input)
        .await
        .map_err(|e| glue::respond_form(e, &keep))?;
    glue::go(&format!(
        "/alliances/{}?sent=1#contact",
        crate::url::encode(&input.slug)
    ));
    Ok(())
}
