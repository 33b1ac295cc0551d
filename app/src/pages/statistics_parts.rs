//! The statistics' tables, shared by the dashboard and the annual report. Every chart has one
//! of these beside it with the same figures.
use crate::components::scroll_region::scroll_region;
use crate::domain::statistics::{
    days_text, key_label, percent, Breakdown, Counters, Dashboard, Timing, STATES,
};
use crate::i18n::{Key, Locale};
use leptos::prelude::*;

/// One row of a counters table: its label, where it links (a drill-down), its figures.
pub struct Line {
    pub label: String,
    pub href: Option<String>,
    pub counters: Counters,
}

pub fn lines(l: Locale, by: Breakdown, rows: &[crate::domain::statistics::Row]) -> Vec<Line> {
    rows.iter()
        .map(|r| Line {
            label: key_label(l, by, &r.key),
            href: None,
            counters: r.counters,
        })
        .collect()
}

/// A number with thin-space thousands, as the tables show it.
pub fn number(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    if n < 0 {
        format!("−{out}")
    } else {
        out
    }
}

/// Applications, nominated, accepted, acceptance rate and mobilities per line.
pub fn counters_table(
    l: Locale,
    first: Key,
    lines: Vec<Line>,
    totals: Option<Counters>,
) -> impl IntoView {
    let body = lines
        .into_iter()
        .map(|line| {
            let label = match line.href {
                Some(href) => view! { <a href=href>{line.label}</a> }.into_any(),
                None => line.label.into_any(),
            };
            view! { <tr><th scope="row">{label}</th>{cells(&line.counters)}</tr> }
        })
        .collect_view();
    let foot = totals.map(|t| {
        view! { <tfoot><tr><th scope="row">{l.text(Key::StatsTotal)}</th>{cells(&t)}</tr></tfoot> }
    });
    view! {
        {scroll_region(format!("{}: {}", l.text(Key::StatsTitle), l.text(first)), view! {
            <table class="stats">
                <thead><tr>
                    <th scope="col">{l.text(first)}</th>
                    {counter_headings(l)}
                </tr></thead>
                <tbody>{body}</tbody>
                {foot}
            </table>
        })}
    }
}

/// The headings of [`cells`].
fn counter_headings(l: Locale) -> impl IntoView {
    view! {
        <th scope="col" class="num">{l.text(Key::StatsApplications)}</th>
        <th scope="col" class="num">{l.text(Key::StatsNominated)}</th>
        <th scope="col" class="num">{l.text(Key::StatsAccepted)}</th>
        <th scope="col" class="num">{l.text(Key::StatsAcceptance)}</th>
        <th scope="col" class="num">{l.text(Key::StatsMobilities)}</th>
    }
}

fn cells(c: &Counters) -> impl IntoView {
    view! {
        <td class="num">{number(c.applications)}</td>
        <td class="num">{number(c.nominated)}</td>
        <td class="num">{number(c.accepted)}</td>
        <td class="num">{percent(c.acceptance_permille())}</td>
        <td class="num">{number(c.mobilities())}</td>
    }
}

/// Applications per present state.
pub fn states_table(l: Locale, d: &Dashboard) -> impl IntoView {
    let rows = STATES
        .iter()
        .map(|s| {
            view! { <tr><th scope="row">{l.text(s.label())}</th><td class="num">{number(d.totals.in_state(*s))}</td></tr> }
        })
        .collect_view();
    view! {
        <table class="stats compact">
            <thead><tr><th scope="col">{l.text(Key::StatsState)}</th><th scope="col" class="num">{l.text(Key::StatsApplications)}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Each university's outgoing and incoming applications and mobilities, balance, acceptance.
pub fn universities_table(
    l: Locale,
    d: &Dashboard,
    link: Option<&dyn Fn(i64) -> String>,
) -> impl IntoView {
    let rows = d
        .universities
        .iter()
        .map(|u| {
            let name = match link {
                Some(f) => view! { <a href=f(u.id)>{u.name.clone()}</a> }.into_any(),
                None => u.name.clone().into_any(),
            };
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td>{key_label(l, Breakdown::Country, &u.country)}</td>
                    <td class="num">{number(u.outgoing.applications)}</td>
                    <td class="num">{number(u.incoming.applications)}</td>
                    <td class="num">{number(u.outgoing.mobilities())}</td>
                    <td class="num">{number(u.incoming.mobilities())}</td>
                    <td class="num">{number(u.balance())}</td>
                    <td class="num">{percent(u.incoming.acceptance_permille())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {scroll_region(l.text(Key::StatsUniversity), view! {
            <table class="stats">
                <thead><tr>
                    <th scope="col">{l.text(Key::StatsUniversity)}</th>
                    <th scope="col">{l.text(Key::StatsCountry)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsOutgoing)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsIncoming)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsOutgoingMobilities)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsIncomingMobilities)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsBalance)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsAcceptance)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })}
    }
}

