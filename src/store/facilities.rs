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
