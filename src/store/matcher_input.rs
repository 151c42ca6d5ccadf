//! What the matcher is given for a programme, read in a few whole-table
//! passes: every professional of the registry (one `registry_entries` row
//! each, with their windows, verified licences, confirmed on-site dates,
//! track record and interests), the open assignments of the programme's
//! countries with the positions still free, and the programme's rules and
//! weights. Grouping is done in memory by id, so the cost is a handful of
//! scans, never a query per person.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{
    assignment_languages, assignment_professions, assignment_sessions, assignment_skills,
    assignments, availability_hours, availability_windows, interests, licences, match_feedback,
    matches, professionals, registry_entries as e,
};
use crate::domain::availability::{DateRange, LocalHours, Modality};
use crate::domain::matcher::{
    Assignment, Licence, Presence, Professional, Programme, Spoken, TrackRecord, Window,
};
use crate::domain::profile::{LanguageLevel, normalise_skill};
use crate::domain::programme::{Eligibility, Weights, parse_statuses};

use super::programmes::Programme as ProgrammeRow;

/// The matcher's inputs for one programme, with what the caller needs to
/// name the assignments again.
pub struct Inputs {
    pub professionals: Vec<Professional>,
    pub assignments: Vec<Assignment>,
    pub programme: Programme,
    /// Positions asked per assignment, before the ones already taken.
    pub positions_asked: HashMap<String, u32>,
}

fn group<K: std::hash::Hash + Eq, V>(rows: Vec<(K, V)>) -> HashMap<K, Vec<V>> {
    let mut out: HashMap<K, Vec<V>> = HashMap::new();
    for (k, v) in rows {
        out.entry(k).or_default().push(v);
    }
    out
}

/// Weekly hours or a session as stored (weekday, start and end minute);
/// none when out of range.
fn hours_of((weekday, start, end): (i32, i32, i32)) -> Option<LocalHours> {
    LocalHours::new(
        u8::try_from(weekday).ok()?,
        u16::try_from(start).ok()?,
        u16::try_from(end).ok()?,
    )
}

/// The highest level of each language in a registry row's words
/// (" en:basic en:conversational fr:basic ").
fn spoken_of(words: &str) -> Vec<Spoken> {
    let mut best: Vec<Spoken> = Vec::new();
    for w in words.split_whitespace() {
        let Some((code, level)) = w.split_once(':') else {
            continue;
        };
        let Ok(level) = level.parse::<LanguageLevel>() else {
            continue;
        };
        match best.iter_mut().find(|s| s.code == code) {
            Some(s) if s.level < level => s.level = level,
            Some(_) => {}
            None => best.push(Spoken {
                code: code.to_string(),
                level,
            }),
        }
    }
    best.sort_by(|a, b| a.code.cmp(&b.code));
    best
}

/// The programme's rules, as the matcher reads them.
pub fn programme_of(row: &ProgrammeRow, countries: Vec<String>) -> Programme {
    Programme {
        countries,
        eligibility: Eligibility {
            residence_statuses: parse_statuses(&row.residence_statuses),
            min_years_experience: row.min_years_experience,
            onsite_min_days: row.onsite_min_days,
            onsite_max_days: row.onsite_max_days,
        },
        weights: Weights([
            row.weight_diaspora,
            row.weight_skills,
            row.weight_experience,
            row.weight_availability,
            row.weight_languages,
            row.weight_track_record,
            row.weight_interest,
            row.weight_safeguards,
            row.weight_urgency,
        ]),
    }
}

type RegistryRow = (
    String,
    Option<String>,
    Option<i32>,
    Option<String>,
    Option<String>,
    bool,
    bool,
    String,
    String,
    String,
);

