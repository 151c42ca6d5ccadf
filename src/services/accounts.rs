//! Accounts: sign-up (professional or facility staff), email verification,
//! login, sessions, password reset and change, language.

use chrono::NaiveDateTime;

use super::{Origin, Services};
use crate::db::{self, DbConn};
use crate::domain::facility::{FacilityKind, FacilityStatus};
use crate::domain::validation::{MAX_NAME, MAX_SHORT_TEXT};
use crate::domain::{Email, FieldError, FieldErrors, Locale, Role, countries, password};
use crate::error::{AppError, AppResult};
use crate::mail::compose;
use crate::security::passwords::Plain;
use crate::security::sha256_hex;
use crate::security::tokens::{Claims, TokenType};
use crate::store::audit::{self, Event};
use crate::store::{facilities, password_resets, users};

/// The signed-in user, as every request sees them.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: String,
    pub email: String,
    pub full_name: String,
    pub role: Role,
    pub locale: Locale,
    pub email_verified: bool,
    pub session_epoch: i32,
}

impl CurrentUser {
    pub(crate) fn from_row(u: users::SessionUser) -> Option<Self> {
        Some(Self {
            role: u.role.parse().ok()?,
            locale: u.locale.parse().unwrap_or_default(),
            email_verified: u.email_verified,
            session_epoch: u.session_epoch,
            id: u.id,
            email: u.email,
            full_name: u.full_name,
        })
    }
}

