//! The timeline of an application: every move, message and internal note, append-only.
use crate::domain::application::{Action, State};
use crate::domain::application_view::TimelineItem;
use crate::server::store::sql::{all, opt_code};
use crate::server::store::{Db, StoreError, Tx};
use crate::{exec, fetch};

/// One timeline entry to append.
pub struct NewEvent<'a> {
    pub application_id: i64,
    pub actor_id: Option<i64>,
    pub kind: &'a str,
    pub action: Option<Action>,
    pub from: Option<State>,
    pub to: Option<State>,
    pub body: &'a str,
}

pub async fn add_event(tx: &mut Tx, e: &NewEvent<'_>, now: i64) -> Result<(), StoreError> {
    exec!(tx.conn(), sqlx::query(
        "INSERT INTO application_events (application_id, at, actor_id, kind, action, from_state, \
         to_state, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    )
    .bind(e.application_id)
    .bind(now)
    .bind(e.actor_id)
    .bind(e.kind)
    .bind(e.action.map(Action::code))
    .bind(e.from.map(State::code))
    .bind(e.to.map(State::code))
    .bind(e.body))?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EventRow {
    at: i64,
    actor: Option<String>,
    kind: String,
    action: Option<String>,
    from_state: Option<String>,
    to_state: Option<String>,
    body: String,
}

/// The timeline, oldest first; internal notes only when `notes`.
pub async fn timeline(db: &Db, id: i64, notes: bool) -> Result<Vec<TimelineItem>, StoreError> {
    let rows = fetch!(db.conn(), fetch_all, sqlx::query_as::<_, EventRow>(
        "SELECT e.at, u.name_latin AS actor, e.kind, e.action, e.from_state, e.to_state, e.body \
         FROM application_events e LEFT JOIN users u ON u.id = e.actor_id \
         WHERE e.application_id = $1 AND (e.kind <> 'note' OR $2 = 1) ORDER BY e.id"
    )
    .bind(id)
    .bind(i64::from(notes)))?;
    all(rows, |r| {
        Ok(TimelineItem {
            at: r.at,
            actor: r.actor,
            kind: r.kind,
            action: opt_code("application_events.action", r.action.as_deref())?,
            from: opt_code("application_events.from_state", r.from_state.as_deref())?,
            to: opt_code("application_events.to_state", r.to_state.as_deref())?,
            body: r.body,
        })
    })
}
