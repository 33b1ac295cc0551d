//! Charts drawn on the server as SVG: they show without JavaScript, print sharply, and carry
//! their own title for screen readers (each sits beside a table with the same figures).
//! Colours come from classes in the stylesheet (the page's CSP allows no inline styles).
use crate::domain::statistics::{key_label, Breakdown, Flow, UniversityRow};
use crate::i18n::{Key, Locale};
use leptos::prelude::*;

const WIDTH: f64 = 640.0;

/// A number's share of `total` pixels (0 when there is nothing).
fn scale(value: i64, max: i64, total: f64) -> f64 {
    if max <= 0 {
        0.0
    } else {
        value as f64 * total / max as f64
    }
}

fn fmt(x: f64) -> String {
    format!("{x:.1}")
}

/// Home countries on the left, host countries on the right, a band for each pair as wide as
/// its number (`mobilities` or, when `by_applications`, applications).
pub fn flow_chart(
    l: Locale,
    flows: &[Flow],
    by_applications: bool,
    title: String,
) -> impl IntoView {
    let value = |f: &Flow| {
        if by_applications {
            f.counters.applications
        } else {
            f.counters.mobilities()
        }
    };
    let mut homes: Vec<(String, i64)> = Vec::new();
    let mut hosts: Vec<(String, i64)> = Vec::new();
    for f in flows.iter().filter(|f| value(f) > 0) {
        for (side, key) in [(&mut homes, &f.home), (&mut hosts, &f.host)] {
            match side.iter_mut().find(|(k, _)| k == key) {
                Some((_, n)) => *n += value(f),
                None => side.push((key.clone(), value(f))),
            }
        }
    }
    homes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    hosts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let total: i64 = homes.iter().map(|(_, n)| n).sum();
    let gap = 12.0;
    let span = 260.0;
    let height = span + gap * (homes.len().max(hosts.len()).max(1) as f64 - 1.0) + 20.0;
    let (left, right, node) = (150.0, WIDTH - 150.0, 14.0);
    // Where each node starts, and how much of it the bands drawn so far have used.
    let place = |side: &[(String, i64)]| {
        let mut y = 10.0;
        side.iter()
            .map(|(k, n)| {
                let h = scale(*n, total, span);
                let at = (k.clone(), y, h);
                y += h + gap;
                at
            })
            .collect::<Vec<_>>()
    };
    let (home_at, host_at) = (place(&homes), place(&hosts));
    let mut home_used = vec![0.0; homes.len()];
    let mut host_used = vec![0.0; hosts.len()];
    let mut ordered: Vec<&Flow> = flows.iter().filter(|f| value(f) > 0).collect();
    ordered.sort_by_key(|f| std::cmp::Reverse(value(f)));
    let bands = ordered
        .into_iter()
        .filter_map(|f| {
            let i = home_at.iter().position(|(k, _, _)| *k == f.home)?;
            let j = host_at.iter().position(|(k, _, _)| *k == f.host)?;
            let h = scale(value(f), total, span);
            let y0 = home_at[i].1 + home_used[i];
            let y1 = host_at[j].1 + host_used[j];
            home_used[i] += h;
            host_used[j] += h;
            let (x0, x1) = (left + node, right);
            let mid = (x0 + x1) / 2.0;
            let d = format!(
                "M{x0},{a} C{mid},{a} {mid},{b} {x1},{b} L{x1},{c} C{mid},{c} {mid},{e} {x0},{e} Z",
                a = fmt(y0),
                b = fmt(y1),
                c = fmt(y1 + h),
                e = fmt(y0 + h),
            );
            let label = format!(
                "{} → {}: {}",
                key_label(l, Breakdown::Country, &f.home),
                key_label(l, Breakdown::Country, &f.host),
                value(f)
            );
            Some(view! { <path class=format!("band c{}", i % 6) d=d><title>{label}</title></path> })
        })
        .collect_view();
    let nodes = |at: &[(String, f64, f64)],
                 x: f64,
                 anchor: &'static str,
                 tx: f64,
                 counts: &[(String, i64)]| {
        at.iter()
            .zip(counts)
            .enumerate()
            .map(|(i, ((k, y, h), (_, n)))| {
                let name = key_label(l, Breakdown::Country, k);
                view! {
                    <rect class=format!("node c{}", i % 6) x=fmt(x) y=fmt(*y) width=fmt(node) height=fmt(h.max(1.0))/>
                    <text x=fmt(tx) y=fmt(y + h / 2.0 + 4.0) text-anchor=anchor>{format!("{name} {n}")}</text>
                }
            })
            .collect_view()
    };
    let left_nodes = nodes(&home_at, left, "end", left - 6.0, &homes);
    let right_nodes = nodes(&host_at, right, "start", right + node + 6.0, &hosts);
    let empty = (total == 0).then(|| {
        view! { <text x=fmt(WIDTH / 2.0) y="40" text-anchor="middle">{l.text(Key::StatsEmpty)}</text> }
    });
    let label = title.clone();
    view! {
        <svg class="chart flow" viewBox=format!("0 0 {WIDTH} {}", fmt(height)) role="img" aria-label=label>
            <title>{title}</title>
            <text class="axis" x=fmt(left) y="8" text-anchor="end">{l.text(Key::StatsHomeCountry)}</text>
            <text class="axis" x=fmt(right + node) y="8">{l.text(Key::StatsHostCountry)}</text>
            {bands}
            {left_nodes}
            {right_nodes}
            {empty}
        </svg>
    }
}

