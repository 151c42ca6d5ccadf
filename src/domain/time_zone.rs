//! IANA time zones, from chrono-tz, the zones of each country from the time
//! zone database's own `zone.tab` (public domain, copied from tzdata), and
//! weekly sessions read from another zone.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use super::availability::LocalHours;

const ZONE_TAB: &str = include_str!("zone.tab");

static BY_COUNTRY: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for line in ZONE_TAB.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        if let (Some(country), Some(_), Some(zone)) = (cols.next(), cols.next(), cols.next())
            && parse(zone).is_some()
        {
            map.entry(country).or_default().push(zone);
        }
    }
    for zones in map.values_mut() {
        zones.sort_unstable();
    }
    map
});

/// The canonical name of a zone chrono-tz knows, e.g. `Africa/Accra`.
pub fn parse(name: &str) -> Option<&'static str> {
    chrono_tz::Tz::from_str(name.trim())
        .ok()
        .map(|tz| tz.name())
}

/// The zones of a country (ISO 3166-1 alpha-2), sorted; empty if unknown.
pub fn of_country(code: &str) -> Vec<&'static str> {
    BY_COUNTRY
        .get(code.to_ascii_uppercase().as_str())
        .cloned()
        .unwrap_or_default()
}

/// A weekly session as a reader in another zone sees it on one date: the
/// weekday (1 = Monday ... 7 = Sunday) and clock times of their own zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeenSession {
    pub date: NaiveDate,
    pub weekday: u8,
    pub start_minute: u16,
    pub end_minute: u16,
    /// The session ends on the reader's next day.
    pub ends_next_day: bool,
}

/// The instant a local date and minute of the day name in `zone`; a time
/// skipped by a change to summer time is read an hour later, the clocks'
/// own answer.
fn instant(zone: Tz, date: NaiveDate, minute: u16) -> Option<chrono::DateTime<Tz>> {
    let at: NaiveDateTime = date.and_hms_opt(0, 0, 0)? + Duration::minutes(i64::from(minute));
    zone.from_local_datetime(&at).earliest().or_else(|| {
        zone.from_local_datetime(&(at + Duration::hours(1)))
            .earliest()
    })
}

/// The weekly sessions `sessions` (in `from`, the facility's zone) of the
/// first week of a period starting on `first_day`, as a reader in `to` sees
/// them, in the reader's order. Each session falls on the first date of its
/// weekday on or after `first_day`; daylight saving on that date is
/// applied, so a session can move by an hour or to another weekday.
pub fn sessions_seen_from(
    sessions: &[LocalHours],
    from: Tz,
    to: Tz,
    first_day: NaiveDate,
) -> Vec<SeenSession> {
    let mut out: Vec<SeenSession> = sessions
        .iter()
        .filter_map(|s| {
            let ahead = (i64::from(s.weekday())
                - i64::from(first_day.weekday().number_from_monday()))
            .rem_euclid(7);
            let date = first_day + Duration::days(ahead);
            let start = instant(from, date, s.start_minute())?.with_timezone(&to);
            let end = instant(from, date, s.end_minute())?.with_timezone(&to);
            let (start, end) = (start.naive_local(), end.naive_local());
            let minute = |t: NaiveDateTime| {
                (t - t.date().and_hms_opt(0, 0, 0).unwrap_or(t)).num_minutes() as u16
            };
            let ends_next_day = end.date() > start.date();
            Some(SeenSession {
                date: start.date(),
                weekday: start.date().weekday().number_from_monday() as u8,
                start_minute: minute(start),
                end_minute: if ends_next_day && minute(end) == 0 {
                    1440
                } else {
                    minute(end)
                },
                ends_next_day: ends_next_day && minute(end) != 0,
            })
        })
        .collect();
    out.sort_by_key(|s| (s.date, s.start_minute));
    out
}

