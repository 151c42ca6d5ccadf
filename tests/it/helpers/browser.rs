//! A real browser: headless Chromium driven by chromedriver over WebDriver,
//! one driver and one fresh profile per browser, in the language asked for.
//! Every page of the app that a test looks at or acts on is checked once with
//! axe-core (`tests/browser`, installed by `npm ci --prefix tests/browser`):
//! a serious or critical accessibility violation fails the test.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// How long to wait for a page, an element or a text to show up.
pub const WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(100);

/// Whether browser tests can run. When chromedriver or Chromium is missing,
/// says so loudly and skips them, unless `SANKOFA_TEST_REQUIRE_BROWSER=1`
/// (as in CI), where it fails.
pub fn browser_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let missing: Vec<&str> = [CHROMEDRIVER, CHROMIUM]
            .into_iter()
            .filter(|p| !std::path::Path::new(p).exists())
            .collect();
        if missing.is_empty() {
            return true;
        }
        let missing = missing.join(" and ");
        if std::env::var("SANKOFA_TEST_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!(
                "a browser is required (SANKOFA_TEST_REQUIRE_BROWSER=1) but {missing} is missing"
            );
        }
        // Written to the terminal directly: the test harness hides output of passing tests.
        let _ = writeln!(
            std::io::stderr(),
            "\n\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
             !!! {missing} not found.\n\
             !!! Every BROWSER test is SKIPPED; pages were not tried in a browser.\n\
             !!! Install chromium and chromium-driver (Debian) to run them.\n\
             !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
        );
        false
    })
}

/// Where `npm ci --prefix tests/browser` puts axe-core.
pub const AXE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/browser/node_modules/axe-core/axe.min.js"
);

/// The impacts that fail a test; "moderate" and "minor" ones are only
/// printed (seen with `--nocapture`).
const FAILING_IMPACTS: [&str; 2] = ["serious", "critical"];

/// axe-core's script, read once. When it is not installed, says so loudly
/// and returns `None`, so that pages go unchecked, unless
/// `SANKOFA_TEST_REQUIRE_BROWSER=1` (as in CI), where it fails.
fn axe_script() -> Option<&'static str> {
    static SCRIPT: OnceLock<Option<String>> = OnceLock::new();
    SCRIPT
        .get_or_init(|| match std::fs::read_to_string(AXE) {
            Ok(script) => Some(script),
            Err(e) => {
                if std::env::var("SANKOFA_TEST_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
                    panic!(
                        "axe-core is required with the browser (SANKOFA_TEST_REQUIRE_BROWSER=1) \
                         but {AXE} cannot be read ({e}): run `npm ci --prefix tests/browser`"
                    );
                }
                let _ = writeln!(
                    std::io::stderr(),
                    "\n\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
                     !!! axe-core not found ({AXE}: {e}).\n\
                     !!! The ACCESSIBILITY of the pages is NOT CHECKED in the browser tests.\n\
                     !!! Run `npm ci --prefix tests/browser` (Node.js and npm) to check it.\n\
                     !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
                );
                None
            }
        })
        .as_deref()
}

/// Whether axe-core is installed, so that pages are checked (see
/// [`Browser::check_accessibility`]).
pub fn axe_available() -> bool {
    axe_script().is_some()
}

/// What axe-core found on a page.
pub struct AxeReport {
    /// axe-core's version, as it says.
    pub version: String,
    /// The serious and critical violations, each described in full.
    pub failing: Vec<String>,
    /// The moderate and minor ones.
    pub other: Vec<String>,
}

/// Runs axe-core on the page, with the callback WebDriver adds last, and
/// hands back its violations as JSON text.
const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] })
  .then((r) => done(JSON.stringify({ version: axe.version, violations: r.violations })))
  .catch((e) => done(JSON.stringify({ error: String((e && e.stack) || e) })));
"#;

/// Marks the page shown as checked; true when it already was. A new page
/// has a new `window`, so each page is checked once.
const AXE_MARK: &str = r#"
if (window.__sankofaAxeChecked) { return true; }
window.__sankofaAxeChecked = true;
return false;
"#;

