//! Throwaway databases: an SQLite file in a temporary directory, or a
//! PostgreSQL database created for one test and dropped after it.

use std::io::Write;
use std::sync::OnceLock;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests use: `SANKOFA_TEST_PG_URL`, by default the
/// local one with trust authentication.
pub fn pg_server_url() -> String {
    std::env::var("SANKOFA_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
        .trim_end_matches('/')
        .to_string()
}

/// Whether PostgreSQL tests can run. When the server does not answer, says so
/// loudly and skips them, unless `SANKOFA_TEST_REQUIRE_PG=1` (as in CI), where
/// it fails.
pub fn postgres_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let url = format!("{}/postgres", pg_server_url());
        match PgConnection::establish(&url) {
            Ok(_) => true,
            Err(e) => {
                if std::env::var("SANKOFA_TEST_REQUIRE_PG").is_ok_and(|v| v == "1") {
                    panic!("PostgreSQL is required (SANKOFA_TEST_REQUIRE_PG=1) but {url} does not answer: {e}");
                }
                // Written to the terminal directly: the test harness hides output of passing tests.
                let _ = writeln!(
                    std::io::stderr(),
                    "\n\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
                     !!! PostgreSQL does not answer at {url}:\n\
                     !!! {e}\n\
                     !!! Every PostgreSQL test is SKIPPED; only SQLite was tested.\n\
                     !!! Start PostgreSQL or set SANKOFA_TEST_PG_URL.\n\
                     !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
                );
                false
            }
        }
    })
}

pub struct TestDb {
    pub url: String,
    pg_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub fn create(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let url = dir.path().join("sankofa.db").to_string_lossy().to_string();
                Self {
                    url,
                    pg_name: None,
                    _dir: Some(dir),
                }
            }
            Backend::Postgres => {
                let name = format!("sankofa_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = PgConnection::establish(&format!("{}/postgres", pg_server_url()))
                    .expect("PostgreSQL answers");
                admin
                    .batch_execute(&format!("CREATE DATABASE \"{name}\""))
                    .expect("create test database");
                Self {
                    url: format!("{}/{name}", pg_server_url()),
                    pg_name: Some(name),
                    _dir: None,
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name
            && let Ok(mut admin) = PgConnection::establish(&format!("{}/postgres", pg_server_url()))
        {
            let _ =
                admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        }
    }
}
