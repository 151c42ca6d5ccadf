//! Availability windows: a date range, a modality, weekly hours for virtual
//! work, and the local hours of each weekday when sessions can be given.

use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime, Timelike};

/// Hours in a week: the most a virtual window can offer.
pub const MAX_WEEKLY_HOURS: i32 = 168;

/// A span of calendar days, end included; end is never before start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    start: NaiveDate,
    end: NaiveDate,
}

impl DateRange {
    pub fn new(start: NaiveDate, end: NaiveDate) -> Option<Self> {
        (end >= start).then_some(Self { start, end })
    }

    pub fn start(self) -> NaiveDate {
        self.start
    }

    pub fn end(self) -> NaiveDate {
        self.end
    }

    pub fn overlaps(self, other: DateRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Over before `today`.
    pub fn is_past(self, today: NaiveDate) -> bool {
        self.end < today
    }
}

/// Where the work is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modality {
    OnSite,
    Virtual,
    Either,
}

impl Modality {
    pub const ALL: [Modality; 3] = [Modality::OnSite, Modality::Virtual, Modality::Either];

    pub fn as_str(self) -> &'static str {
        match self {
            Modality::OnSite => "on_site",
            Modality::Virtual => "virtual",
            Modality::Either => "either",
        }
    }

    /// Whether two windows of these modalities offer some of the same work:
    /// "either" offers both on-site and virtual work.
    pub fn shares_with(self, other: Modality) -> bool {
        self == other || self == Modality::Either || other == Modality::Either
    }

    /// Virtual work is counted in hours per week.
    pub fn has_weekly_hours(self) -> bool {
        self != Modality::OnSite
    }
}

impl FromStr for Modality {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// Hours of one weekday (1 = Monday ... 7 = Sunday) when sessions can be
/// given, in the professional's own time zone: from `start` to `end`
/// minutes after midnight, end after start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalHours {
    weekday: u8,
    start_minute: u16,
    end_minute: u16,
}

impl LocalHours {
    pub fn new(weekday: u8, start_minute: u16, end_minute: u16) -> Option<Self> {
        ((1..=7).contains(&weekday) && end_minute > start_minute && end_minute <= 1440).then_some(
            Self {
                weekday,
                start_minute,
                end_minute,
            },
        )
    }

    pub fn weekday(self) -> u8 {
        self.weekday
    }

    pub fn start_minute(self) -> u16 {
        self.start_minute
    }

    pub fn end_minute(self) -> u16 {
        self.end_minute
    }

    /// `HH:MM` of a minute of the day; 1440 is shown as 24:00.
    pub fn clock(minute: u16) -> String {
        format!("{:02}:{:02}", minute / 60, minute % 60)
    }
}

/// A time of day typed as `HH:MM`, as minutes after midnight; `24:00` is
/// the end of the day.
pub fn parse_clock(s: &str) -> Option<u16> {
    let s = s.trim();
    if s == "24:00" {
        return Some(1440);
    }
    let t = NaiveTime::parse_from_str(s, "%H:%M").ok()?;
    Some((t.hour() * 60 + t.minute()) as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_end_on_or_after_their_start_and_overlap_inclusively() {
        assert!(DateRange::new(d("2027-03-02"), d("2027-03-01")).is_none());
        let a = DateRange::new(d("2027-03-01"), d("2027-03-31")).unwrap();
        let b = DateRange::new(d("2027-03-31"), d("2027-04-10")).unwrap();
        let c = DateRange::new(d("2027-04-01"), d("2027-04-10")).unwrap();
        assert!(a.overlaps(b) && b.overlaps(a), "sharing the last day");
        assert!(!a.overlaps(c));
        assert!(
            DateRange::new(d("2027-01-01"), d("2027-01-01")).is_some(),
            "one day"
        );
        assert!(a.is_past(d("2027-04-01")) && !a.is_past(d("2027-03-31")));
    }

    #[test]
    fn either_shares_work_with_both_modalities() {
        assert!(Modality::Either.shares_with(Modality::OnSite));
        assert!(Modality::Virtual.shares_with(Modality::Either));
        assert!(!Modality::OnSite.shares_with(Modality::Virtual));
        assert!(!Modality::OnSite.has_weekly_hours());
    }

    #[test]
    fn local_hours_end_after_they_start_within_one_day() {
        assert!(LocalHours::new(1, 18 * 60, 21 * 60).is_some());
        assert!(LocalHours::new(1, 21 * 60, 18 * 60).is_none());
        assert!(LocalHours::new(1, 600, 600).is_none());
        assert!(LocalHours::new(0, 0, 60).is_none());
        assert!(LocalHours::new(8, 0, 60).is_none());
        assert_eq!(parse_clock("09:30"), Some(570));
        assert_eq!(parse_clock("24:00"), Some(1440));
        assert_eq!(parse_clock("25:00"), None);
        assert_eq!(parse_clock("9h"), None);
        assert_eq!(LocalHours::clock(1440), "24:00");
    }
}
