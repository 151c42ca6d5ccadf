//! Demonstration data in bulk: many rows per statement, on either backend.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{
    assignment_languages, assignment_professions, assignment_sessions, assignment_skills,
    assignments, availability_hours, availability_windows, consents, facilities, facility_staff,
    interests, licences, professional_languages, professional_skills, professional_specialties,
    professionals, programme_coordinators, programmes, users,
};
use crate::store::assignments::Assignment;
use crate::store::matches::{MatchRow, Step};
use crate::store::running::{Feedback, Report, Tick};

/// Rows per INSERT: a few hundred keeps each statement's parameters (at
/// most 14 columns) far below what either backend accepts in one statement.
const ROWS_PER_STATEMENT: usize = 500;

#[derive(Insertable, Debug)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub full_name: String,
    pub role: &'static str,
    pub locale: &'static str,
    pub email_verified_at: NaiveDateTime,
    pub privacy_accepted_at: NaiveDateTime,
    pub session_epoch: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = professionals)]
pub struct ProfessionalRow {
    pub user_id: String,
    pub profession_code: &'static str,
    pub years_experience: i32,
    pub wants_clinical: bool,
    pub origin_country: &'static str,
    pub residence_country: &'static str,
    pub residence_city: &'static str,
    pub residence_status: &'static str,
    pub time_zone: &'static str,
    pub bio: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = professional_specialties)]
pub struct SpecialtyRow {
    pub user_id: String,
    pub specialty_code: String,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = professional_skills)]
pub struct SkillRow {
    pub user_id: String,
    pub tag: &'static str,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = professional_languages)]
pub struct LanguageRow {
    pub user_id: String,
    pub language_code: &'static str,
    pub level: &'static str,
}

/// `None` is stored as NULL (not DEFAULT), so that SQLite takes the whole
/// batch in one statement rather than one per row.
#[derive(Insertable, Debug)]
#[diesel(table_name = licences, treat_none_as_null = true)]
pub struct LicenceRow {
    pub id: String,
    pub user_id: String,
    pub issuing_country: &'static str,
    pub issuing_body: String,
    pub number: String,
    pub profession_code: &'static str,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub status: &'static str,
    pub status_reason: Option<&'static str>,
    pub verified_by: Option<String>,
    pub verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = availability_windows, treat_none_as_null = true)]
pub struct WindowRow {
    pub id: String,
    pub user_id: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub modality: &'static str,
    pub weekly_hours: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = availability_hours)]
pub struct HoursRow {
    pub id: String,
    pub window_id: String,
    pub weekday: i32,
    pub starts_minute: i32,
    pub ends_minute: i32,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = consents)]
pub struct ConsentRow {
    pub id: String,
    pub user_id: String,
    pub kind: &'static str,
    pub text_version: &'static str,
    pub given_at: NaiveDateTime,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = facilities, treat_none_as_null = true)]
pub struct FacilityRow {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub country_code: &'static str,
    pub region: &'static str,
    pub city: &'static str,
    pub status: &'static str,
    pub status_reason: Option<&'static str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = facility_staff)]
pub struct StaffRow {
    pub facility_id: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
}

/// Everything one transaction of the load writes, table by table.
#[derive(Default, Debug)]
pub struct Batch {
    pub assignments: Vec<Assignment>,
    pub assignment_professions: Vec<AssignmentProfessionRow>,
    pub assignment_skills: Vec<AssignmentSkillRow>,
    pub assignment_languages: Vec<AssignmentLanguageRow>,
    pub assignment_sessions: Vec<AssignmentSessionRow>,
    pub users: Vec<UserRow>,
    pub professionals: Vec<ProfessionalRow>,
    pub specialties: Vec<SpecialtyRow>,
    pub skills: Vec<SkillRow>,
    pub languages: Vec<LanguageRow>,
    pub licences: Vec<LicenceRow>,
    pub windows: Vec<WindowRow>,
    pub hours: Vec<HoursRow>,
    pub consents: Vec<ConsentRow>,
    pub facilities: Vec<FacilityRow>,
    pub staff: Vec<StaffRow>,
}

impl Batch {
    pub fn rows(&self) -> usize {
        self.assignments.len()
            + self.assignment_professions.len()
            + self.assignment_skills.len()
            + self.assignment_languages.len()
            + self.assignment_sessions.len()
            + self.users.len()
            + self.professionals.len()
            + self.specialties.len()
            + self.skills.len()
            + self.languages.len()
            + self.licences.len()
            + self.windows.len()
            + self.hours.len()
            + self.consents.len()
            + self.facilities.len()
            + self.staff.len()
    }
}

/// Multi-row INSERTs, which diesel builds only on a concrete connection.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        for chunk in $rows.chunks(ROWS_PER_STATEMENT) {
            match &mut *$conn {
                DbConn::Sqlite(c) => diesel::insert_into($table).values(chunk).execute(c)?,
                DbConn::Pg(c) => diesel::insert_into($table).values(chunk).execute(c)?,
            };
        }
    };
}

