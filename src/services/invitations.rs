//! Single-use invitation links: written with a hash of their token, valid for
//! seven days, used once to set a name and password and become a
//! coordinator (or a facility's staff member).

use chrono::NaiveDateTime;

use super::accounts::LoggedIn;
use super::{Origin, Services};
use crate::db::{self, DbConn};
use crate::domain::validation::MAX_NAME;
use crate::domain::{FieldError, FieldErrors, Locale, Role, password};
use crate::error::{AppError, AppResult};
use crate::security::passwords::Plain;
use crate::security::{random_token, sha256_hex};
use crate::store::audit::{self, Event};
use crate::store::invitations::{self as store, Invitation};
use crate::store::{facilities, password_resets, programmes, users};

pub const INVITATION_DAYS: i64 = 7;

/// Writes an invitation and returns the link to email; the token itself is
/// never stored.
pub(super) fn create(
    s: &Services,
    c: &mut DbConn,
    invitation: Invitation,
    programme_ids: &[String],
) -> AppResult<String> {
    let token = random_token(32);
    let row = Invitation {
        token_hash: sha256_hex(&token),
        ..invitation
    };
    store::insert(c, &row, programme_ids)?;
    Ok(s.config
        .public_link(&format!("/invitations/accept?token={token}")))
}

pub(super) fn expiry(now: NaiveDateTime) -> NaiveDateTime {
    now + chrono::Duration::days(INVITATION_DAYS)
}

/// What the invitee sees before accepting.
#[derive(Clone, Debug)]
pub struct InvitationView {
    pub email: String,
    pub role: Role,
    pub locale: Locale,
    /// Programme codes for a coordinator, the facility's name for staff.
    pub into: Vec<String>,
}

fn usable(c: &mut DbConn, token: &str, now: NaiveDateTime) -> AppResult<Invitation> {
    if token.is_empty() || token.len() > 100 {
        return Err(AppError::InvalidLink);
    }
    match store::find_by_hash(c, &sha256_hex(token))? {
        Some(i) if i.used_at.is_none() && i.expires_at > now => Ok(i),
        _ => Err(AppError::InvalidLink),
    }
}

fn view(c: &mut DbConn, i: &Invitation) -> AppResult<InvitationView> {
    let role = crate::domain::programme::invitation_role(&i.kind)
        .ok_or_else(|| anyhow::anyhow!("unknown invitation kind {}", i.kind))?;
    let into = match &i.facility_id {
        Some(f) => facilities::find(c, f)?
            .map(|f| f.name)
            .into_iter()
            .collect(),
        None => store::programme_codes(c, &i.id)?,
    };
    Ok(InvitationView {
        email: i.email.clone(),
        role,
        locale: i.locale.parse().unwrap_or_default(),
        into,
    })
}

/// Checks a link without using it, for showing the form.
pub async fn check(s: &Services, token: &str) -> AppResult<InvitationView> {
    let token = token.to_string();
    s.db.run(move |c| {
        let i = usable(c, &token, db::now())?;
        view(c, &i)
    })
    .await
}

/// Uses the link: creates the account, verified (the link came to this
/// mailbox), in the invitation's programmes or facility; a removed
/// coordinator's account is enabled again instead. Returns who to sign in.
pub async fn accept(
    s: &Services,
    token: &str,
    full_name: &str,
    new_password: &str,
    confirmation: &str,
    origin: &Origin,
) -> AppResult<LoggedIn> {
    s.limits.check_addr(origin)?;
    let mut e = FieldErrors::new();
    let full_name = e.required_text("full_name", full_name, MAX_NAME);
    if let Err((first, second)) = password::check_new(new_password, confirmation) {
        e.add_opt("password", first);
        e.add_opt("password_confirm", second);
    }
    // A spent link says so before any typing is judged.
    let invitation = check(s, token).await?;
    e.into_result().map_err(AppError::Validation)?;
    let hash = s.hasher.hash(Plain::new(new_password)).await?;
    let token_hash = sha256_hex(token);
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let now = db::now();
        let i = store::find_by_hash(c, &token_hash)?.ok_or(AppError::InvalidLink)?;
        if i.expires_at <= now || !store::consume(c, &i.id, now)? {
            return Err(AppError::InvalidLink);
        }
        let (id, session_epoch) = match users::find_by_email(c, &i.email)? {
            None => {
                let id = db::new_id();
                users::insert(
                    c,
                    &users::NewUser {
                        id: &id,
                        email: &i.email,
                        password_hash: &hash,
                        full_name: &full_name,
                        role: invitation.role.as_str(),
                        locale: invitation.locale.code(),
                        email_verified_at: Some(now),
                        privacy_accepted_at: Some(now),
                        session_epoch: 0,
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                (id, 0)
            }
            Some(u) if may_rejoin(&u, &i.kind) => {
                if !users::reenable(c, &u.id, &full_name, &hash, invitation.locale.code(), now)? {
                    return Err(AppError::Conflict("the account changed meanwhile"));
                }
                // Reset links sent before the removal stay unusable.
                password_resets::consume_all_for_user(c, &u.id, now)?;
                (u.id, u.session_epoch + 1)
            }
            Some(_) => {
                // The address found an account some other way meanwhile.
                return Err(AppError::Conflict(
                    "an account with this email already exists",
                ));
            }
        };
        // Memberships come from this invitation only.
        match &i.facility_id {
            Some(f) => facilities::add_staff(c, f, &id, now)?,
            None => {
                let ids = store::programme_ids(c, &i.id)?;
                programmes::replace_memberships(c, &id, &ids, now)?;
            }
        }
        audit::record(
            c,
            &Event {
                actor_id: Some(&id),
                action: "invitation_accepted",
                object_type: Some("user"),
                object_id: Some(&id),
                detail: Some(&i.kind),
                client_addr: addr.as_deref(),
            },
            now,
        )?;
        Ok(LoggedIn {
            user_id: id,
            session_epoch,
            role: invitation.role,
        })
    })
    .await
}

/// Whether an invitation of `kind` may go to an address that has the account
/// `u`: only a removed coordinator (disabled, not erased) invited back as a
/// coordinator, whose account the invitation then enables again.
pub(super) fn may_rejoin(u: &users::User, kind: &str) -> bool {
    kind == store::COORDINATOR
        && u.role == Role::Coordinator.as_str()
        && u.disabled_at.is_some()
        && u.deleted_at.is_none()
}

/// The field error for an address that cannot be invited.
pub(super) fn email_has_account() -> AppError {
    AppError::validation("email", FieldError::new("err-email-has-account"))
}
