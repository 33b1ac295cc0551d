//! Password hashing with argon2id (OWASP: m = 19456 KiB, t = 2, p = 1) on a small pool of its
//! own threads, off the async runtime. The pool's threads run under `SCHED_IDLE`, so a login
//! flood uses the CPU that page renders leave over instead of starving them; the queue in front
//! of the pool absorbs bursts. An unknown user still costs one verification
//! against a dummy hash: no timing leak.
use argon2::{
    password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString},
    Algorithm, Argon2, Params, Version,
};
use std::sync::{mpsc, Arc, Mutex};

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads run under `SCHED_IDLE`: the kernel gives the CPU to any normal thread
/// (page renders, the database) first and wakes it at once, and hashes take what is left.
/// Under a sustained page flood logins slow down instead of pages; both keep progressing.
fn lower_this_threads_priority() {
    use thread_priority::unix::{
        set_thread_priority_and_policy, thread_native_id, NormalThreadSchedulePolicy,
        ThreadSchedulePolicy,
    };
    use thread_priority::ThreadPriority;
    let policy = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);
    if let Err(e) = set_thread_priority_and_policy(thread_native_id(), ThreadPriority::Min, policy)
    {
        tracing::warn!(error = %e, "could not lower the priority of a password-hashing thread");
    }
}

/// Hashing could not run (a thread, a parameter); the cause is in the message, for the log.
#[derive(Debug, thiserror::Error)]
#[error("password hashing: {0}")]
pub struct HashError(pub String);

impl From<HashError> for crate::server::error::ServiceError {
    fn from(e: HashError) -> Self {
        crate::server::error::ServiceError::Internal(e.0)
    }
}

fn argon2() -> Result<Argon2<'static>, HashError> {
    let params = Params::new(19_456, 2, 1, None).map_err(|e| HashError(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_now(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(format!("hashing failed: {e}")))
}

fn verify_now(password: &str, hash: &str) -> bool {
    match (PasswordHash::new(hash), argon2()) {
        (Ok(parsed), Ok(a)) => a.verify_password(password.as_bytes(), &parsed).is_ok(),
        _ => false,
    }
}

/// Hashes and verifies passwords on `threads` low-priority threads.
pub struct Passwords {
    jobs: Mutex<mpsc::Sender<Job>>,
    dummy: String,
}

impl Passwords {
    /// Starts `threads` hashing threads (at least one); they end when this value is dropped.
    pub fn new(threads: usize) -> Result<Passwords, HashError> {
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for i in 0..threads.max(1) {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    lower_this_threads_priority();
                    loop {
                        let job = match receiver.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return, // every sender is gone
                        }
                    }
                })
                .map_err(|e| HashError(format!("hashing thread: {e}")))?;
        }
        Ok(Passwords {
            jobs: Mutex::new(sender),
            dummy: hash_now("dummy password for unknown accounts")?,
        })
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(job());
        });
        self.jobs
            .lock()
            .map_err(|_| HashError("hashing queue poisoned".into()))?
            .send(job)
            .map_err(|_| HashError("hashing threads stopped".into()))?;
        result
            .await
            .map_err(|_| HashError("hashing job dropped".into()))
    }

    /// A PHC string for `password`.
    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let password = password.to_string();
        self.run(move || hash_now(&password)).await?
    }

    /// Whether `password` matches `hash`; with no hash (unknown or anonymised account) it spends
    /// the same time on the dummy hash and answers false.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool, HashError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_unknown_accounts_fail() {
        let p = Passwords::new(1).expect("pool");
        let h = p.hash("a long passphrase").await.expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(p
            .verify("a long passphrase", Some(&h))
            .await
            .expect("verify"));
        assert!(!p.verify("another phrase", Some(&h)).await.expect("verify"));
        assert!(!p
            .verify("dummy password for unknown accounts", None)
            .await
            .expect("verify"));
    }

    /// The hashing threads yield to page renders: they run under SCHED_IDLE (Linux).
    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_threads_run_at_a_lower_priority() {
        let p = Passwords::new(1).expect("pool");
        let stat = p
            .run(|| std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default())
            .await
            .expect("job");
        // Field 41 is the scheduling policy (5 = SCHED_IDLE); the command name (field 2) is in
        // parentheses and may contain spaces, so count from the closing one (field 3 is first).
        let after_name = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest)
            .unwrap_or_default();
        let policy: i32 = after_name
            .split_whitespace()
            .nth(38)
            .and_then(|n| n.parse().ok())
            .expect("policy");
        assert_eq!(policy, 5);
    }
}