/// University to university.
pub fn pairs_table(l: Locale, d: &Dashboard) -> impl IntoView {
    let rows = d
        .pairs
        .iter()
        .map(|p| {
            view! { <tr><th scope="row">{p.home.clone()}</th><td>{p.host.clone()}</td>{cells(&p.counters)}</tr> }
        })
        .collect_view();
    view! {
        {scroll_region(l.text(Key::StatsPairsTitle), view! {
            <table class="stats">
                <thead><tr>
                    <th scope="col">{l.text(Key::StatsHome)}</th>
                    <th scope="col">{l.text(Key::StatsHost)}</th>
                    {counter_headings(l)}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })}
    }
}

/// The opportunities with the most applications and their acceptance rates.
pub fn opportunities_table(l: Locale, d: &Dashboard) -> impl IntoView {
    let rows = d
        .opportunities
        .iter()
        .map(|o| {
            view! {
                <tr>
                    <th scope="row"><a href=format!("/opportunities/{}", o.id)>{o.title.clone()}</a></th>
                    <td>{o.host.clone()}</td>
                    {cells(&o.counters)}
                </tr>
            }
        })
        .collect_view();
    view! {
        {scroll_region(l.text(Key::StatsOpportunitiesTitle), view! {
            <table class="stats">
                <thead><tr>
                    <th scope="col">{l.text(Key::StatsOpportunity)}</th>
                    <th scope="col">{l.text(Key::StatsHost)}</th>
                    {counter_headings(l)}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })}
    }
}

fn timing_cells(t: Option<Timing>) -> impl IntoView {
    match t {
        Some(t) => view! {
            <td class="num">{days_text(t.median)}</td><td class="num">{days_text(t.p90)}</td><td class="num">{number(t.count)}</td>
        }
        .into_any(),
        None => view! { <td class="num">"—"</td><td class="num">"—"</td><td class="num">"0"</td> }.into_any(),
    }
}

/// Median and 90th percentile of days to nomination and to acceptance, per university.
pub fn timings_table(l: Locale, d: &Dashboard) -> impl IntoView {
    let rows = d
        .timings
        .iter()
        .map(|r| view! { <tr><th scope="row">{r.name.clone()}</th>{timing_cells(r.nominate)}{timing_cells(r.accept)}</tr> })
        .collect_view();
    view! {
        {scroll_region(l.text(Key::StatsTimingsTitle), view! {
            <table class="stats">
                <thead><tr>
                    <th scope="col">{l.text(Key::StatsUniversity)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsNominationMedian)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsNominationP90)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsNominationCount)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsAcceptanceMedian)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsAcceptanceP90)}</th>
                    <th scope="col" class="num">{l.text(Key::StatsAcceptanceCount)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })}
    }
}

/// The key figures: applications, nominated, accepted, acceptance rate, mobilities.
pub fn key_figures(l: Locale, c: &Counters) -> impl IntoView {
    let figure =
        |k: Key, v: String| view! { <div class="figure"><dt>{l.text(k)}</dt><dd>{v}</dd></div> };
    view! {
        <dl class="key-figures">
            {figure(Key::StatsApplications, number(c.applications))}
            {figure(Key::StatsNominated, number(c.nominated))}
            {figure(Key::StatsAccepted, number(c.accepted))}
            {figure(Key::StatsAcceptance, percent(c.acceptance_permille()))}
            {figure(Key::StatsMobilities, number(c.mobilities()))}
        </dl>
    }
}
