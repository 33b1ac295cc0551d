//! `/universities/{id}`: a member university and the alliances it belongs to.
use crate::api::{directory::get_university, error::AppError};
use crate::components::raw_text::PageTitle;
use crate::components::{status::Loaded, upcoming::UpcomingOpportunities};
use crate::domain::country::country_name;
use crate::domain::directory::{Membership, UniversityDetail};
use crate::domain::opportunity::Filter;
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
                {d.time_zone.clone().map(|z| view! {
                    <div><dt>{l.text(Key::UniversityTimeZone)}</dt><dd>{z}</dd></div>
                })}
            </dl>
            <UpcomingOpportunities
                filter=Filter { university_id: Some(u.id), ..Default::default() }
                all_href=format!("/opportunities?university={}&upcoming=1", u.id)
            />
            {members(l, d.alliances, d.coordinators)}
        </article>
    }
}

/// The alliances it belongs to (with its marks, dates and liaison secretary), those it left,
/// and its coordinators.
fn members(l: Locale, alliances: Vec<Membership>, coordinators: Vec<String>) -> impl IntoView {
    let (current, former): (Vec<_>, Vec<_>) =
        alliances.into_iter().partition(|m| m.left_on.is_none());
    let item = move |m: Membership| {
        let href = format!("/alliances/{}", m.slug);
        let mut notes = Vec::new();
        if m.founding {
            notes.push(l.text(Key::UniversityFounding).to_string());
        }
        if m.council {
            notes.push(l.text(Key::UniversityCouncil).to_string());
        }
        match (&m.joined_on, &m.left_on) {
            (Some(from), Some(to)) => notes.push(l.fill(
                Key::UniversityPeriod,
                &[("from", &l.long_date(from)), ("to", &l.long_date(to))],
            )),
            (Some(from), None) => {
                notes.push(l.fill(Key::UniversitySince, &[("date", &l.long_date(from))]))
            }
            _ => {}
        }
        let liaison = m.liaison.clone().filter(|_| m.left_on.is_none()).map(|name| {
            view! { <br/><span class="liaison">{l.text(Key::UniversityLiaison)}": "{name}</span> }
        });
        view! {
            <li>
                <a href=href>{m.name.clone()}</a>
                <span class="abbr">" "{m.abbreviation.clone()}</span>
                {(!notes.is_empty()).then(|| view! { <span class="note">" · "{notes.join(" · ")}</span> })}
                {liaison}
            </li>
        }
    };
    let former = (!former.is_empty()).then(|| {
        view! {
            <h3>{l.text(Key::UniversityFormer)}</h3>
            <ul class="member-list">{former.into_iter().map(item).collect_view()}</ul>
        }
    });
    let coordinators = (!coordinators.is_empty()).then(|| {
        view! {
            <h3>{l.text(Key::UniversityCoordinators)}</h3>
            <ul class="member-list">{coordinators.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
        }
    });
    view! {
        <section aria-labelledby="member-of">
            <h2 id="member-of">{l.text(Key::UniversityMemberOf)}</h2>
            <ul class="member-list">{current.into_iter().map(item).collect_view()}</ul>
            {former}
            {coordinators}
        </section>
    }
}
