//! The registry search: professionals who consented to be matched and are
//! eligible for one of a coordinator's programmes, narrowed by the filters,
//! counted, sorted and paged in the database.
//!
//! A search reads one narrow table, `registry_entries`: a row per
//! professional who may be matched, summarising what the filters compare.
//! Every write in the store that changes what a row summarises (profile,
//! specialties, skills, languages, licences, windows, consents, the account)
//! calls `refresh` in the same transaction; `rebuild` writes them all anew
//! (after migrating and after loading demonstration data).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use diesel::dsl::{max, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Integer, Text};

use crate::db::DbConn;
use crate::db::schema::{
    availability_windows, consents, licences, professional_languages, professional_skills,
    professional_specialties, professionals, registry_entries as e, users,
};
use crate::domain::availability::Modality;
use crate::domain::profile::LanguageLevel;
use crate::domain::registry::{Criteria, Sort, language_word, language_words, words};

type Db = <DbConn as Connection>::Backend;
type Filter<'a> = Box<dyn BoxableExpression<e::table, Db, SqlType = Bool> + 'a>;

/// Who a programme accepts: its countries, residence statuses and the
/// least experience it asks.
#[derive(Clone, Debug)]
pub struct ProgrammeRule {
    pub countries: Vec<String>,
    pub residence_statuses: Vec<String>,
    pub min_years: i32,
}

/// One row of results.
#[derive(Queryable, Clone, Debug)]
pub struct Found {
    pub user_id: String,
    pub full_name: String,
    pub profession_code: Option<String>,
    pub years_experience: Option<i32>,
    pub origin_country: Option<String>,
    pub residence_country: Option<String>,
    pub residence_city: Option<String>,
}

/// One professional's row of the registry.
#[derive(Queryable, Selectable, Insertable, Clone, Debug, PartialEq, Eq)]
#[diesel(table_name = e)]
pub struct Entry {
    pub user_id: String,
    full_name: String,
    name_key: String,
    profession_code: Option<String>,
    years_experience: Option<i32>,
    origin_country: Option<String>,
    residence_country: Option<String>,
    residence_city: Option<String>,
    residence_status: Option<String>,
    wants_clinical: bool,
    email_verified: bool,
    specialties: String,
    languages: String,
    skills: String,
    available_until: Option<NaiveDate>,
    licence_until: Option<NaiveDate>,
}

/// What a registry row is made from, as the profile and account hold it:
/// (id, name, address verified, profession, years, origin, residence,
/// city, residence status, clinical work).
type ProfileRow = (
    String,
    String,
    bool,
    Option<String>,
    Option<i32>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
);

/// Rows of `(user_id, value)` gathered by user.
fn by_user<T>(rows: Vec<(String, T)>) -> HashMap<String, Vec<T>> {
    let mut out: HashMap<String, Vec<T>> = HashMap::new();
    for (id, v) in rows {
        out.entry(id).or_default().push(v);
    }
    out
}

