//! Runs of the matcher and the proposals they make: each proposal a match
//! in state 'proposed' with source 'matcher', its run and its score,
//! written in batches with the first step of its history.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{match_events, matcher_run_notes, matcher_runs, matches};
use crate::on_backend;

/// One run, as stored.
#[derive(Queryable, Selectable, Insertable, Clone, Debug, PartialEq, Eq)]
#[diesel(table_name = matcher_runs)]
pub struct Run {
    pub id: String,
    pub programme_id: String,
    pub run_by: Option<String>,
    pub dry_run: bool,
    pub started_at: NaiveDateTime,
    pub duration_ms: i64,
    pub professionals: i32,
    pub assignments: i32,
    pub positions: i32,
    pub candidate_pairs: i64,
    pub feasible_pairs: i64,
    pub proposals: i32,
    pub total_score: i64,
}

pub fn insert(conn: &mut DbConn, run: &Run) -> QueryResult<()> {
    diesel::insert_into(matcher_runs::table)
        .values(run)
        .execute(conn)?;
    Ok(())
}

/// The latest runs of a programme, newest first.
pub fn of_programme(conn: &mut DbConn, programme_id: &str, limit: i64) -> QueryResult<Vec<Run>> {
    matcher_runs::table
        .filter(matcher_runs::programme_id.eq(programme_id))
        .order((matcher_runs::started_at.desc(), matcher_runs::id.desc()))
        .limit(limit)
        .select(Run::as_select())
        .load(conn)
}

/// A match the matcher proposes.
#[derive(Insertable, Clone, Debug)]
#[diesel(table_name = matches)]
pub struct Proposal {
    pub id: String,
    pub assignment_id: String,
    pub user_id: String,
    pub state: &'static str,
    pub source: &'static str,
    pub onsite: bool,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub run_id: Option<String>,
    pub score: Option<i64>,
    pub score_parts: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = match_events)]
struct FirstStep<'a> {
    id: String,
    match_id: &'a str,
    event: &'static str,
    to_state: &'static str,
    actor_id: Option<&'a str>,
    at: NaiveDateTime,
}

/// Rows per multi-row insert: well under both databases' bound parameters.
const BATCH: usize = 500;

/// Writes the proposals and the first step of each, in batches; the
/// caller's transaction keeps it all or nothing.
pub fn insert_proposals(conn: &mut DbConn, proposals: &[Proposal]) -> QueryResult<()> {
    for chunk in proposals.chunks(BATCH) {
        on_backend!(conn, c => diesel::insert_into(matches::table).values(chunk).execute(c))?;
        let steps: Vec<FirstStep> = chunk
            .iter()
            .map(|p| FirstStep {
                id: crate::db::new_id(),
                match_id: &p.id,
                event: "propose",
                to_state: p.state,
                actor_id: p.created_by.as_deref(),
                at: p.created_at,
            })
            .collect();
        on_backend!(conn, c => diesel::insert_into(match_events::table).values(&steps).execute(c))?;
    }
    Ok(())
}

/// (assignment, professional) of every live match (proposed, offered,
/// confirmed) on these assignments.
pub fn live_pairs(
    conn: &mut DbConn,
    assignment_ids: &[String],
) -> QueryResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for chunk in assignment_ids.chunks(BATCH) {
        out.extend(
            matches::table
                .filter(matches::assignment_id.eq_any(chunk))
                .filter(matches::state.eq_any(["proposed", "offered", "confirmed"]))
                .select((matches::assignment_id, matches::user_id))
                .load::<(String, String)>(conn)?,
        );
    }
    Ok(out)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Run>> {
    matcher_runs::table
        .find(id)
        .select(Run::as_select())
        .get_result(conn)
        .optional()
}

