//! Coordinators, as administrators manage them: invited by email into
//! programmes, moved between programmes, removed (every session ends at once)
//! and, when needed again, invited back to the same account.

use std::collections::BTreeMap;

use super::accounts::CurrentUser;
use super::invitations::{self, email_has_account};
use super::{Origin, Services};
use crate::db::{self, DbConn};
use crate::domain::{Email, FieldError, Locale, Role};
use crate::error::{AppError, AppResult};
use crate::mail::compose;
use crate::store::audit::{self, Event};
use crate::store::invitations::{COORDINATOR, Invitation};
use crate::store::{programmes, users};

/// A coordinator and the programmes they belong to.
#[derive(Clone, Debug)]
pub struct CoordinatorRow {
    pub id: String,
    pub full_name: String,
    pub email: String,
    pub programme_ids: Vec<String>,
}

/// An invitation not yet used.
#[derive(Clone, Debug)]
pub struct PendingInvitation {
    pub email: String,
    pub expires_at: chrono::NaiveDateTime,
}

pub struct Coordinators {
    pub coordinators: Vec<CoordinatorRow>,
    pub invitations: Vec<PendingInvitation>,
}

/// Every coordinator in use and every invitation still open.
pub async fn list(s: &Services, user: &CurrentUser) -> AppResult<Coordinators> {
    user.require_role(Role::Admin)?;
    s.db.run(|c| {
        let mut by_id: BTreeMap<String, CoordinatorRow> = BTreeMap::new();
        for u in users::with_role(c, Role::Coordinator.as_str())? {
            by_id.insert(
                u.0.clone(),
                CoordinatorRow {
                    id: u.0,
                    full_name: u.1,
                    email: u.2,
                    programme_ids: Vec::new(),
                },
            );
        }
        for (programme, id, ..) in programmes::all_coordinators(c)? {
            if let Some(row) = by_id.get_mut(&id) {
                row.programme_ids.push(programme);
            }
        }
        let mut coordinators: Vec<CoordinatorRow> = by_id.into_values().collect();
        coordinators.sort_by(|a, b| a.full_name.cmp(&b.full_name).then(a.id.cmp(&b.id)));
        let invitations = crate::store::invitations::outstanding(c, COORDINATOR, db::now())?
            .into_iter()
            .map(|i| PendingInvitation {
                email: i.email,
                expires_at: i.expires_at,
            })
            .collect();
        Ok(Coordinators {
            coordinators,
            invitations,
        })
    })
    .await
}

/// The programme ids chosen in a form: at least one, each existing.
fn check_programmes(c: &mut DbConn, ids: &[String]) -> AppResult<Vec<String>> {
    let mut ids: Vec<String> = ids.iter().map(|i| i.trim().to_string()).collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Err(AppError::validation(
            "programmes",
            FieldError::new("err-choose-at-least-one"),
        ));
    }
    if ids.len() > 100 || programmes::count_existing(c, &ids)? != ids.len() as i64 {
        return Err(AppError::validation(
            "programmes",
            FieldError::new("err-choice-unknown"),
        ));
    }
    Ok(ids)
}

