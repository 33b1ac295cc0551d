//! Reading the statistics' rollups: grouped sums for the dashboard. An alliance's figures come
//! from the small country-level `stat_flows`; a university's from its own rows of `stat_units`
//! (seen as flows: its side and its partner's country); neither reads an application.
use super::{Db, StoreError};
use crate::domain::statistics::{Counters, COUNTER_COLUMNS};
use crate::read;
use sqlx::Row;

/// What the figures are of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub alliance_id: Option<i64>,
    pub university_id: Option<i64>,
    pub years: (i64, i64),
    pub kind: Option<String>,
    pub level: Option<String>,
    pub home_country: Option<String>,
    pub host_country: Option<String>,
}

impl Selection {
    /// No kind, level or country chosen: the smaller rollups answer.
    fn unfiltered(&self) -> bool {
        self.kind.is_none()
            && self.level.is_none()
            && self.home_country.is_none()
            && self.host_country.is_none()
    }
}

enum Bind {
    I(i64),
    S(String),
}

/// A statement under construction with its numbered parameters.
#[derive(Default)]
struct Query {
    conditions: Vec<String>,
    binds: Vec<Bind>,
}

impl Query {
    fn param(&mut self, b: Bind) -> String {
        self.binds.push(b);
        format!("${}", self.binds.len())
    }

    fn eq(&mut self, column: &str, b: Option<Bind>) {
        if let Some(b) = b {
            let p = self.param(b);
            self.conditions.push(format!("{column} = {p}"));
        }
    }

    fn years(&mut self, (from, to): (i64, i64)) {
        let a = self.param(Bind::I(from));
        let b = self.param(Bind::I(to));
        self.conditions
            .push(format!("academic_year BETWEEN {a} AND {b}"));
    }

    fn filters(&mut self, s: &Selection) {
        self.eq("kind", s.kind.clone().map(Bind::S));
        self.eq("level", s.level.clone().map(Bind::S));
        self.eq("home_country", s.home_country.clone().map(Bind::S));
        self.eq("host_country", s.host_country.clone().map(Bind::S));
    }

    fn where_clause(&self) -> String {
        if self.conditions.is_empty() {
            "1 = 1".into()
        } else {
            self.conditions.join(" AND ")
        }
    }
}