/// Stacked bars: a bar per academic year, a segment per kind.
pub fn kind_bars(l: Locale, data: &[(i64, String, i64)], title: String) -> impl IntoView {
    let mut years: Vec<i64> = data.iter().map(|(y, _, _)| *y).collect();
    years.sort_unstable();
    years.dedup();
    let kinds = crate::domain::opportunity::Kind::ALL;
    let total_of = |y: i64| -> i64 { data.iter().filter(|d| d.0 == y).map(|d| d.2).sum() };
    let max = years.iter().map(|y| total_of(*y)).max().unwrap_or(0);
    let (top, plot, base) = (20.0, 200.0, 230.0);
    let slot = if years.is_empty() {
        WIDTH
    } else {
        (WIDTH - 160.0) / years.len() as f64
    };
    let bars = years
        .iter()
        .enumerate()
        .map(|(i, y)| {
            let x = 40.0 + i as f64 * slot + slot * 0.15;
            let w = slot * 0.7;
            let mut y_at = base;
            let segments = kinds
                .iter()
                .enumerate()
                .filter_map(|(k, kind)| {
                    let n: i64 = data
                        .iter()
                        .filter(|d| d.0 == *y && d.1 == kind.code())
                        .map(|d| d.2)
                        .sum();
                    (n > 0).then(|| {
                        let h = scale(n, max, plot);
                        y_at -= h;
                        let label = format!(
                            "{} · {}: {n}",
                            crate::domain::statistics::year_label(*y),
                            l.text(kind.label())
                        );
                        view! { <rect class=format!("c{k}") x=fmt(x) y=fmt(y_at) width=fmt(w) height=fmt(h)><title>{label}</title></rect> }
                    })
                })
                .collect_view();
            let total = total_of(*y);
            view! {
                {segments}
                <text x=fmt(x + w / 2.0) y=fmt(y_at - 4.0) text-anchor="middle">{total}</text>
                <text x=fmt(x + w / 2.0) y=fmt(base + 16.0) text-anchor="middle">{crate::domain::statistics::year_label(*y)}</text>
            }
        })
        .collect_view();
    let legend = kinds
        .iter()
        .enumerate()
        .map(|(k, kind)| {
            let y = top + k as f64 * 18.0;
            view! {
                <rect class=format!("c{k}") x=fmt(WIDTH - 112.0) y=fmt(y) width="10" height="10"/>
                <text x=fmt(WIDTH - 98.0) y=fmt(y + 9.0)>{l.text(kind.label())}</text>
            }
        })
        .collect_view();
    let label = title.clone();
    view! {
        <svg class="chart bars" viewBox=format!("0 0 {WIDTH} 250") role="img" aria-label=label>
            <title>{title}</title>
            <line class="axis-line" x1="36" x2=fmt(WIDTH - 120.0) y1=fmt(base) y2=fmt(base)/>
            {bars}
            {legend}
        </svg>
    }
}

/// Outgoing mobilities to the left of the middle, incoming to the right, a row per university
/// (the `rows` given, in order).
pub fn balance_chart(l: Locale, rows: &[UniversityRow], title: String) -> impl IntoView {
    let max = rows
        .iter()
        .map(|u| u.outgoing.mobilities().max(u.incoming.mobilities()))
        .max()
        .unwrap_or(0);
    let row_h = 18.0;
    let height = 30.0 + row_h * rows.len() as f64;
    let (label_w, mid) = (230.0, 230.0 + (WIDTH - 230.0) / 2.0);
    let half = (WIDTH - label_w) / 2.0 - 30.0;
    let lines = rows
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let y = 24.0 + i as f64 * row_h;
            let (out, inc) = (u.outgoing.mobilities(), u.incoming.mobilities());
            let wo = scale(out, max, half);
            let wi = scale(inc, max, half);
            let name: String = u.name.chars().take(34).collect();
            view! {
                <text x=fmt(label_w - 6.0) y=fmt(y + 12.0) text-anchor="end"><title>{u.name.clone()}</title>{name}</text>
                <rect class="out" x=fmt(mid - wo) y=fmt(y) width=fmt(wo) height=fmt(row_h - 4.0)/>
                <rect class="in" x=fmt(mid) y=fmt(y) width=fmt(wi) height=fmt(row_h - 4.0)/>
                <text class="small" x=fmt(mid - wo - 4.0) y=fmt(y + 12.0) text-anchor="end">{out}</text>
                <text class="small" x=fmt(mid + wi + 4.0) y=fmt(y + 12.0)>{inc}</text>
            }
        })
        .collect_view();
    let label = title.clone();
    view! {
        <svg class="chart balance" viewBox=format!("0 0 {WIDTH} {}", fmt(height)) role="img" aria-label=label>
            <title>{title}</title>
            <text class="axis" x=fmt(mid - 6.0) y="12" text-anchor="end">{l.text(Key::StatsOutgoingMobilities)}</text>
            <text class="axis" x=fmt(mid + 6.0) y="12">{l.text(Key::StatsIncomingMobilities)}</text>
            <line class="axis-line" x1=fmt(mid) x2=fmt(mid) y1="16" y2=fmt(height)/>
            {lines}
        </svg>
    }
}
