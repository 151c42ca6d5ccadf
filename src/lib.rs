//! Sankofa: a registry of diaspora health professionals and a return-matching
//! platform. `startup::Application` builds the whole server for `main` and for tests.

pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod mail;
pub mod security;
pub mod services;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod web;
