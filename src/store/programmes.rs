//! Programmes, the countries they cover and the coordinators who act in them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{programme_coordinators, programme_countries, programmes, users};

#[derive(Queryable, Selectable, Insertable, AsChangeset, Clone, Debug)]
#[diesel(table_name = programmes)]
pub struct Programme {
    pub id: String,
    pub code: String,
    pub name_en: String,
    pub name_fr: String,
    pub residence_statuses: String,
    pub min_years_experience: i32,
    pub onsite_min_days: i32,
    pub onsite_max_days: i32,
    pub weight_diaspora: i32,
    pub weight_skills: i32,
    pub weight_experience: i32,
    pub weight_availability: i32,
    pub weight_languages: i32,
    pub weight_track_record: i32,
    pub weight_interest: i32,
    pub weight_safeguards: i32,
    pub weight_urgency: i32,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub const ACTIVE: &str = "active";

impl Programme {
    pub fn name(&self, locale: &crate::domain::Locale) -> &str {
        match locale {
            crate::domain::Locale::En => &self.name_en,
            crate::domain::Locale::Fr => &self.name_fr,
        }
    }
}

pub fn insert(conn: &mut DbConn, p: &Programme) -> QueryResult<()> {
    diesel::insert_into(programmes::table)
        .values(p)
        .execute(conn)?;
    Ok(())
}

/// Writes every field but the id and creation time.
pub fn update(conn: &mut DbConn, p: &Programme) -> QueryResult<bool> {
    let n = diesel::update(programmes::table.find(&p.id))
        .set((
            programmes::code.eq(&p.code),
            programmes::name_en.eq(&p.name_en),
            programmes::name_fr.eq(&p.name_fr),
            programmes::residence_statuses.eq(&p.residence_statuses),
            programmes::min_years_experience.eq(p.min_years_experience),
            programmes::onsite_min_days.eq(p.onsite_min_days),
            programmes::onsite_max_days.eq(p.onsite_max_days),
            programmes::weight_diaspora.eq(p.weight_diaspora),
            programmes::weight_skills.eq(p.weight_skills),
            programmes::weight_experience.eq(p.weight_experience),
            programmes::weight_availability.eq(p.weight_availability),
            programmes::weight_languages.eq(p.weight_languages),
            programmes::weight_track_record.eq(p.weight_track_record),
            programmes::weight_interest.eq(p.weight_interest),
            programmes::weight_safeguards.eq(p.weight_safeguards),
            programmes::weight_urgency.eq(p.weight_urgency),
            programmes::status.eq(&p.status),
            programmes::updated_at.eq(p.updated_at),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Programme>> {
    programmes::table
        .find(id)
        .select(Programme::as_select())
        .first(conn)
        .optional()
}

/// Whether another programme already uses the code.
pub fn code_taken(conn: &mut DbConn, code: &str, except_id: &str) -> QueryResult<bool> {
    let n: i64 = programmes::table
        .filter(programmes::code.eq(code))
        .filter(programmes::id.ne(except_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Every programme, active first, then by code.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Programme>> {
    programmes::table
        .order((programmes::status.asc(), programmes::code.asc()))
        .select(Programme::as_select())
        .load(conn)
}

/// (programme id, country code) for every programme.
pub fn all_countries(conn: &mut DbConn) -> QueryResult<Vec<(String, String)>> {
    programme_countries::table
        .order((
            programme_countries::programme_id,
            programme_countries::country_code,
        ))
        .select((
            programme_countries::programme_id,
            programme_countries::country_code,
        ))
        .load(conn)
}

pub fn countries_of(conn: &mut DbConn, programme_id: &str) -> QueryResult<Vec<String>> {
    programme_countries::table
        .filter(programme_countries::programme_id.eq(programme_id))
        .order(programme_countries::country_code)
        .select(programme_countries::country_code)
        .load(conn)
}

pub fn replace_countries(
    conn: &mut DbConn,
    programme_id: &str,
    codes: &[String],
) -> QueryResult<()> {
    diesel::delete(
        programme_countries::table.filter(programme_countries::programme_id.eq(programme_id)),
    )
    .execute(conn)?;
    for code in codes {
        diesel::insert_into(programme_countries::table)
            .values((
                programme_countries::programme_id.eq(programme_id),
                programme_countries::country_code.eq(code),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The active programmes a coordinator acts in, by code.
pub fn of_coordinator(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<Programme>> {
    programme_coordinators::table
        .inner_join(programmes::table)
        .filter(programme_coordinators::user_id.eq(user_id))
        .filter(programmes::status.eq(ACTIVE))
        .order(programmes::code)
        .select(Programme::as_select())
        .load(conn)
}

/// The countries of a coordinator's active programmes, sorted, without repeats.
pub fn countries_of_coordinator(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<String>> {
    let mut codes: Vec<String> = programme_coordinators::table
        .inner_join(programmes::table.inner_join(programme_countries::table))
        .filter(programme_coordinators::user_id.eq(user_id))
        .filter(programmes::status.eq(ACTIVE))
        .select(programme_countries::country_code)
        .load(conn)?;
    codes.sort();
    codes.dedup();
    Ok(codes)
}

/// The shortest and longest on-site presence the active programmes covering
/// a country accept (the loosest of their bounds); `None` when none does.
pub fn onsite_bounds_for(conn: &mut DbConn, country: &str) -> QueryResult<Option<(i32, i32)>> {
    use diesel::dsl::{max, min};
    let (lo, hi): (Option<i32>, Option<i32>) = programmes::table
        .inner_join(programme_countries::table)
        .filter(programme_countries::country_code.eq(country))
        .filter(programmes::status.eq(ACTIVE))
        .select((
            min(programmes::onsite_min_days),
            max(programmes::onsite_max_days),
        ))
        .get_result(conn)?;
    Ok(lo.zip(hi))
}

/// The active programmes covering a country, by code, each with all its
/// countries.
pub fn active_covering(
    conn: &mut DbConn,
    country: &str,
) -> QueryResult<Vec<(Programme, Vec<String>)>> {
    let covering: Vec<Programme> = programmes::table
        .inner_join(programme_countries::table)
        .filter(programme_countries::country_code.eq(country))
        .filter(programmes::status.eq(ACTIVE))
        .order(programmes::code)
        .select(Programme::as_select())
        .load(conn)?;
    let mut out = Vec::new();
    for p in covering {
        let countries = countries_of(conn, &p.id)?;
        out.push((p, countries));
    }
    Ok(out)
}

/// (programme id, country) for each country of the coordinator's active
/// programmes.
pub fn programme_countries_of_coordinator(
    conn: &mut DbConn,
    user_id: &str,
) -> QueryResult<Vec<(String, String)>> {
    programme_coordinators::table
        .inner_join(programmes::table.inner_join(programme_countries::table))
        .filter(programme_coordinators::user_id.eq(user_id))
        .filter(programmes::status.eq(ACTIVE))
        .select((
            programme_countries::programme_id,
            programme_countries::country_code,
        ))
        .load(conn)
}

/// (programme id, coordinator id, name, email) for every membership of a
/// coordinator whose account is in use.
pub fn all_coordinators(conn: &mut DbConn) -> QueryResult<Vec<(String, String, String, String)>> {
    programme_coordinators::table
        .inner_join(users::table)
        .filter(users::disabled_at.is_null())
        .order((users::full_name, users::id))
        .select((
            programme_coordinators::programme_id,
            users::id,
            users::full_name,
            users::email,
        ))
        .load(conn)
}

/// How many coordinators whose account is in use belong to the programme.
pub fn coordinator_count(conn: &mut DbConn, programme_id: &str) -> QueryResult<i64> {
    use diesel::dsl::count_star;
    programme_coordinators::table
        .inner_join(users::table)
        .filter(programme_coordinators::programme_id.eq(programme_id))
        .filter(users::disabled_at.is_null())
        .select(count_star())
        .get_result(conn)
}

/// Ids of the programmes a coordinator belongs to, archived ones included.
pub fn memberships(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<String>> {
    programme_coordinators::table
        .filter(programme_coordinators::user_id.eq(user_id))
        .order(programme_coordinators::programme_id)
        .select(programme_coordinators::programme_id)
        .load(conn)
}

pub fn replace_memberships(
    conn: &mut DbConn,
    user_id: &str,
    programme_ids: &[String],
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(
        programme_coordinators::table.filter(programme_coordinators::user_id.eq(user_id)),
    )
    .execute(conn)?;
    for id in programme_ids {
        diesel::insert_into(programme_coordinators::table)
            .values((
                programme_coordinators::programme_id.eq(id),
                programme_coordinators::user_id.eq(user_id),
                programme_coordinators::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// How many of `ids` name programmes that exist.
pub fn count_existing(conn: &mut DbConn, ids: &[String]) -> QueryResult<i64> {
    programmes::table
        .filter(programmes::id.eq_any(ids))
        .count()
        .get_result(conn)
}

/// (email, name, locale) of every coordinator in use of an active
/// programme covering `country`, each once.
pub fn coordinators_covering(
    conn: &mut DbConn,
    country: &str,
) -> QueryResult<Vec<(String, String, String)>> {
    let mut people: Vec<(String, String, String)> = programme_coordinators::table
        .inner_join(users::table)
        .inner_join(programmes::table.inner_join(programme_countries::table))
        .filter(programme_countries::country_code.eq(country))
        .filter(programmes::status.eq(ACTIVE))
        .filter(users::disabled_at.is_null())
        .filter(users::deleted_at.is_null())
        .select((users::email, users::full_name, users::locale))
        .load(conn)?;
    people.sort();
    people.dedup();
    Ok(people)
}

pub fn find_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<Programme>> {
    programmes::table
        .filter(programmes::code.eq(code))
        .select(Programme::as_select())
        .first(conn)
        .optional()
}

/// Whether the user coordinates the programme.
pub fn coordinates(conn: &mut DbConn, programme_id: &str, user_id: &str) -> QueryResult<bool> {
    use diesel::dsl::count_star;
    let n: i64 = programme_coordinators::table
        .filter(programme_coordinators::programme_id.eq(programme_id))
        .filter(programme_coordinators::user_id.eq(user_id))
        .select(count_star())
        .get_result(conn)?;
    Ok(n > 0)
}
