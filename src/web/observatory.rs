//! The observatory's pages (SPEC F7): `/observatory` for coordinators and
//! admins, `/statistics` for everyone. Each table shows its largest rows on
//! the page and downloads whole as CSV; the two "by month" tables also draw
//! as SVG images with their table beside them.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::observatory::{Label, Report, Table, Value};
use crate::domain::{FieldErrors, Locale, Role, countries};
use crate::error::{AppError, AppResult};
use crate::services::Services;
use crate::services::observatory::{self, FilterInput};
use crate::web::forms::{Choice, profession_choices};
use crate::web::{Ctx, render};

/// Rows a table shows on the page; the CSV holds them all.
const ROWS_ON_PAGE: usize = 8;

/// A table as the page and the CSV print it.
pub struct Printed {
    pub id: &'static str,
    pub title: String,
    pub label: String,
    pub columns: Vec<String>,
    pub rows: Vec<PrintedRow>,
    /// Rows left off the page (the CSV has them).
    pub more: i64,
}

pub struct PrintedRow {
    pub label: String,
    pub safeguards: bool,
    pub total: bool,
    pub cells: Vec<String>,
}

fn country(ctx: &Ctx, code: &str) -> String {
    if code.is_empty() {
        ctx.t("observatory-not-stated")
    } else {
        countries::name_or_code(code, ctx.locale)
    }
}

fn label(ctx: &Ctx, l: &Label) -> String {
    match l {
        Label::Country(c) => country(ctx, c),
        Label::Profession(p) if p.is_empty() => ctx.t("observatory-not-stated"),
        Label::Profession(p) => ctx.profession_name(Some(p)),
        Label::Flow(from, to) => format!("{} → {}", country(ctx, from), country(ctx, to)),
        Label::Status(s) => ctx.t(&format!("assignment-status-{s}")),
        Label::Modality(m) => ctx.t(&format!("modality-{m}")),
        Label::Month(m) => m.to_string(),
        Label::Total => ctx.t("observatory-total"),
    }
}

fn column(ctx: &Ctx, key: &str) -> String {
    if let Some(p) = key.strip_prefix("profession:") {
        if p.is_empty() {
            ctx.t("observatory-not-stated")
        } else {
            ctx.profession_name(Some(p))
        }
    } else if let Some(m) = key.strip_prefix("modality:") {
        ctx.t(&format!("modality-{m}"))
    } else {
        ctx.t(key)
    }
}

/// `12.3` in English, `12,3` in French.
fn tenths(locale: Locale, n: i64) -> String {
    let s = format!("{}.{}", n / 10, n % 10);
    match locale {
        Locale::Fr => s.replace('.', ","),
        _ => s,
    }
}

fn value(ctx: &Ctx, v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        Value::Small => "<5".into(),
        Value::Hidden => ctx.t("observatory-hidden"),
        Value::Share(Some(p)) => match ctx.locale {
            Locale::Fr => format!("{}\u{a0}%", tenths(ctx.locale, *p)),
            _ => format!("{}%", tenths(ctx.locale, *p)),
        },
        Value::Mean(Some(m)) => tenths(ctx.locale, *m),
        Value::Share(None) | Value::Mean(None) => "—".into(),
    }
}

fn row_label_heading(ctx: &Ctx, t: &Table) -> String {
    ctx.t(&format!("observatory-rows-{}", t.id))
}

