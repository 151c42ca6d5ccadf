//! HTTP: routes per area, the request context (session, locale, CSRF), error
//! pages. Handlers stay thin: parse, call one service, render.

pub mod account;
pub mod admin;
pub mod api;
pub mod api_tokens;
pub mod areas;
pub mod assets;
pub mod auth;
pub mod availability;
pub mod consents;
pub mod context;
pub mod coordinator;
pub mod discovery;
pub mod errors;
pub mod facility;
pub mod facility_assignments;
pub mod forms;
pub mod invitations;
pub mod licences;
pub mod match_running;
pub mod matcher_words;
pub mod matches;
pub mod middleware;
pub mod observatory;
pub mod pages;
pub mod profile;
pub mod session;
pub mod terms;

use actix_web::{HttpResponse, http::StatusCode, web};
use askama::Template;

pub use context::Ctx;

use crate::error::AppError;
use crate::security::csrf::Csrf;

/// Settings the web layer derives once from the configuration.
#[derive(Clone)]
pub struct WebSettings {
    pub csrf: Csrf,
    pub cookie_name: &'static str,
    pub secure_cookies: bool,
    pub trust_proxy: bool,
}

impl WebSettings {
    pub fn new(config: &crate::config::Config) -> Self {
        let https = config.is_https();
        Self {
            csrf: Csrf::new(config.session_secret.expose()),
            // The __Host- prefix makes the browser refuse the cookie unless it
            // is Secure, host-only and for the whole site.
            cookie_name: if https { "__Host-sankofa" } else { "sankofa" },
            secure_cookies: https,
            trust_proxy: config.trust_proxy,
        }
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(api::routes);
    cfg.route("/", web::get().to(pages::landing))
        .route("/privacy", web::get().to(pages::privacy))
        .route("/statistics", web::get().to(observatory::public))
        .route(
            "/statistics/chart/{id}.svg",
            web::get().to(observatory::public_chart),
        )
        .route(
            "/statistics/{id}.csv",
            web::get().to(observatory::public_csv),
        )
        .route("/observatory", web::get().to(observatory::page))
        .route(
            "/observatory/chart/{id}.svg",
            web::get().to(observatory::page_chart),
        )
        .route(
            "/observatory/{id}.csv",
            web::get().to(observatory::page_csv),
        )
        .route("/healthz", web::get().to(pages::healthz))
        .route("/readyz", web::get().to(pages::readyz))
        .route("/static/{file}", web::get().to(pages::static_file))
        .service(web::resource("/language").post(pages::set_language))
        .service(
            web::resource("/login")
                .get(auth::login_form)
                .post(auth::login),
        )
        .service(web::resource("/logout").post(auth::logout))
        .route("/signup", web::get().to(auth::signup_choice))
        .service(
            web::resource("/signup/professional")
                .get(auth::signup_professional_form)
                .post(auth::signup_professional),
        )
        .service(
            web::resource("/signup/facility")
                .get(auth::signup_facility_form)
                .post(auth::signup_facility),
        )
        .route("/signup/sent", web::get().to(auth::signup_sent))
        .service(
            web::resource("/verify-email")
                .get(auth::verify_email_form)
                .post(auth::verify_email),
        )
        .service(web::resource("/verify-email/resend").post(auth::resend_verification))
        .service(
            web::resource("/password/forgot")
                .get(auth::forgot_form)
                .post(auth::forgot),
        )
        .route("/password/forgot/sent", web::get().to(auth::forgot_sent))
        .service(
            web::resource("/password/reset")
                .get(auth::reset_form)
                .post(auth::reset),
        )
        .route("/account", web::get().to(account::page))
        .route("/account/export", web::get().to(account::export))
        .service(
            web::resource("/account/tokens")
                .route(web::get().to(api_tokens::page))
                .route(web::post().to(api_tokens::create)),
        )
        .service(
            web::resource("/account/tokens/{id}/revoke")
                .route(web::get().to(api_tokens::revoke_form))
                .route(web::post().to(api_tokens::revoke)),
        )
        .service(
            web::resource("/account/email")
                .get(account::email_form)
                .post(account::change_email),
        )
        .service(
            web::resource("/account/email/confirm")
                .get(account::email_confirm_form)
                .post(account::email_confirm),
        )
        .service(
            web::resource("/account/delete")
                .get(account::delete_form)
                .post(account::delete),
        )
        .service(web::resource("/account/password").post(account::change_password))
        .service(web::resource("/account/logout-everywhere").post(account::logout_everywhere))
        .route("/professional", web::get().to(areas::professional))
        .route("/assignments", web::get().to(discovery::search))
        .route("/assignments/{id}", web::get().to(discovery::read))
        .service(web::resource("/assignments/{id}/interest").post(discovery::express))
        .service(web::resource("/assignments/{id}/withdraw").post(discovery::withdraw))
        .route("/professional/profile", web::get().to(profile::overview))
        .route("/professional/consents", web::get().to(consents::page))
        .route("/professional/licences", web::get().to(licences::list))
        .service(
            web::resource("/professional/licences/new")
                .get(licences::new_form)
                .post(licences::create),
        )
        .service(
            web::resource("/professional/licences/{id}/edit")
                .get(licences::edit_form)
                .post(licences::update),
        )
        .service(
            web::resource("/professional/licences/{id}/delete")
                .get(licences::delete_form)
                .post(licences::delete),
        )
        .route(
            "/professional/availability",
            web::get().to(availability::list),
        )
        .service(
            web::resource("/professional/availability/new")
                .get(availability::new_form)
                .post(availability::create),
        )
        .service(
            web::resource("/professional/availability/{id}/edit")
                .get(availability::edit_form)
                .post(availability::update),
        )
        .service(
            web::resource("/professional/availability/{id}/delete")
                .get(availability::delete_form)
                .post(availability::delete),
        )
        .service(web::resource("/professional/consents/{kind}/{action}").post(consents::change))
        .service(
            web::resource("/professional/profile/work")
                .get(profile::work_form)
                .post(profile::save_work),
        )
        .service(
            web::resource("/professional/profile/place")
                .get(profile::place_form)
                .post(profile::save_place),
        )
        .service(
            web::resource("/professional/profile/languages")
                .get(profile::languages)
                .post(profile::set_language),
        )
        .service(
            web::resource("/professional/profile/languages/{code}/remove")
                .post(profile::remove_language),
        )
        .route("/matches/{id}", web::get().to(matches::page))
        .service(web::resource("/matches/{id}/checklist").post(match_running::tick))
        .service(
            web::resource("/matches/{id}/report")
                .get(match_running::report_page)
                .post(match_running::file_report),
        )
        .service(
            web::resource("/matches/{id}/feedback")
                .get(match_running::feedback_page)
                .post(match_running::file_feedback),
        )
        // Before the steps' resource, which would answer 405 to a GET.
        .route(
            "/matches/{id}/calendar.ics",
            web::get().to(matches::calendar),
        )
        .service(web::resource("/matches/{id}/{action}").post(matches::act))
        .route("/coordinator/matches", web::get().to(matches::dashboard))
        .service(web::resource("/coordinator/matches/propose").post(matches::propose))
        .route("/professional/offers", web::get().to(matches::offers))
        .route("/facility", web::get().to(areas::facility))
        .service(
            web::resource("/facility/{id}/assignments")
                .route(web::get().to(facility_assignments::list)),
        )
        .service(
            web::resource("/facility/{id}/assignments/new")
                .get(facility_assignments::new_form)
                .post(facility_assignments::create),
        )
        .service(
            web::resource("/facility/{id}/assignments/{aid}")
                .route(web::get().to(facility_assignments::view)),
        )
        .service(
            web::resource("/facility/{id}/assignments/{aid}/edit")
                .get(facility_assignments::edit_form)
                .post(facility_assignments::update),
        )
        .service(
            web::resource("/facility/{id}/assignments/{aid}/publish")
                .post(facility_assignments::publish),
        )
        .service(
            web::resource("/facility/{id}/assignments/{aid}/close")
                .get(facility_assignments::close_form)
                .post(facility_assignments::close),
        )
        .service(
            web::resource("/facility/{id}/invite")
                .get(facility::invite_form)
                .post(facility::invite),
        )
        .route("/coordinator", web::get().to(coordinator::home))
        .route(
            "/coordinator/facilities",
            web::get().to(coordinator::verification::facilities),
        )
        .route(
            "/coordinator/facilities/{id}",
            web::get().to(coordinator::verification::facility),
        )
        .service(
            web::resource("/coordinator/facilities/{id}/{decision}")
                .post(coordinator::verification::decide_facility),
        )
        .route(
            "/coordinator/matcher",
            web::get().to(coordinator::matcher::overview),
        )
        .service(web::resource("/coordinator/matcher/run").post(coordinator::matcher::run))
        .route(
            "/coordinator/matcher/runs/{id}",
            web::get().to(coordinator::matcher::run_page),
        )
        .service(
            web::resource("/coordinator/matcher/runs/{id}/decide")
                .post(coordinator::matcher::decide),
        )
        .route(
            "/coordinator/interests",
            web::get().to(coordinator::interests::list),
        )
        .route(
            "/coordinator/registry",
            web::get().to(coordinator::registry::search),
        )
        .route(
            "/coordinator/professionals/{id}",
            web::get().to(coordinator::registry::profile),
        )
        .route(
            "/coordinator/licences",
            web::get().to(coordinator::verification::licences),
        )
        .route(
            "/coordinator/licences/{id}",
            web::get().to(coordinator::verification::licence),
        )
        .service(
            web::resource("/coordinator/licences/{id}/{decision}")
                .post(coordinator::verification::decide_licence),
        )
        .service(
            web::resource("/invitations/accept")
                .get(invitations::accept_form)
                .post(invitations::accept),
        )
        .route("/admin", web::get().to(areas::admin))
        .route("/admin/programmes", web::get().to(admin::programmes::list))
        .service(
            web::resource("/admin/programmes/new")
                .get(admin::programmes::new_form)
                .post(admin::programmes::create),
        )
        .service(
            web::resource("/admin/programmes/{id}/edit")
                .get(admin::programmes::edit_form)
                .post(admin::programmes::update),
        )
        .route(
            "/admin/coordinators",
            web::get().to(admin::coordinators::list),
        )
        .service(
            web::resource("/admin/coordinators/invite")
                .get(admin::coordinators::invite_form)
                .post(admin::coordinators::invite),
        )
        .service(
            web::resource("/admin/coordinators/{id}/programmes")
                .get(admin::coordinators::programmes_form)
                .post(admin::coordinators::change_programmes),
        )
        .service(
            web::resource("/admin/coordinators/{id}/remove")
                .get(admin::coordinators::remove_form)
                .post(admin::coordinators::remove),
        )
        .service(
            web::resource("/admin/specialties")
                .get(admin::vocabularies::specialties)
                .post(admin::vocabularies::add_specialty),
        )
        .service(
            web::resource("/admin/safeguards")
                .get(admin::vocabularies::safeguards)
                .post(admin::vocabularies::set_safeguards),
        )
        .route("/admin/audit", web::get().to(admin::audit::page))
        .route("/admin/audit.csv", web::get().to(admin::audit::csv))
        .route("/admin/outbox", web::get().to(admin::outbox::list))
        .service(web::resource("/admin/outbox/resend-all").post(admin::outbox::resend_all))
        .service(web::resource("/admin/outbox/{id}/resend").post(admin::outbox::resend))
        .service(
            web::resource("/admin/outbox/{id}/discard")
                .get(admin::outbox::discard_form)
                .post(admin::outbox::discard),
        );
}

/// Renders a page with a status.
pub fn render(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AppError> {
    let body = page
        .render()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template failed: {e}")))?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

pub fn ok(page: &impl Template) -> Result<HttpResponse, AppError> {
    render(StatusCode::OK, page)
}

/// 303 See Other: where a browser goes after a form succeeds.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location.to_string()))
        .finish()
}

/// A local path to return to after logging in; anything else (another host,
/// a scheme, `//host`, a backslash trick) becomes `None`.
pub fn safe_next(next: &str) -> Option<String> {
    let n = next.trim();
    let ok = n.starts_with('/')
        && !n.starts_with("//")
        && !n.starts_with("/\\")
        && !n.contains('\\')
        && !n.chars().any(char::is_control)
        && n.len() <= 512;
    ok.then(|| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next("/account").as_deref(), Some("/account"));
        assert_eq!(safe_next("/facility?x=1").as_deref(), Some("/facility?x=1"));
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "evil",
            "",
            "/\nSet-Cookie:x",
            "/\u{1}",
            "/\u{7f}",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }
}
