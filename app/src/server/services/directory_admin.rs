//! The directory's administration (`/admin/directory`): administrators edit every university;
//! an alliance's current staff add universities to their alliance, edit those that are or were
//! its members, and keep its memberships (dates, founding and council marks, liaison
//! secretaries). Every change is one transaction with its audit event; the tables' triggers
//! bump the catalogue's version in it, so every instance's cached pages show it next.
use super::auth::event;
use crate::domain::access::{self, Actor};
use crate::domain::directory_admin::{
    left_on, DirectoryLine, DirectoryListing, MembershipEditing, MembershipForm, UniversityEditing,
    UniversityForm, PAGE_SIZE,
};
use crate::domain::validation::Problem;
use crate::server::auth::{self, guard, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::directory::admin::{self as store, UniversityRow};
use crate::server::store::{accounts, audit, directory, Tx};

/// Session key of a university form refused without JavaScript (`kept=1`).
const KEPT_FORM: &str = "kept.university_form";

/// The signed-in administrator or current staff member, or 401/403.
async fn editor_actor(state: &AppState, ctx: &Ctx) -> Result<Actor, ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    guard::ensure(access::may_administer_directory(&actor))?;
    Ok(actor)
}

/// University `id` if `actor` may edit it: 404 when there is none or when it was never a
/// member of the staff member's alliance.
async fn editable(state: &AppState, actor: &Actor, id: i64) -> Result<UniversityRow, ServiceError> {
    let row = store::university(&state.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let ever = accounts::alliances_ever_of_university(&state.db, id).await?;
    guard::check(access::may_edit_university(actor, &ever))?;
    Ok(row)
}

/// The alliances `actor` keeps the memberships of, (id, name) in `ctx`'s language.
async fn managed_alliances(
    state: &AppState,
    actor: &Actor,
    ctx: &Ctx,
) -> Result<Vec<(i64, String)>, ServiceError> {
    Ok(directory::alliance_names(&state.db, ctx.locale)
        .await?
        .into_iter()
        .filter(|(a, _)| access::may_manage_membership(actor, *a) == access::Access::Allowed)
        .collect())
}

/// A page of the universities `actor` may edit whose names or city contain `q`.
pub async fn listing(
    state: &AppState,
    ctx: &Ctx,
    q: &str,
    page: i64,
) -> Result<DirectoryListing, ServiceError> {
    let actor = editor_actor(state, ctx).await?;
    let q = q.trim();
    let staff_of: Vec<i64> = actor.staff_alliances().collect();
    let scope = (!actor.is_admin()).then_some(staff_of.as_slice());
    let page = page.max(1);
    let (rows, total) = store::list(&state.db, scope, q, (page - 1) * PAGE_SIZE, PAGE_SIZE).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let members = store::memberships_of(&state.db, &ids).await?;
    let names = store::alliance_abbreviations(&state.db, ctx.locale).await?;
    let current = |u: i64| {
        members
            .iter()
            .filter(|m| m.university_id == u && m.left_on.is_none())
            .map(|m| super::directory::name_in(&names, Some(m.alliance_id)))
            .collect()
    };
    Ok(DirectoryListing {
        lines: rows
            .into_iter()
            .map(|r| DirectoryLine {
                alliances: current(r.id),
                id: r.id,
                name_en: r.name_en,
                name_native: r.name_native,
                native_lang: r.native_lang,
                country: r.country,
                city: r.city,
            })
            .collect(),
        page,
        pages: super::page_count(total, PAGE_SIZE),
        q: q.to_string(),
    })
}

fn form_of(r: &UniversityRow) -> UniversityForm {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    UniversityForm {
        name_en: r.name_en.clone(),
        name_ru: text(&r.name_ru),
        name_zh: text(&r.name_zh),
        name_native: text(&r.name_native),
        native_lang: text(&r.native_lang),
        country: r.country.clone(),
        city: r.city.clone(),
        city_native: text(&r.city_native),
        website: text(&r.website),
        time_zone: text(&r.time_zone),
        ..UniversityForm::default()
    }
}

/// The editor of a new university (`id` = `None`) or of university `id`; `kept`: the form
/// refused on the last plain post, shown again instead of the stored values.
pub async fn editor(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    kept: bool,
) -> Result<UniversityEditing, ServiceError> {
    let actor = editor_actor(state, ctx).await?;
    let stored = match id {
        Some(id) => Some(form_of(&editable(state, &actor, id).await?)),
        None => None,
    };
    let alliances = managed_alliances(state, &actor, ctx).await?;
    let (memberships, people) = match id {
        Some(id) => {
            let rows = store::memberships_of(&state.db, &[id]).await?;
            let memberships = alliances
                .iter()
                .map(|(a, name)| {
                    let m = rows.iter().find(|m| m.alliance_id == *a);
                    MembershipEditing {
                        alliance_id: *a,
                        alliance: name.clone(),
                        joined_on: m.and_then(|m| m.joined_on.clone()),
                        left_on: m.and_then(|m| m.left_on.clone()),
                        founding: m.is_some_and(|m| m.founding != 0),
                        council: m.is_some_and(|m| m.council != 0),
                        liaison_user_id: m.and_then(|m| m.liaison_user_id),
                    }
                })
                .collect();
            (memberships, store::people_of(&state.db, id).await?)
        }
        None => (Vec::new(), Vec::new()),
    };
    let kept = super::kept_form::kept::<UniversityForm>(ctx, KEPT_FORM, kept).await;
    let form = kept.or(stored).unwrap_or_else(|| UniversityForm {
        alliance_id: match alliances.as_slice() {
            [(only, _)] => only.to_string(),
            _ => String::new(),
        },
        joined_on: auth::today(),
        ..UniversityForm::default()
    });
    Ok(UniversityEditing {
        id,
        form,
        alliances,
        memberships,
        people,
    })
}

/// Keeps a refused form in the session so the editor shows it again after the redirect.
pub async fn keep_form(ctx: &Ctx, form: &UniversityForm) {
    super::kept_form::keep(ctx, KEPT_FORM, form).await;
}

/// Records `action` on university `id` with `detail`.
async fn record(
    tx: &mut Tx,
    ctx: &Ctx,
    actor: &Actor,
    action: &str,
    detail: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let mut ev = event(Some(actor.user_id), action, None, ctx);
    ev.detail = detail;
    audit::record(tx, &ev, now).await?;
    Ok(())
}

/// Creates a university with its first membership (no `id`) or saves university `id`;
/// returns its id.
pub async fn save_university(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    form: &UniversityForm,
) -> Result<i64, ServiceError> {
    let actor = editor_actor(state, ctx).await?;
    let before = match id {
        Some(id) => Some(editable(state, &actor, id).await?),
        None => None,
    };
    let v = form.validate(id.is_none()).map_err(ServiceError::Invalid)?;
    if let Some((alliance, _)) = &v.joins {
        // Adding a member is the alliance's secretariat's, as publishing for it is
        // (`access::may_manage_membership`): the same check of the rule and of the alliance.
        super::publishing::check_alliance(state, &actor, ctx, *alliance).await?;
    }
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    let id = match (id, before) {
        (Some(id), Some(before)) => {
            store::update_university(&mut tx, id, &v).await?;
            let renamed = if before.name_en == v.name_en {
                String::new()
            } else {
                format!(" renamed from {:?}", before.name_en)
            };
            let detail = format!("university:{id}{renamed}");
            record(
                &mut tx,
                ctx,
                &actor,
                "directory.university_updated",
                &detail,
                now,
            )
            .await?;
            id
        }
        _ => {
            let id = store::insert_university(&mut tx, &v).await?;
            let detail = format!("university:{id} {:?}", v.name_en);
            record(
                &mut tx,
                ctx,
                &actor,
                "directory.university_created",
                &detail,
                now,
            )
            .await?;
            if let Some((alliance, joined_on)) = &v.joins {
                let m = crate::domain::directory_admin::ValidMembership {
                    alliance_id: *alliance,
                    joined_on: joined_on.clone(),
                    founding: false,
                    council: false,
                    liaison_user_id: None,
                };
                store::save_membership(&mut tx, id, &m).await?;
                let detail = format!("university:{id} alliance:{alliance} joined {joined_on}");
                record(
                    &mut tx,
                    ctx,
                    &actor,
                    "directory.member_joined",
                    &detail,
                    now,
                )
                .await?;
            }
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

/// Makes university `id` a current member of the form's alliance (joining, rejoining, or
/// correcting its date, marks and liaison secretary).
pub async fn save_membership(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    form: &MembershipForm,
) -> Result<(), ServiceError> {
    let actor = editor_actor(state, ctx).await?;
    editable(state, &actor, id).await?;
    let m = form.validate().map_err(ServiceError::Invalid)?;
    guard::check(access::may_manage_membership(&actor, m.alliance_id))?;
    if let Some(person) = m.liaison_user_id {
        if !store::people_of(&state.db, id)
            .await?
            .iter()
            .any(|(p, _)| *p == person)
        {
            return Err(ServiceError::invalid("liaison_user_id", Problem::Unknown));
        }
    }
    let was = store::memberships_of(&state.db, &[id])
        .await?
        .into_iter()
        .find(|r| r.alliance_id == m.alliance_id);
    let action = match &was {
        Some(r) if r.left_on.is_none() => "directory.member_updated",
        _ => "directory.member_joined",
    };
    let mut marks = String::new();
    for (on, word) in [(m.founding, " founding"), (m.council, " council")] {
        if on {
            marks.push_str(word);
        }
    }
    if let Some(p) = m.liaison_user_id {
        marks.push_str(&format!(" liaison:user:{p}"));
    }
    let earlier = match was
        .as_ref()
        .and_then(|r| r.left_on.as_ref().map(|l| (r, l)))
    {
        Some((r, left)) => format!(
            " (earlier {}–{left})",
            r.joined_on.as_deref().unwrap_or("?")
        ),
        None => String::new(),
    };
    let detail = format!(
        "university:{id} alliance:{} joined {}{marks}{earlier}",
        m.alliance_id, m.joined_on
    );
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    store::save_membership(&mut tx, id, &m).await?;
    record(&mut tx, ctx, &actor, action, &detail, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Records that university `id` left `alliance` on `left` (with the confirmation ticked).
pub async fn record_leaving(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    alliance: i64,
    (left, confirmed): (&str, bool),
) -> Result<(), ServiceError> {
    let actor = editor_actor(state, ctx).await?;
    editable(state, &actor, id).await?;
    guard::check(access::may_manage_membership(&actor, alliance))?;
    let current = store::memberships_of(&state.db, &[id])
        .await?
        .into_iter()
        .find(|r| r.alliance_id == alliance && r.left_on.is_none())
        .ok_or_else(|| ServiceError::invalid("left_on", Problem::Stale))?;
    let joined = current.joined_on.unwrap_or_default();
    let left =
        left_on(left, &joined, &auth::today()).map_err(|p| ServiceError::invalid("left_on", p))?;
    if !confirmed {
        return Err(ServiceError::invalid("confirm", Problem::Required));
    }
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    if !store::record_leaving(&mut tx, alliance, id, &left).await? {
        return Err(ServiceError::invalid("left_on", Problem::Stale));
    }
    let detail = format!("university:{id} alliance:{alliance} joined {joined} left {left}");
    record(&mut tx, ctx, &actor, "directory.member_left", &detail, now).await?;
    tx.commit().await?;
    Ok(())
}
