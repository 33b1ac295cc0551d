//! `/opportunities`: the public catalogue. The filter form is a plain GET form, so every result
//! page has a shareable URL and everything works without JavaScript; pages continue with a
//! keyset cursor (`after`).
use crate::api::{directory::list_alliances, opportunities::list_opportunities};
use crate::components::raw_text::PageTitle;
use crate::components::status::Loaded;
use crate::domain::account::Level;
use crate::domain::country::country_name;
use crate::domain::dates::utc_date;
use crate::domain::directory::Overview;
use crate::domain::opportunity::{Catalogue, Filter, Kind, OpportunityCard, Sort, FIELDS};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OpportunitiesPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| Filter::from_query(|k| q.get(k))));
    let after = Memo::new(move |_| query.with(|q| q.get("after")));
    let results = Resource::new(
        move || (filter.get(), after.get()),
        |(f, a)| list_opportunities(f, a),
    );
    let alliances = Resource::new(|| (), |_| list_alliances());
    // The query of this page without `after`, for the next-page link.
    let base_query = Memo::new(move |_| query.with(|q| filter_query(|k| q.get(k))));
    view! {
        <PageTitle text=t(Key::CatalogueTitle)/>
        <h1>{t(Key::CatalogueTitle)}</h1>
        <p class="lead">{t(Key::CatalogueLead)}</p>
        <Loaded resource=alliances render=move |o| filter_form(l, filter.get_untracked(), o, "/opportunities", vec![])/>
        <Loaded resource=results render=move |c| results_view(l, c, base_query.get_untracked())/>
    }
}

/// The filter's part of a query string (`q=…&kind=…`), for links that keep the filter.
pub fn filter_query(get: impl Fn(&str) -> Option<String>) -> String {
    [
        "q", "kind", "alliance", "country", "field", "level", "language", "open", "from", "to",
        "sort",
    ]
    .iter()
    .filter_map(|k| {
        get(k)
            .filter(|v| !v.is_empty())
            .map(|v| format!("{k}={}", crate::url::encode(&v)))
    })
    .collect::<Vec<_>>()
    .join("&")
}

/// The label of a kind of opportunity.
pub fn kind_label(k: Kind) -> Key {
    k.label()
}

