//! An alliance as a card: name, abbreviation, summary, founding date and member figures.
use crate::domain::directory::AllianceSummary;
use crate::i18n::Key;
use crate::locale::use_locale;
use leptos::prelude::*;

/// Used on the home page and on `/alliances`.
#[component]
pub fn AllianceCard(alliance: AllianceSummary) -> impl IntoView {
    let l = use_locale();
    let href = format!("/alliances/{}", alliance.slug);
    view! {
        <article class="card alliance-card">
            <h3>
                <a href=href>{alliance.name.clone()}</a>
            </h3>
            <p class="abbr">{alliance.abbreviation.clone()}</p>
            <p>{alliance.summary.clone()}</p>
            <dl class="facts">
                <div>
                    <dt>{l.text(Key::AllianceFounded)}</dt>
                    <dd>{l.long_date(&alliance.founded_on)}</dd>
                </div>
                <div>
                    <dt>{l.text(Key::AllianceMembers)}</dt>
                    <dd>{alliance.member_count}</dd>
                </div>
            </dl>
        </article>
    }
}
