//! Plain routes for what is not a page or a server function: uploading a document (a
//! multipart form that works without JavaScript), downloading one (only through here: the
//! same access rule as the application page, always as an attachment), and a queue as CSV.
use super::error::ServiceError;
use super::services::{applications, recognition, review, statistics};
use super::state::AppState;
use crate::domain::opportunity_form::DOCUMENTS;
use crate::domain::queue_view::{QueueFilter, Side};
use crate::domain::statistics::Filters;
use crate::domain::validation::Problem;
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
    see_other(&format!(
        "{back}?error=invalid&{}#{anchor}",
        detail.join("&")
    ))
    .into_response()
}

/// A 303 to `location`, checked as every redirect is ([`crate::url::local_target`]): axum's
/// `Redirect` panics on a value that is not a valid header, which would drop the connection.
pub(crate) fn see_other(location: &str) -> Redirect {
    Redirect::to(&crate::url::local_target(location).unwrap_or_else(|| "/".to_string()))
}

pub(crate) fn status_of(e: &ServiceError) -> Response {
    crate::server::glue::status_and_error(e).0.into_response()
}

/// A multipart form as read: its short text fields and its file.
#[derive(Default)]
pub(crate) struct Form {
    /// Text fields (their first [`TEXT_FIELD_MAX`] bytes).
    pub(crate) texts: HashMap<String, String>,
    /// The file's name and bytes; `Err` when it was larger than allowed.
    pub(crate) file: Option<(String, Result<Vec<u8>, Problem>)>,
}

/// Bytes kept of a multipart text field (they are ids and codes).
const TEXT_FIELD_MAX: usize = 1024;

/// Reads a multipart form to its end, keeping at most `max_file` bytes of the file. A larger
/// file is read on and dropped, so the browser, which is still sending it, gets the form's
/// "too large" message rather than a connection reset; a body that passes even the route's
/// limit, or breaks off, ends the reading as it is.
pub(crate) async fn read_form(mut form: Multipart, max_file: usize) -> Form {
    let mut read = Form::default();
    while let Ok(Some(mut field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let mut bytes = Vec::new();
        let mut too_large = false;
        let max = if name == "file" {
            max_file
        } else {
            TEXT_FIELD_MAX
        };
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if !too_large && bytes.len() + chunk.len() <= max => {
                    bytes.extend_from_slice(&chunk)
                }
                Ok(Some(_)) => {
                    too_large = true;
                    bytes = Vec::new();
                }
                Ok(None) => break,
                Err(_) => {
                    // Broken off or past the route's limit: a file is most likely too large.
                    too_large = true;
                    break;
                }
            }
        }
        if name == "file" {
            let result = if too_large {
                Err(Problem::FileTooLarge)
            } else {
                Ok(bytes)
            };
            read.file = Some((file_name.unwrap_or_default(), result));
        } else if !too_large {
            read.texts
                .insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    read
}

/// How much of a request body the upload routes read before giving up: past the document
/// limit they read on (and drop) so the browser gets its answer, up to this much.
pub fn upload_body_limit(document_max_bytes: usize) -> usize {
    document_max_bytes.saturating_mul(4).max(64 * 1024 * 1024)
}

pub async fn upload(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    request: axum::extract::Request,
) -> Response {
    use axum::extract::FromRequest;
    let (parts, body) = request.into_parts();
    let ctx = match state.ctx_of(&parts) {
        Ok(c) => c,
        Err(e) => return status_of(&e),
    };
    // Who may upload is settled before the body is read.
    if let Err(e) = applications::uploader(&state, &ctx, id).await {
        return status_of(&e);
    }
    let back = format!("/applications/{id}");
    let refused = |field: &str, code: &str| {
        see_other(&format!("{back}?error=invalid&e.{field}={code}#documents")).into_response()
    };
    let request = axum::extract::Request::from_parts(parts, body);
    let Ok(form) = Multipart::from_request(request, &()).await else {
        return refused("file", "required");
    };
    let form = read_form(form, state.document_max_bytes).await;
    let kind = form.texts.get("kind").cloned().unwrap_or_default();
    let field = format!("doc.{kind}");
    let (name, bytes) = match form.file {
        Some((name, Ok(bytes))) => (name, bytes),
        Some((_, Err(problem))) if DOCUMENTS.contains(&kind.as_str()) => {
            return refused(&field, problem.code())
        }
        Some((_, Err(problem))) => return refused("file", problem.code()),
        None => return refused("file", "required"),
    };
    match applications::upload(&state, &ctx, id, &kind, &name, &bytes).await {
        Ok(_) => see_other(&format!("{back}?uploaded={kind}#documents")).into_response(),
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
    let ctx = match state.ctx_of(&parts) {
        Ok(c) => c,
        Err(e) => return status_of(&e),
    };
    if let Err(e) = recognition::entrant(&state, &ctx, id).await {
        return status_of(&e);
    }
    let back = format!("/applications/{id}/recognition");
    let request = axum::extract::Request::from_parts(parts, body);
    let file = match Multipart::from_request(request, &()).await {
        Ok(form) => read_form(form, state.document_max_bytes).await.file,
        Err(_) => None,
    };
    let text = match file {
        Some((_, Ok(bytes))) => String::from_utf8_lossy(&bytes).into_owned(),
        Some((_, Err(problem))) => {
            return see_other(&format!(
                "{back}?error=invalid&e.file={}#transcript",
                problem.code()
            ))
            .into_response()
        }
        None => {
            return see_other(&format!("{back}?error=invalid&e.file=required#transcript"))
                .into_response()
        }
    };
    match recognition::enter(&state, &ctx, id, &text).await {
        Ok(Ok(n)) => see_other(&format!("{back}?entered={n}#transcript")).into_response(),
        Ok(Err(rows)) => see_other(&format!(
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
    let result = match state.ctx_of(&parts) {
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
    let result = match state.ctx_of(&parts) {
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
    let result = match state.ctx_of(&parts) {
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
