//! The observatory (SPEC F7): the diaspora health workforce in figures.
//!
//! What is counted arrives as facts: professionals grouped by the attributes
//! the tables use, one fact per assignment, one per completed match. They
//! fill three cubes (professionals, assignments, delivered work), each a
//! lattice of every marginal sum (`disclosure::Lattice`), and every table of
//! the observatory reads entries of those lattices. Coordinators read the
//! exact lattice of their programmes' facts; the public reads the protected
//! lattice of the consenting professionals' facts, where small counts show
//! as "<5" and complementary cells are hidden. Because every table and
//! every public filter is a set of lattice entries, one protection covers
//! every table, filter combination and CSV at once.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::str::FromStr;

use super::disclosure::{Cube, CubeError, Key, Lattice, Protected, Shown};

/// A calendar month, the grain of every "by month" table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1..=12
    pub month: u32,
}

impl Month {
    pub fn of(date: chrono::NaiveDate) -> Month {
        use chrono::Datelike;
        Month {
            year: date.year(),
            month: date.month(),
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = ();
    /// `YYYY-MM`, as an `<input type="month">` sends it.
    fn from_str(s: &str) -> Result<Month, ()> {
        let (y, m) = s.trim().split_once('-').ok_or(())?;
        if y.len() != 4 || m.len() != 2 {
            return Err(());
        }
        let year: i32 = y.parse().map_err(|_| ())?;
        let month: u32 = m.parse().map_err(|_| ())?;
        if !(1..=12).contains(&month) || !(1900..=9999).contains(&year) {
            return Err(());
        }
        Ok(Month { year, month })
    }
}

/// Where a professional's licences stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LicenceState {
    None = 0,
    Awaiting = 1,
    Verified = 2,
}

/// Professionals who share every attribute the tables count by.
#[derive(Clone, Debug)]
pub struct People {
    pub profession: Option<String>,
    pub origin: Option<String>,
    pub residence: Option<String>,
    pub ready: bool,
    pub licence: LicenceState,
    /// Consents to be counted in public statistics.
    pub counted: bool,
    pub people: i64,
}

/// One assignment (Terms of Reference).
#[derive(Clone, Debug)]
pub struct AssignmentFact {
    pub country: String,
    pub onsite: bool,
    /// draft, open, filled or closed.
    pub status: String,
    /// Published, or written when still a draft.
    pub month: Month,
    pub positions: i64,
    /// Confirmed or completed matches.
    pub confirmations: i64,
    /// Days from publication to each confirmation, summed.
    pub confirmation_days: i64,
}

/// One completed match and what its report and feedback say.
#[derive(Clone, Debug)]
pub struct DeliveredFact {
    /// The assignment's country.
    pub country: String,
    pub origin: Option<String>,
    pub profession: Option<String>,
    pub onsite: bool,
    /// The month the assignment ended.
    pub month: Month,
    pub counted: bool,
    /// On-site person-days.
    pub days: i64,
    /// Virtual hours given.
    pub hours: i64,
    pub sessions: i64,
    pub trained: i64,
    pub patients: i64,
    pub rating: Option<i64>,
}

/// Everything the observatory counts.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub people: Vec<People>,
    pub assignments: Vec<AssignmentFact>,
    pub delivered: Vec<DeliveredFact>,
}

/// What a reader narrows the figures to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub profession: Option<String>,
    /// on_site or virtual.
    pub modality: Option<String>,
    /// From this month on (coordinators).
    pub from: Option<Month>,
    /// Up to this month (coordinators).
    pub to: Option<Month>,
    /// One year (the public page).
    pub year: Option<i32>,
}

/// Whose facts: the countries of a coordinator's programmes, or all.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub countries: Option<HashSet<String>>,
}

impl Scope {
    fn covers(&self, country: Option<&str>) -> bool {
        match &self.countries {
            None => true,
            Some(set) => country.is_some_and(|c| set.contains(c)),
        }
    }
}

/// The values one dimension of a cube takes, sorted; "" stands for not stated.
#[derive(Clone, Debug, Default)]
pub struct Dim {
    pub values: Vec<String>,
}

