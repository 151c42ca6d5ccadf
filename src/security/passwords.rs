//! Password hashing with Argon2id (OWASP parameters) on a few dedicated
//! threads, never on a request thread.
//!
//! Each hash needs 19 MiB. Every hashing thread owns one such buffer for its
//! whole life, so memory stays at (threads x 19 MiB) however many logins
//! arrive at once, and the threads run at a lower priority than the ones
//! answering requests, so a burst of logins cannot starve the rest of the site.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::error::{AppError, AppResult};

/// OWASP Password Storage Cheat Sheet minimum for Argon2id.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;
const SALT_BYTES: usize = 16;
const OUTPUT_BYTES: usize = 32;

fn owasp_params() -> Params {
    Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, Some(OUTPUT_BYTES))
        .expect("the OWASP parameters are valid Argon2 parameters")
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

type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

/// Hashes waiting for a thread, at most; beyond that a login is answered 503
/// at once rather than after a wait no one would sit through.
const QUEUE: usize = 256;

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
    jobs: mpsc::SyncSender<Job>,
    counters: Arc<Counters>,
    /// A hash of a random password, checked when no account matches, so that
    /// answering about an unknown email takes as long as about a known one.
    dummy: Arc<String>,
}

impl PasswordHasher {
    /// Starts `threads` hashing threads; they end when the last clone of the
    /// hasher is dropped.
    pub fn new(threads: usize) -> Self {
        let (jobs, queue) = mpsc::sync_channel::<Job>(QUEUE);
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("password-hash-{n}"))
                .spawn(move || {
                    lower_priority();
                    // Allocated at the first hash, then kept: an idle server holds none.
                    let mut memory: Vec<Block> = Vec::new();
                    loop {
                        let job = match queue.lock() {
                            Ok(q) => q.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(&mut memory),
                            Err(_) => return,
                        }
                    }
                })
                .expect("a hashing thread starts");
        }
        let dummy = hash_into(&mut Vec::new(), &crate::security::random_token(24))
            .expect("hashing a random password works");
        Self {
            jobs,
            counters: Arc::new(Counters::default()),
            dummy: Arc::new(dummy),
        }
    }

    pub async fn hash(&self, password: Plain) -> AppResult<String> {
        Ok(self
            .run(move |memory| hash_into(memory, &password.0))
            .await??)
    }

    /// Checks `password` against `stored`, or against the dummy hash when there
    /// is no stored hash; the result is then always a failure.
    pub async fn verify(&self, password: Plain, stored: Option<String>) -> AppResult<Verified> {
        let (hash, real) = match stored {
            Some(h) => (h, true),
            None => (self.dummy.as_ref().clone(), false),
        };
        self.counters.verifications.fetch_add(1, Ordering::Relaxed);
        let v = self
            .run(move |memory| verify_into(memory, &password.0, &hash))
            .await?;
        Ok(Verified {
            ok: v.ok && real,
            needs_rehash: v.needs_rehash,
        })
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> AppResult<T> {
        let (done, result) = tokio::sync::oneshot::channel();
        let counters = self.counters.clone();
        self.jobs
            .try_send(Box::new(move |memory| {
                // The request was abandoned while it waited: skip the work.
                if done.is_closed() {
                    return;
                }
                let running = counters.running.fetch_add(1, Ordering::SeqCst) + 1;
                counters.peak.fetch_max(running, Ordering::SeqCst);
                let value = f(memory);
                counters.running.fetch_sub(1, Ordering::SeqCst);
                let _ = done.send(value);
            }))
            .map_err(|e| match e {
                // Too many logins at once: ask the client to come back shortly.
                mpsc::TrySendError::Full(_) => AppError::Unavailable,
                mpsc::TrySendError::Disconnected(_) => {
                    AppError::Internal(anyhow::anyhow!("the hashing threads have stopped"))
                }
            })?;
        result
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("a hashing thread failed")))
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

/// Request threads come first: hashing yields the CPU to them.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its integer arguments; on Linux, `who = 0`
    // with PRIO_PROCESS names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// Grows the buffer when a stored hash asks for more memory than today's parameters.