/// A zone by its canonical name, for the maths above.
pub fn zone(name: &str) -> Option<Tz> {
    Tz::from_str(name.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn seen(sessions: &[(u8, &str, &str)], from: &str, to: &str, first: &str) -> Vec<String> {
        let sessions: Vec<LocalHours> = sessions
            .iter()
            .map(|(w, s, e)| {
                LocalHours::new(
                    *w,
                    crate::domain::availability::parse_clock(s).unwrap(),
                    crate::domain::availability::parse_clock(e).unwrap(),
                )
                .unwrap()
            })
            .collect();
        sessions_seen_from(&sessions, zone(from).unwrap(), zone(to).unwrap(), d(first))
            .iter()
            .map(|s| {
                format!(
                    "{} {} {}-{}{}",
                    s.date,
                    s.weekday,
                    LocalHours::clock(s.start_minute),
                    LocalHours::clock(s.end_minute),
                    if s.ends_next_day { "+1" } else { "" }
                )
            })
            .collect()
    }

    #[test]
    fn accra_sessions_read_from_london_before_and_after_summer_time() {
        // The clocks in London go forward on the last Sunday of March 2027,
        // the 28th; Accra stays on UTC all year.
        let week = [(2, "09:00", "11:00"), (4, "14:00", "16:00")];
        assert_eq!(
            seen(&week, "Africa/Accra", "Europe/London", "2027-03-22"),
            vec!["2027-03-23 2 09:00-11:00", "2027-03-25 4 14:00-16:00"],
            "in winter London is on UTC too"
        );
        assert_eq!(
            seen(&week, "Africa/Accra", "Europe/London", "2027-03-29"),
            vec!["2027-03-30 2 10:00-12:00", "2027-04-01 4 15:00-17:00"],
            "in summer London is an hour ahead"
        );
        // A week that straddles the change: Friday before, Monday after.
        assert_eq!(
            seen(
                &[(5, "09:00", "10:00"), (1, "09:00", "10:00")],
                "Africa/Accra",
                "Europe/London",
                "2027-03-26"
            ),
            vec!["2027-03-26 5 09:00-10:00", "2027-03-29 1 10:00-11:00"]
        );
    }

    #[test]
    fn a_session_can_move_to_another_weekday() {
        // Monday 23:30 in Accra is Tuesday 00:30 in London in summer.
        assert_eq!(
            seen(
                &[(1, "23:30", "24:00")],
                "Africa/Accra",
                "Europe/London",
                "2027-04-05"
            ),
            vec!["2027-04-06 2 00:30-01:00"]
        );
        // ... and still Monday in winter, ending at midnight.
        assert_eq!(
            seen(
                &[(1, "23:30", "24:00")],
                "Africa/Accra",
                "Europe/London",
                "2027-01-04"
            ),
            vec!["2027-01-04 1 23:30-24:00"]
        );
        // Monday 01:00 in Accra is Sunday evening in New York.
        assert_eq!(
            seen(
                &[(1, "01:00", "02:00")],
                "Africa/Accra",
                "America/New_York",
                "2027-04-05"
            ),
            vec!["2027-04-04 7 21:00-22:00"]
        );
        // A session that crosses the reader's midnight says so.
        assert_eq!(
            seen(
                &[(3, "22:30", "23:30")],
                "Africa/Accra",
                "Europe/Paris",
                "2027-07-05"
            ),
            vec!["2027-07-08 4 00:30-01:30"]
        );
        assert_eq!(
            seen(
                &[(3, "21:30", "23:30")],
                "Africa/Accra",
                "Europe/Paris",
                "2027-07-05"
            ),
            vec!["2027-07-07 3 23:30-01:30+1"]
        );
    }

    #[test]
    fn the_same_zone_changes_nothing() {
        assert_eq!(
            seen(
                &[(7, "08:00", "09:30")],
                "Africa/Accra",
                "Africa/Accra",
                "2027-03-22"
            ),
            vec!["2027-03-28 7 08:00-09:30"]
        );
    }

    #[test]
    fn zones_parse_and_belong_to_countries() {
        assert_eq!(parse("Africa/Accra"), Some("Africa/Accra"));
        assert_eq!(parse(" Europe/Paris "), Some("Europe/Paris"));
        assert!(parse("Mars/Olympus_Mons").is_none());
        assert!(parse("").is_none());
        assert_eq!(of_country("gh"), vec!["Africa/Accra"]);
        assert!(of_country("US").contains(&"America/New_York"));
        assert!(of_country("CA").len() > 5);
        assert!(of_country("XX").is_empty());
    }
}