impl CurrentUser {
    /// Refuses anyone whose role is not `role`.
    pub fn require_role(&self, role: Role) -> AppResult<()> {
        if self.role == role {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// The user a session token names, if the token is still good: same epoch,
/// account not disabled.
pub async fn current_user(s: &Services, claims: &Claims) -> AppResult<Option<CurrentUser>> {
    if claims.typ != TokenType::Session {
        return Ok(None);
    }
    let Some(epoch) = claims.ep else {
        return Ok(None);
    };
    let id = claims.sub.clone();
    let user =
        s.db.run(move |c| Ok(users::find_for_session(c, &id, epoch)?))
            .await?;
    Ok(user.and_then(CurrentUser::from_row))
}

/// The signed-in person's password, typed again before a sensitive change:
/// limited per account like logins, refused by the field when wrong.
async fn check_current_password(
    s: &Services,
    user: &CurrentUser,
    current: &str,
    origin: &Origin,
) -> AppResult<()> {
    s.limits.check_account(&user.email, origin)?;
    let id = user.id.clone();
    let stored =
        s.db.run(move |c| Ok(users::find(c, &id)?.map(|u| u.password_hash)))
            .await?;
    if s.hasher.verify(Plain::new(current), stored).await?.ok {
        Ok(())
    } else {
        Err(AppError::validation(
            "current_password",
            FieldError::new("err-current-password-wrong"),
        ))
    }
}

// ---------------------------------------------------------------- sign-up

#[derive(Debug, Clone, Default)]
pub struct SignUpForm {
    pub email: String,
    pub password: String,
    pub password_confirm: String,
    pub full_name: String,
    pub locale: String,
    pub privacy_accepted: bool,
    /// Present for facility staff.
    pub facility: Option<FacilityForm>,
}

#[derive(Debug, Clone, Default)]
pub struct FacilityForm {
    pub name: String,
    pub kind: String,
    pub country: String,
    pub region: String,
    pub city: String,
}

struct ValidSignUp {
    email: Email,
    full_name: String,
    locale: Locale,
    facility: Option<ValidFacility>,
}

struct ValidFacility {
    name: String,
    kind: FacilityKind,
    country: String,
    region: String,
    city: String,
}

fn validate_sign_up(f: &SignUpForm) -> Result<ValidSignUp, FieldErrors> {
    let mut e = FieldErrors::new();
    let email = Email::parse(&f.email)
        .map_err(|err| e.add("email", err))
        .ok();
    if let Err((first, second)) = password::check_new(&f.password, &f.password_confirm) {
        e.add_opt("password", first);
        e.add_opt("password_confirm", second);
    }
    let full_name = e.required_text("full_name", &f.full_name, MAX_NAME);
    let locale = f.locale.parse::<Locale>();
    if locale.is_err() {
        e.add("locale", FieldError::new("err-choose-option"));
    }
    if !f.privacy_accepted {
        e.add("privacy", FieldError::new("err-privacy-required"));
    }
    let facility = f.facility.as_ref().map(|fac| {
        let name = e.required_text("facility_name", &fac.name, MAX_SHORT_TEXT);
        let kind = fac.kind.parse::<FacilityKind>();
        if kind.is_err() {
            e.add("facility_kind", FieldError::new("err-choose-option"));
        }
        let country = countries::find(&fac.country).map(|c| c.code.clone());
        if country.is_none() {
            e.add(
                "country",
                FieldError::new(if fac.country.trim().is_empty() {
                    "err-required"
                } else {
                    "err-country-unknown"
                }),
            );
        }
        let region = e.required_text("region", &fac.region, MAX_SHORT_TEXT);
        let city = e.required_text("city", &fac.city, MAX_SHORT_TEXT);
        (name, kind, country, region, city)
    });
    if !e.is_empty() {
        return Err(e);
    }
    let facility = facility.map(|(name, kind, country, region, city)| ValidFacility {
        name,
        kind: kind.expect("checked above"),
        country: country.expect("checked above"),
        region,
        city,
    });
    Ok(ValidSignUp {
        email: email.expect("checked above"),
        full_name,
        locale: locale.expect("checked above"),
        facility,
    })
}

/// Creates the account and, for facility staff, the facility pending
/// verification; queues the verification email. When the address already has
/// an account the answer is the same, and its owner is told by email instead.
pub async fn sign_up(s: &Services, form: SignUpForm, origin: &Origin) -> AppResult<()> {
    s.limits.check_addr(origin)?;
    let valid = validate_sign_up(&form).map_err(AppError::Validation)?;
    // Hash before looking the address up, so both answers take as long.
    let hash = s.hasher.hash(Plain::new(form.password)).await?;
    let svc = s.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let now = db::now();
        if let Some(existing) = users::find_by_email(c, valid.email.as_str())? {
            let locale = existing.locale.parse().unwrap_or(valid.locale);
            let message = compose::account_exists(
                locale,
                &existing.full_name,
                svc.config.public_link("/login"),
            );
            Services::enqueue_email(c, &existing.email, &message)?;
            record(
                c,
                None,
                "signup_existing_email",
                "user",
                &existing.id,
                addr.as_deref(),
                now,
            )?;
            return Ok(());
        }
        let id = db::new_id();
        let role = if valid.facility.is_some() {
            Role::Facility
        } else {
            Role::Professional
        };
        users::insert(
            c,
            &users::NewUser {
                id: &id,
                email: valid.email.as_str(),
                password_hash: &hash,
                full_name: &valid.full_name,
                role: role.as_str(),
                locale: valid.locale.code(),
                email_verified_at: None,
                privacy_accepted_at: Some(now),
                session_epoch: 0,
                created_at: now,
                updated_at: now,
            },
        )?;
        record(
            c,
            Some(&id),
            "user_signed_up",
            "user",
            &id,
            addr.as_deref(),
            now,
        )?;
        if let Some(f) = &valid.facility {
            let facility_id = db::new_id();
            facilities::insert(
                c,
                &facilities::NewFacility {
                    id: &facility_id,
                    name: &f.name,
                    kind: f.kind.as_str(),
                    country_code: &f.country,
                    region: &f.region,
                    city: &f.city,
                    status: FacilityStatus::Pending.as_str(),
                    created_at: now,
                    updated_at: now,
                },
            )?;
            facilities::add_staff(c, &facility_id, &id, now)?;
            record(
                c,
                Some(&id),
                "facility_registered",
                "facility",
                &facility_id,
                addr.as_deref(),
                now,
            )?;
        }
        queue_verification(
            &svc,
            c,
            &id,
            valid.email.as_str(),
            &valid.full_name,
            valid.locale,
            now,
        )?;
        Ok(())
    })
    .await
    .or_else(|e| match e {
        // Two sign-ups with one address at the same instant: the first wins,
        // the second gets the same answer as any repeated sign-up.
        AppError::Internal(ref inner) if is_unique_violation(inner) => Ok(()),
        other => Err(other),
    })?;
    s.outbox_wake.notify_one();
    Ok(())
}

fn is_unique_violation(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<diesel::result::Error>(),
        Some(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _
        ))
    )
}

