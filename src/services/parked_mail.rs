//! Email the outbox parked after a permanent refusal: listed for an
//! administrator, who sends it again or discards it. Every action is audited
//! in its own transaction.
//!
//! Discarding deletes the row rather than marking it: a parked message still
//! holds its bodies, which may carry single-use links nobody should keep, and
//! the audit entry already says who discarded which message, when and from
//! where.

use super::accounts::CurrentUser;
use super::{Origin, Services};
use crate::db::DbConn;
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::store::audit::{self, Event};
use crate::store::outbox::{self, ParkedMessage};

/// Messages on one page: each row carries two forms, so fewer than the
/// audit log's, to keep the page light.
pub const PAGE_SIZE: i64 = 25;
const MAX_PAGE: i64 = 1_000_000;

pub struct ParkedPage {
    pub messages: Vec<ParkedMessage>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

/// One page (from 1) of the parked messages, newest first.
pub async fn list(s: &Services, user: &CurrentUser, page: i64) -> AppResult<ParkedPage> {
    user.require_role(Role::Admin)?;
    let page = page.clamp(1, MAX_PAGE);
    s.db.run(move |c| {
        let total = outbox::count_by_status(c, outbox::PARKED)?;
        Ok(ParkedPage {
            messages: outbox::parked(c, PAGE_SIZE, (page - 1) * PAGE_SIZE)?,
            total,
            page,
            pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
        })
    })
    .await
}

/// A parked message; any other message, or none, is not found.
pub async fn find(s: &Services, user: &CurrentUser, id: &str) -> AppResult<ParkedMessage> {
    user.require_role(Role::Admin)?;
    let id = message_id(id)?;
    s.db.run(move |c| outbox::find_parked(c, &id)?.ok_or(AppError::NotFound))
        .await
}

/// A message id as the application makes them (a UUID); anything else names
/// no message, and never reaches the database (PostgreSQL refuses a NUL in text).
fn message_id(id: &str) -> AppResult<String> {
    uuid::Uuid::try_parse(id)
        .map(|_| id.to_string())
        .map_err(|_| AppError::NotFound)
}

fn record(
    c: &mut DbConn,
    user_id: &str,
    action: &str,
    message_id: Option<&str>,
    detail: &str,
    addr: Option<&str>,
) -> AppResult<()> {
    audit::record(
        c,
        &Event {
            actor_id: Some(user_id),
            action,
            object_type: Some("email"),
            object_id: message_id,
            detail: Some(detail),
            client_addr: addr,
        },
        crate::db::now(),
    )?;
    Ok(())
}

/// Puts a parked message back in the queue, due now, attempts from zero.
pub async fn resend(s: &Services, user: &CurrentUser, id: &str, origin: &Origin) -> AppResult<()> {
    user.require_role(Role::Admin)?;
    let (user_id, id, addr) = (user.id.clone(), message_id(id)?, origin.addr.clone());
    s.db.write(move |c| {
        let message = outbox::find_parked(c, &id)?.ok_or(AppError::NotFound)?;
        if !outbox::requeue(c, &id, crate::db::now())? {
            return Err(AppError::NotFound);
        }
        // The kind, not the recipient: the log outlives the address.
        record(
            c,
            &user_id,
            "email_resent",
            Some(&id),
            &message.kind,
            addr.as_deref(),
        )
    })
    .await?;
    s.outbox_wake.notify_one();
    Ok(())
}

/// Puts every parked message back in the queue; how many there were.
pub async fn resend_all(s: &Services, user: &CurrentUser, origin: &Origin) -> AppResult<usize> {
    user.require_role(Role::Admin)?;
    let (user_id, addr) = (user.id.clone(), origin.addr.clone());
    let n =
        s.db.write(move |c| {
            let n = outbox::requeue_all_parked(c, crate::db::now())?;
            record(
                c,
                &user_id,
                "email_resent_all",
                None,
                &n.to_string(),
                addr.as_deref(),
            )?;
            Ok(n)
        })
        .await?;
    s.outbox_wake.notify_one();
    Ok(n)
}

/// Deletes a parked message for good.
pub async fn discard(s: &Services, user: &CurrentUser, id: &str, origin: &Origin) -> AppResult<()> {
    user.require_role(Role::Admin)?;
    let (user_id, id, addr) = (user.id.clone(), message_id(id)?, origin.addr.clone());
    s.db.write(move |c| {
        let message = outbox::find_parked(c, &id)?.ok_or(AppError::NotFound)?;
        if !outbox::discard(c, &id)? {
            return Err(AppError::NotFound);
        }
        record(
            c,
            &user_id,
            "email_discarded",
            Some(&id),
            &message.kind,
            addr.as_deref(),
        )
    })
    .await
}
