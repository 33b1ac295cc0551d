//! Plain routes for what is not a page or a server function: uploading a document (a
//! multipart form that works without JavaScript), downloading one (only through here: the
//! same access rule as the application page, always as an attachment), and a queue as CSV.
use super::auth;
use super::error::ServiceError;
use super::services::{applications, recognition, review, statistics};
use super::state::AppState;
use crate::domain::application_view::{QueueFilter, Side};
use crate::domain::statistics::Filters;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{header, request::Parts, StatusCode};
use std::collections::HashMap;

/// `POST` a document to application `{id}`.
pub const UPLOAD_PATH: &str = "/applications/{id}/documents";
/// `GET` document `{doc}` of application `{id}`.
pub const DOWNLOAD_PATH: &str = "/applications/{id}/documents/{doc}";
/// `POST` a transcript as a CSV file to application `{id}`.
pub const TRANSCRIPT_PATH: &str = "/applications/{id}/transcript";
pub const OUTGOING_CSV: &str = "/exports/review-outgoing.csv";
pub const INCOMING_CSV: &str = "/exports/review-incoming.csv";
pub const STATISTICS_CSV: &str = "/exports/statistics.csv";

/// Back to the form's page with each refused field in the query, as a refused plain form post
/// comes back.
fn refused_fields(
    back: &str,
    errors: &[crate::domain::validation::FieldError],
    anchor: &str,
) -> Response {
    let detail: Vec<String> = errors
        .iter()
        .map(|e| format!("e.{}={}", e.field, e.problem.code()))
        .collect();
    Redirect::to(&format!(
        "{back}?error=invalid&{}#{anchor}",
        detail.join("&")
    ))
    .into_response()
}

fn status_of(e: &ServiceError) -> Response {
    e.client_status_and_error().0.into_response()
}

/// Reads the form's `kind` and `file` fields; `None` for a body that is not such a form or is
/// larger than the route allows.
async fn read_form(mut form: Multipart) -> Option<(String, String, Vec<u8>)> {
    let mut kind = None;
    let mut file = None;
    while let Ok(Some(field)) = form.next_field().await {
        match field.name() {
            Some("kind") => kind = field.text().await.ok(),
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_string();
                file = Some((name, field.bytes().await.ok()?.to_vec()));
            }
            _ => {}
        }
    }
    let (name, bytes) = file?;
    Some((kind?, name, bytes))
}

pub async fn upload(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    request: axum::extract::Request,
) -> Response {
    use axum::extract::FromRequest;
    let (parts, body) = request.into_parts();
    let ctx = match auth::ctx_of(&state, &parts) {
        Ok(c) => c,
        Err(e) => return status_of(&e),
    };
    // Who may upload is settled before the body is read.
    if let Err(e) = applications::uploader(&state, &ctx, id).await {
        return status_of(&e);
    }
    let back = format!("/applications/{id}");
    let refused = |field: &str, code: &str| {
        Redirect::to(&format!("{back}?error=invalid&e.{field}={code}#documents")).into_response()
    };
    let request = axum::extract::Request::from_parts(parts, body);
    let Ok(form) = Multipart::from_request(request, &()).await else {
        return refused("file", "required");
    };
    let Some((kind, name, bytes)) = read_form(form).await else {
        // The body broke off or passed the route's limit: too large is the likely reason.
        return refused("file", "file_too_large");
    };
    match applications::upload(&state, &ctx, id, &kind, &name, &bytes).await {
        Ok(_) => Redirect::to(&format!("{back}?uploaded={kind}#documents")).into_response(),
        Err(ServiceError::Invalid(errors)) => refused_fields(&back, &errors, "documents"),
        Err(e) => status_of(&e),
    }
}

/// The host's transcript as a CSV file (`file`): read like a pasted table; back to the
/// recognition page with the number of rows entered, or the rows refused.
pub async fn transcript(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    request: axum::extract::Request,
) -> Response {
    use crate::domain::recognition_plan::row_errors_query;
    use axum::extract::FromRequest;
    let (parts, body) = request.into_parts();
    let ctx = match auth::ctx_of(&state, &parts) {
        Ok(c) => c,
        Err(e) => return status_of(&e),
    };
    if let Err(e) = recognition::entrant(&state, &ctx, id).await {
        return status_of(&e);
    }
    let back = format!("/applications/{id}/recognition");
    let request = axum::extract::Request::from_parts(parts, body);
    let mut text = None;
    if let Ok(mut form) = Multipart::from_request(request, &()).await {
        while let Ok(Some(field)) = form.next_field().await {
            if field.name() == Some("file") {
                text = field
                    .bytes()
                    .await
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).into_owned());
            }
        }
    }
    let Some(text) = text else {
        return Redirect::to(&format!("{back}?error=invalid&e.file=required#transcript"))
            .into_response();
    };
    match recognition::enter(&state, &ctx, id, &text).await {
        Ok(Ok(n)) => Redirect::to(&format!("{back}?entered={n}#transcript")).into_response(),
        Ok(Err(rows)) => Redirect::to(&format!(
            "{back}?rows={}#transcript",
            row_errors_query(&rows)
        ))
        .into_response(),
        Err(ServiceError::Invalid(errors)) => refused_fields(&back, &errors, "transcript"),
        Err(e) => status_of(&e),
    }
}

/// `filename*` (RFC 5987) for any name, and an ASCII `filename` for old clients.
fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

pub async fn download(
    State(state): State<AppState>,
    Path((id, doc)): Path<(i64, i64)>,
    parts: Parts,
) -> Response {
    let result = match auth::ctx_of(&state, &parts) {
        Ok(ctx) => applications::download(&state, &ctx, id, doc).await,
        Err(e) => Err(e),
    };
    match result {
        Ok((name, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CONTENT_DISPOSITION, disposition(&name)),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => status_of(&e),
    }
}

async fn export(
    state: AppState,
    side: Side,
    parts: Parts,
    query: HashMap<String, String>,
) -> Response {
    let filter = QueueFilter::from_query(|k| query.get(k).cloned());
    let result = match auth::ctx_of(&state, &parts) {
        Ok(ctx) => review::csv(&state, &ctx, side, filter).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(body) => csv_response(&format!("{}.csv", side.code()), body),
        Err(e) => status_of(&e),
    }
}

/// A CSV download (`name` is ASCII).
fn csv_response(name: &str, body: String) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// `GET` one of the statistics' tables (`table=flows&…` with the dashboard's filters).
pub async fn statistics_csv(
    State(state): State<AppState>,
    parts: Parts,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let filters = Filters::from_query(|k| query.get(k).cloned());
    let table = query.get("table").cloned().unwrap_or_default();
    let result = match auth::ctx_of(&state, &parts) {
        Ok(ctx) => statistics::csv(&state, &ctx, filters, &table).await,
        Err(e) => Err(e),
    };
    match result {
        Ok((name, body)) => csv_response(&name, body),
        Err(e) => status_of(&e),
    }
}

pub async fn outgoing_csv(
    State(state): State<AppState>,
    parts: Parts,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    export(state, Side::Outgoing, parts, query).await
}

pub async fn incoming_csv(
    State(state): State<AppState>,
    parts: Parts,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    export(state, Side::Incoming, parts, query).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn dispositions_are_attachments_with_safe_names() {
        assert_eq!(
            super::disposition("паспорт \"x\".pdf"),
            "attachment; filename=\"_______ _x_.pdf\"; filename*=UTF-8''%D0%BF%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82%20%22x%22.pdf"
        );
    }
}
