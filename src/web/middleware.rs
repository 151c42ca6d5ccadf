//! Around every request: a request id, the session cookie, refusal of
//! cross-site form posts, error pages, security headers and one log line.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};

use super::context::RequestId;
use super::session::{self, SessionInfo};
use super::{WebSettings, errors};
use crate::error::AppError;
use crate::services::Services;

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; \
                   base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Paths that need no session: probes and the stylesheet.
/// Paths that never read the session cookie: probes, assets, and the API,
/// which knows only bearer tokens.
fn sessionless(path: &str) -> bool {
    path == "/healthz"
        || path == "/readyz"
        || path.starts_with("/static/")
        || path.starts_with("/api/")
}

pub async fn around(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let settings = req
        .app_data::<web::Data<WebSettings>>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("web settings missing")))?;
    let request_id = crate::security::random_token(9);
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let method = req.method().clone();
    // The path only: query strings can hold single-use tokens.
    let path = req.path().to_string();
    if !sessionless(&path)
        && let Some(services) = req.app_data::<web::Data<Services>>()
    {
        let info = session::read(req.request(), &settings, &services.tokens);
        req.extensions_mut().insert(info);
    }

    let unsafe_method = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
    let cross_site = req
        .headers()
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site"));
    let res = if unsafe_method && cross_site {
        req.error_response(AppError::Csrf("cross-site request"))
    } else {
        next.call(req).await?.map_into_boxed_body()
    };
    let mut res = errors::render_error_page(res);

    let pending = res
        .request()
        .extensions()
        .get::<SessionInfo>()
        .and_then(|i| i.issue.clone());
    if let Some(token) = pending {
        let already_set = res
            .response()
            .cookies()
            .any(|c| c.name() == settings.cookie_name);
        if !already_set {
            res.response_mut()
                .add_cookie(&session::cookie(&settings, token))
                .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
        }
    }

    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(
        header::X_FRAME_OPTIONS,
        header::HeaderValue::from_static("DENY"),
    );
    headers.insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        header::HeaderValue::from_static("same-origin"),
    );
    if settings.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            header::HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        // Pages carry a CSRF token and, when signed in, personal data.
        headers.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
    }
    if let Ok(v) = header::HeaderValue::from_str(&request_id) {
        headers.insert(header::HeaderName::from_static("x-request-id"), v);
    }

    let status = res.status().as_u16();
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    if path != "/healthz" {
        tracing::info!(%request_id, %method, %path, status, elapsed_ms = format!("{elapsed_ms:.1}"), "request");
    }
    Ok(res)
}
