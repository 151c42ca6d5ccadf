//! Professional profiles: the profile row, its specialties, skills and
//! languages, and the facts readiness is computed from.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{
    availability_windows, consents, licences, professional_languages, professional_skills,
    professional_specialties, professionals, specialties,
};
use crate::domain::Locale;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Clone, Debug, Default)]
#[diesel(table_name = professionals)]
#[diesel(treat_none_as_null = true)]
pub struct Profile {
    pub user_id: String,
    pub profession_code: Option<String>,
    pub years_experience: Option<i32>,
    pub wants_clinical: bool,
    pub origin_country: Option<String>,
    pub residence_country: Option<String>,
    pub residence_city: Option<String>,
    pub residence_status: Option<String>,
    pub time_zone: Option<String>,
    pub bio: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = specialties)]
pub struct Specialty {
    pub code: String,
    pub name_en: String,
    pub name_fr: String,
}

impl Specialty {
    /// The specialty's name in `locale`.
    pub fn name(&self, locale: Locale) -> &str {
        match locale {
            Locale::En => &self.name_en,
            Locale::Fr => &self.name_fr,
        }
    }
}

/// The names in `locale` of the specialties with these codes, in the order
/// given; a code no longer in the list is shown as it is.
pub fn specialty_names(all: &[Specialty], codes: &[String], locale: Locale) -> Vec<String> {
    codes
        .iter()
        .map(|code| {
            all.iter()
                .find(|s| &s.code == code)
                .map_or(code.as_str(), |s| s.name(locale))
                .to_string()
        })
        .collect()
}

pub fn find(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<Profile>> {
    professionals::table
        .find(user_id)
        .select(Profile::as_select())
        .get_result(conn)
        .optional()
}

/// Writes the whole profile row, creating it on first save.
pub fn save(conn: &mut DbConn, profile: &Profile) -> QueryResult<()> {
    let updated = diesel::update(professionals::table.find(&profile.user_id))
        .set(profile)
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(professionals::table)
            .values(profile)
            .execute(conn)?;
    }
    super::registry::refresh(conn, &profile.user_id)
}

pub fn all_specialties(conn: &mut DbConn) -> QueryResult<Vec<Specialty>> {
    specialties::table
        .select(Specialty::as_select())
        .order(specialties::code)
        .load(conn)
}

/// Which of `codes` are known specialties.
pub fn known_specialties(conn: &mut DbConn, codes: &[String]) -> QueryResult<Vec<String>> {
    specialties::table
        .filter(specialties::code.eq_any(codes))
        .select(specialties::code)
        .load(conn)
}

pub fn specialties_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<String>> {
    professional_specialties::table
        .filter(professional_specialties::user_id.eq(user_id))
        .select(professional_specialties::specialty_code)
        .order(professional_specialties::specialty_code)
        .load(conn)
}

pub fn replace_specialties(conn: &mut DbConn, user_id: &str, codes: &[String]) -> QueryResult<()> {
    diesel::delete(
        professional_specialties::table.filter(professional_specialties::user_id.eq(user_id)),
    )
    .execute(conn)?;
    for code in codes {
        diesel::insert_into(professional_specialties::table)
            .values((
                professional_specialties::user_id.eq(user_id),
                professional_specialties::specialty_code.eq(code),
            ))
            .execute(conn)?;
    }
    super::registry::refresh(conn, user_id)
}

pub fn skills_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<String>> {
    professional_skills::table
        .filter(professional_skills::user_id.eq(user_id))
        .select(professional_skills::tag)
        .order(professional_skills::tag)
        .load(conn)
}

pub fn replace_skills(conn: &mut DbConn, user_id: &str, tags: &[String]) -> QueryResult<()> {
    diesel::delete(professional_skills::table.filter(professional_skills::user_id.eq(user_id)))
        .execute(conn)?;
    for tag in tags {
        diesel::insert_into(professional_skills::table)
            .values((
                professional_skills::user_id.eq(user_id),
                professional_skills::tag.eq(tag),
            ))
            .execute(conn)?;
    }
    super::registry::refresh(conn, user_id)
}

