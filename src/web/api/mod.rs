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
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

use super::Ctx;
use super::context::visitor_locale;
use crate::domain::Locale;
use crate::domain::paging::Window;
use crate::error::AppError;
use crate::i18n;
use crate::services::Services;
use crate::services::accounts::CurrentUser;
use crate::services::api_tokens::{self, Scope};

mod admin;
mod discovery;
mod facility;
pub mod fhir;
mod matcher;
mod matches;
mod observatory;
mod professional;
mod records;
mod registry;
mod running;
mod verification;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .app_data(
                web::JsonConfig::default()
                    .limit(JSON_LIMIT)
                    .error_handler(|e, _| json_refused(e)),
            )
            .service(endpoint("/openapi.json", "GET").route(web::get().to(openapi)))
            .service(endpoint("/me", "GET").route(web::get().to(me)))
            .service(
                endpoint("/professional/profile", "GET")
                    .route(web::get().to(professional::own_profile)),
            )
            .service(
                endpoint("/professional/licences", "GET, POST")
                    .route(web::get().to(professional::licences))
                    .route(web::post().to(records::add_licence)),
            )
            .service(
                endpoint("/professional/availability", "GET, POST")
                    .route(web::get().to(professional::availability))
                    .route(web::post().to(records::add_window)),
            )
            .service(
                endpoint("/professional/profile/work", "PUT").route(web::put().to(records::work)),
            )
            .service(
                endpoint("/professional/profile/place", "PUT").route(web::put().to(records::place)),
            )
            .service(
                endpoint("/professional/languages/{language}", "PUT, DELETE")
                    .route(web::put().to(records::set_language))
                    .route(web::delete().to(records::remove_language)),
            )
            .service(
                endpoint("/professional/licences/{licence}", "GET, PUT, DELETE")
                    .route(web::get().to(records::licence))
                    .route(web::put().to(records::change_licence))
                    .route(web::delete().to(records::delete_licence)),
            )
            .service(
                endpoint("/professional/availability/{window}", "GET, PUT, DELETE")
                    .route(web::get().to(records::window))
                    .route(web::put().to(records::change_window))
                    .route(web::delete().to(records::delete_window)),
            )
            .service(
                endpoint("/professional/consents", "GET")
                    .route(web::get().to(professional::consents)),
            )
            .service(
                endpoint("/professional/consents/{kind}", "PUT")
                    .route(web::put().to(professional::set_consent)),
            )
            .service(endpoint("/facilities", "GET").route(web::get().to(facility::facilities)))
            .service(
                endpoint("/facilities/{facility}/assignments", "GET, POST")
                    .route(web::get().to(facility::list))
                    .route(web::post().to(facility::create)),
            )
            .service(
                endpoint(
                    "/facilities/{facility}/assignments/{assignment}",
                    "GET, PUT",
                )
                .route(web::get().to(facility::view))
                .route(web::put().to(facility::update)),
            )
            .service(
                endpoint(
                    "/facilities/{facility}/assignments/{assignment}/publish",
                    "POST",
                )
                .route(web::post().to(facility::publish)),
            )
            .service(
                endpoint(
                    "/facilities/{facility}/assignments/{assignment}/close",
                    "POST",
                )
                .route(web::post().to(facility::close)),
            )
            .service(endpoint("/assignments", "GET").route(web::get().to(discovery::search)))
            .service(
                endpoint("/assignments/{assignment}", "GET").route(web::get().to(discovery::read)),
            )
            .service(
                endpoint("/assignments/{assignment}/interest", "POST, DELETE")
                    .route(web::post().to(discovery::express))
                    .route(web::delete().to(discovery::withdraw)),
            )
            .service(
                endpoint("/coordinator/matches", "GET, POST")
                    .route(web::get().to(matches::dashboard))
                    .route(web::post().to(matches::propose)),
            )
            .service(
                endpoint("/professional/matches", "GET")
                    .route(web::get().to(matches::of_professional)),
            )
            .service(endpoint("/matches/{match}", "GET").route(web::get().to(matches::read)))
            // Before the steps, which take any word in that place.
            .service(
                endpoint("/matches/{match}/running", "GET").route(web::get().to(running::read)),
            )
            .service(
                endpoint("/matches/{match}/calendar", "GET")
                    .route(web::get().to(running::calendar)),
            )
            .service(
                endpoint("/matches/{match}/{step}", "POST").route(web::post().to(matches::step)),
            )
            .service(
                endpoint("/matches/{match}/running/checklist/{item}", "PUT")
                    .route(web::put().to(running::tick)),
            )
            .service(
                endpoint("/matches/{match}/running/report", "PUT")
                    .route(web::put().to(running::report)),
            )
            .service(
                endpoint("/matches/{match}/running/feedback", "PUT")
                    .route(web::put().to(running::feedback)),
            )
            .service(endpoint("/fhir/Practitioner", "GET").route(web::get().to(fhir::search)))
            .service(endpoint("/fhir/Practitioner/{id}", "GET").route(web::get().to(fhir::read)))
            .service(endpoint("/observatory", "GET").route(web::get().to(observatory::programmes)))
            .service(
                endpoint("/observatory/public", "GET").route(web::get().to(observatory::public)),
            )
            .service(
                endpoint("/admin/programmes", "GET, POST")
                    .route(web::get().to(admin::list))
                    .route(web::post().to(admin::create)),
            )
            .service(
                endpoint("/admin/programmes/{programme}", "GET, PUT")
                    .route(web::get().to(admin::read))
                    .route(web::put().to(admin::update)),
            )
            .service(
                endpoint("/coordinator/registry", "GET").route(web::get().to(registry::search)),
            )
            .service(
                endpoint("/coordinator/professionals/{id}", "GET")
                    .route(web::get().to(registry::professional)),
            )
            .service(
                endpoint("/coordinator/facilities", "GET")
                    .route(web::get().to(verification::facilities)),
            )
            .service(
                endpoint("/coordinator/facilities/{facility}", "GET")
                    .route(web::get().to(verification::facility)),
            )
            .service(
                endpoint("/coordinator/facilities/{facility}/decision", "POST")
                    .route(web::post().to(verification::decide_facility)),
            )
            .service(
                endpoint("/coordinator/licences", "GET")
                    .route(web::get().to(verification::licences)),
            )
            .service(
                endpoint("/coordinator/licences/{licence}", "GET")
                    .route(web::get().to(verification::licence)),
            )
            .service(
                endpoint("/coordinator/licences/{licence}/decision", "POST")
                    .route(web::post().to(verification::decide_licence)),
            )
            .service(
                endpoint("/coordinator/interests", "GET")
                    .route(web::get().to(discovery::for_coordinator)),
            )
            .service(
                endpoint("/coordinator/matcher", "GET").route(web::get().to(matcher::overview)),
            )
            .service(
                endpoint("/coordinator/matcher/runs", "POST").route(web::post().to(matcher::run)),
            )
            .service(
                endpoint("/coordinator/matcher/runs/{run}", "GET")
                    .route(web::get().to(matcher::read)),
            )
            .service(
                endpoint("/coordinator/matcher/runs/{run}/decision", "POST")
                    .route(web::post().to(matcher::decide)),
            )
            .default_service(web::to(not_found)),
    )
    .route("/api", web::get().to(reference));
}

