//! Personal API tokens, found by the hash of their secret.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{api_tokens, users};
use crate::store::users::SessionUser;

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub secret_hash: String,
    pub can_write: bool,
    pub session_epoch: i32,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, token: &ApiToken) -> QueryResult<()> {
    diesel::insert_into(api_tokens::table)
        .values(token)
        .execute(conn)?;
    Ok(())
}

/// A user's tokens still in force, newest first.
pub fn live_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ApiToken>> {
    api_tokens::table
        .filter(api_tokens::user_id.eq(user_id))
        .filter(api_tokens::revoked_at.is_null())
        .order((api_tokens::created_at.desc(), api_tokens::id.desc()))
        .select(ApiToken::as_select())
        .load(conn)
}

/// A user's token still in force.
pub fn live(conn: &mut DbConn, user_id: &str, id: &str) -> QueryResult<Option<ApiToken>> {
    api_tokens::table
        .filter(api_tokens::id.eq(id))
        .filter(api_tokens::user_id.eq(user_id))
        .filter(api_tokens::revoked_at.is_null())
        .select(ApiToken::as_select())
        .first(conn)
        .optional()
}

/// Revokes a user's token; false if it was not theirs or already revoked.
pub fn revoke(conn: &mut DbConn, user_id: &str, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::user_id.eq(user_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(at))
    .execute(conn)?;
    Ok(n == 1)
}

/// A token in use: its id, scope and last use, and its account.
#[derive(Queryable, Clone, Debug)]
pub struct Bearer {
    pub id: String,
    pub can_write: bool,
    pub last_used_at: Option<NaiveDateTime>,
    pub user: SessionUser,
}

/// The token a secret's hash names and its account, if both are still good:
/// not revoked, the account neither disabled nor erased, and its session
/// epoch the one the token was made under.
/// Runs on every API request, so it goes straight to the backend's own
/// connection (no SQL text is built after the first time).
pub fn authenticate(conn: &mut DbConn, secret_hash: &str) -> QueryResult<Option<Bearer>> {
    let query = api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::secret_hash.eq(secret_hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(users::disabled_at.is_null())
        .filter(users::deleted_at.is_null())
        .filter(api_tokens::session_epoch.eq(users::session_epoch))
        .select((
            api_tokens::id,
            api_tokens::can_write,
            api_tokens::last_used_at,
            (
                users::id,
                users::email,
                users::full_name,
                users::role,
                users::locale,
                users::email_verified_at.is_not_null(),
                users::session_epoch,
            ),
        ));
    match conn {
        DbConn::Sqlite(c) => query.first(c).optional(),
        DbConn::Pg(c) => query.first(c).optional(),
    }
}

/// Writes when a token was last used.
pub fn touch(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(api_tokens::table.find(id))
        .set(api_tokens::last_used_at.eq(at))
        .execute(conn)?;
    Ok(())
}
