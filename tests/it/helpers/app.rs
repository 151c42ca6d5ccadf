//! The application under test, on port 0 with its own database and mail
//! server, and a cookie-keeping client with redirects off.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use reqwest::cookie::CookieStore;
use sankofa::config::Config;
use sankofa::services::Services;
use sankofa::startup::Application;

use super::db::{Backend, TestDb};
use super::html;
use super::smtp::TestSmtp;

pub const TEST_SECRET: &str = "5a4e4b4f46415f746573745f7365637265745f6f665f33325f62797465735f21";

pub struct TestApp {
    pub base: String,
    pub smtp: TestSmtp,
    pub db: Arc<TestDb>,
    pub services: Services,
    pub data_dir: Arc<tempfile::TempDir>,
    handle: ServerHandle,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, &[]).await
    }

    pub async fn spawn_with(backend: Backend, vars: &[(&str, &str)]) -> Self {
        let db = Arc::new(TestDb::create(backend));
        let smtp = TestSmtp::start().await;
        let dir = Arc::new(tempfile::tempdir().expect("temporary directory"));
        Self::spawn_on(db, smtp, dir, vars).await
    }

    /// Starts an app on an existing database, mail server and data
    /// directory: a restart of the same installation.
    pub async fn spawn_on(
        db: Arc<TestDb>,
        smtp: TestSmtp,
        data_dir: Arc<tempfile::TempDir>,
        vars: &[(&str, &str)],
    ) -> Self {
        init_logging();
        let mut env: HashMap<String, String> = HashMap::from([
            ("DATABASE_URL".into(), db.url.clone()),
            (
                "DATA_DIR".into(),
                data_dir.path().to_string_lossy().to_string(),
            ),
            ("BIND".into(), "127.0.0.1:0".into()),
            ("SESSION_SECRET".into(), TEST_SECRET.into()),
            ("SMTP_URL".into(), smtp.url()),
            ("OUTBOX_POLL_MS".into(), "100".into()),
            ("OUTBOX_RETRY_BASE_MS".into(), "200".into()),
            ("WORKERS".into(), "1".into()),
            ("HASH_CONCURRENCY".into(), "2".into()),
            ("DB_POOL_SIZE".into(), "4".into()),
            ("DB_TIMEOUT_SECS".into(), "2".into()),
        ]);
        for (k, v) in vars {
            env.insert(k.to_string(), v.to_string());
        }
        let config = Config::from_lookup(|k| env.get(k).cloned()).expect("test configuration");
        let app = Application::build(config)
            .await
            .expect("application starts");
        let port = app.port();
        let services = app.services().clone();
        let handle = app.handle();
        tokio::spawn(app.run_until_stopped());
        Self {
            base: format!("http://127.0.0.1:{port}"),
            smtp,
            db,
            services,
            data_dir,
            handle,
        }
    }

    pub fn client(&self) -> TestClient {
        TestClient::new(&self.base, None)
    }

    /// A client whose browser asks for French.
    pub fn client_fr(&self) -> TestClient {
        TestClient::new(&self.base, Some("fr-FR,fr;q=0.9,en;q=0.5"))
    }

    /// Signs up a professional, follows the emailed link and confirms;
    /// returns a client that is logged in.
    pub async fn professional(&self, email: &str) -> TestClient {
        let c = self.client();
        c.sign_up_professional(email, super::PASSWORD, "en").await;
        let mail = self.smtp.wait_for(email, Duration::from_secs(10)).await;
        let link = mail
            .link("/verify-email?token=")
            .expect("verification link");
        c.log_in(email, super::PASSWORD).await;
        let page = c.get(&html::path_of(&link)).await;
        assert_eq!(page.status, 200, "{}", page.body);
        let done = c
            .submit(
                "/verify-email",
                &[("token", &html::query_param(&link, "token"))],
            )
            .await;
        assert_eq!(done.status, 200, "{}", done.body);
        c
    }

    /// Creates an account of any role directly, verified, and logs it in.
    pub async fn user_with_role(&self, email: &str, role: &str) -> TestClient {
        self.user_with(email, role, true).await
    }

    /// Creates an account directly, verified or not, and logs it in.
    pub async fn user_with(&self, email: &str, role: &str, verified: bool) -> TestClient {
        let hash =
            sankofa::security::passwords::hash_with_params(super::PASSWORD, 19_456, 2, 1).unwrap();
        let email_owned = email.to_string();
        let role = role.to_string();
        self.services
            .db
            .write(move |c| {
                let now = sankofa::db::now();
                sankofa::store::users::insert(
                    c,
                    &sankofa::store::users::NewUser {
                        id: &sankofa::db::new_id(),
                        email: &email_owned,
                        password_hash: &hash,
                        full_name: "Test User",
                        role: &role,
                        locale: "en",
                        email_verified_at: verified.then_some(now),
                        privacy_accepted_at: Some(now),
                        session_epoch: 0,
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                Ok(())
            })
            .await
            .expect("user stored");
        let c = self.client();
        c.log_in(email, super::PASSWORD).await;
        c
    }

    pub async fn user(&self, email: &str) -> Option<sankofa::store::users::User> {
        let email = email.to_string();
        self.services
            .db
            .run(move |c| Ok(sankofa::store::users::find_by_email(c, &email)?))
            .await
            .unwrap()
    }

    /// Rows in users, facilities and the outbox: what a refused form must not add to.
    pub async fn stored(&self) -> (i64, i64, i64) {
        use diesel::prelude::*;
        use sankofa::db::schema::{facilities, outbox, users};
        self.services
            .db
            .run(|c| {
                Ok((
                    users::table.count().get_result(c)?,
                    facilities::table.count().get_result(c)?,
                    outbox::table.count().get_result(c)?,
                ))
            })
            .await
            .unwrap()
    }

    pub async fn audit_actions(&self) -> Vec<String> {
        self.services
            .db
            .run(|c| Ok(sankofa::store::audit::recent(c, 1000)?))
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Sends the stop command now; the server's threads wind down on their own.
        drop(self.handle.stop(false));
    }
}

fn init_logging() {
    if std::env::var("TEST_LOG").is_ok() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
    }
}

