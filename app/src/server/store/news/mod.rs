//! The news of the alliances (`news_posts`): drafts and published posts with their texts in
//! each language. The language a reader sees is chosen in the domain (`domain::news::shown`),
//! so every read returns the texts of all three. `picture`: a post's picture.
pub mod picture;
use super::sql::{inline_ids, localized};
use super::{Db, StoreError, Tx};
use crate::domain::news::{NewsTexts, ValidNews};
use crate::domain::publishing::Publication;
use crate::i18n::Locale;
use crate::{exec, fetch, on};

/// A stored post: everything the editor and the access rule need.
#[derive(sqlx::FromRow)]
pub struct NewsRow {
    pub id: i64,
    pub alliance_id: i64,
    pub alliance_slug: String,
    pub alliance: String,
    #[sqlx(try_from = "String")]
    pub status: Publication,
    pub published_on: String,
    #[sqlx(try_from = "String")]
    pub original_lang: Locale,
    pub title_en: Option<String>,
    pub title_ru: Option<String>,
    pub title_zh: Option<String>,
    pub summary_en: Option<String>,
    pub summary_ru: Option<String>,
    pub summary_zh: Option<String>,
    pub body_en: Option<String>,
    pub body_ru: Option<String>,
    pub body_zh: Option<String>,
    pub published_at: Option<i64>,
    pub updated_at: i64,
}

impl NewsRow {
    /// The texts per language (en, ru, zh).
    pub fn texts(&self) -> [NewsTexts; 3] {
        let t =
            |title: &Option<String>, summary: &Option<String>, body: &Option<String>| NewsTexts {
                title: title.clone(),
                summary: summary.clone(),
                body: body.clone(),
            };
        [
            t(&self.title_en, &self.summary_en, &self.body_en),
            t(&self.title_ru, &self.summary_ru, &self.body_ru),
            t(&self.title_zh, &self.summary_zh, &self.body_zh),
        ]
    }
}

/// The columns of a [`NewsRow`] (`n`: the post, `a`: its alliance). Lists leave the bodies
/// out (`bodies` false): they show summaries.
fn columns(locale: Locale, bodies: bool) -> String {
    let body = |l: &str| {
        if bodies {
            format!("n.body_{l}")
        } else {
            // The first 600 characters are enough for a summary made from the body.
            format!("SUBSTR(n.body_{l}, 1, 600) AS body_{l}")
        }
    };
    format!(
        "n.id, n.alliance_id, a.slug AS alliance_slug, {} AS alliance, n.status, n.published_on, \
         n.original_lang, n.title_en, n.title_ru, n.title_zh, n.summary_en, n.summary_ru, \
         n.summary_zh, {}, {}, {}, n.published_at, n.updated_at",
        localized("a.abbreviation", locale),
        body("en"),
        body("ru"),
        body("zh"),
    )
}

/// Post `id`, in any status.
pub async fn by_id(db: &Db, id: i64, locale: Locale) -> Result<Option<NewsRow>, StoreError> {
    let sql = format!(
        "SELECT {} FROM news_posts n JOIN alliances a ON a.id = n.alliance_id WHERE n.id = $1",
        columns(locale, true)
    );
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, NewsRow>(&sql).bind(id)
    )
}

/// Which posts a list holds.
pub enum Scope<'a> {
    /// Published posts, of every alliance or of one.
    Published { alliance: Option<i64> },
    /// Every post (drafts too) of these alliances, or of all (`None`: an administrator).
    Managed { alliances: Option<&'a [i64]> },
}

