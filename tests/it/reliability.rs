//! Reliability and logging (SECURITY.md 20, 25-27): SQLite under concurrent
//! writers, an unreachable database, SIGTERM, and what reaches the log.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::helpers::app::TEST_SECRET;
use crate::helpers::db::TestDb;
use crate::helpers::{
    Backend, OTHER_PASSWORD, PASSWORD, TestApp, TestClient, TestSmtp, html, unique_email,
};
use crate::on_both;

/// The `sankofa` binary running as its own process, its log collected.
struct Process {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Process {
    fn start(db_url: &str, data_dir: &std::path::Path, extra: &[(&str, &str)]) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sankofa"));
        cmd.arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", db_url)
            .env("DATA_DIR", data_dir)
            .env("BIND", "127.0.0.1:0")
            .env("SESSION_SECRET", TEST_SECRET)
            .env("WORKERS", "1")
            .env("OUTBOX_POLL_MS", "100")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("the binary starts");
        let log = Arc::new(Mutex::new(String::new()));
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let log = log.clone();
            let port_tx = port_tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if line.contains("Sankofa is listening")
                        && let Some(p) = line.split("port=").nth(1)
                    {
                        let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
                        let _ = port_tx.send(digits.parse::<u16>().unwrap());
                    }
                    let mut l = log.lock().unwrap();
                    l.push_str(&line);
                    l.push('\n');
                }
            });
        }
        let port = port_rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("the server did not start: {}", log.lock().unwrap()));
        Self { child, port, log }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn sigterm(&self) {
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }

    /// Waits for the process to end and returns its exit code.
    fn wait(&mut self, within: Duration) -> Option<i32> {
        let deadline = std::time::Instant::now() + within;
        while std::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

on_both! {
    async fn p20_no_password_token_or_cookie_in_the_log_and_failures_audited(backend) {
        let db = TestDb::create(backend);
        let dir = tempfile::tempdir().unwrap();
        let smtp = TestSmtp::start().await;
        let server = Process::start(&db.url, dir.path(), &[("SMTP_URL", &smtp.url()), ("RUST_LOG", "debug")]);
        let c = TestClient::new(&server.base(), None);
        let email = unique_email("log");
        c.sign_up_professional(&email, PASSWORD, "en").await;
        let verify = smtp.wait_for(&email, Duration::from_secs(10)).await.link("/verify-email").unwrap();
        c.log_in(&email, PASSWORD).await;
        c.get(&html::path_of(&verify)).await;
        c.submit("/verify-email", &[("token", &html::query_param(&verify, "token"))]).await;
        let wrong = "a wrong password that must not be logged";
        assert_eq!(c.submit("/login", &[("email", &email), ("password", wrong)]).await.status, 401);
        c.log_in(&email, PASSWORD).await;
        let session = c.cookie("sankofa").unwrap();
        c.submit("/password/forgot", &[("email", &email)]).await;
        let reset = smtp.wait_for_nth(&email, 2, Duration::from_secs(10)).await.link("/password/reset").unwrap();
        let reset_token = html::query_param(&reset, "token");
        c.get(&html::path_of(&reset)).await;
        let done = c
            .submit("/password/reset", &[("token", &reset_token), ("password", OTHER_PASSWORD), ("password_confirm", OTHER_PASSWORD)])
            .await;
        assert_eq!(done.status, 303);
        // A line break typed into a path cannot forge a log line.
        c.get("/nope%0A2026-01-01T00:00:00Z%20INFO%20forged").await;
        tokio::time::sleep(Duration::from_millis(300)).await;

        let log = server.log();
        assert!(log.contains("request"), "the log has request lines: {log}");
        for secret in [PASSWORD, OTHER_PASSWORD, wrong, session.as_str(), reset_token.as_str(), html::query_param(&verify, "token").as_str()] {
            assert!(!log.contains(secret), "the log holds a secret: {secret}");
        }
        assert!(!log.contains(TEST_SECRET));
        assert!(!log.lines().any(|l| l.starts_with("2026-01-01T00:00:00Z")), "forged line");

        // The failed login is in the audit log, with where it came from.
        let pool = sankofa::db::build_pool(&sankofa::db::DatabaseUrl::parse(&db.url).unwrap(), 1, Duration::from_secs(5)).unwrap();
        let mut conn = pool.get().unwrap();
        let entries = sankofa::store::audit::recent(&mut conn, 100).unwrap();
        let failed = entries.iter().find(|e| e.action == "login_failed").expect("failed login audited");
        assert_eq!(failed.client_addr.as_deref(), Some("127.0.0.1"));
        assert!(failed.object_id.is_some(), "the account it targeted");
        for action in ["user_signed_up", "email_verified", "login", "password_reset_requested", "password_reset"] {
            assert!(entries.iter().any(|e| e.action == action), "{action} audited");
        }
    }
}

on_both! {
    async fn p25_concurrent_writers_lose_nothing_and_never_fail(backend) {
        let app = TestApp::spawn_with(
            backend,
            &[("OUTBOX_WORKER", "false"), ("RATE_LIMIT_AUTH_PER_MINUTE", "100000"), ("WORKERS", "2"), ("DB_POOL_SIZE", "8")],
        )
        .await;
        if backend == Backend::Sqlite {
            let pragmas = app
                .services
                .db
                .run(|c| {
                    use diesel::prelude::*;
                    use diesel::sql_types::{BigInt, Text};
                    #[derive(QueryableByName)]
                    struct Mode {
                        #[diesel(sql_type = Text)]
                        journal_mode: String,
                    }
                    #[derive(QueryableByName)]
                    struct Num {
                        #[diesel(sql_type = BigInt)]
                        value: i64,
                    }
                    let sankofa::db::DbConn::Sqlite(c) = c else { unreachable!() };
                    let mode = diesel::sql_query("PRAGMA journal_mode").get_result::<Mode>(c)?.journal_mode;
                    let num = |sql: &str, c: &mut diesel::SqliteConnection| -> QueryResult<i64> {
                        Ok(diesel::sql_query(sql).get_result::<Num>(c)?.value)
                    };
                    Ok((
                        mode,
                        num("SELECT synchronous AS value FROM pragma_synchronous", c)?,
                        num("SELECT timeout AS value FROM pragma_busy_timeout", c)?,
                        num("SELECT foreign_keys AS value FROM pragma_foreign_keys", c)?,
                    ))
                })
                .await
                .unwrap();
            assert_eq!(pragmas.0, "wal");
            assert_eq!(pragmas.1, 2, "synchronous=FULL");
            assert!(pragmas.2 >= 5000, "busy_timeout {}", pragmas.2);
            assert_eq!(pragmas.3, 1, "foreign_keys=ON");
        }

        // 20 people each asking 50 times for their verification email: 1,000
        // requests that each write an outbox row and an audit entry.
        let mut writers = Vec::new();
        for i in 0..20 {
            let c = app.user_with(&unique_email(&format!("writer{i}")), "professional", false).await;
            writers.push(tokio::spawn(async move {
                let token = c.csrf().await;
                let mut statuses = Vec::new();
                for _ in 0..50 {
                    statuses.push(c.post("/verify-email/resend", &[("csrf", &token)]).await.status);
                }
                statuses
            }));
        }
        let mut all = Vec::new();
        for w in writers {
            all.extend(w.await.unwrap());
        }
        assert_eq!(all.len(), 1000);
        assert!(all.iter().all(|s| *s == 303), "every write answered 303: {:?}", all.iter().filter(|s| **s != 303).collect::<Vec<_>>());
        assert_eq!(app.stored().await, (20, 0, 1000), "every row present");
    }
}

/// A TCP relay to PostgreSQL that can be cut and restored, to make the
/// database unreachable without touching the server other tests use.
struct Relay {
    port: u16,
    up: Arc<AtomicBool>,
    cut: watch::Sender<u64>,
    generation: AtomicU64,
}

impl Relay {
    async fn start(target: &'static str) -> Arc<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (cut, _) = watch::channel(0);
        let relay = Arc::new(Self {
            port: listener.local_addr().unwrap().port(),
            up: Arc::new(AtomicBool::new(true)),
            cut,
            generation: AtomicU64::new(0),
        });
        let r = relay.clone();
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !r.up.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let mut cut = r.cut.subscribe();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.changed() => {
                            let _ = inbound.shutdown().await;
                        }
                    }
                });
            }
        });
        relay
    }

    fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        let g = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.cut.send(g);
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

