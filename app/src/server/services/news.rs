//! The alliances' news: anyone reads what is published; an alliance's current staff (and the
//! administrators) write, preview, publish, withdraw and delete its posts. Every rule is asked
//! of `domain::access` through the guards; a draft the reader may not write does not exist
//! (404), and neither does a post of another alliance to its staff.
use super::publishing::{self as publishing, record, writer};
use crate::domain::access::{self, Actor};
use crate::domain::atom;
use crate::domain::news::{
    shown, summary_of, NewsEditing, NewsForm, NewsLine, NewsListing, NewsPost, FEED_SIZE, PAGE_SIZE,
};
use crate::domain::publishing::{by_language, Publication, PublicationMove};
use crate::i18n::{Key, Locale};
use crate::server::auth::{self, guard, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::news::{self as store, NewsRow, Scope};
use crate::server::store::{directory, StoreError, Tx};

/// Session key of a form refused without JavaScript, shown again on the editor (`kept=1`).
const KEPT_FORM: &str = "kept.news_form";

fn line(row: &NewsRow, locale: Locale, whole: bool) -> NewsLine {
    let mut text = shown(&row.texts(), row.original_lang, locale);
    if !whole {
        text.summary = summary_of(&text);
        text.body.clear();
    }
    NewsLine {
        id: row.id,
        alliance_slug: row.alliance_slug.clone(),
        alliance: row.alliance.clone(),
        published_on: row.published_on.clone(),
        status: row.status,
        fallback: text.lang != locale.code(),
        text,
    }
}

/// A page of `rows` (page `page` of `total` posts in all) as a list shows it.
fn listing(
    alliance: Option<(String, String)>,
    rows: &[NewsRow],
    locale: Locale,
    (page, total): (i64, i64),
) -> NewsListing {
    NewsListing {
        alliance,
        lines: rows.iter().map(|r| line(r, locale, false)).collect(),
        page,
        pages: super::page_count(total, PAGE_SIZE),
    }
}

/// Published posts, newest first: of every alliance, or of the alliance `slug` (404 when
/// there is none).
pub async fn list(
    state: &AppState,
    ctx: &Ctx,
    slug: Option<&str>,
    page: i64,
) -> Result<NewsListing, ServiceError> {
    let alliance = match slug {
        Some(slug) => {
            let (id, name) = directory::alliance_abbreviation(&state.db, slug, ctx.locale)
                .await?
                .ok_or(ServiceError::NotFound)?;
            Some((id, slug.to_string(), name))
        }
        None => None,
    };
    let page = page.max(1);
    let (rows, total) = store::list(
        &state.db,
        Scope::Published {
            alliance: alliance.as_ref().map(|a| a.0),
        },
        ctx.locale,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    Ok(listing(
        alliance.map(|(_, slug, name)| (slug, name)),
        &rows,
        ctx.locale,
        (page, total),
    ))
}

/// Post `id` as its page shows it. A draft exists only for those who may write it.
pub async fn item(state: &AppState, ctx: &Ctx, id: i64) -> Result<NewsPost, ServiceError> {
    let row = store::by_id(&state.db, id, ctx.locale)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let editable = publishing::reader_writes(state, ctx, row.alliance_id).await?;
    if row.status != Publication::Published && !editable {
        return Err(ServiceError::NotFound);
    }
    let moves = if editable {
        PublicationMove::open_on(row.status)
    } else {
        Vec::new()
    };
    Ok(NewsPost {
        picture: store::picture::reference(&state.db, id).await?,
        line: line(&row, ctx.locale, true),
        editable,
        moves,
    })
}

/// Post `id` if `actor` may write it; 404 otherwise.
pub(super) async fn written_by(
    state: &AppState,
    actor: &Actor,
    id: i64,
    locale: Locale,
) -> Result<NewsRow, ServiceError> {
    let row = store::by_id(&state.db, id, locale)
        .await?
        .ok_or(ServiceError::NotFound)?;
    guard::check(access::may_publish(actor, row.alliance_id))?;
    Ok(row)
}

/// Every post the actor may write, drafts too, newest first, a page at a time.
pub async fn managed(state: &AppState, ctx: &Ctx, page: i64) -> Result<NewsListing, ServiceError> {
    let actor = writer(state, ctx).await?;
    let alliances: Vec<i64> = actor.staff_alliances().collect();
    let scope = Scope::Managed {
        alliances: (!actor.is_admin()).then_some(alliances.as_slice()),
    };
    let page = page.max(1);
    let (rows, total) = store::list(
        &state.db,
        scope,
        ctx.locale,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    Ok(listing(None, &rows, ctx.locale, (page, total)))
}

fn form_of(row: &NewsRow) -> NewsForm {
    NewsForm {
        alliance_id: row.alliance_id.to_string(),
        published_on: row.published_on.clone(),
        original_lang: row.original_lang.code().to_string(),
        title: by_language([&row.title_en, &row.title_ru, &row.title_zh]),
        summary: by_language([&row.summary_en, &row.summary_ru, &row.summary_zh]),
        body: by_language([&row.body_en, &row.body_ru, &row.body_zh]),
    }
}

/// The editor for a new post (`id` = `None`) or post `id`; `kept`: the form refused on the
/// last plain post, shown again instead of the stored values.
pub async fn editor(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    kept: bool,
) -> Result<NewsEditing, ServiceError> {
    let actor = writer(state, ctx).await?;
    let stored = match id {
        Some(id) => Some(form_of(&written_by(state, &actor, id, ctx.locale).await?)),
        None => None,
    };
    let alliances = publishing::alliances_of(state, &actor, ctx).await?;
    let kept = super::kept_form::kept::<NewsForm>(ctx, KEPT_FORM, kept).await;
    let form = kept.or(stored).unwrap_or_else(|| NewsForm {
        alliance_id: match alliances.as_slice() {
            [(only, _)] => only.to_string(),
            _ => String::new(),
        },
        published_on: auth::today(),
        original_lang: ctx.locale.code().to_string(),
        ..NewsForm::default()
    });
    let picture = match id {
        Some(id) => store::picture::reference(&state.db, id).await?,
        None => None,
    };
    Ok(NewsEditing {
        id,
        picture,
        form,
        alliances,
    })
}

/// Keeps a refused form in the session so the editor shows it again after the redirect.
pub async fn keep_form(ctx: &Ctx, form: &NewsForm) {
    super::kept_form::keep(ctx, KEPT_FORM, form).await;
}

/// Creates a draft (no `id`) or saves post `id` (its status unchanged); returns its id.
pub async fn save(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    form: &NewsForm,
) -> Result<i64, ServiceError> {
    let actor = writer(state, ctx).await?;
    if let Some(id) = id {
        written_by(state, &actor, id, ctx.locale).await?;
    }
    let v = form.validate().map_err(ServiceError::Invalid)?;
    publishing::check_alliance(state, &actor, ctx, v.alliance_id).await?;
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
            .ok_or_else(|| ServiceError::Internal("news insert returned no id".into()))?;
            (id, "created")
        }
    };
    record(&mut tx, ctx, &actor, ("news", action), id, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Publishes, withdraws or (with `confirmed`) deletes post `id`.
pub async fn change(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    action: &str,
    confirmed: bool,
) -> Result<PublicationMove, ServiceError> {
    let actor = writer(state, ctx).await?;
    let row = written_by(state, &actor, id, ctx.locale).await?;
    publishing::make_move::<Posts>(state, ctx, &actor, (id, row.status), (action, confirmed)).await
}

/// The news posts' table, for the moves `services::publishing` makes.
struct Posts;

impl publishing::Table for Posts {
    const WHAT: &'static str = "news";

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

/// The Atom feed of alliance `slug`'s published posts, in `locale` where written.
pub async fn feed(state: &AppState, slug: &str, locale: Locale) -> Result<String, ServiceError> {
    let (alliance, name) = directory::alliance_abbreviation(&state.db, slug, locale)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let rows = store::feed(&state.db, alliance, locale, FEED_SIZE).await?;
    let lines = rows
        .iter()
        .map(|r| line(r, locale, true))
        .collect::<Vec<_>>();
    let summaries: Vec<String> = lines.iter().map(|l| summary_of(&l.text)).collect();
    let base = state.public_url.trim_end_matches('/');
    let entries: Vec<atom::Entry<'_>> = rows
        .iter()
        .zip(&lines)
        .zip(&summaries)
        .map(|((r, l), summary)| atom::Entry {
            url: format!("{base}/news/{}", l.id),
            title: &l.text.title,
            lang: &l.text.lang,
            published_on: &l.published_on,
            updated: r.updated_at,
            summary,
            body: &l.text.body,
        })
        .collect();
    let slug = crate::url::encode(slug);
    let title = format!("{name} — {}", locale.text(Key::NewsTitle));
    Ok(atom::feed(
        &atom::Feed {
            self_url: format!("{base}/alliances/{slug}/news.atom"),
            page_url: format!("{base}/alliances/{slug}/news"),
            title: &title,
            author: &name,
            lang: locale.code(),
            updated: rows.iter().map(|r| r.updated_at).max().unwrap_or(0),
        },
        &entries,
    ))
}