/// A labelled `<select>` of `options` (value, text), with an *any* option first when given.
pub(crate) fn select(
    name: &'static str,
    label: Key,
    any: Option<Key>,
    options: Vec<(String, String)>,
    selected: Option<String>,
    l: Locale,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=name>{l.text(label)}</label>
            <select id=name name=name>
                {any.map(|k| view! { <option value="">{l.text(k)}</option> })}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is = selected.as_deref() == Some(value.as_str());
                        view! { <option value=value selected=is>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The catalogue's filter form, a plain GET form to `action` (`/opportunities`, `/calendar`);
/// `extra` hidden fields keep the rest of the page's state (the calendar's month).
pub fn filter_form(
    l: Locale,
    f: Filter,
    o: Overview,
    action: &'static str,
    extra: Vec<(&'static str, String)>,
) -> impl IntoView {
    let kinds = Kind::ALL
        .iter()
        .map(|k| (k.code().to_string(), l.text(kind_label(*k)).to_string()))
        .collect();
    let alliances = o
        .alliances
        .into_iter()
        .map(|a| (a.slug, a.abbreviation))
        .collect();
    // The members' countries, as the directory holds them now.
    let countries = o
        .countries
        .iter()
        .map(|c| (c.clone(), country_name(l, c)))
        .collect();
    let fields = FIELDS
        .iter()
        .map(|(c, name)| (c.to_string(), format!("{c} {name}")))
        .collect();
    let levels = Level::ALL
        .iter()
        .map(|lv| (lv.code().to_string(), l.text(lv.label()).to_string()))
        .collect();
    let languages = Locale::ALL
        .iter()
        .map(|x| {
            (
                x.code().to_string(),
                x.text(super::register::language_name(*x)).to_string(),
            )
        })
        .collect();
    let sorts = [
        (Sort::Deadline, Key::CatalogueSortDeadline),
        (Sort::Start, Key::CatalogueSortStart),
        (Sort::Newest, Key::CatalogueSortNewest),
    ];
    view! {
        <form method="get" action=action class="filters" role="search" aria-label=l.text(Key::CatalogueFilters)>
            {extra.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <div class="field search">
                <label for="q">{l.text(Key::CatalogueSearch)}</label>
                <input id="q" name="q" type="search" value=f.q.clone()/>
            </div>
            {select("kind", Key::CatalogueKind, Some(Key::CatalogueAny), kinds, f.kind.map(|k| k.code().to_string()), l)}
            {select("alliance", Key::AdminAlliance, Some(Key::CatalogueAny), alliances, f.alliance.clone(), l)}
            {select("country", Key::UniversityCountry, Some(Key::CatalogueAny), countries, f.country.clone(), l)}
            {select("field", Key::CatalogueField, Some(Key::CatalogueAny), fields, f.field_code.clone(), l)}
            {select("level", Key::FieldLevel, Some(Key::CatalogueAny), levels, f.level.clone(), l)}
            {select("language", Key::CatalogueLanguage, Some(Key::CatalogueAny), languages, f.language.clone(), l)}
            <div class="field">
                <label for="from">{l.text(Key::CatalogueFrom)}</label>
                <input id="from" name="from" type="date" value=f.from.clone()/>
            </div>
            <div class="field">
                <label for="to">{l.text(Key::CatalogueTo)}</label>
                <input id="to" name="to" type="date" value=f.to.clone()/>
            </div>
            <div class="field">
                <label for="sort">{l.text(Key::CatalogueSort)}</label>
                <select id="sort" name="sort">
                    {sorts.into_iter().map(|(s, k)| view! { <option value=s.code() selected=f.sort == s>{l.text(k)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field checkbox">
                <input id="open" name="open" type="checkbox" value="1" checked=f.open_now/>
                <label for="open">{l.text(Key::CatalogueOpenNow)}</label>
            </div>
            <button type="submit" class="primary">{l.text(Key::CatalogueShow)}</button>
        </form>
    }
}

fn results_view(l: Locale, c: Catalogue, base_query: String) -> impl IntoView {
    let empty = c.cards.is_empty();
    let next = c.next.map(|cursor| {
        let sep = if base_query.is_empty() { "" } else { "&" };
        format!(
            "/opportunities?{base_query}{sep}after={}",
            crate::url::encode(&cursor)
        )
    });
    view! {
        <section aria-labelledby="results-heading">
            <h2 id="results-heading" class="visually-hidden">{l.text(Key::CatalogueResults)}</h2>
            {empty.then(|| view! { <p class="notice" role="status">{l.text(Key::CatalogueNone)}</p> })}
            <ul class="cards opportunity-cards">
                {c.cards.into_iter().map(|card| view! { <li>{opportunity_card(l, card)}</li> }).collect_view()}
            </ul>
            {next.map(|href| view! { <nav class="pager" aria-label=l.text(Key::AdminPages)><a href=href rel="next">{l.text(Key::AdminNext)}</a></nav> })}
        </section>
    }
}

/// One card: kind, title (marked when not in the reader's language), host, dates, deadline,
/// places, languages.
pub fn opportunity_card(l: Locale, c: OpportunityCard) -> impl IntoView {
    let original = (c.text_lang != l.code()).then(|| l.text(Key::CatalogueOriginal));
    let deadline = utc_date(c.closes_at);
    let languages = c
        .languages
        .iter()
        .map(|r| format!("{} {}", r.language, r.level))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <article class="card opportunity">
            <p class="kind">{l.text(kind_label(c.kind))}</p>
            <h3 lang=c.text_lang.clone()><a href=format!("/opportunities/{}", c.id)>{c.title.clone()}</a></h3>
            {original.map(|o| view! { <p class="hint">{o}</p> })}
            <p class="host">{c.host_name.clone()}" · "{country_name(l, &c.host_country)}</p>
            <dl class="facts">
                <dt>{l.text(Key::CatalogueDates)}</dt><dd>{l.long_date(&c.starts_on)}" – "{l.long_date(&c.ends_on)}</dd>
                <dt>{l.text(Key::CatalogueDeadline)}</dt><dd>{l.long_date(&deadline)}</dd>
                <dt>{l.text(Key::CataloguePlaces)}</dt><dd>{c.capacity}</dd>
                <dt>{l.text(Key::CatalogueLanguage)}</dt><dd>{languages}</dd>
            </dl>
        </article>
    }
}
