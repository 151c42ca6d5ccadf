//! The reminders the database schedules (F10): an offer's deadline 48 hours
//! ahead, to the side that has not answered; the report and the feedback
//! 3 and again 14 days after a match's end; a licence running out within 60
//! days under a confirmed clinical match. Each is marked sent in the same
//! transaction as its emails, so any number of servers may look for them
//! and none is sent twice.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::Services;
use crate::db::DbConn;
use crate::domain::Locale;
use crate::error::{AppError, AppResult};
use crate::mail::compose;
use crate::store::reminders::{self as store, LicenceDue};
use crate::store::{assignments, facilities, licences, matches, running, users};

/// How long before an offer's deadline the unanswered side is reminded.
pub const OFFER_AHEAD: TimeDelta = TimeDelta::hours(48);
/// The days after a match's end when a missing report or feedback is asked
/// for, first and last.
pub const REPORT_FIRST: TimeDelta = TimeDelta::days(3);
pub const REPORT_LAST: TimeDelta = TimeDelta::days(14);
/// How long before a licence runs out its holder is reminded.
pub const LICENCE_AHEAD: TimeDelta = TimeDelta::days(60);

const OFFER_DEADLINE: &str = "offer_deadline";
const REPORT_DUE_FIRST: &str = "report_due_3";
const REPORT_DUE_LAST: &str = "report_due_14";
const LICENCE_EXPIRING: &str = "licence_expiring";

/// Sends every reminder due at the clock's time, each in its own
/// transaction; returns how many were sent (a reminder counts once however
/// many people it emails).
pub async fn send_due(s: &Services) -> AppResult<usize> {
    let now = s.clock.now();
    let today = now.date();
    let (offers, first, last, licences) =
        s.db.run(move |c| {
            Ok((
                store::offers_near_deadline(c, now, OFFER_AHEAD)?,
                // Only until the last reminder is due: a server that was
                // down over the first one sends the last alone.
                store::reports_late(c, today - REPORT_FIRST, Some(today - REPORT_LAST))?,
                store::reports_late(c, today - REPORT_LAST, None)?,
                store::licences_expiring(c, today, LICENCE_AHEAD)?,
            ))
        })
        .await?;
    let mut sent = 0;
    for (id, deadline) in offers {
        sent += usize::from(offer_deadline(s, id, deadline, now).await?);
    }
    for id in first {
        sent += usize::from(report_due(s, REPORT_DUE_FIRST, id, now).await?);
    }
    for id in last {
        sent += usize::from(report_due(s, REPORT_DUE_LAST, id, now).await?);
    }
    for l in licences {
        sent += usize::from(licence_expiring(s, l, now).await?);
    }
    Ok(sent)
}

/// Name, email and language of the professional, unless the account is gone.
fn professional(c: &mut DbConn, user_id: &str) -> AppResult<Option<(String, String, String)>> {
    Ok(users::find(c, user_id)?
        .filter(|u| u.deleted_at.is_none())
        .map(|u| (u.full_name, u.email, u.locale)))
}

fn language(locale: &str) -> Locale {
    locale.parse().unwrap_or_default()
}

async fn offer_deadline(
    s: &Services,
    id: String,
    deadline: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let svc = s.clone();
    s.db.write(move |c| {
        let Some(m) = matches::find(c, &id)? else {
            return Ok(false);
        };
        // Answered, expired or given another deadline since it was found:
        // this reminder is no longer the one due.
        if m.state != "offered" || m.deadline != Some(deadline) {
            return Ok(false);
        }
        let due = deadline.format("%Y-%m-%dT%H:%M:%S%.6f").to_string();
        if !running::mark_sent(c, OFFER_DEADLINE, &m.id, &due, now)? {
            return Ok(false);
        }
        let a = assignments::find(c, &m.assignment_id)?.ok_or(AppError::NotFound)?;
        let link = svc.config.public_link(&format!("/matches/{}", m.id));
        let when = deadline.format("%Y-%m-%d %H:%M UTC").to_string();
        let mut people = Vec::new();
        if m.professional_accepted_at.is_none()
            && let Some(p) = professional(c, &m.user_id)?
        {
            people.push(p);
        }
        if m.facility_accepted_at.is_none() {
            for staff in facilities::staff_of(c, &a.facility_id)? {
                people.push((staff.full_name, staff.email, staff.locale));
            }
        }
        for (name, email, locale) in people {
            let letter = compose::reminder_offer_deadline(
                language(&locale),
                &name,
                &a.title,
                &when,
                link.clone(),
            );
            Services::enqueue_email(c, &email, &letter)?;
        }
        tracing::debug!(match_id = %m.id, %due, "offer deadline reminder sent");
        Ok(true)
    })
    .await
}

async fn report_due(
    s: &Services,
    kind: &'static str,
    id: String,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let svc = s.clone();
    s.db.write(move |c| {
        let Some(m) = matches::find(c, &id)? else {
            return Ok(false);
        };
        let report_missing = running::report_of(c, &m.id)?.is_none();
        let feedback_missing = running::feedback_of(c, &m.id)?.is_none();
        // Completed, cancelled or filed since it was found.
        if m.state != "confirmed" || !(report_missing || feedback_missing) {
            return Ok(false);
        }
        let ended = m.ends_on.to_string();
        if !running::mark_sent(c, kind, &m.id, &ended, now)? {
            return Ok(false);
        }
        let a = assignments::find(c, &m.assignment_id)?.ok_or(AppError::NotFound)?;
        let link = svc.config.public_link(&format!("/matches/{}", m.id));
        if report_missing && let Some((name, email, locale)) = professional(c, &m.user_id)? {
            let letter =
                compose::reminder_report_due(language(&locale), &name, &a.title, &ended, link.clone());
            Services::enqueue_email(c, &email, &letter)?;
        }
        if feedback_missing {
            for staff in facilities::staff_of(c, &a.facility_id)? {
                let letter = compose::reminder_feedback_due(
                    language(&staff.locale),
                    &staff.full_name,
                    &a.title,
                    &ended,
                    link.clone(),
                );
                Services::enqueue_email(c, &staff.email, &letter)?;
            }
        }
        tracing::debug!(match_id = %m.id, kind, report_missing, feedback_missing, "report reminder sent");
        Ok(true)
    })
    .await
}

async fn licence_expiring(s: &Services, due: LicenceDue, now: NaiveDateTime) -> AppResult<bool> {
    let svc = s.clone();
    s.db.write(move |c| {
        let Some(l) = licences::find(c, &due.user_id, &due.id)? else {
            return Ok(false);
        };
        // Renewed, withdrawn or rejected since it was found.
        if l.status != "verified" || l.valid_until != due.valid_until {
            return Ok(false);
        }
        let until: NaiveDate = l.valid_until;
        if !running::mark_sent(c, LICENCE_EXPIRING, &l.id, &until.to_string(), now)? {
            return Ok(false);
        }
        if let Some((name, email, locale)) = professional(c, &l.user_id)? {
            let label = format!("{} {}", l.issuing_body, l.number);
            let link = svc.config.public_link("/professional/licences");
            let letter = compose::reminder_licence_expiring(
                language(&locale),
                &name,
                &label,
                &until.to_string(),
                link,
            );
            Services::enqueue_email(c, &email, &letter)?;
        }
        tracing::debug!(licence_id = %l.id, %until, "licence expiry reminder sent");
        Ok(true)
    })
    .await
}
