//! A facility's staff: who acts for it, and colleagues invited by email with
//! the same single-use, seven-day link as coordinators.

use super::accounts::CurrentUser;
use super::invitations::{self, email_has_account};
use super::{Origin, Services};
use crate::db::{self, DbConn};
use crate::domain::{Email, FieldError, FieldErrors, Locale, Role};
use crate::error::{AppError, AppResult};
use crate::mail::compose;
use crate::store::audit::{self, Event};
use crate::store::facilities::{self, Facility, StaffMember};
use crate::store::invitations::{FACILITY_STAFF, Invitation};
use crate::store::users;

/// A facility of the signed-in staff member; anyone else's is not found.
fn own(c: &mut DbConn, user: &CurrentUser, facility_id: &str) -> AppResult<Facility> {
    facilities::for_staff(c, &user.id)?
        .into_iter()
        .find(|f| f.id == facility_id)
        .ok_or(AppError::NotFound)
}

/// The staff member's facilities, each with its staff.
pub async fn mine(
    s: &Services,
    user: &CurrentUser,
) -> AppResult<Vec<(Facility, Vec<StaffMember>)>> {
    user.require_role(Role::Facility)?;
    let id = user.id.clone();
    s.db.run(move |c| {
        let mut out = Vec::new();
        for f in facilities::for_staff(c, &id)? {
            let staff = facilities::staff_of(c, &f.id)?;
            out.push((f, staff));
        }
        Ok(out)
    })
    .await
}

/// One of the staff member's facilities, for the invitation form.
pub async fn facility(s: &Services, user: &CurrentUser, facility_id: &str) -> AppResult<Facility> {
    user.require_role(Role::Facility)?;
    let user = user.clone();
    let facility_id = facility_id.to_string();
    s.db.run(move |c| own(c, &user, &facility_id)).await
}

/// Emails a colleague a link that makes them staff of the facility.
pub async fn invite(
    s: &Services,
    user: &CurrentUser,
    facility_id: &str,
    email: &str,
    locale: &str,
    origin: &Origin,
) -> AppResult<()> {
    user.require_role(Role::Facility)?;
    let mut e = FieldErrors::new();
    let email = Email::parse(email).map_err(|err| e.add("email", err)).ok();
    let locale: Option<Locale> = locale
        .parse()
        .map_err(|_| e.add("locale", FieldError::new("err-choose-option")))
        .ok();
    let (Some(email), Some(locale)) = (email, locale) else {
        return Err(AppError::Validation(e));
    };
    let svc = s.clone();
    let user = user.clone();
    let facility_id = facility_id.to_string();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let f = own(c, &user, &facility_id)?;
        if users::find_by_email(c, email.as_str())?.is_some() {
            return Err(email_has_account());
        }
        let now = db::now();
        let id = db::new_id();
        let link = invitations::create(
            &svc,
            c,
            Invitation {
                id: id.clone(),
                kind: FACILITY_STAFF.to_string(),
                email: email.as_str().to_string(),
                locale: locale.code().to_string(),
                token_hash: String::new(),
                invited_by: Some(user.id.clone()),
                facility_id: Some(f.id.clone()),
                expires_at: invitations::expiry(now),
                used_at: None,
                created_at: now,
            },
            &[],
        )?;
        Services::enqueue_email(
            c,
            email.as_str(),
            &compose::staff_invitation(locale, email.as_str(), &f.name, &user.full_name, link),
        )?;
        audit::record(
            c,
            &Event {
                actor_id: Some(&user.id),
                action: "staff_invited",
                object_type: Some("facility"),
                object_id: Some(&f.id),
                detail: Some(&id),
                client_addr: addr.as_deref(),
            },
            now,
        )?;
        Ok(())
    })
    .await?;
    s.outbox_wake.notify_one();
    Ok(())
}