fn blocks_for<'a>(memory: &'a mut Vec<Block>, params: &Params) -> &'a mut [Block] {
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    &mut memory[..]
}

fn hash_into(memory: &mut Vec<Block>, password: &str) -> anyhow::Result<String> {
    let params = owasp_params();
    let mut salt = [0u8; SALT_BYTES];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let mut out = [0u8; OUTPUT_BYTES];
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    argon2
        .hash_password_into_with_memory(
            password.as_bytes(),
            &salt,
            &mut out,
            blocks_for(memory, &params),
        )
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| anyhow::anyhow!("{e}"))?,
        salt: Some(Salt::new(&salt).map_err(|e| anyhow::anyhow!("{e}"))?),
        hash: Some(Output::new(&out).map_err(|e| anyhow::anyhow!("{e}"))?),
    };
    Ok(phc.to_string())
}

fn verify_into(memory: &mut Vec<Block>, password: &str, stored: &str) -> Verified {
    let failed = Verified {
        ok: false,
        needs_rehash: true,
    };
    let Ok(parsed) = PasswordHash::new(stored) else {
        return failed;
    };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) = (
        Algorithm::try_from(parsed.algorithm.as_str()),
        Params::try_from(&parsed),
        parsed.salt.as_ref(),
        parsed.hash.as_ref(),
    ) else {
        return failed;
    };
    let version = parsed
        .version
        .and_then(|v| Version::try_from(v).ok())
        .unwrap_or_default();
    let mut out = vec![0u8; expected.len()];
    let computed = Argon2::new(algorithm, version, params.clone())
        .hash_password_into_with_memory(
            password.as_bytes(),
            salt.as_ref(),
            &mut out,
            blocks_for(memory, &params),
        )
        .ok()
        .and_then(|()| Output::new(&out).ok());
    Verified {
        // Output compares in constant time.
        ok: computed.as_ref() == Some(expected),
        needs_rehash: algorithm != Algorithm::Argon2id
            || params.m_cost() < MEMORY_KIB
            || params.t_cost() < ITERATIONS
            || params.p_cost() < PARALLELISM,
    }
}

/// Hashes with chosen parameters: lets tests store a hash from an older,
/// weaker configuration and check that it is upgraded.
pub fn hash_with_params(password: &str, m_kib: u32, t: u32, p: u32) -> anyhow::Result<String> {
    use argon2::password_hash::PasswordHasher as _;
    let params = Params::new(m_kib, t, p, None).map_err(|e| anyhow::anyhow!("{e}"))?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory() -> Vec<Block> {
        vec![Block::default(); owasp_params().block_count()]
    }

    #[test]
    fn hashes_are_argon2id_owasp_and_salted() {
        let mut m = memory();
        let a = hash_into(&mut m, "correct horse battery staple").unwrap();
        let b = hash_into(&mut m, "correct horse battery staple").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify_into(&mut m, "correct horse battery staple", &a).ok);
        assert!(!verify_into(&mut m, "wrong horse battery staple", &a).ok);
        assert!(!verify_into(&mut m, "correct horse battery staple", &a).needs_rehash);
    }

    #[test]
    fn hashes_from_the_crate_itself_verify() {
        // What argon2's own API writes must keep working (older installations).
        let mut m = memory();
        let theirs = hash_with_params("correct horse battery staple", MEMORY_KIB, 2, 1).unwrap();
        let v = verify_into(&mut m, "correct horse battery staple", &theirs);
        assert!(v.ok && !v.needs_rehash);
    }

    #[test]
    fn weaker_hashes_need_rehash_and_stronger_ones_still_verify() {
        let mut m = memory();
        let weak = hash_with_params("correct horse battery staple", 4096, 1, 1).unwrap();
        let v = verify_into(&mut m, "correct horse battery staple", &weak);
        assert!(v.ok && v.needs_rehash);
        let strong =
            hash_with_params("correct horse battery staple", MEMORY_KIB * 2, 3, 1).unwrap();
        let v = verify_into(&mut m, "correct horse battery staple", &strong);
        assert!(v.ok && !v.needs_rehash);
        assert!(!verify_into(&mut m, "x", "not a hash").ok);
    }
}
