//! `/statistics`: the mobility dashboard — staff see their alliance, coordinators their
//! university. The filters are a plain GET form (every view is a shareable URL, and it works
//! without JavaScript); the charts are SVG drawn on the server, each with its table and CSV.
use super::statistics_parts::{
    counters_table, key_figures, lines, opportunities_table, pairs_table, states_table,
    timings_table, universities_table, Line,
};
use crate::api::statistics::statistics;
use crate::components::charts::{balance_chart, flow_chart, kind_bars};
use crate::components::raw_text::PageTitle;
use crate::components::status::Loaded;
use crate::domain::account::Level;
use crate::domain::country::country_name;
use crate::domain::opportunity::Kind;
use crate::domain::statistics::{
    key_label, year_label, Breakdown, Dashboard, Filters, Flow, OPPORTUNITIES_SHOWN,
};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use crate::pages::opportunities::select;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// How many universities the balance chart draws (the table has them all).
const BALANCE_SHOWN: usize = 15;

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let filters = Memo::new(move |_| query.with(|q| Filters::from_query(|k| q.get(k))));
    let page = Resource::new(move || filters.get(), |f| statistics(Some(f)));
    view! {
        <PageTitle text=t(Key::StatsTitle)/>
        <Loaded resource=page render=move |d| dashboard(l, d)/>
    }
}

/// The heading: whose figures and which years.
pub fn scope_heading(l: Locale, d: &Dashboard) -> String {
    let who = d
        .scope
        .university_name
        .clone()
        .or_else(|| d.scope.alliance_name.clone())
        .unwrap_or_default();
    let (from, to) = d.years;
    let years = if from == to {
        year_label(from)
    } else {
        format!("{} – {}", year_label(from), year_label(to))
    };
    format!("{who} · {} {years}", l.text(Key::StatsYears))
}

/// The country-to-country table's lines, each linking where `href` says.
pub fn flow_lines(l: Locale, d: &Dashboard, href: impl Fn(&Flow) -> Option<String>) -> Vec<Line> {
    d.flows
        .iter()
        .map(|fl| Line {
            label: format!(
                "{} → {}",
                key_label(l, Breakdown::Country, &fl.home),
                key_label(l, Breakdown::Country, &fl.host)
            ),
            href: href(fl),
            counters: fl.counters,
        })
        .collect()
}

/// `/statistics?…` with `f` changed by `change`.
fn link(f: &Filters, change: impl FnOnce(&mut Filters)) -> String {
    let mut f = f.clone();
    change(&mut f);
    format!("/statistics?{}", f.to_query())
}

fn csv_link(l: Locale, d: &Dashboard, table: &str) -> impl IntoView {
    let query = d.filters.to_query();
    let sep = if query.is_empty() { "" } else { "&" };
    view! {
        <a class="csv" href=format!("/exports/statistics.csv?table={table}{sep}{query}") download="">
            {l.text(Key::StatsDownloadCsv)}
        </a>
    }
}

