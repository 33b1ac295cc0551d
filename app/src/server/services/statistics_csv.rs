//! The dashboard's tables as CSV: the same rows as on the page (every opportunity and pair,
//! not only the largest), headings and labels in the reader's language, counts as numbers.
use super::review::csv_field;
use crate::domain::statistics::{
    days_text, key_label, percent, Breakdown, Counters, Dashboard, STATES,
};
use crate::i18n::{Key, Locale};

fn counter_headings(l: Locale) -> Vec<String> {
    let mut h: Vec<String> = [
        Key::StatsApplications,
        Key::StatsNominated,
        Key::StatsAccepted,
        Key::StatsAcceptance,
        Key::StatsMobilities,
    ]
    .iter()
    .map(|k| l.text(*k).to_string())
    .collect();
    h.extend(STATES.iter().map(|s| l.text(s.label()).to_string()));
    h
}

fn counter_cells(c: &Counters) -> Vec<String> {
    let mut v = vec![
        c.applications.to_string(),
        c.nominated.to_string(),
        c.accepted.to_string(),
        percent(c.acceptance_permille()).replace(" %", ""),
        c.mobilities().to_string(),
    ];
    v.extend(c.states.iter().map(i64::to_string));
    v
}

fn line(cells: &[String]) -> String {
    let mut s = cells
        .iter()
        .map(|c| csv_field(c))
        .collect::<Vec<_>>()
        .join(",");
    s.push_str("\r\n");
    s
}

/// Table `table` of `d` (one of `statistics::CSV_TABLES`).
pub fn table(l: Locale, d: &Dashboard, table: &str) -> String {
    let t = |k: Key| l.text(k).to_string();
    let mut out = String::from("\u{feff}");
    let mut push = |cells: Vec<String>| out.push_str(&line(&cells));
    let with_counters = |mut first: Vec<String>, c: &Counters| {
        first.extend(counter_cells(c));
        first
    };
    let heading = |first: Vec<String>| {
        let mut h = first;
        h.extend(counter_headings(l));
        h
    };
    match table {
        "years" | "kinds" | "levels" => {
            let (rows, by, title) = match table {
                "years" => (&d.trend, Breakdown::Year, Key::StatsYear),
                "kinds" => (&d.by_kind, Breakdown::Kind, Key::StatsKind),
                _ => (&d.by_level, Breakdown::Level, Key::StatsLevel),
            };
            push(heading(vec![t(title)]));
            for r in rows {
                push(with_counters(vec![key_label(l, by, &r.key)], &r.counters));
            }
        }
        "states" => {
            push(vec![t(Key::StatsState), t(Key::StatsApplications)]);
            for (s, n) in d.by_state() {
                push(vec![t(s.label()), n.to_string()]);
            }
        }
        "flows" => {
            push(heading(vec![
                t(Key::StatsHomeCountry),
                t(Key::StatsHostCountry),
            ]));
            for f in &d.flows {
                push(with_counters(
                    vec![
                        key_label(l, Breakdown::Country, &f.home),
                        key_label(l, Breakdown::Country, &f.host),
                    ],
                    &f.counters,
                ));
            }
        }
        "universities" => {
            let mut h = vec![t(Key::StatsUniversity), t(Key::StatsCountry)];
            h.extend([
                t(Key::StatsOutgoing),
                t(Key::StatsIncoming),
                t(Key::StatsOutgoingMobilities),
                t(Key::StatsIncomingMobilities),
                t(Key::StatsBalance),
                t(Key::StatsAcceptance),
            ]);
            push(h);
            for u in &d.universities {
                push(vec![
                    u.name.clone(),
                    key_label(l, Breakdown::Country, &u.country),
                    u.outgoing.applications.to_string(),
                    u.incoming.applications.to_string(),
                    u.outgoing.mobilities().to_string(),
                    u.incoming.mobilities().to_string(),
                    u.balance().to_string(),
                    percent(u.incoming.acceptance_permille()).replace(" %", ""),
                ]);
            }
        }
        "pairs" => {
            push(heading(vec![t(Key::StatsHome), t(Key::StatsHost)]));
            for p in &d.pairs {
                push(with_counters(
                    vec![p.home.clone(), p.host.clone()],
                    &p.counters,
                ));
            }
        }
        "opportunities" => {
            push(heading(vec![
                "ID".to_string(),
                t(Key::StatsOpportunity),
                t(Key::StatsHost),
            ]));
            for o in &d.opportunities {
                push(with_counters(
                    vec![o.id.to_string(), o.title.clone(), o.host.clone()],
                    &o.counters,
                ));
            }
        }
        _ => {
            push(vec![
                t(Key::StatsUniversity),
                t(Key::StatsNominationMedian),
                t(Key::StatsNominationP90),
                t(Key::StatsNominationCount),
                t(Key::StatsAcceptanceMedian),
                t(Key::StatsAcceptanceP90),
                t(Key::StatsAcceptanceCount),
            ]);
            let cells = |x: Option<crate::domain::statistics::Timing>| match x {
                Some(x) => [days_text(x.median), days_text(x.p90), x.count.to_string()],
                None => [String::new(), String::new(), "0".to_string()],
            };
            for r in &d.timings {
                let mut row = vec![r.name.clone()];
                row.extend(cells(r.nominate));
                row.extend(cells(r.accept));
                push(row);
            }
        }
    }
    out
}