/// Writes a batch, parents before children.
pub fn insert(conn: &mut DbConn, b: &Batch) -> QueryResult<()> {
    insert_rows!(conn, users::table, b.users);
    insert_rows!(conn, facilities::table, b.facilities);
    insert_rows!(conn, facility_staff::table, b.staff);
    insert_rows!(conn, professionals::table, b.professionals);
    insert_rows!(conn, professional_specialties::table, b.specialties);
    insert_rows!(conn, professional_skills::table, b.skills);
    insert_rows!(conn, professional_languages::table, b.languages);
    insert_rows!(conn, licences::table, b.licences);
    insert_rows!(conn, availability_windows::table, b.windows);
    insert_rows!(conn, availability_hours::table, b.hours);
    insert_rows!(conn, consents::table, b.consents);
    insert_rows!(conn, assignments::table, b.assignments);
    insert_rows!(
        conn,
        assignment_professions::table,
        b.assignment_professions
    );
    insert_rows!(conn, assignment_skills::table, b.assignment_skills);
    insert_rows!(conn, assignment_languages::table, b.assignment_languages);
    insert_rows!(conn, assignment_sessions::table, b.assignment_sessions);
    Ok(())
}

#[derive(Insertable, Debug)]
#[diesel(table_name = assignment_professions)]
pub struct AssignmentProfessionRow {
    pub assignment_id: String,
    pub profession_code: &'static str,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = assignment_skills)]
pub struct AssignmentSkillRow {
    pub assignment_id: String,
    pub tag: &'static str,
    pub required: bool,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = assignment_languages)]
pub struct AssignmentLanguageRow {
    pub assignment_id: String,
    pub language_code: &'static str,
    pub min_level: &'static str,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = assignment_sessions)]
pub struct AssignmentSessionRow {
    pub id: String,
    pub assignment_id: String,
    pub weekday: i32,
    pub starts_minute: i32,
    pub ends_minute: i32,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = interests)]
pub struct InterestRow {
    pub id: String,
    pub assignment_id: String,
    pub user_id: String,
    pub note: &'static str,
    pub created_at: NaiveDateTime,
}

/// Open assignments nobody has expressed interest in yet:
/// (id, country, professions accepted).
pub fn open_without_interest(conn: &mut DbConn) -> QueryResult<Vec<(String, String, String)>> {
    assignments::table
        .inner_join(assignment_professions::table)
        .filter(assignments::status.eq("open"))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            interests::table
                .filter(interests::assignment_id.eq(assignments::id))
                .select(interests::id),
        )))
        .order((assignments::id, assignment_professions::profession_code))
        .select((
            assignments::id,
            assignments::country_code,
            assignment_professions::profession_code,
        ))
        .load(conn)
}

/// (id, origin, profession) of a professional who may be matched.
pub type Matchable = (String, Option<String>, Option<String>);

/// Professionals who consented to be matched.
pub fn matchable(conn: &mut DbConn) -> QueryResult<Vec<Matchable>> {
    use crate::db::schema::registry_entries as e;
    e::table
        .order(e::user_id)
        .select((e::user_id, e::origin_country, e::profession_code))
        .load(conn)
}

pub fn insert_interests(conn: &mut DbConn, rows: &[InterestRow]) -> QueryResult<()> {
    insert_rows!(conn, interests::table, rows);
    Ok(())
}

/// A professional the demonstration may pair with an assignment: in the
/// registry (consented to be matched), with what eligibility looks at.
#[derive(Queryable, Clone, Debug)]
pub struct Candidate {
    pub user_id: String,
    pub email: String,
    pub origin: Option<String>,
    pub profession: Option<String>,
    pub years: Option<i32>,
    pub residence_status: Option<String>,
}

pub fn candidates(conn: &mut DbConn) -> QueryResult<Vec<Candidate>> {
    use crate::db::schema::registry_entries as e;
    e::table
        .inner_join(users::table.on(users::id.eq(e::user_id)))
        .select((
            e::user_id,
            users::email,
            e::origin_country,
            e::profession_code,
            e::years_experience,
            e::residence_status,
        ))
        .load(conn)
}

