//! Health facilities and the staff who act for them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{facilities, facility_staff};

#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = facilities)]
pub struct Facility {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub country_code: String,
    pub region: String,
    pub city: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = facilities)]
pub struct NewFacility<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub country_code: &'a str,
    pub region: &'a str,
    pub city: &'a str,
    pub status: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, facility: &NewFacility) -> QueryResult<()> {
    diesel::insert_into(facilities::table)
        .values(facility)
        .execute(conn)?;
    Ok(())
}

pub fn add_staff(
    conn: &mut DbConn,
    facility_id: &str,
    user_id: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(facility_staff::table)
        .values((
            facility_staff::facility_id.eq(facility_id),
            facility_staff::user_id.eq(user_id),
            facility_staff::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The facilities a staff member acts for, oldest first.
pub fn for_staff(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<Facility>> {
    facility_staff::table
        .inner_join(facilities::table)
        .filter(facility_staff::user_id.eq(user_id))
        .order(facility_staff::created_at.asc())
        .select(Facility::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Facility>> {
    facilities::table
        .find(id)
        .select(Facility::as_select())
        .first(conn)
        .optional()
}

/// How many facilities in one of `countries` have a status.
pub fn count_with_status_in(
    conn: &mut DbConn,
    status: &str,
    countries: &[String],
) -> QueryResult<i64> {
    facilities::table
        .filter(facilities::status.eq(status))
        .filter(facilities::country_code.eq_any(countries))
        .count()
        .get_result(conn)
}

/// Facilities in one of `countries` with a status, oldest first, with the
/// total.
pub fn with_status_in(
    conn: &mut DbConn,
    status: &str,
    countries: &[String],
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Facility>, i64)> {
    let total = count_with_status_in(conn, status, countries)?;
    let rows = facilities::table
        .filter(facilities::status.eq(status))
        .filter(facilities::country_code.eq_any(countries))
        .order((facilities::created_at.asc(), facilities::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(Facility::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Moves a facility out of `from`; false when it was no longer there (a
/// concurrent decision came first).
pub fn decide(
    conn: &mut DbConn,
    id: &str,
    from: &str,
    to: &str,
    reason: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        facilities::table
            .filter(facilities::id.eq(id))
            .filter(facilities::status.eq(from)),
    )
    .set((
        facilities::status.eq(to),
        facilities::status_reason.eq(reason),
        facilities::updated_at.eq(at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// A staff member as their colleagues and letters see them.
#[derive(Queryable, Clone, Debug)]
pub struct StaffMember {
    pub user_id: String,
    pub full_name: String,
    pub email: String,
    pub locale: String,
}

/// Staff whose accounts are in use, by name.
pub fn staff_of(conn: &mut DbConn, facility_id: &str) -> QueryResult<Vec<StaffMember>> {
    use crate::db::schema::users;
    facility_staff::table
        .inner_join(users::table)
        .filter(facility_staff::facility_id.eq(facility_id))
        .filter(users::disabled_at.is_null())
        .filter(users::deleted_at.is_null())
        .order((users::full_name, users::id))
        .select((users::id, users::full_name, users::email, users::locale))
        .load(conn)
}