/// The registry rows of one professional (`Some(id)`) or of all (`None`):
/// professionals whose account is in use and who consented to be matched.
fn entries(conn: &mut DbConn, only: Option<&str>) -> QueryResult<Vec<Entry>> {
    let one = only.map(str::to_string);
    let mut q = consents::table
        .filter(consents::kind.eq("matching"))
        .filter(consents::withdrawn_at.is_null())
        .select(consents::user_id)
        .into_boxed::<Db>();
    if let Some(id) = &one {
        q = q.filter(consents::user_id.eq(id.clone()));
    }
    let consented: HashSet<String> = q.load::<String>(conn)?.into_iter().collect();
    if consented.is_empty() {
        return Ok(Vec::new());
    }

    let mut q = professionals::table
        .inner_join(users::table)
        .filter(users::deleted_at.is_null())
        .filter(users::disabled_at.is_null())
        .select((
            professionals::user_id,
            users::full_name,
            users::email_verified_at.is_not_null(),
            professionals::profession_code,
            professionals::years_experience,
            professionals::origin_country,
            professionals::residence_country,
            professionals::residence_city,
            professionals::residence_status,
            professionals::wants_clinical,
        ))
        .into_boxed::<Db>();
    if let Some(id) = &one {
        q = q.filter(professionals::user_id.eq(id.clone()));
    }
    let profiles: Vec<ProfileRow> = q.load(conn)?;

    let mut q = professional_specialties::table
        .select((
            professional_specialties::user_id,
            professional_specialties::specialty_code,
        ))
        .order((
            professional_specialties::user_id,
            professional_specialties::specialty_code,
        ))
        .into_boxed::<Db>();
    if let Some(id) = &one {
        q = q.filter(professional_specialties::user_id.eq(id.clone()));
    }
    let mut specialties = by_user(q.load::<(String, String)>(conn)?);

    let mut q = professional_languages::table
        .select((
            professional_languages::user_id,
            (
                professional_languages::language_code,
                professional_languages::level,
            ),
        ))
        .order((
            professional_languages::user_id,
            professional_languages::language_code,
        ))
        .into_boxed::<Db>();
    if let Some(id) = &one {
        q = q.filter(professional_languages::user_id.eq(id.clone()));
    }
    let mut languages = by_user(q.load::<(String, (String, String))>(conn)?);

    let mut q = professional_skills::table
        .select((professional_skills::user_id, professional_skills::tag))
        .order((professional_skills::user_id, professional_skills::tag))
        .into_boxed::<Db>();
    if let Some(id) = &one {
        q = q.filter(professional_skills::user_id.eq(id.clone()));
    }
    let mut skills = by_user(q.load::<(String, String)>(conn)?);

    let mut q = availability_windows::table
        .group_by(availability_windows::user_id)
        .select((
            availability_windows::user_id,
            max(availability_windows::ends_on),
        ))
        .into_boxed::<Db>();
    if let Some(id) = &one {
        q = q.filter(availability_windows::user_id.eq(id.clone()));
    }
    let available: HashMap<String, Option<NaiveDate>> = q
        .load::<(String, Option<NaiveDate>)>(conn)?
        .into_iter()
        .collect();

    let mut q = licences::table
        .filter(licences::status.eq("verified"))
        .group_by(licences::user_id)
        .select((licences::user_id, max(licences::valid_until)))
        .into_boxed::<Db>();
    if let Some(id) = &one {
        q = q.filter(licences::user_id.eq(id.clone()));
    }
    let licensed: HashMap<String, Option<NaiveDate>> = q
        .load::<(String, Option<NaiveDate>)>(conn)?
        .into_iter()
        .collect();

    let mut out = Vec::new();
    for (
        id,
        full_name,
        email_verified,
        profession,
        years,
        origin,
        residence,
        city,
        status,
        clinical,
    ) in profiles
    {
        if !consented.contains(&id) {
            continue;
        }
        let spoken = languages.remove(&id).unwrap_or_default();
        let spoken = spoken.iter().filter_map(|(code, level)| {
            Some((code.as_str(), level.parse::<LanguageLevel>().ok()?))
        });
        out.push(Entry {
            name_key: full_name.to_lowercase(),
            full_name,
            profession_code: profession,
            years_experience: years,
            origin_country: origin,
            residence_country: residence,
            residence_city: city,
            residence_status: status,
            wants_clinical: clinical,
            email_verified,
            specialties: words(
                specialties
                    .remove(&id)
                    .unwrap_or_default()
                    .iter()
                    .map(String::as_str),
            ),
            languages: language_words(spoken),
            skills: skills.remove(&id).unwrap_or_default().join(SKILL_SEPARATOR),
            available_until: available.get(&id).copied().flatten(),
            licence_until: licensed.get(&id).copied().flatten(),
            user_id: id,
        });
    }
    Ok(out)
}

/// Between skills in a row: a character no search text holds, so that no
/// search matches across two skills.
const SKILL_SEPARATOR: &str = "\n";

/// Writes one person's registry row anew: gone unless they may be matched.
pub fn refresh(conn: &mut DbConn, user_id: &str) -> QueryResult<()> {
    diesel::delete(e::table.find(user_id)).execute(conn)?;
    let rows = entries(conn, Some(user_id))?;
    insert(conn, &rows)
}

