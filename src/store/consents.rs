//! Consents as dated rows: given, and perhaps withdrawn later.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::consents;

#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = consents)]
pub struct Consent {
    pub id: String,
    pub user_id: String,
    pub kind: String,
    pub text_version: String,
    pub given_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
}

/// The consent of this kind in force, if any.
pub fn active(conn: &mut DbConn, user_id: &str, kind: &str) -> QueryResult<Option<Consent>> {
    consents::table
        .filter(consents::user_id.eq(user_id))
        .filter(consents::kind.eq(kind))
        .filter(consents::withdrawn_at.is_null())
        .select(Consent::as_select())
        .get_result(conn)
        .optional()
}

pub fn give(
    conn: &mut DbConn,
    id: &str,
    user_id: &str,
    kind: &str,
    text_version: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(consents::table)
        .values((
            consents::id.eq(id),
            consents::user_id.eq(user_id),
            consents::kind.eq(kind),
            consents::text_version.eq(text_version),
            consents::given_at.eq(at),
        ))
        .execute(conn)?;
    if kind == "statistics" {
        super::observatory::bump(conn, at)?;
    }
    super::registry::refresh(conn, user_id)
}

pub fn withdraw(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    let withdrawn: Option<(String, String)> = diesel::update(consents::table.find(id))
        .set(consents::withdrawn_at.eq(at))
        .returning((consents::user_id, consents::kind))
        .get_result(conn)
        .optional()?;
    let Some((user_id, kind)) = withdrawn else {
        return Ok(());
    };
    if kind == "statistics" {
        super::observatory::bump(conn, at)?;
    }
    super::registry::refresh(conn, &user_id)
}

/// Every consent the person gave, newest first.
pub fn history(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<Consent>> {
    consents::table
        .filter(consents::user_id.eq(user_id))
        .order((consents::given_at.desc(), consents::id.desc()))
        .select(Consent::as_select())
        .load(conn)
}
