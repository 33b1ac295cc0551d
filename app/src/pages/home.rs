//! `/`: what the platform is, the alliances, and the network in figures.
use crate::api::directory::list_alliances;
use crate::components::raw_text::PageTitle;
use crate::components::{alliance_card::AllianceCard, status::Loaded};
use crate::domain::directory::Overview;
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let l = use_locale();
    let overview = Resource::new(|| (), |_| list_alliances());
    view! {
        <PageTitle text=t(Key::NavHome)/>
        <section class="hero">
            <h1>{t(Key::HomeTitle)}</h1>
            <p class="lead">{t(Key::HomeLead)}</p>
        </section>
        <Loaded resource=overview render=move |o| overview_view(l, o)/>
    }
}

fn overview_view(l: Locale, o: Overview) -> impl IntoView {
    view! {
        <section aria-labelledby="figures-heading" class="figures">
            <h2 id="figures-heading" class="visually-hidden">{l.text(Key::HomeFiguresHeading)}</h2>
            <ul>
                <li><strong>{o.alliances.len()}</strong>" "{l.text(Key::HomeFigureAlliances)}</li>
                <li><strong>{o.university_count}</strong>" "{l.text(Key::HomeFigureUniversities)}</li>
                <li><strong>{o.country_count}</strong>" "{l.text(Key::HomeFigureCountries)}</li>
            </ul>
        </section>
        <section aria-labelledby="alliances-heading">
            <h2 id="alliances-heading">{l.text(Key::HomeAlliancesHeading)}</h2>
            <div class="cards">
                {o.alliances.into_iter().map(|a| view! { <AllianceCard alliance=a/> }).collect_view()}
            </div>
            <p><A href="/alliances">{l.text(Key::HomeSeeAll)}</A></p>
        </section>
    }
}
