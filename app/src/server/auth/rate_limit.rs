//! Attempt limits for sign-in, registration, reset and verification e-mails, codes, messages
//! and uploads: per client address, per account and per (account, address) pair, in fixed
//! windows. A window ends, so an attacker can slow the owner down but never lock them out.
//!
//! Memory is bounded whatever arrives: a key is kept as a 64-bit keyed hash (never the text a
//! client sent, which may be megabytes), expired windows are dropped once a minute, and past
//! [`MAX_KEYS`] the oldest windows make room. Counters live in this process (see README: with
//! several instances each keeps its own).
use std::{
    collections::HashMap,
    hash::{BuildHasher, RandomState},
    sync::Mutex,
    time::{Duration, Instant},
};

/// What is limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// Sign-in attempts from a client address (to any account).
    LoginAddress,
    /// Sign-in attempts on one account from one address: the attacker's address is stopped
    /// for that account, the owner's address is not.
    LoginPair,
    /// Failed sign-ins on one account from anywhere: beyond the per-account limit they slow
    /// every further attempt from an address that has failed on it (an escalating delay).
    LoginAccount,
    Register,
    Reset,
    Resend,
    SecondFactor,
    /// Messages to an alliance's secretariat, per client address.
    Contact,
    /// Document uploads, per account.
    Upload,
}

/// Attempts allowed per window for each bucket.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Attempts per client address per window (sign-in, registration, reset, resend).
    pub per_address: u32,
    /// Failed sign-ins per account and address, and failed codes per account, per window.
    pub per_account: u32,
    /// Uploads per account per window.
    pub uploads: u32,
    pub window: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_address: 30,
            per_account: 5,
            uploads: 60,
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// Windows kept at most (about 40 bytes each, so a few MB whatever clients send).
pub const MAX_KEYS: usize = 100_000;
/// How often expired windows are dropped.
const PRUNE_EVERY: Duration = Duration::from_secs(60);
/// The longest a sign-in waits under the escalating delay.
pub const MAX_DELAY: Duration = Duration::from_secs(8);

#[derive(Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

struct Windows {
    map: HashMap<(Bucket, u64), Window>,
    pruned: Instant,
}

/// The counters.
pub struct RateLimiter {
    limits: Limits,
    hasher: RandomState,
    windows: Mutex<Windows>,
}

