//! News pictures: the upload (a multipart form that works without JavaScript: the file and
//! its description) and the picture itself. An upload is judged by its bytes like a document
//! (`domain::document::sniff`: PNG or JPEG only), decoded under size limits, scaled down to
//! [`PICTURE_WIDTH`](crate::domain::news::PICTURE_WIDTH) and encoded again, so what is stored and served is only pixels.
use super::files::{read_form, see_other, status_of};
use super::services::news_pictures;
use super::state::AppState;
use crate::domain::document::{sniff, FileType};
use crate::domain::news::picture_size;
use crate::domain::validation::Problem;
use crate::server::store::news::picture::Picture;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use http::{header, request::Parts};
use image::{DynamicImage, ImageFormat, ImageReader, Limits};

/// `POST` a picture to news post `{id}`; `GET` it.
pub const PICTURE_PATH: &str = "/news/{id}/picture";

/// The largest picture accepted before it is scaled down, in pixels per side.
const MAX_SIDE: u32 = 12_000;
/// The most memory decoding one picture may take.
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
/// JPEG quality of the stored copy.
const JPEG_QUALITY: u8 = 82;

/// What an uploaded file becomes: the picture to store, or why it is refused. CPU-bound: run
/// it off the request's thread.
pub fn prepare(bytes: &[u8], max: usize) -> Result<Picture, Problem> {
    let (format, content_type) = match sniff(bytes, max)? {
        FileType::Png => (ImageFormat::Png, "image/png"),
        FileType::Jpeg => (ImageFormat::Jpeg, "image/jpeg"),
        FileType::Pdf => return Err(Problem::FileType),
    };
    let mut reader = ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let image = reader.decode().map_err(|_| Problem::FileType)?;
    let (width, height) = picture_size(image.width(), image.height());
    let image = if width == image.width() {
        image
    } else {
        image.resize_exact(width, height, image::imageops::FilterType::Triangle)
    };
    let mut data = Vec::new();
    let written = match format {
        ImageFormat::Jpeg => DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut data, JPEG_QUALITY),
        ),
        _ => image.write_to(&mut std::io::Cursor::new(&mut data), ImageFormat::Png),
    };
    written.map_err(|_| Problem::FileType)?;
    Ok(Picture {
        content_type,
        width: i64::from(width),
        height: i64::from(height),
        data,
    })
}

/// The upload: back to the post's editor, with the refused field in the query.
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
    if let Err(e) = news_pictures::writable(&state, &ctx, id).await {
        return status_of(&e);
    }
    let back = format!("/manage/news/{id}/edit");
    let refused = |field: &str, problem: Problem| {
        see_other(&format!(
            "{back}?error=invalid&e.{field}={}#picture",
            problem.code()
        ))
        .into_response()
    };
    let request = axum::extract::Request::from_parts(parts, body);
    let Ok(form) = Multipart::from_request(request, &()).await else {
        return refused("file", Problem::Required);
    };
    let form = read_form(form, state.document_max_bytes).await;
    let alt = form.texts.get("alt").cloned().unwrap_or_default();
    let bytes = match form.file {
        Some((_, Ok(bytes))) => bytes,
        Some((_, Err(problem))) => return refused("file", problem),
        None => return refused("file", Problem::Required),
    };
    match news_pictures::set(&state, &ctx, id, bytes, &alt).await {
        Ok(()) => see_other(&format!("{back}?picture=1#picture")).into_response(),
        Err(super::error::ServiceError::Invalid(errors)) => match errors.first() {
            Some(e) => refused(&e.field, e.problem),
            None => refused("file", Problem::Unknown),
        },
        Err(e) => status_of(&e),
    }
}

/// The picture of post `{id}` (of a draft: for its writers only).
pub async fn picture(State(state): State<AppState>, Path(id): Path<i64>, parts: Parts) -> Response {
    let result = match state.ctx_of(&parts) {
        Ok(ctx) => news_pictures::read(&state, &ctx, id).await,
        Err(e) => Err(e),
    };
    match result {
        Ok((content_type, bytes, public)) => (
            [
                (header::CONTENT_TYPE, content_type),
                // Its address changes with it (`?v=`): a published picture may be kept.
                (
                    header::CACHE_CONTROL,
                    if public {
                        "public, max-age=86400".to_string()
                    } else {
                        "private, no-store".to_string()
                    },
                ),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => status_of(&e),
    }
}
