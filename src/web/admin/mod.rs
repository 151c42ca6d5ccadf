//! The administrator's pages beyond the home page, one module per concern.

pub mod audit;
pub mod outbox;
