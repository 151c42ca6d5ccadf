//! One connection type over SQLite and PostgreSQL: the pool, the SQLite pragmas,
//! embedded migrations and the write transaction every service uses.

pub mod schema;

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Key of the PostgreSQL advisory lock held while migrating, so that several
/// servers starting at once against one database do not race.
const MIGRATION_LOCK_KEY: i64 = 0x5A4E_4B4F_4641;

/// Runs the same query on whichever backend `conn` is, for what diesel
/// cannot build through the `DbConn` enum (`on_conflict`, multi-row
/// inserts): `on_backend!(conn, c => query.execute(c))`.
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite($c) => $body,
            $crate::db::DbConn::Pg($c) => $body,
        }
    };
}

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

/// A pooled connection, with what the pool needs to trust it without a round trip.
pub struct Conn {
    db: DbConn,
    /// When a use of this connection last succeeded, and how many connection
    /// failures the pool had seen by then.
    last_ok: Option<(Instant, u64)>,
    broken: bool,
    /// The pool's count of connection failures.
    failures: Arc<AtomicU64>,
}

impl Conn {
    /// Records the outcome of a use: a success lets the next checkouts skip
    /// the test query for a moment; a lost connection is discarded and every
    /// other connection is tested again before its next use.
    pub fn record(&mut self, connection_lost: bool) {
        let failures = self.failures.load(Ordering::Acquire);
        if connection_lost {
            self.broken = true;
            self.failures.fetch_add(1, Ordering::AcqRel);
        } else if self.last_ok.is_none_or(|(_, seen)| seen == failures) {
            self.last_ok = Some((Instant::now(), failures));
        }
    }
}

impl Deref for Conn {
    type Target = DbConn;
    fn deref(&self) -> &DbConn {
        &self.db
    }
}

impl DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut DbConn {
        &mut self.db
    }
}

/// A connection used successfully this recently, with no connection failure
/// seen anywhere in the pool since, is handed out without a test query (the
/// window HikariCP calls `aliveBypassWindowMs`). Every other checkout pings
/// first, so a connection idle across a database restart is never given out.
const TRUSTED_FOR: Duration = Duration::from_millis(500);

pub type Pool = r2d2::Pool<ConnectionManager>;
pub type PooledConn = r2d2::PooledConnection<ConnectionManager>;

/// Where the data lives, decided by the scheme of `DATABASE_URL`.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

/// Prints a PostgreSQL URL without its password.
impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite(p) => f.debug_tuple("Sqlite").field(p).finish(),
            Self::Postgres(u) => {
                let shown = match url::Url::parse(u) {
                    Ok(mut parsed) if parsed.password().is_some() => {
                        let _ = parsed.set_password(Some("********"));
                        parsed.to_string()
                    }
                    Ok(parsed) => parsed.to_string(),
                    Err(_) => "(unparsable URL)".to_string(),
                };
                f.debug_tuple("Postgres").field(&shown).finish()
            }
        }
    }
}

impl DatabaseUrl {
    /// `postgres://` and `postgresql://` are PostgreSQL; `sqlite://path`,
    /// `sqlite:path` or a plain path are an SQLite file. Anything else with a
    /// scheme is refused, so a mistyped server URL never becomes a local file.
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        if url.is_empty() {
            return Err("DATABASE_URL is empty".into());
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_string()));
        }
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err("DATABASE_URL names no SQLite file".into());
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = url.split_once("://") {
            return Err(format!(
                "DATABASE_URL scheme {scheme:?} is not supported (use postgres:// or sqlite://)"
            ));
        }
        Ok(Self::Sqlite(PathBuf::from(url)))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

/// Opens connections of the variant the URL names and prepares SQLite ones.
#[derive(Clone, Debug)]
pub struct ConnectionManager {
    url: DatabaseUrl,
    /// Connection failures seen so far: each one makes every connection
    /// prove itself again at its next checkout.
    failures: Arc<AtomicU64>,
}

impl ConnectionManager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self {
            url,
            failures: Arc::new(AtomicU64::new(0)),
        }
    }
}