fn queue_verification(
    s: &Services,
    c: &mut DbConn,
    user_id: &str,
    email: &str,
    name: &str,
    locale: Locale,
    now: NaiveDateTime,
) -> AppResult<()> {
    let token = s
        .tokens
        .verify_email(user_id, email, now.and_utc().timestamp());
    let link = s
        .config
        .public_link(&format!("/verify-email?token={token}"));
    Services::enqueue_email(c, email, &compose::verify_email(locale, name, link))
}

#[allow(clippy::too_many_arguments)]
fn record(
    c: &mut DbConn,
    actor: Option<&str>,
    action: &str,
    object_type: &str,
    object_id: &str,
    addr: Option<&str>,
    at: NaiveDateTime,
) -> AppResult<()> {
    audit::record(
        c,
        &Event {
            actor_id: actor,
            action,
            object_type: Some(object_type),
            object_id: Some(object_id),
            detail: None,
            client_addr: addr,
        },
        at,
    )?;
    Ok(())
}

// ---------------------------------------------------------------- verification

/// Checks a verification link without using it; returns the account it is for.
pub fn check_verification_link(s: &Services, token: &str) -> AppResult<String> {
    s.tokens
        .verify(token, TokenType::VerifyEmail)
        .map(|c| c.sub)
        .ok_or(AppError::InvalidLink)
}

/// Marks the address verified. Only the account's owner, signed in, can use
/// the link: otherwise someone who signed up with another person's address
/// could have that person confirm it for them. Using a link twice is harmless.
pub async fn verify_email(
    s: &Services,
    user: &CurrentUser,
    token: &str,
    origin: &Origin,
) -> AppResult<()> {
    let claims = s
        .tokens
        .verify(token, TokenType::VerifyEmail)
        .ok_or(AppError::InvalidLink)?;
    if claims.sub != user.id {
        return Err(AppError::WrongAccount);
    }
    let email = claims.em.ok_or(AppError::InvalidLink)?;
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let user = users::find(c, &claims.sub)?.ok_or(AppError::InvalidLink)?;
        if user.email != email {
            return Err(AppError::InvalidLink);
        }
        let now = db::now();
        if users::set_email_verified(c, &user.id, &email, now)? {
            record(
                c,
                Some(&user.id),
                "email_verified",
                "user",
                &user.id,
                addr.as_deref(),
                now,
            )?;
        }
        Ok(())
    })
    .await
}

/// Sends the verification email again to a signed-in, unverified user.
pub async fn resend_verification(
    s: &Services,
    user: &CurrentUser,
    origin: &Origin,
) -> AppResult<()> {
    s.limits.check_addr(origin)?;
    if user.email_verified {
        return Ok(());
    }
    let svc = s.clone();
    let user = user.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let now = db::now();
        queue_verification(
            &svc,
            c,
            &user.id,
            &user.email,
            &user.full_name,
            user.locale,
            now,
        )?;
        record(
            c,
            Some(&user.id),
            "verification_resent",
            "user",
            &user.id,
            addr.as_deref(),
            now,
        )
    })
    .await?;
    s.outbox_wake.notify_one();
    Ok(())
}

// ---------------------------------------------------------------- login

/// Who logged in, enough to issue a session.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    pub user_id: String,
    pub session_epoch: i32,
    pub role: Role,
}

