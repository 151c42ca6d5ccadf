//! Where messages go: an SMTP server (`SMTP_URL`), or .eml files under the data directory.

use std::path::PathBuf;
use std::time::Duration;

use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::Config;

#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

/// Why a message was not delivered, as the outbox needs to know it.
#[derive(Debug)]
pub enum SendError {
    /// 4xx reply, connection refused, timeout: try again later.
    Transient(String),
    /// 5xx reply or an unusable address: retrying will not help.
    Permanent(String),
}

impl Transport {
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        match &config.smtp_url {
            Some(url) => {
                let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(|e| anyhow::anyhow!("SMTP_URL is not usable: {e}"))?
                    .timeout(Some(Duration::from_secs(30)))
                    .build();
                Ok(Transport::Smtp(smtp))
            }
            None => {
                let dir = config.mail_dir();
                std::fs::create_dir_all(&dir)
                    .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
                Ok(Transport::File(AsyncFileTransport::new(&dir), dir))
            }
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "SMTP".into(),
            Transport::File(_, dir) => format!(".eml files in {}", dir.display()),
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| {
                let text = e.to_string();
                // A refused login (530, 534, 535, 538) is this server's
                // configuration, not the message: keep it until that is fixed.
                let about_us = e.status().is_some_and(|c| {
                    matches!(c.to_string().as_str(), "530" | "534" | "535" | "538")
                });
                if e.is_permanent() && !about_us {
                    SendError::Permanent(text)
                } else {
                    SendError::Transient(text)
                }
            }),
            Transport::File(t, _) => t
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendError::Transient(e.to_string())),
        }
    }
}
