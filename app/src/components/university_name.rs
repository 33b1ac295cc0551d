//! A university's name in English with its own-script name beside it.
use crate::domain::directory::UniversityRef;
use leptos::prelude::*;
use leptos_router::components::A;

/// Linked English name, then the native name marked with its language.
#[component]
pub fn UniversityName(university: UniversityRef) -> impl IntoView {
    let href = format!("/universities/{}", university.id);
    let native = university.name_native.clone().map(|name| {
        view! { <span class="native-name" lang=university.native_lang.clone()>{name}</span> }
    });
    view! {
        <A href=href attr:class="university-link">
            <span lang="en">{university.name_en.clone()}</span>
        </A>
        {native}
    }
}