/// Checks email and password. Unknown address, wrong password and disabled
/// account all answer the same, after the same work.
pub async fn login(
    s: &Services,
    email: &str,
    password: &str,
    origin: &Origin,
) -> AppResult<LoggedIn> {
    let mut e = FieldErrors::new();
    if email.trim().is_empty() {
        e.add("email", FieldError::new("err-required"));
    }
    if password.is_empty() {
        e.add("password", FieldError::new("err-required"));
    }
    e.into_result().map_err(AppError::Validation)?;
    s.limits.check_addr(origin)?;
    let key = email.trim().to_lowercase();
    s.limits.check_account(&key, origin)?;
    if let Some(wait) = s.limits.slowdown(&key) {
        tokio::time::sleep(wait).await;
    }

    let lookup = Email::parse(email).ok();
    let user = match lookup {
        Some(addr) => {
            s.db.run(move |c| Ok(users::find_by_email(c, addr.as_str())?))
                .await?
        }
        None => None,
    };
    // Over-long input is hashed like any other: the answer must not depend on it.
    let verified = s
        .hasher
        .verify(
            Plain::new(password),
            user.as_ref().map(|u| u.password_hash.clone()),
        )
        .await?;
    let addr = origin.addr.clone();
    match user {
        Some(u) if verified.ok && u.disabled_at.is_none() => {
            let role: Role = u
                .role
                .parse()
                .map_err(|_| anyhow::anyhow!("unknown role {}", u.role))?;
            let new_hash = if verified.needs_rehash {
                Some(s.hasher.hash(Plain::new(password)).await?)
            } else {
                None
            };
            let logged_in = LoggedIn {
                user_id: u.id.clone(),
                session_epoch: u.session_epoch,
                role,
            };
            s.db.write(move |c| {
                let now = db::now();
                if let Some(h) = new_hash {
                    users::upgrade_password_hash(c, &u.id, &u.password_hash, &h)?;
                }
                record(c, Some(&u.id), "login", "user", &u.id, addr.as_deref(), now)
            })
            .await?;
            Ok(logged_in)
        }
        other => {
            s.limits.record_failure(&key);
            let target = other.map(|u| u.id);
            s.db.write(move |c| {
                audit::record(
                    c,
                    &Event {
                        actor_id: None,
                        action: "login_failed",
                        object_type: Some("user"),
                        object_id: target.as_deref(),
                        detail: None,
                        client_addr: addr.as_deref(),
                    },
                    db::now(),
                )?;
                Ok(())
            })
            .await?;
            Err(AppError::InvalidCredentials)
        }
    }
}

/// Ends every session of the user, this one included.
pub async fn logout_everywhere(s: &Services, user: &CurrentUser, origin: &Origin) -> AppResult<()> {
    let id = user.id.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let now = db::now();
        users::bump_session_epoch(c, &id, now)?;
        record(
            c,
            Some(&id),
            "logout_everywhere",
            "user",
            &id,
            addr.as_deref(),
            now,
        )
    })
    .await
}

// ---------------------------------------------------------------- passwords

/// Emails a single-use reset link if the address has an account; answers the
/// same either way.
pub async fn request_password_reset(s: &Services, email: &str, origin: &Origin) -> AppResult<()> {
    let email = Email::parse(email).map_err(|e| AppError::validation("email", e))?;
    s.limits.check_addr(origin)?;
    let svc = s.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let now = db::now();
        let user = users::find_by_email(c, email.as_str())?.filter(|u| u.disabled_at.is_none());
        let Some(user) = user else {
            // Written for an unknown address too, so both answers cost one commit.
            audit::record(
                c,
                &Event {
                    action: "password_reset_requested",
                    client_addr: addr.as_deref(),
                    ..Default::default()
                },
                now,
            )?;
            return Ok(());
        };
        let jti = db::new_id();
        let token = svc
            .tokens
            .password_reset(&user.id, &jti, now.and_utc().timestamp());
        let expires =
            now + chrono::Duration::minutes(crate::security::tokens::PASSWORD_RESET_MINUTES);
        password_resets::insert(c, &jti, &user.id, &sha256_hex(&token), expires, now)?;
        let link = svc
            .config
            .public_link(&format!("/password/reset?token={token}"));
        let locale = user.locale.parse().unwrap_or_default();
        Services::enqueue_email(
            c,
            &user.email,
            &compose::password_reset(locale, &user.full_name, link),
        )?;
        record(
            c,
            None,
            "password_reset_requested",
            "user",
            &user.id,
            addr.as_deref(),
            now,
        )
    })
    .await?;
    s.outbox_wake.notify_one();
    Ok(())
}

