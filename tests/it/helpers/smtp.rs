//! A small real SMTP server on loopback: it speaks enough of RFC 5321 for
//! lettre, keeps every message it accepts, and can be told to refuse.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// How the server answers the next messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    Accept,
    /// `421` to MAIL FROM, then the connection closes: a temporary failure.
    TempFail,
    /// `550` to RCPT TO: a permanent failure.
    PermFail,
    /// Accepts the connection and never says a word.
    Stall,
}

#[derive(Clone, Debug)]
pub struct Received {
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

impl Received {
    fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.data)
            .expect("a parsable message")
    }

    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_string()
    }

    pub fn text(&self) -> String {
        self.parsed()
            .body_text(0)
            .map(|t| t.to_string())
            .unwrap_or_default()
    }

    pub fn html(&self) -> String {
        self.parsed()
            .body_html(0)
            .map(|t| t.to_string())
            .unwrap_or_default()
    }

    pub fn message_id(&self) -> String {
        self.parsed().message_id().unwrap_or_default().to_string()
    }

    /// The first link in the text part that starts with `base` + `path`.
    pub fn link(&self, path: &str) -> Option<String> {
        let text = self.text();
        text.split_whitespace()
            .find(|w| w.starts_with("http") && w.contains(path))
            .map(|w| w.to_string())
    }
}

struct State {
    reply: Reply,
    received: Vec<Received>,
}

#[derive(Clone)]
pub struct TestSmtp {
    pub port: u16,
    state: Arc<Mutex<State>>,
    arrived: Arc<Notify>,
}

impl TestSmtp {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind SMTP");
        let port = listener.local_addr().unwrap().port();
        let smtp = Self {
            port,
            state: Arc::new(Mutex::new(State {
                reply: Reply::Accept,
                received: Vec::new(),
            })),
            arrived: Arc::new(Notify::new()),
        };
        let server = smtp.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = server.clone();
                tokio::spawn(async move {
                    let _ = s.session(stream).await;
                });
            }
        });
        smtp
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn set_reply(&self, reply: Reply) {
        self.state.lock().unwrap().reply = reply;
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    /// Waits for a message to `to` whose subject satisfies `subject_has`.
    pub async fn wait_for(&self, to: &str, within: Duration) -> Received {
        self.wait_for_nth(to, 1, within).await
    }

    /// Waits until `n` messages to `to` have arrived and returns the last.
    pub async fn wait_for_nth(&self, to: &str, n: usize, within: Duration) -> Received {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let arrived = self.arrived.notified();
            let mine: Vec<Received> = self
                .received()
                .into_iter()
                .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(to)))
                .collect();
            if mine.len() >= n {
                return mine[n - 1].clone();
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!(
                    "no message number {n} to {to} within {within:?}; got {:?}",
                    self.received()
                        .iter()
                        .map(|m| (&m.to, m.subject()))
                        .collect::<Vec<_>>()
                );
            }
        }
    }

    /// Waits for a message to `to` whose subject contains `subject`.
    pub async fn wait_for_subject(&self, to: &str, subject: &str, within: Duration) -> Received {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let arrived = self.arrived.notified();
            if let Some(m) = self.received().into_iter().find(|m| {
                m.to.iter().any(|t| t.eq_ignore_ascii_case(to)) && m.subject().contains(subject)
            }) {
                return m;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!(
                    "no message \"{subject}\" to {to} within {within:?}; got {:?}",
                    self.received()
                        .iter()
                        .map(|m| (&m.to, m.subject()))
                        .collect::<Vec<_>>()
                );
            }
        }
    }

    /// Messages to `to` so far.
    pub fn count_to(&self, to: &str) -> usize {
        self.received()
            .iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(to)))
            .count()
    }

    async fn session(&self, stream: TcpStream) -> std::io::Result<()> {
        if self.state.lock().unwrap().reply == Reply::Stall {
            tokio::time::sleep(Duration::from_secs(600)).await;
            return Ok(());
        }
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        write.write_all(b"220 sankofa-test ESMTP\r\n").await?;
        let mut to = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let upper = line.trim_end().to_ascii_uppercase();
            if upper.starts_with("EHLO") {
                write
                    .write_all(b"250-sankofa-test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                    .await?;
            } else if upper.starts_with("HELO") {
                write.write_all(b"250 sankofa-test\r\n").await?;
            } else if upper.starts_with("MAIL FROM:") {
                if self.state.lock().unwrap().reply == Reply::TempFail {
                    write
                        .write_all(b"421 4.3.2 Service not available, try again later\r\n")
                        .await?;
                    return Ok(());
                }
                to.clear();
                write.write_all(b"250 2.1.0 OK\r\n").await?;
            } else if upper.starts_with("RCPT TO:") {
                if self.state.lock().unwrap().reply == Reply::PermFail {
                    write
                        .write_all(b"550 5.1.1 Mailbox unavailable\r\n")
                        .await?;
                } else {
                    to.push(address(&line));
                    write.write_all(b"250 2.1.5 OK\r\n").await?;
                }
            } else if upper == "DATA" {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let mut data = Vec::new();
                loop {
                    let mut l = String::new();
                    if lines.read_line(&mut l).await? == 0 {
                        return Ok(());
                    }
                    if l == ".\r\n" || l == ".\n" {
                        break;
                    }
                    let l = l
                        .strip_prefix('.')
                        .filter(|_| l.starts_with(".."))
                        .unwrap_or(&l);
                    data.extend_from_slice(l.as_bytes());
                }
                self.state.lock().unwrap().received.push(Received {
                    to: to.clone(),
                    data,
                });
                self.arrived.notify_waiters();
                write.write_all(b"250 2.0.0 Queued\r\n").await?;
            } else if upper == "QUIT" {
                write.write_all(b"221 2.0.0 Bye\r\n").await?;
                return Ok(());
            } else if upper == "RSET" || upper == "NOOP" {
                write.write_all(b"250 2.0.0 OK\r\n").await?;
            } else {
                write
                    .write_all(b"502 5.5.2 Command not implemented\r\n")
                    .await?;
            }
        }
    }
}

fn address(line: &str) -> String {
    let start = line.find('<').map_or(0, |i| i + 1);
    let end = line[start..].find('>').map_or(line.len(), |i| start + i);
    line[start..end].trim().to_string()
}
