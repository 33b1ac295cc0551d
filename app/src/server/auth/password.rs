//! Password hashing with argon2id (OWASP: m = 19456 KiB, t = 2, p = 1), off the async threads
//! and behind a small semaphore, so a login flood queues here instead of starving page renders.
//! An unknown user still costs one verification against a dummy hash: no timing leak.
use crate::server::error::ServiceError;
use argon2::{
    password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString},
    Algorithm, Argon2, Params, Version,
};
use std::sync::Arc;
use tokio::sync::Semaphore;

fn argon2() -> Result<Argon2<'static>, ServiceError> {
    let params =
        Params::new(19_456, 2, 1, None).map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_now(password: &str) -> Result<String, ServiceError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(format!("hashing failed: {e}")))
}

fn verify_now(password: &str, hash: &str) -> bool {
    match (PasswordHash::new(hash), argon2()) {
        (Ok(parsed), Ok(a)) => a.verify_password(password.as_bytes(), &parsed).is_ok(),
        _ => false,
    }
}

/// Hashes and verifies passwords, at most `permits` at a time.
pub struct Passwords {
    permits: Arc<Semaphore>,
    dummy: String,
}

impl Passwords {
    /// `concurrency` hashes may run at once (at least one).
    pub fn new(concurrency: usize) -> Result<Passwords, ServiceError> {
        Ok(Passwords {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy: hash_now("dummy password for unknown accounts")?,
        })
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ServiceError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        tokio::task::spawn_blocking(job)
            .await
            .map_err(|e| ServiceError::Internal(format!("hashing task failed: {e}")))
    }

    /// A PHC string for `password`.
    pub async fn hash(&self, password: &str) -> Result<String, ServiceError> {
        let password = password.to_string();
        self.run(move || hash_now(&password)).await?
    }

    /// Whether `password` matches `hash`; with no hash (unknown or anonymised account) it spends
    /// the same time on the dummy hash and answers false.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool, ServiceError> {
        let password = password.to_string();
        let (target, real) = match hash {
            Some(h) => (h.to_string(), true),
            None => (self.dummy.clone(), false),
        };
        let ok = self.run(move || verify_now(&password, &target)).await?;
        Ok(ok && real)
    }
}

/// True when `password` is in the bundled list of common passwords.
pub fn is_common(password: &str) -> bool {
    passwords::analyzer::is_common_password(password)
}
