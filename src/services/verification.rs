//! Coordinators' verification queues: facilities and licences from their
//! programmes' countries, verified or rejected with a reason. Each decision
//! is audited and the people concerned are emailed in their own language.

use super::accounts::CurrentUser;
use super::{Origin, Services};
use crate::db::{self, DbConn};
use crate::domain::facility::FacilityStatus;
use crate::domain::licence::LicenceStatus;
use crate::domain::paging::Window;
use crate::domain::{FieldError, Role};
use crate::error::{AppError, AppResult};
use crate::mail::compose;
use crate::store::audit::{self, Event};
use crate::store::facilities::{self, Facility, StaffMember};
use crate::store::licences::{self, PendingLicence};
use crate::store::programmes;

pub const PAGE_SIZE: i64 = 25;
pub const MAX_REASON: usize = 500;

/// A window of a queue, with the total waiting.
pub struct Queue<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub window: Window,
}

impl<T> Queue<T> {
    pub fn page(&self) -> i64 {
        self.window.page_number()
    }

    pub fn pages(&self) -> i64 {
        self.window.pages(self.total)
    }
}

/// The countries a coordinator acts for; none means nothing is theirs.
fn scope(c: &mut DbConn, user: &CurrentUser) -> AppResult<Vec<String>> {
    user.require_role(Role::Coordinator)?;
    Ok(programmes::countries_of_coordinator(c, &user.id)?)
}

/// Facilities waiting for verification, oldest first.
pub async fn facility_queue(
    s: &Services,
    user: &CurrentUser,
    window: Window,
) -> AppResult<Queue<Facility>> {
    user.require_role(Role::Coordinator)?;
    let user = user.clone();
    s.db.run(move |c| {
        let countries = scope(c, &user)?;
        let (items, total) = facilities::with_status_in(
            c,
            FacilityStatus::Pending.as_str(),
            &countries,
            window.limit,
            window.offset,
        )?;
        Ok(Queue {
            items,
            total,
            window,
        })
    })
    .await
}

/// A facility of the coordinator's countries, with its staff.
pub async fn facility(
    s: &Services,
    user: &CurrentUser,
    id: &str,
) -> AppResult<(Facility, Vec<StaffMember>)> {
    user.require_role(Role::Coordinator)?;
    let user = user.clone();
    let id = id.to_string();
    s.db.run(move |c| {
        let f = facility_in_scope(c, &user, &id)?;
        let staff = facilities::staff_of(c, &f.id)?;
        Ok((f, staff))
    })
    .await
}

fn facility_in_scope(c: &mut DbConn, user: &CurrentUser, id: &str) -> AppResult<Facility> {
    let countries = scope(c, user)?;
    facilities::find(c, id)?
        .filter(|f| countries.contains(&f.country_code))
        .ok_or(AppError::NotFound)
}

/// A reason typed for a rejection: required, a paragraph at most.
fn reason(raw: &str) -> AppResult<String> {
    let r = raw.trim();
    let bad = if r.is_empty() {
        Some(FieldError::new("err-required"))
    } else if r.chars().count() > MAX_REASON {
        Some(FieldError::too_long(MAX_REASON))
    } else if r
        .chars()
        .any(|ch| ch.is_control() && ch != '\n' && ch != '\r')
    {
        Some(FieldError::new("err-control-chars"))
    } else {
        None
    };
    match bad {
        Some(e) => Err(AppError::validation("reason", e)),
        None => Ok(r.replace("\r\n", "\n")),
    }
}

/// No reason for a verification; a checked one for a rejection.
fn reason_for(verify: bool, typed: &str) -> AppResult<Option<String>> {
    if verify {
        Ok(None)
    } else {
        reason(typed).map(Some)
    }
}

