//! Terms of Reference: assignments with their professions, skills,
//! languages and weekly sessions, and the interest professionals express.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{
    assignment_languages, assignment_professions, assignment_sessions, assignment_skills,
    assignments, interests, professionals, users,
};

#[derive(Queryable, Selectable, Insertable, Clone, Debug, PartialEq, Eq)]
#[diesel(table_name = assignments)]
pub struct Assignment {
    pub id: String,
    pub facility_id: String,
    pub country_code: String,
    pub title: String,
    pub objectives: String,
    pub specialty_code: Option<String>,
    pub modality: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub hours_per_week: Option<i32>,
    pub positions: i32,
    pub clinical: bool,
    pub support_travel: bool,
    pub support_accommodation: bool,
    pub support_allowance: bool,
    pub support_insurance: bool,
    pub support_details: String,
    pub min_years_experience: i32,
    pub urgent: bool,
    pub time_zone: String,
    pub status: String,
    pub closed_reason: Option<String>,
    pub created_by: Option<String>,
    pub published_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What an assignment holds besides its row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parts {
    pub professions: Vec<String>,
    /// (tag, required)
    pub skills: Vec<(String, bool)>,
    /// (language code, least level)
    pub languages: Vec<(String, String)>,
    /// (weekday 1-7, start minute, end minute) in the facility's time zone.
    pub sessions: Vec<(i32, i32, i32)>,
}

fn insert_parts(conn: &mut DbConn, id: &str, p: &Parts) -> QueryResult<()> {
    for code in &p.professions {
        diesel::insert_into(assignment_professions::table)
            .values((
                assignment_professions::assignment_id.eq(id),
                assignment_professions::profession_code.eq(code),
            ))
            .execute(conn)?;
    }
    for (tag, required) in &p.skills {
        diesel::insert_into(assignment_skills::table)
            .values((
                assignment_skills::assignment_id.eq(id),
                assignment_skills::tag.eq(tag),
                assignment_skills::required.eq(required),
            ))
            .execute(conn)?;
    }
    for (code, level) in &p.languages {
        diesel::insert_into(assignment_languages::table)
            .values((
                assignment_languages::assignment_id.eq(id),
                assignment_languages::language_code.eq(code),
                assignment_languages::min_level.eq(level),
            ))
            .execute(conn)?;
    }
    for (weekday, start, end) in &p.sessions {
        diesel::insert_into(assignment_sessions::table)
            .values((
                assignment_sessions::id.eq(crate::db::new_id()),
                assignment_sessions::assignment_id.eq(id),
                assignment_sessions::weekday.eq(weekday),
                assignment_sessions::starts_minute.eq(start),
                assignment_sessions::ends_minute.eq(end),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert(conn: &mut DbConn, a: &Assignment, parts: &Parts) -> QueryResult<()> {
    diesel::insert_into(assignments::table)
        .values(a)
        .execute(conn)?;
    insert_parts(conn, &a.id, parts)
}

/// Writes what the facility edits (not its state, facility or dates of
/// record) and replaces the parts; false when it is no longer editable.
pub fn update(conn: &mut DbConn, a: &Assignment, parts: &Parts) -> QueryResult<bool> {
    let n = diesel::update(
        assignments::table
            .filter(assignments::id.eq(&a.id))
            .filter(assignments::status.eq_any(["draft", "open"])),
    )
    .set((
        assignments::title.eq(&a.title),
        assignments::objectives.eq(&a.objectives),
        assignments::specialty_code.eq(&a.specialty_code),
        assignments::modality.eq(&a.modality),
        assignments::starts_on.eq(a.starts_on),
        assignments::ends_on.eq(a.ends_on),
        assignments::hours_per_week.eq(a.hours_per_week),
        assignments::positions.eq(a.positions),
        assignments::clinical.eq(a.clinical),
        assignments::support_travel.eq(a.support_travel),
        assignments::support_accommodation.eq(a.support_accommodation),
        assignments::support_allowance.eq(a.support_allowance),
        assignments::support_insurance.eq(a.support_insurance),
        assignments::support_details.eq(&a.support_details),
        assignments::min_years_experience.eq(a.min_years_experience),
        assignments::urgent.eq(a.urgent),
        assignments::time_zone.eq(&a.time_zone),
        assignments::updated_at.eq(a.updated_at),
    ))
    .execute(conn)?;
    if n == 0 {
        return Ok(false);
    }
    diesel::delete(
        assignment_professions::table.filter(assignment_professions::assignment_id.eq(&a.id)),
    )
    .execute(conn)?;
    diesel::delete(assignment_skills::table.filter(assignment_skills::assignment_id.eq(&a.id)))
        .execute(conn)?;
    diesel::delete(
        assignment_languages::table.filter(assignment_languages::assignment_id.eq(&a.id)),
    )
    .execute(conn)?;
    diesel::delete(assignment_sessions::table.filter(assignment_sessions::assignment_id.eq(&a.id)))
        .execute(conn)?;
    insert_parts(conn, &a.id, parts)?;
    Ok(true)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Assignment>> {
    assignments::table
        .find(id)
        .select(Assignment::as_select())
        .get_result(conn)
        .optional()
}

pub fn parts_of(conn: &mut DbConn, id: &str) -> QueryResult<Parts> {
    Ok(Parts {
        professions: assignment_professions::table
            .filter(assignment_professions::assignment_id.eq(id))
            .order(assignment_professions::profession_code)
            .select(assignment_professions::profession_code)
            .load(conn)?,
        skills: assignment_skills::table
            .filter(assignment_skills::assignment_id.eq(id))
            .order((assignment_skills::required.desc(), assignment_skills::tag))
            .select((assignment_skills::tag, assignment_skills::required))
            .load(conn)?,
        languages: assignment_languages::table
            .filter(assignment_languages::assignment_id.eq(id))
            .order(assignment_languages::language_code)
            .select((
                assignment_languages::language_code,
                assignment_languages::min_level,
            ))
            .load(conn)?,
        sessions: assignment_sessions::table
            .filter(assignment_sessions::assignment_id.eq(id))
            .order((
                assignment_sessions::weekday,
                assignment_sessions::starts_minute,
            ))
            .select((
                assignment_sessions::weekday,
                assignment_sessions::starts_minute,
                assignment_sessions::ends_minute,
            ))
            .load(conn)?,
    })
}

/// A facility's assignments, newest first, with the total.
pub fn of_facility(
    conn: &mut DbConn,
    facility_id: &str,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Assignment>, i64)> {
    let total = assignments::table
        .filter(assignments::facility_id.eq(facility_id))
        .count()
        .get_result(conn)?;
    let rows = assignments::table
        .filter(assignments::facility_id.eq(facility_id))
        .order((assignments::created_at.desc(), assignments::id.desc()))
        .limit(limit)
        .offset(offset)
        .select(Assignment::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Opens a draft; false when it was not a draft any more.
pub fn publish(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        assignments::table
            .filter(assignments::id.eq(id))
            .filter(assignments::status.eq("draft")),
    )
    .set((
        assignments::status.eq("open"),
        assignments::published_at.eq(at),
        assignments::updated_at.eq(at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Closes a draft or an open assignment with the reason; false when it was
/// already filled or closed.
pub fn close(conn: &mut DbConn, id: &str, reason: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        assignments::table
            .filter(assignments::id.eq(id))
            .filter(assignments::status.eq_any(["draft", "open"])),
    )
    .set((
        assignments::status.eq("closed"),
        assignments::closed_reason.eq(reason),
        assignments::closed_at.eq(at),
        assignments::updated_at.eq(at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Marks an open assignment filled: its last position is confirmed.
pub fn fill(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        assignments::table
            .filter(assignments::id.eq(id))
            .filter(assignments::status.eq("open")),
    )
    .set((
        assignments::status.eq("filled"),
        assignments::updated_at.eq(at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// An interest as the facility sees it: who and their profession, nothing
/// that reaches them (SECURITY 22).
#[derive(Queryable, Clone, Debug)]
pub struct InterestSeen {
    pub id: String,
    pub full_name: String,
    pub profession_code: Option<String>,
    pub note: String,
    pub created_at: NaiveDateTime,
}

/// Interests still standing in an assignment, oldest first.
pub fn interests_in(conn: &mut DbConn, assignment_id: &str) -> QueryResult<Vec<InterestSeen>> {
    interests::table
        .inner_join(users::table.left_join(professionals::table))
        .filter(interests::assignment_id.eq(assignment_id))
        .filter(interests::withdrawn_at.is_null())
        .order((interests::created_at, interests::id))
        .select((
            interests::id,
            users::full_name,
            professionals::profession_code.nullable(),
            interests::note,
            interests::created_at,
        ))
        .load(conn)
}

/// How many interests stand in each of `ids`.
pub fn interest_counts(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, i64)>> {
    use diesel::dsl::count_star;
    interests::table
        .filter(interests::assignment_id.eq_any(ids))
        .filter(interests::withdrawn_at.is_null())
        .group_by(interests::assignment_id)
        .select((interests::assignment_id, count_star()))
        .load(conn)
}

/// (email, name, locale) of everyone whose interest in the assignment stands.
pub fn interested(
    conn: &mut DbConn,
    assignment_id: &str,
) -> QueryResult<Vec<(String, String, String)>> {
    interests::table
        .inner_join(users::table)
        .filter(interests::assignment_id.eq(assignment_id))
        .filter(interests::withdrawn_at.is_null())
        .filter(users::deleted_at.is_null())
        .filter(users::disabled_at.is_null())
        .order(interests::created_at)
        .select((users::email, users::full_name, users::locale))
        .load(conn)
}

/// An open assignment a coordinator may propose a professional for.
#[derive(Queryable, Clone, Debug, PartialEq, Eq)]
pub struct Proposable {
    pub id: String,
    pub title: String,
    pub facility_name: String,
    pub country_code: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// Most assignments a proposal form offers.
pub const PROPOSABLE_LIMIT: i64 = 50;

/// The open assignments in `countries` that accept `profession` and have
/// no live match with the professional yet, soonest first.
pub fn proposable_for(
    conn: &mut DbConn,
    countries: &[String],
    profession: &str,
    user_id: &str,
) -> QueryResult<Vec<Proposable>> {
    use crate::db::schema::{facilities, matches};
    let live = matches::table
        .filter(matches::user_id.eq(user_id))
        .filter(matches::state.eq_any(["proposed", "offered", "confirmed"]))
        .select(matches::assignment_id);
    let accepting = assignment_professions::table
        .filter(assignment_professions::profession_code.eq(profession))
        .select(assignment_professions::assignment_id);
    assignments::table
        .inner_join(facilities::table)
        .filter(assignments::status.eq("open"))
        .filter(assignments::country_code.eq_any(countries))
        .filter(assignments::id.eq_any(accepting))
        .filter(assignments::id.ne_all(live))
        .order((assignments::starts_on, assignments::id))
        .limit(PROPOSABLE_LIMIT)
        .select((
            assignments::id,
            assignments::title,
            facilities::name,
            assignments::country_code,
            assignments::starts_on,
            assignments::ends_on,
        ))
        .load(conn)
}
