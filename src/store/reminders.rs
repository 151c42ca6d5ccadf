//! What the scheduled reminders find due (F10): offers near their deadline,
//! reports and feedback late after a match's end, and licences running out
//! under a clinical match that is not over.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{assignments, licences, match_feedback, match_reports, matches};

/// Offers whose deadline has not passed at `now` but comes within `ahead`,
/// with that deadline.
pub fn offers_near_deadline(
    conn: &mut DbConn,
    now: NaiveDateTime,
    ahead: TimeDelta,
) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    let rows: Vec<(String, Option<NaiveDateTime>)> = matches::table
        .filter(matches::state.eq("offered"))
        .filter(matches::deadline.gt(now))
        .filter(matches::deadline.le(now + ahead))
        .order(matches::id)
        .select((matches::id, matches::deadline))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, deadline)| Some((id, deadline?)))
        .collect())
}

/// Confirmed matches that ended on or before `ended_by` (and after
/// `ended_after`, when given) still missing the professional's report or
/// the facility's feedback.
pub fn reports_late(
    conn: &mut DbConn,
    ended_by: NaiveDate,
    ended_after: Option<NaiveDate>,
) -> QueryResult<Vec<String>> {
    let mut q = matches::table
        .left_join(match_reports::table)
        .left_join(match_feedback::table)
        .filter(matches::state.eq("confirmed"))
        .filter(matches::ends_on.le(ended_by))
        .filter(
            match_reports::match_id
                .nullable()
                .is_null()
                .or(match_feedback::match_id.nullable().is_null()),
        )
        .select(matches::id)
        .into_boxed::<<DbConn as Connection>::Backend>();
    if let Some(after) = ended_after {
        q = q.filter(matches::ends_on.gt(after));
    }
    q.order(matches::id).load(conn)
}

/// A verified licence that runs out soon.
#[derive(Queryable, Clone, Debug, PartialEq, Eq)]
pub struct LicenceDue {
    pub id: String,
    pub user_id: String,
    pub valid_until: NaiveDate,
}

/// Verified licences still valid on `today` that run out within `within`
/// days, of professionals with a confirmed match on a clinical assignment
/// that is not over.
pub fn licences_expiring(
    conn: &mut DbConn,
    today: NaiveDate,
    within: TimeDelta,
) -> QueryResult<Vec<LicenceDue>> {
    let practising = matches::table
        .inner_join(assignments::table)
        .filter(matches::state.eq("confirmed"))
        .filter(matches::ends_on.ge(today))
        .filter(assignments::clinical.eq(true))
        .select(matches::user_id);
    licences::table
        .filter(licences::status.eq("verified"))
        .filter(licences::valid_until.ge(today))
        .filter(licences::valid_until.le(today + within))
        .filter(licences::user_id.eq_any(practising))
        .order(licences::id)
        .select((licences::id, licences::user_id, licences::valid_until))
        .load(conn)
}
