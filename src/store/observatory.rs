//! What the observatory counts (SPEC F7), read in a few grouped queries:
//! professionals grouped by every attribute a table or filter of the
//! observatory uses, assignments one row each, and the completed matches with
//! their report and feedback. The service keeps what they return and builds
//! every table from it; `figures_stamp` tells it when the public figures
//! must be read again at once.
//!
//! The grouped queries are plain SQL that both databases read alike.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Date, Integer, Nullable, Text, Timestamp};

use crate::db::DbConn;

use crate::db::schema::{
    anonymous_profiles, consents, figures_stamp, licences, professionals, users,
};

/// Professionals who share a profession, origin, residence, readiness,
/// licence state and consent to be counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeopleRow {
    pub profession: Option<String>,
    pub origin: Option<String>,
    pub residence: Option<String>,
    /// Ready to be matched today (the registry's readiness).
    pub ready: bool,
    /// 2: a verified licence; 1: licences, none verified; 0: none.
    pub licence: i32,
    /// Consents to be counted in public statistics.
    pub counted: bool,
    pub people: i64,
}

/// Every professional whose account is in use, grouped. Five plain scans
/// joined in memory by id: looking each professional up in four indexes
/// instead takes seconds on SQLite with 100,000 of them.
pub fn people(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<PeopleRow>> {
    let out: HashSet<String> = users::table
        .filter(
            users::deleted_at
                .is_not_null()
                .or(users::disabled_at.is_not_null()),
        )
        .select(users::id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let ready: HashSet<String> = super::registry::all_ready(conn, today)?
        .into_iter()
        .collect();
    let mut licence: HashMap<String, i32> = HashMap::new();
    for (user, status) in licences::table
        .select((licences::user_id, licences::status))
        .load::<(String, String)>(conn)?
    {
        let state = if status == "verified" { 2 } else { 1 };
        let kept = licence.entry(user).or_default();
        *kept = (*kept).max(state);
    }
    let counted: HashSet<String> = consents::table
        .filter(consents::kind.eq("statistics"))
        .filter(consents::withdrawn_at.is_null())
        .select(consents::user_id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    type Group = (
        Option<String>,
        Option<String>,
        Option<String>,
        bool,
        i32,
        bool,
    );
    let mut groups: HashMap<Group, i64> = HashMap::new();
    for (user, profession, origin, residence) in professionals::table
        .select((
            professionals::user_id,
            professionals::profession_code,
            professionals::origin_country,
            professionals::residence_country,
        ))
        .load::<(String, Option<String>, Option<String>, Option<String>)>(conn)?
    {
        if out.contains(&user) {
            continue;
        }
        let key = (
            profession,
            origin,
            residence,
            ready.contains(&user),
            licence.get(&user).copied().unwrap_or(0),
            counted.contains(&user),
        );
        *groups.entry(key).or_default() += 1;
    }
    Ok(groups
        .into_iter()
        .map(
            |((profession, origin, residence, ready, licence, counted), people)| PeopleRow {
                profession,
                origin,
                residence,
                ready,
                licence,
                counted,
                people,
            },
        )
        .collect())
}

/// One assignment, as the observatory counts it.
#[derive(QueryableByName, Clone, Debug)]
pub struct AssignmentRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub country: String,
    #[diesel(sql_type = Text)]
    pub modality: String,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Nullable<Timestamp>)]
    pub published_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Timestamp)]
    pub created_at: NaiveDateTime,
    #[diesel(sql_type = Integer)]
    pub positions: i32,
}

pub fn assignments(conn: &mut DbConn) -> QueryResult<Vec<AssignmentRow>> {
    diesel::sql_query(
        "SELECT id, country_code AS country, modality, status, published_at, created_at, positions \
         FROM assignments",
    )
    .load(conn)
}

/// A confirmation: which assignment, when.
#[derive(QueryableByName, Clone, Debug)]
pub struct ConfirmationRow {
    #[diesel(sql_type = Text)]
    pub assignment_id: String,
    #[diesel(sql_type = Timestamp)]
    pub confirmed_at: NaiveDateTime,
}