/// SQLite is a file inside the process: it cannot become unreachable the way
/// a database server can, so this property is tested on PostgreSQL.
#[tokio::test]
async fn p26_database_unreachable_gives_503_and_recovers_without_restart() {
    if !crate::helpers::postgres_available() {
        return;
    }
    let db = Arc::new(TestDb::create(Backend::Postgres));
    let relay = Relay::start("127.0.0.1:5432").await;
    let name = db.url.rsplit('/').next().unwrap().to_string();
    let relayed = format!("postgres://postgres@127.0.0.1:{}/{name}", relay.port);
    let app = TestApp::spawn_on(
        db.clone(),
        TestSmtp::start().await,
        Arc::new(tempfile::tempdir().unwrap()),
        &[("DATABASE_URL", &relayed)],
    )
    .await;
    let email = unique_email("outage");
    let c = app.user_with_role(&email, "professional").await;
    let quick = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let get = |path: &'static str| {
        let quick = quick.clone();
        let url = format!("{}{path}", app.base);
        async move {
            quick
                .get(url)
                .send()
                .await
                .expect("an answer within 5 s")
                .status()
                .as_u16()
        }
    };
    assert_eq!(get("/readyz").await, 200);

    relay.down();
    assert_eq!(
        get("/healthz").await,
        200,
        "liveness never touches the database"
    );
    assert_eq!(get("/readyz").await, 503);
    let page = c.get("/account").await;
    assert_eq!(page.status, 503);
    assert!(page.header("retry-after").is_some());
    assert!(page.body.contains("temporarily unavailable"));
    let login = app
        .client()
        .submit("/login", &[("email", &email), ("password", PASSWORD)])
        .await;
    assert_eq!(login.status, 503);

    relay.restore();
    let mut ready = false;
    for _ in 0..50 {
        if get("/readyz").await == 200 {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(ready, "ready again without a restart");
    assert_eq!(c.get("/account").await.status, 200);
}

on_both! {
    async fn p27_sigterm_lets_requests_in_flight_finish_then_exits_0(backend) {
        let db = TestDb::create(backend);
        let dir = tempfile::tempdir().unwrap();
        let mut server = Process::start(&db.url, dir.path(), &[("OUTBOX_WORKER", "false")]);
        let c = TestClient::new(&server.base(), None);
        let token = c.csrf().await;
        let cookie = c.cookie("sankofa").unwrap();
        let body = format!("csrf={token}&lang=fr&next=%2Fprivacy");
        let (first, rest) = body.split_at(body.len() / 2);

        // A request is half-way through its body when SIGTERM arrives.
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(
            stream,
            "POST /language HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sankofa={cookie}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
            body.len()
        )
        .unwrap();
        stream.flush().unwrap();
        std::thread::sleep(Duration::from_millis(300));
        server.sigterm();
        std::thread::sleep(Duration::from_millis(500));
        stream.write_all(rest.as_bytes()).unwrap();
        let mut response = String::new();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let _ = stream.read_to_string(&mut response);
        assert!(response.starts_with("HTTP/1.1 303"), "the request in flight finished: {response:?}");
        assert_eq!(server.wait(Duration::from_secs(15)), Some(0), "exit status; log: {}", server.log());
    }
}

on_both! {
    async fn database_work_that_panics_fails_alone_and_writes_nothing(backend) {
        use diesel::RunQueryDsl;
        use sankofa::error::AppError;
        let db = TestDb::create(backend);
        let pool = sankofa::db::build_pool(
            &sankofa::db::DatabaseUrl::parse(&db.url).unwrap(),
            2,
            Duration::from_secs(5),
        )
        .unwrap();
        let work = sankofa::services::Db::new(pool);
        work.run(|c| Ok(diesel::sql_query("CREATE TABLE jobs_seen (n INTEGER NOT NULL)").execute(c)?))
            .await
            .unwrap();
        // As many defects as there are database threads.
        for _ in 0..2 {
            let failed = work
                .write(|c| -> sankofa::error::AppResult<()> {
                    diesel::sql_query("INSERT INTO jobs_seen (n) VALUES (1)").execute(c)?;
                    panic!("a defect in the middle of a transaction");
                })
                .await;
            assert!(matches!(failed, Err(AppError::Internal(_))), "{failed:?}");
        }
        // More work than there are database threads: none of them was lost,
        // and the half-done transaction left nothing behind.
        for n in 2..8 {
            work.write(move |c| Ok(diesel::sql_query(format!("INSERT INTO jobs_seen (n) VALUES ({n})")).execute(c)?))
                .await
                .unwrap();
        }
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let rows = work
            .run(|c| Ok(diesel::sql_query("SELECT COUNT(*) AS n FROM jobs_seen WHERE n = 1").get_result::<Count>(c)?.n))
            .await
            .unwrap();
        assert_eq!(rows, 0, "the panicked transaction was rolled back");
        let rows = work
            .run(|c| Ok(diesel::sql_query("SELECT COUNT(*) AS n FROM jobs_seen").get_result::<Count>(c)?.n))
            .await
            .unwrap();
        assert_eq!(rows, 6);
    }
}
