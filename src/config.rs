//! Typed settings from the environment (and `.env`). Secrets never reach a log line.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use base64::Engine;
use url::Url;

use crate::db::DatabaseUrl;

/// A value that must not be printed: its `Debug` says only that it is hidden.
#[derive(Clone)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone, Debug)]
pub struct OutboxSettings {
    /// Whether this process runs the sender; several servers may all run one.
    pub worker: bool,
    pub poll_interval: Duration,
    pub retry_base: Duration,
    pub max_attempts: i32,
    /// How long a claimed message stays reserved to one sender.
    pub lease: Duration,
}

#[derive(Clone, Debug)]
pub struct RateLimitSettings {
    /// Sign-up, login and password-reset requests per minute from one address.
    pub auth_per_minute: u32,
    /// Login attempts on one account from one address per 15 minutes.
    pub login_per_account: u32,
    /// Failed logins on one account from anywhere per 15 minutes before
    /// every attempt on it is slowed.
    pub failures_per_account: u32,
    /// API requests per minute with one token.
    pub api_per_minute: u32,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub environment: Environment,
    pub database_url: DatabaseUrl,
    pub bind: String,
    pub public_url: Url,
    pub data_dir: PathBuf,
    pub session_secret: Secret<Vec<u8>>,
    pub smtp_url: Option<Secret<String>>,
    pub mail_from: String,
    pub db_pool_size: u32,
    pub db_timeout: Duration,
    pub workers: usize,
    pub hash_concurrency: usize,
    pub outbox: OutboxSettings,
    pub rate_limits: RateLimitSettings,
    /// Whether the last `X-Forwarded-For` entry is the client's address.
    pub trust_proxy: bool,
    pub shutdown_timeout: Duration,
}

pub const MIN_SECRET_BYTES: usize = 32;

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    }

    /// Reads settings through `get`, so tests can pass their own.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        // An empty setting means the default, as if it were not set.
        let get = |k: &str| lookup(k).filter(|v| !v.trim().is_empty());
        let environment = match get("SANKOFA_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => bail!("SANKOFA_ENV must be development or production, not {other:?}"),
        };
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = match get("DATABASE_URL") {
            Some(url) => DatabaseUrl::parse(&url).map_err(anyhow::Error::msg)?,
            None => DatabaseUrl::Sqlite(data_dir.join("sankofa.db")),
        };
        let bind = match get("BIND") {
            Some(b) => b,
            None => {
                let host = get("HOST").unwrap_or_else(|| "127.0.0.1".into());
                let port: u16 = parse(&get, "PORT", 8080)?;
                if host.contains(':') {
                    format!("[{host}]:{port}")
                } else {
                    format!("{host}:{port}")
                }
            }
        };
        let public_url = match get("PUBLIC_URL") {
            Some(u) => Url::parse(&u).with_context(|| format!("PUBLIC_URL {u:?} is not a URL"))?,
            None => Url::parse(&format!("http://{}", bind.replace("0.0.0.0", "127.0.0.1")))
                .with_context(|| format!("cannot derive PUBLIC_URL from BIND {bind:?}"))?,
        };
        if !matches!(public_url.scheme(), "http" | "https") {
            bail!("PUBLIC_URL must be http:// or https://");
        }
        if environment == Environment::Production && public_url.scheme() != "https" {
            bail!(
                "PUBLIC_URL must be the https:// address people use in production \
                 (sessions and links depend on it), not {public_url}"
            );
        }
        let session_secret = match get("SESSION_SECRET") {
            Some(s) => decode_secret(&s).context("SESSION_SECRET")?,
            None if environment == Environment::Production => bail!(
                "SESSION_SECRET is required in production: 32 random bytes, hex or base64 \
                 (for example the output of `openssl rand -hex 32`)"
            ),
            None => development_secret(&data_dir)?,
        };
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        let mail_from = get("MAIL_FROM").unwrap_or_else(|| {
            format!(
                "Sankofa <no-reply@{}>",
                public_url.host_str().unwrap_or("localhost")
            )
        });
        Ok(Self {
            environment,
            database_url,
            bind,
            public_url,
            data_dir,
            session_secret,
            smtp_url: get("SMTP_URL").map(Secret::new),
            mail_from,
            db_pool_size: parse(&get, "DB_POOL_SIZE", 10)?,
            db_timeout: Duration::from_secs(parse(&get, "DB_TIMEOUT_SECS", 3)?),
            workers: parse(&get, "WORKERS", cpus)?,
            hash_concurrency: parse(&get, "HASH_CONCURRENCY", cpus)?,
            outbox: OutboxSettings {
                worker: parse(&get, "OUTBOX_WORKER", true)?,
                poll_interval: Duration::from_millis(parse(&get, "OUTBOX_POLL_MS", 5_000)?),
                retry_base: Duration::from_millis(parse(&get, "OUTBOX_RETRY_BASE_MS", 30_000)?),
                max_attempts: parse(&get, "OUTBOX_MAX_ATTEMPTS", 12)?,
                lease: Duration::from_secs(parse(&get, "OUTBOX_LEASE_SECS", 300)?),
            },
            rate_limits: RateLimitSettings {
                auth_per_minute: parse(&get, "RATE_LIMIT_AUTH_PER_MINUTE", 20)?,
                login_per_account: parse(&get, "RATE_LIMIT_LOGIN_PER_ACCOUNT", 5)?,
                failures_per_account: parse(&get, "RATE_LIMIT_FAILURES_PER_ACCOUNT", 10)?,
                api_per_minute: parse(&get, "RATE_LIMIT_API_PER_MINUTE", 600)?,
            },
            trust_proxy: parse(&get, "TRUST_PROXY", false)?,
            shutdown_timeout: Duration::from_secs(parse(&get, "SHUTDOWN_TIMEOUT_SECS", 30)?),
        })
    }

    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// An absolute link to `path_and_query` on the public site, for emails.
    pub fn public_link(&self, path_and_query: &str) -> String {
        let base = self.public_url.as_str().trim_end_matches('/');
        format!("{base}{path_and_query}")
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }
}

