//! Matches and the steps of their life. A step is written only if the
//! match is still in the state it was read in, so that two people acting
//! at once never both move it; confirmation takes the locks that make its
//! checks (positions, overlapping on-site matches) hold under concurrency.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::db::DbConn;
use crate::db::schema::{match_events, matches};

#[derive(Queryable, Selectable, Insertable, Clone, Debug, PartialEq, Eq)]
#[diesel(table_name = matches)]
pub struct MatchRow {
    pub id: String,
    pub assignment_id: String,
    pub user_id: String,
    pub state: String,
    pub source: String,
    pub deadline: Option<NaiveDateTime>,
    pub professional_accepted_at: Option<NaiveDateTime>,
    pub facility_accepted_at: Option<NaiveDateTime>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub onsite: bool,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// One step of a match's life.
#[derive(Insertable, Queryable, Selectable, Clone, Debug, PartialEq, Eq)]
#[diesel(table_name = match_events)]
pub struct Step {
    pub id: String,
    pub match_id: String,
    pub event: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub actor_id: Option<String>,
    pub reason: Option<String>,
    pub at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, m: &MatchRow) -> QueryResult<()> {
    diesel::insert_into(matches::table)
        .values(m)
        .execute(conn)?;
    Ok(())
}

pub fn record(conn: &mut DbConn, step: &Step) -> QueryResult<()> {
    diesel::insert_into(match_events::table)
        .values(step)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<MatchRow>> {
    matches::table
        .find(id)
        .select(MatchRow::as_select())
        .get_result(conn)
        .optional()
}

/// Whether a live match (proposed, offered or confirmed) pairs them already.
pub fn live_between(conn: &mut DbConn, assignment_id: &str, user_id: &str) -> QueryResult<bool> {
    let n: i64 = matches::table
        .filter(matches::assignment_id.eq(assignment_id))
        .filter(matches::user_id.eq(user_id))
        .filter(matches::state.eq_any(["proposed", "offered", "confirmed"]))
        .select(count_star())
        .get_result(conn)?;
    Ok(n > 0)
}

/// Writes the match as `m` says if it is still in state `from`; false when
/// someone moved it meanwhile.
pub fn update_from(conn: &mut DbConn, from: &str, m: &MatchRow) -> QueryResult<bool> {
    let n = diesel::update(
        matches::table
            .filter(matches::id.eq(&m.id))
            .filter(matches::state.eq(from)),
    )
    .set((
        matches::state.eq(&m.state),
        matches::deadline.eq(m.deadline),
        matches::professional_accepted_at.eq(m.professional_accepted_at),
        matches::facility_accepted_at.eq(m.facility_accepted_at),
        matches::confirmed_at.eq(m.confirmed_at),
        matches::updated_at.eq(m.updated_at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Locks the assignment and the professional for the rest of the
/// transaction, in that order, so that confirmations touching either wait
/// for each other. SQLite's write transactions already run one at a time.
pub fn lock_for_confirmation(
    conn: &mut DbConn,
    assignment_id: &str,
    user_id: &str,
) -> QueryResult<()> {
    if conn.is_sqlite() {
        return Ok(());
    }
    diesel::sql_query("SELECT id FROM assignments WHERE id = $1 FOR UPDATE")
        .bind::<Text, _>(assignment_id)
        .execute(conn)?;
    diesel::sql_query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
        .bind::<Text, _>(user_id)
        .execute(conn)?;
    Ok(())
}

/// Confirmed matches of an assignment.
pub fn confirmed_in(conn: &mut DbConn, assignment_id: &str) -> QueryResult<i64> {
    matches::table
        .filter(matches::assignment_id.eq(assignment_id))
        .filter(matches::state.eq_any(["confirmed", "completed"]))
        .select(count_star())
        .get_result(conn)
}

/// Whether the professional has another confirmed on-site match sharing a
/// day with `starts_on..=ends_on`.
pub fn overlapping_onsite(
    conn: &mut DbConn,
    user_id: &str,
    except_id: &str,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> QueryResult<bool> {
    let n: i64 = matches::table
        .filter(matches::user_id.eq(user_id))
        .filter(matches::id.ne(except_id))
        .filter(matches::onsite.eq(true))
        .filter(matches::state.eq_any(["confirmed", "completed"]))
        .filter(matches::starts_on.le(ends_on))
        .filter(matches::ends_on.ge(starts_on))
        .select(count_star())
        .get_result(conn)?;
    Ok(n > 0)
}

/// The other matches still offered on an assignment.
pub fn offered_in(conn: &mut DbConn, assignment_id: &str) -> QueryResult<Vec<MatchRow>> {
    matches::table
        .filter(matches::assignment_id.eq(assignment_id))
        .filter(matches::state.eq("offered"))
        .order(matches::id)
        .select(MatchRow::as_select())
        .load(conn)
}

/// The steps of a match, oldest first.
pub fn steps_of(conn: &mut DbConn, match_id: &str) -> QueryResult<Vec<Step>> {
    match_events::table
        .filter(match_events::match_id.eq(match_id))
        .order((match_events::at, match_events::id))
        .select(Step::as_select())
        .load(conn)
}

/// Offers whose deadline has passed at `now`.
pub fn due_offers(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<String>> {
    matches::table
        .filter(matches::state.eq("offered"))
        .filter(matches::deadline.le(now))
        .order(matches::id)
        .select(matches::id)
        .load(conn)
}
