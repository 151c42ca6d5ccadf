//! Weekly sessions of a virtual assignment seen from the professional's time
//! zone: each session on each date of the period, converted through UTC, so
//! that daylight-saving changes on either side are counted on the dates
//! they happen.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Timelike};
use chrono_tz::Tz;

use super::input::Session;
use crate::domain::availability::LocalHours;

/// One distinct local form of a session: where it falls in the
/// professional's week, and the first date it falls there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalSlot {
    pub session: Session,
    /// First date (in the facility's calendar) the session falls here.
    pub from: NaiveDate,
    /// 1 = Monday, in the professional's calendar.
    pub weekday: u8,
    pub start_minute: u16,
    /// May pass 1440 when the session runs past the professional's midnight.
    pub end_minute: u16,
}

impl LocalSlot {
    /// Whether some of `hours` holds the whole slot.
    pub fn fits(&self, hours: &[LocalHours]) -> bool {
        hours.iter().any(|h| {
            h.weekday() == self.weekday
                && h.start_minute() <= self.start_minute
                && self.end_minute <= h.end_minute()
        })
    }
}

/// The facility's wall-clock time as an instant; a time skipped by a
/// daylight-saving change is read as the same time an hour later.
fn instant(tz: Tz, date: NaiveDate, minute: u16) -> Option<chrono::DateTime<Tz>> {
    let naive = date.and_hms_opt(u32::from(minute / 60), u32::from(minute % 60), 0)?;
    tz.from_local_datetime(&naive).earliest().or_else(|| {
        tz.from_local_datetime(&(naive + Duration::hours(1)))
            .earliest()
    })
}

/// Every distinct local form of the sessions over `from..=to`, in date
/// order.
pub fn local_slots(
    sessions: &[Session],
    facility: Tz,
    professional: Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<LocalSlot> {
    let mut out: Vec<LocalSlot> = Vec::new();
    for s in sessions {
        let length = i64::from(s.end_minute() - s.start_minute());
        let first_offset =
            (i64::from(s.weekday()) - i64::from(from.weekday().number_from_monday()) + 7) % 7;
        let mut date = from + Duration::days(first_offset);
        while date <= to {
            if let Some(start) = instant(facility, date, s.start_minute()) {
                let local = start.with_timezone(&professional);
                let start_minute = (local.hour() * 60 + local.minute()) as u16;
                let slot = LocalSlot {
                    session: *s,
                    from: date,
                    weekday: local.weekday().number_from_monday() as u8,
                    start_minute,
                    end_minute: (i64::from(start_minute) + length) as u16,
                };
                let seen = out.iter().any(|o| {
                    o.session == slot.session
                        && o.weekday == slot.weekday
                        && o.start_minute == slot.start_minute
                        && o.end_minute == slot.end_minute
                });
                if !seen {
                    out.push(slot);
                }
            }
            date += Duration::days(7);
        }
    }
    out.sort_by_key(|s| (s.from, s.session.weekday(), s.session.start_minute()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn tuesday(from_h: u16, to_h: u16) -> Session {
        Session::new(2, from_h * 60, to_h * 60).unwrap()
    }

    #[test]
    fn accra_mornings_move_an_hour_later_in_london_summer() {
        let slots = local_slots(
            &[tuesday(9, 11)],
            chrono_tz::Africa::Accra,
            chrono_tz::Europe::London,
            d("2027-03-01"),
            d("2027-04-30"),
        );
        assert_eq!(slots.len(), 2, "{slots:?}");
        assert_eq!(
            (slots[0].weekday, slots[0].start_minute, slots[0].end_minute),
            (2, 540, 660)
        );
        assert_eq!(slots[0].from, d("2027-03-02"));
        assert_eq!(
            (slots[1].weekday, slots[1].start_minute, slots[1].end_minute),
            (2, 600, 720)
        );
        // The last Sunday of March 2027 is the 28th; the next Tuesday is the 30th.
        assert_eq!(slots[1].from, d("2027-03-30"));
    }

    #[test]
    fn a_session_can_fall_on_another_local_weekday() {
        // Tuesday 03:00 in Accra is Monday 23:00 in Toronto in summer.
        let slots = local_slots(
            &[Session::new(2, 180, 240).unwrap()],
            chrono_tz::Africa::Accra,
            chrono_tz::America::Toronto,
            d("2027-06-01"),
            d("2027-06-01"),
        );
        assert_eq!(
            (slots[0].weekday, slots[0].start_minute, slots[0].end_minute),
            (1, 23 * 60, 24 * 60)
        );
    }

    #[test]
    fn slots_fit_only_inside_one_span_of_hours() {
        let slot = LocalSlot {
            session: tuesday(9, 11),
            from: d("2027-03-02"),
            weekday: 2,
            start_minute: 540,
            end_minute: 660,
        };
        assert!(slot.fits(&[LocalHours::new(2, 540, 660).unwrap()]));
        assert!(!slot.fits(&[LocalHours::new(2, 541, 700).unwrap()]));
        assert!(!slot.fits(&[LocalHours::new(3, 0, 1440).unwrap()]));
    }
}
