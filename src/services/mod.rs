//! Use cases: one function per action a user takes. Each checks who may do it,
//! runs its transaction, and writes the audit and outbox rows that go with it.
//! Pages and the JSON API both call these.

pub mod accounts;
pub mod api_tokens;
pub mod areas;
pub mod assignments;
pub mod audit;
pub mod audit_log;
pub mod availability;
pub mod calendar;
pub mod clock;
pub mod consents;
pub mod coordinators;
pub mod data_rights;
pub mod demo;
pub mod discovery;
pub mod facility_staff;
pub mod invitations;
pub mod licences;
pub mod limits;
pub mod match_sharing;
pub mod matcher;
pub mod matches;
pub mod observatory;
pub mod parked_mail;
pub mod profiles;
pub mod programmes;
pub mod registry;
pub mod reminders;
pub mod running;
pub mod verification;
pub mod vocabularies;

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
    /// Specialties and suggested skills, kept for a few minutes.
    pub vocabulary: Arc<profiles::Vocabulary>,
    /// The time of the match lifecycle; tests move it.
    pub clock: clock::Clock,
    /// The observatory's figures, kept between requests.
    pub figures: Arc<observatory::Keeper>,
}

impl Services {
    pub fn new(config: Arc<Config>, pool: Pool) -> Self {
        let secret = config.session_secret.expose();
        Self {
            tokens: Tokens::new(secret),
            hasher: PasswordHasher::new(config.hash_concurrency),
            limits: Arc::new(RateLimits::new(&config.rate_limits)),
            outbox_wake: Arc::new(Notify::new()),
            vocabulary: Arc::new(profiles::Vocabulary::default()),
            clock: clock::Clock::default(),
            figures: Arc::new(observatory::Keeper::default()),
            db: Db::new(pool),
            config,
        }
    }

    /// Queues `message` to `recipient` inside the caller's transaction.
    pub fn enqueue_email(conn: &mut DbConn, recipient: &str, message: &Composed) -> AppResult<()> {
        let id = crate::db::new_id();
        store::outbox::insert(conn, &outbox_row(&id, recipient, message, crate::db::now()))?;
        Ok(())
    }

    /// Queues several emails in one statement (the match lifecycle tells
    /// both sides of each step, inside its locked transaction).
    pub fn enqueue_emails(conn: &mut DbConn, letters: &[(String, Composed)]) -> AppResult<()> {
        let now = crate::db::now();
        let ids: Vec<String> = letters.iter().map(|_| crate::db::new_id()).collect();
        let rows: Vec<store::outbox::NewMessage> = letters
            .iter()
            .zip(&ids)
            .map(|((recipient, message), id)| outbox_row(id, recipient, message, now))
            .collect();
        store::outbox::insert_all(conn, &rows)?;
        Ok(())
    }
}

/// A message waiting in the outbox, due now.
fn outbox_row<'a>(
    id: &'a str,
    recipient: &'a str,
    message: &'a Composed,
    now: chrono::NaiveDateTime,
) -> store::outbox::NewMessage<'a> {
    store::outbox::NewMessage {
        id,
        recipient,
        kind: message.kind,
        subject: &message.subject,
        body_text: &message.text,
        body_html: &message.html,
        status: store::outbox::PENDING,
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
    }
}

/// Database work waiting for a database thread.
type Job = Box<dyn FnOnce() + Send>;

/// The database, reached from async code without blocking a request thread.
/// A fixed set of threads, one per pooled connection, takes work from one
/// queue: under load a thread finishes one request's work and finds the next
/// one waiting, with no thread to wake or start, where a new blocking task
/// per request made the kernel switch threads at every hand-off.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    jobs: crossbeam_channel::Sender<Job>,
    /// At most one request's work per database thread: a burst of requests
    /// waits here, each for a bounded time.
    permits: Arc<tokio::sync::Semaphore>,
}

impl Db {
    pub fn new(pool: Pool) -> Self {
        let threads = pool.max_size() as usize;
        let (jobs, queue) = crossbeam_channel::unbounded::<Job>();
        for i in 0..threads {
            let queue = queue.clone();
            // The threads end when the last `Db` is dropped and the queue closes.
            let spawned = std::thread::Builder::new()
                .name(format!("sankofa-db-{i}"))
                .spawn(move || {
                    while let Ok(job) = queue.recv() {
                        // A panic ends that request with an error, not the thread.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a database thread");
            }
        }
        let permits = Arc::new(tokio::sync::Semaphore::new(threads));
        Self {
            pool,
            jobs,
            permits,
        }
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

    /// Runs `f` on a pooled connection on a database thread.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
    {
        let permit = tokio::time::timeout(self.wait(), self.permits.clone().acquire_owned())
            .await
            .map_err(|_| AppError::Unavailable)?
            .map_err(|_| AppError::Unavailable)?;
        let pool = self.pool.clone();
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let outcome = pool.get().map_err(AppError::from).and_then(|mut conn| {
                let outcome = f(&mut conn);
                conn.record(matches!(outcome, Err(AppError::Unavailable)));
                outcome
            });
            let _ = done.send(outcome);
            // Held until the work is done, even when the request went away:
            // never more work queued than there are threads to take it.
            drop(permit);
        });
        self.jobs
            .send(job)
            .map_err(|_| AppError::Internal(anyhow::anyhow!("database threads stopped")))?;
        result
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("database task failed")))?
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
            let result = conn.batch_execute("SELECT 1");
            conn.record(result.is_err());
            Ok(result?)
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