/// Matches confirmed and still standing or completed.
pub fn confirmations(conn: &mut DbConn) -> QueryResult<Vec<ConfirmationRow>> {
    diesel::sql_query(
        "SELECT assignment_id, confirmed_at FROM matches \
         WHERE state IN ('confirmed', 'completed') AND confirmed_at IS NOT NULL",
    )
    .load(conn)
}

/// A completed match and what its report and feedback say. The
/// professional's profession and origin come from the profile, or from
/// what was kept when the account was erased.
#[derive(QueryableByName, Clone, Debug)]
pub struct DeliveredRow {
    #[diesel(sql_type = Text)]
    pub country: String,
    #[diesel(sql_type = Bool)]
    pub onsite: bool,
    #[diesel(sql_type = Date)]
    pub starts_on: NaiveDate,
    #[diesel(sql_type = Date)]
    pub ends_on: NaiveDate,
    #[diesel(sql_type = Nullable<Text>)]
    pub profession: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub origin: Option<String>,
    #[diesel(sql_type = Integer)]
    pub counted: i32,
    #[diesel(sql_type = Nullable<Integer>)]
    pub hours: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub sessions: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub trained: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub patients: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub rating: Option<i32>,
}

pub fn delivered(conn: &mut DbConn) -> QueryResult<Vec<DeliveredRow>> {
    diesel::sql_query(
        "SELECT a.country_code AS country, m.onsite, m.starts_on, m.ends_on, \
                COALESCE(p.profession_code, x.profession_code) AS profession, \
                COALESCE(p.origin_country, x.origin_country) AS origin, \
                CASE WHEN x.counted OR EXISTS (SELECT 1 FROM consents c \
                        WHERE c.user_id = m.user_id AND c.kind = 'statistics' \
                        AND c.withdrawn_at IS NULL) \
                     THEN 1 ELSE 0 END AS counted, \
                r.hours_given AS hours, r.sessions_delivered AS sessions, \
                r.people_trained AS trained, r.patients_seen AS patients, \
                f.rating \
         FROM matches m \
         JOIN assignments a ON a.id = m.assignment_id \
         LEFT JOIN professionals p ON p.user_id = m.user_id \
         LEFT JOIN anonymous_profiles x ON x.user_id = m.user_id \
         LEFT JOIN match_reports r ON r.match_id = m.id \
         LEFT JOIN match_feedback f ON f.match_id = m.id \
         WHERE m.state = 'completed'",
    )
    .load(conn)
}

/// The generation of the public figures: moves when something must leave
/// them at once.
pub fn stamp(conn: &mut DbConn) -> QueryResult<i64> {
    figures_stamp::table
        .find(1)
        .select(figures_stamp::generation)
        .get_result(conn)
}

/// Moves the generation forward, inside the caller's transaction.
pub fn bump(conn: &mut DbConn, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(figures_stamp::table.find(1))
        .set((
            figures_stamp::generation.eq(figures_stamp::generation + 1),
            figures_stamp::changed_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Keeps what the figures need of a professional whose account is being
/// erased: profession, origin and whether they consented to be counted.
/// Nothing for an account without a profile.
pub fn keep_anonymous(
    conn: &mut DbConn,
    user_id: &str,
    counted: bool,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let profile: Option<(Option<String>, Option<String>)> = professionals::table
        .find(user_id)
        .select((
            professionals::profession_code,
            professionals::origin_country,
        ))
        .get_result(conn)
        .optional()?;
    let Some((profession, origin)) = profile else {
        return Ok(());
    };
    diesel::delete(anonymous_profiles::table.find(user_id)).execute(conn)?;
    diesel::insert_into(anonymous_profiles::table)
        .values((
            anonymous_profiles::user_id.eq(user_id),
            anonymous_profiles::profession_code.eq(profession),
            anonymous_profiles::origin_country.eq(origin),
            anonymous_profiles::counted.eq(counted),
            anonymous_profiles::erased_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}
