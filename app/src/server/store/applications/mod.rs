//! Applications: the rows as stored and the facts a decision reads, with the moves, the
//! timeline, the inbox, the coordinators' queues and the scheduled jobs in their own modules.
mod counts;
pub mod documents;
mod inbox;
mod jobs;
mod moves;
mod queue;
mod timeline;

pub use counts::*;
pub use inbox::*;
pub use jobs::*;
pub use moves::*;
pub use queue::*;
pub use timeline::*;

use super::sql::{list, text_in, university_name};
use super::{Conn, Db, StoreError};
use crate::domain::application::State;
use crate::domain::opportunity::{window_open, Status};
use crate::fetch;
use crate::i18n::Locale;

/// What applying to an opportunity is checked against.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Target {
    pub id: i64,
    pub alliance_id: i64,
    pub host_university_id: i64,
    #[sqlx(try_from = "String")]
    pub status: Status,
    pub opens_at: i64,
    pub closes_at: i64,
    pub levels: String,
    pub languages: String,
    pub documents: String,
    pub capacity: i64,
    pub quota_per_university: Option<i64>,
    pub offer_days: i64,
    pub title: String,
    pub starts_on: String,
    /// The title in each language, for the e-mails a decision sends.
    #[sqlx(flatten)]
    pub titles: Titles,
}

impl Target {
    pub fn window_open(&self, now: i64) -> bool {
        window_open(self.status, self.opens_at, self.closes_at, now)
    }

    pub fn documents(&self) -> Vec<String> {
        list(&self.documents)
    }

    pub fn levels(&self) -> Vec<String> {
        list(&self.levels)
    }
}

/// The query of a [`Target`], title in `locale`.
fn target_sql(locale: Locale) -> String {
    format!(
        "SELECT o.id, o.alliance_id, o.host_university_id, o.status, o.opens_at, o.closes_at, \
         o.levels, o.languages, o.documents, o.capacity, o.quota_per_university, o.offer_days, \
         {} AS title, o.starts_on, {} AS en, {} AS ru, {} AS zh FROM opportunities o WHERE o.id = $1",
        text_in("title", locale),
        text_in("title", Locale::En),
        text_in("title", Locale::Ru),
        text_in("title", Locale::Zh)
    )
}

/// The opportunity application `id` is checked against; a decision reads it inside its
/// transaction (it must not wait for a second connection while it holds one: under load that
/// starves the pool).
pub async fn target(
    conn: impl Into<Conn<'_>>,
    id: i64,
    locale: Locale,
) -> Result<Option<Target>, StoreError> {
    let sql = target_sql(locale);
    fetch!(
        conn.into(),
        fetch_optional,
        sqlx::query_as::<_, Target>(&sql).bind(id)
    )
}

/// The title of an opportunity in each language (each falling back to the original).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Titles {
    pub en: String,
    pub ru: String,
    pub zh: String,
}

impl Titles {
    /// The title in `l`.
    pub fn get(&self, l: Locale) -> &str {
        match l {
            Locale::Ru => &self.ru,
            Locale::Zh => &self.zh,
            Locale::En => &self.en,
        }
    }
}

pub async fn titles(conn: impl Into<Conn<'_>>, id: i64) -> Result<Option<Titles>, StoreError> {
    let sql = format!(
        "SELECT {} AS en, {} AS ru, {} AS zh FROM opportunities o WHERE o.id = $1",
        text_in("title", Locale::En),
        text_in("title", Locale::Ru),
        text_in("title", Locale::Zh)
    );
    fetch!(
        conn.into(),
        fetch_optional,
        sqlx::query_as::<_, Titles>(&sql).bind(id)
    )
}

/// An application as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AppRow {
    pub id: i64,
    pub opportunity_id: i64,
    pub applicant_id: i64,
    pub home_university_id: i64,
    pub host_university_id: i64,
    pub alliance_id: i64,
    #[sqlx(try_from = "String")]
    pub state: State,
    pub level: String,
    pub year_of_study: Option<i64>,
    pub motivation: String,
    pub languages: String,
    pub rank: Option<i64>,
    pub reason: Option<String>,
    pub submitted_at: Option<i64>,
    pub nominated_at: Option<i64>,
    pub offer_expires_at: Option<i64>,
    pub updated_at: i64,
}