/// Checks a reset link without using it, for showing the form.
pub async fn check_reset_link(s: &Services, token: &str) -> AppResult<()> {
    let claims = s
        .tokens
        .verify(token, TokenType::PasswordReset)
        .ok_or(AppError::InvalidLink)?;
    let hash = sha256_hex(token);
    s.db.run(move |c| {
        let row = password_resets::find_by_hash(c, &hash)?;
        match row {
            Some(r)
                if r.user_id == claims.sub && r.used_at.is_none() && r.expires_at > db::now() =>
            {
                Ok(())
            }
            _ => Err(AppError::InvalidLink),
        }
    })
    .await
}

/// Sets a new password from a reset link; the link is used up and every
/// session of the account ends.
pub async fn reset_password(
    s: &Services,
    token: &str,
    new_password: &str,
    confirmation: &str,
    origin: &Origin,
) -> AppResult<()> {
    s.limits.check_addr(origin)?;
    check_reset_link(s, token).await?;
    if let Err((first, second)) = password::check_new(new_password, confirmation) {
        let mut e = FieldErrors::new();
        e.add_opt("password", first);
        e.add_opt("password_confirm", second);
        return Err(AppError::Validation(e));
    }
    let hash = s.hasher.hash(Plain::new(new_password)).await?;
    let token_hash = sha256_hex(token);
    let svc = s.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let now = db::now();
        let reset = password_resets::find_by_hash(c, &token_hash)?.ok_or(AppError::InvalidLink)?;
        if reset.expires_at <= now || !password_resets::consume(c, &reset.id, now)? {
            return Err(AppError::InvalidLink);
        }
        let user = users::find(c, &reset.user_id)?.ok_or(AppError::InvalidLink)?;
        if user.disabled_at.is_some() {
            return Err(AppError::InvalidLink);
        }
        users::set_password(c, &user.id, &hash, now)?;
        // The link came to this mailbox: the address is proven.
        users::set_email_verified(c, &user.id, &user.email, now)?;
        password_resets::consume_all_for_user(c, &user.id, now)?;
        record(
            c,
            Some(&user.id),
            "password_reset",
            "user",
            &user.id,
            addr.as_deref(),
            now,
        )?;
        let locale = user.locale.parse().unwrap_or_default();
        let reset_link = svc.config.public_link("/password/forgot");
        Services::enqueue_email(
            c,
            &user.email,
            &compose::password_changed(locale, &user.full_name, reset_link),
        )
    })
    .await?;
    s.outbox_wake.notify_one();
    Ok(())
}

/// Changes the password of a signed-in user who knows the current one.
/// Every session ends; returns the new session epoch so the caller can issue
/// a fresh session for this browser.
pub async fn change_password(
    s: &Services,
    user: &CurrentUser,
    current: &str,
    new_password: &str,
    confirmation: &str,
    origin: &Origin,
) -> AppResult<i32> {
    let mut e = FieldErrors::new();
    if current.is_empty() {
        e.add("current_password", FieldError::new("err-required"));
    }
    if let Err((first, second)) = password::check_new(new_password, confirmation) {
        e.add_opt("password", first);
        e.add_opt("password_confirm", second);
    }
    e.into_result().map_err(AppError::Validation)?;
    check_current_password(s, user, current, origin).await?;
    let hash = s.hasher.hash(Plain::new(new_password)).await?;
    let svc = s.clone();
    let user = user.clone();
    let addr = origin.addr.clone();
    let epoch =
        s.db.write(move |c| {
            let now = db::now();
            users::set_password(c, &user.id, &hash, now)?;
            password_resets::consume_all_for_user(c, &user.id, now)?;
            record(
                c,
                Some(&user.id),
                "password_changed",
                "user",
                &user.id,
                addr.as_deref(),
                now,
            )?;
            let reset_link = svc.config.public_link("/password/forgot");
            Services::enqueue_email(
                c,
                &user.email,
                &compose::password_changed(user.locale, &user.full_name, reset_link),
            )?;
            Ok(users::find(c, &user.id)?
                .ok_or(AppError::NotFound)?
                .session_epoch)
        })
        .await?;
    s.outbox_wake.notify_one();
    Ok(epoch)
}