/// A path of the API taking the methods `allow`: any other answers 405
/// with the `Allow` header, not the scope's 404.
fn endpoint(path: &str, allow: &'static str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(move || async move {
        HttpResponse::MethodNotAllowed()
            .insert_header((header::ALLOW, allow))
            .finish()
    }))
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

/// The secret of a bearer token, not yet checked: for the reads that check
/// it in the same trip to the database as their own work.
pub struct BearerSecret(pub String);

impl FromRequest for BearerSecret {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(
            bearer(req)
                .map(BearerSecret)
                .ok_or(AppError::Unauthenticated),
        )
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

// ---------------------------------------------------------------- lists

/// Where a list goes on: `cursor` from the previous answer's
/// `next_cursor`, and how many items (1 to 200, 50 unless said).
#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The `next_cursor` of the previous answer; none for the first items.
    pub cursor: Option<String>,
    /// How many items, from 1 to 200.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
}

impl PageQuery {
    /// The window asked for; a bad cursor or limit is refused by its field.
    pub fn window(&self) -> Result<Window, AppError> {
        window(self.cursor.as_ref(), self.limit.as_ref())
    }
}

/// The window a `cursor` and a `limit` of a query ask for; a bad one is
/// refused by its field.
pub fn window(cursor: Option<&String>, limit: Option<&String>) -> Result<Window, AppError> {
    Window::from_query(cursor.map(String::as_str), limit.map(String::as_str))
        .map_err(AppError::Validation)
}

