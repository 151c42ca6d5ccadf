//! In a real browser, in English and in French, with the hand-counted
//! registry of `observatory.rs`: a coordinator of a Ghanaian programme opens
//! the observatory, narrows it to nurses and two months, and reads the same
//! figures in the table, the chart and the downloaded CSV; a visitor who is
//! not logged in reads the public statistics and narrows them to one year.
//! axe-core checks every page.

use std::time::{Duration, Instant};

use sankofa::domain::countries;
use sankofa::i18n;

use crate::helpers::browser::{Browser, browser_available, plain};
use crate::helpers::{Backend, PASSWORD, unique_email};
use crate::observatory::{Csv, fixture};
use crate::on_both;

const WAIT: Duration = Duration::from_secs(10);

/// The text of one cell of a table on the page: the row by its label (its
/// safeguards tag aside), the column by its heading; `None` when either is
/// missing.
async fn cell(b: &Browser, table: &str, row: &str, column: &str) -> Option<String> {
    let v = b
        .client
        .execute(
            "const [id, row, col] = arguments;
             const h = document.getElementById('t-' + id);
             const t = h && h.closest('section').querySelector('table');
             if (!t) { return null; }
             const heads = [...t.querySelectorAll('thead th')].map(th => th.textContent.trim());
             const c = heads.indexOf(col);
             const r = [...t.querySelectorAll('tbody tr')]
               .find(tr => tr.querySelector('th').firstChild.textContent.trim() === row);
             return (r && c >= 0) ? r.children[c].textContent.trim() : null;",
            vec![
                serde_json::json!(table),
                serde_json::json!(row),
                serde_json::json!(column),
            ],
        )
        .await
        .unwrap_or_else(|e| panic!("reading {table} {row} {column}: {e}"));
    v.as_str().map(plain)
}

/// The row labels of a table on the page, its total row aside.
async fn row_labels(b: &Browser, table: &str) -> Vec<String> {
    let v = b
        .client
        .execute(
            "const t = document.getElementById('t-' + arguments[0]).closest('section').querySelector('table');
             return [...t.querySelectorAll('tbody tr:not(.total) th')]
               .map(th => th.firstChild.textContent.trim());",
            vec![serde_json::json!(table)],
        )
        .await
        .unwrap_or_else(|e| panic!("reading the rows of {table}: {e}"));
    serde_json::from_value(v).expect("row labels")
}