impl Dim {
    /// The values that occur; "not stated" alone when none does, since
    /// every dimension has a value.
    fn from_values<'a>(values: impl Iterator<Item = &'a str>) -> Dim {
        let mut set: BTreeSet<&str> = values.collect();
        if set.is_empty() {
            set.insert("");
        }
        Dim {
            values: set.into_iter().map(str::to_string).collect(),
        }
    }

    fn fixed(values: &[&str]) -> Dim {
        Dim {
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    /// Where `value` stands among the values (fixed dimensions keep their
    /// own order, so this is not a binary search).
    pub fn index(&self, value: &str) -> Option<u16> {
        self.values
            .iter()
            .position(|v| v == value)
            .map(|i| i as u16)
    }

    /// The key part for a filter value: all when unset; a value that never
    /// occurs selects nothing.
    fn pick(&self, value: Option<&str>) -> Pick {
        match value {
            None => Pick::All,
            Some(v) => self.index(v).map_or(Pick::Nothing, Pick::One),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pick {
    All,
    One(u16),
    Nothing,
}

impl Pick {
    fn key(self) -> Option<Option<u16>> {
        match self {
            Pick::All => Some(None),
            Pick::One(i) => Some(Some(i)),
            Pick::Nothing => None,
        }
    }
}

const MODALITIES: [&str; 2] = ["on_site", "virtual"];
const STATUSES: [&str; 4] = ["draft", "open", "filled", "closed"];
const MONTHS: [&str; 12] = [
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12",
];
const YES_NO: [&str; 2] = ["0", "1"];
const LICENCE: [&str; 3] = ["0", "1", "2"];

fn stated(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

/// Dimensions of the professionals' cube: profession, origin, residence,
/// ready (0, 1), licence state (0, 1, 2).
mod people_dim {
    pub const PROFESSION: usize = 0;
    pub const ORIGIN: usize = 1;
    pub const RESIDENCE: usize = 2;
}

/// Dimensions of the assignments' cube: country, modality, status, year,
/// month; measures: positions, confirmations, days to confirmation.
mod assignment_dim {
    pub const COUNTRY: usize = 0;
    pub const YEAR: usize = 3;
}

/// Dimensions of the delivered cube: origin, on the safeguards list (0, 1),
/// profession, modality, year, month; measures: days, hours, sessions,
/// trained, patients, rating sum, ratings.
mod delivered_dim {
    pub const ORIGIN: usize = 0;
    pub const PROFESSION: usize = 2;
    pub const YEAR: usize = 4;
}

/// One cube's dimensions and its lattice, exact or protected.
pub struct Counts<L> {
    pub dims: Vec<Dim>,
    pub figures: L,
}

/// The three cubes of one reader's view.
pub struct Cubes<L> {
    pub people: Counts<L>,
    pub assignments: Counts<L>,
    pub delivered: Counts<L>,
}

fn modality_of(onsite: bool) -> u16 {
    if onsite { 0 } else { 1 }
}

fn years_of(months: impl Iterator<Item = Month>) -> Dim {
    let years: BTreeSet<String> = months.map(|m| m.year.to_string()).collect();
    Dim::from_values(years.iter().map(String::as_str))
}

fn in_range(m: Month, f: &Filters) -> bool {
    f.from.is_none_or(|from| m >= from) && f.to.is_none_or(|to| m <= to)
}

/// Builds the exact cubes of the facts in scope, within the filters' months.
/// `public` keeps only professionals who consent to be counted, and drafts
/// out.
pub fn cubes(
    facts: &Facts,
    scope: &Scope,
    filters: &Filters,
    safeguards: &HashSet<String>,
    public: bool,
) -> Result<Cubes<Lattice>, CubeError> {
    let people: Vec<&People> = facts
        .people
        .iter()
        .filter(|p| scope.covers(p.origin.as_deref()) && (!public || p.counted))
        .collect();
    let dims = vec![
        Dim::from_values(people.iter().map(|p| stated(&p.profession))),
        Dim::from_values(people.iter().map(|p| stated(&p.origin))),
        Dim::from_values(people.iter().map(|p| stated(&p.residence))),
        Dim::fixed(&YES_NO),
        Dim::fixed(&LICENCE),
    ];
    let mut cube = Cube::new(&sizes(&dims), 0)?;
    for p in &people {
        let at = [
            index(&dims[0], stated(&p.profession)),
            index(&dims[1], stated(&p.origin)),
            index(&dims[2], stated(&p.residence)),
            u16::from(p.ready),
            p.licence as u16,
        ];
        cube.add(&at, p.people, &[])?;
    }
    let people = Counts {
        dims,
        figures: cube.marginals(),
    };

    let assignments: Vec<&AssignmentFact> = facts
        .assignments
        .iter()
        .filter(|a| scope.covers(Some(&a.country)) && in_range(a.month, filters))
        .filter(|a| !public || a.status != "draft")
        .collect();
    let dims = vec![
        Dim::from_values(assignments.iter().map(|a| a.country.as_str())),
        Dim::fixed(&MODALITIES),
        Dim::fixed(&STATUSES),
        years_of(assignments.iter().map(|a| a.month)),
        Dim::fixed(&MONTHS),
    ];
    let mut cube = Cube::new(&sizes(&dims), 3)?;
    for a in &assignments {
        let Some(status) = dims[2].index(&a.status) else {
            continue;
        };
        let at = [
            index(&dims[0], &a.country),
            modality_of(a.onsite),
            status,
            index(&dims[3], &a.month.year.to_string()),
            (a.month.month - 1) as u16,
        ];
        cube.add(&at, 1, &[a.positions, a.confirmations, a.confirmation_days])?;
    }
    let assignments = Counts {
        dims,
        figures: cube.marginals(),
    };

    let delivered: Vec<&DeliveredFact> = facts
        .delivered
        .iter()
        .filter(|d| scope.covers(Some(&d.country)) && in_range(d.month, filters))
        .filter(|d| !public || d.counted)
        .collect();
    let dims = vec![
        Dim::from_values(delivered.iter().map(|d| stated(&d.origin))),
        Dim::fixed(&YES_NO),
        Dim::from_values(delivered.iter().map(|d| stated(&d.profession))),
        Dim::fixed(&MODALITIES),
        years_of(delivered.iter().map(|d| d.month)),
        Dim::fixed(&MONTHS),
    ];
    let mut cube = Cube::new(&sizes(&dims), 7)?;
    for d in &delivered {
        let listed = d.origin.as_ref().is_some_and(|o| safeguards.contains(o));
        let at = [
            index(&dims[0], stated(&d.origin)),
            u16::from(listed),
            index(&dims[2], stated(&d.profession)),
            modality_of(d.onsite),
            index(&dims[4], &d.month.year.to_string()),
            (d.month.month - 1) as u16,
        ];
        let (rating, ratings) = d.rating.map_or((0, 0), |r| (r, 1));
        cube.add(
            &at,
            1,
            &[
                d.days, d.hours, d.sessions, d.trained, d.patients, rating, ratings,
            ],
        )?;
    }
    let delivered = Counts {
        dims,
        figures: cube.marginals(),
    };
    Ok(Cubes {
        people,
        assignments,
        delivered,
    })
}

fn sizes(dims: &[Dim]) -> Vec<u16> {
    dims.iter()
        .map(|d| u16::try_from(d.values.len()).unwrap_or(u16::MAX))
        .collect()
}

fn index(dim: &Dim, value: &str) -> u16 {
    dim.index(value)
        .expect("every value of the facts is in its dimension")
}

impl<L> Cubes<L> {
    /// Years with assignments or delivered work, newest first.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.assignments.dims[assignment_dim::YEAR]
            .values
            .iter()
            .chain(&self.delivered.dims[delivered_dim::YEAR].values)
            .filter_map(|v| v.parse().ok())
            .collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
    }
}

impl Cubes<Lattice> {
    /// The public's view: every small count shown as "<5", with the
    /// complementary cells hidden.
    pub fn protect(self) -> Cubes<Protected> {
        let protect = |c: Counts<Lattice>| Counts {
            dims: c.dims,
            figures: c.figures.protect(),
        };
        Cubes {
            people: protect(self.people),
            assignments: protect(self.assignments),
            delivered: protect(self.delivered),
        }
    }
}

/// What a lattice shows of an entry: exact lattices show everything.
pub trait Figures {
    fn entry(&self, key: &Key) -> Entry<'_>;
    /// How an entry reads that a filter leaves empty.
    fn none(&self) -> Entry<'_>;
}

/// One entry as the reader may see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry<'a> {
    Exact(i64, &'a [i64]),
    Small,
    Hidden,
}

impl Figures for Lattice {
    fn entry(&self, key: &Key) -> Entry<'_> {
        let (count, measures) = self.get(key);
        Entry::Exact(count, measures)
    }

    fn none(&self) -> Entry<'_> {
        Entry::Exact(0, &[])
    }
}

/// The public reads what protection shows; a filter that leaves nothing is
/// a zero, so "<5" like every count under five.
impl Figures for Protected {
    fn entry(&self, key: &Key) -> Entry<'_> {
        match self.shown(key) {
            Shown::Exact(n) => Entry::Exact(n, self.measures(key).unwrap_or(&[])),
            Shown::Small => Entry::Small,
            Shown::Hidden => Entry::Hidden,
        }
    }

    fn none(&self) -> Entry<'_> {
        Entry::Small
    }
}