impl RateLimiter {
    pub fn new(limits: Limits) -> RateLimiter {
        RateLimiter {
            limits,
            hasher: RandomState::new(),
            windows: Mutex::new(Windows {
                map: HashMap::new(),
                pruned: Instant::now(),
            }),
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    fn limit(&self, bucket: Bucket) -> u32 {
        match bucket {
            Bucket::LoginPair | Bucket::LoginAccount | Bucket::SecondFactor => {
                self.limits.per_account
            }
            Bucket::Upload => self.limits.uploads,
            _ => self.limits.per_address,
        }
    }

    /// The key as kept: a keyed hash, so its size does not depend on what the client sent and
    /// no one can choose keys that collide.
    fn digest(&self, bucket: Bucket, key: &str) -> (Bucket, u64) {
        (bucket, self.hasher.hash_one(key))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Windows> {
        self.windows.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The live count of `key` in `bucket`.
    fn count(&self, bucket: Bucket, key: &str) -> (u32, Option<u64>) {
        let now = Instant::now();
        let windows = self.lock();
        match windows.map.get(&self.digest(bucket, key)) {
            Some(w) if now.duration_since(w.started) < self.limits.window => {
                let left = (self.limits.window - now.duration_since(w.started))
                    .as_secs()
                    .max(1);
                (w.count, Some(left))
            }
            _ => (0, None),
        }
    }

    /// Seconds to wait when `key` has used up `bucket`, without counting this attempt.
    pub fn blocked(&self, bucket: Bucket, key: &str) -> Option<u64> {
        match self.count(bucket, key) {
            (n, Some(left)) if n >= self.limit(bucket) => Some(left),
            _ => None,
        }
    }

    /// Counts one attempt; returns the wait when the limit is now exceeded.
    pub fn hit(&self, bucket: Bucket, key: &str) -> Option<u64> {
        let now = Instant::now();
        let digest = self.digest(bucket, key);
        let window = self.limits.window;
        let mut windows = self.lock();
        if now.duration_since(windows.pruned) >= PRUNE_EVERY {
            windows
                .map
                .retain(|_, w| now.duration_since(w.started) < window);
            windows.pruned = now;
        }
        if windows.map.len() >= MAX_KEYS && !windows.map.contains_key(&digest) {
            make_room(&mut windows.map, now, window);
        }
        let w = windows.map.entry(digest).or_insert(Window {
            started: now,
            count: 0,
        });
        if now.duration_since(w.started) >= window {
            *w = Window {
                started: now,
                count: 0,
            };
        }
        w.count = w.count.saturating_add(1);
        (w.count > self.limit(bucket))
            .then(|| (window - now.duration_since(w.started)).as_secs().max(1))
    }

    /// Checks then counts: `Err(wait)` when over the limit.
    pub fn attempt(&self, bucket: Bucket, key: &str) -> Result<(), u64> {
        match self.hit(bucket, key) {
            Some(wait) => Err(wait),
            None => Ok(()),
        }
    }

    /// Takes back one counted attempt (a sign-in counted before the password was checked
    /// turned out right).
    pub fn refund(&self, bucket: Bucket, key: &str) {
        let digest = self.digest(bucket, key);
        if let Some(w) = self.lock().map.get_mut(&digest) {
            w.count = w.count.saturating_sub(1);
        }
    }

    /// Forgets `key`'s attempts.
    pub fn clear(&self, bucket: Bucket, key: &str) {
        let digest = self.digest(bucket, key);
        self.lock().map.remove(&digest);
    }

    /// Windows held now (for tests and monitoring).
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    /// Whether no window is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Counts a sign-in attempt on `account` from `address` before its password is checked (so
    /// parallel guesses cannot all pass a check made before any is counted), and says how long
    /// it must wait first.
    ///
    /// Refused (`Err(seconds)`) when the address has used up its window, or has failed
    /// `per_account` times on this account. Otherwise the attempt goes ahead: at once when the
    /// address has no failure on this account — the owner signing in from their own device
    /// while someone else guesses — and after an escalating delay (0.5 s, 1 s, 2 s … up to
    /// [`MAX_DELAY`]) when it has and the account has seen more than `per_account` failures.
    /// [`RateLimiter::login_succeeded`] takes the count back.
    pub fn login_attempt(&self, account: &str, address: &str) -> Result<Duration, u64> {
        if let Some(wait) = self.blocked(Bucket::LoginAddress, address) {
            return Err(wait);
        }
        let pair = pair_key(account, address);
        if let Some(wait) = self.blocked(Bucket::LoginPair, &pair) {
            return Err(wait);
        }
        let (pair_failures, _) = self.count(Bucket::LoginPair, &pair);
        let (account_failures, _) = self.count(Bucket::LoginAccount, account);
        self.hit(Bucket::LoginAddress, address);
        self.hit(Bucket::LoginPair, &pair);
        self.hit(Bucket::LoginAccount, account);
        let beyond = account_failures.saturating_sub(self.limits.per_account);
        Ok(if pair_failures == 0 || beyond == 0 {
            Duration::ZERO
        } else {
            (Duration::from_millis(500) * 2u32.saturating_pow(beyond.min(8) - 1)).min(MAX_DELAY)
        })
    }

    /// The attempt counted by [`RateLimiter::login_attempt`] was the right password.
    pub fn login_succeeded(&self, account: &str, address: &str) {
        self.refund(Bucket::LoginAddress, address);
        self.refund(Bucket::LoginAccount, account);
        self.clear(Bucket::LoginPair, &pair_key(account, address));
    }
}

fn pair_key(account: &str, address: &str) -> String {
    // The address cannot contain a newline, so the pair is unambiguous.
    format!("{address}\n{account}")
}

/// Drops expired windows, then — still full — the oldest tenth.
fn make_room(map: &mut HashMap<(Bucket, u64), Window>, now: Instant, window: Duration) {
    map.retain(|_, w| now.duration_since(w.started) < window);
    if map.len() < MAX_KEYS {
        return;
    }
    let mut starts: Vec<Instant> = map.values().map(|w| w.started).collect();
    let cut = MAX_KEYS / 10;
    starts.select_nth_unstable(cut);
    let oldest = starts[cut];
    map.retain(|_, w| w.started > oldest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(window: Duration) -> RateLimiter {
        RateLimiter::new(Limits {
            per_address: 2,
            per_account: 1,
            uploads: 1,
            window,
        })
    }

    #[test]
    fn blocks_after_the_limit_and_forgives_after_the_window() {
        let limiter = limiter(Duration::from_millis(50));
        assert_eq!(limiter.attempt(Bucket::Register, "1.2.3.4"), Ok(()));
        assert_eq!(limiter.attempt(Bucket::Register, "1.2.3.4"), Ok(()));
        assert!(limiter.attempt(Bucket::Register, "1.2.3.4").is_err());
        assert_eq!(limiter.attempt(Bucket::Register, "5.6.7.8"), Ok(()));
        assert_eq!(limiter.hit(Bucket::SecondFactor, "user:1"), None);
        assert!(limiter.blocked(Bucket::SecondFactor, "user:1").is_some());
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(limiter.blocked(Bucket::SecondFactor, "user:1"), None);
        assert_eq!(limiter.attempt(Bucket::Register, "1.2.3.4"), Ok(()));
    }

    #[test]
    fn keys_take_the_same_room_whatever_their_length() {
        let limiter = limiter(Duration::from_secs(60));
        let huge = "x".repeat(1 << 20);
        limiter.hit(Bucket::LoginAccount, &huge);
        limiter.hit(Bucket::LoginAccount, &huge);
        assert_eq!(limiter.len(), 1);
        assert!(limiter.blocked(Bucket::LoginAccount, &huge).is_some());
        assert_eq!(limiter.blocked(Bucket::LoginAccount, "y"), None);
    }

    #[test]
    fn the_number_of_windows_is_capped() {
        let limiter = limiter(Duration::from_secs(600));
        for i in 0..(MAX_KEYS + 5_000) {
            limiter.hit(Bucket::Contact, &i.to_string());
        }
        assert!(limiter.len() <= MAX_KEYS, "{}", limiter.len());
        assert!(limiter.len() >= MAX_KEYS / 2);
    }

    #[test]
    fn an_attacked_account_still_lets_its_owner_in() {
        let limiter = RateLimiter::new(Limits {
            per_address: 30,
            per_account: 5,
            uploads: 1,
            window: Duration::from_secs(900),
        });
        let account = "owner@hmu.test";
        // One address guesses five times: then it is stopped for this account.
        for _ in 0..5 {
            assert!(limiter.login_attempt(account, "10.0.0.1").is_ok());
        }
        assert!(limiter.login_attempt(account, "10.0.0.1").is_err());
        // A second address gets its first guess at once, then waits ever longer.
        assert_eq!(
            limiter.login_attempt(account, "10.0.0.2"),
            Ok(Duration::ZERO)
        );
        let first = limiter.login_attempt(account, "10.0.0.2").expect("allowed");
        let second = limiter.login_attempt(account, "10.0.0.2").expect("allowed");
        assert_eq!(first, Duration::from_millis(500));
        assert_eq!(second, Duration::from_secs(1));
        for _ in 0..2 {
            assert!(limiter.login_attempt(account, "10.0.0.2").expect("allowed") <= MAX_DELAY);
        }
        assert!(limiter.login_attempt(account, "10.0.0.2").is_err());
        // The owner, from an address that never failed, goes ahead at once.
        assert_eq!(
            limiter.login_attempt(account, "192.0.2.1"),
            Ok(Duration::ZERO)
        );
        limiter.login_succeeded(account, "192.0.2.1");
        assert_eq!(
            limiter.login_attempt(account, "192.0.2.1"),
            Ok(Duration::ZERO)
        );
    }
}
