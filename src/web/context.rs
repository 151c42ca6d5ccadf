//! The page context every handler and template gets: who is signed in, in
//! which language, the CSRF token for forms, the request id.

use actix_web::dev::Payload;
use actix_web::http::header::{AcceptLanguage, Header, Preference};
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use super::WebSettings;
use super::session::SessionInfo;
use crate::domain::{FieldErrors, Locale, Role};
use crate::error::AppError;
use crate::i18n;
use crate::services::accounts::{self, CurrentUser};
use crate::services::{Origin, Services};

/// Name of the cookie that keeps an anonymous visitor's language choice.
pub const LANG_COOKIE: &str = "lang";

/// The request id, set by the middleware for logs and error pages.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

pub struct Ctx {
    pub locale: Locale,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub request_id: String,
    /// Path and query of this request, to come back to after a language switch or login.
    pub here: String,
    /// Whether this request is a GET: only those are worth returning to after logging in.
    pub is_get: bool,
    pub origin: Origin,
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let services = req
                .app_data::<web::Data<Services>>()
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("services missing")))?
                .clone();
            let settings = req
                .app_data::<web::Data<WebSettings>>()
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("web settings missing")))?
                .clone();
            let info = req.extensions().get::<SessionInfo>().cloned();
            let mut info = info.unwrap_or_else(|| SessionInfo::anonymous(&services.tokens));
            let mut user = None;
            if info.is_user() {
                user = accounts::current_user(&services, &info.claims).await?;
                if user.is_none() {
                    // Ended elsewhere (log out everywhere, password change):
                    // carry on as a new anonymous visitor.
                    info = SessionInfo::anonymous(&services.tokens);
                    req.extensions_mut().insert(info.clone());
                }
            }
            let locale = user
                .as_ref()
                .map(|u| u.locale)
                .unwrap_or_else(|| visitor_locale(&req));
            req.extensions_mut().insert(locale);
            if let Some(u) = &user {
                req.extensions_mut().insert(u.clone());
            }
            Ok(Ctx {
                locale,
                csrf: settings.csrf.token(info.sid()),
                request_id: request_id(&req),
                here: here(&req),
                is_get: req.method() == actix_web::http::Method::GET,
                origin: origin(&req, settings.trust_proxy),
                user,
            })
        })
    }
}

impl Ctx {
    /// A context built without the database, for error pages.
    pub fn bare(req: &HttpRequest) -> Self {
        let settings = req.app_data::<web::Data<WebSettings>>().cloned();
        // Read the extensions and let go of them before anything else
        // (parsing cookies) needs to write there.
        let (locale, sid, user, request_id) = {
            let ext = req.extensions();
            (
                ext.get::<Locale>().copied(),
                ext.get::<SessionInfo>().map(|i| i.sid().to_string()),
                ext.get::<CurrentUser>().cloned(),
                ext.get::<RequestId>()
                    .map(|r| r.0.clone())
                    .unwrap_or_default(),
            )
        };
        let csrf = match (settings.as_ref(), sid) {
            (Some(s), Some(sid)) => s.csrf.token(&sid),
            _ => String::new(),
        };
        Ctx {
            locale: locale.unwrap_or_else(|| visitor_locale(req)),
            user,
            csrf,
            request_id,
            here: here(req),
            is_get: req.method() == actix_web::http::Method::GET,
            origin: origin(req, settings.is_some_and(|s| s.trust_proxy)),
        }
    }

    pub fn t(&self, key: &str) -> String {
        i18n::t(self.locale, key)
    }

    /// A message with one named argument.
    pub fn ta(&self, key: &str, name: &str, value: &str) -> String {
        i18n::t_args(self.locale, key, &[(name, value.to_string())])
    }

    /// A message with several named arguments.
    pub fn t_args(&self, key: &str, args: &[(&str, String)]) -> String {
        i18n::t_args(self.locale, key, args)
    }

    /// A message with a count, its plural variant chosen by the language's rules.
    /// Takes the number or a reference to it, as templates pass arguments by reference.
    pub fn tn(&self, key: &str, name: &str, n: impl std::borrow::Borrow<i64>) -> String {
        i18n::t_count(self.locale, key, name, *n.borrow())
    }

    /// A message with two named arguments.
    pub fn ta2(&self, key: &str, a: (&str, &str), b: (&str, &str)) -> String {
        i18n::t_args(
            self.locale,
            key,
            &[(a.0, a.1.to_string()), (b.0, b.1.to_string())],
        )
    }

    /// A message with two whole-number arguments, as templates need them.
    pub fn ta2_n(&self, key: &str, a: &str, x: impl ToString, b: &str, y: impl ToString) -> String {
        self.ta2(key, (a, &x.to_string()), (b, &y.to_string()))
    }

    /// A profession's name from its ISCO-08 code; empty when there is none.
    pub fn profession_name(&self, code: Option<&str>) -> String {
        code.and_then(crate::domain::profession::Profession::parse)
            .map(|p| self.t(&p.label_key()))
            .unwrap_or_default()
    }

