//! The upcoming opportunities of an alliance or a university, on their pages, with a link to
//! the whole list in the catalogue.
use crate::api::opportunities::list_opportunities;
use crate::components::status::Loaded;
use crate::domain::opportunity::{Catalogue, Filter};
use crate::i18n::Key;
use crate::locale::use_locale;
use crate::pages::opportunities::opportunity_card;
use leptos::prelude::*;

/// Cards shown before the "all" link.
const SHOWN: usize = 6;

/// Up to six programmes matching `filter` that have not ended, soonest deadline first.
#[component]
pub fn UpcomingOpportunities(filter: Filter, all_href: String) -> impl IntoView {
    let l = use_locale();
    let filter = Filter {
        upcoming: true,
        ..filter
    };
    let results = Resource::new(move || filter.clone(), |f| list_opportunities(f, None));
    view! {
        <section aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">{l.text(Key::UpcomingTitle)}</h2>
            <Loaded resource=results render=move |c: Catalogue| {
                let empty = c.cards.is_empty();
                let all = all_href.clone();
                view! {
                    {empty.then(|| view! { <p>{l.text(Key::UpcomingNone)}</p> })}
                    <ul class="cards opportunity-cards">
                        {c.cards.into_iter().take(SHOWN).map(|card| view! { <li>{opportunity_card(l, card)}</li> }).collect_view()}
                    </ul>
                    {(!empty).then(|| view! { <p><a href=all>{l.text(Key::UpcomingAll)}</a></p> })}
                }
            }/>
        </section>
    }
}
