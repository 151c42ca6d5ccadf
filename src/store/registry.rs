//! The registry search: professionals who consented to be matched and are
//! eligible for one of a coordinator's programmes, narrowed by the filters,
//! counted, sorted and paged in the database.

use chrono::NaiveDate;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Integer, Text};

use crate::db::DbConn;
use crate::db::schema::{professionals, users};
use crate::domain::availability::Modality;
use crate::domain::registry::{Criteria, Sort};

type Db = <DbConn as Connection>::Backend;
type Source = diesel::helper_types::InnerJoinQuerySource<professionals::table, users::table>;
type Filter<'a> = Box<dyn BoxableExpression<Source, Db, SqlType = Bool> + 'a>;

diesel::define_sql_function!(fn lower(x: Text) -> Text);

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
            professionals::origin_country
                .assume_not_null()
                .eq_any(r.countries.clone())
                .and(
                    professionals::residence_status
                        .assume_not_null()
                        .eq_any(r.residence_statuses.clone()),
                ),
        );
        if r.min_years > 0 {
            one = Box::new(
                one.and(
                    professionals::years_experience
                        .assume_not_null()
                        .ge(r.min_years),
                ),
            );
        }
        any = Box::new(any.or(one));
    }
    any
}

/// Every condition of the search, consent and eligibility included.
fn conditions<'a>(
    c: &'a Criteria,
    rules: &'a [ProgrammeRule],
    today: NaiveDate,
) -> Vec<Filter<'a>> {
    let mut f: Vec<Filter<'a>> = vec![
        Box::new(users::deleted_at.is_null()),
        Box::new(users::disabled_at.is_null()),
        Box::new(sql::<Bool>(MATCHING_CONSENT)),
        eligible(rules),
    ];
    if let Some(p) = &c.profession {
        f.push(Box::new(
            professionals::profession_code.assume_not_null().eq(p),
        ));
    }
    if let Some(o) = &c.origin {
        f.push(Box::new(
            professionals::origin_country.assume_not_null().eq(o),
        ));
    }
    if let Some(r) = &c.residence {
        f.push(Box::new(
            professionals::residence_country.assume_not_null().eq(r),
        ));
    }
    if let Some(s) = &c.specialty {
        f.push(Box::new(
            sql::<Bool>(
                "EXISTS (SELECT 1 FROM professional_specialties s WHERE s.user_id = professionals.user_id AND s.specialty_code = ",
            )
            .bind::<Text, _>(s)
            .sql(")"),
        ));
    }
    if let Some((code, levels)) = &c.language {
        // The levels are the domain's own words, never typed input.
        let levels = levels
            .iter()
            .map(|l| format!("'{l}'"))
            .collect::<Vec<_>>()
            .join(", ");
        f.push(Box::new(
            sql::<Bool>(
                "EXISTS (SELECT 1 FROM professional_languages l WHERE l.user_id = professionals.user_id AND l.language_code = ",
            )
            .bind::<Text, _>(code)
            .sql(&format!(" AND l.level IN ({levels}))")),
        ));
    }
    if let Some(a) = &c.availability {
        let modality = match a.modality {
            Modality::Virtual => "virtual",
            _ => "on_site",
        };
        f.push(Box::new(
            sql::<Bool>(
                "EXISTS (SELECT 1 FROM availability_windows w WHERE w.user_id = professionals.user_id AND w.modality IN (",
            )
            .bind::<Text, _>(modality)
            .sql(", 'either') AND w.starts_on <= ")
            .bind::<Date, _>(a.from)
            .sql(" AND w.ends_on >= ")
            .bind::<Date, _>(a.to)
            .sql(")"),
        ));
    }
    if c.licence_verified {
        f.push(verified_licence(today));
    }
    if c.ready {
        f.extend(readiness(today));
    }
    if let Some(t) = &c.text {
        let pattern = contains_pattern(t);
        f.push(Box::new(
            lower(users::full_name)
                .like(pattern.clone())
                .escape('\\')
                .or(sql::<Bool>(
                    "EXISTS (SELECT 1 FROM professional_skills k WHERE k.user_id = professionals.user_id AND k.tag LIKE ",
                )
                .bind::<Text, _>(pattern)
                .sql(" ESCAPE '\\')")),
        ));
    }
    f
}