/// A number of a table as the reader may see it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Number(i64),
    /// Fewer than five: "<5".
    Small,
    /// Hidden so that no small count can be worked out.
    Hidden,
    /// A share, in thousandths; `None` when a part of it is not shown.
    Share(Option<i64>),
    /// A mean, in tenths; `None` when nothing to average or not shown.
    Mean(Option<i64>),
}

impl Value {
    fn count(e: Entry<'_>) -> Value {
        match e {
            Entry::Exact(n, _) => Value::Number(n),
            Entry::Small => Value::Small,
            Entry::Hidden => Value::Hidden,
        }
    }

    fn measure(e: Entry<'_>, i: usize) -> Value {
        match e {
            Entry::Exact(_, m) => Value::Number(m.get(i).copied().unwrap_or(0)),
            Entry::Small => Value::Small,
            Entry::Hidden => Value::Hidden,
        }
    }

    /// The exact number, if shown.
    pub fn number(self) -> Option<i64> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }
}

fn share(part: Option<i64>, whole: Option<i64>) -> Value {
    Value::Share(match (part, whole) {
        (Some(p), Some(w)) if w > 0 => Some((p * 1000 + w / 2) / w),
        _ => None,
    })
}

fn mean(sum: Option<i64>, n: Option<i64>) -> Value {
    Value::Mean(match (sum, n) {
        (Some(s), Some(n)) if n > 0 => Some((s * 10 + n / 2) / n),
        _ => None,
    })
}

