//! The observatory's aggregates through the API: the figures of the
//! coordinator's programmes (every programme for an admin), and the public
//! statistics, small counts protected exactly as on the pages.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{Caller, ErrorBody, moment};
use crate::domain::observatory::{Label, Report, Value};
use crate::error::AppError;
use crate::services::Services;
use crate::services::observatory::{self, FilterInput};

/// A number as the reader may see it.
#[derive(Serialize, ToSchema)]
pub struct Figure {
    /// `exact`; `small` for a count under five; `hidden` where showing it
    /// would let a small count be worked out; `none` for a mean of nothing.
    pub shown: String,
    /// When exact: a count, a share in thousandths, or a mean in tenths,
    /// as the column says.
    pub value: Option<i64>,
}

fn figure(v: Value) -> Figure {
    let (shown, value) = match v {
        Value::Number(n) => ("exact", Some(n)),
        Value::Small => ("small", None),
        Value::Hidden => ("hidden", None),
        Value::Share(Some(n)) | Value::Mean(Some(n)) => ("exact", Some(n)),
        Value::Share(None) => ("hidden", None),
        Value::Mean(None) => ("none", None),
    };
    Figure {
        shown: shown.into(),
        value,
    }
}

/// What a row stands for.
#[derive(Serialize, ToSchema)]
pub struct RowLabel {
    /// `country`, `profession`, `flow`, `status`, `modality`, `month` or
    /// `total`.
    pub kind: String,
    /// The country (ISO 3166-1 alpha-2), profession (ISCO-08), status,
    /// modality or month (`YYYY-MM`); for a flow, the country of residence.
    pub code: Option<String>,
    /// For a flow, the country of origin.
    pub to: Option<String>,
}

fn label(l: Label) -> RowLabel {
    let (kind, code, to) = match l {
        Label::Country(c) => ("country", Some(c), None),
        Label::Profession(p) => ("profession", Some(p), None),
        Label::Flow(from, to) => ("flow", Some(from), Some(to)),
        Label::Status(s) => ("status", Some(s), None),
        Label::Modality(m) => ("modality", Some(m), None),
        Label::Month(m) => ("month", Some(m.to_string()), None),
        Label::Total => ("total", None, None),
    };
    RowLabel {
        kind: kind.into(),
        code,
        to,
    }
}

/// One row of a table.
#[derive(Serialize, ToSchema)]
pub struct TableRow {
    pub label: RowLabel,
    /// A country on the WHO health workforce support and safeguards list.
    pub safeguards: bool,
    pub values: Vec<Figure>,
}

/// One table of the observatory.
#[derive(Serialize, ToSchema)]
pub struct FigureTable {
    /// `people-by-origin`, `flows`, `readiness`, `assignments-by-status`...
    pub id: String,
    /// What each value of a row is, in the order of `values`: `total`,
    /// `professionals`, `registered`..., or `profession:{ISCO-08 code}`,
    /// `modality:{on_site|virtual}` for a column per profession or modality.
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// The headline figures.
#[derive(Serialize, ToSchema)]
pub struct Headline {
    pub professionals: Figure,
    pub origin_countries: i64,
    pub completed: Figure,
    pub days: Figure,
    pub hours: Figure,
}

/// The figures of one view.
#[derive(Serialize, ToSchema)]
pub struct Figures {
    pub headline: Headline,
    pub tables: Vec<FigureTable>,
    /// Shares (thousandths) of the days and hours delivered in countries of
    /// origin on the safeguards list.
    pub safeguards_days: Figure,
    pub safeguards_hours: Figure,
    /// When the figures were read (UTC).
    pub read_at: String,
}

fn figures(report: Report, read_at: chrono::NaiveDateTime) -> Figures {
    Figures {
        headline: Headline {
            professionals: figure(report.headline.professionals),
            origin_countries: report.headline.origin_countries,
            completed: figure(report.headline.completed),
            days: figure(report.headline.days),
            hours: figure(report.headline.hours),
        },
        tables: report
            .tables
            .into_iter()
            .map(|t| FigureTable {
                id: t.id.to_string(),
                columns: t
                    .columns
                    .into_iter()
                    .map(|c| c.trim_start_matches("observatory-col-").to_string())
                    .collect(),
                rows: t
                    .rows
                    .into_iter()
                    .map(|r| TableRow {
                        label: label(r.label),
                        safeguards: r.safeguards,
                        values: r.values.into_iter().map(figure).collect(),
                    })
                    .collect(),
            })
            .collect(),
        safeguards_days: figure(report.safeguards_days),
        safeguards_hours: figure(report.safeguards_hours),
        read_at: moment(read_at),
    }
}

/// The filters of the coordinator's observatory page.
#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ProgrammeFilters {
    /// One of the caller's programmes, by id; all of them when absent.
    pub programme: Option<String>,
    /// From this month, `YYYY-MM`.
    pub from: Option<String>,
    /// Up to this month, `YYYY-MM`.
    pub to: Option<String>,
    /// ISCO-08 code.
    pub profession: Option<String>,
    /// `on_site` or `virtual`.
    pub modality: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/observatory",
    operation_id = "observatory",
    tag = "observatory",
    summary = "The figures of the coordinator's programmes, or every programme for an admin",
    params(ProgrammeFilters),
    responses(
        (status = 200, body = Figures),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Neither a coordinator's nor an admin's token"),
        (status = 422, body = ErrorBody, description = "A filter that does not hold, by field"),
    ),
    security(("bearer" = []))
)]
pub async fn programmes(
    caller: Caller,
    services: web::Data<Services>,
    q: web::Query<ProgrammeFilters>,
) -> Result<HttpResponse, AppError> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let input = FilterInput {
        programme: text(&q.programme),
        from: text(&q.from),
        to: text(&q.to),
        profession: text(&q.profession),
        modality: text(&q.modality),
        year: String::new(),
    };
    let view = observatory::for_coordinator(&services, &caller.user, &input).await?;
    Ok(HttpResponse::Ok().json(figures(view.report, view.read_at)))
}

/// The filters of the public statistics.
#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct PublicFilters {
    /// ISCO-08 code.
    pub profession: Option<String>,
    /// `on_site` or `virtual`.
    pub modality: Option<String>,
    /// A year, such as `2027`.
    pub year: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/observatory/public",
    operation_id = "observatory_public",
    tag = "observatory",
    summary = "The public statistics: only those who consent to be counted, every small count protected",
    params(PublicFilters),
    responses(
        (status = 200, body = Figures),
        (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "A filter that does not hold, by field"),
    ),
    security(("bearer" = []))
)]
pub async fn public(
    _caller: Caller,
    services: web::Data<Services>,
    q: web::Query<PublicFilters>,
) -> Result<HttpResponse, AppError> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let input = FilterInput {
        profession: text(&q.profession),
        modality: text(&q.modality),
        year: text(&q.year),
        ..FilterInput::default()
    };
    let view = observatory::public(&services, &input).await?;
    Ok(HttpResponse::Ok().json(figures(view.report, view.read_at)))
}
