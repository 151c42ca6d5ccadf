//! Running and closing a match (SPEC F6): the on-site checklist's ticks,
//! the professional's report and the facility's feedback; and the marks of
//! reminders already sent (F10).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{match_checklist, match_feedback, match_reports, reminders_sent};
use crate::on_backend;

/// One ticked item of a match's checklist, with who and when.
#[derive(Queryable, Selectable, Insertable, Clone, Debug, PartialEq, Eq)]
#[diesel(table_name = match_checklist, treat_none_as_null = true)]
pub struct Tick {
    pub match_id: String,
    pub item: String,
    pub ticked_by: Option<String>,
    pub ticked_at: NaiveDateTime,
}

/// Ticks an item; false when it was ticked already (the first tick stays).
pub fn tick(conn: &mut DbConn, t: &Tick) -> QueryResult<bool> {
    let n = on_backend!(conn, c => diesel::insert_into(match_checklist::table)
        .values(t)
        .on_conflict((match_checklist::match_id, match_checklist::item))
        .do_nothing()
        .execute(c))?;
    Ok(n == 1)
}

/// Unticks an item; false when it was not ticked.
pub fn untick(conn: &mut DbConn, match_id: &str, item: &str) -> QueryResult<bool> {
    let n = diesel::delete(
        match_checklist::table
            .filter(match_checklist::match_id.eq(match_id))
            .filter(match_checklist::item.eq(item)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

pub fn ticks_of(conn: &mut DbConn, match_id: &str) -> QueryResult<Vec<Tick>> {
    match_checklist::table
        .filter(match_checklist::match_id.eq(match_id))
        .select(Tick::as_select())
        .load(conn)
}

/// The professional's report on a match.
#[derive(Queryable, Selectable, Insertable, AsChangeset, Clone, Debug, PartialEq, Eq)]
#[diesel(table_name = match_reports)]
#[diesel(treat_none_as_null = true)]
pub struct Report {
    pub match_id: String,
    pub activities: String,
    pub people_trained: i32,
    pub patients_seen: i32,
    pub sessions_delivered: i32,
    pub hours_given: i32,
    pub notes: String,
    pub filed_by: Option<String>,
    pub filed_at: NaiveDateTime,
}

/// Files the report, or replaces the one filed before.
pub fn file_report(conn: &mut DbConn, r: &Report) -> QueryResult<()> {
    on_backend!(conn, c => diesel::insert_into(match_reports::table)
        .values(r)
        .on_conflict(match_reports::match_id)
        .do_update()
        .set(r)
        .execute(c))?;
    Ok(())
}

pub fn report_of(conn: &mut DbConn, match_id: &str) -> QueryResult<Option<Report>> {
    match_reports::table
        .find(match_id)
        .select(Report::as_select())
        .get_result(conn)
        .optional()
}

/// The facility's feedback on a match.
#[derive(Queryable, Selectable, Insertable, AsChangeset, Clone, Debug, PartialEq, Eq)]
#[diesel(table_name = match_feedback)]
#[diesel(treat_none_as_null = true)]
pub struct Feedback {
    pub match_id: String,
    pub rating: i32,
    pub comments: String,
    pub filed_by: Option<String>,
    pub filed_at: NaiveDateTime,
}

/// Files the feedback, or replaces the one filed before.
pub fn file_feedback(conn: &mut DbConn, f: &Feedback) -> QueryResult<()> {
    on_backend!(conn, c => diesel::insert_into(match_feedback::table)
        .values(f)
        .on_conflict(match_feedback::match_id)
        .do_update()
        .set(f)
        .execute(c))?;
    Ok(())
}

pub fn feedback_of(conn: &mut DbConn, match_id: &str) -> QueryResult<Option<Feedback>> {
    match_feedback::table
        .find(match_id)
        .select(Feedback::as_select())
        .get_result(conn)
        .optional()
}

/// Marks a reminder as sent: true the first time for this kind, subject
/// and occurrence, false ever after. The caller queues the emails in the
/// same transaction only on true, so no reminder is sent twice, whichever
/// server or restart gets there first.
pub fn mark_sent(
    conn: &mut DbConn,
    kind: &str,
    subject_id: &str,
    due: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = on_backend!(conn, c => diesel::insert_into(reminders_sent::table)
        .values((
            reminders_sent::kind.eq(kind),
            reminders_sent::subject_id.eq(subject_id),
            reminders_sent::due.eq(due),
            reminders_sent::sent_at.eq(at),
        ))
        .on_conflict((
            reminders_sent::kind,
            reminders_sent::subject_id,
            reminders_sent::due,
        ))
        .do_nothing()
        .execute(c))?;
    Ok(n == 1)
}