fn count_of(e: Entry<'_>) -> Option<i64> {
    match e {
        Entry::Exact(n, _) => Some(n),
        _ => None,
    }
}

fn measure_of(e: Entry<'_>, i: usize) -> Option<i64> {
    match e {
        Entry::Exact(_, m) => m.get(i).copied(),
        _ => None,
    }
}

/// What a row stands for; the page puts it in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Label {
    Country(String),
    Profession(String),
    /// A flow from the country of residence to the country of origin.
    Flow(String, String),
    Status(String),
    Modality(String),
    Month(Month),
    Total,
}

#[derive(Clone, Debug)]
pub struct Row {
    pub label: Label,
    /// A country on the WHO safeguards list.
    pub safeguards: bool,
    pub values: Vec<Value>,
}

/// One table of the observatory: the page shows it and the CSV holds it.
#[derive(Clone, Debug)]
pub struct Table {
    /// Its name in addresses and message keys (`observatory-table-{id}`).
    pub id: &'static str,
    /// Message keys of the columns after the label.
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// The headline figures of the public page.
#[derive(Clone, Debug)]
pub struct Headline {
    pub professionals: Value,
    pub origin_countries: i64,
    pub completed: Value,
    pub days: Value,
    pub hours: Value,
}

/// Every table of one view.
#[derive(Clone, Debug)]
pub struct Report {
    pub headline: Headline,
    pub tables: Vec<Table>,
    /// Shares of the delivered days and hours given in safeguards-list
    /// countries of origin.
    pub safeguards_days: Value,
    pub safeguards_hours: Value,
}

impl Report {
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }
}

/// The tables' ids, in page order.
pub const TABLES: [&str; 9] = [
    "people-by-origin",
    "flows",
    "readiness",
    "assignments-by-status",
    "assignments-by-country",
    "assignments-by-month",
    "delivered-by-origin",
    "delivered-by-profession",
    "delivered-by-month",
];

