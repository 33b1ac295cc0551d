//! The alliances' events: anyone reads what is published (upcoming and past lists, one
//! event's page, the calendar); an alliance's current staff and the administrators write,
//! preview, publish, withdraw and delete its events. Access as for news
//! (`services::publishing`): a draft the reader may not write does not exist (404).
use super::publishing::{self as publishing, record, writer};
use crate::domain::access::Actor;
use crate::domain::event::{
    shown, EventEditing, EventForm, EventLine, EventListing, EventView, PAGE_SIZE,
};
use crate::domain::publishing::{by_language, Publication, PublicationMove};
use crate::domain::validation::Problem;
use crate::i18n::Locale;
use crate::server::auth::{self, guard, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::events::{self as store, EventRow, Scope};
use crate::server::store::opportunities as catalogue;
use crate::server::store::{accounts, directory, StoreError, Tx};

/// Session key of a form refused without JavaScript, shown again on the editor (`kept=1`).
const KEPT_FORM: &str = "kept.event_form";

/// An event as a list shows it.
pub fn line(row: &EventRow, locale: Locale) -> EventLine {
    let text = shown(&row.texts(), row.original_lang, locale);
    EventLine {
        id: row.id,
        alliance_slug: row.alliance_slug.clone(),
        alliance: row.alliance.clone(),
        kind: row.kind,
        starts_on: row.starts_on.clone(),
        ends_on: row.ends_on.clone(),
        status: row.status,
        host: row.host_university_id.zip(row.host_name.clone()),
        fallback: text.lang != locale.code(),
        text,
    }
}

fn listing(
    (past, alliance): (bool, Option<String>),
    rows: &[EventRow],
    locale: Locale,
    (page, total): (i64, i64),
) -> EventListing {
    EventListing {
        past,
        alliance,
        lines: rows.iter().map(|r| line(r, locale)).collect(),
        page,
        pages: super::page_count(total, PAGE_SIZE),
    }
}

/// Published events, upcoming (soonest first) or `past` (latest first), of every alliance or
/// of alliance `slug` (404 when there is none).
pub async fn list(
    state: &AppState,
    ctx: &Ctx,
    (slug, past): (Option<&str>, bool),
    page: i64,
) -> Result<EventListing, ServiceError> {
    let alliance = match slug {
        Some(slug) => Some(
            directory::alliance_abbreviation(&state.db, slug, ctx.locale)
                .await?
                .ok_or(ServiceError::NotFound)?
                .0,
        ),
        None => None,
    };
    let page = page.max(1);
    let today = auth::today();
    let (rows, total) = store::list(
        &state.db,
        Scope::Published {
            alliance,
            past,
            today: &today,
        },
        ctx.locale,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    Ok(listing(
        (past, slug.map(str::to_string)),
        &rows,
        ctx.locale,
        (page, total),
    ))
}

/// Event `id` as its page shows it. A draft exists only for those who may write it.
pub async fn view(state: &AppState, ctx: &Ctx, id: i64) -> Result<EventView, ServiceError> {
    let row = store::by_id(&state.db, id, ctx.locale)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let editable = publishing::reader_writes(state, ctx, row.alliance_id).await?;
    if row.status != Publication::Published && !editable {
        return Err(ServiceError::NotFound);
    }
    let opportunity = match row.opportunity_id {
        Some(o) => catalogue::public_by_id(&state.db, o, ctx.locale)
            .await?
            .map(|d| (o, d.card.title)),
        None => None,
    };
    Ok(EventView {
        line: line(&row, ctx.locale),
        register_url: row.register_url.clone(),
        opportunity,
        editable,
        moves: if editable {
            PublicationMove::open_on(row.status)
        } else {
            Vec::new()
        },
    })
}

/// Event `id` if `actor` may write it; 404 otherwise.
async fn written_by(
    state: &AppState,
    actor: &Actor,
    id: i64,
    locale: Locale,
) -> Result<EventRow, ServiceError> {
    let row = store::by_id(&state.db, id, locale)
        .await?
        .ok_or(ServiceError::NotFound)?;
    guard::check(crate::domain::access::may_publish(actor, row.alliance_id))?;
    Ok(row)
}

/// Every event the actor may write (drafts too), latest first, a page at a time.
pub async fn managed(state: &AppState, ctx: &Ctx, page: i64) -> Result<EventListing, ServiceError> {
    let actor = writer(state, ctx).await?;
    let alliances: Vec<i64> = actor.staff_alliances().collect();
    let page = page.max(1);
    let (rows, total) = store::list(
        &state.db,
        Scope::Managed {
            alliances: (!actor.is_admin()).then_some(alliances.as_slice()),
        },
        ctx.locale,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    Ok(listing((false, None), &rows, ctx.locale, (page, total)))
}

fn form_of(row: &EventRow) -> EventForm {
    EventForm {
        alliance_id: row.alliance_id.to_string(),
        host_university_id: row
            .host_university_id
            .map(|h| h.to_string())
            .unwrap_or_default(),
        kind: row.kind.code().to_string(),
        starts_on: row.starts_on.clone(),
        ends_on: row.ends_on.clone(),
        original_lang: row.original_lang.code().to_string(),
        title: by_language([&row.title_en, &row.title_ru, &row.title_zh]),
        place: by_language([&row.place_en, &row.place_ru, &row.place_zh]),
        description: by_language([
            &row.description_en,
            &row.description_ru,
            &row.description_zh,
        ]),
        register_url: row.register_url.clone().unwrap_or_default(),
        opportunity_id: row
            .opportunity_id
            .map(|o| o.to_string())
            .unwrap_or_default(),
    }
}

/// The editor for a new event (`id` = `None`) or event `id`; `kept`: the form refused on the
/// last plain post, shown again instead of the stored values.
pub async fn editor(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    kept: bool,
) -> Result<EventEditing, ServiceError> {
    let actor = writer(state, ctx).await?;
    let stored = match id {
        Some(id) => Some(form_of(&written_by(state, &actor, id, ctx.locale).await?)),
        None => None,
    };
    let alliances = publishing::alliances_of(state, &actor, ctx).await?;
    let members = directory::memberships(&state.db).await?;
    let universities = directory::university_names(&state.db)
        .await?
        .into_iter()
        .filter(|(u, _)| {
            members
                .iter()
                .any(|(a, m)| m == u && alliances.iter().any(|(x, _)| x == a))
        })
        .collect();
    let kept = super::kept_form::kept::<EventForm>(ctx, KEPT_FORM, kept).await;
    let form = kept.or(stored).unwrap_or_else(|| EventForm {
        alliance_id: match alliances.as_slice() {
            [(only, _)] => only.to_string(),
            _ => String::new(),
        },
        original_lang: ctx.locale.code().to_string(),
        ..EventForm::default()
    });
    Ok(EventEditing {
        id,
        form,
        alliances,
        universities,
    })
}

/// Keeps a refused form in the session so the editor shows it again after the redirect.
pub async fn keep_form(ctx: &Ctx, form: &EventForm) {
    super::kept_form::keep(ctx, KEPT_FORM, form).await;
}

/// Creates a draft (no `id`) or saves event `id` (its status unchanged); returns its id. The
/// host must be a member of the alliance, a linked opportunity one of the alliance's.
pub async fn save(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    form: &EventForm,
) -> Result<i64, ServiceError> {
    let actor = writer(state, ctx).await?;
    if let Some(id) = id {
        written_by(state, &actor, id, ctx.locale).await?;
    }
    let v = form.validate().map_err(ServiceError::Invalid)?;
    publishing::check_alliance(state, &actor, ctx, v.alliance_id).await?;
    if let Some(host) = v.host_university_id {
        let of_host = accounts::alliances_of_university(&state.db, host).await?;
        if !of_host.contains(&v.alliance_id) {
            return Err(ServiceError::invalid(
                "host_university_id",
                Problem::Mismatch,
            ));
        }
    }
    if let Some(o) = v.opportunity_id {
        let alliance = catalogue::alliance_of_public(&state.db, o).await?;
        if alliance != Some(v.alliance_id) {
            return Err(ServiceError::invalid("opportunity_id", Problem::Unknown));
        }
    }
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    let (id, action) = match id {
        Some(id) => {
            store::update(&mut tx, id, &v, now).await?;
            (id, "updated")
        }
        None => {
            let id = store::insert(
                &mut tx,
                &v,
                Publication::Draft,
                (Some(actor.user_id), None),
                now,
            )
            .await?
            .ok_or_else(|| ServiceError::Internal("event insert returned no id".into()))?;
            (id, "created")
        }
    };
    record(&mut tx, ctx, &actor, ("event", action), id, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Publishes, withdraws or (with `confirmed`) deletes event `id`.
pub async fn change(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    action: &str,
    confirmed: bool,
) -> Result<PublicationMove, ServiceError> {
    let actor = writer(state, ctx).await?;
    let row = written_by(state, &actor, id, ctx.locale).await?;
    publishing::make_move::<Events>(state, ctx, &actor, (id, row.status), (action, confirmed)).await
}

/// The events' table, for the moves `services::publishing` makes.
struct Events;

impl publishing::Table for Events {
    const WHAT: &'static str = "event";

    async fn set_status(
        tx: &mut Tx,
        id: i64,
        (from, to): (Publication, Publication),
        now: i64,
    ) -> Result<bool, StoreError> {
        store::set_status(tx, id, from, to, now).await
    }

    async fn delete(tx: &mut Tx, id: i64) -> Result<(), StoreError> {
        store::delete(tx, id).await
    }
}

/// Events shown on one calendar day at most; more are left for the list.
const DAY_LIMIT: i64 = 50;
/// Events in a month's marks or a feed at most.
const PERIOD_LIMIT: i64 = 1_000;

/// The calendar's marks of the published events of `alliance` (a slug, or all) in the month
/// [`first`, `last`]: `("vs", day, 1)` where one starts, `("ve", day, 1)` where it ends, each
/// clamped to the month (read with the opportunities' marks, under the same cache).
pub async fn month_marks(
    db: &crate::server::store::Db,
    alliance: Option<&str>,
    (first, last): (&str, &str),
) -> Result<Vec<(String, String, i64)>, ServiceError> {
    let days = store::days_in_period(db, alliance, (first, last), PERIOD_LIMIT).await?;
    let mut marks = Vec::with_capacity(days.len() * 2);
    for (starts_on, ends_on) in days {
        let start = starts_on.as_str().max(first).to_string();
        let end = ends_on.as_str().min(last).to_string();
        marks.push(("vs".to_string(), start, 1));
        marks.push(("ve".to_string(), end, 1));
    }
    Ok(marks)
}

/// The published events of `alliance` (a slug, or all) on day `iso`, for the calendar.
pub async fn on_day(
    db: &crate::server::store::Db,
    alliance: Option<&str>,
    iso: &str,
    locale: Locale,
) -> Result<Vec<EventLine>, ServiceError> {
    Ok(
        store::in_period(db, alliance, (iso, iso), locale, DAY_LIMIT)
            .await?
            .iter()
            .map(|r| line(r, locale))
            .collect(),
    )
}

/// The published events of `alliance` (a slug, or all) from `from` on, for the iCalendar
/// feed.
pub async fn for_feed(
    db: &crate::server::store::Db,
    alliance: Option<&str>,
    from: &str,
    locale: Locale,
) -> Result<Vec<EventLine>, ServiceError> {
    Ok(
        store::in_period(db, alliance, (from, "9999-12-31"), locale, PERIOD_LIMIT)
            .await?
            .iter()
            .map(|r| line(r, locale))
            .collect(),
    )
}
