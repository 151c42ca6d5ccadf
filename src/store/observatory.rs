//! What the observatory counts (SPEC F7), read in a few grouped queries:
//! professionals grouped by every attribute a table or filter of the
//! observatory uses, assignments one row each, and the completed matches with
//! their report and feedback. The service keeps what they return and builds
//! every table from it; `figures_stamp` tells it when the public figures
//! must be read again at once.
//!
//! The queries are plain SQL that both databases read alike. Today's date is
//! written into the text as a literal, which a `NaiveDate` renders as
//! `YYYY-MM-DD` only.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Integer, Nullable, Text, Timestamp};

use crate::db::DbConn;
use crate::db::schema::{anonymous_profiles, figures_stamp, professionals};

/// Professionals who share a profession, origin, residence, readiness,
/// licence state and consent to be counted.
#[derive(QueryableByName, Clone, Debug, PartialEq, Eq)]
pub struct PeopleRow {
    #[diesel(sql_type = Nullable<Text>)]
    pub profession: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub origin: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub residence: Option<String>,
    /// 1 when ready to be matched today (the registry's readiness).
    #[diesel(sql_type = Integer)]
    pub ready: i32,
    /// 2: a verified licence; 1: licences, none verified; 0: none.
    #[diesel(sql_type = Integer)]
    pub licence: i32,
    /// 1 when the person consents to be counted in public statistics.
    #[diesel(sql_type = Integer)]
    pub counted: i32,
    #[diesel(sql_type = BigInt)]
    pub people: i64,
}

/// Every professional whose account is in use, grouped.
pub fn people(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<PeopleRow>> {
    let today = today.format("%Y-%m-%d");
    diesel::sql_query(format!(
        "SELECT p.profession_code AS profession, p.origin_country AS origin, \
                p.residence_country AS residence, \
                CASE WHEN e.user_id IS NOT NULL AND e.email_verified \
                      AND e.profession_code IS NOT NULL AND e.languages <> ' ' \
                      AND e.available_until >= '{today}' \
                      AND (NOT e.wants_clinical OR e.licence_until >= '{today}') \
                     THEN 1 ELSE 0 END AS ready, \
                COALESCE((SELECT MAX(CASE WHEN l.status = 'verified' THEN 2 ELSE 1 END) \
                          FROM licences l WHERE l.user_id = p.user_id), 0) AS licence, \
                CASE WHEN EXISTS (SELECT 1 FROM consents c WHERE c.user_id = p.user_id \
                                  AND c.kind = 'statistics' AND c.withdrawn_at IS NULL) \
                     THEN 1 ELSE 0 END AS counted, \
                COUNT(*) AS people \
         FROM professionals p \
         JOIN users u ON u.id = p.user_id \
         LEFT JOIN registry_entries e ON e.user_id = p.user_id \
         WHERE u.deleted_at IS NULL AND u.disabled_at IS NULL \
         GROUP BY 1, 2, 3, 4, 5, 6"
    ))
    .load(conn)
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