#[derive(Debug)]
pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    pub fn location(&self) -> String {
        self.header("location").unwrap_or_default()
    }

    /// Whether the page shows a message next to `field`.
    pub fn has_error(&self, field: &str) -> bool {
        self.body.contains(&format!("id=\"{field}-error\""))
    }

    pub fn input_value(&self, name: &str) -> Option<String> {
        html::input_value(&self.body, name)
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect()
    }
}

#[derive(Clone)]
pub struct TestClient {
    pub http: reqwest::Client,
    pub base: String,
    pub jar: Arc<reqwest::cookie::Jar>,
}

impl TestClient {
    pub fn new(base: &str, accept_language: Option<&str>) -> Self {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(l) = accept_language {
            headers.insert("accept-language", l.parse().unwrap());
        }
        let http = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        Self {
            http,
            base: base.to_string(),
            jar,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// What a response says, read whole.
    pub async fn page(res: reqwest::Response) -> Page {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.text().await.unwrap_or_default();
        Page {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        Self::page(
            self.http
                .get(self.url(path))
                .send()
                .await
                .expect("GET answered"),
        )
        .await
    }

    /// A raw POST: exactly these fields, no CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        Self::page(
            self.http
                .post(self.url(path))
                .form(fields)
                .send()
                .await
                .expect("POST answered"),
        )
        .await
    }

    /// The CSRF token of this client's session, read from a page's form.
    pub async fn csrf(&self) -> String {
        let page = self.get("/privacy").await;
        page.input_value("csrf").expect("a CSRF field on the page")
    }

    /// POSTs a form as a browser would, with the session's CSRF token.
    pub async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf", &token)];
        all.extend_from_slice(fields);
        self.post(path, &all).await
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        let url = self.base.parse().unwrap();
        let header = self.jar.cookies(&url)?;
        header.to_str().ok()?.split("; ").find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            (k == name).then(|| v.to_string())
        })
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        let url = self.base.parse().unwrap();
        self.jar
            .add_cookie_str(&format!("{name}={value}; Path=/"), &url);
    }

    pub async fn sign_up_professional(&self, email: &str, password: &str, locale: &str) -> Page {
        let page = self
            .submit(
                "/signup/professional",
                &[
                    ("full_name", "Ama Mensah"),
                    ("email", email),
                    ("password", password),
                    ("password_confirm", password),
                    ("locale", locale),
                    ("privacy", "yes"),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "sign-up refused: {}", page.body);
        assert_eq!(page.location(), "/signup/sent");
        page
    }

    pub async fn sign_up_facility(&self, email: &str, password: &str) -> Page {
        let page = self
            .submit(
                "/signup/facility",
                &[
                    ("full_name", "Kofi Boateng"),
                    ("email", email),
                    ("password", password),
                    ("password_confirm", password),
                    ("locale", "en"),
                    ("facility_name", "Tamale Teaching Hospital"),
                    ("facility_kind", "hospital"),
                    ("country", "GH"),
                    ("region", "Northern"),
                    ("city", "Tamale"),
                    ("privacy", "yes"),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "sign-up refused: {}", page.body);
        page
    }

    pub async fn log_in(&self, email: &str, password: &str) -> Page {
        let page = self
            .submit("/login", &[("email", email), ("password", password)])
            .await;
        assert_eq!(page.status, 303, "login refused: {}", page.body);
        page
    }
}