/// Writes every registry row anew; returns how many there are.
pub fn rebuild(conn: &mut DbConn) -> QueryResult<usize> {
    diesel::delete(e::table).execute(conn)?;
    let rows = entries(conn, None)?;
    // 16 values a row: 1,000 rows stay below either database's bind limit.
    for chunk in rows.chunks(1000) {
        insert(conn, chunk)?;
    }
    Ok(rows.len())
}

/// Several rows in one statement (each backend has its own batch insert).
fn insert(conn: &mut DbConn, rows: &[Entry]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    match conn {
        DbConn::Sqlite(c) => diesel::insert_into(e::table).values(rows).execute(c)?,
        DbConn::Pg(c) => diesel::insert_into(e::table).values(rows).execute(c)?,
    };
    Ok(())
}

/// Every row, by id: what a check compares with `rebuild`'s.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Entry>> {
    e::table
        .order(e::user_id)
        .select(Entry::as_select())
        .load(conn)
}

/// Writes every row when there are none although someone may be matched
/// (the table was just created); how many, if it did.
pub fn fill_if_missing(conn: &mut DbConn) -> QueryResult<Option<usize>> {
    let any_row = diesel::select(diesel::dsl::exists(e::table.select(e::user_id)))
        .get_result::<bool>(conn)?;
    let any_consent = diesel::select(diesel::dsl::exists(
        consents::table
            .filter(consents::kind.eq("matching"))
            .filter(consents::withdrawn_at.is_null())
            .select(consents::id),
    ))
    .get_result::<bool>(conn)?;
    if any_row || !any_consent {
        return Ok(None);
    }
    rebuild(conn).map(Some)
}

/// `LIKE` pattern for text anywhere, with the wildcards of the text escaped.
fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Eligible for at least one of the programmes; nothing when there are none.
fn eligible<'a>(rules: &'a [ProgrammeRule]) -> Filter<'a> {
    let mut any: Filter<'a> = Box::new(sql::<Bool>("1 = 0"));
    for r in rules {
        let mut one: Filter<'a> = Box::new(
            e::origin_country
                .assume_not_null()
                .eq_any(r.countries.clone())
                .and(
                    e::residence_status
                        .assume_not_null()
                        .eq_any(r.residence_statuses.clone()),
                ),
        );
        if r.min_years > 0 {
            one = Box::new(one.and(e::years_experience.assume_not_null().ge(r.min_years)));
        }
        any = Box::new(any.or(one));
    }
    any
}

/// Every condition of the search, eligibility included (consent and an
/// account in use are what make a row).
fn conditions<'a>(
    c: &'a Criteria,
    rules: &'a [ProgrammeRule],
    today: NaiveDate,
) -> Vec<Filter<'a>> {
    let mut f: Vec<Filter<'a>> = vec![eligible(rules)];
    if let Some(p) = &c.profession {
        f.push(Box::new(e::profession_code.assume_not_null().eq(p)));
    }
    if let Some(o) = &c.origin {
        f.push(Box::new(e::origin_country.assume_not_null().eq(o)));
    }
    if let Some(r) = &c.residence {
        f.push(Box::new(e::residence_country.assume_not_null().eq(r)));
    }
    if let Some(s) = &c.specialty {
        let word = contains_pattern(&format!(" {s} "));
        f.push(Box::new(e::specialties.like(word).escape('\\')));
    }
    if let Some((code, level)) = &c.language {
        let word = contains_pattern(&format!(" {} ", language_word(code, *level)));
        f.push(Box::new(e::languages.like(word).escape('\\')));
    }
    if c.licence_verified {
        f.push(Box::new(e::licence_until.assume_not_null().ge(today)));
    }
    if c.ready {
        f.extend(readiness(today));
    }
    if let Some(t) = &c.text {
        let pattern = contains_pattern(t);
        f.push(Box::new(
            e::name_key
                .like(pattern.clone())
                .escape('\\')
                .or(e::skills.like(pattern).escape('\\')),
        ));
    }
    if let Some(a) = &c.availability {
        let modality = match a.modality {
            Modality::Virtual => "virtual",
            _ => "on_site",
        };
        // The row's last available day rules out most people before their
        // windows are read.
        f.push(Box::new(e::available_until.assume_not_null().ge(a.to)));
        f.push(Box::new(
            sql::<Bool>(
                "EXISTS (SELECT 1 FROM availability_windows w WHERE w.user_id = registry_entries.user_id AND w.modality IN (",
            )
            .bind::<Text, _>(modality)
            .sql(", 'either') AND w.starts_on <= ")
            .bind::<Date, _>(a.from)
            .sql(" AND w.ends_on >= ")
            .bind::<Date, _>(a.to)
            .sql(")"),
        ));
    }
    f
}

