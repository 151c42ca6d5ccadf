//! Single-use invitations: a coordinator into programmes, or a colleague into
//! a facility. Only a hash of the emailed token is kept.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{invitation_programmes, invitations, programmes};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub id: String,
    pub kind: String,
    pub email: String,
    pub locale: String,
    pub token_hash: String,
    pub invited_by: Option<String>,
    pub facility_id: Option<String>,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub const COORDINATOR: &str = "coordinator";
pub const FACILITY_STAFF: &str = "facility_staff";

pub fn insert(conn: &mut DbConn, i: &Invitation, programme_ids: &[String]) -> QueryResult<()> {
    diesel::insert_into(invitations::table)
        .values(i)
        .execute(conn)?;
    for p in programme_ids {
        diesel::insert_into(invitation_programmes::table)
            .values((
                invitation_programmes::invitation_id.eq(&i.id),
                invitation_programmes::programme_id.eq(p),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn find_by_hash(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<Invitation>> {
    invitations::table
        .filter(invitations::token_hash.eq(token_hash))
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

pub fn programme_ids(conn: &mut DbConn, invitation_id: &str) -> QueryResult<Vec<String>> {
    invitation_programmes::table
        .filter(invitation_programmes::invitation_id.eq(invitation_id))
        .order(invitation_programmes::programme_id)
        .select(invitation_programmes::programme_id)
        .load(conn)
}

/// The codes of the programmes an invitation is for.
pub fn programme_codes(conn: &mut DbConn, invitation_id: &str) -> QueryResult<Vec<String>> {
    invitation_programmes::table
        .inner_join(programmes::table)
        .filter(invitation_programmes::invitation_id.eq(invitation_id))
        .order(programmes::code)
        .select(programmes::code)
        .load(conn)
}

/// Uses the invitation up; false when it was already used (by a concurrent
/// request too).
pub fn consume(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        invitations::table
            .filter(invitations::id.eq(id))
            .filter(invitations::used_at.is_null()),
    )
    .set(invitations::used_at.eq(now))
    .execute(conn)?;
    Ok(n == 1)
}

/// Invitations of a kind not used and not expired, newest first.
pub fn outstanding(
    conn: &mut DbConn,
    kind: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<Invitation>> {
    invitations::table
        .filter(invitations::kind.eq(kind))
        .filter(invitations::used_at.is_null())
        .filter(invitations::expires_at.gt(now))
        .order(invitations::created_at.desc())
        .limit(200)
        .select(Invitation::as_select())
        .load(conn)
}
