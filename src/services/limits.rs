//! Rate limits on the actions an attacker would repeat. Per client address,
//! and per account and address together: those answer 429. Guesses against
//! one account spread over many addresses are slowed instead, for everyone,
//! so that nobody can lock an owner out of their account.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::Origin;
use crate::config::RateLimitSettings;
use crate::error::{AppError, AppResult};

const ACCOUNT_WINDOW: Duration = Duration::from_secs(15 * 60);
/// How long each login attempt on an account under attack waits.
pub const SLOWDOWN: Duration = Duration::from_secs(2);

pub struct RateLimits {
    per_addr: DefaultKeyedRateLimiter<String>,
    per_account: DefaultKeyedRateLimiter<(String, String)>,
    failures: DefaultKeyedRateLimiter<String>,
    per_token: DefaultKeyedRateLimiter<String>,
    /// Accounts whose failure budget ran out, and until when they are slowed.
    slowed: Mutex<HashMap<String, Instant>>,
    slowed_attempts: AtomicU64,
    clock: DefaultClock,
}

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).expect("at least one")
}

fn per_window(n: u32) -> Quota {
    let n = nonzero(n);
    Quota::with_period(ACCOUNT_WINDOW / n.get())
        .expect("a positive period")
        .allow_burst(n)
}

impl RateLimits {
    pub fn new(settings: &RateLimitSettings) -> Self {
        Self {
            per_addr: RateLimiter::keyed(Quota::per_minute(nonzero(settings.auth_per_minute))),
            per_account: RateLimiter::keyed(per_window(settings.login_per_account)),
            failures: RateLimiter::keyed(per_window(settings.failures_per_account)),
            per_token: RateLimiter::keyed(Quota::per_minute(nonzero(settings.api_per_minute))),
            slowed: Mutex::new(HashMap::new()),
            slowed_attempts: AtomicU64::new(0),
            clock: DefaultClock::default(),
        }
    }

    fn addr(origin: &Origin) -> String {
        origin.addr.clone().unwrap_or_else(|| "unknown".into())
    }

    /// One more sign-up, login or reset request from this address.
    pub fn check_addr(&self, origin: &Origin) -> AppResult<()> {
        self.per_addr
            .check_key(&Self::addr(origin))
            .map_err(|not_until| AppError::RateLimited {
                retry_after: not_until.wait_time_from(self.clock.now()),
            })
    }

    /// One more API request with the token `token_id`.
    pub fn check_token(&self, token_id: &str) -> AppResult<()> {
        self.per_token
            .check_key(&token_id.to_string())
            .map_err(|not_until| AppError::RateLimited {
                retry_after: not_until.wait_time_from(self.clock.now()),
            })
    }

    /// One more login attempt on `account` from this address.
    pub fn check_account(&self, account: &str, origin: &Origin) -> AppResult<()> {
        self.per_account
            .check_key(&(account.to_lowercase(), Self::addr(origin)))
            .map_err(|not_until| AppError::RateLimited {
                retry_after: not_until.wait_time_from(self.clock.now()),
            })
    }

    /// How long a login attempt on `account` must wait first: nothing, unless
    /// the account has had more failures than its budget from anywhere.
    pub fn slowdown(&self, account: &str) -> Option<Duration> {
        let slowed = self.slowed.lock().ok()?;
        let until = slowed.get(&account.to_lowercase())?;
        (*until > Instant::now()).then(|| {
            self.slowed_attempts.fetch_add(1, Ordering::Relaxed);
            SLOWDOWN
        })
    }

    /// A failed login on `account`, whatever the address.
    pub fn record_failure(&self, account: &str) {
        let key = account.to_lowercase();
        if let Err(not_until) = self.failures.check_key(&key) {
            let wait = not_until.wait_time_from(self.clock.now());
            if let Ok(mut slowed) = self.slowed.lock() {
                slowed.insert(key, Instant::now() + wait.max(Duration::from_secs(60)));
            }
        }
    }

    /// Login attempts made to wait so far.
    pub fn slowed_attempts(&self) -> u64 {
        self.slowed_attempts.load(Ordering::Relaxed)
    }

    /// Forgets keys that are back to a full quota, so memory stays bounded.
    pub fn forget_idle(&self) {
        self.per_addr.retain_recent();
        self.per_account.retain_recent();
        self.failures.retain_recent();
        if let Ok(mut slowed) = self.slowed.lock() {
            let now = Instant::now();
            slowed.retain(|_, until| *until > now);
        }
    }
}