/// Every row, in words; country and flow tables largest first by their
/// last column, shown numbers before those not shown.
fn print(ctx: &Ctx, t: &Table, all: bool) -> Printed {
    let mut rows: Vec<&crate::domain::observatory::Row> = t.rows.iter().collect();
    let total = rows
        .iter()
        .position(|r| r.label == Label::Total)
        .map(|i| rows.remove(i));
    let by_size = matches!(
        t.id,
        "people-by-origin" | "assignments-by-country" | "delivered-by-origin"
    );
    if by_size {
        rows.sort_by_key(|r| {
            std::cmp::Reverse(r.values.first().and_then(|v| v.number()).unwrap_or(-1))
        });
        if t.id == "people-by-origin" {
            rows.sort_by_key(|r| {
                std::cmp::Reverse(r.values.last().and_then(|v| v.number()).unwrap_or(-1))
            });
        }
    }
    let is_month = matches!(t.id, "assignments-by-month" | "delivered-by-month");
    let kept = rows.len();
    let shown: Vec<&crate::domain::observatory::Row> = if all || kept <= ROWS_ON_PAGE {
        rows
    } else if is_month {
        rows[kept - ROWS_ON_PAGE..].to_vec()
    } else {
        rows[..ROWS_ON_PAGE].to_vec()
    };
    let more = (kept - shown.len()) as i64;
    let mut printed: Vec<PrintedRow> = shown
        .into_iter()
        .map(|r| PrintedRow {
            label: label(ctx, &r.label),
            safeguards: r.safeguards,
            total: false,
            cells: r.values.iter().map(|v| value(ctx, v)).collect(),
        })
        .collect();
    if let Some(r) = total {
        printed.push(PrintedRow {
            label: label(ctx, &r.label),
            safeguards: false,
            total: true,
            cells: r.values.iter().map(|v| value(ctx, v)).collect(),
        });
    }
    Printed {
        id: t.id,
        title: ctx.t(&format!("observatory-table-{}", t.id)),
        label: row_label_heading(ctx, t),
        columns: t.columns.iter().map(|c| column(ctx, c)).collect(),
        rows: printed,
        more,
    }
}

fn csv_of(ctx: &Ctx, t: &Table) -> AppResult<Vec<u8>> {
    let p = print(ctx, t, true);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = vec![p.label.clone(), ctx.t("observatory-col-safeguards")];
    head.extend(p.columns.iter().cloned());
    let fail = |e: csv::Error| AppError::Internal(anyhow::anyhow!("CSV: {e}"));
    w.write_record(&head).map_err(fail)?;
    for r in &p.rows {
        let mut rec = vec![
            r.label.clone(),
            if r.safeguards {
                "1".into()
            } else {
                String::new()
            },
        ];
        rec.extend(r.cells.iter().cloned());
        w.write_record(&rec).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("CSV: {e}")))
}

fn csv_response(ctx: &Ctx, report: &Report, id: &str, prefix: &str) -> AppResult<HttpResponse> {
    let t = report.table(id).ok_or(AppError::NotFound)?;
    let body = csv_of(ctx, t)?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{prefix}-{id}.csv\""),
        ))
        .body(body))
}

