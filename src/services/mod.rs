//! Use cases: one function per action a user takes. Each checks who may do it,
//! runs its transaction, and writes the audit and outbox rows that go with it.
//! Pages and the JSON API both call these.

pub mod accounts;
pub mod areas;
pub mod audit;
pub mod demo;
pub mod limits;

use std::sync::Arc;

use tokio::sync::Notify;

use crate::config::Config;
use crate::db::{DbConn, Pool};
use crate::error::{AppError, AppResult};
use crate::mail::Composed;
use crate::security::passwords::PasswordHasher;
use crate::security::tokens::Tokens;
use crate::store;

pub use limits::RateLimits;

/// What every use case may need, cheap to clone.
#[derive(Clone)]
pub struct Services {
    pub config: Arc<Config>,
    pub db: Db,
    pub hasher: PasswordHasher,
    pub tokens: Tokens,
    pub limits: Arc<RateLimits>,
    /// Wakes the outbox sender after a commit that queued a message.
    pub outbox_wake: Arc<Notify>,
}

impl Services {
    pub fn new(config: Arc<Config>, pool: Pool) -> Self {
        let secret = config.session_secret.expose();
        Self {
            tokens: Tokens::new(secret),
            hasher: PasswordHasher::new(config.hash_concurrency),
            limits: Arc::new(RateLimits::new(&config.rate_limits)),
            outbox_wake: Arc::new(Notify::new()),
            db: Db::new(pool),
            config,
        }
    }

    /// Queues `message` to `recipient` inside the caller's transaction.
    pub fn enqueue_email(conn: &mut DbConn, recipient: &str, message: &Composed) -> AppResult<()> {
        let now = crate::db::now();
        store::outbox::insert(
            conn,
            &store::outbox::NewMessage {
                id: &crate::db::new_id(),
                recipient,
                kind: message.kind,
                subject: &message.subject,
                body_text: &message.text,
                body_html: &message.html,
                status: store::outbox::PENDING,
                attempts: 0,
                next_attempt_at: now,
                created_at: now,
            },
        )?;
        Ok(())
    }
}

/// The database, reached from async code without blocking a request thread.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    /// At most one blocking task per pooled connection: a burst of requests
    /// waits here rather than parking a thread each on the pool.
    permits: Arc<tokio::sync::Semaphore>,
}

impl Db {
    pub fn new(pool: Pool) -> Self {
        let permits = Arc::new(tokio::sync::Semaphore::new(pool.max_size() as usize));
        Self { pool, permits }
    }

    /// How long a request may wait for its turn, then for a connection:
    /// the pool's own checkout timeout, so that during an outage a queue of
    /// requests each answers 503 in bounded time.
    fn wait(&self) -> std::time::Duration {
        self.pool.connection_timeout()
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Runs `f` on a pooled connection in the blocking thread pool.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
    {
        let _permit = tokio::time::timeout(self.wait(), self.permits.acquire())
            .await
            .map_err(|_| AppError::Unavailable)?
            .map_err(|_| AppError::Unavailable)?;
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("database task failed: {e}")))?
    }

    /// Runs `f` in a write transaction (immediate on SQLite).
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
    {
        self.run(move |conn| conn.write(f)).await
    }

    /// A cheap round trip, for readiness checks. It does not queue behind
    /// requests, so that it answers in bounded time even when they pile up.
    pub async fn ping(&self) -> AppResult<()> {
        use diesel::connection::SimpleConnection;
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || -> AppResult<()> {
            let mut conn = pool.get()?;
            Ok(conn.batch_execute("SELECT 1")?)
        })
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("database task failed: {e}")))?
    }
}

/// Where a request came from, for the audit log and rate limits.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    pub addr: Option<String>,
}
