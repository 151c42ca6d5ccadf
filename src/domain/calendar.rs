//! Calendar files (RFC 5545) of confirmed assignments: an on-site assignment
//! is one all-day event over its dates; a virtual one is one weekly event per
//! session, at the facility's local time in its IANA time zone.
//!
//! No VTIMEZONE is written: chrono-tz does not expose a zone's transition
//! rules and icalendar has no VTIMEZONE builder, and a table of transitions
//! made by hand would be a second time-zone database to keep right. The
//! TZID is the IANA name itself (RFC 7809 allows referring to such names
//! without a definition), which Google Calendar, Apple Calendar, Outlook and
//! Thunderbird resolve; an X-WR-TIMEZONE says the same for older clients.
//! A weekly rule on a local time with a TZID keeps the session at the same
//! local time across daylight-saving changes, which is what a facility
//! means by "Tuesdays at 09:00".

use chrono::{Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike};

use super::availability::LocalHours;

/// A confirmed assignment as its calendar file tells it.
pub struct Plan<'a> {
    /// The match's id: the stem of every event's UID, so that importing the
    /// file again updates the events rather than doubling them.
    pub match_id: &'a str,
    /// The public host, the end of every UID.
    pub host: &'a str,
    pub title: &'a str,
    /// The facility's name and country.
    pub place: &'a str,
    /// The match's page.
    pub link: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub work: Work<'a>,
    /// When the file is made, in UTC (DTSTAMP).
    pub made_at: NaiveDateTime,
}

pub enum Work<'a> {
    OnSite,
    /// Weekly sessions, in `zone`.
    Virtual {
        zone: Tz,
        sessions: &'a [LocalHours],
    },
}

/// The first date on or after `from` that falls on `weekday` (1 = Monday).
fn first_on(from: NaiveDate, weekday: u8) -> NaiveDate {
    let ahead = (i64::from(weekday) - i64::from(from.weekday().number_from_monday())).rem_euclid(7);
    from + Duration::days(ahead)
}

/// `minute` minutes after midnight of `date`; 1440 is the next midnight.
fn at_minute(date: NaiveDate, minute: u16) -> NaiveDateTime {
    date.and_time(chrono::NaiveTime::MIN) + Duration::minutes(i64::from(minute))
}

/// The last second of `date` in `zone`, in UTC: the UNTIL of a weekly rule
/// whose start has a TZID must be in UTC (RFC 5545 3.3.10).
fn end_of_day_utc(zone: Tz, date: NaiveDate) -> NaiveDateTime {
    let last = at_minute(date, 1440) - Duration::seconds(1);
    match zone.from_local_datetime(&last) {
        LocalResult::Single(t) | LocalResult::Ambiguous(_, t) => t.naive_utc(),
        // Skipped by a change of the clocks: the next midnight is later still.
        LocalResult::None => zone
            .from_local_datetime(&(last + Duration::hours(1)))
            .earliest()
            .map_or(last, |t| t.naive_utc()),
    }
}

fn event(plan: &Plan, index: usize) -> Event {
    let mut e = Event::new();
    e.uid(&format!("{}-{index}@{}", plan.match_id, plan.host))
        .timestamp(Utc.from_utc_datetime(&plan.made_at))
        .summary(plan.title)
        .description(&format!("{}\n{}", plan.title, plan.link))
        .location(plan.place)
        .url(plan.link);
    e
}

