//! The audit log: who did what to which record, when, from where.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::audit_log;
use crate::db::{DbConn, new_id};

#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: String,
    pub at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub detail: Option<String>,
    pub client_addr: Option<String>,
}

/// What happened, before it is written.
#[derive(Debug, Clone, Default)]
pub struct Event<'a> {
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub object_type: Option<&'a str>,
    pub object_id: Option<&'a str>,
    pub detail: Option<&'a str>,
    pub client_addr: Option<&'a str>,
}

pub fn record(conn: &mut DbConn, event: &Event, at: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(new_id()),
            audit_log::at.eq(at),
            audit_log::actor_id.eq(event.actor_id),
            audit_log::action.eq(event.action),
            audit_log::object_type.eq(event.object_type),
            audit_log::object_id.eq(event.object_id),
            audit_log::detail.eq(event.detail),
            audit_log::client_addr.eq(event.client_addr),
        ))
        .execute(conn)?;
    Ok(())
}

/// Writes several events at the same time, in one statement.
pub fn record_all(conn: &mut DbConn, events: &[Event], at: NaiveDateTime) -> QueryResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = events.iter().map(|_| new_id()).collect();
    let rows: Vec<_> = events
        .iter()
        .zip(&ids)
        .map(|(event, id)| {
            (
                audit_log::id.eq(id.as_str()),
                audit_log::at.eq(at),
                audit_log::actor_id.eq(event.actor_id),
                audit_log::action.eq(event.action),
                audit_log::object_type.eq(event.object_type),
                audit_log::object_id.eq(event.object_id),
                audit_log::detail.eq(event.detail),
                audit_log::client_addr.eq(event.client_addr),
            )
        })
        .collect();
    crate::on_backend!(conn, c => diesel::insert_into(audit_log::table).values(&rows).execute(c))?;
    Ok(())
}

/// The most recent entries, newest first.
pub fn recent(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<AuditEntry>> {
    audit_log::table
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .limit(limit)
        .select(AuditEntry::as_select())
        .load(conn)
}

/// Entries about a person: those they caused and those about their account.
pub fn about_user(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<AuditEntry>> {
    audit_log::table
        .filter(
            audit_log::actor_id
                .eq(user_id)
                .or(audit_log::object_id.eq(user_id)),
        )
        .order((audit_log::at, audit_log::id))
        .select(AuditEntry::as_select())
        .load(conn)
}

/// What an administrator narrows the log to; `None` leaves a criterion out.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor_id: Option<String>,
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// Entries at or after this instant.
    pub from: Option<NaiveDateTime>,
    /// Entries strictly before this instant.
    pub before: Option<NaiveDateTime>,
}

type Backend = <DbConn as diesel::Connection>::Backend;
type Boxed<'a> = audit_log::BoxedQuery<'a, Backend>;

fn filtered(filter: &Filter) -> Boxed<'_> {
    let mut q = audit_log::table.into_boxed::<Backend>();
    if let Some(a) = &filter.actor_id {
        q = q.filter(audit_log::actor_id.eq(a));
    }
    if let Some(a) = &filter.action {
        q = q.filter(audit_log::action.eq(a));
    }
    if let Some(t) = &filter.object_type {
        q = q.filter(audit_log::object_type.eq(t));
    }
    if let Some(o) = &filter.object_id {
        q = q.filter(audit_log::object_id.eq(o));
    }
    if let Some(f) = filter.from {
        q = q.filter(audit_log::at.ge(f));
    }
    if let Some(b) = filter.before {
        q = q.filter(audit_log::at.lt(b));
    }
    q
}

/// One page of the entries `filter` keeps, newest first.
pub fn search(
    conn: &mut DbConn,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<AuditEntry>> {
    filtered(filter)
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .limit(limit)
        .offset(offset)
        .select(AuditEntry::as_select())
        .load(conn)
}

/// How many entries `filter` keeps.
pub fn count(conn: &mut DbConn, filter: &Filter) -> QueryResult<i64> {
    filtered(filter).count().get_result(conn)
}

/// The next `limit` entries `filter` keeps after `cursor` (the time and id of
/// the last entry read), newest first: for reading a long log in chunks
/// without the cost of ever larger offsets.
pub fn search_after(
    conn: &mut DbConn,
    filter: &Filter,
    cursor: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<AuditEntry>> {
    let mut q = filtered(filter);
    if let Some((at, id)) = cursor {
        q = q.filter(
            audit_log::at
                .lt(at)
                .or(audit_log::at.eq(at).and(audit_log::id.lt(id))),
        );
    }
    q.order((audit_log::at.desc(), audit_log::id.desc()))
        .limit(limit)
        .select(AuditEntry::as_select())
        .load(conn)
}
