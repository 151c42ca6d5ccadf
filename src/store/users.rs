//! Accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::users;

#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = users)]
pub struct User {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub full_name: String,
    pub role: String,
    pub locale: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub privacy_accepted_at: Option<NaiveDateTime>,
    pub session_epoch: i32,
    pub disabled_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub full_name: &'a str,
    pub role: &'a str,
    pub locale: &'a str,
    pub email_verified_at: Option<NaiveDateTime>,
    pub privacy_accepted_at: Option<NaiveDateTime>,
    pub session_epoch: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, user: &NewUser) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(user)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// The addresses of the accounts among `ids`, as (id, email) pairs.
pub fn emails_of(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    let mut found = Vec::new();
    // In chunks: both backends cap the parameters of one statement.
    for chunk in ids.chunks(500) {
        found.extend(
            users::table
                .filter(users::id.eq_any(chunk))
                .select((users::id, users::email))
                .load::<(String, String)>(conn)?,
        );
    }
    Ok(found)
}

/// How to write to a person: name, address and language.
#[derive(Queryable, Clone, Debug)]
pub struct Contact {
    pub id: String,
    pub full_name: String,
    pub email: String,
    pub locale: String,
}

/// How to write to the accounts among `ids` that are not erased.
pub fn contacts_of(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<Contact>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(500) {
        found.extend(
            users::table
                .filter(users::id.eq_any(chunk))
                .filter(users::deleted_at.is_null())
                .select((users::id, users::full_name, users::email, users::locale))
                .load::<Contact>(conn)?,
        );
    }
    Ok(found)
}

/// What a request needs to know of the account a session names.
#[derive(Queryable, Clone, Debug)]
pub struct SessionUser {
    pub id: String,
    pub email: String,
    pub full_name: String,
    pub role: String,
    pub locale: String,
    pub email_verified: bool,
    pub session_epoch: i32,
}

/// The account a session names, if it is still good: same session epoch,
/// not disabled. Runs on every signed-in request, so it reads only those
/// columns, parses no timestamp, and goes straight to the backend's own
/// connection (no SQL text is built after the first time).
pub fn find_for_session(
    conn: &mut DbConn,
    id: &str,
    session_epoch: i32,
) -> QueryResult<Option<SessionUser>> {
    let query = users::table
        .filter(users::id.eq(id))
        .filter(users::session_epoch.eq(session_epoch))
        .filter(users::disabled_at.is_null())
        .select((
            users::id,
            users::email,
            users::full_name,
            users::role,
            users::locale,
            users::email_verified_at.is_not_null(),
            users::session_epoch,
        ));
    match conn {
        DbConn::Sqlite(c) => query.get_result(c).optional(),
        DbConn::Pg(c) => query.get_result(c).optional(),
    }
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Marks the address verified if it is still the account's address.
pub fn set_email_verified(
    conn: &mut DbConn,
    id: &str,
    email: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        users::table
            .filter(users::id.eq(id))
            .filter(users::email.eq(email))
            .filter(users::email_verified_at.is_null()),
    )
    .set((users::email_verified_at.eq(at), users::updated_at.eq(at)))
    .execute(conn)?;
    super::registry::refresh(conn, id)?;
    Ok(n == 1)
}

/// A new password; every existing session ends with it.
pub fn set_password(conn: &mut DbConn, id: &str, hash: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::session_epoch.eq(users::session_epoch + 1),
            users::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The same password under stronger hashing parameters; sessions stay.
pub fn upgrade_password_hash(conn: &mut DbConn, id: &str, old: &str, new: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id).filter(users::password_hash.eq(old)))
        .set(users::password_hash.eq(new))
        .execute(conn)?;
    Ok(())
}

/// Ends every session of the user.
pub fn bump_session_epoch(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::session_epoch.eq(users::session_epoch + 1),
            users::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_locale(conn: &mut DbConn, id: &str, locale: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::locale.eq(locale), users::updated_at.eq(at)))
        .execute(conn)?;
    Ok(())
}

/// Erases an account's personal data and ends its sessions; the row stays,
/// anonymous, for what others rely on. The profile and everything under it,
/// consents, reset links and facility memberships go.
pub fn erase(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    use crate::db::schema::{consents, facility_staff, password_resets, professionals};
    // What the figures need stays, anonymous; the public figures move at once.
    let counted = super::consents::active(conn, id, "statistics")?.is_some();
    super::observatory::keep_anonymous(conn, id, counted, at)?;
    super::observatory::bump(conn, at)?;
    diesel::delete(professionals::table.filter(professionals::user_id.eq(id))).execute(conn)?;
    diesel::delete(consents::table.filter(consents::user_id.eq(id))).execute(conn)?;
    diesel::delete(password_resets::table.filter(password_resets::user_id.eq(id))).execute(conn)?;
    diesel::delete(facility_staff::table.filter(facility_staff::user_id.eq(id))).execute(conn)?;
    diesel::update(users::table.find(id))
        .set((
            users::email.eq(format!("deleted-{id}@deleted.invalid")),
            users::full_name.eq(""),
            // No password hashes to this: nobody can log in again.
            users::password_hash.eq("!"),
            users::disabled_at.eq(at),
            users::deleted_at.eq(at),
            users::session_epoch.eq(users::session_epoch + 1),
            users::updated_at.eq(at),
        ))
        .execute(conn)?;
    super::registry::refresh(conn, id)
}

/// Moves an account from `old` to `new`, verified; false if its address is
/// no longer `old`.
pub fn change_email(
    conn: &mut DbConn,
    id: &str,
    old: &str,
    new: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        users::table
            .filter(users::id.eq(id))
            .filter(users::email.eq(old)),
    )
    .set((
        users::email.eq(new),
        users::email_verified_at.eq(at),
        users::updated_at.eq(at),
    ))
    .execute(conn)?;
    super::registry::refresh(conn, id)?;
    Ok(n == 1)
}

/// (id, name, email) of every account in use with a role, by name.
pub fn with_role(conn: &mut DbConn, role: &str) -> QueryResult<Vec<(String, String, String)>> {
    users::table
        .filter(users::role.eq(role))
        .filter(users::disabled_at.is_null())
        .filter(users::deleted_at.is_null())
        .order((users::full_name, users::id))
        .limit(1000)
        .select((users::id, users::full_name, users::email))
        .load(conn)
}

/// Disables an account and ends every session it has.
pub fn disable(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::disabled_at.eq(at),
            users::session_epoch.eq(users::session_epoch + 1),
            users::updated_at.eq(at),
        ))
        .execute(conn)?;
    super::registry::refresh(conn, id)
}

/// Gives a disabled (not erased) account back to the owner of its address,
/// with a new name, password and language; the address counts as verified.
/// Sessions from before stay ended. False when the account was not disabled.
pub fn reenable(
    conn: &mut DbConn,
    id: &str,
    full_name: &str,
    password_hash: &str,
    locale: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        users::table
            .filter(users::id.eq(id))
            .filter(users::disabled_at.is_not_null())
            .filter(users::deleted_at.is_null()),
    )
    .set((
        users::full_name.eq(full_name),
        users::password_hash.eq(password_hash),
        users::locale.eq(locale),
        users::email_verified_at.eq(at),
        users::disabled_at.eq(None::<NaiveDateTime>),
        users::session_epoch.eq(users::session_epoch + 1),
        users::updated_at.eq(at),
    ))
    .execute(conn)?;
    super::registry::refresh(conn, id)?;
    Ok(n == 1)
}
