//! Error pages: plain, translated, with the request id; never SQL, a stack
//! trace or a path.

use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::Ctx;
use crate::error::AppError;

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf(_) | AppError::WrongAccount => {
                StatusCode::FORBIDDEN
            }
            AppError::LoginRequired { .. } => StatusCode::SEE_OTHER,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::InvalidCredentials | AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::InvalidLink | AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A minimal response; the middleware replaces the body with a full page.
    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        match self {
            AppError::LoginRequired { next } => {
                let target = match super::safe_next(next) {
                    Some(n) => format!(
                        "/login?next={}",
                        url::form_urlencoded::byte_serialize(n.as_bytes()).collect::<String>()
                    ),
                    None => "/login".to_string(),
                };
                res.insert_header((header::LOCATION, target));
            }
            AppError::RateLimited { retry_after } => {
                res.insert_header((
                    header::RETRY_AFTER,
                    retry_after.as_secs().max(1).to_string(),
                ));
            }
            AppError::Unavailable => {
                res.insert_header((header::RETRY_AFTER, "5"));
            }
            _ => {}
        }
        res.finish()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    ctx: &'a Ctx,
    status: u16,
    title: String,
    message: String,
    retry_minutes: Option<u64>,
}

/// Message keys for a status.
fn keys(status: StatusCode, error: Option<&AppError>) -> (&'static str, &'static str) {
    match (status.as_u16(), error) {
        (_, Some(AppError::Csrf(_))) => ("error-csrf-title", "error-csrf-body"),
        (_, Some(AppError::InvalidLink)) => ("error-link-title", "error-link-body"),
        (_, Some(AppError::WrongAccount)) => {
            ("error-wrong-account-title", "error-wrong-account-body")
        }
        (_, Some(AppError::Conflict(_))) => ("error-conflict-title", "error-conflict-body"),
        (400, _) => ("error-400-title", "error-400-body"),
        (403, _) => ("error-403-title", "error-403-body"),
        (404, _) => ("error-404-title", "error-404-body"),
        (405, _) => ("error-405-title", "error-405-body"),
        (413, _) => ("error-413-title", "error-413-body"),
        (422, _) => ("error-400-title", "error-400-body"),
        (429, _) => ("error-429-title", "error-429-body"),
        (503, _) => ("error-503-title", "error-503-body"),
        _ => ("error-500-title", "error-500-body"),
    }
}

/// Turns an error response into its page. Responses that are not errors,
/// redirects and responses that already have a body pass through.
pub fn render_error_page(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    if super::api::is_api(res.request()) {
        return super::api::render_error(res);
    }
    let app_error = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>());
    let has_body = res.response().headers().contains_key(header::CONTENT_TYPE);
    if app_error.is_none() && has_body {
        return res;
    }
    let ctx = Ctx::bare(res.request());
    if let Some(AppError::Internal(cause)) = app_error {
        tracing::error!(request_id = %ctx.request_id, error = %format!("{cause:#}"), "request failed");
    } else if status.is_server_error() {
        tracing::warn!(request_id = %ctx.request_id, %status, "request failed");
    }
    let retry_minutes = match app_error {
        Some(AppError::RateLimited { retry_after }) => {
            Some(retry_after.as_secs().div_ceil(60).max(1))
        }
        _ => None,
    };
    let (title, mut message) = keys(status, app_error);
    // A conflict that names its reason says it in the reader's language.
    if let Some(AppError::Conflict(reason)) = app_error
        && reason.starts_with("conflict-")
    {
        message = reason;
    }
    let page = ErrorPage {
        ctx: &ctx,
        status: status.as_u16(),
        title: ctx.t(title),
        message: ctx.t(message),
        retry_minutes,
    };
    let body = match page.render() {
        Ok(b) => b,
        Err(_) => format!(
            "{} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        ),
    };
    let (req, old) = res.into_parts();
    let mut new = HttpResponse::build(status);
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            new.append_header((name.clone(), value.clone()));
        }
    }
    let new = new.content_type("text/html; charset=utf-8").body(body);
    ServiceResponse::new(req, new)
}