impl AppRow {
    pub fn scope(&self) -> crate::domain::access::ApplicationScope {
        crate::domain::access::ApplicationScope {
            applicant_id: self.applicant_id,
            home_university_id: self.home_university_id,
            host_university_id: self.host_university_id,
            alliance_id: self.alliance_id,
            submitted: self.submitted_at.is_some(),
            nominated: self.nominated_at.is_some(),
        }
    }
}

/// The columns of [`AppRow`], each prefixed with the table's alias.
fn row_columns(alias: &str) -> String {
    [
        "id",
        "opportunity_id",
        "applicant_id",
        "home_university_id",
        "host_university_id",
        "alliance_id",
        "state",
        "level",
        "year_of_study",
        "motivation",
        "languages",
        "rank",
        "reason",
        "submitted_at",
        "nominated_at",
        "offer_expires_at",
        "updated_at",
    ]
    .map(|c| format!("{alias}.{c}"))
    .join(", ")
}

/// The application as the caller sees it (in a decision: after the opportunity's lock).
pub async fn by_id(conn: impl Into<Conn<'_>>, id: i64) -> Result<Option<AppRow>, StoreError> {
    let sql = format!(
        "SELECT {} FROM applications a WHERE a.id = $1",
        row_columns("a")
    );
    fetch!(
        conn.into(),
        fetch_optional,
        sqlx::query_as::<_, AppRow>(&sql).bind(id)
    )
}

/// Who an application is by and between which universities, names in the reader's language.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Names {
    pub applicant: String,
    pub email: String,
    pub home: String,
    pub host: String,
}

/// The columns of [`Names`] for the application `a`, over [`NAMES_JOINS`].
fn names_columns(locale: Locale) -> String {
    format!(
        "p.name_latin AS applicant, p.email, {} AS home, {} AS host",
        university_name("hu", locale),
        university_name("su", locale),
    )
}

const NAMES_JOINS: &str = "JOIN users p ON p.id = a.applicant_id \
     JOIN universities hu ON hu.id = a.home_university_id \
     JOIN universities su ON su.id = a.host_university_id";

pub async fn names(db: &Db, id: i64, locale: Locale) -> Result<Option<Names>, StoreError> {
    let sql = format!(
        "SELECT {} FROM applications a {NAMES_JOINS} WHERE a.id = $1",
        names_columns(locale)
    );
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, Names>(&sql).bind(id)
    )
}

/// What the application page shows of an application besides its lists: the row, what its
/// opportunity asks for, and the names of the people and universities in the reader's language.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PageHead {
    #[sqlx(flatten)]
    pub row: AppRow,
    pub opportunity_title: String,
    pub required_languages: String,
    pub eligible_levels: String,
    pub required_documents: String,
    pub closes_at: i64,
    #[sqlx(flatten)]
    pub names: Names,
}

impl PageHead {
    pub fn eligible_levels(&self) -> Vec<String> {
        list(&self.eligible_levels)
    }

    pub fn required_documents(&self) -> Vec<String> {
        list(&self.required_documents)
    }
}

/// The application page's head, in one statement.
pub async fn page_head(db: &Db, id: i64, locale: Locale) -> Result<Option<PageHead>, StoreError> {
    let sql = format!(
        "SELECT {row}, {title} AS opportunity_title, o.languages AS required_languages, \
         o.levels AS eligible_levels, o.documents AS required_documents, o.closes_at, {names} \
         FROM applications a JOIN opportunities o ON o.id = a.opportunity_id {NAMES_JOINS} \
         WHERE a.id = $1",
        row = row_columns("a"),
        title = text_in("title", locale),
        names = names_columns(locale),
    );
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, PageHead>(&sql).bind(id)
    )
}

/// The active application of `applicant` to `opportunity`, if any.
pub async fn active_of(
    db: &Db,
    applicant: i64,
    opportunity: i64,
) -> Result<Option<i64>, StoreError> {
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_scalar::<_, i64>(
            "SELECT id FROM applications WHERE applicant_id = $1 AND opportunity_id = $2 \
         AND state NOT IN ('completed', 'rejected', 'declined', 'withdrawn')"
        )
        .bind(applicant)
        .bind(opportunity)
    )
}
