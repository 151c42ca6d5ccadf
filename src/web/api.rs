//! The JSON API (SPEC 6) under `/api/v1`: the same service functions as the
//! pages, reached with a personal token (`Authorization: Bearer ...`), never
//! a session cookie, so CSRF stays a concern of the pages alone. Errors are
//! `{"error": {"code", "message", "fields"}}` in the language of
//! `Accept-Language`; the OpenAPI document is generated from this code.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use actix_web::body::BoxBody;
use actix_web::dev::{Payload, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use askama::Template;
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use super::Ctx;
use super::context::visitor_locale;
use crate::domain::Locale;
use crate::domain::consent::ConsentKind;
use crate::error::AppError;
use crate::i18n;
use crate::services::accounts::CurrentUser;
use crate::services::api_tokens::{self, Scope};
use crate::services::{Services, profiles};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .app_data(
                web::JsonConfig::default()
                    .limit(JSON_LIMIT)
                    .error_handler(|e, _| json_refused(e)),
            )
            .route("/openapi.json", web::get().to(openapi))
            .route("/me", web::get().to(me))
            .route("/professional/profile", web::get().to(own_profile))
            .route("/professional/consents", web::get().to(consents))
            .route("/professional/consents/{kind}", web::put().to(set_consent))
            .default_service(web::to(not_found)),
    )
    .route("/api", web::get().to(reference));
}

/// Largest JSON body the API reads.
const JSON_LIMIT: usize = 64 * 1024;

/// A body that is not the JSON asked for: too large, malformed, of the
/// wrong type or with fields nobody offers.
fn json_refused(e: actix_web::error::JsonPayloadError) -> actix_web::Error {
    use actix_web::error::JsonPayloadError;
    match e {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            AppError::PayloadTooLarge.into()
        }
        _ => AppError::BadRequest.into(),
    }
}

// ---------------------------------------------------------------- the caller

/// Who calls the API, by their token, and what the token may do.
pub struct Caller {
    pub user: CurrentUser,
    pub scope: Scope,
}

impl Caller {
    /// A token of read scope may not change anything.
    pub fn require_write(&self) -> Result<(), AppError> {
        match self.scope {
            Scope::Write => Ok(()),
            Scope::Read => Err(AppError::Forbidden),
        }
    }
}

/// The secret of an `Authorization: Bearer` header, if there is one.
fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| secret.trim().to_string())
}

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let secret = bearer(req);
        let services = req.app_data::<web::Data<Services>>().cloned();
        Box::pin(async move {
            let (Some(secret), Some(services)) = (secret, services) else {
                return Err(AppError::Unauthenticated);
            };
            match api_tokens::authenticate(&services, &secret).await? {
                Some((user, scope)) => Ok(Caller { user, scope }),
                None => Err(AppError::Unauthenticated),
            }
        })
    }
}

// ---------------------------------------------------------------- errors

/// Every error the API answers.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable word for the kind of error: `unauthorized`, `forbidden`,
    /// `not_found`, `invalid`, `conflict`, `rate_limited`...
    pub code: String,
    /// What went wrong, in the caller's language.
    pub message: String,
    /// The problem with each field, for `invalid`, as on the forms.
    pub fields: BTreeMap<String, String>,
}

fn code_of(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        422 => "invalid",
        429 => "rate_limited",
        503 => "unavailable",
        _ => "internal",
    }
}

fn message_key(status: StatusCode, error: Option<&AppError>) -> &'static str {
    match (status.as_u16(), error) {
        (_, Some(AppError::Conflict(reason))) if reason.starts_with("conflict-") => reason,
        (401, _) => "api-error-unauthorized",
        (403, _) => "api-error-forbidden",
        (404, _) => "api-error-not-found",
        (405, _) => "api-error-method",
        (409, _) => "error-conflict-body",
        (413, _) => "error-413-body",
        (422, _) => "api-error-invalid",
        (429, _) => "error-429-body",
        (503, _) => "error-503-body",
        (400, _) => "api-error-bad-request",
        _ => "error-500-body",
    }
}

/// The body of an API error, in the caller's language.
fn error_body(locale: Locale, status: StatusCode, error: Option<&AppError>) -> ErrorBody {
    let mut fields = BTreeMap::new();
    if let Some(AppError::Validation(errors)) = error {
        for (field, e) in errors.iter() {
            let args: Vec<(&str, String)> = e.args.iter().map(|(k, v)| (*k, v.clone())).collect();
            fields.insert(field.to_string(), i18n::t_args(locale, e.key, &args));
        }
    }
    ErrorBody {
        error: ErrorDetail {
            code: code_of(status).to_string(),
            message: i18n::t(locale, message_key(status, error)),
            fields,
        },
    }
}

