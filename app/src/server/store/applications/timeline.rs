//! The timeline of an application: every move, message and internal note, append-only.
use crate::domain::application::{Action, State};
use crate::domain::application_view::{DocumentLine, TimelineItem};
use crate::server::store::sql::opt_code;
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

/// An application's documents and timeline: the application page's two lists.
pub struct History {
    /// By kind, then upload.
    pub documents: Vec<DocumentLine>,
    /// Oldest first.
    pub timeline: Vec<TimelineItem>,
}

/// One row of either list: `part` 0 is a document (`name` its file name, `at` its upload),
/// 1 a timeline entry (`name` its actor's, when a person made it).
#[derive(sqlx::FromRow)]
struct HistoryRow {
    part: i64,
    id: i64,
    kind: String,
    name: Option<String>,
    size_bytes: i64,
    at: i64,
    action: Option<String>,
    from_state: Option<String>,
    to_state: Option<String>,
    body: String,
}

/// The documents and the timeline of application `id`, in one statement; internal notes only
/// when `notes`.
pub async fn history(db: &Db, id: i64, notes: bool) -> Result<History, StoreError> {
    let rows =
        fetch!(db.conn(), fetch_all, sqlx::query_as::<_, HistoryRow>(
        "SELECT CAST(0 AS BIGINT) AS part, d.id, d.kind, d.file_name AS name, d.size_bytes, \
         d.created_at AS at, NULL AS action, NULL AS from_state, NULL AS to_state, '' AS body, \
         d.kind AS sort_kind FROM application_documents d WHERE d.application_id = $1 \
         UNION ALL SELECT CAST(1 AS BIGINT), e.id, e.kind, u.name_latin, 0, e.at, e.action, \
         e.from_state, e.to_state, e.body, '' \
         FROM application_events e LEFT JOIN users u ON u.id = e.actor_id \
         WHERE e.application_id = $1 AND (e.kind <> 'note' OR $2 = 1) \
         ORDER BY part, sort_kind, id"
    )
    .bind(id)
    .bind(i64::from(notes)))?;
    let mut history = History {
        documents: Vec::new(),
        timeline: Vec::new(),
    };
    for r in rows {
        if r.part == 0 {
            history.documents.push(DocumentLine {
                id: r.id,
                kind: r.kind,
                file_name: r.name.unwrap_or_default(),
                size_bytes: r.size_bytes,
                created_at: r.at,
            });
        } else {
            history.timeline.push(TimelineItem {
                at: r.at,
                actor: r.name,
                kind: r.kind,
                action: opt_code("application_events.action", r.action.as_deref())?,
                from: opt_code("application_events.from_state", r.from_state.as_deref())?,
                to: opt_code("application_events.to_state", r.to_state.as_deref())?,
                body: r.body,
            });
        }
    }
    Ok(history)
}
