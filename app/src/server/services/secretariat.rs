//! The secretariat's inbox (`/alliances/{slug}/messages`): an alliance's current staff read the
//! messages sent through its contact form, reply by e-mail (through the outbox, in the
//! visitor's language, the reply kept with the message) and mark them handled. Anyone else is
//! refused; another alliance's staff are not told the inbox exists (404).
use super::auth::event;
use crate::domain::access::{self, Actor};
use crate::domain::secretariat::{
    excerpt, Inbox, MessageLine, MessageView, ReplyView, PAGE_SIZE, REPLY_MAX,
};
use crate::domain::validation::{without_bidi_controls, Problem};
use crate::i18n::Locale;
use crate::server::auth::{self, guard, Ctx};
use crate::server::error::ServiceError;
use crate::server::mail::{self, Mail};
use crate::server::state::AppState;
use crate::server::store::audit;
use crate::server::store::directory::{self, inbox};

/// The actor, alliance `slug`'s id and its abbreviation, if the actor may read its inbox.
async fn reader(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
) -> Result<(Actor, i64, String), ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    let (alliance, name) = directory::alliance_abbreviation(&state.db, slug, ctx.locale)
        .await?
        .ok_or(ServiceError::NotFound)?;
    guard::check(access::may_read_messages(&actor, alliance))?;
    Ok((actor, alliance, name))
}

/// A page of alliance `slug`'s inbox: open messages, or `all`.
pub async fn inbox(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    all: bool,
    page: i64,
) -> Result<Inbox, ServiceError> {
    let (_, alliance, name) = reader(state, ctx, slug).await?;
    let page = page.max(1);
    let (rows, total, open) =
        inbox::list(&state.db, alliance, all, (page - 1) * PAGE_SIZE, PAGE_SIZE).await?;
    Ok(Inbox {
        slug: slug.to_string(),
        alliance: name,
        all,
        lines: rows
            .into_iter()
            .map(|r| MessageLine {
                id: r.id,
                excerpt: excerpt(&r.message, 120),
                name: r.name,
                email: r.email,
                created_at: r.created_at,
                handled: r.handled_at.is_some(),
                replies: r.replies,
            })
            .collect(),
        page,
        pages: super::page_count(total, PAGE_SIZE),
        open,
    })
}

/// Message `id` of alliance `slug` with its replies (404 for another alliance's).
pub async fn message(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: i64,
) -> Result<MessageView, ServiceError> {
    let (_, alliance, name) = reader(state, ctx, slug).await?;
    let row = inbox::by_id(&state.db, alliance, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let replies = inbox::replies(&state.db, id)
        .await?
        .into_iter()
        .map(|(author, body, created_at)| ReplyView {
            author,
            body,
            created_at,
        })
        .collect();
    Ok(MessageView {
        id: row.id,
        slug: slug.to_string(),
        alliance: name,
        name: row.name,
        email: row.email,
        message: row.message,
        locale: row.locale,
        created_at: row.created_at,
        handled: row
            .handled_at
            .map(|at| (at, row.handled_by.unwrap_or_default())),
        replies,
    })
}

/// Replies to message `id` by e-mail, in the visitor's language; the reply is kept with the
/// message, which counts as handled. One transaction: the reply, its e-mail, the audit event.
pub async fn reply(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: i64,
    body: &str,
) -> Result<(), ServiceError> {
    let (actor, alliance, _) = reader(state, ctx, slug).await?;
    let row = inbox::by_id(&state.db, alliance, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let body = without_bidi_controls(body).trim().replace("\r\n", "\n");
    let problem = match body.chars().count() {
        0 => Some(Problem::Required),
        n if n > REPLY_MAX => Some(Problem::TooLong),
        _ => None,
    };
    if let Some(p) = problem {
        return Err(ServiceError::invalid("body", p));
    }
    let locale = Locale::parse(&row.locale).unwrap_or_default();
    // The alliance's name in the visitor's language, for the e-mail.
    let (_, alliance_name) = directory::alliance_abbreviation(&state.db, slug, locale)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    inbox::insert_reply(&mut tx, id, actor.user_id, (&body, locale.code()), now).await?;
    if row.handled_at.is_none() {
        inbox::set_handled(&mut tx, id, actor.user_id, Some(now)).await?;
    }
    let mail = Mail::ContactReply {
        alliance: &alliance_name,
        reply: &body,
        original: &row.message,
    };
    mail::queue(&mut tx, &state.public_url, &row.email, locale, mail, now).await?;
    let detail = format!("contact:{id}");
    let mut ev = event(Some(actor.user_id), "contact.replied", None, ctx);
    ev.detail = &detail;
    audit::record(&mut tx, &ev, now).await?;
    tx.commit().await?;
    state.mail.wake();
    Ok(())
}

/// Marks message `id` handled, or open again (`handled` false).
pub async fn mark(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: i64,
    handled: bool,
) -> Result<(), ServiceError> {
    let (actor, alliance, _) = reader(state, ctx, slug).await?;
    inbox::by_id(&state.db, alliance, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    inbox::set_handled(&mut tx, id, actor.user_id, handled.then_some(now)).await?;
    let detail = format!("contact:{id}");
    let action = if handled {
        "contact.handled"
    } else {
        "contact.reopened"
    };
    let mut ev = event(Some(actor.user_id), action, None, ctx);
    ev.detail = &detail;
    audit::record(&mut tx, &ev, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The menu's link to the inbox: the first alliance the actor is staff of (its slug) and the
/// open messages of all of them; `None` for anyone who is not staff (no statement then).
pub async fn menu(state: &AppState, actor: &Actor) -> Result<Option<(String, i64)>, ServiceError> {
    let alliances: Vec<i64> = actor.staff_alliances().collect();
    Ok(inbox::menu(&state.db, &alliances).await?)
}