/// A bar chart of a "by month" table: two series side by side per month.
#[derive(Template)]
#[template(path = "observatory/chart.svg", escape = "html")]
struct Chart {
    title: String,
    width: i64,
    height: i64,
    /// The y of the axis the bars stand on.
    base: i64,
    bars: Vec<Bar>,
    legend: [(String, &'static str); 2],
    ticks: Vec<(i64, String)>,
}

struct Bar {
    x: i64,
    y: i64,
    h: i64,
    class: &'static str,
    /// The month under the pair, centred at x.
    label: Option<(i64, String)>,
    /// A figure not shown ("<5", hidden), written where its bar would be.
    note: Option<String>,
    text: String,
}

const CHARTS: [(&str, [usize; 2]); 2] = [
    // positions asked, positions filled
    ("assignments-by-month", [1, 2]),
    // person-days, virtual hours
    ("delivered-by-month", [1, 2]),
];

/// The step of a scale of four equal steps reaching `max`: 1, 2 or 5 times
/// a power of ten, so that every tick is a whole, distinct number.
fn tick_step(max: i64) -> i64 {
    let mut p = 1;
    loop {
        for m in [1, 2, 5] {
            if m * p * 4 >= max {
                return m * p;
            }
        }
        p *= 10;
    }
}

fn chart(ctx: &Ctx, report: &Report, id: &str) -> AppResult<HttpResponse> {
    let (_, series) = CHARTS
        .iter()
        .find(|(c, _)| *c == id)
        .ok_or(AppError::NotFound)?;
    let t = report.table(id).ok_or(AppError::NotFound)?;
    let rows: Vec<&crate::domain::observatory::Row> =
        t.rows.iter().filter(|r| r.label != Label::Total).collect();
    let rows = &rows[rows.len().saturating_sub(24)..];
    let number = |r: &crate::domain::observatory::Row, i: usize| {
        r.values.get(i).and_then(|v| v.number()).unwrap_or(0)
    };
    let max = rows
        .iter()
        .flat_map(|r| series.iter().map(|i| number(r, *i)))
        .max()
        .unwrap_or(0);
    let tick = tick_step(max);
    // Legend on two lines above the plot; months spread over at least 256
    // pixels, each labelled when there is room for "2026-01".
    let (left, top, plot_h) = (48i64, 44i64, 180i64);
    let n = rows.len().max(1) as i64;
    let step = (256 / n).clamp(28, 256);
    let every = (48 + step - 1) / step;
    let mut bars = Vec::new();
    for (m, r) in rows.iter().enumerate() {
        let x0 = left + m as i64 * step;
        for (k, i) in series.iter().enumerate() {
            let v = number(r, *i);
            let h = v * plot_h / (tick * 4);
            let shown = r.values.get(*i).copied().unwrap_or(Value::Number(0));
            bars.push(Bar {
                x: x0 + step / 2 - 12 + k as i64 * 13,
                y: top + plot_h - h,
                h,
                class: if k == 0 { "a" } else { "b" },
                label: (k == 0 && m as i64 % every == 0)
                    .then(|| (x0 + step / 2, label(ctx, &r.label))),
                note: shown.number().is_none().then(|| value(ctx, &shown)),
                text: format!("{}: {}", label(ctx, &r.label), value(ctx, &shown)),
            });
        }
    }
    let ticks = (0..=4)
        .map(|q| (top + plot_h - q * plot_h / 4, (tick * q).to_string()))
        .collect();
    let page = Chart {
        title: ctx.t(&format!("observatory-table-{id}")),
        width: left + n * step + 16,
        height: top + plot_h + 26,
        base: top + plot_h,
        bars,
        legend: [
            (column(ctx, &t.columns[series[0]]), "a"),
            (column(ctx, &t.columns[series[1]]), "b"),
        ],
        ticks,
    };
    let body = page
        .render()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("chart: {e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "image/svg+xml; charset=utf-8"))
        .body(body))
}

fn safeguards_line(ctx: &Ctx, report: &Report) -> String {
    ctx.ta2(
        "observatory-safeguards-share",
        ("days", &value(ctx, &report.safeguards_days)),
        ("hours", &value(ctx, &report.safeguards_hours)),
    )
}

fn modality_choices(ctx: &Ctx) -> Vec<Choice> {
    ["on_site", "virtual"]
        .iter()
        .map(|m| Choice {
            value: m.to_string(),
            label: ctx.t(&format!("modality-{m}")),
        })
        .collect()
}

/// The filters again, as a query string for the CSV and chart links.
fn query_of(input: &FilterInput) -> String {
    let pairs = [
        ("programme", &input.programme),
        ("from", &input.from),
        ("to", &input.to),
        ("profession", &input.profession),
        ("modality", &input.modality),
        ("year", &input.year),
    ];
    let q: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    if q.is_empty() {
        String::new()
    } else {
        format!("?{}", serde_urlencoded::to_string(q).unwrap_or_default())
    }
}

#[derive(Template)]
#[template(path = "observatory/page.html")]
struct Page<'a> {
    ctx: &'a Ctx,
    input: FilterInput,
    errors: FieldErrors,
    programmes: Vec<Choice>,
    professions: Vec<Choice>,
    modalities: Vec<Choice>,
    tables: Vec<Printed>,
    /// The shares of days and hours given in safeguards-list countries.
    safeguards: String,
    query: String,
    read_at: String,
}

impl Page<'_> {
    fn fields(&self) -> &'static [&'static str] {
        &["programme", "from", "to", "profession", "modality"]
    }
}

async fn staff(
    ctx: &Ctx,
    services: &Services,
) -> AppResult<crate::services::accounts::CurrentUser> {
    let user = ctx.require_user()?;
    if matches!(user.role, Role::Coordinator | Role::Admin) {
        Ok(user)
    } else {
        ctx.require(services, Role::Coordinator).await
    }
}

