//! The WHO Health Workforce Support and Safeguards List: its countries and
//! the editions an administrator recorded.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{safeguards_countries, safeguards_editions};

pub fn countries(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    safeguards_countries::table
        .order(safeguards_countries::country_code)
        .select(safeguards_countries::country_code)
        .load(conn)
}

/// The edition in force: the latest recorded.
pub fn edition(conn: &mut DbConn) -> QueryResult<Option<NaiveDate>> {
    safeguards_editions::table
        .order(safeguards_editions::edition.desc())
        .select(safeguards_editions::edition)
        .first(conn)
        .optional()
}

/// Replaces the list with a new edition's countries.
pub fn replace(
    conn: &mut DbConn,
    codes: &[String],
    edition: NaiveDate,
    by: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(safeguards_countries::table).execute(conn)?;
    for code in codes {
        diesel::insert_into(safeguards_countries::table)
            .values(safeguards_countries::country_code.eq(code))
            .execute(conn)?;
    }
    diesel::delete(safeguards_editions::table.filter(safeguards_editions::edition.eq(edition)))
        .execute(conn)?;
    diesel::insert_into(safeguards_editions::table)
        .values((
            safeguards_editions::edition.eq(edition),
            safeguards_editions::recorded_at.eq(at),
            safeguards_editions::recorded_by.eq(by),
        ))
        .execute(conn)?;
    Ok(())
}
