//! A small in-process cache with a time to live, for data that changes rarely and is read on
//! every page (the directory overview behind the alliance filters). Each instance keeps its
//! own copy, so a change made elsewhere (the seed command, another instance) shows within the
//! time to live.
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct TtlCache<K, V> {
    ttl: Duration,
    entries: Mutex<HashMap<K, (Instant, V)>>,
}

impl<K: Eq + Hash + Clone, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration) -> Self {
        TtlCache {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The value for `key` if it is younger than the time to live.
    pub fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: K, value: V) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.insert(key, (Instant::now(), value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_expire() {
        let c = TtlCache::new(Duration::from_millis(30));
        c.put("en", 1);
        assert_eq!(c.get(&"en"), Some(1));
        assert_eq!(c.get(&"ru"), None);
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(c.get(&"en"), None);
    }
}
