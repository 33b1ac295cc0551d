//! A small in-process cache for data read on many pages and changed rarely (the directory,
//! the catalogue, the statistics' figures). Each instance keeps its own copy under the version
//! of its data set (`store::versions`), which every write bumps in its own transaction, so a
//! change made elsewhere (the seed command, another instance) shows on the next request.
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// Query results under the version of their data set, each valid until a moment of its own
/// (a result that depends on the clock, such as "applications open now", stops being right
/// when the next window opens or closes). A bound on memory, not an eviction policy: past
/// `max` entries the cache starts over. A missing value is read once however many requests
/// ask for it at the same moment ([`VersionedCache::get_or_fill`]): the others wait for it
/// rather than each run the same query (at 64 connections that stampede set the p99).
pub struct VersionedCache<V, Ver = i64> {
    max: usize,
    entries: Mutex<HashMap<String, Versioned<V, Ver>>>,
    /// A lock per key being filled.
    fills: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

struct Versioned<V, Ver> {
    version: Ver,
    valid_until: i64,
    value: V,
}

impl<V: Clone, Ver: PartialEq> VersionedCache<V, Ver> {
    pub fn new(max: usize) -> Self {
        VersionedCache {
            max,
            entries: Mutex::new(HashMap::new()),
            fills: Mutex::new(HashMap::new()),
        }
    }

    /// The value for `key` at `version` and `now`; when there is none, `fill` reads it (with
    /// the moment until which it holds) — once for all the requests that ask meanwhile.
    pub async fn get_or_fill<E, F, Fut>(
        &self,
        key: String,
        version: Ver,
        now: i64,
        fill: F,
    ) -> Result<V, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(V, i64), E>>,
    {
        if let Some(hit) = self.get(&key, &version, now) {
            return Ok(hit);
        }
        let lock = {
            let mut fills = self.fills.lock().unwrap_or_else(|e| e.into_inner());
            fills.entry(key.clone()).or_default().clone()
        };
        let _filling = lock.lock().await;
        // Whoever held the lock before may have filled it.
        if let Some(hit) = self.get(&key, &version, now) {
            return Ok(hit);
        }
        let result = fill().await;
        if let Ok((value, valid_until)) = &result {
            self.put(key.clone(), version, *valid_until, value.clone());
        }
        self.fills
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&key);
        result.map(|(value, _)| value)
    }

    /// The value for `key` if it was filled at `version` and is still valid at `now`.
    pub fn get(&self, key: &str, version: &Ver, now: i64) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|e| e.version == *version && now < e.valid_until)
            .map(|e| e.value.clone())
    }

    /// Keeps `value`, read after `version` was, until `valid_until` (a Unix time).
    pub fn put(&self, key: String, version: Ver, valid_until: i64, value: V) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= self.max && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(
            key,
            Versioned {
                version,
                valid_until,
                value,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_versioned_value_holds_only_under_its_version_and_until_its_moment() {
        let c = VersionedCache::new(2);
        c.put("a".into(), 7, 100, "seven");
        assert_eq!(c.get("a", &7, 99), Some("seven"));
        assert_eq!(c.get("a", &8, 99), None, "a newer version");
        assert_eq!(c.get("a", &7, 100), None, "past its moment");
        c.put("b".into(), 7, 100, "b");
        c.put("c".into(), 7, 100, "c");
        assert_eq!(c.get("a", &7, 1), None, "over the bound, it started over");
        assert_eq!(c.get("c", &7, 1), Some("c"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_missing_value_is_read_once_for_all_who_ask_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let cache = Arc::new(VersionedCache::<u32>::new(8));
        let reads = Arc::new(AtomicUsize::new(0));
        let asks = (0..16).map(|_| {
            let (cache, reads) = (cache.clone(), reads.clone());
            tokio::spawn(async move {
                cache
                    .get_or_fill("k".into(), 1, 0, || async {
                        reads.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        Ok::<_, ()>((42, 100))
                    })
                    .await
            })
        });
        for ask in asks.collect::<Vec<_>>() {
            assert_eq!(ask.await.ok(), Some(Ok(42)));
        }
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        // A newer version reads again.
        let again = cache
            .get_or_fill("k".into(), 2, 0, || async { Ok::<_, ()>((43, 100)) })
            .await;
        assert_eq!(again, Ok(43));
    }
}