/// The tags most professionals use, most used first.
pub fn popular_skills(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<String>> {
    use diesel::dsl::count_star;
    professional_skills::table
        .group_by(professional_skills::tag)
        .select(professional_skills::tag)
        .order((count_star().desc(), professional_skills::tag))
        .limit(limit)
        .load(conn)
}

/// Languages and levels, by language code.
pub fn languages_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(String, String)>> {
    professional_languages::table
        .filter(professional_languages::user_id.eq(user_id))
        .select((
            professional_languages::language_code,
            professional_languages::level,
        ))
        .order(professional_languages::language_code)
        .load(conn)
}

/// Adds a language, or changes its level if it is already there.
pub fn set_language(conn: &mut DbConn, user_id: &str, code: &str, level: &str) -> QueryResult<()> {
    let updated = diesel::update(
        professional_languages::table
            .filter(professional_languages::user_id.eq(user_id))
            .filter(professional_languages::language_code.eq(code)),
    )
    .set(professional_languages::level.eq(level))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(professional_languages::table)
            .values((
                professional_languages::user_id.eq(user_id),
                professional_languages::language_code.eq(code),
                professional_languages::level.eq(level),
            ))
            .execute(conn)?;
    }
    super::registry::refresh(conn, user_id)
}

/// Removes a language; false when the person did not list it.
pub fn remove_language(conn: &mut DbConn, user_id: &str, code: &str) -> QueryResult<bool> {
    let n = diesel::delete(
        professional_languages::table
            .filter(professional_languages::user_id.eq(user_id))
            .filter(professional_languages::language_code.eq(code)),
    )
    .execute(conn)?;
    super::registry::refresh(conn, user_id)?;
    Ok(n > 0)
}

/// What readiness needs beyond the profile row.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadinessFacts {
    pub languages: i64,
    pub future_windows: i64,
    pub matching_consent: bool,
    pub valid_verified_licences: i64,
}

/// The four counts readiness needs, as subqueries (a macro: their types
/// are too long to name).
macro_rules! facts_subqueries {
    ($user_id:expr, $today:expr) => {{
        let (user_id, today): (&str, NaiveDate) = ($user_id, $today);
        (
            professional_languages::table
                .filter(professional_languages::user_id.eq(user_id))
                .count()
                .single_value(),
            availability_windows::table
                .filter(availability_windows::user_id.eq(user_id))
                .filter(availability_windows::ends_on.ge(today))
                .count()
                .single_value(),
            consents::table
                .filter(consents::user_id.eq(user_id))
                .filter(consents::kind.eq("matching"))
                .filter(consents::withdrawn_at.is_null())
                .count()
                .single_value(),
            licences::table
                .filter(licences::user_id.eq(user_id))
                .filter(licences::status.eq("verified"))
                .filter(licences::valid_until.ge(today))
                .count()
                .single_value(),
        )
    }};
}

type Counts = (Option<i64>, Option<i64>, Option<i64>, Option<i64>);

fn facts_of(counts: Counts) -> ReadinessFacts {
    let (languages, future_windows, consents, valid_verified_licences) = counts;
    ReadinessFacts {
        languages: languages.unwrap_or(0),
        future_windows: future_windows.unwrap_or(0),
        matching_consent: consents.unwrap_or(0) > 0,
        valid_verified_licences: valid_verified_licences.unwrap_or(0),
    }
}

pub fn readiness_facts(
    conn: &mut DbConn,
    user_id: &str,
    today: NaiveDate,
) -> QueryResult<ReadinessFacts> {
    let counts: Counts = diesel::select(facts_subqueries!(user_id, today)).get_result(conn)?;
    Ok(facts_of(counts))
}

