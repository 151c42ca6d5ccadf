//! Sign-up, email verification, login and logout, forgotten passwords.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::forms::{Choice, CsrfForm, NoFields, checked, country_choices};
use super::{Ctx, WebSettings, ok, render, safe_next, see_other, session};
use crate::domain::FieldErrors;
use crate::domain::facility::FacilityKind;
use crate::error::AppError;
use crate::services::Services;
use crate::services::accounts::{self, FacilityForm, SignUpForm};

// ---------------------------------------------------------------- login

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginQuery {
    next: String,
    notice: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginInput {
    email: String,
    password: String,
    next: String,
}

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage<'a> {
    ctx: &'a Ctx,
    email: String,
    next: String,
    notice: Option<String>,
    errors: FieldErrors,
    failed: bool,
}

pub async fn login_form(ctx: Ctx, q: web::Query<LoginQuery>) -> Result<HttpResponse, AppError> {
    if let Some(user) = &ctx.user {
        return Ok(see_other(
            &safe_next(&q.next).unwrap_or_else(|| user.role.home_path().into()),
        ));
    }
    ok(&LoginPage {
        email: String::new(),
        next: safe_next(&q.next).unwrap_or_default(),
        notice: ctx.notice(&q.notice),
        errors: FieldErrors::new(),
        failed: false,
        ctx: &ctx,
    })
}

pub async fn login(
    ctx: Ctx,
    services: web::Data<Services>,
    settings: web::Data<WebSettings>,
    form: CsrfForm<LoginInput>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let next = safe_next(&form.next);
    match accounts::login(&services, &form.email, &form.password, &ctx.origin).await {
        Ok(who) => {
            // A new token, with a new session id, at every login.
            let (token, _) = services.tokens.session(
                &who.user_id,
                who.session_epoch,
                chrono::Utc::now().timestamp(),
            );
            let mut res = see_other(&next.unwrap_or_else(|| who.role.home_path().into()));
            res.add_cookie(&session::cookie(&settings, token))
                .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
            Ok(res)
        }
        Err(AppError::InvalidCredentials) => render(
            StatusCode::UNAUTHORIZED,
            &LoginPage {
                email: form.email,
                next: next.unwrap_or_default(),
                notice: None,
                errors: FieldErrors::new(),
                failed: true,
                ctx: &ctx,
            },
        ),
        Err(AppError::Validation(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &LoginPage {
                email: form.email,
                next: next.unwrap_or_default(),
                notice: None,
                errors,
                failed: false,
                ctx: &ctx,
            },
        ),
        Err(other) => Err(other),
    }
}

/// Ends this browser's session only.
pub async fn logout(
    settings: web::Data<WebSettings>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let mut res = see_other("/login?notice=logged-out");
    res.add_cookie(&session::removal(&settings))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
    Ok(res)
}

// ---------------------------------------------------------------- sign-up

#[derive(Template)]
#[template(path = "auth/signup_choice.html")]
struct SignupChoice<'a> {
    ctx: &'a Ctx,
}

pub async fn signup_choice(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ok(&SignupChoice { ctx: &ctx })
}

/// What was typed, sent back with the messages when something is wrong.
/// Passwords are never sent back.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SignupInput {
    email: String,
    password: String,
    password_confirm: String,
    full_name: String,
    locale: String,
    privacy: Option<String>,
    facility_name: String,
    facility_kind: String,
    country: String,
    region: String,
    city: String,
}

#[derive(Template)]
#[template(path = "auth/signup.html")]
struct SignupPage<'a> {
    ctx: &'a Ctx,
    facility: bool,
    action: &'static str,
    form: SignupInput,
    errors: FieldErrors,
    fields: &'static [&'static str],
    locales: Vec<Choice>,
    kinds: Vec<Choice>,
    countries: Vec<Choice>,
}

const PROFESSIONAL_FIELDS: &[&str] = &[
    "full_name",
    "email",
    "password",
    "password_confirm",
    "locale",
    "privacy",
];
const FACILITY_FIELDS: &[&str] = &[
    "full_name",
    "email",
    "password",
    "password_confirm",
    "locale",
    "facility_name",
    "facility_kind",
    "country",
    "region",
    "city",
    "privacy",
];

impl<'a> SignupPage<'a> {
    fn new(ctx: &'a Ctx, facility: bool, mut form: SignupInput, errors: FieldErrors) -> Self {
        if form.locale.is_empty() {
            form.locale = ctx.locale.code().to_string();
        }
        form.password.clear();
        form.password_confirm.clear();
        let locales = super::forms::locale_choices();
        let (kinds, countries) = if facility {
            (
                FacilityKind::ALL
                    .into_iter()
                    .map(|k| Choice {
                        value: k.as_str().into(),
                        label: ctx.t(&format!("facility-kind-{}", k.as_str())),
                    })
                    .collect(),
                country_choices(ctx),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        Self {
            ctx,
            facility,
            action: if facility {
                "/signup/facility"
            } else {
                "/signup/professional"
            },
            form,
            errors,
            fields: if facility {
                FACILITY_FIELDS
            } else {
                PROFESSIONAL_FIELDS
            },
            locales,
            kinds,
            countries,
        }
    }

    fn privacy_checked(&self) -> bool {
        checked(&self.form.privacy)
    }
}

pub async fn signup_professional_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ok(&SignupPage::new(
        &ctx,
        false,
        SignupInput::default(),
        FieldErrors::new(),
    ))
}

pub async fn signup_facility_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ok(&SignupPage::new(
        &ctx,
        true,
        SignupInput::default(),
        FieldErrors::new(),
    ))
}