/// Every professional of the registry as the matcher sees them, by id,
/// but for those with a proposal or an offer waiting.
pub fn professionals(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<Professional>> {
    let rows: Vec<RegistryRow> = e::table
        .filter(e::profession_code.is_not_null())
        .order(e::user_id)
        .select((
            e::user_id,
            e::profession_code,
            e::years_experience,
            e::origin_country,
            e::residence_status,
            e::wants_clinical,
            e::email_verified,
            e::specialties,
            e::languages,
            e::skills,
        ))
        .load(conn)?;
    let zones: HashMap<String, String> = professionals::table
        .filter(professionals::time_zone.is_not_null())
        .select((
            professionals::user_id,
            professionals::time_zone.assume_not_null(),
        ))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();

    let window_rows: Vec<(String, String, NaiveDate, NaiveDate, String, Option<i32>)> =
        availability_windows::table
            .filter(availability_windows::ends_on.ge(today))
            .select((
                availability_windows::id,
                availability_windows::user_id,
                availability_windows::starts_on,
                availability_windows::ends_on,
                availability_windows::modality,
                availability_windows::weekly_hours,
            ))
            .order((
                availability_windows::user_id,
                availability_windows::starts_on,
            ))
            .load(conn)?;
    let mut hours = group(
        availability_hours::table
            .inner_join(availability_windows::table)
            .filter(availability_windows::ends_on.ge(today))
            .select((
                availability_hours::window_id,
                (
                    availability_hours::weekday,
                    availability_hours::starts_minute,
                    availability_hours::ends_minute,
                ),
            ))
            .load::<(String, (i32, i32, i32))>(conn)?,
    );
    let mut windows: HashMap<String, Vec<Window>> = HashMap::new();
    for (id, user, start, end, modality, weekly) in window_rows {
        let (Some(range), Ok(modality)) =
            (DateRange::new(start, end), modality.parse::<Modality>())
        else {
            continue;
        };
        let hours = hours
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .filter_map(hours_of)
            .collect();
        windows.entry(user).or_default().push(Window {
            range,
            modality,
            weekly_hours: weekly.unwrap_or(0),
            hours,
        });
    }

    let mut licences_of = group(
        licences::table
            .filter(licences::status.eq("verified"))
            .filter(licences::valid_until.ge(today))
            .select((
                licences::user_id,
                (licences::profession_code, licences::valid_until),
            ))
            .load::<(String, (String, NaiveDate))>(conn)?,
    );
    let mut confirmed_on_site = group(
        matches::table
            .filter(matches::state.eq("confirmed"))
            .filter(matches::onsite.eq(true))
            .select((matches::user_id, (matches::starts_on, matches::ends_on)))
            .load::<(String, (NaiveDate, NaiveDate))>(conn)?,
    );
    let completed: HashMap<String, i64> = matches::table
        .filter(matches::state.eq("completed"))
        .group_by(matches::user_id)
        .select((matches::user_id, count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    let mut ratings = group(
        match_feedback::table
            .inner_join(matches::table)
            .filter(matches::state.eq("completed"))
            .select((matches::user_id, match_feedback::rating))
            .load::<(String, i32)>(conn)?,
    );
    // Someone with a proposal or an offer waiting is not proposed again
    // until it is answered.
    let pending: std::collections::HashSet<String> = matches::table
        .filter(matches::state.eq_any(["proposed", "offered"]))
        .select(matches::user_id)
        .distinct()
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let mut interests_of = group(
        interests::table
            .filter(interests::withdrawn_at.is_null())
            .select((interests::user_id, interests::assignment_id))
            .load::<(String, String)>(conn)?,
    );

    let mut out = Vec::with_capacity(rows.len());
    for (
        id,
        profession,
        years,
        origin,
        status,
        wants_clinical,
        verified,
        specialties,
        languages,
        skills,
    ) in rows
    {
        let Some(profession) = profession else {
            continue;
        };
        if pending.contains(&id) {
            continue;
        }
        let time_zone = zones
            .get(&id)
            .and_then(|z| z.parse().ok())
            .unwrap_or(chrono_tz::UTC);
        let windows = windows.remove(&id).unwrap_or_default();
        let licences: Vec<Licence> = licences_of
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .map(|(profession, valid_until)| Licence {
                profession,
                valid_until,
            })
            .collect();
        let languages = spoken_of(&languages);
        let mut skills: Vec<String> = skills.split('\n').filter_map(normalise_skill).collect();
        skills.sort();
        skills.dedup();
        let profile_complete = !languages.is_empty()
            && !windows.is_empty()
            && (!wants_clinical || !licences.is_empty());
        out.push(Professional {
            profession,
            specialties: specialties.split_whitespace().map(str::to_string).collect(),
            skills,
            languages,
            origin_country: origin,
            residence_status: status.and_then(|s| s.parse().ok()),
            years_experience: years.unwrap_or(0),
            time_zone,
            windows,
            licences,
            confirmed_on_site: confirmed_on_site
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(s, e)| DateRange::new(s, e))
                .collect(),
            // A registry row exists only with the consent to be matched.
            matching_consent: true,
            email_verified: verified,
            profile_complete,
            track_record: TrackRecord {
                completed: u32::try_from(completed.get(&id).copied().unwrap_or(0)).unwrap_or(0),
                ratings: ratings
                    .remove(&id)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|r| u8::try_from(r).ok())
                    .collect(),
            },
            interests: interests_of.remove(&id).unwrap_or_default(),
            id,
        });
    }
    Ok(out)
}

type AssignmentRow = (
    String,
    String,
    String,
    Option<String>,
    String,
    NaiveDate,
    NaiveDate,
    Option<i32>,
    i32,
    bool,
    i32,
    bool,
);

/// The open assignments of `countries` with positions still free (asked
/// less those confirmed, offered or proposed), each with the positions
/// free as its `positions`.
pub fn assignments(
    conn: &mut DbConn,
    countries: &[String],
    safeguards: &[String],
) -> QueryResult<(Vec<Assignment>, HashMap<String, u32>)> {
    let rows: Vec<AssignmentRow> = assignments::table
        .filter(assignments::status.eq("open"))
        .filter(assignments::country_code.eq_any(countries))
        .order(assignments::id)
        .select((
            assignments::id,
            assignments::country_code,
            assignments::time_zone,
            assignments::specialty_code,
            assignments::modality,
            assignments::starts_on,
            assignments::ends_on,
            assignments::hours_per_week,
            assignments::positions,
            assignments::clinical,
            assignments::min_years_experience,
            assignments::urgent,
        ))
        .load(conn)?;
    let open = || {
        assignments::table
            .filter(assignments::status.eq("open"))
            .filter(assignments::country_code.eq_any(countries))
            .select(assignments::id)
    };
    let mut professions = group(
        assignment_professions::table
            .filter(assignment_professions::assignment_id.eq_any(open()))
            .select((
                assignment_professions::assignment_id,
                assignment_professions::profession_code,
            ))
            .load::<(String, String)>(conn)?,
    );
    let mut skills = group(
        assignment_skills::table
            .filter(assignment_skills::assignment_id.eq_any(open()))
            .select((
                assignment_skills::assignment_id,
                (assignment_skills::tag, assignment_skills::required),
            ))
            .load::<(String, (String, bool))>(conn)?,
    );
    let mut languages = group(
        assignment_languages::table
            .filter(assignment_languages::assignment_id.eq_any(open()))
            .select((
                assignment_languages::assignment_id,
                (
                    assignment_languages::language_code,
                    assignment_languages::min_level,
                ),
            ))
            .load::<(String, (String, String))>(conn)?,
    );
    let mut sessions = group(
        assignment_sessions::table
            .filter(assignment_sessions::assignment_id.eq_any(open()))
            .select((
                assignment_sessions::assignment_id,
                (
                    assignment_sessions::weekday,
                    assignment_sessions::starts_minute,
                    assignment_sessions::ends_minute,
                ),
            ))
            .load::<(String, (i32, i32, i32))>(conn)?,
    );
    let mut standing = group(
        matches::table
            .filter(matches::assignment_id.eq_any(open()))
            .select((matches::assignment_id, (matches::user_id, matches::state)))
            .load::<(String, (String, String))>(conn)?,
    );

    let mut out = Vec::with_capacity(rows.len());
    let mut asked = HashMap::with_capacity(rows.len());
    for (
        id,
        country,
        zone,
        specialty,
        modality,
        starts,
        ends,
        hours,
        positions,
        clinical,
        min_years,
        urgent,
    ) in rows
    {
        let Some(period) = DateRange::new(starts, ends) else {
            continue;
        };
        let mut declined_by = Vec::new();
        let mut rejected = Vec::new();
        let mut taken = 0u32;
        for (user, state) in standing.remove(&id).unwrap_or_default() {
            match state.as_str() {
                "declined" => declined_by.push(user),
                "rejected" => rejected.push(user),
                "proposed" | "offered" | "confirmed" | "completed" => taken += 1,
                _ => {}
            }
        }
        let positions = u32::try_from(positions).unwrap_or(0);
        asked.insert(id.clone(), positions);
        let free = positions.saturating_sub(taken);
        if free == 0 {
            continue;
        }
        let presence = if modality == "on_site" {
            Presence::OnSite(period)
        } else {
            Presence::Virtual {
                period,
                weekly_hours: hours.unwrap_or(0),
                sessions: sessions
                    .remove(&id)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(hours_of)
                    .collect(),
            }
        };
        let (required, desired): (Vec<_>, Vec<_>) = skills
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .partition(|(_, required)| *required);
        let mut professions = professions.remove(&id).unwrap_or_default();
        professions.sort();
        let mut langs: Vec<Spoken> = languages
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(code, level)| {
                Some(Spoken {
                    code,
                    level: level.parse().ok()?,
                })
            })
            .collect();
        langs.sort_by(|a, b| a.code.cmp(&b.code));
        declined_by.sort();
        rejected.sort();
        out.push(Assignment {
            safeguards_list: safeguards.contains(&country),
            country,
            time_zone: zone.parse().unwrap_or(chrono_tz::UTC),
            professions,
            specialty,
            required_skills: required.into_iter().map(|(t, _)| t).collect(),
            desired_skills: desired.into_iter().map(|(t, _)| t).collect(),
            languages: langs,
            presence,
            positions: free,
            clinical,
            min_years_experience: min_years,
            urgent,
            declined_by,
            rejected,
            id,
        });
    }
    Ok((out, asked))
}

/// Everything a run for the programme needs, read in one transaction.
pub fn inputs(
    conn: &mut DbConn,
    programme: &ProgrammeRow,
    today: NaiveDate,
) -> QueryResult<Inputs> {
    let countries = super::programmes::countries_of(conn, &programme.id)?;
    let safeguards = super::safeguards::countries(conn)?;
    let (assignments, positions_asked) = assignments(conn, &countries, &safeguards)?;
    let professionals = professionals(conn, today)?;
    Ok(Inputs {
        professionals,
        assignments,
        programme: programme_of(programme, countries),
        positions_asked,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highest_level_of_each_language_is_kept() {
        let s = spoken_of(" en:basic en:conversational en:professional fr:basic ");
        assert_eq!(
            s,
            vec![
                Spoken {
                    code: "en".into(),
                    level: LanguageLevel::Professional
                },
                Spoken {
                    code: "fr".into(),
                    level: LanguageLevel::Basic
                },
            ]
        );
        assert!(spoken_of(" ").is_empty());
        assert!(spoken_of(" en:fluentish ").is_empty());
    }
}