/// The language of pages and emails for this user.
pub async fn set_locale(
    s: &Services,
    user: &CurrentUser,
    locale: Locale,
    origin: &Origin,
) -> AppResult<()> {
    let id = user.id.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let now = db::now();
        users::set_locale(c, &id, locale.code(), now)?;
        record(
            c,
            Some(&id),
            "locale_changed",
            "user",
            &id,
            addr.as_deref(),
            now,
        )
    })
    .await
}

// ---------------------------------------------------------------- administrators

/// Creates an administrator from the command line: verified at once.
pub async fn create_admin(
    s: &Services,
    email: &str,
    full_name: &str,
    password: &str,
) -> AppResult<String> {
    let mut e = FieldErrors::new();
    let email = Email::parse(email).map_err(|err| e.add("email", err)).ok();
    let full_name = e.required_text("full_name", full_name, MAX_NAME);
    e.add_opt("password", password::check(password).err());
    e.into_result().map_err(AppError::Validation)?;
    let email = email.expect("checked above");
    let hash = s.hasher.hash(Plain::new(password)).await?;
    s.db.write(move |c| {
        if users::find_by_email(c, email.as_str())?.is_some() {
            return Err(AppError::Conflict(
                "an account with this email already exists",
            ));
        }
        insert_verified(
            c,
            &Arrival {
                email: email.as_str(),
                full_name: &full_name,
                role: Role::Admin,
                locale: Locale::En,
                password_hash: &hash,
                action: "admin_created",
            },
        )
    })
    .await
}

/// An account created from the command line rather than the sign-up form.
pub(super) struct Arrival<'a> {
    pub email: &'a str,
    pub full_name: &'a str,
    pub role: Role,
    pub locale: Locale,
    pub password_hash: &'a str,
    /// What the audit entry calls it.
    pub action: &'a str,
}

/// Stores such an account, verified at once (whoever runs the command
/// vouches for the address), with its audit entry; returns its id.
pub(super) fn insert_verified(c: &mut DbConn, a: &Arrival) -> AppResult<String> {
    let now = db::now();
    let id = db::new_id();
    users::insert(
        c,
        &users::NewUser {
            id: &id,
            email: a.email,
            password_hash: a.password_hash,
            full_name: a.full_name,
            role: a.role.as_str(),
            locale: a.locale.code(),
            email_verified_at: Some(now),
            privacy_accepted_at: None,
            session_epoch: 0,
            created_at: now,
            updated_at: now,
        },
    )?;
    audit::record(
        c,
        &Event {
            action: a.action,
            object_type: Some("user"),
            object_id: Some(&id),
            detail: Some("command line"),
            ..Default::default()
        },
        now,
    )?;
    Ok(id)
}

// ---------------------------------------------------------------- deletion

/// Deletes the signed-in person's account after their password: personal
/// data erased, every session ended at once, a confirmation sent to the
/// address the account had.
pub async fn delete_account(
    s: &Services,
    user: &CurrentUser,
    current: &str,
    origin: &Origin,
) -> AppResult<()> {
    if current.is_empty() {
        return Err(AppError::validation(
            "current_password",
            FieldError::new("err-required"),
        ));
    }
    check_current_password(s, user, current, origin).await?;
    let user = user.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let now = db::now();
        // Queued before the address is erased; the outbox erases the body once sent.
        Services::enqueue_email(
            c,
            &user.email,
            &compose::account_deleted(user.locale, &user.full_name),
        )?;
        users::erase(c, &user.id, now)?;
        record(
            c,
            Some(&user.id),
            "account_deleted",
            "user",
            &user.id,
            addr.as_deref(),
            now,
        )?;
        Ok(())
    })
    .await?;
    s.outbox_wake.notify_one();
    Ok(())
}