pub async fn signup_professional(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<SignupInput>,
) -> Result<HttpResponse, AppError> {
    sign_up(ctx, services, form.0, false).await
}

pub async fn signup_facility(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<SignupInput>,
) -> Result<HttpResponse, AppError> {
    sign_up(ctx, services, form.0, true).await
}

async fn sign_up(
    ctx: Ctx,
    services: web::Data<Services>,
    input: SignupInput,
    facility: bool,
) -> Result<HttpResponse, AppError> {
    let request = SignUpForm {
        email: input.email.clone(),
        password: input.password.clone(),
        password_confirm: input.password_confirm.clone(),
        full_name: input.full_name.clone(),
        locale: input.locale.clone(),
        privacy_accepted: checked(&input.privacy),
        facility: facility.then(|| FacilityForm {
            name: input.facility_name.clone(),
            kind: input.facility_kind.clone(),
            country: input.country.clone(),
            region: input.region.clone(),
            city: input.city.clone(),
        }),
    };
    match accounts::sign_up(&services, request, &ctx.origin).await {
        Ok(()) => Ok(see_other("/signup/sent")),
        Err(AppError::Validation(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SignupPage::new(&ctx, facility, input, errors),
        ),
        Err(other) => Err(other),
    }
}

#[derive(Template)]
#[template(path = "auth/message.html")]
struct MessagePage<'a> {
    ctx: &'a Ctx,
    title: String,
    paragraphs: Vec<String>,
    link: Option<(String, String)>,
}

pub async fn signup_sent(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ok(&MessagePage {
        title: ctx.t("signup-sent-title"),
        paragraphs: vec![ctx.t("signup-sent-body"), ctx.t("signup-sent-spam")],
        link: Some(("/login".into(), ctx.t("nav-login"))),
        ctx: &ctx,
    })
}

// ---------------------------------------------------------------- email verification

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenQuery {
    pub token: String,
}

#[derive(Template)]
#[template(path = "auth/verify.html")]
struct VerifyPage<'a> {
    ctx: &'a Ctx,
    token: String,
}

/// The link from the email opens a page with one button: opening a link
/// changes nothing, so mail scanners that follow links cannot act for the user.
pub async fn verify_email_form(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let owner = accounts::check_verification_link(&services, &q.token)?;
    match &ctx.user {
        None => {
            let next: String = url::form_urlencoded::byte_serialize(ctx.here.as_bytes()).collect();
            Ok(see_other(&format!(
                "/login?next={next}&notice=verify-login"
            )))
        }
        Some(u) if u.id != owner => Err(AppError::WrongAccount),
        Some(_) => ok(&VerifyPage {
            token: q.token.clone(),
            ctx: &ctx,
        }),
    }
}

pub async fn verify_email(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    accounts::verify_email(&services, &user, &form.0.token, &ctx.origin).await?;
    let link = (user.role.home_path().to_string(), ctx.t("nav-my-area"));
    ok(&MessagePage {
        title: ctx.t("verify-done-title"),
        paragraphs: vec![ctx.t("verify-done-body")],
        link: Some(link),
        ctx: &ctx,
    })
}

pub async fn resend_verification(
    ctx: Ctx,
    services: web::Data<Services>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    accounts::resend_verification(&services, &user, &ctx.origin).await?;
    Ok(see_other(&format!(
        "{}?notice=verification-sent",
        user.role.home_path()
    )))
}

// ---------------------------------------------------------------- forgotten password

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ForgotInput {
    email: String,
}

#[derive(Template)]
#[template(path = "auth/forgot.html")]
struct ForgotPage<'a> {
    ctx: &'a Ctx,
    email: String,
    errors: FieldErrors,
}

pub async fn forgot_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ok(&ForgotPage {
        email: String::new(),
        errors: FieldErrors::new(),
        ctx: &ctx,
    })
}

pub async fn forgot(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<ForgotInput>,
) -> Result<HttpResponse, AppError> {
    match accounts::request_password_reset(&services, &form.0.email, &ctx.origin).await {
        Ok(()) => Ok(see_other("/password/forgot/sent")),
        Err(AppError::Validation(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ForgotPage {
                email: form.0.email,
                errors,
                ctx: &ctx,
            },
        ),
        Err(other) => Err(other),
    }
}

pub async fn forgot_sent(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ok(&MessagePage {
        title: ctx.t("forgot-sent-title"),
        paragraphs: vec![ctx.t("forgot-sent-body"), ctx.t("signup-sent-spam")],
        link: Some(("/login".into(), ctx.t("nav-login"))),
        ctx: &ctx,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResetInput {
    token: String,
    password: String,
    password_confirm: String,
}

#[derive(Template)]
#[template(path = "auth/reset.html")]
struct ResetPage<'a> {
    ctx: &'a Ctx,
    token: String,
    errors: FieldErrors,
}

pub async fn reset_form(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    accounts::check_reset_link(&services, &q.token).await?;
    ok(&ResetPage {
        token: q.token.clone(),
        errors: FieldErrors::new(),
        ctx: &ctx,
    })
}

pub async fn reset(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<ResetInput>,
) -> Result<HttpResponse, AppError> {
    let f = form.0;
    match accounts::reset_password(
        &services,
        &f.token,
        &f.password,
        &f.password_confirm,
        &ctx.origin,
    )
    .await
    {
        Ok(()) => Ok(see_other("/login?notice=password-reset")),
        Err(AppError::Validation(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ResetPage {
                token: f.token,
                errors,
                ctx: &ctx,
            },
        ),
        Err(other) => Err(other),
    }
}
