//! A university's name in English with its own-script name beside it.
//! Plain `<a>`: the router still navigates client-side, and lists of 50+ members render
//! noticeably faster without a reactive `<A>` per row.
use crate::domain::directory::UniversityRef;
use leptos::prelude::*;

/// Linked English name, then the native name marked with its language.
#[component]
pub fn UniversityName(university: UniversityRef) -> impl IntoView {
    let href = format!("/universities/{}", university.id);
    let native = university.name_native.clone().map(|name| {
        view! { <span class="native-name" lang=university.native_lang.clone()>{name}</span> }
    });
    view! {
        <a href=href class="university-link">
            <span lang="en">{university.name_en.clone()}</span>
        </a>
        {native}
    }
}