/// The calendar file of a confirmed assignment.
pub fn ics(plan: &Plan) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//Sankofa//Assignments//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"));
    match plan.work {
        Work::OnSite => {
            // DTEND of an all-day event is the day after the last one.
            cal.push(
                event(plan, 0)
                    .starts(plan.starts_on)
                    .ends(plan.ends_on + Duration::days(1))
                    .done(),
            );
        }
        Work::Virtual { zone, sessions } => {
            cal.timezone(zone.name());
            let until = end_of_day_utc(zone, plan.ends_on).format("%Y%m%dT%H%M%SZ");
            for (index, s) in sessions.iter().enumerate() {
                let day = first_on(plan.starts_on, s.weekday());
                if day > plan.ends_on {
                    continue;
                }
                let local = |minute| CalendarDateTime::WithTimezone {
                    date_time: at_minute(day, minute),
                    tzid: zone.name().to_string(),
                };
                cal.push(
                    event(plan, index)
                        .starts(local(s.start_minute()))
                        .ends(local(s.end_minute()))
                        .add_property("RRULE", format!("FREQ=WEEKLY;UNTIL={until}"))
                        .done(),
                );
            }
        }
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use icalendar::DatePerhapsTime;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn plan<'a>(work: Work<'a>, starts_on: &str, ends_on: &str) -> Plan<'a> {
        Plan {
            match_id: "0190-abc",
            host: "sankofa.example.org",
            title: "Midwifery mentor; maternity ward",
            place: "Korle Bu Teaching Hospital, Ghana",
            link: "https://sankofa.example.org/matches/0190-abc",
            starts_on: date(starts_on),
            ends_on: date(ends_on),
            work,
            made_at: date("2027-01-05").and_hms_opt(10, 0, 0).unwrap(),
        }
    }

    fn parse(ics: &str) -> Calendar {
        ics.parse().expect("a calendar icalendar reads back")
    }

    #[test]
    fn an_onsite_assignment_is_one_all_day_event_over_its_dates() {
        let text = ics(&plan(Work::OnSite, "2027-03-01", "2027-03-28"));
        assert!(text.contains("DTSTART;VALUE=DATE:20270301\r\n"), "{text}");
        assert!(
            text.contains("DTEND;VALUE=DATE:20270329\r\n"),
            "the day after the last: {text}"
        );
        assert!(text.contains("UID:0190-abc-0@sankofa.example.org\r\n"));
        assert!(
            text.contains("LOCATION:Korle Bu Teaching Hospital\\, Ghana"),
            "{text}"
        );
        assert!(!text.contains("RRULE"));
        let cal = parse(&text);
        let events: Vec<&Event> = cal.events().collect();
        assert_eq!(events.len(), 1);
        let e = events[0];
        assert_eq!(
            e.get_start(),
            Some(DatePerhapsTime::Date(date("2027-03-01")))
        );
        assert_eq!(e.get_end(), Some(DatePerhapsTime::Date(date("2027-03-29"))));
        assert_eq!(e.get_summary(), Some("Midwifery mentor; maternity ward"));
        let description = e.get_description().unwrap();
        assert!(
            description.contains("Midwifery mentor") && description.contains("/matches/0190-abc")
        );
    }

    fn sessions() -> Vec<LocalHours> {
        vec![
            LocalHours::new(2, 9 * 60, 11 * 60).unwrap(),
            LocalHours::new(4, 14 * 60, 1440).unwrap(),
        ]
    }

    #[test]
    fn a_virtual_assignment_is_a_weekly_event_per_session_in_its_zone() {
        let s = sessions();
        let zone: Tz = "Africa/Accra".parse().unwrap();
        // 2027-03-01 is a Monday.
        let text = ics(&plan(
            Work::Virtual { zone, sessions: &s },
            "2027-03-01",
            "2027-05-31",
        ));
        assert!(
            text.contains("DTSTART;TZID=Africa/Accra:20270302T090000\r\n"),
            "{text}"
        );
        assert!(text.contains("DTEND;TZID=Africa/Accra:20270302T110000\r\n"));
        assert!(text.contains("DTSTART;TZID=Africa/Accra:20270304T140000\r\n"));
        assert!(
            text.contains("DTEND;TZID=Africa/Accra:20270305T000000\r\n"),
            "24:00 is the next midnight: {text}"
        );
        // Accra is on UTC all year.
        assert_eq!(
            text.matches("RRULE:FREQ=WEEKLY;UNTIL=20270531T235959Z\r\n")
                .count(),
            2
        );
        assert!(text.contains("UID:0190-abc-0@sankofa.example.org\r\n"));
        assert!(text.contains("UID:0190-abc-1@sankofa.example.org\r\n"));
        assert!(text.contains("X-WR-TIMEZONE:Africa/Accra\r\n"));
        let cal = parse(&text);
        let starts: Vec<DatePerhapsTime> = cal.events().filter_map(|e| e.get_start()).collect();
        assert_eq!(
            starts[0],
            DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone {
                date_time: date("2027-03-02").and_hms_opt(9, 0, 0).unwrap(),
                tzid: "Africa/Accra".into(),
            })
        );
    }

    #[test]
    fn a_session_that_would_start_after_the_end_is_left_out() {
        let s = sessions();
        let zone: Tz = "Africa/Accra".parse().unwrap();
        // Monday to Tuesday: the Thursday session never happens.
        let text = ics(&plan(
            Work::Virtual { zone, sessions: &s },
            "2027-03-01",
            "2027-03-02",
        ));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    }

    /// The occurrences of a weekly event: its local start, every seven days,
    /// up to UNTIL, each as an instant of its zone.
    fn occurrences(e: &Event) -> Vec<chrono::DateTime<Tz>> {
        let Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) =
            e.get_start()
        else {
            panic!("a start with a TZID");
        };
        let zone: Tz = tzid.parse().unwrap();
        let rule = e.property_value("RRULE").unwrap();
        let until = rule.split("UNTIL=").nth(1).unwrap();
        let until = NaiveDateTime::parse_from_str(until, "%Y%m%dT%H%M%SZ").unwrap();
        let mut out = Vec::new();
        let mut local = date_time;
        while let Some(t) = zone.from_local_datetime(&local).earliest() {
            if t.naive_utc() > until {
                break;
            }
            out.push(t);
            local += Duration::days(7);
        }
        out
    }

    #[test]
    fn a_session_keeps_its_local_time_across_the_change_to_summer_time() {
        let s = [LocalHours::new(1, 9 * 60, 10 * 60).unwrap()];
        let zone: Tz = "Europe/London".parse().unwrap();
        // The clocks go forward on Sunday 28 March 2027.
        let text = ics(&plan(
            Work::Virtual { zone, sessions: &s },
            "2027-03-08",
            "2027-04-19",
        ));
        // The end of 19 April in London (BST, UTC+1) is 22:59:59 UTC.
        assert!(
            text.contains("RRULE:FREQ=WEEKLY;UNTIL=20270419T225959Z\r\n"),
            "{text}"
        );
        let cal = parse(&text);
        let e = cal.events().next().unwrap();
        let all = occurrences(e);
        assert_eq!(all.len(), 7, "every Monday from 8 March to 19 April");
        assert!(
            all.iter()
                .all(|t| t.format("%a %H:%M").to_string() == "Mon 09:00")
        );
        let utc_hours: Vec<String> = all
            .iter()
            .map(|t| t.with_timezone(&Utc).format("%H:%M").to_string())
            .collect();
        assert_eq!(utc_hours.first().unwrap(), "09:00", "GMT in early March");
        assert_eq!(utc_hours.last().unwrap(), "08:00", "BST in April");
    }
}