/// Reads every table of the cubes under the filters.
/// Months after `this_month` have nothing yet and are left out.
pub fn report<L: Figures>(
    cubes: &Cubes<L>,
    filters: &Filters,
    safeguards: &HashSet<String>,
    this_month: Month,
) -> Report {
    let listed = |c: &str| safeguards.contains(c);
    let mut tables = Vec::new();

    // ---- professionals
    let pc = &cubes.people;
    let profession = pc.dims[people_dim::PROFESSION].pick(filters.profession.as_deref());
    let professions: Vec<(Label, Option<u16>)> = match profession {
        Pick::One(i) => vec![(
            Label::Profession(pc.dims[0].values[i as usize].clone()),
            Some(i),
        )],
        _ => pc.dims[0]
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| (Label::Profession(v.clone()), Some(i as u16)))
            .collect(),
    };
    let people = |prof: Option<u16>, origin: Option<u16>, residence: Option<u16>| {
        pc.figures.entry(&[prof, origin, residence, None, None])
    };
    let nothing = profession == Pick::Nothing;
    let people_entry = |prof: Option<u16>, origin: Option<u16>, residence: Option<u16>| {
        if nothing {
            pc.figures.none()
        } else {
            people(prof, origin, residence)
        }
    };
    let prof_key = profession.key().flatten();
    {
        let mut columns: Vec<String> = professions
            .iter()
            .map(|(l, _)| match l {
                Label::Profession(p) => format!("profession:{p}"),
                _ => String::new(),
            })
            .collect();
        columns.push("observatory-col-total".into());
        let mut rows = Vec::new();
        let origins = &pc.dims[people_dim::ORIGIN].values;
        for (o, code) in origins.iter().enumerate() {
            let o = Some(o as u16);
            if count_of(people_entry(prof_key, o, None)) == Some(0) {
                continue;
            }
            let mut values: Vec<Value> = professions
                .iter()
                .map(|(_, p)| Value::count(people_entry(*p, o, None)))
                .collect();
            values.push(Value::count(people_entry(prof_key, o, None)));
            rows.push(Row {
                label: Label::Country(code.clone()),
                safeguards: listed(code),
                values,
            });
        }
        let mut values: Vec<Value> = professions
            .iter()
            .map(|(_, p)| Value::count(people_entry(*p, None, None)))
            .collect();
        values.push(Value::count(people_entry(prof_key, None, None)));
        rows.push(Row {
            label: Label::Total,
            safeguards: false,
            values,
        });
        tables.push(Table {
            id: "people-by-origin",
            columns,
            rows,
        });
    }
    {
        let mut rows = Vec::new();
        let residences = &pc.dims[people_dim::RESIDENCE].values;
        let origins = &pc.dims[people_dim::ORIGIN].values;
        for (r, rcode) in residences.iter().enumerate() {
            for (o, ocode) in origins.iter().enumerate() {
                let v = Value::count(people_entry(prof_key, Some(o as u16), Some(r as u16)));
                if v == Value::Number(0) {
                    continue;
                }
                rows.push(Row {
                    label: Label::Flow(rcode.clone(), ocode.clone()),
                    safeguards: listed(ocode),
                    values: vec![v],
                });
            }
        }
        // Largest shown flows first; flows not shown after, by name, so that
        // the order tells nothing of them.
        rows.sort_by(|a, b| {
            let key = |r: &Row| std::cmp::Reverse(r.values[0].number().unwrap_or(-1));
            key(a).cmp(&key(b))
        });
        tables.push(Table {
            id: "flows",
            columns: vec!["observatory-col-professionals".into()],
            rows,
        });
    }
    {
        let columns = [
            "observatory-col-registered",
            "observatory-col-ready",
            "observatory-col-ready-share",
            "observatory-col-licence-verified",
            "observatory-col-licence-awaiting",
            "observatory-col-verified-share",
        ];
        let row = |label: Label, prof: Option<u16>| {
            let at = |ready: Option<u16>, licence: Option<u16>| {
                if nothing {
                    pc.figures.none()
                } else {
                    pc.figures.entry(&[prof, None, None, ready, licence])
                }
            };
            let all = at(None, None);
            let ready = at(Some(1), None);
            let verified = at(None, Some(LicenceState::Verified as u16));
            let awaiting = at(None, Some(LicenceState::Awaiting as u16));
            let with_licence = match (count_of(verified), count_of(awaiting)) {
                (Some(v), Some(a)) => Some(v + a),
                _ => None,
            };
            Row {
                label,
                safeguards: false,
                values: vec![
                    Value::count(all),
                    Value::count(ready),
                    share(count_of(ready), count_of(all)),
                    Value::count(verified),
                    Value::count(awaiting),
                    share(count_of(verified), with_licence),
                ],
            }
        };
        let mut rows: Vec<Row> = professions
            .iter()
            .map(|(l, p)| row(l.clone(), *p))
            .collect();
        rows.push(row(Label::Total, prof_key));
        tables.push(Table {
            id: "readiness",
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
        });
    }

    // ---- assignments
    let ac = &cubes.assignments;
    let modality = Dim::fixed(&MODALITIES).pick(filters.modality.as_deref());
    let year = ac.dims[assignment_dim::YEAR].pick(filters.year.map(|y| y.to_string()).as_deref());
    let a_nothing = modality == Pick::Nothing || year == Pick::Nothing;
    let (mod_key, year_key) = (modality.key().flatten(), year.key().flatten());
    let assignment = |country: Option<u16>,
                      m: Option<u16>,
                      status: Option<u16>,
                      y: Option<u16>,
                      month: Option<u16>| {
        if a_nothing {
            ac.figures.none()
        } else {
            ac.figures.entry(&[country, m, status, y, month])
        }
    };
    {
        let modalities: Vec<Option<u16>> = match modality {
            Pick::One(i) => vec![Some(i)],
            _ => vec![Some(0), Some(1)],
        };
        let mut columns: Vec<String> = modalities
            .iter()
            .map(|m| format!("modality:{}", MODALITIES[m.unwrap_or(0) as usize]))
            .collect();
        columns.push("observatory-col-total".into());
        let mut rows = Vec::new();
        for (s, status) in STATUSES.iter().enumerate() {
            let s = Some(s as u16);
            // Drafts are not public: their row shows only where there are some.
            let drafts = count_of(assignment(None, mod_key, s, year_key, None));
            if *status == "draft" && drafts.is_none_or(|n| n <= 0) {
                continue;
            }
            let mut values: Vec<Value> = modalities
                .iter()
                .map(|m| Value::count(assignment(None, *m, s, year_key, None)))
                .collect();
            values.push(Value::count(assignment(None, mod_key, s, year_key, None)));
            rows.push(Row {
                label: Label::Status(status.to_string()),
                safeguards: false,
                values,
            });
        }
        let mut values: Vec<Value> = modalities
            .iter()
            .map(|m| Value::count(assignment(None, *m, None, year_key, None)))
            .collect();
        values.push(Value::count(assignment(
            None, mod_key, None, year_key, None,
        )));
        rows.push(Row {
            label: Label::Total,
            safeguards: false,
            values,
        });
        tables.push(Table {
            id: "assignments-by-status",
            columns,
            rows,
        });
    }
    let assignment_values = |e: Entry<'_>| {
        vec![
            Value::count(e),
            Value::measure(e, 0),
            Value::measure(e, 1),
            mean(measure_of(e, 2), measure_of(e, 1)),
        ]
    };
    let assignment_columns = || {
        [
            "observatory-col-assignments",
            "observatory-col-positions",
            "observatory-col-filled",
            "observatory-col-days-to-confirm",
        ]
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
    };
    {
        let mut rows = Vec::new();
        for (c, code) in ac.dims[assignment_dim::COUNTRY].values.iter().enumerate() {
            let e = assignment(Some(c as u16), mod_key, None, year_key, None);
            if count_of(e) == Some(0) {
                continue;
            }
            rows.push(Row {
                label: Label::Country(code.clone()),
                safeguards: listed(code),
                values: assignment_values(e),
            });
        }
        rows.push(Row {
            label: Label::Total,
            safeguards: false,
            values: assignment_values(assignment(None, mod_key, None, year_key, None)),
        });
        tables.push(Table {
            id: "assignments-by-country",
            columns: assignment_columns(),
            rows,
        });
    }
    {
        let mut rows = Vec::new();
        for (y, ycode) in ac.dims[assignment_dim::YEAR].values.iter().enumerate() {
            if year_key.is_some_and(|k| k != y as u16) {
                continue;
            }
            for m in 0..12u16 {
                let month = Month {
                    year: ycode.parse().unwrap_or(0),
                    month: u32::from(m) + 1,
                };
                if month > this_month {
                    break;
                }
                let e = assignment(None, mod_key, None, Some(y as u16), Some(m));
                if count_of(e) == Some(0) {
                    continue;
                }
                rows.push(Row {
                    label: Label::Month(month),
                    safeguards: false,
                    values: assignment_values(e),
                });
            }
        }
        rows.push(Row {
            label: Label::Total,
            safeguards: false,
            values: assignment_values(assignment(None, mod_key, None, year_key, None)),
        });
        tables.push(Table {
            id: "assignments-by-month",
            columns: assignment_columns(),
            rows,
        });
    }

    // ---- delivered
    let dc = &cubes.delivered;
    let d_prof = dc.dims[delivered_dim::PROFESSION].pick(filters.profession.as_deref());
    let d_year = dc.dims[delivered_dim::YEAR].pick(filters.year.map(|y| y.to_string()).as_deref());
    let d_nothing = d_prof == Pick::Nothing || d_year == Pick::Nothing || modality == Pick::Nothing;
    let (dp_key, dy_key) = (d_prof.key().flatten(), d_year.key().flatten());
    let delivered = |origin: Option<u16>,
                     listed_key: Option<u16>,
                     prof: Option<u16>,
                     y: Option<u16>,
                     month: Option<u16>| {
        if d_nothing {
            dc.figures.none()
        } else {
            dc.figures
                .entry(&[origin, listed_key, prof, mod_key, y, month])
        }
    };
    let delivered_values = |e: Entry<'_>| {
        vec![
            Value::count(e),
            Value::measure(e, 0),
            Value::measure(e, 1),
            Value::measure(e, 2),
            Value::measure(e, 3),
            Value::measure(e, 4),
            mean(measure_of(e, 5), measure_of(e, 6)),
        ]
    };
    let delivered_columns = || {
        [
            "observatory-col-completed",
            "observatory-col-days",
            "observatory-col-hours",
            "observatory-col-sessions",
            "observatory-col-trained",
            "observatory-col-patients",
            "observatory-col-rating",
        ]
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
    };
    let total = delivered(None, None, dp_key, dy_key, None);
    {
        let mut rows = Vec::new();
        for (o, code) in dc.dims[delivered_dim::ORIGIN].values.iter().enumerate() {
            let e = delivered(Some(o as u16), None, dp_key, dy_key, None);
            if count_of(e) == Some(0) {
                continue;
            }
            rows.push(Row {
                label: Label::Country(code.clone()),
                safeguards: listed(code),
                values: delivered_values(e),
            });
        }
        rows.push(Row {
            label: Label::Total,
            safeguards: false,
            values: delivered_values(total),
        });
        tables.push(Table {
            id: "delivered-by-origin",
            columns: delivered_columns(),
            rows,
        });
    }
    {
        let mut rows = Vec::new();
        for (p, code) in dc.dims[delivered_dim::PROFESSION].values.iter().enumerate() {
            if dp_key.is_some_and(|k| k != p as u16) {
                continue;
            }
            let e = delivered(None, None, Some(p as u16), dy_key, None);
            if count_of(e) == Some(0) {
                continue;
            }
            rows.push(Row {
                label: Label::Profession(code.clone()),
                safeguards: false,
                values: delivered_values(e),
            });
        }
        rows.push(Row {
            label: Label::Total,
            safeguards: false,
            values: delivered_values(total),
        });
        tables.push(Table {
            id: "delivered-by-profession",
            columns: delivered_columns(),
            rows,
        });
    }
    {
        let mut rows = Vec::new();
        for (y, ycode) in dc.dims[delivered_dim::YEAR].values.iter().enumerate() {
            if dy_key.is_some_and(|k| k != y as u16) {
                continue;
            }
            for m in 0..12u16 {
                let month = Month {
                    year: ycode.parse().unwrap_or(0),
                    month: u32::from(m) + 1,
                };
                if month > this_month {
                    break;
                }
                let e = delivered(None, None, dp_key, Some(y as u16), Some(m));
                if count_of(e) == Some(0) {
                    continue;
                }
                rows.push(Row {
                    label: Label::Month(month),
                    safeguards: false,
                    values: delivered_values(e),
                });
            }
        }
        rows.push(Row {
            label: Label::Total,
            safeguards: false,
            values: delivered_values(total),
        });
        tables.push(Table {
            id: "delivered-by-month",
            columns: delivered_columns(),
            rows,
        });
    }
    let on_list = delivered(None, Some(1), dp_key, dy_key, None);
    // The headline is the whole registry's, whatever the filters.
    let everyone = pc.figures.entry(&[None, None, None, None, None]);
    let all_work = dc.figures.entry(&[None, None, None, None, None, None]);
    let headline = Headline {
        professionals: Value::count(everyone),
        // Origins that occur among the professionals counted (the cube's
        // dimension holds no other).
        origin_countries: pc.dims[people_dim::ORIGIN]
            .values
            .iter()
            .filter(|code| !code.is_empty())
            .count() as i64,
        completed: Value::count(all_work),
        days: Value::measure(all_work, 0),
        hours: Value::measure(all_work, 1),
    };
    Report {
        headline,
        tables,
        safeguards_days: share(measure_of(on_list, 0), measure_of(total, 0)),
        safeguards_hours: share(measure_of(on_list, 1), measure_of(total, 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(profession: &str, origin: &str, residence: &str, counted: bool, n: i64) -> People {
        People {
            profession: Some(profession.into()),
            origin: Some(origin.into()),
            residence: Some(residence.into()),
            ready: true,
            licence: LicenceState::None,
            counted,
            people: n,
        }
    }

    fn work(origin: &str, onsite: bool, month: &str, days: i64) -> DeliveredFact {
        DeliveredFact {
            country: origin.into(),
            origin: Some(origin.into()),
            profession: Some("2221".into()),
            onsite,
            month: month.parse().unwrap(),
            counted: true,
            days,
            hours: if onsite { 0 } else { 10 },
            sessions: 1,
            trained: 2,
            patients: 3,
            rating: Some(4),
        }
    }

    fn facts() -> Facts {
        Facts {
            people: vec![
                people("2221", "GH", "GB", true, 7),
                people("2222", "GH", "GB", true, 2),
                people("2221", "KE", "US", false, 1),
                people("2221", "SN", "FR", true, 6),
            ],
            assignments: vec![AssignmentFact {
                country: "GH".into(),
                onsite: true,
                status: "filled".into(),
                month: "2026-01".parse().unwrap(),
                positions: 2,
                confirmations: 2,
                confirmation_days: 10,
            }],
            delivered: vec![
                work("GH", true, "2026-02", 10),
                work("GH", false, "2026-03", 0),
            ],
        }
    }

    const NOW: Month = Month {
        year: 2026,
        month: 11,
    };

    fn listed() -> HashSet<String> {
        ["GH".to_string(), "SN".to_string()].into_iter().collect()
    }

    fn row<'a>(t: &'a Table, label: &Label) -> &'a Row {
        t.rows.iter().find(|r| &r.label == label).unwrap()
    }

    #[test]
    fn months_parse_as_an_input_of_type_month_sends_them() {
        assert_eq!(
            "2026-03".parse::<Month>(),
            Ok(Month {
                year: 2026,
                month: 3
            })
        );
        assert_eq!(
            Month {
                year: 2026,
                month: 3
            }
            .to_string(),
            "2026-03"
        );
        for bad in [
            "2026-13", "2026-00", "26-03", "2026-3", "2026/03", "", "march",
        ] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }

    #[test]
    fn fixed_dimensions_keep_their_order() {
        let d = Dim::fixed(&STATUSES);
        assert_eq!(d.index("draft"), Some(0));
        assert_eq!(d.index("filled"), Some(2));
        assert_eq!(d.index("closed"), Some(3));
        assert_eq!(d.index("lost"), None);
    }

    #[test]
    fn exact_figures_count_every_fact_in_scope() {
        let f = Filters::default();
        let cubes = cubes(&facts(), &Scope::default(), &f, &listed(), false).unwrap();
        let r = report(&cubes, &f, &listed(), NOW);
        let t = r.table("people-by-origin").unwrap();
        let total = row(t, &Label::Total);
        assert_eq!(total.values.last(), Some(&Value::Number(16)));
        let ghana = row(t, &Label::Country("GH".into()));
        assert!(ghana.safeguards);
        assert_eq!(
            ghana.values,
            vec![Value::Number(7), Value::Number(2), Value::Number(9)]
        );
        assert!(!row(t, &Label::Country("KE".into())).safeguards);
        let d = r.table("delivered-by-origin").unwrap();
        assert_eq!(
            row(d, &Label::Total).values[..3],
            [Value::Number(2), Value::Number(10), Value::Number(10)]
        );
        assert_eq!(row(d, &Label::Total).values[6], Value::Mean(Some(40)));
        assert_eq!(r.safeguards_days, Value::Share(Some(1000)));
        let a = r.table("assignments-by-country").unwrap();
        assert_eq!(
            row(a, &Label::Country("GH".into())).values[3],
            Value::Mean(Some(50))
        );

        let scope = Scope {
            countries: Some(["KE".to_string()].into_iter().collect()),
        };
        let r = report(&cubes_of(&scope, &f), &f, &listed(), NOW);
        let t = r.table("people-by-origin").unwrap();
        assert_eq!(row(t, &Label::Total).values.last(), Some(&Value::Number(1)));
        assert_eq!(r.headline.completed, Value::Number(0));

        let virtual_only = Filters {
            modality: Some("virtual".into()),
            ..Filters::default()
        };
        let r = report(
            &cubes_of(&Scope::default(), &virtual_only),
            &virtual_only,
            &listed(),
            NOW,
        );
        let d = r.table("delivered-by-month").unwrap();
        assert_eq!(d.rows.len(), 2, "March and the total");
        assert_eq!(row(d, &Label::Total).values[2], Value::Number(10));
    }

    fn cubes_of(scope: &Scope, f: &Filters) -> Cubes<Lattice> {
        cubes(&facts(), scope, f, &listed(), false).unwrap()
    }

    #[test]
    fn the_public_sees_consenting_professionals_and_no_small_count() {
        let f = Filters::default();
        let public = cubes(&facts(), &Scope::default(), &f, &listed(), true)
            .unwrap()
            .protect();
        let r = report(&public, &f, &listed(), NOW);
        let t = r.table("people-by-origin").unwrap();
        assert!(
            !t.rows
                .iter()
                .any(|r| r.label == Label::Country("KE".into()))
        );
        assert_eq!(
            row(t, &Label::Total).values.last(),
            Some(&Value::Number(15))
        );
        for table in &r.tables {
            for row in &table.rows {
                for v in &row.values {
                    if let Value::Number(n) = v {
                        assert!(
                            *n == 0
                                || *n >= 5
                                || table.id.starts_with("delivered")
                                || table.id.starts_with("assignments"),
                            "{} {:?}",
                            table.id,
                            row
                        );
                    }
                }
            }
        }
        // Two completed matches: too few to show, and their days with them.
        assert_eq!(r.headline.completed, Value::Small);
        assert_eq!(r.headline.days, Value::Small);
        assert_eq!(r.safeguards_days, Value::Share(None));
    }
}