    /// The translated problem with `field`, if any.
    pub fn err(&self, errors: &FieldErrors, field: &str) -> Option<String> {
        errors.get(field).map(|e| {
            let args: Vec<(&str, String)> = e.args.iter().map(|(k, v)| (*k, v.clone())).collect();
            i18n::t_args(self.locale, e.key, &args)
        })
    }

    /// Every problem, in the form order given by `fields`, for the summary at
    /// the top: the field's id, and its name with the message.
    pub fn error_summary(&self, errors: &FieldErrors, fields: &[&str]) -> Vec<(String, String)> {
        fields
            .iter()
            .filter_map(|f| {
                let message = self.err(errors, f)?;
                let line = match field_label_key(f) {
                    Some(label) => i18n::t_args(
                        self.locale,
                        "error-summary-item",
                        &[("field", self.t(label)), ("message", message)],
                    ),
                    None => message,
                };
                Some((f.to_string(), line))
            })
            .collect()
    }

    /// An audit action or record type in words, or as stored when it has none.
    pub fn audit_word(&self, kind: &str, value: &str) -> String {
        i18n::t_opt(self.locale, &format!("audit-{kind}-{value}"))
            .unwrap_or_else(|| value.to_string())
    }

    pub fn stylesheet(&self) -> &'static str {
        super::assets::STYLESHEET_PATH.as_str()
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    /// The languages to offer in the footer switch.
    pub fn other_locales(&self) -> Vec<Locale> {
        Locale::ALL
            .into_iter()
            .filter(|l| *l != self.locale)
            .collect()
    }

    pub fn is_role(&self, role: &str) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.as_str() == role)
    }

    pub fn home_path(&self) -> &'static str {
        self.user.as_ref().map_or("/", |u| u.role.home_path())
    }

    pub fn role_name(&self) -> String {
        self.user
            .as_ref()
            .map(|u| self.t(&format!("role-{}", u.role.as_str())))
            .unwrap_or_default()
    }

    /// A message named by a `?notice=` parameter; only known notices are shown.
    pub fn notice(&self, code: &str) -> Option<String> {
        const KNOWN: [&str; 54] = [
            "api-token-revoked",
            "verify-login",
            "password-reset",
            "password-changed",
            "logged-out",
            "logged-out-everywhere",
            "verification-sent",
            "email-verified",
            "profile-saved",
            "language-saved",
            "language-removed",
            "consent-give",
            "consent-withdraw",
            "window-saved",
            "window-deleted",
            "licence-saved",
            "licence-deleted",
            "account-deleted",
            "email-change-sent",
            "email-changed",
            "programme-saved",
            "coordinator-invited",
            "coordinator-programmes-saved",
            "coordinator-removed",
            "specialty-added",
            "safeguards-saved",
            "invitation-accepted",
            "facility-verified",
            "facility-rejected",
            "licence-verified",
            "licence-rejected",
            "staff-invited",
            "email-resent",
            "email-discarded",
            "emails-resent-all",
            "assignment-saved",
            "assignment-published",
            "assignment-closed",
            "match-propose",
            "match-approve",
            "match-reject",
            "match-accept",
            "match-decline",
            "match-deadline",
            "match-cancel",
            "match-complete",
            "interest-expressed",
            "interest-withdrawn",
            "checklist-saved",
            "report-filed",
            "feedback-filed",
            "matcher-ran",
            "matcher-decided",
            "matcher-decided-some",
        ];
        KNOWN
            .contains(&code)
            .then(|| self.t(&format!("notice-{code}")))
    }

    /// The signed-in user, if their role is `role`. Anonymous visitors are
    /// sent to log in; other roles are refused and the refusal audited.
    pub async fn require(&self, services: &Services, role: Role) -> Result<CurrentUser, AppError> {
        match &self.user {
            None => Err(self.login_required()),
            Some(u) if u.role == role => Ok(u.clone()),
            Some(u) => {
                crate::services::audit::refusal(
                    services,
                    Some(u.id.clone()),
                    &self.here,
                    &self.origin,
                )
                .await?;
                Err(AppError::Forbidden)
            }
        }
    }

    /// The signed-in user, whatever their role.
    pub fn require_user(&self) -> Result<CurrentUser, AppError> {
        self.user.clone().ok_or_else(|| self.login_required())
    }

    /// Log in first, then come back here if this was a page to look at.
    fn login_required(&self) -> AppError {
        AppError::LoginRequired {
            next: if self.is_get {
                self.here.clone()
            } else {
                String::new()
            },
        }
    }
}

