//! A form refused on a plain (no-JavaScript) post is too long for the redirect's URL: it waits
//! in the session under its editor's key, and the editor shows it again (`kept=1`).
use crate::server::auth::Ctx;
use serde::{de::DeserializeOwned, Serialize};

/// Keeps `form` under `key` for the editor's next view.
pub async fn keep<T: Serialize>(ctx: &Ctx, key: &str, form: &T) {
    if let Err(e) = ctx.session.insert(key, form).await {
        tracing::warn!(error = %e, key, "could not keep the refused form");
    }
}

/// The form kept under `key`, when the editor asks for it (`kept`).
pub async fn kept<T: DeserializeOwned>(ctx: &Ctx, key: &str, kept: bool) -> Option<T> {
    if !kept {
        return None;
    }
    ctx.session.get::<T>(key).await.ok().flatten()
}
