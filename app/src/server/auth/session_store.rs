//! tower-sessions' store over our database (SQLite or PostgreSQL, through the same store code).
use crate::server::store::{sessions, Db};
use async_trait::async_trait;
use tower_sessions::{
    session::{Id, Record},
    session_store::{Error, Result},
    SessionStore,
};

/// Session data key holding the signed-in user's id (mirrored in the `user_id` column).
pub const USER_KEY: &str = "uid";
/// Session data keys holding what the session's statement reads of its user: the account's
/// version and the unread notifications. Never stored: the database's, fresh on every load.
pub const VERSION_KEY: &str = "_auth_version";
pub const UNREAD_KEY: &str = "_unread";
const READ_WITH_SESSION: [&str; 2] = [VERSION_KEY, UNREAD_KEY];

/// The database-backed session store.
#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> DbSessionStore {
        DbSessionStore { db }
    }
}

fn encode(record: &Record) -> Result<(String, Option<i64>, i64)> {
    let mut kept = record.data.clone();
    for key in READ_WITH_SESSION {
        kept.remove(key);
    }
    let data = serde_json::to_string(&kept).map_err(|e| Error::Encode(e.to_string()))?;
    let user = record.data.get(USER_KEY).and_then(|v| v.as_i64());
    Ok((data, user, record.expiry_date.unix_timestamp()))
}

fn backend(e: impl std::fmt::Display) -> Error {
    Error::Backend(e.to_string())
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        let (data, user, expires) = encode(record)?;
        // A 128-bit random id collides practically never; still, never overwrite another session.
        while !sessions::insert(&self.db, &record.id.to_string(), user, &data, expires)
            .await
            .map_err(backend)?
        {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let (data, user, expires) = encode(record)?;
        sessions::upsert(&self.db, &record.id.to_string(), user, &data, expires)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let now = time::OffsetDateTime::now_utc();
        let Some(loaded) = sessions::load(&self.db, &id.to_string(), now.unix_timestamp())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let mut data: std::collections::HashMap<String, serde_json::Value> =
            serde_json::from_str(&loaded.data).map_err(|e| Error::Decode(e.to_string()))?;
        for (key, value) in [
            (VERSION_KEY, loaded.auth_version),
            (UNREAD_KEY, loaded.unread),
        ] {
            match value {
                Some(v) => data.insert(key.into(), v.into()),
                None => data.remove(key),
            };
        }
        // The expiry is refreshed by the session layer on save; what matters here is that the
        // row was live.
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: now,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        sessions::delete(&self.db, &id.to_string())
            .await
            .map_err(backend)
    }
}
