//! Rate limits on the actions an attacker would repeat: per client address,
//! and per account and address together, so that nobody can lock an owner out
//! of their account from elsewhere.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::Origin;
use crate::config::RateLimitSettings;
use crate::error::{AppError, AppResult};

const ACCOUNT_WINDOW: Duration = Duration::from_secs(15 * 60);

pub struct RateLimits {
    per_addr: DefaultKeyedRateLimiter<String>,
    per_account: DefaultKeyedRateLimiter<(String, String)>,
    clock: DefaultClock,
}

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).expect("at least one")
}

impl RateLimits {
    pub fn new(settings: &RateLimitSettings) -> Self {
        let per_addr = Quota::per_minute(nonzero(settings.auth_per_minute));
        let n = nonzero(settings.login_per_account);
        let per_account = Quota::with_period(ACCOUNT_WINDOW / n.get())
            .expect("a positive period")
            .allow_burst(n);
        Self {
            per_addr: RateLimiter::keyed(per_addr),
            per_account: RateLimiter::keyed(per_account),
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

    /// One more login attempt on `account` from this address.
    pub fn check_account(&self, account: &str, origin: &Origin) -> AppResult<()> {
        self.per_account
            .check_key(&(account.to_lowercase(), Self::addr(origin)))
            .map_err(|not_until| AppError::RateLimited {
                retry_after: not_until.wait_time_from(self.clock.now()),
            })
    }

    /// Forgets keys that are back to a full quota, so memory stays bounded.
    pub fn forget_idle(&self) {
        self.per_addr.retain_recent();
        self.per_account.retain_recent();
    }
}