/// The profile row (none yet for a new professional) with the facts of
/// its readiness, in one statement: the profile page and the API read them
/// on every view, so it goes straight to the backend's own connection (no
/// SQL text is built after the first time).
pub fn find_with_facts(
    conn: &mut DbConn,
    user_id: &str,
    today: NaiveDate,
) -> QueryResult<(Option<Profile>, ReadinessFacts)> {
    type Row = (
        Option<Profile>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
    );
    macro_rules! row {
        ($c:expr) => {{
            let (languages, windows, consents, licences) = facts_subqueries!(user_id, today);
            crate::db::schema::users::table
                .left_join(professionals::table)
                .filter(crate::db::schema::users::id.eq(user_id))
                .select((
                    Option::<Profile>::as_select(),
                    languages,
                    windows,
                    consents,
                    licences,
                ))
                .get_result::<Row>($c)?
        }};
    }
    let (profile, a, b, c, d) = match conn {
        DbConn::Sqlite(c) => row!(c),
        DbConn::Pg(c) => row!(c),
    };
    Ok((profile, facts_of((a, b, c, d))))
}

/// A profile's specialties, skills and languages, each sorted.
#[derive(Clone, Debug, Default)]
pub struct Tags {
    pub specialties: Vec<String>,
    pub skills: Vec<String>,
    /// (language code, level)
    pub languages: Vec<(String, String)>,
}

/// A profile's specialties, skills and languages, in one statement (on
/// each backend's own connection: the multi-backend cannot combine).
pub fn tags_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Tags> {
    macro_rules! rows {
        ($c:expr) => {{
            use diesel::sql_types::Text;
            professional_specialties::table
                .filter(professional_specialties::user_id.eq(user_id))
                .select((
                    "s".into_sql::<Text>(),
                    professional_specialties::specialty_code,
                    "".into_sql::<Text>(),
                ))
                .union_all(
                    professional_skills::table
                        .filter(professional_skills::user_id.eq(user_id))
                        .select((
                            "k".into_sql::<Text>(),
                            professional_skills::tag,
                            "".into_sql::<Text>(),
                        )),
                )
                .union_all(
                    professional_languages::table
                        .filter(professional_languages::user_id.eq(user_id))
                        .select((
                            "l".into_sql::<Text>(),
                            professional_languages::language_code,
                            professional_languages::level,
                        )),
                )
                .load::<(String, String, String)>($c)?
        }};
    }
    let rows = match conn {
        DbConn::Sqlite(c) => rows!(c),
        DbConn::Pg(c) => rows!(c),
    };
    let mut tags = Tags::default();
    for (kind, value, level) in rows {
        match kind.as_str() {
            "s" => tags.specialties.push(value),
            "k" => tags.skills.push(value),
            _ => tags.languages.push((value, level)),
        }
    }
    tags.specialties.sort();
    tags.skills.sort();
    tags.languages.sort();
    Ok(tags)
}

/// Whether a specialty already has this code or either name (case aside
/// is the caller's business: names are compared as stored).
pub fn specialty_exists(
    conn: &mut DbConn,
    code: &str,
    name_en: &str,
    name_fr: &str,
) -> QueryResult<bool> {
    let n: i64 = specialties::table
        .filter(
            specialties::code
                .eq(code)
                .or(specialties::name_en.eq(name_en))
                .or(specialties::name_fr.eq(name_fr)),
        )
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn insert_specialty(
    conn: &mut DbConn,
    code: &str,
    name_en: &str,
    name_fr: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(specialties::table)
        .values((
            specialties::code.eq(code),
            specialties::name_en.eq(name_en),
            specialties::name_fr.eq(name_fr),
            specialties::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every country professionals live in, by code.
pub fn residence_countries(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    professionals::table
        .filter(professionals::residence_country.is_not_null())
        .select(professionals::residence_country.assume_not_null())
        .distinct()
        .order(professionals::residence_country.assume_not_null())
        .load(conn)
}

/// Every language some professional speaks, by code.
pub fn spoken_languages(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    professional_languages::table
        .select(professional_languages::language_code)
        .distinct()
        .order(professional_languages::language_code)
        .load(conn)
}
