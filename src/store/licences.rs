//! Licences to practise, kept per professional.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::licences;

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = licences)]
pub struct Licence {
    pub id: String,
    pub user_id: String,
    pub issuing_country: String,
    pub issuing_body: String,
    pub number: String,
    pub profession_code: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub status: String,
    pub status_reason: Option<String>,
    pub verified_by: Option<String>,
    pub verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The person's licences, the one valid longest first.
pub fn of_user(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<Licence>> {
    licences::table
        .filter(licences::user_id.eq(user_id))
        .order((licences::valid_until.desc(), licences::id))
        .select(Licence::as_select())
        .load(conn)
}

/// One of the person's own licences; another's is not found.
pub fn find(conn: &mut DbConn, user_id: &str, id: &str) -> QueryResult<Option<Licence>> {
    licences::table
        .filter(licences::id.eq(id))
        .filter(licences::user_id.eq(user_id))
        .select(Licence::as_select())
        .get_result(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, licence: &Licence) -> QueryResult<()> {
    diesel::insert_into(licences::table)
        .values(licence)
        .execute(conn)?;
    super::registry::refresh(conn, &licence.user_id)
}

/// Writes the facts and the status of one of the person's licences.
pub fn update(conn: &mut DbConn, l: &Licence) -> QueryResult<bool> {
    let n = diesel::update(
        licences::table
            .filter(licences::id.eq(&l.id))
            .filter(licences::user_id.eq(&l.user_id)),
    )
    .set((
        licences::issuing_country.eq(&l.issuing_country),
        licences::issuing_body.eq(&l.issuing_body),
        licences::number.eq(&l.number),
        licences::profession_code.eq(&l.profession_code),
        licences::valid_from.eq(l.valid_from),
        licences::valid_until.eq(l.valid_until),
        licences::status.eq(&l.status),
        licences::status_reason.eq(&l.status_reason),
        licences::verified_by.eq(&l.verified_by),
        licences::verified_at.eq(l.verified_at),
        licences::updated_at.eq(l.updated_at),
    ))
    .execute(conn)?;
    super::registry::refresh(conn, &l.user_id)?;
    Ok(n == 1)
}

pub fn delete(conn: &mut DbConn, user_id: &str, id: &str) -> QueryResult<bool> {
    let n = diesel::delete(
        licences::table
            .filter(licences::id.eq(id))
            .filter(licences::user_id.eq(user_id)),
    )
    .execute(conn)?;
    super::registry::refresh(conn, user_id)?;
    Ok(n > 0)
}

/// A licence waiting for a coordinator, with what they compare it to.
#[derive(Clone, Debug)]
pub struct PendingLicence {
    pub licence: Licence,
    pub full_name: String,
    pub email: String,
    pub locale: String,
    pub profession_code: Option<String>,
    pub origin_country: Option<String>,
}

type PendingRow = (
    Licence,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn pending_row(
    (licence, full_name, email, locale, profession_code, origin_country): PendingRow,
) -> PendingLicence {
    PendingLicence {
        licence,
        full_name,
        email,
        locale,
        profession_code,
        origin_country,
    }
}

/// The queue of licences waiting for a coordinator: unverified, still valid
/// on `$today`, of professionals from one of `$countries`, joined to their
/// holders. A macro so that the count and the page are the same query.
macro_rules! pending_queue {
    ($countries:expr, $today:expr) => {
        licences::table
            .inner_join(professionals::table.inner_join(users::table))
            // A literal, so that the partial index of unverified licences applies.
            .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
                "licences.status = 'unverified'",
            ))
            .filter(licences::valid_until.ge($today))
            .filter(professionals::origin_country.eq_any($countries))
            .filter(users::deleted_at.is_null())
    };
}

/// How many licences wait for a coordinator of `countries` (see
/// [`pending_in`]).
pub fn count_pending_in(
    conn: &mut DbConn,
    countries: &[String],
    today: NaiveDate,
) -> QueryResult<i64> {
    use crate::db::schema::{professionals, users};
    pending_queue!(countries, today).count().get_result(conn)
}

/// Unverified licences still valid on `today` of professionals from one of
/// `countries`, oldest first, with the total.
pub fn pending_in(
    conn: &mut DbConn,
    countries: &[String],
    today: NaiveDate,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<PendingLicence>, i64)> {
    use crate::db::schema::{professionals, users};
    let total = count_pending_in(conn, countries, today)?;
    let rows: Vec<PendingRow> = pending_queue!(countries, today)
        .order((licences::created_at.asc(), licences::id.asc()))
        .limit(limit)
        .offset(offset)
        .select((
            Licence::as_select(),
            users::full_name,
            users::email,
            users::locale,
            professionals::profession_code,
            professionals::origin_country,
        ))
        .load(conn)?;
    Ok((rows.into_iter().map(pending_row).collect(), total))
}

/// One licence with its holder, whatever its status.
pub fn find_with_holder(conn: &mut DbConn, id: &str) -> QueryResult<Option<PendingLicence>> {
    use crate::db::schema::{professionals, users};
    let row: Option<PendingRow> = licences::table
        .inner_join(professionals::table.inner_join(users::table))
        .filter(licences::id.eq(id))
        .filter(users::deleted_at.is_null())
        .select((
            Licence::as_select(),
            users::full_name,
            users::email,
            users::locale,
            professionals::profession_code,
            professionals::origin_country,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(pending_row))
}

/// A coordinator's decision on an unverified licence; false when it was no
/// longer unverified (changed or decided meanwhile).
pub fn decide(
    conn: &mut DbConn,
    id: &str,
    to: &str,
    reason: Option<&str>,
    by: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let holder: Option<String> = diesel::update(
        licences::table
            .filter(licences::id.eq(id))
            .filter(licences::status.eq("unverified")),
    )
    .set((
        licences::status.eq(to),
        licences::status_reason.eq(reason),
        licences::verified_by.eq(by),
        licences::verified_at.eq(at),
        licences::updated_at.eq(at),
    ))
    .returning(licences::user_id)
    .get_result(conn)
    .optional()?;
    match holder {
        Some(holder) => {
            super::registry::refresh(conn, &holder)?;
            Ok(true)
        }
        None => Ok(false),
    }
}