/// An assignment the demonstration may fill with matches, once per
/// profession it accepts.
#[derive(Queryable, Clone, Debug)]
pub struct ToMatch {
    pub id: String,
    pub country: String,
    pub title: String,
    pub modality: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub positions: i32,
    pub min_years: i32,
    pub status: String,
    pub staff_id: Option<String>,
    pub staff_email: Option<String>,
    pub profession: String,
}

/// Open assignments, and closed ones over before `today`, that have no
/// match yet.
pub fn to_match(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<ToMatch>> {
    use crate::db::schema::matches;
    assignments::table
        .inner_join(assignment_professions::table)
        .left_join(users::table.on(users::id.nullable().eq(assignments::created_by)))
        .filter(
            assignments::status.eq("open").or(assignments::status
                .eq("closed")
                .and(assignments::ends_on.lt(today))),
        )
        .filter(diesel::dsl::not(diesel::dsl::exists(
            matches::table
                .filter(matches::assignment_id.eq(assignments::id))
                .select(matches::id),
        )))
        .select((
            assignments::id,
            assignments::country_code,
            assignments::title,
            assignments::modality,
            assignments::starts_on,
            assignments::ends_on,
            assignments::positions,
            assignments::min_years_experience,
            assignments::status,
            assignments::created_by,
            users::email.nullable(),
            assignment_professions::profession_code,
        ))
        .load(conn)
}

/// (professional, starts on, ends on) of every confirmed or completed
/// on-site match: the dates a professional is taken.
pub fn onsite_taken(conn: &mut DbConn) -> QueryResult<Vec<(String, NaiveDate, NaiveDate)>> {
    use crate::db::schema::matches;
    matches::table
        .filter(matches::onsite.eq(true))
        .filter(matches::state.eq_any(["confirmed", "completed"]))
        .select((matches::user_id, matches::starts_on, matches::ends_on))
        .load(conn)
}

/// Matches with their history, checklist ticks, reports and feedback.
#[derive(Default, Debug)]
pub struct MatchBatch {
    pub matches: Vec<MatchRow>,
    pub steps: Vec<Step>,
    pub ticks: Vec<Tick>,
    pub reports: Vec<Report>,
    pub feedback: Vec<Feedback>,
    /// Assignments whose positions are all taken.
    pub filled: Vec<String>,
}

impl MatchBatch {
    pub fn rows(&self) -> usize {
        self.matches.len()
            + self.steps.len()
            + self.ticks.len()
            + self.reports.len()
            + self.feedback.len()
    }
}

/// Writes the matches, then marks their full assignments filled (a past
/// one loses the reason it was closed with: it was filled first).
pub fn insert_matches(conn: &mut DbConn, b: &MatchBatch, at: NaiveDateTime) -> QueryResult<()> {
    use crate::db::schema::{
        match_checklist, match_events, match_feedback, match_reports, matches,
    };
    insert_rows!(conn, matches::table, b.matches);
    insert_rows!(conn, match_events::table, b.steps);
    insert_rows!(conn, match_checklist::table, b.ticks);
    insert_rows!(conn, match_reports::table, b.reports);
    insert_rows!(conn, match_feedback::table, b.feedback);
    for ids in b.filled.chunks(ROWS_PER_STATEMENT) {
        diesel::update(assignments::table.filter(assignments::id.eq_any(ids)))
            .set((
                assignments::status.eq("filled"),
                assignments::closed_reason.eq(None::<String>),
                assignments::closed_at.eq(None::<NaiveDateTime>),
                assignments::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Addresses at the generated domain (the highest numbers decide where a
/// new load continues).
pub fn emails_at(conn: &mut DbConn, domain: &str) -> QueryResult<Vec<String>> {
    users::table
        .filter(users::email.like(format!("%@{domain}")))
        .select(users::email)
        .load(conn)
}

/// The id of the programme with this code, if any.
pub fn programme_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<String>> {
    programmes::table
        .filter(programmes::code.eq(code))
        .select(programmes::id)
        .first(conn)
        .optional()
}

/// (id, name, email) of the coordinators of a programme, oldest first.
pub fn coordinators_of(
    conn: &mut DbConn,
    programme_id: &str,
) -> QueryResult<Vec<(String, String, String)>> {
    programme_coordinators::table
        .inner_join(users::table)
        .filter(programme_coordinators::programme_id.eq(programme_id))
        .filter(users::deleted_at.is_null())
        .order((programme_coordinators::created_at, users::id))
        .select((users::id, users::full_name, users::email))
        .load(conn)
}

/// Refreshes the planner's statistics after a bulk load, so that the first
/// searches over the new rows are planned from what is there.
pub fn analyze(conn: &mut DbConn) -> QueryResult<()> {
    diesel::sql_query("ANALYZE").execute(conn)?;
    Ok(())
}