/// A proposal of a run as its page lists it, in its state today.
#[derive(Queryable, Clone, Debug)]
pub struct RunProposal {
    pub match_id: String,
    pub state: String,
    pub score: Option<i64>,
    pub score_parts: Option<String>,
    pub user_id: String,
    pub full_name: String,
    pub assignment_id: String,
    pub title: String,
    pub facility_name: String,
    pub country_code: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// A page of a run's proposals, by assignment then best score, with the
/// count of all.
pub fn proposals_of(
    conn: &mut DbConn,
    run_id: &str,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<RunProposal>, i64)> {
    use crate::db::schema::{assignments, facilities, users};
    let total: i64 = matches::table
        .filter(matches::run_id.eq(run_id))
        .count()
        .get_result(conn)?;
    let rows = matches::table
        .inner_join(users::table)
        .inner_join(assignments::table.inner_join(facilities::table))
        .filter(matches::run_id.eq(run_id))
        .order((
            assignments::starts_on,
            assignments::id,
            matches::score.desc(),
            matches::id,
        ))
        .limit(limit)
        .offset(offset)
        .select((
            matches::id,
            matches::state,
            matches::score,
            matches::score_parts,
            matches::user_id,
            users::full_name,
            matches::assignment_id,
            assignments::title,
            facilities::name,
            assignments::country_code,
            assignments::starts_on,
            assignments::ends_on,
        ))
        .load(conn)?;
    Ok((rows, total))
}

/// Whether profiles, licences, availability, consents or Terms of
/// Reference changed after `at`: a run read before then may be stale.
pub fn changed_since(conn: &mut DbConn, at: NaiveDateTime) -> QueryResult<bool> {
    use crate::db::schema::{assignments, availability_windows, consents, licences, professionals};
    use diesel::dsl::max;
    let latest = [
        professionals::table
            .select(max(professionals::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
        availability_windows::table
            .select(max(availability_windows::updated_at))
            .get_result(conn)?,
        licences::table
            .select(max(licences::updated_at))
            .get_result(conn)?,
        assignments::table
            .select(max(assignments::updated_at))
            .get_result(conn)?,
        consents::table
            .select(max(consents::given_at))
            .get_result(conn)?,
        consents::table
            .select(max(consents::withdrawn_at))
            .get_result(conn)?,
    ];
    Ok(latest.into_iter().flatten().any(|t| t > at))
}

/// An alternate or a near miss a run found for an assignment.
#[derive(Insertable, Clone, Debug)]
#[diesel(table_name = matcher_run_notes)]
pub struct Note {
    pub run_id: String,
    pub assignment_id: String,
    pub kind: &'static str,
    pub rank: i32,
    pub user_id: String,
    pub score: i64,
    pub detail: String,
}

pub fn insert_notes(conn: &mut DbConn, notes: &[Note]) -> QueryResult<()> {
    for chunk in notes.chunks(BATCH) {
        on_backend!(conn, c => diesel::insert_into(matcher_run_notes::table).values(chunk).execute(c))?;
    }
    Ok(())
}

/// A note as a page reads it, with the professional's name.
#[derive(Queryable, Clone, Debug)]
pub struct NoteSeen {
    pub assignment_id: String,
    pub kind: String,
    pub user_id: String,
    pub full_name: String,
    pub score: i64,
    pub detail: String,
}

/// The notes of a run on these assignments, by assignment, kind and rank.
pub fn notes_of(
    conn: &mut DbConn,
    run_id: &str,
    assignment_ids: &[String],
) -> QueryResult<Vec<NoteSeen>> {
    use crate::db::schema::users;
    matcher_run_notes::table
        .inner_join(users::table)
        .filter(matcher_run_notes::run_id.eq(run_id))
        .filter(matcher_run_notes::assignment_id.eq_any(assignment_ids))
        .order((
            matcher_run_notes::assignment_id,
            matcher_run_notes::kind,
            matcher_run_notes::rank,
        ))
        .select((
            matcher_run_notes::assignment_id,
            matcher_run_notes::kind,
            matcher_run_notes::user_id,
            users::full_name,
            matcher_run_notes::score,
            matcher_run_notes::detail,
        ))
        .load(conn)
}

/// Which of `match_ids` are proposals of the run.
pub fn of_run(conn: &mut DbConn, run_id: &str, match_ids: &[String]) -> QueryResult<Vec<String>> {
    let mut out = Vec::new();
    for chunk in match_ids.chunks(BATCH) {
        out.extend(
            matches::table
                .filter(matches::run_id.eq(run_id))
                .filter(matches::id.eq_any(chunk))
                .select(matches::id)
                .load::<String>(conn)?,
        );
    }
    Ok(out)
}