/// Settings applied to every SQLite connection. `synchronous=FULL` so that a
/// committed sign-up, match or outbox row survives a power cut, not just a
/// process crash; the write volume of this application makes the extra fsync cheap.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA busy_timeout = 10000;
PRAGMA foreign_keys = ON;";

fn connect_sqlite(path: &Path) -> Result<SqliteConnection, ConnectionError> {
    stable_query_plans::install();
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
    conn.batch_execute(SQLITE_PRAGMAS)
        .map_err(ConnectionError::CouldntSetupConfiguration)?;
    Ok(conn)
}

/// SQLite re-compiles a cached statement whenever a newly bound value could
/// change its plan, which includes every bound `LIMIT` (so every `.first()`
/// and every page of a list) and, with STAT4, indexed comparisons: a full
/// parse per execution. The query planner stability guarantee (QPSG) keeps
/// one plan per statement, so prepared statements stay prepared. diesel gives
/// no handle to the raw connection, so it is set in an auto-extension, which
/// SQLite runs on each connection as it opens.
mod stable_query_plans {
    use std::ffi::{c_char, c_int};
    use std::sync::Once;

    use libsqlite3_sys as ffi;

    unsafe extern "C" fn on_open(
        db: *mut ffi::sqlite3,
        _err: *mut *mut c_char,
        _api: *const ffi::sqlite3_api_routines,
    ) -> c_int {
        // SAFETY: SQLite calls this with the handle of the connection being
        // opened; the option takes an int and a nullable int pointer.
        unsafe {
            ffi::sqlite3_db_config(
                db,
                ffi::SQLITE_DBCONFIG_ENABLE_QPSG,
                1 as c_int,
                std::ptr::null_mut::<c_int>(),
            )
        }
    }

    pub fn install() {
        static ONCE: Once = Once::new();
        // SAFETY: registers a function with the signature SQLite expects of
        // an extension entry point; it stays valid for the whole process.
        ONCE.call_once(|| unsafe {
            ffi::sqlite3_auto_extension(Some(on_open));
        });
    }
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = Conn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<Conn, r2d2::Error> {
        let db = match &self.url {
            DatabaseUrl::Sqlite(path) => connect_sqlite(path).map(DbConn::Sqlite),
            DatabaseUrl::Postgres(url) => PgConnection::establish(url).map(DbConn::Pg),
        }
        .map_err(r2d2::Error::ConnectionError)?;
        Ok(Conn {
            db,
            last_ok: None,
            broken: false,
            failures: self.failures.clone(),
        })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), r2d2::Error> {
        let failures = self.failures.load(Ordering::Acquire);
        if let Some((at, seen)) = conn.last_ok
            && seen == failures
            && at.elapsed() < TRUSTED_FOR
        {
            return Ok(());
        }
        conn.db.ping().map_err(r2d2::Error::QueryError)?;
        conn.last_ok = Some((Instant::now(), failures));
        Ok(())
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        // Also true for a connection left inside a transaction by a panic.
        conn.broken || conn.db.is_broken()
    }
}

/// Builds the pool. Checkouts wait at most `checkout_timeout`, so that an
/// unreachable database turns into a quick 503 rather than a hung request.
pub fn build_pool(
    url: &DatabaseUrl,
    max_size: u32,
    checkout_timeout: Duration,
) -> anyhow::Result<Pool> {
    if let DatabaseUrl::Sqlite(path) = url
        && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            anyhow::anyhow!(
                "cannot create the database directory {}: {e}",
                dir.display()
            )
        })?;
    }
    let pool = r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(0))
        .connection_timeout(checkout_timeout)
        .test_on_check_out(true)
        .build_unchecked(ConnectionManager::new(url.clone()));
    Ok(pool)
}

/// Runs the pending migrations of the connection's backend.
pub fn run_migrations(conn: &mut DbConn) -> anyhow::Result<Vec<String>> {
    let applied = match conn {
        DbConn::Sqlite(c) => c
            .run_pending_migrations(SQLITE_MIGRATIONS)
            .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?
            .into_iter()
            .map(|v| v.to_string())
            .collect(),
        DbConn::Pg(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))?;
            let result = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.into_iter().map(|v| v.to_string()).collect::<Vec<_>>())
                .map_err(|e| anyhow::anyhow!("migration failed: {e}"));
            c.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))?;
            result?
        }
    };
    Ok(applied)
}

