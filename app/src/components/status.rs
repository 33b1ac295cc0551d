//! Loading and error states shared by the pages.
use crate::api::error::AppError;
use crate::i18n::Key;
use crate::locale::t;
use leptos::prelude::*;
use leptos_router::components::A;

/// Shown while a page's data loads (only visible when navigating in the browser).
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status" aria-live="polite">{t(Key::ErrorLoading)}</p> }
}

/// The page for a missing resource or an unknown path. On the server it sets status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <leptos_meta::Title text=t(Key::ErrorNotFoundTitle)/>
        <section class="error-page">
            <h1>{t(Key::ErrorNotFoundTitle)}</h1>
            <p>{t(Key::ErrorNotFoundBody)}</p>
            <p><A href="/">{t(Key::ErrorGoHome)}</A></p>
        </section>
    }
}

/// The view for a failed load: the not-found page, or a translated message.
pub fn error_view(err: AppError) -> AnyView {
    match err {
        AppError::NotFound => view! { <NotFound/> }.into_any(),
        other => view! { <p class="error" role="alert">{t(other.message())}</p> }.into_any(),
    }
}