/// A page of posts, newest first, and how many there are in all.
pub async fn list(
    db: &Db,
    scope: Scope<'_>,
    locale: Locale,
    offset: i64,
    limit: i64,
) -> Result<(Vec<NewsRow>, i64), StoreError> {
    // Ids come from the actor's grants or a looked-up alliance, never from input: safe inline.
    let filter = match scope {
        Scope::Published { alliance: None } => "n.status = 'published'".to_string(),
        Scope::Published { alliance: Some(a) } => {
            format!("n.alliance_id = {a} AND n.status = 'published'")
        }
        Scope::Managed { alliances: None } => "1 = 1".to_string(),
        Scope::Managed {
            alliances: Some(list),
        } => format!("n.alliance_id IN ({})", inline_ids(list)),
    };
    let sql = format!(
        "SELECT {} FROM news_posts n JOIN alliances a ON a.id = n.alliance_id WHERE {filter} \
         ORDER BY n.published_on DESC, n.id DESC LIMIT $1 OFFSET $2",
        columns(locale, false)
    );
    let count = format!("SELECT COUNT(*) FROM news_posts n WHERE {filter}");
    let (rows, total) = on!(db.conn(), |c| {
        let rows = sqlx::query_as::<_, NewsRow>(&sql)
            .bind(limit)
            .bind(offset)
            .fetch_all(&mut *c)
            .await?;
        let total: i64 = sqlx::query_scalar(&count).fetch_one(c).await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    Ok((rows, total))
}

/// The newest published posts of `alliance` with their bodies, for its feed.
pub async fn feed(
    db: &Db,
    alliance: i64,
    locale: Locale,
    limit: i64,
) -> Result<Vec<NewsRow>, StoreError> {
    let sql = format!(
        "SELECT {} FROM news_posts n JOIN alliances a ON a.id = n.alliance_id \
         WHERE n.alliance_id = $1 AND n.status = 'published' \
         ORDER BY n.published_on DESC, n.id DESC LIMIT $2",
        columns(locale, true)
    );
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, NewsRow>(&sql)
            .bind(alliance)
            .bind(limit)
    )
}

/// Binds the editable columns of `v` in their order.
macro_rules! bind_texts {
    ($q:expr, $v:expr) => {{
        let t = &$v.texts;
        $q.bind($v.alliance_id)
            .bind($v.published_on.as_str())
            .bind($v.original_lang.code())
            .bind(t[0].title.as_deref())
            .bind(t[1].title.as_deref())
            .bind(t[2].title.as_deref())
            .bind(t[0].summary.as_deref())
            .bind(t[1].summary.as_deref())
            .bind(t[2].summary.as_deref())
            .bind(t[0].body.as_deref())
            .bind(t[1].body.as_deref())
            .bind(t[2].body.as_deref())
    }};
}

const EDITABLE: &str = "alliance_id, published_on, original_lang, title_en, title_ru, title_zh, \
    summary_en, summary_ru, summary_zh, body_en, body_ru, body_zh";

/// Stores a new post in `status`; `seed_key` makes a seeded post's insert idempotent (`None`
/// returned when it exists already).
pub async fn insert(
    tx: &mut Tx,
    v: &ValidNews,
    status: Publication,
    (by, seed_key): (Option<i64>, Option<&str>),
    now: i64,
) -> Result<Option<i64>, StoreError> {
    let sql = format!(
        "INSERT INTO news_posts ({EDITABLE}, status, created_by, seed_key, created_at, updated_at, \
         published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
         $16, $16, $17) ON CONFLICT (seed_key) DO NOTHING RETURNING id"
    );
    let published_at = (status == Publication::Published).then_some(now);
    fetch!(
        tx.conn(),
        fetch_optional,
        bind_texts!(sqlx::query_scalar::<_, i64>(&sql), v)
            .bind(status.code())
            .bind(by)
            .bind(seed_key)
            .bind(now)
            .bind(published_at)
    )
}

/// Replaces the texts of post `id`.
pub async fn update(tx: &mut Tx, id: i64, v: &ValidNews, now: i64) -> Result<(), StoreError> {
    let sets = EDITABLE
        .split(',')
        .enumerate()
        .map(|(i, c)| format!("{} = ${}", c.trim(), i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("UPDATE news_posts SET {sets}, updated_at = $13 WHERE id = $14");
    exec!(
        tx.conn(),
        bind_texts!(sqlx::query(&sql), v).bind(now).bind(id)
    )?;
    Ok(())
}

/// Moves post `id` to `status` if it is in `from` (false: it was not).
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    from: Publication,
    status: Publication,
    now: i64,
) -> Result<bool, StoreError> {
    let published_at = (status == Publication::Published).then_some(now);
    let changed = exec!(
        tx.conn(),
        sqlx::query(
            "UPDATE news_posts SET status = $1, published_at = COALESCE($2, published_at), \
             updated_at = $3 WHERE id = $4 AND status = $5"
        )
        .bind(status.code())
        .bind(published_at)
        .bind(now)
        .bind(id)
        .bind(from.code())
    )?;
    Ok(changed == 1)
}

/// Deletes post `id`.
pub async fn delete(tx: &mut Tx, id: i64) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query("DELETE FROM news_posts WHERE id = $1").bind(id)
    )?;
    Ok(())
}
