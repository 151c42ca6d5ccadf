//! A professional's availability windows: listed, added, changed and
//! deleted by their owner only, never two sharing days and work.

use super::Services;
use super::accounts::CurrentUser;
use crate::domain::availability::{DateRange, LocalHours, MAX_WEEKLY_HOURS, Modality, parse_clock};
use crate::domain::{FieldError, FieldErrors, Role};
use crate::error::{AppError, AppResult};
use crate::store::availability::{self as store, Hours, Window};

/// Most windows one person keeps.
pub const MAX_WINDOWS: usize = 50;

/// A window as typed: dates `YYYY-MM-DD`, hours `HH:MM` per weekday (index 0 = Monday).
#[derive(Clone, Debug, Default)]
pub struct WindowInput {
    pub starts_on: String,
    pub ends_on: String,
    pub modality: String,
    pub weekly_hours: String,
    pub from: [String; 7],
    pub to: [String; 7],
}

impl WindowInput {
    pub fn from_stored(w: &Window, hours: &[Hours]) -> Self {
        let mut input = WindowInput {
            starts_on: w.starts_on.to_string(),
            ends_on: w.ends_on.to_string(),
            modality: w.modality.clone(),
            weekly_hours: w.weekly_hours.map(|h| h.to_string()).unwrap_or_default(),
            ..Default::default()
        };
        for h in hours {
            if let Some(i) = usize::try_from(h.weekday - 1).ok().filter(|i| *i < 7) {
                input.from[i] = LocalHours::clock(h.starts_minute as u16);
                input.to[i] = LocalHours::clock(h.ends_minute as u16);
            }
        }
        input
    }
}

struct ValidWindow {
    range: DateRange,
    modality: Modality,
    weekly_hours: Option<i32>,
    hours: Vec<LocalHours>,
}

fn validate(input: &WindowInput) -> Result<ValidWindow, FieldErrors> {
    let mut errors = FieldErrors::new();
    let start = errors.required_date("starts_on", &input.starts_on);
    let end = errors.required_date("ends_on", &input.ends_on);
    let range = match (start, end) {
        (Some(s), Some(e)) => {
            let r = DateRange::new(s, e);
            if r.is_none() {
                errors.add("ends_on", FieldError::new("err-end-before-start"));
            }
            r
        }
        _ => None,
    };
    let modality = input.modality.trim().parse::<Modality>().ok();
    if modality.is_none() {
        errors.add("modality", FieldError::new("err-choose-option"));
    }
    let weekly_hours = match modality {
        Some(m) if m.has_weekly_hours() => match input.weekly_hours.trim().parse::<i32>() {
            Ok(h) if (1..=MAX_WEEKLY_HOURS).contains(&h) => Some(h),
            _ => {
                errors.add(
                    "weekly_hours",
                    FieldError::new("err-number-range")
                        .arg("min", 1)
                        .arg("max", MAX_WEEKLY_HOURS),
                );
                None
            }
        },
        _ => None,
    };
    let mut hours = Vec::new();
    for (day, field) in SESSION_FIELDS.into_iter().enumerate() {
        let (from, to) = (input.from[day].trim(), input.to[day].trim());
        if from.is_empty() && to.is_empty() {
            continue;
        }
        match (parse_clock(from), parse_clock(to)) {
            (Some(f), Some(t)) => match LocalHours::new(day as u8 + 1, f, t) {
                Some(h) => hours.push(h),
                None => errors.add(field, FieldError::new("err-hours-order")),
            },
            _ => errors.add(field, FieldError::new("err-clock")),
        }
    }
    errors.into_result()?;
    match (range, modality) {
        (Some(range), Some(modality)) => Ok(ValidWindow {
            range,
            modality,
            weekly_hours,
            hours,
        }),
        _ => Err(FieldErrors::new()),
    }
}

/// The field of each weekday's session hours, Monday first.
pub const SESSION_FIELDS: [&str; 7] = [
    "hours_1", "hours_2", "hours_3", "hours_4", "hours_5", "hours_6", "hours_7",
];

pub async fn list(s: &Services, user: &CurrentUser) -> AppResult<Vec<(Window, Vec<Hours>)>> {
    user.require_role(Role::Professional)?;
    let id = user.id.clone();
    s.db.run(move |c| Ok(store::of_user(c, &id)?)).await
}

pub async fn find(
    s: &Services,
    user: &CurrentUser,
    window_id: &str,
) -> AppResult<(Window, Vec<Hours>)> {
    user.require_role(Role::Professional)?;
    let id = user.id.clone();
    let window_id = window_id.to_string();
    s.db.run(move |c| store::find(c, &id, &window_id)?.ok_or(AppError::NotFound))
        .await
}

/// Adds a window (`window_id` None) or changes one of the person's own.
pub async fn save(
    s: &Services,
    user: &CurrentUser,
    window_id: Option<&str>,
    input: &WindowInput,
) -> AppResult<String> {
    user.require_role(Role::Professional)?;
    let valid = validate(input).map_err(AppError::Validation)?;
    let user_id = user.id.clone();
    let window_id = window_id.map(str::to_string);
    s.db.write(move |c| {
        let mine = store::of_user(c, &user_id)?;
        let existing = match &window_id {
            Some(id) => Some(
                mine.iter()
                    .find(|(w, _)| &w.id == id)
                    .map(|(w, _)| w.clone())
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        if existing.is_none() && mine.len() >= MAX_WINDOWS {
            return Err(AppError::validation(
                "starts_on",
                FieldError::new("err-too-many").arg("max", MAX_WINDOWS),
            ));
        }
        // Checked inside the write transaction, so two saves at once
        // cannot both slip past each other.
        let clash = mine.iter().any(|(w, _)| {
            Some(&w.id) != window_id.as_ref()
                && DateRange::new(w.starts_on, w.ends_on).is_some_and(|r| r.overlaps(valid.range))
                && w.modality
                    .parse::<Modality>()
                    .is_ok_and(|m| m.shares_with(valid.modality))
        });
        if clash {
            return Err(AppError::validation(
                "starts_on",
                FieldError::new("err-window-overlap"),
            ));
        }
        let now = crate::db::now();
        let window = Window {
            id: window_id.clone().unwrap_or_else(crate::db::new_id),
            user_id: user_id.clone(),
            starts_on: valid.range.start(),
            ends_on: valid.range.end(),
            modality: valid.modality.as_str().to_string(),
            weekly_hours: valid.weekly_hours,
            created_at: existing.map_or(now, |w| w.created_at),
            updated_at: now,
        };
        let hours: Vec<(i32, i32, i32)> = valid
            .hours
            .iter()
            .map(|h| {
                (
                    h.weekday() as i32,
                    h.start_minute() as i32,
                    h.end_minute() as i32,
                )
            })
            .collect();
        if crate::store::professionals::find(c, &user_id)?.is_none() {
            super::profiles::create_empty(c, &user_id)?;
        }
        store::save(c, &window, &hours)?;
        Ok(window.id)
    })
    .await
}

pub async fn delete(s: &Services, user: &CurrentUser, window_id: &str) -> AppResult<()> {
    user.require_role(Role::Professional)?;
    let id = user.id.clone();
    let window_id = window_id.to_string();
    s.db.write(move |c| {
        if store::delete(c, &id, &window_id)? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    })
    .await
}
