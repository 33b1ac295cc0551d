//! `/universities/{id}`: a member university and the alliances it belongs to.
use crate::api::{directory::get_university, error::AppError};
use crate::components::raw_text::PageTitle;
use crate::components::{status::Loaded, upcoming::UpcomingOpportunities};
use crate::domain::opportunity::Filter;
use crate::domain::{country::country_name, directory::UniversityDetail};
use crate::i18n::{Key, Locale};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn UniversityPage() -> impl IntoView {
    let l = crate::locale::use_locale();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let university = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_university(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Loaded resource=university render=move |value| university_view(l, value)/>
    }
}

fn university_view(l: Locale, d: UniversityDetail) -> impl IntoView {
    let u = d.university;
    let native = u.name_native.clone().map(|name| {
        view! { <p class="native-name big" lang=u.native_lang.clone()>{name}</p> }
    });
    let city = match &d.city_native {
        Some(native) if *native != u.city => format!("{} · {native}", u.city),
        _ => u.city.clone(),
    };
    let website = d.website.clone().map(|href| {
        view! {
            <div>
                <dt>{l.text(Key::UniversityWebsite)}</dt>
                <dd><a href=href.clone() rel="external noopener">{href.clone()}</a></dd>
            </div>
        }
    });
    view! {
        <PageTitle text=u.name_en.clone()/>
        <article class="university">
            <h1 lang="en">{u.name_en.clone()}</h1>
            {native}
            <dl class="facts">
                <div><dt>{l.text(Key::UniversityCountry)}</dt><dd>{country_name(l, &u.country)}</dd></div>
                <div><dt>{l.text(Key::UniversityCity)}</dt><dd>{city}</dd></div>
                {website}
            </dl>
            <UpcomingOpportunities
                filter=Filter { university_id: Some(u.id), ..Default::default() }
                all_href=format!("/opportunities?university={}&upcoming=1", u.id)
            />
            <section aria-labelledby="member-of">
                <h2 id="member-of">{l.text(Key::UniversityMemberOf)}</h2>
                <ul class="member-list">
                    {d.alliances
                        .into_iter()
                        .map(|m| {
                            let href = format!("/alliances/{}", m.slug);
                            view! {
                                <li>
                                    <a href=href>{m.name.clone()}</a>
                                    <span class="abbr">" "{m.abbreviation.clone()}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        </article>
    }
}
