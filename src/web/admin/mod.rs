//! The administrator's pages beyond the home page, one module per concern:
//! programmes, coordinators, vocabularies, the audit log, parked email.

pub mod audit;
pub mod coordinators;
pub mod outbox;
pub mod programmes;
pub mod vocabularies;
