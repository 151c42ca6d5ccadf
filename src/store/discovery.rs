//! Open assignments as professionals find them, searched in the database,
//! and the interests they express and withdraw.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};

use crate::db::DbConn;
use crate::db::schema::{
    assignment_languages, assignment_professions, assignment_sessions, assignments, facilities,
    interests, professionals, safeguards_countries, users,
};
use crate::domain::availability::Modality;
use crate::domain::discovery::Criteria;

type Db = <DbConn as Connection>::Backend;

/// One open assignment in a list of results.
#[derive(Queryable, Clone, Debug)]
pub struct Listed {
    pub id: String,
    pub title: String,
    pub country_code: String,
    pub facility_name: String,
    pub urgent: bool,
    pub modality: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub time_zone: String,
}

/// `LIKE` pattern for text anywhere, with the wildcards of the text escaped.
fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Open assignments not over by `today`, narrowed by every criterion (a
/// macro: the boxed query's type is too long to name).
macro_rules! filtered {
    ($c:expr, $today:expr) => {{
        let (c, today): (&Criteria, NaiveDate) = ($c, $today);
        let mut q = assignments::table
            .inner_join(facilities::table)
            .filter(assignments::status.eq("open"))
            .filter(assignments::ends_on.ge(today))
            .into_boxed::<Db>();
        if let Some(country) = &c.country {
            q = q.filter(assignments::country_code.eq(country));
        }
        if let Some(p) = &c.profession {
            q = q.filter(
                assignments::id.eq_any(
                    assignment_professions::table
                        .filter(assignment_professions::profession_code.eq(p))
                        .select(assignment_professions::assignment_id),
                ),
            );
        }
        if let Some(s) = &c.specialty {
            q = q.filter(assignments::specialty_code.eq(s));
        }
        if let Some(m) = c.modality {
            let m = match m {
                Modality::Virtual => "virtual",
                _ => "on_site",
            };
            q = q.filter(assignments::modality.eq(m));
        }
        if let Some(from) = c.from {
            q = q.filter(assignments::ends_on.ge(from));
        }
        if let Some(to) = c.to {
            q = q.filter(assignments::starts_on.le(to));
        }
        if let Some(l) = &c.language {
            q = q.filter(
                assignments::id.eq_any(
                    assignment_languages::table
                        .filter(assignment_languages::language_code.eq(l))
                        .select(assignment_languages::assignment_id),
                ),
            );
        }
        if c.urgent_only {
            q = q.filter(assignments::urgent.eq(true));
        }
        if c.safeguards_only {
            q = q
                .filter(assignments::country_code.eq_any(
                    safeguards_countries::table.select(safeguards_countries::country_code),
                ));
        }
        if let Some(t) = &c.text {
            let pattern = contains_pattern(t);
            q = q.filter(
                sql::<Bool>("(LOWER(assignments.title) LIKE ")
                    .bind::<Text, _>(pattern.clone())
                    .sql(" ESCAPE '\\' OR LOWER(assignments.objectives) LIKE ")
                    .bind::<Text, _>(pattern)
                    .sql(" ESCAPE '\\')"),
            );
        }
        q
    }};
}

/// One page of open assignments matching the criteria, urgent ones and the
/// soonest first, and the total found.
pub fn search(
    conn: &mut DbConn,
    c: &Criteria,
    today: NaiveDate,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Listed>, i64)> {
    // The total rides along with the page (a window over the whole result),
    // so the database filters once; only a page past the end counts apart.
    let rows: Vec<(Listed, i64)> = filtered!(c, today)
        .select((
            (
                assignments::id,
                assignments::title,
                assignments::country_code,
                facilities::name,
                assignments::urgent,
                assignments::modality,
                assignments::starts_on,
                assignments::ends_on,
                assignments::time_zone,
            ),
            sql::<BigInt>("COUNT(*) OVER ()"),
        ))
        .order((
            assignments::urgent.desc(),
            assignments::starts_on.asc(),
            assignments::id.asc(),
        ))
        .limit(limit)
        .offset(offset)
        .load(conn)?;
    let total = match rows.first() {
        Some((_, total)) => *total,
        None if offset == 0 => 0,
        None => filtered!(c, today).count().get_result(conn)?,
    };
    Ok((rows.into_iter().map(|(l, _)| l).collect(), total))
}

/// The weekly sessions of each of `ids`: (assignment, weekday, start, end).
pub fn sessions_of(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, i32, i32, i32)>> {
    assignment_sessions::table
        .filter(assignment_sessions::assignment_id.eq_any(ids))
        .order((
            assignment_sessions::assignment_id,
            assignment_sessions::weekday,
            assignment_sessions::starts_minute,
        ))
        .select((
            assignment_sessions::assignment_id,
            assignment_sessions::weekday,
            assignment_sessions::starts_minute,
            assignment_sessions::ends_minute,
        ))
        .load(conn)
}

/// Which of `codes` are on the safeguards list.
pub fn on_safeguards_list(conn: &mut DbConn, codes: &[String]) -> QueryResult<Vec<String>> {
    safeguards_countries::table
        .filter(safeguards_countries::country_code.eq_any(codes))
        .select(safeguards_countries::country_code)
        .load(conn)
}

/// A professional's standing interest in an assignment.
#[derive(Queryable, Clone, Debug)]
pub struct Standing {
    pub id: String,
    pub note: String,
    pub created_at: NaiveDateTime,
}

pub fn standing(
    conn: &mut DbConn,
    assignment_id: &str,
    user_id: &str,
) -> QueryResult<Option<Standing>> {
    interests::table
        .filter(interests::assignment_id.eq(assignment_id))
        .filter(interests::user_id.eq(user_id))
        .filter(interests::withdrawn_at.is_null())
        .select((interests::id, interests::note, interests::created_at))
        .first(conn)
        .optional()
}

pub fn express(
    conn: &mut DbConn,
    id: &str,
    assignment_id: &str,
    user_id: &str,
    note: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(interests::table)
        .values((
            interests::id.eq(id),
            interests::assignment_id.eq(assignment_id),
            interests::user_id.eq(user_id),
            interests::note.eq(note),
            interests::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Withdraws the standing interest; its id, or `None` when there was none.
pub fn withdraw(
    conn: &mut DbConn,
    assignment_id: &str,
    user_id: &str,
    at: NaiveDateTime,
) -> QueryResult<Option<String>> {
    let Some(s) = standing(conn, assignment_id, user_id)? else {
        return Ok(None);
    };
    diesel::update(interests::table.find(&s.id))
        .set(interests::withdrawn_at.eq(at))
        .execute(conn)?;
    Ok(Some(s.id))
}

/// A standing interest as a coordinator lists it.
#[derive(Queryable, Clone, Debug)]
pub struct InterestListed {
    pub assignment_id: String,
    pub title: String,
    pub facility_name: String,
    pub country_code: String,
    pub user_id: String,
    pub full_name: String,
    pub profession_code: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Standing interests in the (published) assignments of `countries`,
/// newest first, and how many there are.
pub fn standing_in_countries(
    conn: &mut DbConn,
    countries: &[String],
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<InterestListed>, i64)> {
    let base = || {
        interests::table
            .inner_join(assignments::table.inner_join(facilities::table))
            .inner_join(users::table.left_join(professionals::table))
            .filter(interests::withdrawn_at.is_null())
            .filter(assignments::country_code.eq_any(countries))
            .filter(assignments::status.ne("draft"))
            .filter(users::deleted_at.is_null())
            .into_boxed::<Db>()
    };
    let total = base().count().get_result(conn)?;
    let rows = base()
        .order((interests::created_at.desc(), interests::id.desc()))
        .limit(limit)
        .offset(offset)
        .select((
            assignments::id,
            assignments::title,
            facilities::name,
            assignments::country_code,
            users::id,
            users::full_name,
            professionals::profession_code.nullable(),
            interests::created_at,
        ))
        .load(conn)?;
    Ok((rows, total))
}

/// The countries with an open assignment, for the search's choices.
pub fn open_countries(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    assignments::table
        .filter(assignments::status.eq("open"))
        .select(assignments::country_code)
        .distinct()
        .order(assignments::country_code)
        .load(conn)
}

/// The languages open assignments ask for, for the search's choices.
pub fn open_languages(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    assignment_languages::table
        .inner_join(assignments::table)
        .filter(assignments::status.eq("open"))
        .select(assignment_languages::language_code)
        .distinct()
        .order(assignment_languages::language_code)
        .load(conn)
}
