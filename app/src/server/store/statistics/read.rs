//! Reading the statistics' rollups: grouped sums for the dashboard. An alliance's figures come
//! from the small country-level `stat_flows`; a university's from its own rows of `stat_units`
//! (seen as flows: its side and its partner's country); neither reads an application.
use crate::domain::statistics::{Counters, COUNTER_COLUMNS};
use crate::server::store::sql::{all, bind_params, Param, Params};
use crate::server::store::{Db, StoreError};
use crate::{fetch, on};
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

/// A statement under construction with its numbered parameters.
#[derive(Default)]
struct Query {
    conditions: Vec<String>,
    params: Params,
}

impl Query {
    fn param(&mut self, p: Param) -> String {
        self.params.push(p)
    }

    fn eq(&mut self, column: &str, b: Option<Param>) {
        if let Some(b) = b {
            let p = self.param(b);
            self.conditions.push(format!("{column} = {p}"));
        }
    }

    fn years(&mut self, (from, to): (i64, i64)) {
        let a = self.param(Param::Int(from));
        let b = self.param(Param::Int(to));
        self.conditions
            .push(format!("academic_year BETWEEN {a} AND {b}"));
    }

    fn filters(&mut self, s: &Selection) {
        self.eq("kind", s.kind.clone().map(Param::Text));
        self.eq("level", s.level.clone().map(Param::Text));
        self.eq("home_country", s.home_country.clone().map(Param::Text));
        self.eq("host_country", s.host_country.clone().map(Param::Text));
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
            q.eq("alliance_id", s.alliance_id.map(Param::Int));
            "stat_flows".into()
        }
        Some(u) => {
            let p = q.param(Param::Int(u));
            q.eq("alliance_id", s.alliance_id.map(Param::Int));
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
    params: &Params,
    keys: usize,
) -> Result<Vec<(Vec<String>, Counters)>, StoreError> {
    Ok(on!(db.conn(), |c| {
        let rows = bind_params!(sqlx::query(sql), params).fetch_all(c).await?;
        rows.iter()
            .map(|r| {
                let k = (0..keys)
                    .map(|i| r.try_get::<String, _>(i))
                    .collect::<Result<Vec<_>, _>>()?;
                let v = (keys..keys + COUNTER_COLUMNS.len())
                    .map(|i| r.try_get::<i64, _>(i))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((k, Counters::from_values(&v)))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
    })?)
}

/// The id in a grouped row's key `k` at `i` (ids are grouped as text).
fn id(k: &[String], i: usize) -> Result<i64, StoreError> {
    let value = k.get(i).map_or("", String::as_str);
    value.parse().map_err(|_| StoreError::Decode {
        column: "statistics key",
        value: value.to_owned(),
    })
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
    grouped(db, &sql, &q.params, columns.len()).await
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
    q.eq("alliance_id", s.alliance_id.map(Param::Int));
    q.eq("university_id", s.university_id.map(Param::Int));
    q.years(s.years);
    q.eq("kind", s.kind.clone().map(Param::Text));
    q.eq("level", s.level.clone().map(Param::Text));
    // A university's own country is its side's country; the other side is the partner's.
    for (country, own_side) in [(&s.home_country, "out"), (&s.host_country, "in")] {
        if let Some(c) = country {
            let p = q.param(Param::Text(c.clone()));
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
    all(grouped(db, &sql, &q.params, 2).await?, |(k, c)| {
        Ok((id(&k, 0)?, k.get(1).cloned().unwrap_or_default(), c))
    })
}

/// University to university, the largest first: within the selection's country pair
/// (alliance-wide), or the selected university's partners.
pub async fn pairs(
    db: &Db,
    s: &Selection,
    limit: Option<i64>,
) -> Result<Vec<(i64, i64, Counters)>, StoreError> {
    let mut q = Query::default();
    q.eq("alliance_id", s.alliance_id.map(Param::Int));
    if let Some(u) = s.university_id {
        let a = q.param(Param::Int(u));
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
    all(grouped(db, &sql, &q.params, 2).await?, |(k, c)| {
        Ok((id(&k, 0)?, id(&k, 1)?, c))
    })
}

/// Per opportunity, the most applications first: the alliance's, or those the selected
/// university hosts.
pub async fn opportunities(
    db: &Db,
    s: &Selection,
    limit: Option<i64>,
) -> Result<Vec<(i64, Counters)>, StoreError> {
    let mut q = Query::default();
    q.eq("alliance_id", s.alliance_id.map(Param::Int));
    q.eq("host_university_id", s.university_id.map(Param::Int));
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
    all(grouped(db, &sql, &q.params, 1).await?, |(k, c)| {
        Ok((id(&k, 0)?, c))
    })
}

/// Per (university, measure): the histogram of answer days (index = days, the last one "or
/// more") over the selected years — a sum of one row per university and year.
pub async fn durations(db: &Db, s: &Selection) -> Result<Vec<(i64, String, Vec<i64>)>, StoreError> {
    let mut q = Query::default();
    q.eq("alliance_id", s.alliance_id.map(Param::Int));
    q.eq("university_id", s.university_id.map(Param::Int));
    q.years(s.years);
    let columns = super::generate::day_columns();
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
    let n = columns.len();
    Ok(on!(db.conn(), |c| {
        let rows = bind_params!(sqlx::query(&sql), q.params)
            .fetch_all(c)
            .await?;
        rows.iter()
            .map(|r| {
                let counts = (2..2 + n)
                    .map(|i| r.try_get::<i64, _>(i))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((r.try_get::<i64, _>(0)?, r.try_get::<String, _>(1)?, counts))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
    })?)
}

/// A university as the statistics name it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UniversityName {
    pub id: i64,
    pub name_en: String,
    pub name_native: Option<String>,
    pub native_lang: Option<String>,
    pub country: String,
}

/// Names and countries of universities, for the rows shown.
pub async fn university_names(db: &Db) -> Result<Vec<UniversityName>, StoreError> {
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, UniversityName>(
            "SELECT id, name_en, name_native, native_lang, country FROM universities ORDER BY id"
        )
    )
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
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, (i64, String, i64)>(&sql)
    )
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
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, (i64, String, String)>(&sql)
    )
}
