//! Password hashing with Argon2id (OWASP parameters), off the request threads,
//! with a cap on how many hashes run at once (each takes 19 MiB).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

/// OWASP Password Storage Cheat Sheet minimum for Argon2id.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .expect("the OWASP parameters are valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A password as typed; never printed.
pub struct Plain(String);

impl Plain {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
}

impl std::fmt::Debug for Plain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Plain(..)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub ok: bool,
    /// The stored hash was made with weaker parameters than today's.
    pub needs_rehash: bool,
}

/// Counters for operators and tests: how much hashing was done, and the
/// most that ever ran at once.
#[derive(Default)]
struct Counters {
    verifications: AtomicU64,
    running: AtomicUsize,
    peak: AtomicUsize,
}

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    counters: Arc<Counters>,
    /// A hash of a random password, checked when no account matches, so that
    /// answering about an unknown email takes as long as about a known one.
    dummy: Arc<String>,
}

impl PasswordHasher {
    pub fn new(concurrency: usize) -> Self {
        let dummy = hash_now(&super::random_token(24)).expect("hashing a random password works");
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            counters: Arc::new(Counters::default()),
            dummy: Arc::new(dummy),
        }
    }

    pub async fn hash(&self, password: Plain) -> anyhow::Result<String> {
        self.blocking(move || hash_now(&password.0)).await?
    }

    /// Checks `password` against `stored`, or against the dummy hash when there
    /// is no stored hash; the result is then always a failure.
    pub async fn verify(
        &self,
        password: Plain,
        stored: Option<String>,
    ) -> anyhow::Result<Verified> {
        let (hash, real) = match stored {
            Some(h) => (h, true),
            None => (self.dummy.as_ref().clone(), false),
        };
        self.counters.verifications.fetch_add(1, Ordering::Relaxed);
        let v = self
            .blocking(move || verify_now(&password.0, &hash))
            .await?;
        Ok(Verified {
            ok: v.ok && real,
            needs_rehash: v.needs_rehash,
        })
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let _permit = self.permits.acquire().await?;
        let running = self.counters.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.counters.peak.fetch_max(running, Ordering::SeqCst);
        let result = tokio::task::spawn_blocking(f).await;
        self.counters.running.fetch_sub(1, Ordering::SeqCst);
        Ok(result?)
    }

    /// Password verifications done so far, real or against the dummy hash.
    pub fn verifications(&self) -> u64 {
        self.counters.verifications.load(Ordering::Relaxed)
    }

    /// The most hashes that ever ran at the same time.
    pub fn peak_concurrency(&self) -> usize {
        self.counters.peak.load(Ordering::SeqCst)
    }
}

fn hash_now(password: &str) -> anyhow::Result<String> {
    argon2()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

fn verify_now(password: &str, stored: &str) -> Verified {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return Verified {
            ok: false,
            needs_rehash: true,
        };
    };
    let ok = argon2()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    Verified {
        ok,
        needs_rehash: is_weak(&parsed),
    }
}

fn is_weak(hash: &PasswordHash) -> bool {
    if hash.algorithm.as_str() != "argon2id" {
        return true;
    }
    match Params::try_from(hash) {
        Ok(p) => p.m_cost() < MEMORY_KIB || p.t_cost() < ITERATIONS || p.p_cost() < PARALLELISM,
        Err(_) => true,
    }
}

/// Hashes with chosen parameters: lets tests store a hash from an older,
/// weaker configuration and check that it is upgraded.
pub fn hash_with_params(password: &str, m_kib: u32, t: u32, p: u32) -> anyhow::Result<String> {
    let params = Params::new(m_kib, t, p, None).map_err(|e| anyhow::anyhow!("{e}"))?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_owasp_and_salted() {
        let a = hash_now("correct horse battery staple").unwrap();
        let b = hash_now("correct horse battery staple").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify_now("correct horse battery staple", &a).ok);
        assert!(!verify_now("wrong horse battery staple", &a).ok);
        assert!(!verify_now("correct horse battery staple", &a).needs_rehash);
    }

    #[test]
    fn weaker_hashes_need_rehash() {
        let weak = hash_with_params("correct horse battery staple", 4096, 1, 1).unwrap();
        let v = verify_now("correct horse battery staple", &weak);
        assert!(v.ok && v.needs_rehash);
    }
}
