//! Each instance's copy of the signed-in users' accounts and roles, so that a signed-in page
//! costs one statement for who is asking (the session, with the account's version beside it)
//! instead of three. An entry is used only while its version is the one the session's statement
//! just read: the database bumps the version in the same transaction as any change to the
//! account or its roles (triggers, migration 0011), so a change made through any instance is
//! seen by every instance on its next request.
use crate::domain::access::Grant;
use crate::server::store::accounts::UserRow;
use std::collections::HashMap;
use std::sync::Mutex;

/// More accounts than this and the cache starts over (a bound on memory, not an eviction
/// policy: an alliance's signed-in users at once are far fewer).
const MAX_ENTRIES: usize = 20_000;

/// An account and its roles as read together.
#[derive(Clone)]
pub struct Account {
    pub user: UserRow,
    pub grants: Vec<Grant>,
}

#[derive(Default)]
pub struct AccountCache {
    entries: Mutex<HashMap<i64, Account>>,
}

impl AccountCache {
    /// The account of `user_id` if the cached copy is at `version`.
    pub fn get(&self, user_id: i64, version: i64) -> Option<Account> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&user_id)
            .filter(|a| a.user.auth_version == version)
            .cloned()
    }

    /// Keeps `account` under its own version (read with the row, so never older than the
    /// version the request saw).
    pub fn put(&self, account: Account) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(account.user.id, account);
    }
}
