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

/// `None` is stored as NULL (no column has another default), so that a
/// batch of rows is one statement on SQLite too.
#[derive(Queryable, Selectable, Insertable, Clone, Debug, PartialEq, Eq)]
#[diesel(table_name = matches, treat_none_as_null = true)]
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
#[diesel(table_name = match_events, treat_none_as_null = true)]
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

/// Records several steps in one statement.
pub fn record_all(conn: &mut DbConn, steps: &[Step]) -> QueryResult<()> {
    if steps.is_empty() {
        return Ok(());
    }
    crate::on_backend!(conn, c => diesel::insert_into(match_events::table).values(steps).execute(c))?;
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
) -> QueryResult<i32> {
    #[derive(QueryableByName)]
    struct Positions {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        positions: i32,
    }
    if conn.is_sqlite() {
        return crate::db::schema::assignments::table
            .find(assignment_id)
            .select(crate::db::schema::assignments::positions)
            .get_result(conn);
    }
    let p: Positions =
        diesel::sql_query("SELECT positions FROM assignments WHERE id = $1 FOR UPDATE")
            .bind::<Text, _>(assignment_id)
            .get_result(conn)?;
    diesel::sql_query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
        .bind::<Text, _>(user_id)
        .execute(conn)?;
    Ok(p.positions)
}

/// In one round trip, under the confirmation's locks: how many of the
/// assignment's positions are taken, and whether the professional is
/// confirmed on site elsewhere on days of this match.
pub fn taken_and_overlap(conn: &mut DbConn, m: &MatchRow) -> QueryResult<(i64, bool)> {
    let taken = matches::table
        .filter(matches::assignment_id.eq(&m.assignment_id))
        .filter(matches::state.eq_any(["confirmed", "completed"]))
        .select(count_star())
        .single_value();
    let overlapping = matches::table
        .filter(matches::user_id.eq(&m.user_id))
        .filter(matches::id.ne(&m.id))
        .filter(matches::onsite.eq(true))
        .filter(matches::state.eq_any(["confirmed", "completed"]))
        .filter(matches::starts_on.le(m.ends_on))
        .filter(matches::ends_on.ge(m.starts_on))
        .select(count_star())
        .single_value();
    let (taken, overlapping): (Option<i64>, Option<i64>) =
        diesel::select((taken, overlapping)).get_result(conn)?;
    Ok((taken.unwrap_or(0), overlapping.unwrap_or(0) > 0))
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

/// A match as lists and its page show it.
#[derive(Queryable, Clone, Debug)]
pub struct MatchListed {
    pub id: String,
    pub state: String,
    pub assignment_id: String,
    pub title: String,
    pub facility_id: String,
    pub facility_name: String,
    pub country_code: String,
    pub user_id: String,
    pub full_name: String,
    pub profession_code: Option<String>,
    pub deadline: Option<NaiveDateTime>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

macro_rules! listed_query {
    () => {{
        use crate::db::schema::{assignments, facilities, professionals, users};
        matches::table
            .inner_join(assignments::table.inner_join(facilities::table))
            .inner_join(users::table.left_join(professionals::table))
            .select((
                matches::id,
                matches::state,
                matches::assignment_id,
                assignments::title,
                facilities::id,
                facilities::name,
                assignments::country_code,
                matches::user_id,
                users::full_name,
                professionals::profession_code.nullable(),
                matches::deadline,
                matches::starts_on,
                matches::ends_on,
            ))
            .into_boxed::<<DbConn as Connection>::Backend>()
    }};
}

pub fn listed(conn: &mut DbConn, id: &str) -> QueryResult<Option<MatchListed>> {
    listed_query!()
        .filter(matches::id.eq(id.to_string()))
        .get_result(conn)
        .optional()
}

/// Matches of assignments in `countries`, in one state or all, newest
/// first, with the total.
pub fn in_countries(
    conn: &mut DbConn,
    countries: &[String],
    state: Option<&str>,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<MatchListed>, i64)> {
    use crate::db::schema::assignments;
    let mut count = matches::table
        .inner_join(assignments::table)
        .filter(assignments::country_code.eq_any(countries.to_vec()))
        .select(count_star())
        .into_boxed::<<DbConn as Connection>::Backend>();
    let mut rows = listed_query!().filter(assignments::country_code.eq_any(countries.to_vec()));
    if let Some(s) = state {
        count = count.filter(matches::state.eq(s.to_string()));
        rows = rows.filter(matches::state.eq(s.to_string()));
    }
    let total = count.get_result(conn)?;
    let rows = rows
        .order((matches::updated_at.desc(), matches::id))
        .limit(limit)
        .offset(offset)
        .load(conn)?;
    Ok((rows, total))
}

/// How many matches of assignments in `countries` are in each state.
pub fn counts_in(conn: &mut DbConn, countries: &[String]) -> QueryResult<Vec<(String, i64)>> {
    use crate::db::schema::assignments;
    matches::table
        .inner_join(assignments::table)
        .filter(assignments::country_code.eq_any(countries.to_vec()))
        .group_by(matches::state)
        .select((matches::state, count_star()))
        .load(conn)
}

/// A professional's matches once offered to them, newest first.
pub fn of_professional(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<MatchListed>> {
    listed_query!()
        .filter(matches::user_id.eq(user_id.to_string()))
        .filter(matches::state.ne_all(["proposed", "rejected"]))
        .order((matches::updated_at.desc(), matches::id))
        .limit(200)
        .load(conn)
}

/// The matches of an assignment once offered, newest first.
pub fn of_assignment(conn: &mut DbConn, assignment_id: &str) -> QueryResult<Vec<MatchListed>> {
    listed_query!()
        .filter(matches::assignment_id.eq(assignment_id.to_string()))
        .filter(matches::state.ne_all(["proposed", "rejected"]))
        .order((matches::updated_at.desc(), matches::id))
        .limit(200)
        .load(conn)
}