pub async fn page(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<FilterInput>,
) -> Result<HttpResponse, AppError> {
    let user = staff(&ctx, &services).await?;
    let input = q.into_inner();
    let (status, view, errors) = match observatory::for_coordinator(&services, &user, &input).await
    {
        Ok(v) => (StatusCode::OK, Some(v), FieldErrors::new()),
        Err(AppError::Validation(e)) => (StatusCode::BAD_REQUEST, None, e),
        Err(e) => return Err(e),
    };
    let view = match view {
        Some(v) => v,
        None => observatory::for_coordinator(&services, &user, &FilterInput::default()).await?,
    };
    let programmes = view
        .programmes
        .iter()
        .map(|p| Choice {
            value: p.id.clone(),
            label: p.name(&ctx.locale).to_string(),
        })
        .collect();
    let page = Page {
        programmes,
        professions: profession_choices(&ctx),
        modalities: modality_choices(&ctx),
        tables: view
            .report
            .tables
            .iter()
            .map(|t| print(&ctx, t, false))
            .collect(),
        safeguards: safeguards_line(&ctx, &view.report),
        query: if errors.is_empty() {
            query_of(&input)
        } else {
            String::new()
        },
        read_at: view.read_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        input,
        errors,
        ctx: &ctx,
    };
    render(status, &page)
}

pub async fn page_csv(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    q: web::Query<FilterInput>,
) -> Result<HttpResponse, AppError> {
    let user = staff(&ctx, &services).await?;
    let view = observatory::for_coordinator(&services, &user, &q).await?;
    csv_response(&ctx, &view.report, &path, "observatory")
}

pub async fn page_chart(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    q: web::Query<FilterInput>,
) -> Result<HttpResponse, AppError> {
    let user = staff(&ctx, &services).await?;
    let view = observatory::for_coordinator(&services, &user, &q).await?;
    chart(&ctx, &view.report, &path)
}

#[derive(Template)]
#[template(path = "observatory/public.html")]
struct PublicPage<'a> {
    ctx: &'a Ctx,
    input: FilterInput,
    errors: FieldErrors,
    years: Vec<Choice>,
    professions: Vec<Choice>,
    modalities: Vec<Choice>,
    headline: Vec<(String, String)>,
    tables: Vec<Printed>,
    /// The shares of days and hours given in safeguards-list countries.
    safeguards: String,
    query: String,
    read_at: String,
}

impl PublicPage<'_> {
    fn fields(&self) -> &'static [&'static str] {
        &["year", "profession", "modality"]
    }
}

pub async fn public(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<FilterInput>,
) -> Result<HttpResponse, AppError> {
    let input = FilterInput {
        programme: String::new(),
        from: String::new(),
        to: String::new(),
        ..q.into_inner()
    };
    let (status, view, errors) = match observatory::public(&services, &input).await {
        Ok(v) => (StatusCode::OK, v, FieldErrors::new()),
        Err(AppError::Validation(e)) => (
            StatusCode::BAD_REQUEST,
            observatory::public(&services, &FilterInput::default()).await?,
            e,
        ),
        Err(e) => return Err(e),
    };
    let h = &view.report.headline;
    let headline = vec![
        (
            ctx.t("statistics-professionals"),
            value(&ctx, &h.professionals),
        ),
        (
            ctx.t("statistics-countries"),
            h.origin_countries.to_string(),
        ),
        (ctx.t("statistics-completed"), value(&ctx, &h.completed)),
        (ctx.t("statistics-days"), value(&ctx, &h.days)),
        (ctx.t("statistics-hours"), value(&ctx, &h.hours)),
    ];
    let page = PublicPage {
        years: view
            .years
            .iter()
            .map(|y| Choice {
                value: y.to_string(),
                label: y.to_string(),
            })
            .collect(),
        professions: profession_choices(&ctx),
        modalities: modality_choices(&ctx),
        headline,
        tables: view
            .report
            .tables
            .iter()
            .map(|t| print(&ctx, t, false))
            .collect(),
        safeguards: safeguards_line(&ctx, &view.report),
        query: if errors.is_empty() {
            query_of(&input)
        } else {
            String::new()
        },
        read_at: view.read_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        input,
        errors,
        ctx: &ctx,
    };
    render(status, &page)
}

pub async fn public_csv(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    q: web::Query<FilterInput>,
) -> Result<HttpResponse, AppError> {
    let view = observatory::public(&services, &q).await?;
    csv_response(&ctx, &view.report, &path, "statistics")
}

pub async fn public_chart(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    q: web::Query<FilterInput>,
) -> Result<HttpResponse, AppError> {
    let view = observatory::public(&services, &q).await?;
    chart(&ctx, &view.report, &path)
}