/// Emails a single-use link, valid seven days, that makes the addressee a
/// coordinator of the chosen programmes.
pub async fn invite(
    s: &Services,
    user: &CurrentUser,
    email: &str,
    locale: &str,
    programme_ids: &[String],
    origin: &Origin,
) -> AppResult<()> {
    user.require_role(Role::Admin)?;
    let mut e = crate::domain::FieldErrors::new();
    let email = Email::parse(email).map_err(|err| e.add("email", err)).ok();
    let locale: Option<Locale> = locale
        .parse()
        .map_err(|_| e.add("locale", FieldError::new("err-choose-option")))
        .ok();
    let ids = programme_ids.to_vec();
    let (Some(email), Some(locale)) = (email, locale) else {
        // Report the programmes too, in one answer.
        if ids.is_empty() {
            e.add("programmes", FieldError::new("err-choose-at-least-one"));
        }
        return Err(AppError::Validation(e));
    };
    let svc = s.clone();
    let actor = user.id.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let ids = check_programmes(c, &ids)?;
        // A removed coordinator may be invited back (see `invitations::accept`).
        if users::find_by_email(c, email.as_str())?
            .is_some_and(|u| !invitations::may_rejoin(&u, COORDINATOR))
        {
            return Err(email_has_account());
        }
        let now = db::now();
        let id = db::new_id();
        let link = invitations::create(
            &svc,
            c,
            Invitation {
                id: id.clone(),
                kind: COORDINATOR.to_string(),
                email: email.as_str().to_string(),
                locale: locale.code().to_string(),
                token_hash: String::new(),
                invited_by: Some(actor.clone()),
                facility_id: None,
                expires_at: invitations::expiry(now),
                used_at: None,
                created_at: now,
            },
            &ids,
        )?;
        let codes = crate::store::invitations::programme_codes(c, &id)?.join(", ");
        Services::enqueue_email(
            c,
            email.as_str(),
            &compose::coordinator_invitation(locale, email.as_str(), &codes, link),
        )?;
        audit::record(
            c,
            &Event {
                actor_id: Some(&actor),
                action: "coordinator_invited",
                object_type: Some("invitation"),
                object_id: Some(&id),
                detail: Some(&codes),
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

fn find_coordinator(c: &mut DbConn, id: &str) -> AppResult<users::User> {
    users::find(c, id)?
        .filter(|u| u.role == Role::Coordinator.as_str() && u.disabled_at.is_none())
        .ok_or(AppError::NotFound)
}

/// One coordinator with their programmes, for the form that changes them.
pub async fn find(s: &Services, user: &CurrentUser, id: &str) -> AppResult<CoordinatorRow> {
    user.require_role(Role::Admin)?;
    let id = id.to_string();
    s.db.run(move |c| {
        let u = find_coordinator(c, &id)?;
        Ok(CoordinatorRow {
            programme_ids: programmes::memberships(c, &u.id)?,
            id: u.id,
            full_name: u.full_name,
            email: u.email,
        })
    })
    .await
}

/// Moves a coordinator to another set of programmes. What they may see is
/// read from these memberships at every request, so it changes at once.
pub async fn change_programmes(
    s: &Services,
    user: &CurrentUser,
    id: &str,
    programme_ids: &[String],
    origin: &Origin,
) -> AppResult<()> {
    user.require_role(Role::Admin)?;
    let id = id.to_string();
    let ids = programme_ids.to_vec();
    let actor = user.id.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let u = find_coordinator(c, &id)?;
        let ids = check_programmes(c, &ids)?;
        let now = db::now();
        programmes::replace_memberships(c, &u.id, &ids, now)?;
        audit::record(
            c,
            &Event {
                actor_id: Some(&actor),
                action: "coordinator_programmes_changed",
                object_type: Some("user"),
                object_id: Some(&u.id),
                detail: Some(&ids.join(",")),
                client_addr: addr.as_deref(),
            },
            now,
        )?;
        Ok(())
    })
    .await
}

/// Removes a coordinator: out of every programme, the account disabled and
/// every session ended at once. The account row stays for the audit log.
pub async fn remove(s: &Services, user: &CurrentUser, id: &str, origin: &Origin) -> AppResult<()> {
    user.require_role(Role::Admin)?;
    let id = id.to_string();
    let actor = user.id.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let u = find_coordinator(c, &id)?;
        let now = db::now();
        programmes::replace_memberships(c, &u.id, &[], now)?;
        users::disable(c, &u.id, now)?;
        audit::record(
            c,
            &Event {
                actor_id: Some(&actor),
                action: "coordinator_removed",
                object_type: Some("user"),
                object_id: Some(&u.id),
                detail: None,
                client_addr: addr.as_deref(),
            },
            now,
        )?;
        Ok(())
    })
    .await
}