fn dashboard(l: Locale, d: Dashboard) -> impl IntoView {
    let f = d.filters.clone();
    let by_applications = d.totals.mobilities() == 0;
    let flow_caption = if by_applications {
        Key::StatsFlowCaptionApplications
    } else {
        Key::StatsFlowCaption
    };
    // Alliance-wide, a pair's row opens its universities and a university's row its figures.
    let drill = d.scope.university_id.is_none();
    let flows = flow_lines(l, &d, |fl| {
        drill.then(|| {
            link(&f, |f| {
                f.home = Some(fl.home.clone());
                f.host = Some(fl.host.clone());
            }) + "#pairs"
        })
    });
    let university_link = move |id: i64| link(&f, |f| f.university = Some(id));
    let shown: Vec<_> = d.universities.iter().take(BALANCE_SHOWN).cloned().collect();
    let report = format!(
        "/statistics/report?{}",
        Filters {
            from: Some(d.years.1),
            to: None,
            ..d.filters.clone()
        }
        .to_query()
    );
    let pairs_intro = if d.pairs.is_empty() && drill {
        Some(view! { <p class="hint">{l.text(Key::StatsPairsHint)}</p> })
    } else {
        None
    };
    view! {
        <h1>{l.text(Key::StatsTitle)}</h1>
        <p class="lead">{scope_heading(l, &d)}</p>
        {filter_form(l, &d)}
        <p class="actions no-print">
            <a class="button" href=report>{l.text(Key::StatsReport)}</a>
        </p>
        {key_figures(l, &d.totals)}
        {(d.totals.applications == 0).then(|| view! { <p class="notice" role="status">{l.text(Key::StatsEmpty)}</p> })}

        <section class="stats-section" aria-labelledby="flows">
            <h2 id="flows">{l.text(Key::StatsFlowTitle)}</h2>
            <figure>
                {flow_chart(l, &d.flows, by_applications, l.text(Key::StatsFlowTitle).to_string())}
                <figcaption>{l.text(flow_caption)}</figcaption>
            </figure>
            {counters_table(l, Key::StatsCountryPair, flows, Some(d.totals))}
            {csv_link(l, &d, "flows")}
        </section>

        <section class="stats-section" aria-labelledby="pairs">
            <h2 id="pairs">{l.text(Key::StatsPairsTitle)}</h2>
            {pairs_intro}
            {(!d.pairs.is_empty()).then(|| view! { {pairs_table(l, &d)} {csv_link(l, &d, "pairs")} })}
        </section>

        <section class="stats-section" aria-labelledby="kinds">
            <h2 id="kinds">{l.text(Key::StatsBarsTitle)}</h2>
            <figure>
                {kind_bars(l, &d.kinds_by_year, l.text(Key::StatsBarsTitle).to_string())}
                <figcaption>{l.text(Key::StatsBarsCaption)}</figcaption>
            </figure>
            <h3>{l.text(Key::StatsTrendTitle)}</h3>
            {counters_table(l, Key::StatsYear, lines(l, Breakdown::Year, &d.trend), None)}
            {csv_link(l, &d, "years")}
            <h3>{l.text(Key::StatsKindsTitle)}</h3>
            {counters_table(l, Key::StatsKind, lines(l, Breakdown::Kind, &d.by_kind), None)}
            {csv_link(l, &d, "kinds")}
        </section>

        <div class="two-columns">
            <section class="stats-section" aria-labelledby="levels">
                <h2 id="levels">{l.text(Key::StatsLevelsTitle)}</h2>
                {counters_table(l, Key::StatsLevel, lines(l, Breakdown::Level, &d.by_level), None)}
                {csv_link(l, &d, "levels")}
            </section>
            <section class="stats-section" aria-labelledby="states">
                <h2 id="states">{l.text(Key::StatsStatesTitle)}</h2>
                {states_table(l, &d)}
                {csv_link(l, &d, "states")}
            </section>
        </div>

        <section class="stats-section" aria-labelledby="universities">
            <h2 id="universities">{l.text(Key::StatsBalanceTitle)}</h2>
            <figure>
                {balance_chart(l, &shown, l.text(Key::StatsBalanceTitle).to_string())}
                <figcaption>{l.fill(Key::StatsBalanceCaption, &[("n", &BALANCE_SHOWN.to_string())])}</figcaption>
            </figure>
            {universities_table(l, &d, drill.then_some(&university_link as &dyn Fn(i64) -> String))}
            {csv_link(l, &d, "universities")}
        </section>

        <section class="stats-section" aria-labelledby="opportunities">
            <h2 id="opportunities">{l.text(Key::StatsOpportunitiesTitle)}</h2>
            <p class="hint">{l.fill(Key::StatsOpportunitiesNote, &[("n", &OPPORTUNITIES_SHOWN.to_string())])}</p>
            {opportunities_table(l, &d)}
            {csv_link(l, &d, "opportunities")}
        </section>

        <section class="stats-section" aria-labelledby="timings">
            <h2 id="timings">{l.text(Key::StatsTimingsTitle)}</h2>
            <p class="hint">{l.text(Key::StatsTimingsNote)}</p>
            {timings_table(l, &d)}
            {csv_link(l, &d, "timings")}
        </section>
    }
}

/// The filters: a GET form to this page.
pub fn filter_form(l: Locale, d: &Dashboard) -> impl IntoView {
    let f = &d.filters;
    let mut years = d.available_years.clone();
    for y in [d.years.0, d.years.1] {
        if !years.contains(&y) {
            years.push(y);
        }
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    let year_options: Vec<(String, String)> = years
        .iter()
        .map(|y| (y.to_string(), year_label(*y)))
        .collect();
    let kinds = Kind::ALL
        .iter()
        .map(|k| (k.code().to_string(), l.text(k.label()).to_string()))
        .collect();
    let levels = Level::ALL
        .iter()
        .map(|v| (v.code().to_string(), l.text(v.label()).to_string()))
        .collect();
    let countries: Vec<(String, String)> = ["CN", "RU", "KZ", "IR", "UZ"]
        .iter()
        .map(|c| (c.to_string(), country_name(l, c)))
        .collect();
    let alliance = (d.alliances.len() > 1 || d.scope.university_id.is_some()).then(|| {
        select(
            "alliance",
            Key::StatsAlliance,
            d.scope.university_id.map(|_| Key::StatsAny),
            d.alliances.clone(),
            d.scope
                .alliance_slug
                .clone()
                .filter(|_| f.alliance.is_some() || d.scope.university_id.is_none()),
            l,
        )
    });
    view! {
        <form method="get" action="/statistics" class="filters no-print" aria-label=l.text(Key::StatsFilters)>
            {f.university.map(|u| view! { <input type="hidden" name="university" value=u.to_string()/> })}
            {alliance}
            {select("from", Key::StatsFrom, None, year_options.clone(), Some(d.years.0.to_string()), l)}
            {select("to", Key::StatsTo, None, year_options, Some(d.years.1.to_string()), l)}
            {select("kind", Key::StatsKind, Some(Key::StatsAny), kinds, f.kind.map(|k| k.code().to_string()), l)}
            {select("level", Key::StatsLevel, Some(Key::StatsAny), levels, f.level.map(|v| v.code().to_string()), l)}
            {select("home", Key::StatsHomeCountry, Some(Key::StatsAny), countries.clone(), f.home.clone(), l)}
            {select("host", Key::StatsHostCountry, Some(Key::StatsAny), countries, f.host.clone(), l)}
            <div class="actions">
                <button type="submit" class="primary">{l.text(Key::StatsShow)}</button>
            </div>
        </form>
    }
}