/// Turns an error response under `/api/` into its JSON body, keeping its
/// status and headers (`Retry-After`, `WWW-Authenticate`).
pub fn render_error(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let app_error = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>());
    if let Some(AppError::Internal(cause)) = app_error {
        tracing::error!(error = %format!("{cause:#}"), "API request failed");
    }
    let locale = visitor_locale(res.request());
    let body = serde_json::to_string(&error_body(locale, status, app_error))
        .unwrap_or_else(|_| "{}".into());
    let (req, old) = res.into_parts();
    let mut new = HttpResponse::build(status);
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            new.append_header((name.clone(), value.clone()));
        }
    }
    if status == StatusCode::UNAUTHORIZED {
        new.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
    }
    let new = new.content_type("application/json").body(body);
    ServiceResponse::new(req, new)
}

async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

// ---------------------------------------------------------------- endpoints

/// The account a token stands for.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: String,
    pub email: String,
    pub full_name: String,
    /// `professional`, `facility`, `coordinator` or `admin`.
    pub role: String,
    /// `en` or `fr`.
    pub locale: String,
    pub email_verified: bool,
    /// What the token may do: `read` or `write`.
    pub scope: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "account",
    summary = "The account the token stands for",
    responses(
        (status = 200, body = Me),
        (status = 401, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn me(caller: Caller) -> Result<HttpResponse, AppError> {
    let u = caller.user;
    Ok(HttpResponse::Ok().json(Me {
        id: u.id,
        email: u.email,
        full_name: u.full_name,
        role: u.role.as_str().to_string(),
        locale: u.locale.code().to_string(),
        email_verified: u.email_verified,
        scope: match caller.scope {
            Scope::Read => "read",
            Scope::Write => "write",
        }
        .to_string(),
    }))
}

/// A spoken language and how well.
#[derive(Serialize, ToSchema)]
pub struct SpokenLanguage {
    /// ISO 639-3 code.
    pub code: String,
    /// `basic`, `conversational`, `professional` or `native`.
    pub level: String,
}

/// The professional's own profile, with what it still lacks to be matched.
#[derive(Serialize, ToSchema)]
pub struct OwnProfile {
    /// ISCO-08 code of the profession.
    pub profession: Option<String>,
    pub years_experience: Option<i32>,
    pub wants_clinical: bool,
    /// ISO 3166-1 alpha-2 codes.
    pub origin_country: Option<String>,
    pub residence_country: Option<String>,
    pub residence_city: Option<String>,
    pub residence_status: Option<String>,
    /// IANA time zone.
    pub time_zone: Option<String>,
    pub bio: String,
    /// Specialty codes.
    pub specialties: Vec<String>,
    pub skills: Vec<String>,
    pub languages: Vec<SpokenLanguage>,
    /// What the profile still needs before it can be matched.
    pub missing: Vec<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/professional/profile",
    tag = "professional",
    summary = "The professional's own profile",
    responses(
        (status = 200, body = OwnProfile),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "The token's account is not a professional's"),
    ),
    security(("bearer" = []))
)]
pub async fn own_profile(
    caller: Caller,
    services: web::Data<Services>,
) -> Result<HttpResponse, AppError> {
    let o = profiles::overview(&services, &caller.user).await?;
    let p = o.profile;
    Ok(HttpResponse::Ok().json(OwnProfile {
        profession: p.profession_code,
        years_experience: p.years_experience,
        wants_clinical: p.wants_clinical,
        origin_country: p.origin_country,
        residence_country: p.residence_country,
        residence_city: p.residence_city,
        residence_status: p.residence_status,
        time_zone: p.time_zone,
        bio: p.bio,
        specialties: o.specialties,
        skills: o.skills,
        languages: o
            .languages
            .into_iter()
            .map(|(code, level)| SpokenLanguage {
                code,
                level: level.as_str().to_string(),
            })
            .collect(),
        missing: o.missing.iter().map(|m| m.as_str().to_string()).collect(),
    }))
}