/// Verifies or rejects a pending facility; its staff are told by email.
pub async fn decide_facility(
    s: &Services,
    user: &CurrentUser,
    id: &str,
    verify: bool,
    reason_text: &str,
    origin: &Origin,
) -> AppResult<()> {
    user.require_role(Role::Coordinator)?;
    let why = reason_for(verify, reason_text)?;
    let user = user.clone();
    let id = id.to_string();
    let addr = origin.addr.clone();
    let svc = s.clone();
    s.db.write(move |c| {
        let f = facility_in_scope(c, &user, &id)?;
        let now = db::now();
        let to = if verify {
            FacilityStatus::Verified
        } else {
            FacilityStatus::Rejected
        };
        if !facilities::decide(
            c,
            &f.id,
            FacilityStatus::Pending.as_str(),
            to.as_str(),
            why.as_deref(),
            now,
        )? {
            return Err(AppError::Conflict("conflict-facility-decided"));
        }
        for member in facilities::staff_of(c, &f.id)? {
            let locale = member.locale.parse().unwrap_or_default();
            let letter = match &why {
                None => compose::facility_verified(
                    locale,
                    &member.full_name,
                    &f.name,
                    svc.config.public_link("/facility"),
                ),
                Some(r) => compose::facility_rejected(locale, &member.full_name, &f.name, r),
            };
            Services::enqueue_email(c, &member.email, &letter)?;
        }
        audit::record(
            c,
            &Event {
                actor_id: Some(&user.id),
                action: if verify {
                    "facility_verified"
                } else {
                    "facility_rejected"
                },
                object_type: Some("facility"),
                object_id: Some(&f.id),
                detail: None,
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

/// Licences waiting for verification, oldest first.
pub async fn licence_queue(
    s: &Services,
    user: &CurrentUser,
    window: Window,
) -> AppResult<Queue<PendingLicence>> {
    user.require_role(Role::Coordinator)?;
    let user = user.clone();
    s.db.run(move |c| {
        let countries = scope(c, &user)?;
        let today = db::now().date();
        let (items, total) =
            licences::pending_in(c, &countries, today, window.limit, window.offset)?;
        Ok(Queue {
            items,
            total,
            window,
        })
    })
    .await
}

fn licence_in_scope(c: &mut DbConn, user: &CurrentUser, id: &str) -> AppResult<PendingLicence> {
    let countries = scope(c, user)?;
    licences::find_with_holder(c, id)?
        .filter(|l| {
            l.origin_country
                .as_ref()
                .is_some_and(|o| countries.contains(o))
        })
        .ok_or(AppError::NotFound)
}

/// A licence of a professional from the coordinator's countries.
pub async fn licence(s: &Services, user: &CurrentUser, id: &str) -> AppResult<PendingLicence> {
    user.require_role(Role::Coordinator)?;
    let user = user.clone();
    let id = id.to_string();
    s.db.run(move |c| licence_in_scope(c, &user, &id)).await
}

/// Verifies or rejects an unverified licence; the professional is emailed.
pub async fn decide_licence(
    s: &Services,
    user: &CurrentUser,
    id: &str,
    verify: bool,
    reason_text: &str,
    origin: &Origin,
) -> AppResult<()> {
    user.require_role(Role::Coordinator)?;
    let why = reason_for(verify, reason_text)?;
    let user = user.clone();
    let id = id.to_string();
    let addr = origin.addr.clone();
    let svc = s.clone();
    s.db.write(move |c| {
        let l = licence_in_scope(c, &user, &id)?;
        let now = db::now();
        let to = if verify {
            LicenceStatus::Verified
        } else {
            LicenceStatus::Rejected
        };
        if !licences::decide(c, &l.licence.id, to.as_str(), why.as_deref(), &user.id, now)? {
            return Err(AppError::Conflict("conflict-licence-decided"));
        }
        let locale = l.locale.parse().unwrap_or_default();
        let label = format!("{} {}", l.licence.issuing_body, l.licence.number);
        let link = svc.config.public_link("/professional/licences");
        let letter = match &why {
            None => compose::licence_verified(locale, &l.full_name, &label, link),
            Some(r) => compose::licence_rejected(locale, &l.full_name, &label, r, link),
        };
        Services::enqueue_email(c, &l.email, &letter)?;
        audit::record(
            c,
            &Event {
                actor_id: Some(&user.id),
                action: if verify {
                    "licence_verified"
                } else {
                    "licence_rejected"
                },
                object_type: Some("licence"),
                object_id: Some(&l.licence.id),
                detail: None,
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

/// What a coordinator sees first: their programmes and what waits for them.
pub struct CoordinatorHome {
    pub programmes: Vec<programmes::Programme>,
    pub facilities_waiting: i64,
    pub licences_waiting: i64,
}

pub async fn home(s: &Services, user: &CurrentUser) -> AppResult<CoordinatorHome> {
    user.require_role(Role::Coordinator)?;
    let user = user.clone();
    s.db.run(move |c| {
        let countries = scope(c, &user)?;
        let facilities_waiting =
            facilities::count_with_status_in(c, FacilityStatus::Pending.as_str(), &countries)?;
        let licences_waiting = licences::count_pending_in(c, &countries, db::now().date())?;
        Ok(CoordinatorHome {
            programmes: programmes::of_coordinator(c, &user.id)?,
            facilities_waiting,
            licences_waiting,
        })
    })
    .await
}
