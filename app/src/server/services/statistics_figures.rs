//! A dashboard's figures: what the rollups and the names say about a selection, whoever
//! asks (who may ask, and for what, is `statistics`). Each instance keeps them under the
//! versions of the rollups and of the catalogue.
use crate::domain::statistics::{
    Counters, Flow, OpportunityRow, PairRow, Row, Timing, TimingRow, UniversityRow,
    OPPORTUNITIES_SHOWN, PAIRS_SHOWN,
};
use crate::i18n::Locale;
use crate::server::error::ServiceError;
use crate::server::store::statistics::read::{self as store, Selection};
use crate::server::store::Db;
use std::collections::{BTreeMap, HashMap};

/// A university's name for a reader: its own name where it is in the reader's language.
fn display_name(l: Locale, en: String, native: Option<String>, lang: Option<String>) -> String {
    match (native, lang) {
        (Some(n), Some(lang)) if lang.starts_with(l.code()) => n,
        _ => en,
    }
}

struct Names {
    universities: HashMap<i64, (String, String)>,
}

impl Names {
    async fn load(db: &Db, l: Locale) -> Result<Names, ServiceError> {
        let universities = store::university_names(db)
            .await?
            .into_iter()
            .map(|u| {
                let name = display_name(l, u.name_en, u.name_native, u.native_lang);
                (u.id, (name, u.country))
            })
            .collect();
        Ok(Names { universities })
    }

    fn university(&self, id: i64) -> (String, String) {
        self.universities
            .get(&id)
            .cloned()
            .unwrap_or_else(|| (format!("#{id}"), String::new()))
    }
}

fn rows(groups: Vec<(Vec<String>, Counters)>) -> Vec<Row> {
    groups
        .into_iter()
        .map(|(k, counters)| Row {
            key: k.join("/"),
            counters,
        })
        .collect()
}

/// Entries in each instance's copy of the dashboards' figures.
pub const FIGURES_CACHED: usize = 64;

/// A dashboard's figures: what the rollups and the names say about a selection, whoever asks.
/// Each instance keeps them under the versions of the rollups and of the catalogue (names).
#[derive(Clone)]
pub struct Figures {
    pub university_name: Option<String>,
    pub available_years: Vec<i64>,
    pub totals: Counters,
    pub trend: Vec<Row>,
    pub kinds_by_year: Vec<(i64, String, i64)>,
    pub by_kind: Vec<Row>,
    pub by_level: Vec<Row>,
    pub flows: Vec<Flow>,
    pub universities: Vec<UniversityRow>,
    pub pairs: Vec<PairRow>,
    pub opportunities: Vec<OpportunityRow>,
    pub timings: Vec<TimingRow>,
}

/// The figures of selection `s` in `l`; `full` lists every opportunity and pair.
pub async fn figures(
    db: &Db,
    s: &Selection,
    l: Locale,
    full: bool,
) -> Result<Figures, ServiceError> {
    let years = s.years;
    let names = Names::load(db, l).await?;
    let university_name = s.university_id.map(|u| names.university(u).0);

    // Every year by kind: the trend and the bars; the selected years' part gives the kinds.
    let by_year_kind = store::flows_by(db, s, &["academic_year", "kind"], true).await?;
    let mut trend: BTreeMap<i64, Counters> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, Counters> = BTreeMap::new();
    let mut kinds_by_year = Vec::new();
    for (k, c) in &by_year_kind {
        let (Some(year), Some(kind)) = (k.first().and_then(|y| y.parse::<i64>().ok()), k.get(1))
        else {
            continue;
        };
        trend.entry(year).or_default().add(c);
        kinds_by_year.push((year, kind.clone(), c.mobilities()));
        if (years.0..=years.1).contains(&year) {
            by_kind.entry(kind.clone()).or_default().add(c);
        }
    }
    let available_years: Vec<i64> = trend.keys().rev().copied().collect();
    let by_level = rows(store::flows_by(db, s, &["level"], false).await?);
    let flows: Vec<Flow> = store::flows_by(db, s, &["home_country", "host_country"], false)
        .await?
        .into_iter()
        .filter_map(|(k, counters)| {
            Some(Flow {
                home: k.first()?.clone(),
                host: k.get(1)?.clone(),
                counters,
            })
        })
        .collect();
    let mut totals = Counters::default();
    for f in &flows {
        totals.add(&f.counters);
    }

    let mut universities: BTreeMap<i64, UniversityRow> = BTreeMap::new();
    for (id, side, c) in store::universities(db, s).await? {
        let row = universities.entry(id).or_insert_with(|| {
            let (name, country) = names.university(id);
            UniversityRow {
                id,
                name,
                country,
                outgoing: Counters::default(),
                incoming: Counters::default(),
            }
        });
        if side == "out" {
            row.outgoing.add(&c);
        } else {
            row.incoming.add(&c);
        }
    }
    let mut universities: Vec<UniversityRow> = universities.into_values().collect();
    universities.sort_by_key(|u| (-(u.outgoing.applications + u.incoming.applications), u.id));

    // University to university: a coordinator's partners, or a chosen country pair.
    let pairs =
        if s.university_id.is_some() || (s.home_country.is_some() && s.host_country.is_some()) {
            let limit = (!full).then_some(PAIRS_SHOWN as i64);
            store::pairs(db, s, limit)
                .await?
                .into_iter()
                .map(|(home_id, host_id, counters)| PairRow {
                    home_id,
                    home: names.university(home_id).0,
                    host_id,
                    host: names.university(host_id).0,
                    counters,
                })
                .collect()
        } else {
            Vec::new()
        };

    let limit = (!full).then_some(OPPORTUNITIES_SHOWN as i64);
    let top = store::opportunities(db, s, limit).await?;
    let ids: Vec<i64> = top.iter().map(|(id, _)| *id).collect();
    let titles: HashMap<i64, (String, i64)> = store::opportunity_titles(db, &ids, l.code())
        .await?
        .into_iter()
        .map(|(id, t, host)| (id, (t, host)))
        .collect();
    let opportunities = top
        .into_iter()
        .map(|(id, counters)| {
            let (title, host) = titles.get(&id).cloned().unwrap_or_default();
            OpportunityRow {
                id,
                title,
                host: names.university(host).0,
                counters,
            }
        })
        .collect();

    let mut timings: BTreeMap<i64, TimingRow> = BTreeMap::new();
    for (u, measure, counts) in store::durations(db, s).await? {
        let hist: Vec<(i64, i64)> = (0..).zip(counts).filter(|(_, n)| *n > 0).collect();
        let row = timings.entry(u).or_insert_with(|| TimingRow {
            id: u,
            name: names.university(u).0,
            nominate: None,
            accept: None,
        });
        let t = Timing::of(&hist);
        if measure == "nominate" {
            row.nominate = t;
        } else {
            row.accept = t;
        }
    }

    Ok(Figures {
        university_name,
        available_years,
        totals,
        trend: trend
            .into_iter()
            .map(|(y, counters)| Row {
                key: y.to_string(),
                counters,
            })
            .collect(),
        kinds_by_year,
        by_kind: by_kind
            .into_iter()
            .map(|(key, counters)| Row { key, counters })
            .collect(),
        by_level,
        flows,
        universities,
        pairs,
        opportunities,
        timings: timings.into_values().collect(),
    })
}