/// Everything readiness asks beyond the consent to be matched: a verified
/// email, a profession, a language, a window still to come, and a verified
/// licence for clinical work.
fn readiness(today: NaiveDate) -> Vec<Filter<'static>> {
    vec![
        Box::new(e::email_verified.eq(true)),
        Box::new(e::profession_code.is_not_null()),
        Box::new(e::languages.ne(" ")),
        Box::new(e::available_until.assume_not_null().ge(today)),
        Box::new(
            e::wants_clinical
                .eq(false)
                .or(e::licence_until.assume_not_null().ge(today)),
        ),
    ]
}

/// One page of the search and the total found.
pub fn search(
    conn: &mut DbConn,
    c: &Criteria,
    rules: &[ProgrammeRule],
    today: NaiveDate,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Found>, i64)> {
    let base = || {
        let mut q = e::table.into_boxed::<Db>();
        for cond in conditions(c, rules, today) {
            q = q.filter(cond);
        }
        q
    };
    // The total rides along with the page (a window over the whole result),
    // so the database filters once; only a page past the end counts apart.
    let mut q = base().select((
        (
            e::user_id,
            e::full_name,
            e::profession_code,
            e::years_experience,
            e::origin_country,
            e::residence_country,
            e::residence_city,
        ),
        sql::<BigInt>("COUNT(*) OVER ()"),
    ));
    let years = sql::<Integer>("COALESCE(registry_entries.years_experience, -1)");
    q = match (c.sort, &c.text) {
        (Sort::Name, _) => q.order((e::full_name.asc(), e::user_id.asc())),
        (Sort::Relevance, Some(t)) => q.order((
            e::name_key.like(contains_pattern(t)).escape('\\').desc(),
            years.desc(),
            e::full_name.asc(),
            e::user_id.asc(),
        )),
        _ => q.order((years.desc(), e::full_name.asc(), e::user_id.asc())),
    };
    let rows: Vec<(Found, i64)> = q.limit(limit).offset(offset).load(conn)?;
    let total = match rows.first() {
        Some((_, total)) => *total,
        None if offset == 0 => 0,
        None => base().count().get_result(conn)?,
    };
    Ok((rows.into_iter().map(|(f, _)| f).collect(), total))
}

/// Everyone ready to be matched today.
pub fn all_ready(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<String>> {
    let mut q = e::table.into_boxed::<Db>();
    for cond in readiness(today) {
        q = q.filter(cond);
    }
    q.select(e::user_id).load(conn)
}

/// Of `ids`, those ready to be matched (SPEC F1's list all complete).
pub fn ready_among(
    conn: &mut DbConn,
    ids: &[String],
    today: NaiveDate,
) -> QueryResult<Vec<String>> {
    let mut q = e::table.filter(e::user_id.eq_any(ids)).into_boxed::<Db>();
    for cond in readiness(today) {
        q = q.filter(cond);
    }
    q.select(e::user_id).load(conn)
}

/// Whether a professional is in a coordinator's registry: consented to be
/// matched and eligible for one of the programmes.
pub fn in_scope(conn: &mut DbConn, user_id: &str, rules: &[ProgrammeRule]) -> QueryResult<bool> {
    let n: i64 = e::table
        .filter(e::user_id.eq(user_id))
        .filter(eligible(rules))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