fn parse<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    key: &str,
    default: T,
) -> anyhow::Result<T> {
    match get(key) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{key}={v:?} is not a valid value")),
    }
}

/// Hex (64 characters) or base64 of at least 32 bytes.
fn decode_secret(s: &str) -> anyhow::Result<Secret<Vec<u8>>> {
    let s = s.trim();
    let bytes = if s.len().is_multiple_of(2) && s.chars().all(|c| c.is_ascii_hexdigit()) {
        decode_hex(s)
    } else {
        base64::engine::general_purpose::STANDARD
            .decode(s)
            .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s))
            .map_err(|_| anyhow::anyhow!("must be hex or base64"))?
    };
    if bytes.len() < MIN_SECRET_BYTES {
        bail!(
            "must be at least {MIN_SECRET_BYTES} bytes, got {}",
            bytes.len()
        );
    }
    Ok(Secret::new(bytes))
}

fn decode_hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// In development a secret is generated once and kept beside the database, so
/// that sessions survive a restart without any setting.
fn development_secret(data_dir: &Path) -> anyhow::Result<Secret<Vec<u8>>> {
    let path = data_dir.join("session.key");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        return decode_secret(&existing).with_context(|| format!("{}", path.display()));
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create {}", data_dir.display()))?;
    let mut bytes = vec![0u8; MIN_SECRET_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    write_private(&path, &encode_hex(&bytes))?;
    Ok(Secret::new(bytes))
}

fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(contents.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> anyhow::Result<Config> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    const SECRET: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn production_refuses_to_start_without_a_strong_secret() {
        let https = ("PUBLIC_URL", "https://sankofa.example.org");
        let err = config(&[("SANKOFA_ENV", "production"), https]).unwrap_err();
        assert!(err.to_string().contains("SESSION_SECRET"));
        let err = config(&[
            ("SANKOFA_ENV", "production"),
            https,
            ("SESSION_SECRET", "abcd"),
        ])
        .unwrap_err();
        assert!(format!("{err:#}").contains("at least 32 bytes"));
        let prod = [
            ("SANKOFA_ENV", "production"),
            ("SESSION_SECRET", SECRET),
            ("PUBLIC_URL", "https://sankofa.example.org"),
        ];
        assert!(config(&prod).is_ok());
    }

    #[test]
    fn production_needs_an_https_public_url() {
        let err = config(&[("SANKOFA_ENV", "production"), ("SESSION_SECRET", SECRET)]).unwrap_err();
        assert!(err.to_string().contains("PUBLIC_URL"));
        let err = config(&[
            ("SANKOFA_ENV", "production"),
            ("SESSION_SECRET", SECRET),
            ("PUBLIC_URL", "http://sankofa.example.org"),
        ])
        .unwrap_err();
        assert!(err.to_string().contains("https"));
    }

    #[test]
    fn development_generates_and_keeps_a_secret() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let a = config(&[("DATA_DIR", d)]).unwrap();
        let b = config(&[("DATA_DIR", d)]).unwrap();
        assert_eq!(a.session_secret.expose().len(), 32);
        assert_eq!(a.session_secret.expose(), b.session_secret.expose());
    }

    #[test]
    fn bind_and_public_url() {
        let c = config(&[("SESSION_SECRET", SECRET)]).unwrap();
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert_eq!(c.public_url.as_str(), "http://127.0.0.1:8080/");
        assert!(matches!(c.database_url, DatabaseUrl::Sqlite(_)));
        let c = config(&[
            ("SESSION_SECRET", SECRET),
            ("HOST", "0.0.0.0"),
            ("PORT", "9000"),
            ("PUBLIC_URL", "https://sankofa.example.org"),
        ])
        .unwrap();
        assert_eq!(c.bind, "0.0.0.0:9000");
        assert!(c.is_https());
        assert_eq!(c.public_link("/login"), "https://sankofa.example.org/login");
        let c = config(&[("SESSION_SECRET", SECRET), ("BIND", "127.0.0.1:0")]).unwrap();
        assert_eq!(c.bind, "127.0.0.1:0");
        assert!(config(&[("SESSION_SECRET", SECRET), ("PORT", "http")]).is_err());
    }

    #[test]
    fn secrets_are_not_printed() {
        let c = config(&[
            ("SESSION_SECRET", SECRET),
            ("SMTP_URL", "smtps://user:hunter2hunter2@mail.example.org"),
            (
                "DATABASE_URL",
                "postgres://sankofa:pg-secret-pw@db.example.org/sankofa",
            ),
        ])
        .unwrap();
        let printed = format!("{c:?}");
        assert!(!printed.contains("hunter2"));
        assert!(!printed.contains("0123456789abcdef"));
        assert!(!printed.contains("pg-secret-pw"), "{printed}");
        assert!(printed.contains("db.example.org"));
    }
}