// ---------------------------------------------------------------- email change

/// Sends a link to `new_email`; the account moves there only when its owner,
/// signed in, follows it. The answer is the same whether or not another
/// account has that address (that account's owner is told instead).
pub async fn request_email_change(
    s: &Services,
    user: &CurrentUser,
    new_email: &str,
    current: &str,
    origin: &Origin,
) -> AppResult<()> {
    let mut e = FieldErrors::new();
    let new = match Email::parse(new_email) {
        Ok(email) if email.as_str() == user.email => {
            e.add("new_email", FieldError::new("err-email-same"));
            None
        }
        Ok(email) => Some(email),
        Err(err) => {
            e.add("new_email", err);
            None
        }
    };
    if current.is_empty() {
        e.add("current_password", FieldError::new("err-required"));
    }
    e.into_result().map_err(AppError::Validation)?;
    let Some(new) = new else {
        return Err(AppError::BadRequest);
    };
    check_current_password(s, user, current, origin).await?;
    let svc = s.clone();
    let user = user.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let now = db::now();
        let new = new.into_string();
        if let Some(holder) = users::find_by_email(c, &new)? {
            let locale = holder.locale.parse().unwrap_or_default();
            Services::enqueue_email(
                c,
                &new,
                &compose::email_change_taken(locale, &holder.full_name),
            )?;
        } else {
            let token = svc.tokens.change_email(
                &user.id,
                &new,
                &sha256_hex(&user.email),
                now.and_utc().timestamp(),
            );
            let link = svc
                .config
                .public_link(&format!("/account/email/confirm?token={token}"));
            Services::enqueue_email(
                c,
                &new,
                &compose::email_change(user.locale, &user.full_name, link),
            )?;
        }
        record(
            c,
            Some(&user.id),
            "email_change_requested",
            "user",
            &user.id,
            addr.as_deref(),
            now,
        )?;
        Ok(())
    })
    .await?;
    s.outbox_wake.notify_one();
    Ok(())
}

/// The account an email-change link is for, if the link is good.
pub fn check_email_change_link(s: &Services, token: &str) -> AppResult<String> {
    s.tokens
        .verify(token, TokenType::ChangeEmail)
        .map(|c| c.sub)
        .ok_or(AppError::InvalidLink)
}

/// Moves the signed-in owner's account to the address the link was sent to,
/// once; the former address is told.
pub async fn confirm_email_change(
    s: &Services,
    user: &CurrentUser,
    token: &str,
    origin: &Origin,
) -> AppResult<()> {
    let claims = s
        .tokens
        .verify(token, TokenType::ChangeEmail)
        .ok_or(AppError::InvalidLink)?;
    if claims.sub != user.id {
        return Err(AppError::WrongAccount);
    }
    let (Some(new), Some(from)) = (claims.em, claims.jti) else {
        return Err(AppError::InvalidLink);
    };
    let svc = s.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let account = users::find(c, &claims.sub)?.ok_or(AppError::InvalidLink)?;
        // Used already, or the address changed since the link was sent; or
        // another account took the address meanwhile.
        if sha256_hex(&account.email) != from || users::find_by_email(c, &new)?.is_some() {
            return Err(AppError::InvalidLink);
        }
        let now = db::now();
        if !users::change_email(c, &account.id, &account.email, &new, now)? {
            return Err(AppError::InvalidLink);
        }
        record(
            c,
            Some(&account.id),
            "email_changed",
            "user",
            &account.id,
            addr.as_deref(),
            now,
        )?;
        let locale = account.locale.parse().unwrap_or_default();
        Services::enqueue_email(
            c,
            &account.email,
            &compose::email_changed(
                locale,
                &account.full_name,
                svc.config.public_link("/password/forgot"),
            ),
        )?;
        Ok(())
    })
    .await?;
    s.outbox_wake.notify_one();
    Ok(())
}