/// Waits until every chart image on the page is loaded and drawn, and
/// returns how many there are.
async fn charts_drawn(b: &Browser) -> u64 {
    let deadline = Instant::now() + WAIT;
    loop {
        let v = b
            .client
            .execute(
                "const imgs = [...document.querySelectorAll('img.chart')];
                 return imgs.every(i => i.complete && i.naturalWidth > 0) ? imgs.length : -1;",
                vec![],
            )
            .await
            .expect("chart images");
        if let Some(n) = v.as_u64() {
            return n;
        }
        assert!(
            Instant::now() < deadline,
            "the charts on {} were not drawn within {WAIT:?}",
            b.path().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The `href` (or `src`) of the first element matching `css`.
async fn attr(b: &Browser, css: &str, name: &str) -> String {
    b.find(css)
        .await
        .attr(name)
        .await
        .expect("an attribute")
        .unwrap_or_else(|| panic!("{css} has no {name}"))
}

/// The public page's headline figures, one line each: "11 professionals
/// registered".
async fn headline_figures(b: &Browser) -> String {
    let text = b.find("ul.figures").await.text().await.unwrap_or_default();
    let mut lines = Vec::new();
    for li in b
        .client
        .find_all(fantoccini::Locator::Css("ul.figures li"))
        .await
        .expect("figures")
    {
        let t = li.text().await.unwrap_or_default();
        lines.push(plain(&t.split_whitespace().collect::<Vec<_>>().join(" ")));
    }
    assert!(!lines.is_empty(), "no headline figures: {text}");
    lines.join("\n")
}

/// Scrolls the page to a table's heading, for a screenshot of it.
async fn scroll_to(b: &Browser, table: &str) {
    b.client
        .execute(
            "document.getElementById('t-' + arguments[0]).scrollIntoView();",
            vec![serde_json::json!(table)],
        )
        .await
        .expect("scrolled");
}

async fn flow(backend: Backend, lang: &str) {
    if !browser_available() {
        return;
    }
    let locale = lang.parse().unwrap();
    let tr = |key: &str| plain(&i18n::t(locale, key));
    let f = fixture(backend).await;
    let app = &f.app;
    let gh = crate::registry::programme(app, "GH-HEALTH", &["GH"], 0, "citizen").await;
    let email = unique_email("bo-coord");
    app.user_with_role(&email, "coordinator").await;
    let id = app.user(&email).await.unwrap().id;
    app.services
        .db
        .write(move |c| {
            sankofa::store::programmes::replace_memberships(c, &id, &[gh], sankofa::db::now())?;
            Ok(())
        })
        .await
        .unwrap();

    let b = Browser::start(&app.base, lang, &format!("{lang}-{backend:?}-observatory")).await;
    b.log_in(&email, PASSWORD, "/coordinator").await;
    if b.lang().await != lang {
        b.switch_language(lang).await;
    }
    b.click("main a[href=\"/observatory\"]").await;
    b.wait_for_path("/observatory").await;
    b.wait_for_text(&tr("observatory-lead")).await;
    // The programme's countries only: Ghana's eight, not Senegal's three.
    assert_eq!(
        cell(
            &b,
            "people-by-origin",
            &tr("observatory-total"),
            &tr("observatory-col-total")
        )
        .await
        .as_deref(),
        Some("8")
    );
    b.shot("observatory").await;

    // Nurses, January and February 2026.
    b.choose("profession", "2221").await;
    b.set_value("from", "2026-01").await;
    b.set_value("to", "2026-02").await;
    b.shot("observatory-filters").await;
    b.submit("/observatory").await;
    b.wait_for_path("/observatory?programme=&from=2026-01&to=2026-02&profession=2221&modality=")
        .await;
    let query = "?from=2026-01&to=2026-02&profession=2221";
    let csv_link = format!("/observatory/delivered-by-origin.csv{query}");
    b.find(&format!("main a[href=\"{csv_link}\"]")).await;
    b.check_accessibility().await;
    // The six Ghanaian nurses, the midwives left out.
    assert_eq!(
        cell(
            &b,
            "people-by-origin",
            &tr("observatory-total"),
            &tr("observatory-col-total")
        )
        .await
        .as_deref(),
        Some("6")
    );
    // Two nurses trained 12 and 3 people over ten days each in January.
    assert_eq!(
        cell(
            &b,
            "delivered-by-origin",
            "Ghana",
            &tr("observatory-col-trained")
        )
        .await
        .as_deref(),
        Some("15")
    );
    assert_eq!(
        cell(
            &b,
            "delivered-by-origin",
            "Ghana",
            &tr("observatory-col-days")
        )
        .await
        .as_deref(),
        Some("20")
    );
    // December's filled assignment is out of the months; January's open one is in.
    assert_eq!(
        cell(
            &b,
            "assignments-by-status",
            &tr("observatory-total"),
            &tr("observatory-col-total")
        )
        .await
        .as_deref(),
        Some("1")
    );
    assert!(
        cell(
            &b,
            "assignments-by-month",
            "2025-12",
            &tr("observatory-col-assignments")
        )
        .await
        .is_none()
    );
    b.wait_for_text(&plain(&i18n::t_args(
        locale,
        "observatory-safeguards-share",
        &[
            (
                "days",
                if lang == "fr" {
                    "100,0\u{a0}%"
                } else {
                    "100.0%"
                }
                .to_string(),
            ),
            ("hours", "—".to_string()),
        ],
    )))
    .await;
    b.shot("observatory-nurses").await;

    // Both charts are drawn, with the filters.
    assert_eq!(charts_drawn(&b).await, 2);
    let src = attr(&b, "img.chart[src*=\"delivered-by-month\"]", "src").await;
    assert_eq!(
        src,
        format!("/observatory/chart/delivered-by-month.svg{query}")
    );
    let svg = b.fetch_text(&src).await;
    assert!(
        svg.contains("<svg") && svg.contains("<title>2026-01: 20</title>"),
        "{svg}"
    );
    assert!(
        !svg.contains("2026-02: 16"),
        "the doctor's hours are not a nurse's: {svg}"
    );
    scroll_to(&b, "assignments-by-month").await;
    b.shot("observatory-charts").await;
    scroll_to(&b, "delivered-by-origin").await;
    b.shot("observatory-delivered").await;

    // The CSV link downloads the table with the filters.
    let csv = Csv::parse(&b.fetch_text(&csv_link).await);
    assert_eq!(csv.cell("Ghana", &tr("observatory-col-completed")), "2");
    assert_eq!(csv.cell("Ghana", &tr("observatory-col-trained")), "15");
    assert_eq!(csv.cell("Ghana", &tr("observatory-col-patients")), "35");
    assert_eq!(
        csv.cell("Ghana", &tr("observatory-col-rating")),
        if lang == "fr" { "4,5" } else { "4.5" }
    );
    assert!(!csv.has_row("Kenya"));
    b.log_out().await;

    // The public: consenting professionals only, small counts hidden.
    b.goto("/statistics").await;
    b.wait_for_text(&tr("statistics-title")).await;
    let headline = format!("11 {}", tr("statistics-professionals"));
    let figures = headline_figures(&b).await;
    assert!(figures.contains(&headline), "{figures}");
    assert_eq!(
        cell(
            &b,
            "people-by-origin",
            &countries::name_or_code("SN", locale),
            &tr("observatory-col-total")
        )
        .await
        .as_deref(),
        Some("<5")
    );
    // The months with the latest last; the whole registry's, so 2026's.
    let months = row_labels(&b, "assignments-by-month").await;
    assert!(months.iter().any(|m| m.starts_with("2026-")), "{months:?}");
    b.shot("statistics").await;
    assert_eq!(charts_drawn(&b).await, 2);
    let src = attr(&b, "img.chart[src*=\"assignments-by-month\"]", "src").await;
    assert_eq!(src, "/statistics/chart/assignments-by-month.svg");
    let svg = b.fetch_text(&src).await;
    // Small counts are written as such, not drawn.
    assert!(
        svg.contains("<svg") && svg.contains("2026-01: &#60;5"),
        "{svg}"
    );
    scroll_to(&b, "people-by-origin").await;
    b.shot("statistics-tables").await;
    scroll_to(&b, "assignments-by-month").await;
    b.shot("statistics-chart").await;

    // One year: its months only; the registered are everyone still.
    b.choose("year", "2025").await;
    b.submit("/statistics").await;
    b.wait_for_path("/statistics?year=2025&profession=&modality=")
        .await;
    b.find("main a[href=\"/statistics/assignments-by-month.csv?year=2025\"]")
        .await;
    b.check_accessibility().await;
    let figures = headline_figures(&b).await;
    assert!(
        figures.contains(&headline),
        "the year leaves the registered alone: {figures}"
    );
    let months = row_labels(&b, "assignments-by-month").await;
    assert!(months.contains(&"2025-12".to_string()), "{months:?}");
    assert!(!months.iter().any(|m| m.starts_with("2026-")), "{months:?}");
    assert_eq!(charts_drawn(&b).await, 2);
    let src = attr(&b, "img.chart[src*=\"assignments-by-month\"]", "src").await;
    assert_eq!(src, "/statistics/chart/assignments-by-month.svg?year=2025");
    let svg = b.fetch_text(&src).await;
    assert!(
        svg.contains("2025-12: &#60;5") && !svg.contains("2026-"),
        "{svg}"
    );
    let by_month = Csv::parse(
        &b.fetch_text("/statistics/assignments-by-month.csv?year=2025")
            .await,
    );
    assert!(by_month.has_row("2025-12"));
    assert!(!by_month.rows.iter().any(|r| r[0].starts_with("2026-")));
    b.shot("statistics-2025").await;
    scroll_to(&b, "assignments-by-month").await;
    b.shot("statistics-2025-chart").await;
    b.close().await;
}

on_both! {
    async fn the_observatory_and_the_statistics_in_a_browser_in_english(backend) {
        flow(backend, "en").await;
    }
}

on_both! {
    async fn the_observatory_and_the_statistics_in_a_browser_in_french(backend) {
        flow(backend, "fr").await;
    }
}
