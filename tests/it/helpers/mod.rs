//! Test harness: throwaway databases, a loopback SMTP server, the app on
//! port 0, and an HTTP client that keeps cookies.

pub mod app;
pub mod browser;
pub mod contract;
pub mod db;
pub mod html;
pub mod smtp;

pub use app::{Page, TestApp, TestClient};
pub use db::{Backend, postgres_available};
pub use smtp::{Reply, TestSmtp};

pub const PASSWORD: &str = "kente cloth and palm wine 42";
pub const OTHER_PASSWORD: &str = "baobab shade at noon 1957";

/// A fresh address for each test.
pub fn unique_email(prefix: &str) -> String {
    format!("{prefix}.{}@example.org", uuid::Uuid::new_v4().simple())
}

/// Runs the test body once on SQLite and once on PostgreSQL, as two tests
/// named `<name>::sqlite` and `<name>::postgres`.
#[macro_export]
macro_rules! on_both {
    ($(#[$meta:meta])* async fn $name:ident($b:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $(#[$meta])*
            async fn run($b: $crate::helpers::Backend) $body

            #[tokio::test]
            async fn sqlite() {
                run($crate::helpers::Backend::Sqlite).await
            }

            #[tokio::test]
            async fn postgres() {
                if $crate::helpers::postgres_available() {
                    run($crate::helpers::Backend::Postgres).await
                }
            }
        }
    };
}