/// The serious and critical violations in axe-core's answer, one paragraph
/// each: rule, impact, help and, for every node, its target, HTML and what
/// to fix. The others are returned apart, in the same form.
fn describe_violations(violations: &[serde_json::Value]) -> (Vec<String>, Vec<String>) {
    let s = |v: &serde_json::Value, key: &str| {
        v.get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let mut failing = Vec::new();
    let mut other = Vec::new();
    for v in violations {
        let impact = s(v, "impact");
        let mut text = format!(
            "- {} [{impact}]: {}\n  {}",
            s(v, "id"),
            s(v, "help"),
            s(v, "helpUrl")
        );
        for node in v
            .get("nodes")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
        {
            let target = node
                .get("target")
                .map(ToString::to_string)
                .unwrap_or_default();
            text.push_str(&format!("\n  * {target}\n    {}", s(node, "html")));
            for line in s(node, "failureSummary").lines() {
                text.push_str(&format!("\n    {line}"));
            }
        }
        if FAILING_IMPACTS.contains(&impact.as_str()) {
            failing.push(text);
        } else {
            other.push(text);
        }
    }
    (failing, other)
}

/// The directory screenshots go to, from `SANKOFA_SCREENSHOTS`.
pub fn screenshot_dir() -> Option<PathBuf> {
    std::env::var_os("SANKOFA_SCREENSHOTS")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// A chromedriver child process; on drop it is asked to shut down (which
/// quits its browsers), and killed with its process group if it does not.
struct Driver {
    child: Child,
    port: u16,
    // Dropped after the driver has stopped.
    profile: tempfile::TempDir,
}

impl Driver {
    async fn start() -> Self {
        let profile = tempfile::tempdir().expect("temporary browser profile");
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .expect("a free loopback port")
            .port();
        let log = profile.path().join("chromedriver.log");
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so that Chromium can be ended with it.
            .process_group(0)
            .spawn()
            .expect("chromedriver starts");
        let mut driver = Self {
            child,
            port,
            profile,
        };
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = driver.child.try_wait().expect("chromedriver status") {
                panic!(
                    "chromedriver exited at start ({status}):\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            if driver
                .request("GET", "/status")
                .is_some_and(|r| r.contains("\"ready\":true"))
            {
                return driver;
            }
            if Instant::now() > deadline {
                panic!("chromedriver on port {port} did not answer within {WAIT:?}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A tiny blocking HTTP request to the driver; the answer as far as it
    /// came within a few seconds.
    fn request(&self, method: &str, path: &str) -> Option<String> {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        stream
            .set_write_timeout(Some(Duration::from_secs(5)))
            .ok()?;
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut answer = Vec::new();
        let mut chunk = [0u8; 4096];
        // chromedriver may keep the connection open: stop at the end of the body.
        while let Ok(n) = stream.read(&mut chunk) {
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&answer);
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head.lines().find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())
                        .flatten()
                });
                if length.is_some_and(|n| body.len() >= n) {
                    break;
                }
            }
        }
        (!answer.is_empty()).then(|| String::from_utf8_lossy(&answer).into_owned())
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.request("GET", "/shutdown");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(POLL);
        }
        // Still running, so not reaped: its id is still ours.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium asking for one language, pointed at one test app.
pub struct Browser {
    pub client: Client,
    base: String,
    shots: Option<PathBuf>,
    prefix: String,
    taken: AtomicU32,
    // Last: stops the driver once the client is gone.
    _driver: Driver,
}

impl Browser {
    /// Starts chromedriver and a browser whose Accept-Language is `lang`.
    /// Screenshots, when `SANKOFA_SCREENSHOTS` is set, are named
    /// `<prefix>-<nn>-<step>.png`.
    pub async fn start(base: &str, lang: &str, prefix: &str) -> Self {
        let driver = Driver::start().await;
        let profile_dir = driver.profile.path().join("chromium");
        let options = serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                // SANKOFA_WINDOW=390,844 looks at the pages as a phone would.
                format!(
                    "--window-size={}",
                    std::env::var("SANKOFA_WINDOW").unwrap_or_else(|_| "1200,1400".into())
                ),
                format!("--user-data-dir={}", profile_dir.display()),
                format!("--lang={lang}"),
            ],
            "prefs": { "intl.accept_languages": lang },
        });
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&driver.url())
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "no browser session from chromedriver: {e}\n{}",
                    std::fs::read_to_string(driver.profile.path().join("chromedriver.log"))
                        .unwrap_or_default()
                )
            });
        let shots = screenshot_dir();
        if let Some(dir) = &shots {
            std::fs::create_dir_all(dir).expect("screenshot directory");
        }
        Self {
            client,
            base: base.trim_end_matches('/').to_string(),
            shots,
            prefix: prefix.to_string(),
            taken: AtomicU32::new(0),
            _driver: driver,
        }
    }

    /// Ends the browser session, once the last page is checked; the driver
    /// stops when this is dropped.
    pub async fn close(self) {
        self.check_accessibility().await;
        let _ = self.client.clone().close().await;
    }

    pub async fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("opening {url}: {e}"));
        self.check_accessibility().await;
    }

    /// Checks the page shown with axe-core, once per page (later calls on
    /// the same page do nothing), and fails on any serious or critical
    /// violation, listing each with the elements at fault. Pages that are
    /// not the app's (the first blank one) are left alone.
    ///
    /// The helpers that look at or act on a page call it (`goto`,
    /// `wait_for_path`, `wait_for_text`, `find` and so every click, fill
    /// and submit), so every page a test visits is checked.
    pub async fn check_accessibility(&self) {
        if axe_script().is_none() {
            return;
        }
        let Ok(url) = self.client.current_url().await else {
            return;
        };
        if !url.as_str().starts_with(&format!("{}/", self.base)) {
            return;
        }
        // Once loaded; a page that is being left is marked on the next try.
        let deadline = Instant::now() + WAIT;
        let checked = loop {
            let error = if self.ready().await {
                match self.client.execute(AXE_MARK, vec![]).await {
                    Ok(checked) => break checked,
                    Err(e) => e.to_string(),
                }
            } else {
                "not loaded".to_string()
            };
            if Instant::now() > deadline {
                panic!("{url} could not be checked within {WAIT:?}: {error}");
            }
            tokio::time::sleep(POLL).await;
        };
        if checked == serde_json::Value::Bool(true) {
            return;
        }
        let at = self.path().await;
        let Some(report) = self.accessibility_report().await else {
            return;
        };
        let lang = self.lang().await;
        let version = &report.version;
        if !report.other.is_empty() {
            println!(
                "axe-core {version} on {at} (lang {lang}): minor or moderate violations, \
                 not failing:\n{}",
                report.other.join("\n")
            );
        }
        if !report.failing.is_empty() {
            self.shot("axe-violations").await;
            panic!(
                "axe-core {version} found {} serious or critical accessibility violation(s) \
                 on {at} (lang {lang}):\n{}",
                report.failing.len(),
                report.failing.join("\n")
            );
        }
    }

    /// Runs axe-core on the page shown as it is now, checked before or not;
    /// `None` when axe-core is not installed (see [`axe_available`]).
    pub async fn accessibility_report(&self) -> Option<AxeReport> {
        let axe = axe_script()?;
        let at = self.path().await;
        self.client
            .execute(&format!("{axe}\n;return typeof axe;"), vec![])
            .await
            .unwrap_or_else(|e| panic!("loading axe-core into {at}: {e}"));
        let answer = self
            .client
            .execute_async(AXE_RUN, vec![])
            .await
            .unwrap_or_else(|e| panic!("running axe-core on {at}: {e}"));
        let answer: serde_json::Value = answer
            .as_str()
            .and_then(|a| serde_json::from_str(a).ok())
            .unwrap_or_else(|| panic!("axe-core on {at} answered {answer}"));
        if let Some(error) = answer.get("error") {
            panic!("axe-core failed on {at}: {error}");
        }
        let version = answer
            .get("version")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("?")
            .to_string();
        let violations = answer
            .get("violations")
            .and_then(serde_json::Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let (failing, other) = describe_violations(violations);
        Some(AxeReport {
            version,
            failing,
            other,
        })
    }

    /// The path and query of the page shown.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current URL");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// Waits until the page shown is at `want`: its path, or its path and
    /// query when `want` has a `?`. Returns the full path and query.
    pub async fn wait_for_path(&self, want: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(url) = self.client.current_url().await {
                let here = match url.query() {
                    Some(q) => format!("{}?{q}", url.path()),
                    None => url.path().to_string(),
                };
                let matches = if want.contains('?') {
                    here == want
                } else {
                    url.path() == want
                };
                if matches && self.ready().await {
                    self.check_accessibility().await;
                    return here;
                }
            }
            if Instant::now() > deadline {
                panic!(
                    "the browser did not reach {want} within {WAIT:?}: it is at {}, showing:\n{}",
                    self.path().await,
                    self.text().await
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    async fn ready(&self) -> bool {
        self.client
            .execute("return document.readyState", vec![])
            .await
            .is_ok_and(|v| v == "complete")
    }

    /// The visible text of the page.
    /// The visible text of the page, its no-break spaces as plain spaces
    /// (WebDriver reports some of them so and not others).
    pub async fn text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(body) => plain(&body.text().await.unwrap_or_default()),
            Err(_) => String::new(),
        }
    }

    /// Waits until the page shows `text`, and returns all its text.
    pub async fn wait_for_text(&self, text: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let shown = self.text().await;
            if shown.contains(text) && self.ready().await {
                self.check_accessibility().await;
                return shown;
            }
            if Instant::now() > deadline {
                panic!(
                    "the page at {} did not show {text:?} within {WAIT:?}; it shows:\n{shown}",
                    self.path().await
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The `lang` of the page's `<html>`.
    pub async fn lang(&self) -> String {
        match self.client.find(Locator::Css("html")).await {
            Ok(html) => html.attr("lang").await.ok().flatten().unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Waits for an element matching `css`.
    pub async fn find(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .every(POLL)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(e) => {
                self.check_accessibility().await;
                e
            }
            Err(e) => panic!(
                "no {css} on {} within {WAIT:?} ({e}); the page shows:\n{}",
                self.path().await,
                self.text().await
            ),
        }
    }

    /// Whether an element matching `css` is on the page now.
    pub async fn has(&self, css: &str) -> bool {
        self.client
            .find_all(Locator::Css(css))
            .await
            .is_ok_and(|v| !v.is_empty())
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
    }

    /// Types `value` into the field with this id, after clearing it.
    pub async fn fill(&self, id: &str, value: &str) {
        let field = self.find(&format!("#{id}")).await;
        field.clear().await.expect("field cleared");
        field
            .send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("typing into #{id}: {e}"));
    }

    /// Sets the value of a date or time field, as its picker would: typing
    /// into those widgets depends on the browser's locale.
    pub async fn set_value(&self, id: &str, value: &str) {
        self.find(&format!("#{id}")).await;
        self.client
            .execute(
                "document.getElementById(arguments[0]).value = arguments[1];",
                vec![serde_json::json!(id), serde_json::json!(value)],
            )
            .await
            .unwrap_or_else(|e| panic!("setting #{id}: {e}"));
    }

    /// Takes away the browser's own checks of a field (`min`, `max`,
    /// `required`), as a browser that makes none: the server's checks answer.
    pub async fn drop_checks(&self, id: &str) {
        self.find(&format!("#{id}")).await;
        self.client
            .execute(
                "const f = document.getElementById(arguments[0]);
                 ['min', 'max', 'required'].forEach(a => f.removeAttribute(a));",
                vec![serde_json::json!(id)],
            )
            .await
            .unwrap_or_else(|e| panic!("dropping the checks of #{id}: {e}"));
    }

    /// What `path` answers to this browser's session, fetched by the page.
    pub async fn fetch_text(&self, path: &str) -> String {
        let v = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done, e => done('fetch failed: ' + e));",
                vec![serde_json::json!(path)],
            )
            .await
            .unwrap_or_else(|e| panic!("fetching {path}: {e}"));
        v.as_str().unwrap_or_default().to_string()
    }

    /// Chooses the option with this value in the select with this id.
    pub async fn choose(&self, id: &str, value: &str) {
        self.find(&format!("#{id}"))
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choosing {value} in #{id}: {e}"));
    }

    /// Ticks the checkbox with this id.
    pub async fn tick(&self, id: &str) {
        let b = self.find(&format!("#{id}")).await;
        if !b.is_selected().await.expect("checkbox state") {
            b.click().await.expect("checkbox clicked");
        }
        assert!(
            b.is_selected().await.expect("checkbox state"),
            "#{id} ticked"
        );
    }

    /// The button that submits the form posting to `action`.
    pub async fn submit(&self, action: &str) {
        self.click(&format!(
            "form[action=\"{action}\"] button[type=\"submit\"]"
        ))
        .await;
    }

    /// Logs in through the form at /login and waits for `landing`.
    pub async fn log_in(&self, email: &str, password: &str, landing: &str) {
        self.goto("/login").await;
        self.fill("email", email).await;
        self.fill("password", password).await;
        self.submit("/login").await;
        self.wait_for_path(landing).await;
    }

    /// Logs out with the header's button and waits for the login page.
    pub async fn log_out(&self) {
        self.click("header form[action=\"/logout\"] button").await;
        self.wait_for_path("/login?notice=logged-out").await;
    }

    /// Chooses a language with the footer's switch and waits for the page
    /// to come back in it.
    pub async fn switch_language(&self, lang: &str) {
        let before = self.path().await;
        self.click(&format!("footer button[name=\"lang\"][value=\"{lang}\"]"))
            .await;
        self.wait_for_path(&before).await;
        let deadline = Instant::now() + WAIT;
        while self.lang().await != lang {
            assert!(
                Instant::now() < deadline,
                "the page did not switch to {lang}"
            );
            tokio::time::sleep(POLL).await;
        }
        self.check_accessibility().await;
    }

    /// Saves a screenshot of the window when `SANKOFA_SCREENSHOTS` is set.
    pub async fn shot(&self, step: &str) {
        let Some(dir) = &self.shots else { return };
        let n = self.taken.fetch_add(1, Ordering::SeqCst) + 1;
        let png = self.client.screenshot().await.expect("a screenshot");
        let file = dir.join(format!("{}-{n:02}-{step}.png", self.prefix));
        std::fs::write(&file, png).unwrap_or_else(|e| panic!("writing {}: {e}", file.display()));
    }
}

/// Text with its no-break spaces (French typography) as plain spaces.
pub fn plain(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}
