//! The calendar file of a confirmed assignment, for the two sides of the
//! match: the professional and the facility's staff.

use super::Services;
use super::accounts::CurrentUser;
use crate::domain::availability::LocalHours;
use crate::domain::calendar::{self, Plan, Work};
use crate::domain::matching::{Actor, MatchState};
use crate::domain::{countries, time_zone};
use crate::error::{AppError, AppResult};
use crate::store::{assignments, facilities};

/// A calendar file and the name it is saved under.
pub struct CalendarFile {
    pub file_name: String,
    pub body: String,
}

/// The calendar file of a confirmed or completed match, for its
/// professional and its facility's staff; not found for anyone else and in
/// any other state (an offer may still fall through).
pub async fn of_match(s: &Services, user: &CurrentUser, match_id: &str) -> AppResult<CalendarFile> {
    let user = user.clone();
    let match_id = match_id.to_string();
    let host = s
        .config
        .public_url
        .host_str()
        .unwrap_or("sankofa")
        .to_string();
    let link = s.config.public_link(&format!("/matches/{match_id}"));
    let made_at = s.clock.now();
    s.db.run(move |c| {
        let (row, a, actor) = super::matches::party(c, &user, &match_id)?;
        let state: Option<MatchState> = row.state.parse().ok();
        if !matches!(actor, Actor::Side(_))
            || !matches!(state, Some(MatchState::Confirmed | MatchState::Completed))
        {
            return Err(AppError::NotFound);
        }
        let facility = facilities::find(c, &a.facility_id)?.ok_or(AppError::NotFound)?;
        let place = format!(
            "{}, {}",
            facility.name,
            countries::name_or_code(&a.country_code, user.locale)
        );
        let sessions: Vec<LocalHours> = assignments::parts_of(c, &a.id)?
            .sessions
            .into_iter()
            .filter_map(|(day, start, end)| {
                LocalHours::new(
                    u8::try_from(day).ok()?,
                    u16::try_from(start).ok()?,
                    u16::try_from(end).ok()?,
                )
            })
            .collect();
        let work = if row.onsite {
            Work::OnSite
        } else {
            Work::Virtual {
                zone: time_zone::zone(&a.time_zone).ok_or_else(|| {
                    AppError::Internal(anyhow::anyhow!("assignment {}: unknown time zone", a.id))
                })?,
                sessions: &sessions,
            }
        };
        let body = calendar::ics(&Plan {
            match_id: &row.id,
            host: &host,
            title: &a.title,
            place: &place,
            link: &link,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            work,
            made_at,
        });
        let short: String = row.id.chars().filter(|c| *c != '-').rev().take(8).collect();
        Ok(CalendarFile {
            file_name: format!("sankofa-{}.ics", short.chars().rev().collect::<String>()),
            body,
        })
    })
    .await
}
