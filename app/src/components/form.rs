//! Form pieces shared by every form: a labelled field with its error, a select, the form-level
//! message. Errors come from the query string of the redirect that brings the browser back to
//! the form.
use crate::api::error::AppError;
use crate::components::raw_text::TextArea;
use crate::domain::validation::Problem;
use crate::i18n::Key;
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The error to show for the form that posts to server function `S`, read from the query string
/// of the redirect that brought the browser back (several forms can share a page: only the one
/// named in `form` shows it). Forms are plain HTML posts, with or without JavaScript: a full
/// page load of server-rendered HTML costs less on a slow link than shipping every server
/// function's client code in the WASM bundle.
pub fn form_error<S: ServerFn>(fields: &'static [&'static str]) -> Signal<Option<AppError>> {
    let query = use_query_map();
    Signal::derive(move || {
        query.with(|q| {
            (q.get("form").as_deref() == Some(S::PATH))
                .then(|| AppError::from_query(|k| q.get(k), fields))
                .flatten()
        })
    })
}

/// The value the user typed before a no-JavaScript round trip (`v.<name>`), else `default`.
pub fn kept_value(name: &'static str, default: String) -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || {
        query
            .with(|q| q.get(&format!("v.{name}")))
            .unwrap_or_else(|| default.clone())
    })
}

/// The form-level message (an alert), if any.
#[component]
pub fn FormMessage(error: Signal<Option<AppError>>) -> impl IntoView {
    let l = use_locale();
    move || {
        error.get().map(|e| {
            let text = match &e {
                AppError::RateLimited { retry_after } => {
                    let minutes = retry_after.div_ceil(60).max(1).to_string();
                    l.fill(Key::ErrorRateLimited, &[("minutes", &minutes)])
                }
                AppError::Invalid(errors) => match errors.iter().find(|e| e.field == "form") {
                    Some(f) => l.text(f.problem.message()).to_string(),
                    None => l.text(Key::ErrorInvalid).to_string(),
                },
                other => l.text(other.message()).to_string(),
            };
            view! { <p class="form-message error" role="alert">{text}</p> }
        })
    }
}

pub fn problem_for(error: Signal<Option<AppError>>, name: &'static str) -> Signal<Option<Problem>> {
    Signal::derive(move || error.get().and_then(|e| e.field(name)))
}

/// A labelled input with its hint and its error.
#[component]
pub fn Field(
    name: &'static str,
    label: Key,
    error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: Option<Signal<String>>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<Key>,
    #[prop(default = false)] required: bool,
    #[prop(optional)] lang: Option<&'static str>,
    /// The name the value is posted under, when it differs from `name` (`f[kind]`).
    #[prop(optional, into)]
    post_as: Option<String>,
) -> impl IntoView {
    let problem = problem_for(error, name);
    let post_as = post_as.unwrap_or_else(|| name.to_string());
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if problem.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=name>{t(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{t(h)}</p> })}
            <input
                id=name
                name=post_as
                type=kind
                autocomplete=autocomplete
                required=required
                lang=lang
                value=move || if kind == "password" { None } else { value.map(|v| v.get()) }
                aria-invalid=move || problem.get().map(|_| "true")
                aria-describedby=described
            />
            {move || problem.get().map(|p| view! { <p class="field-error" id=error_id.clone()>{t(p.message())}</p> })}
        </div>
    }
}

/// A labelled `<select>` with its error; `options` are (value, label).
#[component]
pub fn SelectField(
    name: &'static str,
    label: Key,
    error: Signal<Option<AppError>>,
    options: Vec<(String, String)>,
    #[prop(into)] selected: Signal<String>,
    #[prop(optional)] placeholder: Option<Key>,
    #[prop(default = false)] required: bool,
    /// The name the value is posted under, when it differs from `name`.
    #[prop(optional, into)]
    post_as: Option<String>,
) -> impl IntoView {
    let problem = problem_for(error, name);
    let post_as = post_as.unwrap_or_else(|| name.to_string());
    let error_id = format!("{name}-error");
    let described = {
        let error_id = error_id.clone();
        move || problem.get().map(|_| error_id.clone())
    };
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=name>{t(label)}</label>
            <select id=name name=post_as required=required aria-invalid=move || problem.get().map(|_| "true") aria-describedby=described>
                {placeholder.map(|p| view! { <option value="">{t(p)}</option> })}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is = {
                            let value = value.clone();
                            move || selected.get() == value
                        };
                        view! { <option value=value selected=is>{text}</option> }
                    })
                    .collect_view()}
            </select>
            {move || problem.get().map(|p| view! { <p class="field-error" id=error_id.clone()>{t(p.message())}</p> })}
        </div>
    }
}

/// A notice shown after a successful step (`role="status"`).
#[component]
pub fn Notice(text: Key) -> impl IntoView {
    view! { <p class="notice" role="status">{t(text)}</p> }
}

/// True when the query has `name` (such as `?sent=1` after a form).
pub fn query_flag(name: &'static str) -> Signal<bool> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get(name).is_some()))
}

/// The query value `name`.
pub fn query_value(name: &'static str) -> Signal<Option<String>> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get(name)))
}

/// A labelled textarea with its error.
pub fn text_area(
    name: &'static str,
    post_as: String,
    label: String,
    value: String,
    rows: u32,
    lang: Option<&'static str>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let problem = problem_for(error, name);
    let error_id = format!("{name}-error");
    let described = {
        let error_id = error_id.clone();
        move || problem.get().map(|_| error_id.clone())
    };
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=name>{label}</label>
            <TextArea value={value} {..} id=name name=post_as rows=rows lang=lang aria-invalid=move || problem.get().map(|_| "true") aria-describedby=described/>
            {move || problem.get().map(|p| view! { <p class="field-error" id=error_id.clone()>{t(p.message())}</p> })}
        </div>
    }
}

/// An editor's data for the route's `:id` (none: a new item; not a number: 404), with the form
/// refused on the last plain post when the redirect asks for it (`v.kept`).
pub fn editor_resource<T, Fut>(load: fn(Option<i64>, bool) -> Fut) -> Resource<Result<T, AppError>>
where
    T: Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").map(|v| v.parse::<i64>().ok());
    let kept = move || query.read().get("v.kept").is_some();
    Resource::new(
        move || (id(), kept()),
        move |(id, kept)| async move {
            match id {
                Some(None) => Err(AppError::NotFound),
                id => load(id.flatten(), kept).await,
            }
        },
    )
}
