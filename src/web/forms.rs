//! Form bodies: size-limited, and refused unless they carry the CSRF token of
//! the session that sent them.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use super::WebSettings;
use super::session::SessionInfo;
use crate::error::AppError;

/// Largest form body accepted; every field also has its own limit.
pub const MAX_FORM_BYTES: usize = 32 * 1024;

/// A form whose `csrf` field matched the session. Every POST handler takes one.
pub struct CsrfForm<T>(pub T);

/// For forms with nothing but the token (log out, resend).
#[derive(serde::Deserialize)]
pub struct NoFields {}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let bytes = body.await.map_err(|e| {
                if e.as_response_error().status_code()
                    == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE
                {
                    AppError::PayloadTooLarge
                } else {
                    AppError::BadRequest
                }
            })?;
            let settings = req
                .app_data::<web::Data<WebSettings>>()
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("web settings missing")))?;
            let pairs: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&bytes).map_err(|_| AppError::BadRequest)?;
            let token = pairs
                .iter()
                .find(|(k, _)| k == "csrf")
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            let sid = req
                .extensions()
                .get::<SessionInfo>()
                .map(|s| s.sid().to_string());
            match sid {
                Some(sid) if settings.csrf.verify(&sid, token) => {}
                _ => return Err(AppError::Csrf("missing or foreign token")),
            }
            serde_urlencoded::from_bytes::<T>(&bytes)
                .map(CsrfForm)
                .map_err(|_| AppError::BadRequest)
        })
    }
}

/// An HTML checkbox is present when ticked and absent otherwise.
pub fn checked(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.is_empty())
}

/// A form read as its name-value pairs: repeated names (checkboxes) keep
/// every value, and names no form offers are simply never read.
pub type Pairs = Vec<(String, String)>;

/// The first value of `name`, or empty.
pub fn value(pairs: &Pairs, name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// Every value of `name`, in order.
pub fn values(pairs: &Pairs, name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// One option of a select.
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// Every country, named and ordered in the page's language.
pub fn country_choices(ctx: &super::Ctx) -> Vec<Choice> {
    crate::domain::countries::sorted(ctx.locale)
        .map(|c| Choice {
            value: c.code.clone(),
            label: c.name(ctx.locale).to_string(),
        })
        .collect()
}

/// Every profession, named and ordered in the page's language.
pub fn profession_choices(ctx: &super::Ctx) -> Vec<Choice> {
    let mut professions: Vec<Choice> = crate::domain::profession::Profession::all()
        .map(|p| Choice {
            value: p.code().to_string(),
            label: ctx.t(&p.label_key()),
        })
        .collect();
    professions.sort_by(|a, b| a.label.cmp(&b.label));
    professions
}

/// The languages of the site, each named in itself.
pub fn locale_choices() -> Vec<Choice> {
    crate::domain::Locale::ALL
        .into_iter()
        .map(|l| Choice {
            value: l.code().into(),
            label: l.autonym().into(),
        })
        .collect()
}
