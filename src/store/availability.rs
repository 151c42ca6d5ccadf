//! Availability windows and their weekly session hours.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{availability_hours, availability_windows};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = availability_windows)]
pub struct Window {
    pub id: String,
    pub user_id: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub modality: String,
    pub weekly_hours: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Clone, Debug)]
#[diesel(table_name = availability_hours)]
pub struct Hours {
    pub id: String,
    pub window_id: String,
    pub weekday: i32,
    pub starts_minute: i32,
    pub ends_minute: i32,
}

/// The person's windows, earliest first, with their hours.
pub fn of_user(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(Window, Vec<Hours>)>> {
    let windows: Vec<Window> = availability_windows::table
        .filter(availability_windows::user_id.eq(user_id))
        .order((availability_windows::starts_on, availability_windows::id))
        .select(Window::as_select())
        .load(conn)?;
    let ids: Vec<&str> = windows.iter().map(|w| w.id.as_str()).collect();
    let hours: Vec<Hours> = availability_hours::table
        .filter(availability_hours::window_id.eq_any(&ids))
        .order((
            availability_hours::weekday,
            availability_hours::starts_minute,
        ))
        .select(Hours::as_select())
        .load(conn)?;
    Ok(windows
        .into_iter()
        .map(|w| {
            let mine = hours
                .iter()
                .filter(|h| h.window_id == w.id)
                .cloned()
                .collect();
            (w, mine)
        })
        .collect())
}

/// One of the person's own windows; another's is not found.
pub fn find(
    conn: &mut DbConn,
    user_id: &str,
    id: &str,
) -> QueryResult<Option<(Window, Vec<Hours>)>> {
    let window = availability_windows::table
        .filter(availability_windows::id.eq(id))
        .filter(availability_windows::user_id.eq(user_id))
        .select(Window::as_select())
        .get_result(conn)
        .optional()?;
    let Some(window) = window else {
        return Ok(None);
    };
    let hours = availability_hours::table
        .filter(availability_hours::window_id.eq(&window.id))
        .order(availability_hours::weekday)
        .select(Hours::as_select())
        .load(conn)?;
    Ok(Some((window, hours)))
}

/// Writes a window and replaces its hours: (weekday, start, end) minutes.
pub fn save(conn: &mut DbConn, window: &Window, hours: &[(i32, i32, i32)]) -> QueryResult<()> {
    let updated = diesel::update(
        availability_windows::table
            .filter(availability_windows::id.eq(&window.id))
            .filter(availability_windows::user_id.eq(&window.user_id)),
    )
    .set((
        availability_windows::starts_on.eq(window.starts_on),
        availability_windows::ends_on.eq(window.ends_on),
        availability_windows::modality.eq(&window.modality),
        availability_windows::weekly_hours.eq(window.weekly_hours),
        availability_windows::updated_at.eq(window.updated_at),
    ))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(availability_windows::table)
            .values(window)
            .execute(conn)?;
    }
    diesel::delete(availability_hours::table.filter(availability_hours::window_id.eq(&window.id)))
        .execute(conn)?;
    for (weekday, start, end) in hours {
        diesel::insert_into(availability_hours::table)
            .values((
                availability_hours::id.eq(crate::db::new_id()),
                availability_hours::window_id.eq(&window.id),
                availability_hours::weekday.eq(weekday),
                availability_hours::starts_minute.eq(start),
                availability_hours::ends_minute.eq(end),
            ))
            .execute(conn)?;
    }
    super::registry::refresh(conn, &window.user_id)
}

/// Deletes one of the person's windows; false if there is no such window of theirs.
pub fn delete(conn: &mut DbConn, user_id: &str, id: &str) -> QueryResult<bool> {
    let owned = availability_windows::table
        .filter(availability_windows::id.eq(id))
        .filter(availability_windows::user_id.eq(user_id));
    // Its hours go with it (ON DELETE CASCADE).
    let n = diesel::delete(owned).execute(conn)?;
    super::registry::refresh(conn, user_id)?;
    Ok(n > 0)
}
