//! Attempt limits for login, registration, reset and verification e-mails: per client address
//! and per account, in fixed windows. A window ends, so an attacker can delay the owner but not
//! lock them out for good; the owner can always reset the password from another address.
//! Counters live in this process (see README: with several instances each keeps its own).
use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

/// What is limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bucket {
    LoginAddress,
    LoginAccount,
    Register,
    Reset,
    Resend,
    SecondFactor,
    /// Messages to an alliance's secretariat, per client address.
    Contact,
}

/// Attempts allowed per window for each bucket.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Attempts per client address per window (login, registration, reset, resend).
    pub per_address: u32,
    /// Failed logins or codes per account per window.
    pub per_account: u32,
    pub window: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_address: 30,
            per_account: 5,
            window: Duration::from_secs(15 * 60),
        }
    }
}

struct Window {
    started: Instant,
    count: u32,
}

/// The counters.
pub struct RateLimiter {
    limits: Limits,
    windows: Mutex<HashMap<(Bucket, String), Window>>,
}

impl RateLimiter {
    pub fn new(limits: Limits) -> RateLimiter {
        RateLimiter {
            limits,
            windows: Mutex::new(HashMap::new()),
        }
    }

    fn limit(&self, bucket: Bucket) -> u32 {
        match bucket {
            Bucket::LoginAccount | Bucket::SecondFactor => self.limits.per_account,
            _ => self.limits.per_address,
        }
    }

    /// Seconds to wait when `key` has used up `bucket`, without counting this attempt.
    pub fn blocked(&self, bucket: Bucket, key: &str) -> Option<u64> {
        let now = Instant::now();
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let w = windows.get(&(bucket, key.to_string()))?;
        let elapsed = now.duration_since(w.started);
        (elapsed < self.limits.window && w.count >= self.limit(bucket))
            .then(|| (self.limits.window - elapsed).as_secs().max(1))
    }

    /// Counts one attempt; returns the wait when the limit is now exceeded.
    pub fn hit(&self, bucket: Bucket, key: &str) -> Option<u64> {
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() > 100_000 {
            let window = self.limits.window;
            windows.retain(|_, w| now.duration_since(w.started) < window);
        }
        let w = windows.entry((bucket, key.to_string())).or_insert(Window {
            started: now,
            count: 0,
        });
        if now.duration_since(w.started) >= self.limits.window {
            *w = Window {
                started: now,
                count: 0,
            };
        }
        w.count += 1;
        (w.count > self.limit(bucket)).then(|| {
            (self.limits.window - now.duration_since(w.started))
                .as_secs()
                .max(1)
        })
    }

    /// Checks then counts: `Err(wait)` when over the limit.
    pub fn attempt(&self, bucket: Bucket, key: &str) -> Result<(), u64> {
        match self.hit(bucket, key) {
            Some(wait) => Err(wait),
            None => Ok(()),
        }
    }

    /// Forgets the failures of `key` (after a successful login).
    pub fn clear(&self, bucket: Bucket, key: &str) {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        windows.remove(&(bucket, key.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_and_forgives_after_the_window() {
        let limiter = RateLimiter::new(Limits {
            per_address: 2,
            per_account: 1,
            window: Duration::from_millis(50),
        });
        assert_eq!(limiter.attempt(Bucket::Register, "1.2.3.4"), Ok(()));
        assert_eq!(limiter.attempt(Bucket::Register, "1.2.3.4"), Ok(()));
        assert!(limiter.attempt(Bucket::Register, "1.2.3.4").is_err());
        assert_eq!(limiter.attempt(Bucket::Register, "5.6.7.8"), Ok(()));
        assert_eq!(limiter.hit(Bucket::LoginAccount, "a@b.c"), None);
        assert!(limiter.blocked(Bucket::LoginAccount, "a@b.c").is_some());
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(limiter.blocked(Bucket::LoginAccount, "a@b.c"), None);
        assert_eq!(limiter.attempt(Bucket::Register, "1.2.3.4"), Ok(()));
    }
}