/// The label of a form field, for the error summary.
fn field_label_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "full_name" => "field-full-name",
        "scope" => "field-token-scope",
        "name" => "field-token-name",
        "email" => "field-email",
        "password" => "field-password",
        "password_confirm" => "field-password-confirm",
        "current_password" => "field-current-password",
        "locale" => "field-locale",
        "privacy" => "footer-privacy",
        "facility_name" => "field-facility-name",
        "facility_kind" => "field-facility-kind",
        "country" => "field-country",
        "region" => "field-region",
        "city" => "field-city",
        "profession" => "field-profession",
        "specialties" => "field-specialties",
        "years_experience" => "field-years-experience",
        "skills" => "field-skills",
        "bio" => "field-bio",
        "origin_country" => "field-origin-country",
        "residence_country" => "field-residence-country",
        "residence_city" => "field-residence-city",
        "residence_status" => "field-residence-status",
        "time_zone" => "field-time-zone",
        "language" => "field-language",
        "level" => "field-language-level",
        "new_email" => "field-new-email",
        "issuing_country" => "field-issuing-country",
        "issuing_body" => "field-issuing-body",
        "number" => "field-licence-number",
        "licence_profession" => "field-profession",
        "valid_from" => "field-valid-from",
        "valid_until" => "field-valid-until",
        "starts_on" => "field-starts-on",
        "ends_on" => "field-ends-on",
        "modality" => "field-modality",
        "weekly_hours" => "field-weekly-hours",
        "hours_1" => "weekday-1",
        "hours_2" => "weekday-2",
        "hours_3" => "weekday-3",
        "hours_4" => "weekday-4",
        "hours_5" => "weekday-5",
        "hours_6" => "weekday-6",
        "hours_7" => "weekday-7",
        "code" => "field-programme-code",
        "name_en" => "field-name-en",
        "name_fr" => "field-name-fr",
        "countries" => "field-countries",
        "residence_statuses" => "field-residence-statuses",
        "min_years_experience" => "field-min-years",
        "onsite_min_days" => "field-onsite-min-days",
        "onsite_max_days" => "field-onsite-max-days",
        "weight_diaspora" => "criterion-diaspora",
        "weight_skills" => "criterion-skills",
        "weight_experience" => "criterion-experience",
        "weight_availability" => "criterion-availability",
        "weight_languages" => "criterion-languages",
        "weight_track_record" => "criterion-track_record",
        "weight_interest" => "criterion-interest",
        "weight_safeguards" => "criterion-safeguards",
        "weight_urgency" => "criterion-urgency",
        "status" => "field-programme-status",
        "programmes" => "field-programmes",
        "reason" => "field-reason",
        "activities" => "field-activities",
        "people_trained" => "field-people-trained",
        "patients_seen" => "field-patients-seen",
        "sessions_delivered" => "field-sessions-delivered",
        "hours_given" => "field-hours-given",
        "notes" => "field-report-notes",
        "rating" => "field-rating",
        "matches" => "matcher-choose-label",
        "days" => "match-days",
        "comments" => "field-comments",
        "title" => "field-title",
        "objectives" => "field-objectives",
        "professions" => "field-professions",
        "specialty" => "field-specialty",
        "required_skills" => "field-required-skills",
        "desired_skills" => "field-desired-skills",
        "language_1" | "language_2" | "language_3" => "field-language",
        "level_1" | "level_2" | "level_3" => "field-language-min-level",
        "hours_per_week" => "field-hours-per-week",
        "session_1" | "session_2" | "session_3" | "session_4" | "session_5" => "assignment-session",
        "positions" => "field-positions",
        "support_details" => "field-support-details",
        "edition" => "field-edition",
        "actor" => "field-audit-actor",
        "action" => "field-audit-action",
        "object_type" => "field-audit-object-type",
        "object_id" => "field-audit-object-id",
        "date_from" => "field-date-from",
        "date_to" => "field-date-to",
        "note" => "field-interest-note",
        "from" => "field-date-from",
        "to" => "field-date-to",
        "programme" => "observatory-programme",
        "year" => "statistics-year",
        "q" => "field-search-text",
        _ => return None,
    })
}

/// The language of a visitor who is not signed in: their choice in the
/// footer, else what the browser asks for, else English.
pub fn visitor_locale(req: &HttpRequest) -> Locale {
    if let Some(l) = req.cookie(LANG_COOKIE).and_then(|c| c.value().parse().ok()) {
        return l;
    }
    AcceptLanguage::parse(req)
        .ok()
        .and_then(|header| {
            header.ranked().into_iter().find_map(|p| match p {
                Preference::Specific(tag) => Locale::from_tag(tag.primary_language()),
                Preference::Any => None,
            })
        })
        .unwrap_or_default()
}

fn request_id(req: &HttpRequest) -> String {
    req.extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default()
}

fn here(req: &HttpRequest) -> String {
    let uri = req.uri();
    uri.path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| uri.path().to_string())
}

/// The client address: the peer; behind the proxy `TRUST_PROXY` names, the
/// last `X-Forwarded-For` entry, the one that proxy wrote. Entries before it
/// were written by the client and prove nothing.
pub fn origin(req: &HttpRequest, trust_proxy: bool) -> Origin {
    let peer = req.peer_addr().map(|a| a.ip());
    let forwarded = || {
        let header = req.headers().get_all("x-forwarded-for").last()?;
        let last = header.to_str().ok()?.rsplit(',').next()?.trim();
        last.parse::<std::net::IpAddr>()
            .ok()
            .or_else(|| last.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
    };
    let addr = if trust_proxy {
        forwarded().or(peer)
    } else {
        peer
    };
    Origin {
        addr: addr.map(|a| a.to_string()),
    }
}
