//! Diesel queries, one file per aggregate. Functions take a connection and do
//! one thing; transactions belong to the services that call them.

pub mod api_tokens;
pub mod assignments;
pub mod audit;
pub mod availability;
pub mod consents;
pub mod demo;
pub mod discovery;
pub mod facilities;
pub mod invitations;
pub mod licences;
pub mod matcher_input;
pub mod matcher_runs;
pub mod matches;
pub mod observatory;
pub mod outbox;
pub mod password_resets;
pub mod professionals;
pub mod programmes;
pub mod registry;
pub mod reminders;
pub mod running;
pub mod safeguards;
pub mod users;
