//! `/statistics/report`: the annual report the rotating secretariat hands over — one academic
//! year of an alliance (or of a university) beside the year before, with the charts and tables
//! of the dashboard and the members' activity; an A4 document when printed, in the reader's
//! language.
use super::statistics::{flow_lines, scope_heading};
use super::statistics_parts::{
    counters_table, key_figures, lines, number, timings_table, universities_table,
};
use crate::api::statistics::statistics_report;
use crate::components::charts::{balance_chart, flow_chart, kind_bars};
use crate::components::islands::PrintButton;
use crate::components::raw_text::PageTitle;
use crate::components::scroll_region::scroll_region;
use crate::components::status::Loaded;
use crate::domain::statistics::{
    change_permille, percent, signed_percent, year_label, Breakdown, Counters, Filters, Report,
};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StatisticsReportPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let filters = Memo::new(move |_| query.with(|q| Filters::from_query(|k| q.get(k))));
    let page = Resource::new(move || filters.get(), |f| statistics_report(Some(f)));
    view! {
        <PageTitle text=t(Key::StatsReport)/>
        <Loaded resource=page render=move |r| view! {
            <p class="no-print actions">
                <a class="button" href=format!("/statistics?{}", r.this.filters.to_query())>{l.text(Key::StatsTitle)}</a>
                <PrintButton label=l.text(Key::StatsPrint).to_string() hint=l.text(Key::StatsPrintHint).to_string()/>
            </p>
            {year_form(l, &r)}
            {report(l, r)}
        }/>
    }
}

/// Choosing the year (a GET form; not printed).
fn year_form(l: Locale, r: &Report) -> impl IntoView {
    let mut years = r.this.available_years.clone();
    if !years.contains(&r.year) {
        years.push(r.year);
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    let f = &r.this.filters;
    view! {
        <form method="get" action="/statistics/report" class="filters no-print">
            {f.alliance.clone().map(|a| view! { <input type="hidden" name="alliance" value=a/> })}
            {f.university.map(|u| view! { <input type="hidden" name="university" value=u.to_string()/> })}
            <div class="field">
                <label for="report-year">{l.text(Key::StatsReportYear)}</label>
                <select id="report-year" name="from">
                    {years.into_iter().map(|y| view! { <option value=y.to_string() selected=y == r.year>{year_label(y)}</option> }).collect_view()}
                </select>
            </div>
            <div class="actions"><button type="submit">{l.text(Key::StatsShow)}</button></div>
        </form>
    }
}

/// This year, last year and the change, for one figure.
fn change_row(l: Locale, k: Key, this: i64, last: i64) -> impl IntoView {
    change_row_text(l.text(k).to_string(), this, last)
}

fn changes(l: Locale, this: &Counters, last: &Counters) -> impl IntoView {
    view! {
        {scroll_region(l.text(Key::StatsChange), view! {
            <table class="stats compact">
                <thead><tr>
                    <th scope="col"></th>
                    <th scope="col" class="num">{l.text(Key::StatsThisYear)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsLastYear)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsChange)}</th>
                </tr></thead>
                <tbody>
                    {change_row(l, Key::StatsApplications, this.applications, last.applications)}
                    {change_row(l, Key::StatsNominated, this.nominated, last.nominated)}
                    {change_row(l, Key::StatsAccepted, this.accepted, last.accepted)}
                    {change_row(l, Key::StatsMobilities, this.mobilities(), last.mobilities())}
                    <tr>
                        <th scope="row">{l.text(Key::StatsAcceptance)}</th>
                        <td class="num">{percent(this.acceptance_permille())}</td>
                        <td class="num">{percent(last.acceptance_permille())}</td>
                        <td class="num"></td>
                    </tr>
                </tbody>
            </table>
        })}
    }
}

/// Mobilities per kind this year and last, with the change.
fn kinds_change(l: Locale, r: &Report) -> impl IntoView {
    let rows = crate::domain::opportunity::Kind::ALL
        .iter()
        .map(|k| {
            let of = |d: &crate::domain::statistics::Dashboard| {
                d.by_kind
                    .iter()
                    .find(|row| row.key == k.code())
                    .map_or(0, |row| row.counters.mobilities())
            };
            change_row_text(l.text(k.label()).to_string(), of(&r.this), of(&r.last))
        })
        .collect_view();
    view! {
        {scroll_region(l.text(Key::StatsKind), view! {
            <table class="stats compact">
                <thead><tr>
                    <th scope="col">{l.text(Key::StatsKind)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsThisYear)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsLastYear)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsChange)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })}
    }
}

fn change_row_text(label: String, this: i64, last: i64) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{label}</th>
            <td class="num">{number(this)}</td>
            <td class="num">{number(last)}</td>
            <td class="num">{signed_percent(change_permille(this, last))}</td>
        </tr>
    }
}

fn report(l: Locale, r: Report) -> impl IntoView {
    let d = &r.this;
    let by_applications = d.totals.mobilities() == 0;
    let flows = flow_lines(l, d, |_| None);
    let generated = crate::domain::dates::utc_date(r.generated_at);
    let top: Vec<_> = d.universities.iter().take(15).cloned().collect();
    view! {
        <article class="report">
            <header>
                <p class="kind">{l.text(Key::AppName)}</p>
                <h1>{l.fill(Key::StatsReportTitle, &[("year", &year_label(r.year))])}</h1>
                <p class="lead">{scope_heading(l, d)}</p>
                <p class="hint">{l.fill(Key::StatsReportGenerated, &[("date", &generated)])}</p>
            </header>
            <section>
                <h2>{l.text(Key::StatsKeyFigures)}</h2>
                {key_figures(l, &d.totals)}
                {changes(l, &d.totals, &r.last.totals)}
            </section>
            <section class="page-break">
                <h2>{l.text(Key::StatsFlowTitle)}</h2>
                <figure>
                    {flow_chart(l, &d.flows, by_applications, l.text(Key::StatsFlowTitle).to_string())}
                    <figcaption>{l.text(if by_applications { Key::StatsFlowCaptionApplications } else { Key::StatsFlowCaption })}</figcaption>
                </figure>
                {counters_table(l, Key::StatsCountryPair, flows, Some(d.totals))}
            </section>
            <section class="page-break">
                <h2>{l.text(Key::StatsKindsTitle)}</h2>
                {kinds_change(l, &r)}
                <figure>
                    {kind_bars(l, &d.kinds_by_year, l.text(Key::StatsBarsTitle).to_string())}
                    <figcaption>{l.text(Key::StatsBarsCaption)}</figcaption>
                </figure>
                <h3>{l.text(Key::StatsLevelsTitle)}</h3>
                {counters_table(l, Key::StatsLevel, lines(l, Breakdown::Level, &d.by_level), None)}
            </section>
            <section class="page-break">
                <h2>{l.text(Key::StatsMembersTitle)}</h2>
                <figure>
                    {balance_chart(l, &top, l.text(Key::StatsBalanceTitle).to_string())}
                    <figcaption>{l.fill(Key::StatsBalanceCaption, &[("n", "15")])}</figcaption>
                </figure>
                {universities_table(l, d, None)}
            </section>
            <section class="page-break">
                <h2>{l.text(Key::StatsTimingsTitle)}</h2>
                <p class="hint">{l.text(Key::StatsTimingsNote)}</p>
                {timings_table(l, d)}
            </section>
        </article>
    }
}