/// Items of a list, and where it goes on.
#[derive(Serialize, ToSchema)]
pub struct List<T> {
    pub items: Vec<T>,
    /// The cursor of the next items; null at the end of the list.
    pub next_cursor: Option<String>,
}

/// A 201 answer: what was made, and where it now stands.
pub fn created(location: String, body: &impl Serialize) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .json(body)
}

/// A JSON body that may be left out: empty is the default, anything else
/// must be the JSON asked for.
pub fn optional_json<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> Result<T, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    if body.len() > JSON_LIMIT {
        return Err(AppError::PayloadTooLarge);
    }
    serde_json::from_slice(body).map_err(|_| AppError::BadRequest)
}

/// Where a request comes from, for the audit trail.
pub fn origin(req: &HttpRequest) -> crate::services::Origin {
    let trust_proxy = req
        .app_data::<web::Data<super::WebSettings>>()
        .is_some_and(|s| s.trust_proxy);
    super::context::origin(req, trust_proxy)
}

/// A date as the API writes it: ISO 8601, `2027-03-01`.
pub fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A minute of the day as the API writes it: `HH:MM`.
pub fn clock(minute: i32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// A moment as the API writes it: UTC, ISO 8601.
pub fn moment(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
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

// ---------------------------------------------------------------- the document

/// What every operation shares: the bearer scheme, the 400 of a request
/// that cannot be read, and the 429 a token past its rate receives, with
/// `Retry-After`.
struct Common;

impl Modify for Common {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{
            ContentBuilder, HeaderBuilder, ObjectBuilder, Ref, ResponseBuilder, Type,
        };
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
        let limited = ResponseBuilder::new()
            .description("Too many requests with this token: wait the seconds of Retry-After")
            .header(
                "Retry-After",
                HeaderBuilder::new()
                    .schema(ObjectBuilder::new().schema_type(Type::Integer))
                    .build(),
            )
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build();
        let unreadable = ResponseBuilder::new()
            .description("A request that could not be read: a query or body that is not what the operation takes")
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build();
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for op in operations.into_iter().flatten() {
                if op.security.is_some() {
                    op.responses
                        .responses
                        .insert("429".into(), limited.clone().into());
                    op.responses
                        .responses
                        .entry("400".into())
                        .or_insert_with(|| unreadable.clone().into());
                }
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sankofa API",
        description = "The registry of diaspora health professionals and its return matching, for integrations such as national health workforce registries."
    ),
    paths(
        me,
        professional::own_profile,
        professional::licences,
        professional::availability,
        professional::consents,
        professional::set_consent,
        facility::facilities,
        facility::list,
        facility::create,
        facility::view,
        facility::update,
        facility::publish,
        facility::close,
        discovery::search,
        discovery::read,
        discovery::express,
        discovery::withdraw,
        matches::dashboard,
        matches::of_professional,
        matches::read,
        matches::propose,
        matches::step,
        fhir::read,
        fhir::search,
        observatory::programmes,
        observatory::public,
        admin::list,
        admin::read,
        admin::create,
        admin::update,
        registry::search,
        registry::professional,
        verification::facilities,
        verification::facility,
        verification::decide_facility,
        verification::licences,
        verification::licence,
        verification::decide_licence,
        discovery::for_coordinator,
        matcher::overview,
        matcher::run,
        matcher::read,
        matcher::decide,
        running::read,
        running::tick,
        running::report,
        running::feedback,
        running::calendar,
        records::work,
        records::place,
        records::set_language,
        records::remove_language,
        records::add_licence,
        records::licence,
        records::change_licence,
        records::delete_licence,
        records::add_window,
        records::window,
        records::change_window,
        records::delete_window
    ),
    components(schemas(
        ErrorBody,
        ErrorDetail,
        Me,
        professional::OwnProfile,
        professional::SpokenLanguage,
        professional::LicenceItem,
        professional::WindowItem,
        professional::WeeklyHours,
        professional::ConsentState,
        professional::ConsentKindName,
        professional::ConsentChange,
        facility::FacilityItem,
        facility::AssignmentSummary,
        facility::LanguageNeed,
        facility::Support,
        facility::InterestItem,
        facility::FacilityMatch,
        facility::AssignmentDetail,
        facility::SessionBody,
        facility::AssignmentBody,
        facility::CloseBody,
        discovery::SessionSeen,
        discovery::OpenAssignment,
        discovery::PublicFacility,
        discovery::ProgrammeFit,
        discovery::Interest,
        discovery::OpenAssignmentDetail,
        discovery::InterestBody,
        matches::MatchItem,
        matches::StateCount,
        matches::Dashboard,
        matches::StepItem,
        matches::SharedLicenceItem,
        matches::SharedProfileItem,
        matches::MatchDetail,
        matches::ProposalBody,
        matches::StepName,
        matches::StepBody,
        fhir::Coding,
        fhir::CodeableConcept,
        fhir::HumanName,
        fhir::ContactPoint,
        fhir::Address,
        fhir::Identifier,
        fhir::Period,
        fhir::Reference,
        fhir::Qualification,
        fhir::Communication,
        fhir::Practitioner,
        fhir::BundleLink,
        fhir::EntrySearch,
        fhir::BundleEntry,
        fhir::Bundle,
        observatory::Figure,
        observatory::RowLabel,
        observatory::TableRow,
        observatory::FigureTable,
        observatory::Headline,
        observatory::Figures,
        admin::Weights,
        admin::ProgrammeItem,
        admin::ProgrammeBody,
        registry::RegistryItem,
        registry::ProposableItem,
        registry::RegistryProfessional,
        verification::FacilityToVerify,
        verification::StaffItem,
        verification::FacilityDetail,
        verification::Decision,
        verification::LicenceToVerify,
        discovery::StandingInterest,
        matcher::ScorePart,
        matcher::RunItem,
        matcher::ProgrammeRuns,
        matcher::MatcherOverview,
        matcher::RunBody,
        matcher::ProposedPair,
        matcher::RunOutcome,
        matcher::RunProposalItem,
        matcher::RunNote,
        matcher::RunDetail,
        matcher::Verdict,
        matcher::RunDecision,
        matcher::Decided,
        running::ChecklistName,
        running::ChecklistLine,
        running::ReportItem,
        running::FeedbackItem,
        running::Running,
        running::TickBody,
        running::ReportBody,
        running::FeedbackBody,
        records::WorkBody,
        records::PlaceBody,
        records::LevelBody,
        records::LicenceBody,
        records::HoursBody,
        records::WindowBody
    )),
    modifiers(&Common)
)]
pub struct ApiDoc;

/// The OpenAPI document, built once; the reference page reads it too.
static DOCUMENT: std::sync::LazyLock<utoipa::openapi::OpenApi> =
    std::sync::LazyLock::new(ApiDoc::openapi);

/// The OpenAPI document as served, written once.
fn document() -> &'static str {
    static JSON: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| DOCUMENT.to_pretty_json().unwrap_or_else(|_| "{}".into()));
    &JSON
}

