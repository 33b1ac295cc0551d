//! Managing opportunities: coordinators for their university, staff for their alliance's
//! members. Every function asks `domain::access` through the guards; an opportunity the actor
//! may not manage is not found (404), whatever its status.
use super::auth::event;
use crate::domain::access::{self, Access, Actor};
use crate::domain::dates;
use crate::domain::opportunity::Status;
use crate::domain::opportunity_form::{
    Editor, ManagedList, Move, OpportunityForm, Preview, ValidOpportunity, NOTE_MAX,
};
use crate::domain::validation::Problem;
use crate::i18n::Locale;
use crate::server::auth::{self, guard, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::managed::{self, ManagedRow};
use crate::server::store::opportunities::{self as store, NewOpportunity, Texts};
use crate::server::store::{accounts, audit, directory, Tx};

/// Lines per page of a manager's list.
pub const PAGE_SIZE: i64 = 25;
/// Session key of a form refused without JavaScript, shown again on the editor (`kept=1`).
pub const KEPT_FORM: &str = "kept.opportunity_form";

async fn manager(state: &AppState, ctx: &Ctx) -> Result<Actor, ServiceError> {
    let actor = guard::signed_in(auth::actor(state, &ctx.session).await?)?;
    guard::ensure(access::may_manage_opportunities(&actor))?;
    Ok(actor)
}

/// Opportunity `id` if `actor` may manage it; 404 otherwise.
async fn managed_by(state: &AppState, actor: &Actor, id: i64) -> Result<ManagedRow, ServiceError> {
    let row = managed::by_id(&state.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    guard::check(access::may_manage_opportunity(
        actor,
        row.host_university_id,
        row.alliance_id,
    ))?;
    Ok(row)
}

/// The opportunities this actor manages, newest first.
pub async fn list(state: &AppState, ctx: &Ctx, page: i64) -> Result<ManagedList, ServiceError> {
    let actor = manager(state, ctx).await?;
    let universities: Vec<i64> = actor.coordinated_universities().collect();
    let alliances: Vec<i64> = actor.staff_alliances().collect();
    let page = page.max(1);
    let (lines, total) = managed::list(
        &state.db,
        &universities,
        &alliances,
        ctx.locale,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    Ok(ManagedList {
        lines,
        page,
        pages: (total + PAGE_SIZE - 1) / PAGE_SIZE,
    })
}

/// The hosts and alliances this actor may choose: each alliance with the members the actor
/// manages within it.
async fn choices(
    state: &AppState,
    actor: &Actor,
    locale: Locale,
) -> Result<(Vec<(i64, String)>, Vec<(i64, String, Vec<i64>)>), ServiceError> {
    let members = directory::memberships(&state.db).await?;
    let mut alliances = Vec::new();
    for (id, name) in directory::alliance_names(&state.db, locale).await? {
        let managed: Vec<i64> = members
            .iter()
            .filter(|(a, u)| {
                *a == id && access::may_manage_opportunity(actor, *u, id) == Access::Allowed
            })
            .map(|(_, u)| *u)
            .collect();
        if !managed.is_empty() {
            alliances.push((id, name, managed));
        }
    }
    let universities = directory::university_names(&state.db)
        .await?
        .into_iter()
        .filter(|(u, _)| alliances.iter().any(|(_, _, m)| m.contains(u)))
        .collect();
    Ok((universities, alliances))
}

fn default_zone(locale: Locale) -> &'static str {
    match locale {
        Locale::Zh => "Asia/Shanghai",
        _ => "Europe/Moscow",
    }
}

/// The editor for a new opportunity (`id` = `None`) or an existing one. `kept` is the form
/// refused on the last plain post, shown again instead of the stored values.
pub async fn editor(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    kept: bool,
) -> Result<Editor, ServiceError> {
    let actor = manager(state, ctx).await?;
    let stored = match id {
        Some(id) => {
            let row = managed_by(state, &actor, id).await?;
            guard::ensure(row.status().is_some_and(Status::editable))?;
            Some(form_of(&row))
        }
        None => None,
    };
    let (universities, alliances) = choices(state, &actor, ctx.locale).await?;
    let form = match kept_form(ctx, kept).await {
        Some(f) => f,
        None => stored.unwrap_or_else(|| {
            let host = actor.coordinated_universities().next();
            let alliance = alliances
                .iter()
                .find(|(_, _, m)| host.is_none_or(|h| m.contains(&h)))
                .map(|(a, _, _)| *a);
            OpportunityForm {
                host_university_id: host.map(|h| h.to_string()).unwrap_or_default(),
                alliance_id: alliance.map(|a| a.to_string()).unwrap_or_default(),
                original_lang: ctx.locale.code().into(),
                time_zone: default_zone(ctx.locale).into(),
                ..OpportunityForm::default()
            }
        }),
    };
    Ok(Editor {
        id,
        form,
        universities,
        alliances,
    })
}

async fn kept_form(ctx: &Ctx, kept: bool) -> Option<OpportunityForm> {
    if !kept {
        return None;
    }
    ctx.session
        .get::<OpportunityForm>(KEPT_FORM)
        .await
        .ok()
        .flatten()
}

/// Keeps a refused form in the session so the editor shows it again after the redirect.
pub async fn keep_form(ctx: &Ctx, form: &OpportunityForm) {
    if let Err(e) = ctx.session.insert(KEPT_FORM, form).await {
        tracing::warn!(error = %e, "could not keep the refused form");
    }
}

/// The stored opportunity as the editor's form (window in its time zone).
fn form_of(row: &ManagedRow) -> OpportunityForm {
    let offset = dates::offset_minutes(&row.time_zone).unwrap_or(0);
    let set = |csv: &str| {
        csv.split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| (x.to_string(), "1".to_string()))
            .collect()
    };
    let per_lang = |en: &Option<String>, ru: &Option<String>, zh: &Option<String>| {
        [("en", en), ("ru", ru), ("zh", zh)]
            .into_iter()
            .filter_map(|(l, v)| v.clone().map(|v| (l.to_string(), v)))
            .collect()
    };
    OpportunityForm {
        host_university_id: row.host_university_id.to_string(),
        alliance_id: row.alliance_id.to_string(),
        kind: row.kind.clone(),
        field_code: row.field_code.clone(),
        original_lang: row.original_lang.clone(),
        title: per_lang(&row.title_en, &row.title_ru, &row.title_zh),
        summary: per_lang(&row.summary_en, &row.summary_ru, &row.summary_zh),
        description: per_lang(
            &row.description_en,
            &row.description_ru,
            &row.description_zh,
        ),
        languages: crate::domain::opportunity::parse_languages(&row.languages)
            .into_iter()
            .map(|r| (r.language, r.level))
            .collect(),
        levels: set(&row.levels),
        documents: set(&row.documents),
        starts_on: row.starts_on.clone(),
        ends_on: row.ends_on.clone(),
        opens_at: dates::format_local(row.opens_at, offset),
        closes_at: dates::format_local(row.closes_at, offset),
        time_zone: row.time_zone.clone(),
        capacity: row.capacity.to_string(),
        quota_per_university: row
            .quota_per_university
            .map(|q| q.to_string())
            .unwrap_or_default(),
        offer_days: row.offer_days.to_string(),
        fees_note: row.fees_note.clone(),
        contact_name: row.contact_name.clone(),
        contact_email: row.contact_email.clone(),
    }
}

fn new_opportunity(v: &ValidOpportunity) -> NewOpportunity {
    let texts = |i: usize| Texts {
        title: v.texts[i].title.clone(),
        summary: v.texts[i].summary.clone(),
        description: v.texts[i].description.clone(),
    };
    NewOpportunity {
        alliance_id: v.alliance_id,
        host_university_id: v.host_university_id,
        kind: v.kind,
        field_code: v.field_code.clone(),
        languages: v
            .languages
            .iter()
            .map(|r| format!("{}:{}", r.language, r.level))
            .collect::<Vec<_>>()
            .join(","),
        levels: v.levels.join(","),
        starts_on: v.starts_on.clone(),
        ends_on: v.ends_on.clone(),
        opens_at: v.opens_at,
        closes_at: v.closes_at,
        time_zone: v.time_zone.clone(),
        capacity: v.capacity,
        quota_per_university: v.quota_per_university,
        offer_days: v.offer_days,
        documents: v.documents.join(","),
        fees_note: v.fees_note.clone(),
        contact_name: v.contact_name.clone(),
        contact_email: v.contact_email.clone(),
        status: Status::Draft,
        original_lang: v.original_lang,
        en: texts(0),
        ru: texts(1),
        zh: texts(2),
        seed_key: None,
    }
}

/// Checks the form and that the actor may host it where it says; the values to store.
async fn checked(
    state: &AppState,
    actor: &Actor,
    form: &OpportunityForm,
) -> Result<NewOpportunity, ServiceError> {
    let v = form.validate().map_err(ServiceError::Invalid)?;
    guard::check(access::may_manage_opportunity(
        actor,
        v.host_university_id,
        v.alliance_id,
    ))?;
    let alliances = accounts::alliances_of_university(&state.db, v.host_university_id).await?;
    if !alliances.contains(&v.alliance_id) {
        return Err(ServiceError::invalid("alliance_id", Problem::Mismatch));
    }
    Ok(new_opportunity(&v))
}

async fn record(
    tx: &mut Tx,
    actor: &Actor,
    ctx: &Ctx,
    action: &str,
    detail: &str,
) -> Result<(), ServiceError> {
    let mut ev = event(Some(actor.user_id), action, None, ctx);
    ev.detail = detail;
    audit::record(tx, &ev, auth::now()).await?;
    Ok(())
}

/// Creates a draft (`id` = `None`) or saves an editable opportunity; its id.
pub async fn save(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    form: &OpportunityForm,
) -> Result<i64, ServiceError> {
    let actor = manager(state, ctx).await?;
    if let Some(id) = id {
        let row = managed_by(state, &actor, id).await?;
        guard::ensure(row.status().is_some_and(Status::editable))?;
    }
    let new = checked(state, &actor, form).await?;
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    let id = match id {
        Some(id) => {
            if !managed::update(&mut tx, id, &new, now).await? {
                return Err(ServiceError::NotFound);
            }
            record(&mut tx, &actor, ctx, "opportunity.updated", &id.to_string()).await?;
            id
        }
        None => {
            let id = store::insert(&mut tx, &new, now)
                .await?
                .ok_or_else(|| ServiceError::Internal("insert returned no id".into()))?;
            record(&mut tx, &actor, ctx, "opportunity.created", &id.to_string()).await?;
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

/// The opportunity as its public page will show it, with its status and the moves left.
pub async fn preview(state: &AppState, ctx: &Ctx, id: i64) -> Result<Preview, ServiceError> {
    let actor = manager(state, ctx).await?;
    let row = managed_by(state, &actor, id).await?;
    let status = row.status().ok_or(ServiceError::NotFound)?;
    let detail = store::detail_by_id(&state.db, id, ctx.locale, false)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(Preview {
        detail,
        status,
        moves: status.moves(),
        editable: status.editable(),
        cancel_reason: row.cancel_reason,
    })
}

/// Publishes, closes, reopens or cancels opportunity `id`. Cancelling what applicants may have
/// seen needs a reason, kept with the opportunity for them.
pub async fn change_status(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    m: &str,
    reason: &str,
) -> Result<Status, ServiceError> {
    let actor = manager(state, ctx).await?;
    let row = managed_by(state, &actor, id).await?;
    let m = Move::parse(m).ok_or_else(|| ServiceError::invalid("move", Problem::Malformed))?;
    let from = row.status().ok_or(ServiceError::NotFound)?;
    let to = from
        .after(m)
        .ok_or_else(|| ServiceError::invalid("form", Problem::Stale))?;
    let reason = reason.trim();
    let reason = match m {
        Move::Cancel if from.cancel_needs_reason() && reason.is_empty() => {
            return Err(ServiceError::invalid("reason", Problem::Required))
        }
        Move::Cancel if reason.chars().count() > NOTE_MAX => {
            return Err(ServiceError::invalid("reason", Problem::TooLong))
        }
        Move::Cancel if !reason.is_empty() => Some(reason),
        _ => None,
    };
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    if !managed::set_status(&mut tx, id, from, to, reason, now).await? {
        return Err(ServiceError::invalid("form", Problem::Stale));
    }
    let mut detail = format!("{id}:{}->{}", from.code(), to.code());
    if m == Move::Cancel {
        let told = super::workflow::tell_cancellation(
            &mut tx,
            state,
            id,
            actor.user_id,
            reason.unwrap_or_default(),
            now,
        )
        .await?;
        detail.push_str(&format!(" ({told} applicants told)"));
    }
    record(
        &mut tx,
        &actor,
        ctx,
        &format!("opportunity.{}", m.code()),
        &detail,
    )
    .await?;
    tx.commit().await?;
    state.mail.wake();
    Ok(to)
}

/// A new draft with the texts of opportunity `id`, a year later; its id.
pub async fn duplicate(state: &AppState, ctx: &Ctx, id: i64) -> Result<i64, ServiceError> {
    let actor = manager(state, ctx).await?;
    let row = managed_by(state, &actor, id).await?;
    let form = form_of(&row).next_year();
    let new = checked(state, &actor, &form).await?;
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    let new_id = store::insert(&mut tx, &new, now)
        .await?
        .ok_or_else(|| ServiceError::Internal("insert returned no id".into()))?;
    let detail = format!("{new_id} from {id}");
    record(&mut tx, &actor, ctx, "opportunity.duplicated", &detail).await?;
    tx.commit().await?;
    Ok(new_id)
}