/// A verified licence still valid. The status is compared as an expression
/// so that no planner, with or without statistics, walks every verified
/// licence through a status index instead of the holder's few.
fn verified_licence(today: NaiveDate) -> Filter<'static> {
    Box::new(
        sql::<Bool>(
            "EXISTS (SELECT 1 FROM licences v WHERE v.user_id = professionals.user_id AND (v.status || '') = 'verified' AND v.valid_until >= ",
        )
        .bind::<Date, _>(today)
        .sql(")"),
    )
}

const MATCHING_CONSENT: &str = "EXISTS (SELECT 1 FROM consents c WHERE c.user_id = professionals.user_id \
     AND c.kind = 'matching' AND c.withdrawn_at IS NULL)";

/// Everything readiness asks beyond the consent to be matched: a verified
/// email, a profession, a language, a window still to come, and a verified
/// licence for clinical work.
fn readiness(today: NaiveDate) -> Vec<Filter<'static>> {
    vec![
        Box::new(users::email_verified_at.is_not_null()),
        Box::new(professionals::profession_code.is_not_null()),
        Box::new(sql::<Bool>(
            "EXISTS (SELECT 1 FROM professional_languages l WHERE l.user_id = professionals.user_id)",
        )),
        Box::new(
            sql::<Bool>(
                "EXISTS (SELECT 1 FROM availability_windows w WHERE w.user_id = professionals.user_id AND w.ends_on >= ",
            )
            .bind::<Date, _>(today)
            .sql(")"),
        ),
        Box::new(
            professionals::wants_clinical
                .eq(false)
                .or(verified_licence(today)),
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
        let mut q = professionals::table
            .inner_join(users::table)
            .into_boxed::<Db>();
        for cond in conditions(c, rules, today) {
            q = q.filter(cond);
        }
        q
    };
    // The total rides along with the page (a window over the whole result),
    // so the database filters once; only a page past the end counts apart.
    let mut q = base().select((
        (
            professionals::user_id,
            users::full_name,
            professionals::profession_code,
            professionals::years_experience,
            professionals::origin_country,
            professionals::residence_country,
            professionals::residence_city,
        ),
        sql::<BigInt>("COUNT(*) OVER ()"),
    ));
    let years = sql::<Integer>("COALESCE(professionals.years_experience, -1)");
    q = match (c.sort, &c.text) {
        (Sort::Name, _) => q.order((users::full_name.asc(), professionals::user_id.asc())),
        (Sort::Relevance, Some(t)) => q.order((
            lower(users::full_name)
                .like(contains_pattern(t))
                .escape('\\')
                .desc(),
            years.desc(),
            users::full_name.asc(),
            professionals::user_id.asc(),
        )),
        _ => q.order((
            years.desc(),
            users::full_name.asc(),
            professionals::user_id.asc(),
        )),
    };
    let rows: Vec<(Found, i64)> = q.limit(limit).offset(offset).load(conn)?;
    let total = match rows.first() {
        Some((_, total)) => *total,
        None if offset == 0 => 0,
        None => base().count().get_result(conn)?,
    };
    Ok((rows.into_iter().map(|(f, _)| f).collect(), total))
}

/// Of `ids`, those ready to be matched (SPEC F1's list all complete).
pub fn ready_among(
    conn: &mut DbConn,
    ids: &[String],
    today: NaiveDate,
) -> QueryResult<Vec<String>> {
    let mut q = professionals::table
        .inner_join(users::table)
        .filter(professionals::user_id.eq_any(ids))
        .filter(sql::<Bool>(MATCHING_CONSENT))
        .into_boxed::<Db>();
    for cond in readiness(today) {
        q = q.filter(cond);
    }
    q.select(professionals::user_id).load(conn)
}

/// Whether a professional is in a coordinator's registry: consented to be
/// matched and eligible for one of the programmes.
pub fn in_scope(
    conn: &mut DbConn,
    user_id: &str,
    rules: &[ProgrammeRule],
    today: NaiveDate,
) -> QueryResult<bool> {
    let c = Criteria::default();
    let mut q = professionals::table
        .inner_join(users::table)
        .filter(professionals::user_id.eq(user_id))
        .into_boxed::<Db>();
    for cond in conditions(&c, rules, today) {
        q = q.filter(cond);
    }
    let n: i64 = q.count().get_result(conn)?;
    Ok(n > 0)
}