async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document())
}

/// One operation of the reference page.
struct Operation {
    method: String,
    /// The path cut after each `/`, so that a narrow screen breaks it there.
    path: Vec<String>,
    summary: String,
    statuses: String,
}

/// The operations of one area of the API, under its heading.
struct Area {
    tag: &'static str,
    title: String,
    operations: Vec<Operation>,
}

/// The areas of the reference page, in the order a reader meets them.
const AREAS: [&str; 11] = [
    "account",
    "professional",
    "discovery",
    "facility",
    "matches",
    "matcher",
    "registry",
    "verification",
    "fhir",
    "observatory",
    "admin",
];

#[derive(Template)]
#[template(path = "api_reference.html")]
struct ReferencePage<'a> {
    ctx: &'a Ctx,
    areas: Vec<Area>,
}

/// The human-readable reference, read from the same document, by area.
async fn reference(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let mut areas: Vec<Area> = AREAS
        .iter()
        .map(|tag| Area {
            tag,
            title: ctx.t(&format!("api-tag-{tag}")),
            operations: Vec::new(),
        })
        .collect();
    for (path, item) in &DOCUMENT.paths.paths {
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
                let tag = op.tags.as_ref().and_then(|t| t.first());
                // Every operation names one of the areas (a test holds it).
                let Some(area) = areas
                    .iter_mut()
                    .find(|a| Some(a.tag) == tag.map(String::as_str))
                else {
                    continue;
                };
                area.operations.push(Operation {
                    method: method.to_string(),
                    path: path.split_inclusive('/').map(str::to_string).collect(),
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
    areas.retain(|a| !a.operations.is_empty());
    super::ok(&ReferencePage { ctx: &ctx, areas })
}

/// Whether a request is for the API.
pub fn is_api(req: &HttpRequest) -> bool {
    req.path().starts_with("/api/")
}
