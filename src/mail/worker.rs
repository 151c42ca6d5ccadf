//! The outbox sender: claims due messages, sends them, and records the outcome.
//! Runs beside the web server; a slow or absent SMTP server never holds up a request.

use std::sync::Arc;
use std::time::Duration;

use lettre::Message;
use lettre::message::{Mailbox, MultiPart};
use tokio::sync::{Notify, watch};

use super::transport::{SendError, Transport};
use crate::config::OutboxSettings;
use crate::db::{self, Pool};
use crate::store::outbox::{self, OutboxMessage};

const BATCH: i64 = 20;
/// Backoff never waits longer than this between attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

pub struct Worker {
    pool: Pool,
    transport: Transport,
    settings: OutboxSettings,
    from: Mailbox,
    message_id_host: String,
    wake: Arc<Notify>,
}

impl Worker {
    pub fn new(
        pool: Pool,
        transport: Transport,
        settings: OutboxSettings,
        from: Mailbox,
        message_id_host: String,
        wake: Arc<Notify>,
    ) -> Self {
        Self {
            pool,
            transport,
            settings,
            from,
            message_id_host,
            wake,
        }
    }

    /// Sends until `stop` turns true.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(transport = %self.transport.describe(), "outbox sender started");
        loop {
            let handled = match self.tick().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(error = %e, "outbox sender could not reach the database");
                    0
                }
            };
            if *stop.borrow() {
                break;
            }
            if handled as i64 >= BATCH {
                continue;
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.settings.poll_interval) => {}
                _ = stop.changed() => break,
            }
        }
        tracing::info!("outbox sender stopped");
    }

    /// Claims one batch and sends it; returns how many messages were handled.
    pub async fn tick(&self) -> anyhow::Result<usize> {
        let lease_token = db::new_id();
        let lease = chrono::Duration::from_std(self.settings.lease)?;
        let batch = {
            let pool = self.pool.clone();
            let token = lease_token.clone();
            tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<OutboxMessage>> {
                let mut conn = pool.get()?;
                let now = db::now();
                Ok(conn.write(|c| outbox::claim(c, &token, now, now + lease, BATCH))?)
            })
            .await??
        };
        let n = batch.len();
        for message in batch {
            // A batch can outlast its lease when the mail server is slow; a
            // message whose lease ran out may be another sender's by now.
            if !self.renew(&message.id, &lease_token).await? {
                tracing::warn!(message = %message.id, "lease ran out before sending; left to another sender");
                continue;
            }
            let outcome = match self.build(&message) {
                Ok(m) => self.transport.send(m).await,
                Err(e) => Err(SendError::Permanent(e)),
            };
            self.record(&message, &lease_token, outcome).await?;
        }
        Ok(n)
    }

    async fn renew(&self, id: &str, lease_token: &str) -> anyhow::Result<bool> {
        let pool = self.pool.clone();
        let id = id.to_string();
        let token = lease_token.to_string();
        let lease = chrono::Duration::from_std(self.settings.lease)?;
        tokio::task::spawn_blocking(move || -> anyhow::Result<bool> {
            let mut conn = pool.get()?;
            let now = db::now();
            Ok(outbox::renew_lease(
                &mut conn,
                &id,
                &token,
                now,
                now + lease,
            )?)
        })
        .await?
    }

    fn build(&self, m: &OutboxMessage) -> Result<Message, String> {
        let to: Mailbox = m
            .recipient
            .parse()
            .map_err(|e| format!("recipient address refused: {e}"))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .message_id(Some(format!("<{}@{}>", m.id, self.message_id_host)))
            .multipart(MultiPart::alternative_plain_html(
                m.body_text.clone(),
                m.body_html.clone(),
            ))
            .map_err(|e| format!("message could not be built: {e}"))
    }

    async fn record(
        &self,
        m: &OutboxMessage,
        lease_token: &str,
        outcome: Result<(), SendError>,
    ) -> anyhow::Result<()> {
        let pool = self.pool.clone();
        let id = m.id.clone();
        let token = lease_token.to_string();
        let attempts_after = m.attempts + 1;
        let max_attempts = self.settings.max_attempts;
        let backoff = backoff(self.settings.retry_base, m.attempts);
        match &outcome {
            Ok(()) => tracing::info!(message = %m.id, kind = %m.kind, "email sent"),
            Err(SendError::Transient(e)) => {
                tracing::warn!(message = %m.id, kind = %m.kind, attempt = attempts_after, error = %e, "email deferred")
            }
            Err(SendError::Permanent(e)) => {
                tracing::error!(message = %m.id, kind = %m.kind, error = %e, "email parked for an administrator")
            }
        }
        let recorded = tokio::task::spawn_blocking(move || -> anyhow::Result<bool> {
            let mut conn = pool.get()?;
            let now = db::now();
            Ok(match outcome {
                Ok(()) => outbox::mark_sent(&mut conn, &id, &token, now)?,
                Err(SendError::Transient(e)) if attempts_after < max_attempts => {
                    let next = now + chrono::Duration::from_std(backoff)?;
                    outbox::schedule_retry(&mut conn, &id, &token, next, &truncate(&e))?
                }
                Err(SendError::Transient(e)) => outbox::park(
                    &mut conn,
                    &id,
                    &token,
                    &truncate(&format!("gave up after {attempts_after} attempts: {e}")),
                )?,
                Err(SendError::Permanent(e)) => {
                    outbox::park(&mut conn, &id, &token, &truncate(&e))?
                }
            })
        })
        .await??;
        if !recorded {
            tracing::warn!(message = %m.id, "outcome not recorded: the lease was lost during the attempt");
        }
        Ok(())
    }
}

/// `base`, doubled for every earlier attempt, capped at an hour.
pub fn backoff(base: Duration, attempts_before: i32) -> Duration {
    let factor = 2u32.saturating_pow(attempts_before.clamp(0, 20) as u32);
    base.saturating_mul(factor).min(MAX_BACKOFF)
}

fn truncate(s: &str) -> String {
    s.chars().take(500).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 0), Duration::from_secs(30));
        assert_eq!(backoff(base, 1), Duration::from_secs(60));
        assert_eq!(backoff(base, 3), Duration::from_secs(240));
        assert_eq!(backoff(base, 30), MAX_BACKOFF);
    }
}
