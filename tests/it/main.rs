//! Integration tests: the real server on port 0, real SQLite files and a real
//! PostgreSQL, a real SMTP server on loopback, and a real browser.

mod helpers;

mod accounts;
mod admin;
mod api;
mod api_admin;
mod api_assignments;
mod api_fhir;
mod api_fuzz;
mod api_matcher;
mod api_matches;
mod api_records;
mod api_registry;
mod api_routes;
mod api_verification;
mod assignments;
mod browser;
mod browser_api;
mod browser_assignments;
mod browser_matcher;
mod browser_observatory;
mod browser_programmes;
mod browser_story;
mod demo;
mod discovery;
mod forms;
mod match_pages;
mod match_routes;
mod match_running;
mod match_sharing;
mod matcher_runs;
mod matches;
mod observatory;
mod outbox;
mod pages;
mod profiles;
mod programmes;
mod registry;
mod reliability;
mod reminders;
mod security;
