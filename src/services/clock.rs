//! The time the match lifecycle reads: deadlines, expiry, reminders and
//! whether an assignment is over. In production it is the system's time;
//! tests move it forward to live through a deadline or an end date without
//! waiting. Sessions, tokens and the outbox keep the system's time.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Seconds added to the system's time.
    offset: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> NaiveDateTime {
        crate::db::now() + TimeDelta::seconds(self.offset.load(Ordering::Relaxed))
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    /// Moves the clock forward (or back) by `by`, for every clone.
    pub fn advance(&self, by: TimeDelta) {
        self.offset.fetch_add(by.num_seconds(), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_clone_moves_together() {
        let clock = Clock::default();
        let other = clock.clone();
        let before = other.now();
        clock.advance(TimeDelta::days(3));
        let moved = other.now() - before;
        assert!(moved >= TimeDelta::days(3) && moved < TimeDelta::days(3) + TimeDelta::minutes(1));
    }
}
