//! The email outbox: messages written in the same transaction as their cause,
//! claimed by senders under a lease so several servers can share one database.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::outbox;

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const PARKED: &str = "parked";

#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = outbox)]
pub struct OutboxMessage {
    pub id: String,
    pub recipient: String,
    pub kind: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = outbox)]
pub struct NewMessage<'a> {
    pub id: &'a str,
    pub recipient: &'a str,
    pub kind: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
    pub status: &'a str,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, message: &NewMessage) -> QueryResult<()> {
    diesel::insert_into(outbox::table)
        .values(message)
        .execute(conn)?;
    Ok(())
}

/// Several messages in one statement.
pub fn insert_all(conn: &mut DbConn, messages: &[NewMessage]) -> QueryResult<()> {
    if messages.is_empty() {
        return Ok(());
    }
    crate::on_backend!(conn, c => diesel::insert_into(outbox::table).values(messages).execute(c))?;
    Ok(())
}

/// Reserves up to `limit` due messages for the sender holding `lease_token`
/// until `lease_until`, and returns them. Call inside a write transaction: on
/// PostgreSQL the selected rows stay locked until it commits and rows another
/// sender is claiming are skipped; on SQLite the immediate transaction makes
/// the claim exclusive.
pub fn claim(
    conn: &mut DbConn,
    lease_token: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<OutboxMessage>> {
    let due = outbox::table
        .select(outbox::id)
        .filter(outbox::status.eq(PENDING))
        .filter(outbox::next_attempt_at.le(now))
        .filter(
            outbox::locked_until
                .is_null()
                .or(outbox::locked_until.lt(now)),
        )
        .order((outbox::next_attempt_at.asc(), outbox::id.asc()))
        .limit(limit);
    let ids: Vec<String> = match conn {
        DbConn::Pg(c) => due.for_update().skip_locked().load(c)?,
        DbConn::Sqlite(c) => due.load(c)?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
        .set((
            outbox::locked_by.eq(lease_token),
            outbox::locked_until.eq(lease_until),
        ))
        .execute(conn)?;
    outbox::table
        .filter(outbox::locked_by.eq(lease_token))
        .filter(outbox::status.eq(PENDING))
        .order((outbox::next_attempt_at.asc(), outbox::id.asc()))
        .select(OutboxMessage::as_select())
        .load(conn)
}

type Leased<'a> = diesel::dsl::Filter<
    diesel::dsl::Filter<outbox::table, diesel::dsl::Eq<outbox::id, &'a str>>,
    diesel::dsl::Eq<outbox::locked_by, &'a str>,
>;

/// The message, if `lease_token` still holds it.
fn leased<'a>(id: &'a str, lease_token: &'a str) -> Leased<'a> {
    outbox::table
        .filter(outbox::id.eq(id))
        .filter(outbox::locked_by.eq(lease_token))
}

/// Extends this sender's reservation of one message just before sending it;
/// false when the lease has run out (another sender may have the message now)
/// or the message is no longer waiting.
pub fn renew_lease(
    conn: &mut DbConn,
    id: &str,
    lease_token: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        leased(id, lease_token)
            .filter(outbox::status.eq(PENDING))
            .filter(outbox::locked_until.gt(now)),
    )
    .set(outbox::locked_until.eq(lease_until))
    .execute(conn)?;
    Ok(n == 1)
}

/// Delivered: the bodies, which may hold single-use links, are erased.
pub fn mark_sent(
    conn: &mut DbConn,
    id: &str,
    lease_token: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(leased(id, lease_token))
        .set((
            outbox::status.eq(SENT),
            outbox::sent_at.eq(now),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::body_text.eq(""),
            outbox::body_html.eq(""),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// A temporary failure: try again at `next_attempt_at`.
pub fn schedule_retry(
    conn: &mut DbConn,
    id: &str,
    lease_token: &str,
    next_attempt_at: NaiveDateTime,
    error: &str,
) -> QueryResult<bool> {
    let n = diesel::update(leased(id, lease_token))
        .set((
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::next_attempt_at.eq(next_attempt_at),
            outbox::last_error.eq(error),
            outbox::locked_by.eq(None::<String>),
            outbox::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// A permanent failure: kept for an administrator to look at and resend.
pub fn park(conn: &mut DbConn, id: &str, lease_token: &str, error: &str) -> QueryResult<bool> {
    let n = diesel::update(leased(id, lease_token))
        .set((
            outbox::status.eq(PARKED),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(error),
            outbox::locked_by.eq(None::<String>),
            outbox::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<OutboxMessage>> {
    outbox::table
        .find(id)
        .select(OutboxMessage::as_select())
        .first(conn)
        .optional()
}

/// Messages to one recipient, oldest first.
pub fn for_recipient(conn: &mut DbConn, recipient: &str) -> QueryResult<Vec<OutboxMessage>> {
    outbox::table
        .filter(outbox::recipient.eq(recipient))
        .order((outbox::created_at.asc(), outbox::id.asc()))
        .select(OutboxMessage::as_select())
        .load(conn)
}

pub fn count_by_status(conn: &mut DbConn, status: &str) -> QueryResult<i64> {
    outbox::table
        .filter(outbox::status.eq(status))
        .count()
        .get_result(conn)
}

/// A parked message as the administrator's list shows it: no bodies.
#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = outbox)]
pub struct ParkedMessage {
    pub id: String,
    pub recipient: String,
    pub kind: String,
    pub subject: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
}

/// One page of the parked messages, newest first.
pub fn parked(conn: &mut DbConn, limit: i64, offset: i64) -> QueryResult<Vec<ParkedMessage>> {
    outbox::table
        .filter(outbox::status.eq(PARKED))
        .order((outbox::created_at.desc(), outbox::id.desc()))
        .limit(limit)
        .offset(offset)
        .select(ParkedMessage::as_select())
        .load(conn)
}

/// The message, if it is parked.
pub fn find_parked(conn: &mut DbConn, id: &str) -> QueryResult<Option<ParkedMessage>> {
    outbox::table
        .filter(outbox::id.eq(id))
        .filter(outbox::status.eq(PARKED))
        .select(ParkedMessage::as_select())
        .first(conn)
        .optional()
}

/// Puts one parked message back in the queue; false when it is not parked.
pub fn requeue(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        outbox::table
            .filter(outbox::id.eq(id))
            .filter(outbox::status.eq(PARKED)),
    )
    // Due now with a fresh count of attempts; the last error stays until it is sent.
    .set((
        outbox::status.eq(PENDING),
        outbox::attempts.eq(0),
        outbox::next_attempt_at.eq(now),
        outbox::locked_by.eq(None::<String>),
        outbox::locked_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Puts every parked message back in the queue; how many there were.
pub fn requeue_all_parked(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(outbox::table.filter(outbox::status.eq(PARKED)))
        .set((
            outbox::status.eq(PENDING),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(now),
            outbox::locked_by.eq(None::<String>),
            outbox::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
}

/// Deletes one parked message; false when it is not parked.
pub fn discard(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    let n = diesel::delete(
        outbox::table
            .filter(outbox::id.eq(id))
            .filter(outbox::status.eq(PARKED)),
    )
    .execute(conn)?;
    Ok(n == 1)
}
