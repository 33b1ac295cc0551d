//! `/alliances`: every alliance.
use crate::api::directory::list_alliances;
use crate::components::raw_text::PageTitle;
use crate::components::{alliance_card::AllianceCard, status::Loaded};
use crate::i18n::Key;
use crate::locale::t;
use leptos::prelude::*;

#[component]
pub fn AlliancesPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| list_alliances());
    view! {
        <PageTitle text=t(Key::AllianceListTitle)/>
        <h1>{t(Key::AllianceListTitle)}</h1>
        <p class="lead">{t(Key::AllianceListLead)}</p>
        <Loaded
            resource=overview
            render=|o| {
                view! {
                    <div class="cards">
                        {o.alliances.into_iter().map(|a| view! { <AllianceCard alliance=a/> }).collect_view()}
                    </div>
                }
            }
        />
    }
}