/// `CAST(SUM(c) AS BIGINT) AS c, …` for every counter.
fn sums() -> String {
    COUNTER_COLUMNS
        .iter()
        .map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows of the flow-shaped relation for `s` (alliance-wide, or one university's side).
fn flow_source(s: &Selection, q: &mut Query) -> String {
    match s.university_id {
        None => {
            q.eq("alliance_id", s.alliance_id.map(Bind::I));
            "stat_flows".into()
        }
        Some(u) => {
            let p = q.param(Bind::I(u));
            q.eq("alliance_id", s.alliance_id.map(Bind::I));
            format!(
                "(SELECT alliance_id, academic_year, kind, level, \
                 CASE WHEN side = 'out' THEN country ELSE partner_country END AS home_country, \
                 CASE WHEN side = 'out' THEN partner_country ELSE country END AS host_country, {} \
                 FROM stat_units WHERE university_id = {p}) f",
                COUNTER_COLUMNS.join(", ")
            )
        }
    }
}

/// Runs a grouped query: `keys` text columns, then the 13 counters.
async fn grouped(
    db: &Db,
    sql: &str,
    binds: &[Bind],
    keys: usize,
) -> Result<Vec<(Vec<String>, Counters)>, StoreError> {
    let rows = read!(db, |pool| {
        let mut q = sqlx::query(sql);
        for b in binds {
            q = match b {
                Bind::I(i) => q.bind(*i),
                Bind::S(s) => q.bind(s.as_str()),
            };
        }
        q.fetch_all(pool).await.map(|rows| {
            rows.iter()
                .map(|r| {
                    let k = (0..keys)
                        .map(|i| r.try_get::<String, _>(i).unwrap_or_default())
                        .collect();
                    let v: Vec<i64> = (keys..keys + COUNTER_COLUMNS.len())
                        .map(|i| r.try_get::<i64, _>(i).unwrap_or(0))
                        .collect();
                    (k, Counters::from_values(&v))
                })
                .collect::<Vec<_>>()
        })
    })?;
    Ok(rows)
}

/// Sums of the flow-shaped rows grouped by `columns` (each cast to text). With `all_years` the
/// year filter is left out (the trend).
pub async fn flows_by(
    db: &Db,
    s: &Selection,
    columns: &[&str],
    all_years: bool,
) -> Result<Vec<(Vec<String>, Counters)>, StoreError> {
    let mut q = Query::default();
    let source = flow_source(s, &mut q);
    if !all_years {
        q.years(s.years);
    }
    q.filters(s);
    let keys = columns
        .iter()
        .map(|c| format!("CAST({c} AS TEXT)"))
        .collect::<Vec<_>>()
        .join(", ");
    let groups = (1..=columns.len())
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {keys}, {} FROM {source} WHERE {} GROUP BY {groups} ORDER BY {groups}",
        sums(),
        q.where_clause()
    );
    grouped(db, &sql, &q.binds, columns.len()).await
}

/// Per university and side ('out', 'in'): the whole alliance, or the one university.
pub async fn universities(
    db: &Db,
    s: &Selection,
) -> Result<Vec<(i64, String, Counters)>, StoreError> {
    let mut q = Query::default();
    let table = if s.unfiltered() {
        "stat_university_years"
    } else {
        "stat_units"
    };
    q.eq("alliance_id", s.alliance_id.map(Bind::I));
    q.eq("university_id", s.university_id.map(Bind::I));
    q.years(s.years);
    q.eq("kind", s.kind.clone().map(Bind::S));
    q.eq("level", s.level.clone().map(Bind::S));
    // A university's own country is its side's country; the other side is the partner's.
    for (country, own_side) in [(&s.home_country, "out"), (&s.host_country, "in")] {
        if let Some(c) = country {
            let p = q.param(Bind::S(c.clone()));
            q.conditions.push(format!(
                "(CASE WHEN side = '{own_side}' THEN country ELSE partner_country END) = {p}"
            ));
        }
    }
    let sql = format!(
        "SELECT CAST(university_id AS TEXT), side, {} FROM {table} WHERE {} \
         GROUP BY university_id, side ORDER BY university_id, side",
        sums(),
        q.where_clause()
    );
    Ok(grouped(db, &sql, &q.binds, 2)
        .await?
        .into_iter()
        .filter_map(|(k, c)| Some((k.first()?.parse().ok()?, k.get(1)?.clone(), c)))
        .collect())
}

/// University to university, the largest first: within the selection's country pair
/// (alliance-wide), or the selected university's partners.
pub async fn pairs(
    db: &Db,
    s: &Selection,
    limit: Option<i64>,
) -> Result<Vec<(i64, i64, Counters)>, StoreError> {
    let mut q = Query::default();
    q.eq("alliance_id", s.alliance_id.map(Bind::I));
    if let Some(u) = s.university_id {
        let a = q.param(Bind::I(u));
        q.conditions.push(format!(
            "(home_university_id = {a} OR host_university_id = {a})"
        ));
    }
    q.years(s.years);
    q.filters(s);
    let table = if s.kind.is_none() && s.level.is_none() {
        "stat_pair_years"
    } else {
        "stat_pairs"
    };
    let limit = limit.map_or(String::new(), |n| format!(" LIMIT {n}"));
    let sql = format!(
        "SELECT CAST(home_university_id AS TEXT), CAST(host_university_id AS TEXT), {} \
         FROM {table} WHERE {} GROUP BY home_university_id, host_university_id \
         ORDER BY SUM(applications) DESC, home_university_id, host_university_id{limit}",
        sums(),
        q.where_clause()
    );
    Ok(grouped(db, &sql, &q.binds, 2)
        .await?
        .into_iter()
        .filter_map(|(k, c)| Some((k.first()?.parse().ok()?, k.get(1)?.parse().ok()?, c)))
        .collect())
}

/// Per opportunity, the most applications first: the alliance's, or those the selected
/// university hosts.
pub async fn opportunities(
    db: &Db,
    s: &Selection,
    limit: Option<i64>,
) -> Result<Vec<(i64, Counters)>, StoreError> {
    let mut q = Query::default();
    q.eq("alliance_id", s.alliance_id.map(Bind::I));
    q.eq("host_university_id", s.university_id.map(Bind::I));
    q.years(s.years);
    q.filters(s);
    let table = if s.unfiltered() {
        "stat_opportunity_totals"
    } else {
        "stat_opportunities"
    };
    let limit = limit.map_or(String::new(), |n| format!(" LIMIT {n}"));
    let sql = format!(
        "SELECT CAST(opportunity_id AS TEXT), {} FROM {table} WHERE {} \
         GROUP BY opportunity_id ORDER BY SUM(applications) DESC, opportunity_id{limit}",
        sums(),
        q.where_clause()
    );
    Ok(grouped(db, &sql, &q.binds, 1)
        .await?
        .into_iter()
        .filter_map(|(k, c)| Some((k.first()?.parse().ok()?, c)))
        .collect())
}

/// Per (university, measure): the histogram of answer days (index = days, the last one "or
/// more") over the selected years — a sum of one row per university and year.
pub async fn durations(db: &Db, s: &Selection) -> Result<Vec<(i64, String, Vec<i64>)>, StoreError> {
    let mut q = Query::default();
    q.eq("alliance_id", s.alliance_id.map(Bind::I));
    q.eq("university_id", s.university_id.map(Bind::I));
    q.years(s.years);
    let columns = super::statistics::day_columns();
    let sums = columns
        .iter()
        .map(|c| format!("CAST(SUM({c}) AS BIGINT)"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT university_id, measure, {sums} FROM stat_durations WHERE {} \
         GROUP BY university_id, measure ORDER BY university_id, measure",
        q.where_clause()
    );
    let binds = &q.binds;
    let n = columns.len();
    Ok(read!(db, |pool| {
        let mut query = sqlx::query(&sql);
        for b in binds {
            query = match b {
                Bind::I(i) => query.bind(*i),
                Bind::S(s) => query.bind(s.as_str()),
            };
        }
        query.fetch_all(pool).await.map(|rows| {
            rows.iter()
                .map(|r| {
                    let counts = (2..2 + n)
                        .map(|i| r.try_get::<i64, _>(i).unwrap_or(0))
                        .collect();
                    (
                        r.try_get::<i64, _>(0).unwrap_or(0),
                        r.try_get::<String, _>(1).unwrap_or_default(),
                        counts,
                    )
                })
                .collect::<Vec<_>>()
        })
    })?)
}

/// Names and countries of universities, opportunities' titles and hosts: for the rows shown.
pub async fn university_names(
    db: &Db,
) -> Result<Vec<(i64, String, Option<String>, Option<String>, String)>, StoreError> {
    Ok(read!(db, |pool| sqlx::query_as::<
        _,
        (i64, String, Option<String>, Option<String>, String),
    >(
        "SELECT id, name_en, name_native, native_lang, country FROM universities ORDER BY id"
    )
    .fetch_all(pool)
    .await)?)
}

/// (id, title in `lang` or the first there is, host university) of opportunities `ids`.
pub async fn opportunity_titles(
    db: &Db,
    ids: &[i64],
    lang: &str,
) -> Result<Vec<(i64, String, i64)>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let lang = match lang {
        "ru" => "ru",
        "zh" => "zh",
        _ => "en",
    };
    let list = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT id, COALESCE(title_{lang}, title_en, title_ru, title_zh, ''), host_university_id \
         FROM opportunities WHERE id IN ({list})"
    );
    Ok(read!(db, |pool| sqlx::query_as::<_, (i64, String, i64)>(
        &sql
    )
    .fetch_all(pool)
    .await)?)
}

/// (id, slug, abbreviation in the reader's language) of every alliance.
pub async fn alliances(
    db: &Db,
    l: crate::i18n::Locale,
) -> Result<Vec<(i64, String, String)>, StoreError> {
    let column = match l.code() {
        "ru" => "abbreviation_ru",
        "zh" => "abbreviation_zh",
        _ => "abbreviation_en",
    };
    let sql = format!(
        "SELECT id, slug, COALESCE({column}, abbreviation_en) FROM alliances ORDER BY founded_on, slug"
    );
    Ok(read!(db, |pool| {
        sqlx::query_as::<_, (i64, String, String)>(&sql)
            .fetch_all(pool)
            .await
    })?)
}