/// One kind of consent and whether it is in force.
#[derive(Serialize, ToSchema)]
pub struct ConsentState {
    /// `matching`, `share_profile` or `statistics`.
    pub kind: String,
    pub given: bool,
    /// When the consent in force was given (UTC, ISO 8601).
    pub given_at: Option<String>,
    /// The version of the consent text agreed to.
    pub text_version: Option<String>,
}

async fn consent_states(
    services: &Services,
    user: &CurrentUser,
) -> Result<Vec<ConsentState>, AppError> {
    let history = crate::services::consents::history(services, user).await?;
    Ok(ConsentKind::ALL
        .iter()
        .map(|kind| {
            let live = history
                .iter()
                .find(|c| c.kind == kind.as_str() && c.withdrawn_at.is_none());
            ConsentState {
                kind: kind.as_str().to_string(),
                given: live.is_some(),
                given_at: live.map(|c| c.given_at.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
                text_version: live.map(|c| c.text_version.clone()),
            }
        })
        .collect())
}

#[utoipa::path(
    get,
    path = "/api/v1/professional/consents",
    tag = "professional",
    summary = "The professional's consents",
    responses(
        (status = 200, body = Vec<ConsentState>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn consents(
    caller: Caller,
    services: web::Data<Services>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(consent_states(&services, &caller.user).await?))
}

/// A consent given or withdrawn.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentChange {
    pub given: bool,
}

#[utoipa::path(
    put,
    path = "/api/v1/professional/consents/{kind}",
    tag = "professional",
    summary = "Gives or withdraws one consent",
    params(("kind" = String, Path, description = "`matching`, `share_profile` or `statistics`")),
    request_body = ConsentChange,
    responses(
        (status = 200, body = Vec<ConsentState>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token, or not a professional's"),
        (status = 404, body = ErrorBody, description = "No such kind of consent"),
        (status = 413, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn set_consent(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    body: web::Json<ConsentChange>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let kind: ConsentKind = path.parse().map_err(|()| AppError::NotFound)?;
    let origin = super::context::origin(&req, trust_proxy(&req));
    if body.given {
        crate::services::consents::give(&services, &caller.user, kind, &origin).await?;
    } else {
        crate::services::consents::withdraw(&services, &caller.user, kind, &origin).await?;
    }
    Ok(HttpResponse::Ok().json(consent_states(&services, &caller.user).await?))
}

/// Whether the server trusts a proxy's forwarded address.
fn trust_proxy(req: &HttpRequest) -> bool {
    req.app_data::<web::Data<super::WebSettings>>()
        .is_some_and(|s| s.trust_proxy)
}

// ---------------------------------------------------------------- the document

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A personal token made on the account page, /account/tokens.",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sankofa API",
        description = "The registry of diaspora health professionals and its return matching, for integrations such as national health workforce registries."
    ),
    paths(me, own_profile, consents, set_consent),
    components(schemas(
        ErrorBody,
        ErrorDetail,
        Me,
        OwnProfile,
        SpokenLanguage,
        ConsentState,
        ConsentChange
    )),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// The OpenAPI document, built once.
fn document() -> &'static str {
    static DOCUMENT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        ApiDoc::openapi()
            .to_pretty_json()
            .unwrap_or_else(|_| "{}".into())
    });
    &DOCUMENT
}

async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document())
}

/// One operation of the reference page.
struct Operation {
    method: String,
    path: String,
    summary: String,
    statuses: String,
}

#[derive(Template)]
#[template(path = "api_reference.html")]
struct ReferencePage<'a> {
    ctx: &'a Ctx,
    operations: Vec<Operation>,
}

/// The human-readable reference, read from the same document.
async fn reference(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let doc = ApiDoc::openapi();
    let mut operations = Vec::new();
    for (path, item) in &doc.paths.paths {
        let methods = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, op) in methods {
            if let Some(op) = op {
                // In the reader's language where there are words for it.
                let summary = op
                    .operation_id
                    .as_deref()
                    .and_then(|id| i18n::t_opt(ctx.locale, &format!("api-op-{id}")))
                    .or_else(|| op.summary.clone())
                    .unwrap_or_default();
                operations.push(Operation {
                    method: method.to_string(),
                    path: path.clone(),
                    summary,
                    statuses: op
                        .responses
                        .responses
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
    }
    super::ok(&ReferencePage {
        ctx: &ctx,
        operations,
    })
}

/// Whether a request is for the API.
pub fn is_api(req: &HttpRequest) -> bool {
    req.path().starts_with("/api/")
}
