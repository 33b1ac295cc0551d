//! Mobility statistics: who may see which figures (one rule, `access::may_see_statistics`),
//! the dashboard (its figures from `statistics_figures`, cached per instance), the annual
//! report (a year beside the one before) and every table as CSV.
use super::statistics_figures::figures;
use crate::domain::access::{self, Actor};
use crate::domain::statistics::{academic_year, year_label, Dashboard, Filters, Report, Scope};
use crate::server::auth::{self, guard, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::statistics::read::{self as store, Selection};
use crate::server::store::{accounts, versions};

/// The viewer, and whose figures they asked for (defaults: staff their first alliance,
/// coordinators their first university).
async fn scope(
    state: &AppState,
    ctx: &Ctx,
    f: &Filters,
) -> Result<(Scope, Vec<(String, String)>), ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    let alliances = store::alliances(&state.db, ctx.locale).await?;
    let mut alliance_id = match &f.alliance {
        Some(slug) => Some(
            alliances
                .iter()
                .find(|(_, s, _)| s == slug)
                .map(|(id, _, _)| *id)
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    let mut university = f.university;
    if alliance_id.is_none() && university.is_none() {
        alliance_id = actor.staff_alliances().next();
        if alliance_id.is_none() {
            university = actor.coordinated_universities().next();
        }
    }
    let of_university = match university {
        // A university that left still sees, and is seen in, its years in the alliance.
        Some(u) => accounts::alliances_ever_of_university(&state.db, u).await?,
        None => Vec::new(),
    };
    // Staff drilling into a member university see it within their alliance.
    if let (None, Some(u)) = (alliance_id, university) {
        if !actor.coordinated_universities().any(|c| c == u) {
            alliance_id = actor.staff_alliances().find(|a| of_university.contains(a));
        }
    }
    guard::check(access::may_see_statistics(
        &actor,
        alliance_id,
        university,
        &of_university,
    ))?;
    let choosable = choosable(&actor, &of_university, university.is_some());
    let name_of = |id: i64| alliances.iter().find(|(a, _, _)| *a == id);
    let scope = Scope {
        alliance_id,
        alliance_slug: alliance_id.and_then(name_of).map(|(_, s, _)| s.clone()),
        alliance_name: alliance_id.and_then(name_of).map(|(_, _, n)| n.clone()),
        university_id: university,
        university_name: None,
    };
    let offered = alliances
        .into_iter()
        .filter(|(id, _, _)| choosable.contains(id))
        .map(|(_, slug, name)| (slug, name))
        .collect();
    Ok((scope, offered))
}

/// The alliances the viewer may switch to: staff their own; a university's view, its alliances.
fn choosable(actor: &Actor, of_university: &[i64], university_view: bool) -> Vec<i64> {
    if university_view {
        of_university.to_vec()
    } else {
        actor.staff_alliances().collect()
    }
}

/// The dashboard for `f`; `full` lists every opportunity and pair (the CSV), not the largest.
async fn build(
    state: &AppState,
    ctx: &Ctx,
    f: Filters,
    full: bool,
) -> Result<Dashboard, ServiceError> {
    let (mut scope, alliances) = scope(state, ctx, &f).await?;
    let db = &state.db;
    // Every move committed before this read is in the rollups it reads.
    crate::server::store::statistics::fold_pending(db).await?;
    let l = ctx.locale;
    let current = academic_year(&auth::today()).unwrap_or(2026);
    let years = f.years(current);
    let s = Selection {
        alliance_id: scope.alliance_id,
        university_id: scope.university_id,
        years,
        kind: f.kind.map(|k| k.code().to_string()),
        level: f.level.map(|l| l.code().to_string()),
        home_country: f.home.clone(),
        host_country: f.host.clone(),
    };
    // Who may see what was decided above; the figures of a selection are the same for all.
    let figures = if full {
        figures(db, &s, l, true).await?
    } else {
        let version = versions::current(db).await?;
        let key = format!("{}|{s:?}", l.code());
        state
            .statistics
            .get_or_fill(key, version, 0, || async {
                Ok::<_, ServiceError>((figures(db, &s, l, false).await?, i64::MAX))
            })
            .await?
    };
    scope.university_name = figures.university_name.clone();
    Ok(Dashboard {
        scope,
        filters: f,
        years,
        available_years: figures.available_years,
        alliances,
        totals: figures.totals,
        trend: figures.trend,
        kinds_by_year: figures.kinds_by_year,
        by_kind: figures.by_kind,
        by_level: figures.by_level,
        flows: figures.flows,
        universities: figures.universities,
        pairs: figures.pairs,
        opportunities: figures.opportunities,
        timings: figures.timings,
    })
}

pub async fn dashboard(state: &AppState, ctx: &Ctx, f: Filters) -> Result<Dashboard, ServiceError> {
    build(state, ctx, f, false).await
}

/// The annual report of academic year `f.from` (default: the last completed one) beside the
/// year before.
pub async fn report(state: &AppState, ctx: &Ctx, mut f: Filters) -> Result<Report, ServiceError> {
    let current = academic_year(&auth::today()).unwrap_or(2026);
    let year = f.from.or(f.to).unwrap_or(current - 1);
    (f.from, f.to) = (Some(year), Some(year));
    let this = build(state, ctx, f.clone(), false).await?;
    (f.from, f.to) = (Some(year - 1), Some(year - 1));
    let last = build(state, ctx, f, false).await?;
    Ok(Report {
        year,
        this,
        last,
        generated_at: auth::now(),
    })
}

/// The tables the dashboard offers as CSV.
pub const CSV_TABLES: [&str; 9] = [
    "years",
    "kinds",
    "levels",
    "states",
    "flows",
    "universities",
    "pairs",
    "opportunities",
    "timings",
];

/// Table `table` of the dashboard for `f` as CSV (UTF-8 with a byte-order mark, headings in the
/// reader's language); the file's name.
pub async fn csv(
    state: &AppState,
    ctx: &Ctx,
    f: Filters,
    table: &str,
) -> Result<(String, String), ServiceError> {
    if !CSV_TABLES.contains(&table) {
        return Err(ServiceError::NotFound);
    }
    let d = build(state, ctx, f, true).await?;
    let l = ctx.locale;
    let body = super::statistics_csv::table(l, &d, table);
    let (from, to) = d.years;
    let years = if from == to {
        year_label(from).replace('/', "-")
    } else {
        format!("{}-{}", from, to + 1)
    };
    Ok((format!("{table}-{years}.csv"), body))
}
