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
        <crate::components::raw_text::PageTitle text=t(Key::ErrorNotFoundTitle)/>
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
        AppError::Unauthenticated => view! {
            <section class="narrow">
                <p class="error" role="alert">{t(Key::ErrorSignInNeeded)}</p>
                <p><a class="button primary" href="/login">{t(Key::NavLogin)}</a></p>
            </section>
        }
        .into_any(),
        other => view! { <p class="error" role="alert">{t(other.message())}</p> }.into_any(),
    }
}

/// Waits for `resource` (inside `<Suspense>`), then shows `render(value)`, or the error view.
/// With `SsrMode::Async` the server sends the finished page, so this also works without JS.
#[component]
pub fn Loaded<T, F, V>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=Loading>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => render(value).into_any(),
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
}