/// How a write transaction begins on PostgreSQL. Its statements touch rows
/// by key, where one generic plan is as good as any: PostgreSQL would
/// otherwise plan the first executions of each prepared statement anew for
/// their values, and keep doing so when it guesses the generic plan dearer,
/// which costs more than running them while the rows they lock wait (the
/// contested confirmations measure it). Reads keep the planner's choice.
const PG_WRITE_BEGIN: &str = "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan";

impl DbConn {
    pub fn is_sqlite(&self) -> bool {
        matches!(self, DbConn::Sqlite(_))
    }

    /// Runs `f` in a write transaction: `BEGIN IMMEDIATE` on SQLite, so that a
    /// read followed by a write never fails half-way with "database is locked",
    /// and on PostgreSQL a `BEGIN` whose statements keep one generic plan
    /// each ([`PG_WRITE_BEGIN`]). Commits on `Ok`, rolls back on `Err`.
    pub fn write<T, E, F>(&mut self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        type Tm = <DbConn as Connection>::TransactionManager;
        match self {
            DbConn::Sqlite(c) => {
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
            }
            DbConn::Pg(c) => AnsiTransactionManager::begin_transaction_sql(c, PG_WRITE_BEGIN)?,
        }
        // A panic inside `f` leaves the transaction open; the pool's
        // `has_broken` check then discards the connection.
        match f(self) {
            Ok(value) => {
                Tm::commit_transaction(self)?;
                Ok(value)
            }
            Err(e) => {
                // The cause is the error worth reporting; a failed rollback
                // marks the connection broken and the pool drops it.
                let _ = Tm::rollback_transaction(self);
                Err(e)
            }
        }
    }
}

/// Microsecond precision: what PostgreSQL keeps, so both backends round-trip alike.
pub fn now() -> chrono::NaiveDateTime {
    truncate_micros(chrono::Utc::now().naive_utc())
}

pub fn truncate_micros(t: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    t.trunc_subsecs(6)
}

/// A new application-generated id: UUID v7 as text, time-ordered, revealing nothing else.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_connections_keep_their_query_plans() {
        use libsqlite3_sys as ffi;
        stable_query_plans::install();
        let dir = tempfile::tempdir().unwrap();
        let path =
            std::ffi::CString::new(dir.path().join("t.db").to_string_lossy().as_bytes()).unwrap();
        let mut db = std::ptr::null_mut();
        let mut enabled: std::ffi::c_int = -1;
        // SAFETY: a connection opened, queried (-1 reads the setting) and closed here.
        unsafe {
            assert_eq!(ffi::sqlite3_open(path.as_ptr(), &mut db), ffi::SQLITE_OK);
            ffi::sqlite3_db_config(
                db,
                ffi::SQLITE_DBCONFIG_ENABLE_QPSG,
                -1 as std::ffi::c_int,
                &mut enabled as *mut std::ffi::c_int,
            );
            ffi::sqlite3_close(db);
        }
        assert_eq!(
            enabled, 1,
            "every new SQLite connection keeps one plan per statement"
        );
    }

    #[test]
    fn database_url_picks_backend_by_scheme() {
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").unwrap(),
            DatabaseUrl::Postgres("postgres://u@h/db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://u@h/db").unwrap(),
            DatabaseUrl::Postgres("postgresql://u@h/db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/x.db").unwrap(),
            DatabaseUrl::Sqlite("data/x.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("./data/sankofa.db").unwrap(),
            DatabaseUrl::Sqlite("./data/sankofa.db".into())
        );
        assert!(DatabaseUrl::parse("postgre://u@h/db").is_err());
        assert!(DatabaseUrl::parse("mysql://u@h/db").is_err());
        assert!(DatabaseUrl::parse("").is_err());
    }
}
