//! Disclosure control for the observatory's public statistics.
//!
//! The observatory publishes counts of professionals, and sums of measures
//! such as days or hours, broken down by a few dimensions (profession,
//! country, year...). No published figure may tell anyone that a cell holds
//! one, two, three or four professionals, nor let them work such a count out
//! from other figures.
//!
//! The figures come from a [`Cube`] of finest cells. Every published table
//! is a piece of its [`Lattice`] of marginals, where each dimension is either
//! one value or "all". [`Lattice::protect`] decides what each entry shows:
//!
//! 1. primary suppression: a count under 5, zero included, is shown as
//!    "<5", so that "<5" tells nothing more than "0 to 4" and a zero shown
//!    as such cannot close a line around a small count;
//! 2. complementary suppression: a line (one dimension varying, the others
//!    fixed, with its total) never holds exactly one suppressed count, since
//!    subtraction would give it back; the shown entry of the line with the
//!    smallest count is hidden;
//! 3. no pinning: an adversary who knows every shown figure, that "<5" means
//!    0 to 4, that a hidden count is at least 5 and that every line adds up,
//!    narrows the bounds of each suppressed entry line by line (interval
//!    propagation). Whenever a suppressed count is left with a single
//!    possible value, one more entry is hidden near it, and steps 2 and 3
//!    run again.
//!
//! A suppressed zero may be worked out: it tells of nobody, and hiding
//! enough to cover every zero of a sparse lattice would hide most of it.
//! The adversary still uses what it learns of zeros against the counts.
//!
//! Public filters pick single values of dimensions, so every table a visitor
//! can reach, and every difference of two of them, goes through lines.
//!
//! Interval propagation over lines is the standard line-based auditor of
//! suppression patterns. It is sound (whatever it derives, an adversary can
//! derive) but not complete: a linear or integer program over all lines at
//! once could in theory pin an entry that propagation leaves open.
//!
//! Suppression cannot protect what the "<5" labels would give away on their
//! own, with every other count hidden. Since "<5" covers zero too, that
//! takes a lattice no test has found yet; should one come, [`Lattice::protect`]
//! does not hide entries in vain for it, [`Protected::audit`] reports it, and
//! a caller publishes such a table at a coarser level.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::mem;

/// Smallest count of professionals a public figure may show exactly.
pub const THRESHOLD: i64 = 5;
/// Most dimensions a cube may have.
pub const MAX_DIMENSIONS: usize = 6;
/// Most entries a lattice may have: sixteen million, a bound on memory.
pub const MAX_ENTRIES: usize = 1 << 24;
/// Most measure values a lattice may hold: eight per entry of the largest
/// lattice, a bound on memory.
pub const MAX_MEASURE_VALUES: usize = 8 * MAX_ENTRIES;

/// Passes the adversary may take during protection before the display is
/// deemed unproven, and more is hidden.
const PASSES: usize = 64;
/// Passes the auditor allows itself: more than protection, so that what
/// protection proves the auditor proves too.
const AUDIT_PASSES: usize = 4 * PASSES;
/// Upper bound of a hidden count nothing limits.
const UNBOUNDED: i64 = i64::MAX;
/// Stands for infinity in line sums: far beyond any sum of counts (a line
/// has at most 65,536 entries of at most `i64::MAX`, under 2^79), and far
/// within `i128`.
const FAR: i128 = 1 << 100;
const LO: usize = 0;
const HI: usize = 1;

/// Picks one entry of the lattice: per dimension, one value or `None` for
/// "all".
pub type Key = [Option<u16>];

/// Why a cube or one of its contributions was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CubeError {
    /// A cube has 1 to [`MAX_DIMENSIONS`] dimensions.
    Dimensions(usize),
    /// Every dimension has at least one value.
    EmptyDimension(usize),
    /// The lattice would exceed [`MAX_ENTRIES`] entries or
    /// [`MAX_MEASURE_VALUES`] measure values.
    TooLarge,
    /// A cell names a different number of dimensions than the cube has.
    Arity { expected: usize, got: usize },
    /// A cell's value lies beyond its dimension.
    OutOfRange { dimension: usize, value: u16 },
    /// A contribution carries a different number of measures than the cube.
    Measures { expected: usize, got: usize },
    /// A count of professionals cannot be negative.
    NegativeCount,
    /// The sums would not fit in 64 bits.
    Overflow,
}

impl fmt::Display for CubeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Dimensions(d) => {
                write!(f, "a cube has 1 to {MAX_DIMENSIONS} dimensions, not {d}")
            }
            Self::EmptyDimension(k) => write!(f, "dimension {k} has no value"),
            Self::TooLarge => write!(f, "the lattice would be too large"),
            Self::Arity { expected, got } => {
                write!(f, "a cell names {got} dimensions, the cube has {expected}")
            }
            Self::OutOfRange { dimension, value } => {
                write!(f, "value {value} lies beyond dimension {dimension}")
            }
            Self::Measures { expected, got } => {
                write!(
                    f,
                    "a contribution carries {got} measures, the cube {expected}"
                )
            }
            Self::NegativeCount => write!(f, "a count of professionals cannot be negative"),
            Self::Overflow => write!(f, "the sums would not fit in 64 bits"),
        }
    }
}

impl std::error::Error for CubeError {}

/// The layout of a lattice: dimension sizes and the dense index, the sum of
/// position × stride over the dimensions. Position `n_k` of dimension `k`,
/// one past its values, stands for "all".
#[derive(Clone, Debug)]
struct Shape {
    sizes: Vec<u16>,
    strides: Vec<usize>,
    len: usize,
}

/// One line: the entries along `dimension` that add up to `total`, the
/// entry whose position in that dimension is "all".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct LineId {
    dimension: usize,
    total: usize,
}

impl Shape {
    fn new(sizes: &[u16]) -> Result<Shape, CubeError> {
        if sizes.is_empty() || sizes.len() > MAX_DIMENSIONS {
            return Err(CubeError::Dimensions(sizes.len()));
        }
        if let Some(k) = sizes.iter().position(|&n| n == 0) {
            return Err(CubeError::EmptyDimension(k));
        }
        let mut strides = vec![0; sizes.len()];
        let mut len: usize = 1;
        for k in (0..sizes.len()).rev() {
            strides[k] = len;
            len = len
                .checked_mul(usize::from(sizes[k]) + 1)
                .filter(|&l| l <= MAX_ENTRIES)
                .ok_or(CubeError::TooLarge)?;
        }
        Ok(Shape {
            sizes: sizes.to_vec(),
            strides,
            len,
        })
    }

    fn dimensions(&self) -> usize {
        self.sizes.len()
    }

    /// Number of values of dimension `k`, which is also its "all" position.
    fn extent(&self, k: usize) -> usize {
        usize::from(self.sizes[k])
    }

    fn position(&self, entry: usize, k: usize) -> usize {
        entry / self.strides[k] % (self.extent(k) + 1)
    }

    /// The entry a key picks, if the key fits the cube.
    fn index(&self, key: &Key) -> Option<usize> {
        if key.len() != self.dimensions() {
            return None;
        }
        key.iter().enumerate().try_fold(0, |at, (k, value)| {
            let position = match *value {
                None => self.extent(k),
                Some(v) if usize::from(v) < self.extent(k) => usize::from(v),
                Some(_) => return None,
            };
            Some(at + position * self.strides[k])
        })
    }

    /// The entry a key picks; a key that does not fit is a caller's bug.
    fn entry(&self, key: &Key) -> usize {
        self.index(key)
            .unwrap_or_else(|| panic!("key {key:?} does not fit a cube of sizes {:?}", self.sizes))
    }

    fn key(&self, entry: usize) -> Vec<Option<u16>> {
        (0..self.dimensions())
            .map(|k| {
                let p = self.position(entry, k);
                (p < self.extent(k)).then_some(p as u16)
            })
            .collect()
    }

    fn line_through(&self, entry: usize, k: usize) -> LineId {
        let to_all = self.extent(k) - self.position(entry, k);
        LineId {
            dimension: k,
            total: entry + to_all * self.strides[k],
        }
    }

    /// The lines an entry belongs to, one per dimension.
    fn lines_through(&self, entry: usize) -> impl Iterator<Item = LineId> + '_ {
        (0..self.dimensions()).map(move |k| self.line_through(entry, k))
    }

    /// Every line along dimension `k`, by strides, without allocating.
    fn lines(&self, k: usize) -> impl Iterator<Item = LineId> + use<> {
        let (stride, n) = (self.strides[k], self.extent(k));
        (0..self.len)
            .step_by(stride * (n + 1))
            .flat_map(move |block| {
                (0..stride).map(move |inner| LineId {
                    dimension: k,
                    total: block + n * stride + inner,
                })
            })
    }

    fn all_lines(&self) -> impl Iterator<Item = LineId> + '_ {
        (0..self.dimensions()).flat_map(|k| self.lines(k))
    }

    /// The entries of a line, its cells first and its total last.
    fn members(&self, line: LineId) -> impl Iterator<Item = usize> + use<> {
        let (stride, n) = (self.strides[line.dimension], self.extent(line.dimension));
        let first = line.total - n * stride;
        (0..=n).map(move |v| first + v * stride)
    }
}

/// Finest cells being filled with contributions, before the marginals are
/// summed.
#[derive(Clone, Debug)]
pub struct Cube {
    lattice: Lattice,
    /// Sum of absolute values of the count and of each measure over all
    /// contributions: while it fits in 64 bits, no marginal can overflow.
    magnitudes: Vec<i64>,
}

impl Cube {
    /// An empty cube with `sizes[k]` values in dimension `k` and `measures`
    /// measures (days, hours...) per contribution.
    pub fn new(sizes: &[u16], measures: usize) -> Result<Cube, CubeError> {
        let shape = Shape::new(sizes)?;
        let values = shape
            .len
            .checked_mul(measures)
            .filter(|&n| n <= MAX_MEASURE_VALUES)
            .ok_or(CubeError::TooLarge)?;
        Ok(Cube {
            lattice: Lattice {
                counts: vec![0; shape.len],
                measures: vec![0; values],
                measure_count: measures,
                shape,
            },
            magnitudes: vec![0; measures + 1],
        })
    }

    /// Adds professionals, and their measures, to one finest cell; several
    /// contributions to a cell add up. A refused contribution changes
    /// nothing.
    pub fn add(&mut self, cell: &[u16], count: i64, measures: &[i64]) -> Result<(), CubeError> {
        let entry = self.finest_entry(cell)?;
        let m = self.lattice.measure_count;
        if measures.len() != m {
            return Err(CubeError::Measures {
                expected: m,
                got: measures.len(),
            });
        }
        if count < 0 {
            return Err(CubeError::NegativeCount);
        }
        let added = || std::iter::once(count).chain(measures.iter().copied());
        let fits = self
            .magnitudes
            .iter()
            .zip(added())
            .all(|(sum, x)| x.checked_abs().and_then(|x| sum.checked_add(x)).is_some());
        if !fits {
            return Err(CubeError::Overflow);
        }
        for (sum, x) in self.magnitudes.iter_mut().zip(added()) {
            *sum += x.abs();
        }
        let lattice = &mut self.lattice;
        lattice.counts[entry] += count;
        for (sum, value) in lattice.measures[entry * m..(entry + 1) * m]
            .iter_mut()
            .zip(measures)
        {
            *sum += value;
        }
        Ok(())
    }

    /// Sums every marginal: the published lattice, not yet protected.
    pub fn marginals(mut self) -> Lattice {
        let mut sums = vec![0; self.lattice.measure_count];
        for k in 0..self.lattice.shape.dimensions() {
            self.lattice.sum_along(k, &mut sums);
        }
        self.lattice
    }

    fn finest_entry(&self, cell: &[u16]) -> Result<usize, CubeError> {
        let shape = &self.lattice.shape;
        if cell.len() != shape.dimensions() {
            return Err(CubeError::Arity {
                expected: shape.dimensions(),
                got: cell.len(),
            });
        }
        let mut entry = 0;
        for (k, &value) in cell.iter().enumerate() {
            if usize::from(value) >= shape.extent(k) {
                return Err(CubeError::OutOfRange {
                    dimension: k,
                    value,
                });
            }
            entry += usize::from(value) * shape.strides[k];
        }
        Ok(entry)
    }
}

/// Every marginal of a cube, exact and unprotected: what coordinators may
/// see, never the public.
#[derive(Clone, Debug)]
pub struct Lattice {
    shape: Shape,
    measure_count: usize,
    counts: Vec<i64>,
    /// `measure_count` values per entry, entry after entry.
    measures: Vec<i64>,
}

impl Lattice {
    /// Number of values of each dimension.
    pub fn sizes(&self) -> &[u16] {
        &self.shape.sizes
    }

    /// Number of entries: the product of (size + 1) over the dimensions.
    pub fn entries(&self) -> usize {
        self.shape.len
    }

    /// The exact count and measures of an entry.
    ///
    /// # Panics
    /// If the key does not fit the cube (a caller's bug).
    pub fn get(&self, key: &Key) -> (i64, &[i64]) {
        let entry = self.shape.entry(key);
        (self.counts[entry], self.measures_of(entry))
    }

    /// Decides what each entry shows to the public: primary suppression of
    /// counts from 1 to 4, complementary suppression so that no line has a
    /// single suppressed entry, and more suppression until interval
    /// propagation pins no suppressed entry that suppression can protect.
    ///
    /// Each round hides, for each pinned entry, the cheapest shown count
    /// of a line the adversary derived it from (or, failing that, of a line
    /// nearby), skipping entries a hide of the same round may already have
    /// freed. Between rounds the adversary's knowledge is brought up to date
    /// rather than rebuilt; the outcome is the same, and deterministic.
    pub fn protect(self) -> Protected {
        let state = {
            let mut suppression = Suppression::new(&self.shape, &self.counts);
            suppression.run();
            suppression.state
        };
        Protected {
            lattice: self,
            state,
        }
    }

    fn measures_of(&self, entry: usize) -> &[i64] {
        let m = self.measure_count;
        &self.measures[entry * m..(entry + 1) * m]
    }

    /// Fills every entry "all" in dimension `k` with the sum of its line.
    /// Done for each dimension in turn, this sums every marginal.
    fn sum_along(&mut self, k: usize, sums: &mut [i64]) {
        let m = self.measure_count;
        for line in self.shape.lines(k) {
            let mut count = 0;
            sums.fill(0);
            for cell in self.shape.members(line).filter(|&e| e != line.total) {
                count += self.counts[cell];
                for (sum, value) in sums
                    .iter_mut()
                    .zip(&self.measures[cell * m..(cell + 1) * m])
                {
                    *sum += value;
                }
            }
            self.counts[line.total] = count;
            self.measures[line.total * m..(line.total + 1) * m].copy_from_slice(sums);
        }
    }
}

/// What the public sees of an entry's count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// The count: at least [`THRESHOLD`].
    Exact(i64),
    /// From 0 to 4 professionals, printed "<5".
    Small,
    /// A count of at least [`THRESHOLD`], hidden so that no small count can
    /// be derived from the others (complementary suppression).
    Hidden,
}

/// What an entry shows, without its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Exact,
    Small,
    Hidden,
}

impl State {
    fn primary(count: i64) -> State {
        if count < THRESHOLD {
            State::Small
        } else {
            State::Exact
        }
    }

    /// The display hiding every count: the most protection could ever
    /// hide.
    fn all_hidden(count: i64) -> State {
        match State::primary(count) {
            State::Exact => State::Hidden,
            state => state,
        }
    }

    fn suppressed(self) -> bool {
        self != State::Exact
    }

    /// What the public knows of a count from its display alone: a shown
    /// count exactly, "<5" as 0 to 4, a hidden count as 5 or more.
    fn public_bounds(self, count: i64) -> [i64; 2] {
        match self {
            State::Exact => [count, count],
            State::Small => [0, THRESHOLD - 1],
            State::Hidden => [THRESHOLD, UNBOUNDED],
        }
    }
}

/// A lattice with what each entry shows to the public.
#[derive(Clone, Debug)]
pub struct Protected {
    lattice: Lattice,
    state: Vec<State>,
}

/// A way the public figures give away a count, found by [`Protected::audit`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Leak {
    /// A line with a single suppressed entry, not zero: its total minus the
    /// rest gives it back.
    LoneSuppression { line: Line },
    /// A suppressed entry, not zero, whose count the adversary derives
    /// exactly.
    Pinned { entry: Vec<Option<u16>>, value: i64 },
    /// The adversary did not settle within its passes: nothing is proven
    /// either way.
    Unsettled,
}

/// A line of published entries: those along `dimension` that add up to the
/// entry `total`, whose key is "all" in that dimension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub dimension: usize,
    pub total: Vec<Option<u16>>,
}

impl Protected {
    /// Number of values of each dimension.
    pub fn sizes(&self) -> &[u16] {
        self.lattice.sizes()
    }

    /// What the public sees of an entry's count.
    ///
    /// # Panics
    /// If the key does not fit the cube (a caller's bug).
    pub fn shown(&self, key: &Key) -> Shown {
        let entry = self.lattice.shape.entry(key);
        match self.state[entry] {
            State::Exact => Shown::Exact(self.lattice.counts[entry]),
            State::Small => Shown::Small,
            State::Hidden => Shown::Hidden,
        }
    }

    /// An entry's measures, shown only when its count is.
    ///
    /// # Panics
    /// If the key does not fit the cube (a caller's bug).
    pub fn measures(&self, key: &Key) -> Option<&[i64]> {
        let entry = self.lattice.shape.entry(key);
        (self.state[entry] == State::Exact).then(|| self.lattice.measures_of(entry))
    }

    /// Replays the adversary from scratch on what is shown, and nothing
    /// else: every line with a single suppressed entry, and every suppressed
    /// entry whose count interval propagation pins, zeros apart. Empty when
    /// the public figures give away nobody that this auditor can find.
    ///
    /// Written apart from protection, plainly (sweeps over every line until
    /// nothing moves), so that each checks the other.
    pub fn audit(&self) -> Vec<Leak> {
        let shape = &self.lattice.shape;
        let counts = &self.lattice.counts;
        let mut leaks: Vec<Leak> = shape
            .all_lines()
            .filter(|&line| {
                let mut suppressed = shape.members(line).filter(|&e| self.state[e].suppressed());
                matches!(
                    (suppressed.next(), suppressed.next()),
                    (Some(lone), None) if counts[lone] > 0
                )
            })
            .map(|line| Leak::LoneSuppression {
                line: Line {
                    dimension: line.dimension,
                    total: shape.key(line.total),
                },
            })
            .collect();
        let mut bounds: Vec<[i64; 2]> = self
            .state
            .iter()
            .zip(&self.lattice.counts)
            .map(|(state, &shown)| match state {
                State::Exact => state.public_bounds(shown),
                _ => state.public_bounds(0),
            })
            .collect();
        if !self.sweep_to_fixpoint(&mut bounds) {
            leaks.push(Leak::Unsettled);
        }
        leaks.extend(
            (0..shape.len)
                .filter(|&e| {
                    self.state[e].suppressed() && counts[e] > 0 && bounds[e][LO] == bounds[e][HI]
                })
                .map(|e| Leak::Pinned {
                    entry: shape.key(e),
                    value: bounds[e][LO],
                }),
        );
        leaks
    }

    fn suppressed_in(&self, line: LineId) -> usize {
        let shape = &self.lattice.shape;
        shape
            .members(line)
            .filter(|&e| self.state[e].suppressed())
            .count()
    }

    /// Narrows along every line holding a suppressed entry, again and again,
    /// until nothing moves; false if the passes ran out first.
    fn sweep_to_fixpoint(&self, bounds: &mut [[i64; 2]]) -> bool {
        let shape = &self.lattice.shape;
        for _ in 0..AUDIT_PASSES {
            let mut moved = false;
            for line in shape.all_lines() {
                if self.suppressed_in(line) > 0 {
                    moved |= self.narrow_line(line, bounds);
                }
            }
            if !moved {
                return true;
            }
        }
        false
    }

    /// One step of the adversary: each suppressed entry of a line is the
    /// line's total minus its other cells, or for the total, the sum of
    /// the cells. True if a bound moved.
    fn narrow_line(&self, line: LineId, bounds: &mut [[i64; 2]]) -> bool {
        let shape = &self.lattice.shape;
        let (mut cells_lo, mut cells_hi) = (0i128, 0i128);
        for cell in shape.members(line).filter(|&e| e != line.total) {
            cells_lo += i128::from(bounds[cell][LO]);
            cells_hi += wide(bounds[cell][HI]);
        }
        let total = bounds[line.total];
        let mut moved = false;
        for e in shape.members(line).filter(|&e| self.state[e].suppressed()) {
            let implied = if e == line.total {
                [cells_lo, cells_hi]
            } else {
                let others_lo = cells_lo - i128::from(bounds[e][LO]);
                let others_hi = cells_hi - wide(bounds[e][HI]);
                [
                    i128::from(total[LO]) - others_hi,
                    wide(total[HI]) - others_lo,
                ]
            };
            moved |= tighten(&mut bounds[e], implied) != [false, false];
        }
        moved
    }
}

/// An upper bound in line arithmetic: [`UNBOUNDED`] becomes [`FAR`].
fn wide(hi: i64) -> i128 {
    match hi {
        UNBOUNDED => FAR,
        hi => i128::from(hi),
    }
}

/// Keeps what is tighter of the known and the implied bounds; which moved.
/// An implied upper bound beyond 64 bits says nothing.
fn tighten(bounds: &mut [i64; 2], [lo, hi]: [i128; 2]) -> [bool; 2] {
    let mut moved = [false; 2];
    if lo > i128::from(bounds[LO]) {
        bounds[LO] = lo.min(i128::from(i64::MAX - 1)) as i64;
        moved[LO] = true;
    }
    if hi < i128::from(bounds[HI]) && hi < i128::from(UNBOUNDED) {
        bounds[HI] = hi.max(i128::from(i64::MIN)) as i64;
        moved[HI] = true;
    }
    moved
}

/// How the adversary's propagation ended.
enum Settling {
    /// Nothing moves any more: the bounds are the fixpoint.
    Settled,
    /// The passes ran out; these unknowns still moved in the last one.
    Unsettled(Vec<usize>),
}

/// Marks the total among the unknowns of a line.
const TOTAL: u32 = 1 << 31;
/// An entry shown exactly has no unknown number.
const SHOWN: u32 = u32::MAX;

/// The line equations as the adversary holds them during protection, kept
/// compact so that each pass touches suppressed entries only: per line, its
/// suppressed entries (the unknowns) and what its shown entries leave them.
/// Lines are numbered dimension after dimension, in the order of
/// [`Shape::lines`].
struct Equations {
    /// Number of the first line of each dimension, then the number of lines.
    first_line: Vec<usize>,
    /// Entries in a line of each dimension.
    widths: Vec<usize>,
    /// Entries in the lattice: the room the lines of one dimension take in
    /// `slots`.
    entries_in_lattice: usize,
    /// Per line: its shown total (0 if suppressed) minus its shown cells.
    /// The unknown cells add up to this plus the unknown total, if any.
    rest: Vec<i64>,
    /// Per line: how many unknowns it holds.
    filled: Vec<u32>,
    /// Per line, room for all its entries: its unknowns first, the total
    /// marked with [`TOTAL`].
    slots: Vec<u32>,
    /// Per unknown: its entry.
    entries: Vec<usize>,
    /// Per unknown: what the public knows of it.
    public: Vec<[i64; 2]>,
    /// Per unknown: its line numbers, one per dimension.
    lines: Vec<u32>,
    /// Per entry: its unknown number, or [`SHOWN`].
    unknown_of: Vec<u32>,
}

/// Sums of the bounds of a line's unknowns, from which each unknown's
/// implied bounds follow.
struct UnknownSums {
    cells_lo: i128,
    cells_hi: i128,
    total_lo: i128,
    total_hi: i128,
}

impl Equations {
    /// The equations of a display: every suppressed entry an unknown. A
    /// line's rest is what its shown entries add up to; since the line adds
    /// up, it is also what its suppressed ones add up to.
    fn new(shape: &Shape, counts: &[i64], state: &[State]) -> Equations {
        let widths: Vec<usize> = (0..shape.dimensions())
            .map(|k| shape.extent(k) + 1)
            .collect();
        let mut first_line = vec![0];
        for width in &widths {
            first_line.push(first_line[first_line.len() - 1] + shape.len / width);
        }
        let lines = first_line[widths.len()];
        let mut equations = Equations {
            first_line,
            widths,
            entries_in_lattice: shape.len,
            rest: vec![0; lines],
            filled: vec![0; lines],
            slots: vec![0; shape.len * shape.dimensions()],
            entries: Vec::new(),
            public: Vec::new(),
            lines: Vec::new(),
            unknown_of: vec![SHOWN; shape.len],
        };
        for entry in (0..shape.len).filter(|&e| state[e].suppressed()) {
            equations.unknown_of[entry] = equations.entries.len() as u32;
            equations.entries.push(entry);
            equations.public.push(state[entry].public_bounds(0));
        }
        equations.lines = vec![0; equations.entries.len() * shape.dimensions()];
        for k in 0..shape.dimensions() {
            for (rank, line) in shape.lines(k).enumerate() {
                equations.fill(shape, equations.first_line[k] + rank, line, counts);
            }
        }
        equations
    }

    /// Enters the unknowns of a line, numbered `number`, while building.
    fn fill(&mut self, shape: &Shape, number: usize, line: LineId, counts: &[i64]) {
        let (k, d) = (line.dimension, self.widths.len());
        let first = k * self.entries_in_lattice + (number - self.first_line[k]) * self.widths[k];
        let (mut filled, mut rest) = (0, 0);
        for entry in shape.members(line) {
            let unknown = self.unknown_of[entry];
            if unknown == SHOWN {
                continue;
            }
            if entry == line.total {
                rest -= counts[entry];
                self.slots[first + filled] = unknown | TOTAL;
            } else {
                rest += counts[entry];
                self.slots[first + filled] = unknown;
            }
            filled += 1;
            self.lines[unknown as usize * d + k] = number as u32;
        }
        self.filled[number] = filled as u32;
        self.rest[number] = rest;
    }

    fn line_count(&self) -> usize {
        self.rest.len()
    }

    fn dimension_of(&self, line: usize) -> usize {
        self.first_line.partition_point(|&first| first <= line) - 1
    }

    fn line_number(&self, shape: &Shape, line: LineId) -> usize {
        let k = line.dimension;
        let stride = shape.strides[k];
        let block = stride * self.widths[k];
        self.first_line[k] + line.total / block * stride + line.total % stride
    }

    fn line_at(&self, shape: &Shape, number: usize) -> LineId {
        let k = self.dimension_of(number);
        let rank = number - self.first_line[k];
        let stride = shape.strides[k];
        let width = self.widths[k];
        LineId {
            dimension: k,
            total: rank / stride * stride * width + (width - 1) * stride + rank % stride,
        }
    }

    /// The unknowns of a line of dimension `k`.
    fn unknowns_in(&self, k: usize, line: usize) -> &[u32] {
        let first = k * self.entries_in_lattice + (line - self.first_line[k]) * self.widths[k];
        &self.slots[first..first + self.filled[line] as usize]
    }

    fn unknowns(&self, line: usize) -> &[u32] {
        self.unknowns_in(self.dimension_of(line), line)
    }

    fn lines_of(&self, unknown: usize) -> &[u32] {
        let d = self.widths.len();
        &self.lines[unknown * d..(unknown + 1) * d]
    }

    /// Makes a shown entry an unknown: its count, as the public saw it until
    /// now, leaves the shown part of each of its lines.
    fn suppress(&mut self, shape: &Shape, entry: usize, count: i64, state: State) {
        self.unknown_of[entry] = self.entries.len() as u32;
        self.entries.push(entry);
        self.public.push(state.public_bounds(count));
        self.lines
            .extend(std::iter::repeat_n(0, shape.dimensions()));
        for line in shape.lines_through(entry) {
            let number = self.line_number(shape, line);
            self.enter(line.dimension, number, entry == line.total, entry, count);
        }
    }

    /// Enters an unknown into a line of dimension `k`: into its slots, with
    /// its count out of the line's shown part.
    fn enter(&mut self, k: usize, line: usize, is_total: bool, entry: usize, count: i64) {
        let unknown = self.unknown_of[entry];
        let slot = k * self.entries_in_lattice
            + (line - self.first_line[k]) * self.widths[k]
            + self.filled[line] as usize;
        self.filled[line] += 1;
        if is_total {
            self.rest[line] -= count;
            self.slots[slot] = unknown | TOTAL;
        } else {
            self.rest[line] += count;
            self.slots[slot] = unknown;
        }
        self.lines[unknown as usize * self.widths.len() + k] = line as u32;
    }

    fn sums(unknowns: &[u32], bounds: &[[i64; 2]]) -> UnknownSums {
        let mut sums = UnknownSums {
            cells_lo: 0,
            cells_hi: 0,
            total_lo: 0,
            total_hi: 0,
        };
        for &marked in unknowns {
            let [lo, hi] = bounds[(marked & !TOTAL) as usize];
            if marked & TOTAL == 0 {
                sums.cells_lo += i128::from(lo);
                sums.cells_hi += wide(hi);
            } else {
                (sums.total_lo, sums.total_hi) = (i128::from(lo), wide(hi));
            }
        }
        sums
    }

    /// The bounds a line alone implies for one of its unknowns: a cell is
    /// the rest plus the total minus the other cells, the total is the cells
    /// minus the rest.
    fn implied(rest: i64, sums: &UnknownSums, marked: u32, bounds: &[[i64; 2]]) -> [i128; 2] {
        let rest = i128::from(rest);
        if marked & TOTAL != 0 {
            return [sums.cells_lo - rest, sums.cells_hi - rest];
        }
        let [lo, hi] = bounds[marked as usize];
        let others_lo = sums.cells_lo - i128::from(lo);
        let others_hi = sums.cells_hi - wide(hi);
        [
            rest + sums.total_lo - others_hi,
            rest + sums.total_hi - others_lo,
        ]
    }

    /// One step of the adversary: tightens each unknown of a line from the
    /// line's sum, and calls `moved` for each unknown that moved.
    fn narrow(
        &self,
        k: usize,
        line: usize,
        knowledge: &mut Knowledge,
        mut moved: impl FnMut(usize),
    ) {
        let unknowns = self.unknowns_in(k, line);
        let sums = Self::sums(unknowns, &knowledge.bounds);
        for &marked in unknowns {
            let unknown = (marked & !TOTAL) as usize;
            let implied = Self::implied(self.rest[line], &sums, marked, &knowledge.bounds);
            if knowledge.tighten(unknown, implied, line) {
                moved(unknown);
            }
        }
    }

    /// Runs the adversary from its current knowledge to the fixpoint,
    /// starting with `lines`. Each pass sweeps the lines whose unknowns moved,
    /// in order: a line dirtied ahead of the sweep waits for it, one behind
    /// waits for the next pass.
    fn settle(&self, knowledge: &mut Knowledge, mut sweep: LineSet) -> Settling {
        let mut next = LineSet::new(self.line_count());
        let mut last_moved = Vec::new();
        for _ in 0..PASSES {
            if sweep.is_empty() {
                break;
            }
            last_moved.clear();
            let mut k = 0;
            while let Some(line) = sweep.pop_first() {
                while line >= self.first_line[k + 1] {
                    k += 1;
                }
                self.narrow(k, line, knowledge, |unknown| {
                    last_moved.push(unknown);
                    for &other in self.lines_of(unknown) {
                        let other = other as usize;
                        if other > line {
                            sweep.insert(other);
                        } else {
                            next.insert(other);
                        }
                    }
                });
            }
            mem::swap(&mut sweep, &mut next);
        }
        knowledge.settled = sweep.is_empty();
        if knowledge.settled {
            Settling::Settled
        } else {
            Settling::Unsettled(last_moved)
        }
    }

    /// The adversary's fixpoint, from what the public knows.
    fn adversary(&self) -> (Knowledge, Settling) {
        let mut knowledge = Knowledge::public(self);
        let mut lines = LineSet::new(self.line_count());
        (0..self.line_count())
            .filter(|&n| self.filled[n] > 0)
            .for_each(|n| lines.insert(n));
        let settling = self.settle(&mut knowledge, lines);
        (knowledge, settling)
    }

    /// Brings the adversary's fixpoint up to date after entries were hidden,
    /// without starting over, which would cost a whole run per round.
    ///
    /// At a fixpoint, the line that last set a bound implies it from bounds
    /// set before it: had one of those moved later, the line would have run
    /// again and moved the bound. So a bound is kept only while that line,
    /// with the new shown part and the bounds kept, still implies it from
    /// older bounds; the others go back to what the public knows, their
    /// neighbours come into doubt, and the adversary runs again from there.
    /// Kept bounds follow, by older and older bounds, from what is now shown,
    /// so they hold the new fixpoint and the run reaches it: the same bounds
    /// as a run from scratch.
    fn update(&self, knowledge: &mut Knowledge) -> Settling {
        let mut lines = LineSet::new(self.line_count());
        let mut doubtful = Doubtful::new(knowledge.bounds.len());
        for unknown in mem::take(&mut knowledge.fresh) {
            for &line in self.lines_of(unknown) {
                lines.insert(line as usize);
                doubtful.doubt(self, line as usize, knowledge);
            }
        }
        while let Some(unknown) = doubtful.pop() {
            if self.forget_unsupported(unknown, knowledge) {
                for &line in self.lines_of(unknown) {
                    lines.insert(line as usize);
                    doubtful.doubt(self, line as usize, knowledge);
                }
            }
        }
        self.settle(knowledge, lines)
    }

    /// Resets each bound of `unknown` that the line which set it no longer
    /// implies from older bounds; true if one was reset.
    fn forget_unsupported(&self, unknown: usize, knowledge: &mut Knowledge) -> bool {
        let mut forgot = false;
        for side in [LO, HI] {
            let line = knowledge.support[unknown][side];
            if line == PUBLIC_LINE || self.supports(line as usize, unknown, side, knowledge) {
                continue;
            }
            knowledge.bounds[unknown][side] = self.public[unknown][side];
            knowledge.times[unknown][side] = PUBLIC;
            knowledge.support[unknown][side] = PUBLIC_LINE;
            forgot = true;
        }
        forgot
    }

    /// Whether a line implies this bound of `unknown` from the bounds of its
    /// other unknowns, all set before it.
    fn supports(&self, line: usize, unknown: usize, side: usize, knowledge: &Knowledge) -> bool {
        let unknowns = self.unknowns(line);
        let is_total = unknowns.contains(&(unknown as u32 | TOTAL));
        let time = knowledge.times[unknown][side];
        let (mut cells, mut total) = (0i128, 0i128);
        for &marked in unknowns {
            let other = (marked & !TOTAL) as usize;
            if other == unknown {
                continue;
            }
            // The same bound of the total, and of the cells when the total
            // is in doubt; the other bound of the other cells.
            let used = if is_total || marked & TOTAL != 0 {
                side
            } else {
                1 - side
            };
            if knowledge.times[other][used] >= time {
                return false;
            }
            let value = match used {
                LO => i128::from(knowledge.bounds[other][LO]),
                _ => wide(knowledge.bounds[other][HI]),
            };
            if marked & TOTAL != 0 {
                total = value;
            } else {
                cells += value;
            }
        }
        let rest = i128::from(self.rest[line]);
        let implied = if is_total {
            cells - rest
        } else {
            rest + total - cells
        };
        match side {
            LO => implied >= i128::from(knowledge.bounds[unknown][LO]),
            _ => implied <= i128::from(knowledge.bounds[unknown][HI]),
        }
    }
}

/// Unknowns whose bounds may no longer follow from what is shown, each
/// waiting once.
struct Doubtful {
    waiting: Vec<bool>,
    stack: Vec<usize>,
}

impl Doubtful {
    fn new(unknowns: usize) -> Doubtful {
        Doubtful {
            waiting: vec![false; unknowns],
            stack: Vec::new(),
        }
    }

    /// Doubts the unknowns of a line that have a bound set by that line.
    fn doubt(&mut self, equations: &Equations, line: usize, knowledge: &Knowledge) {
        for &marked in equations.unknowns(line) {
            let unknown = (marked & !TOTAL) as usize;
            if knowledge.support[unknown].contains(&(line as u32))
                && !mem::replace(&mut self.waiting[unknown], true)
            {
                self.stack.push(unknown);
            }
        }
    }

    fn pop(&mut self) -> Option<usize> {
        let unknown = self.stack.pop()?;
        self.waiting[unknown] = false;
        Some(unknown)
    }
}

/// The time of a bound the public knows from the display alone.
const PUBLIC: u64 = 0;
/// The line of a bound the public knows from the display alone: none.
const PUBLIC_LINE: u32 = u32::MAX;

/// What the adversary knows of each unknown, with when and by which line
/// each bound was set.
struct Knowledge {
    bounds: Vec<[i64; 2]>,
    /// Per unknown, per bound: when it was last tightened, or [`PUBLIC`].
    times: Vec<[u64; 2]>,
    /// Per unknown, per bound: the line that last tightened it, or
    /// [`PUBLIC_LINE`].
    support: Vec<[u32; 2]>,
    clock: u64,
    /// Unknowns added since the adversary last ran.
    fresh: Vec<usize>,
    /// Whether the bounds are the adversary's fixpoint, `fresh` apart.
    settled: bool,
}

impl Knowledge {
    /// What the public knows of each unknown from the display alone.
    fn public(equations: &Equations) -> Knowledge {
        Knowledge {
            bounds: equations.public.clone(),
            times: vec![[PUBLIC; 2]; equations.public.len()],
            support: vec![[PUBLIC_LINE; 2]; equations.public.len()],
            clock: PUBLIC,
            fresh: Vec::new(),
            settled: false,
        }
    }

    /// A newly hidden entry: the adversary knows what the public knows.
    fn learn(&mut self, public: [i64; 2]) {
        self.fresh.push(self.bounds.len());
        self.bounds.push(public);
        self.times.push([PUBLIC; 2]);
        self.support.push([PUBLIC_LINE; 2]);
    }

    fn pinned(&self, unknown: usize) -> bool {
        self.bounds[unknown][LO] == self.bounds[unknown][HI]
    }

    /// Tightens an unknown's bounds to what `line` implies, stamping each
    /// that moved with the time and the line; true if either did.
    fn tighten(&mut self, unknown: usize, implied: [i128; 2], line: usize) -> bool {
        let moved = tighten(&mut self.bounds[unknown], implied);
        for side in [LO, HI].into_iter().filter(|&side| moved[side]) {
            self.clock += 1;
            self.times[unknown][side] = self.clock;
            self.support[unknown][side] = line as u32;
        }
        moved != [false, false]
    }
}

/// A set of line numbers, taken out in increasing order: one bit per line.
struct LineSet {
    words: Vec<u64>,
    /// No word before this one has a bit set.
    first_word: usize,
}

impl LineSet {
    fn new(lines: usize) -> LineSet {
        LineSet {
            words: vec![0; lines.div_ceil(64)],
            first_word: lines.div_ceil(64),
        }
    }

    fn insert(&mut self, line: usize) {
        self.words[line / 64] |= 1 << (line % 64);
        self.first_word = self.first_word.min(line / 64);
    }

    fn is_empty(&self) -> bool {
        self.words[self.first_word..].iter().all(|&w| w == 0)
    }

    fn pop_first(&mut self) -> Option<usize> {
        while self.first_word < self.words.len() {
            let word = &mut self.words[self.first_word];
            if *word != 0 {
                let bit = word.trailing_zeros() as usize;
                *word &= *word - 1;
                return Some(self.first_word * 64 + bit);
            }
            self.first_word += 1;
        }
        None
    }
}

/// The protection of one lattice under way.
struct Suppression<'a> {
    shape: &'a Shape,
    counts: &'a [i64],
    state: Vec<State>,
    equations: Equations,
    /// What the adversary knows, once it has run.
    knowledge: Option<Knowledge>,
}

impl<'a> Suppression<'a> {
    /// Primary suppression.
    fn new(shape: &'a Shape, counts: &'a [i64]) -> Suppression<'a> {
        let state: Vec<State> = counts.iter().map(|&c| State::primary(c)).collect();
        Suppression {
            equations: Equations::new(shape, counts, &state),
            shape,
            counts,
            state,
            knowledge: None,
        }
    }

    /// Complementary suppression, then rounds of auditing and hiding until
    /// nothing that suppression can protect is pinned. Each round hides at
    /// least one more entry, so it ends.
    fn run(&mut self) {
        let lone = (0..self.equations.line_count())
            .filter(|&n| self.lone_count(n).is_some_and(|count| count > 0))
            .collect();
        self.complete_lines(lone);
        let mut beyond_reach: Option<Vec<bool>> = None;
        loop {
            let pinned = self.pinned();
            if pinned.is_empty() {
                return;
            }
            let beyond = beyond_reach.get_or_insert_with(|| self.beyond_reach());
            let at_risk: Vec<usize> = pinned.into_iter().filter(|&e| !beyond[e]).collect();
            let hidden = self.hide_near(&at_risk);
            if hidden.is_empty() {
                return;
            }
            let lines = hidden
                .iter()
                .flat_map(|&e| {
                    self.equations
                        .lines_of(self.equations.unknown_of[e] as usize)
                })
                .map(|&n| n as usize)
                .collect();
            self.complete_lines(lines);
        }
    }

    /// Hides a shown count; from then on the public knows only that it is
    /// at least 5.
    fn hide(&mut self, entry: usize) {
        self.state[entry] = State::Hidden;
        let equations = &mut self.equations;
        equations.suppress(self.shape, entry, self.counts[entry], State::Hidden);
        if let Some(knowledge) = &mut self.knowledge {
            knowledge.learn(equations.public[equations.public.len() - 1]);
        }
    }

    /// Complementary suppression: while some line has exactly one suppressed
    /// entry, hides the line's smallest shown count (lowest index on
    /// ties). Only the lines of a newly hidden entry can need more.
    fn complete_lines(&mut self, lines: VecDeque<usize>) {
        let mut queue = lines;
        while let Some(number) = queue.pop_front() {
            if self.lone_count(number).is_none_or(|count| count == 0) {
                continue;
            }
            // A line has two entries at least, so the rest are shown.
            let line = self.equations.line_at(self.shape, number);
            if let Some(complement) = self.cheapest_complement(line) {
                self.hide(complement);
                let unknown = self.equations.unknown_of[complement] as usize;
                queue.extend(self.equations.lines_of(unknown).iter().map(|&n| n as usize));
            }
        }
    }

    /// The count of a line's suppressed entry, if it holds only one.
    fn lone_count(&self, number: usize) -> Option<i64> {
        let equations = &self.equations;
        (equations.filled[number] == 1).then(|| {
            let unknown = equations.unknowns(number)[0] & !TOTAL;
            self.counts[equations.entries[unknown as usize]]
        })
    }

    /// The shown entry of a line with the smallest count, lowest index on
    /// ties: hiding it costs the public the least.
    fn cheapest_complement(&self, line: LineId) -> Option<usize> {
        self.shape
            .members(line)
            .filter(|&e| !self.state[e].suppressed())
            .min_by_key(|&e| (self.counts[e], e))
    }

    /// Suppressed entries the adversary pins, or cannot be proven not to,
    /// in index order. The adversary runs from scratch the first time, and
    /// is brought up to date after.
    fn pinned(&mut self) -> Vec<usize> {
        let settling = match &mut self.knowledge {
            Some(knowledge) if knowledge.settled => self.equations.update(knowledge),
            _ => {
                let (knowledge, settling) = self.equations.adversary();
                self.knowledge = Some(knowledge);
                settling
            }
        };
        let mut pinned = match settling {
            Settling::Settled => Vec::new(),
            Settling::Unsettled(moving) => moving,
        };
        let knowledge = self.knowledge.as_ref().expect("the adversary has run");
        pinned.extend((0..knowledge.bounds.len()).filter(|&u| knowledge.pinned(u)));
        // A zero worked out tells of nobody: only counts are at risk.
        let mut pinned: Vec<usize> = pinned
            .into_iter()
            .map(|u| self.equations.entries[u])
            .filter(|&e| self.counts[e] > 0)
            .collect();
        pinned.sort_unstable();
        pinned.dedup();
        pinned
    }

    /// Entries pinned even when every count is suppressed: the "<5" labels
    /// give them away, and no more hiding can help.
    /// Hiding only widens what the adversary knows, so an entry free there
    /// can be freed here.
    fn beyond_reach(&self) -> Vec<bool> {
        let all_hidden: Vec<State> = self.counts.iter().map(|&c| State::all_hidden(c)).collect();
        let equations = Equations::new(self.shape, self.counts, &all_hidden);
        // Settled or not, the bounds are sound: what they pin is pinned.
        let (knowledge, _) = equations.adversary();
        let mut pinned = vec![false; self.shape.len];
        for (unknown, &entry) in equations.entries.iter().enumerate() {
            pinned[entry] = knowledge.pinned(unknown);
        }
        pinned
    }

    /// Hides one more entry near each at-risk entry, skipping an entry one
    /// of whose lines already got a new hidden entry this round: that may
    /// free it, and the next round tells.
    fn hide_near(&mut self, at_risk: &[usize]) -> Vec<usize> {
        let mut touched: HashSet<LineId> = HashSet::new();
        let mut hidden = Vec::new();
        for &entry in at_risk {
            if self
                .shape
                .lines_through(entry)
                .any(|l| touched.contains(&l))
            {
                continue;
            }
            if let Some(complement) = self.complement_near(entry) {
                self.hide(complement);
                touched.extend(self.shape.lines_through(complement));
                hidden.push(complement);
            }
        }
        hidden
    }

    /// Where to hide one more entry for an at-risk `entry`. First along the
    /// adversary's derivation: the lines whose sum yields its bounds, then
    /// those yielding the bounds of the suppressed entries in them, and so
    /// on. Failing that, its own lines in dimension order, then those of the
    /// suppressed entries linked to it, nearest first. In each line, the
    /// cheapest complement.
    fn complement_near(&self, entry: usize) -> Option<usize> {
        self.nearest_complement(entry, |line, member| self.bounds_from(line, member))
            .or_else(|| self.nearest_complement(entry, |_, _| true))
    }

    /// Breadth-first from `entry` over the lines `follow` accepts for each
    /// suppressed entry reached: the cheapest complement of the first line
    /// that has one.
    fn nearest_complement(
        &self,
        entry: usize,
        follow: impl Fn(LineId, usize) -> bool,
    ) -> Option<usize> {
        let mut seen_lines: HashSet<LineId> = HashSet::new();
        let mut seen: HashSet<usize> = HashSet::from([entry]);
        let mut frontier = VecDeque::from([entry]);
        while let Some(from) = frontier.pop_front() {
            for line in self.shape.lines_through(from) {
                if !follow(line, from) || !seen_lines.insert(line) {
                    continue;
                }
                if let Some(complement) = self.cheapest_complement(line) {
                    return Some(complement);
                }
                for member in self.shape.members(line) {
                    if self.state[member].suppressed() && seen.insert(member) {
                        frontier.push_back(member);
                    }
                }
            }
        }
        None
    }

    /// Whether this line's sum alone yields the lower or the upper bound the
    /// adversary has for a suppressed `entry`.
    fn bounds_from(&self, line: LineId, entry: usize) -> bool {
        let Some(knowledge) = &self.knowledge else {
            return false;
        };
        let equations = &self.equations;
        let bounds = &knowledge.bounds;
        let number = equations.line_number(self.shape, line);
        let unknown = equations.unknown_of[entry];
        let unknowns = equations.unknowns(number);
        let Some(&marked) = unknowns.iter().find(|&&m| m & !TOTAL == unknown) else {
            return false;
        };
        let sums = Equations::sums(unknowns, bounds);
        let [lo, hi] = Equations::implied(equations.rest[number], &sums, marked, bounds);
        let [known_lo, known_hi] = bounds[unknown as usize];
        lo >= i128::from(known_lo) || hi <= wide(known_hi)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::time::Instant;

    use proptest::prelude::*;

    use super::*;
    use Shown::{Exact, Hidden, Small};

    /// A lattice of counts only, from (cell, count) contributions.
    fn lattice(sizes: &[u16], cells: &[(&[u16], i64)]) -> Lattice {
        let mut cube = Cube::new(sizes, 0).unwrap();
        for (cell, count) in cells {
            cube.add(cell, *count, &[]).unwrap();
        }
        cube.marginals()
    }

    /// A one-dimensional lattice: one count per value.
    fn row(counts: &[i64]) -> Lattice {
        let cells: Vec<([u16; 1], i64)> = counts
            .iter()
            .enumerate()
            .map(|(v, &c)| ([v as u16], c))
            .collect();
        let cells: Vec<(&[u16], i64)> = cells.iter().map(|(k, c)| (&k[..], *c)).collect();
        lattice(&[counts.len() as u16], &cells)
    }

    /// What a one-dimensional table shows: its cells, then its total.
    fn shown_row(p: &Protected) -> Vec<Shown> {
        let n = p.sizes()[0];
        (0..n)
            .map(Some)
            .chain([None])
            .map(|v| p.shown(&[v]))
            .collect()
    }

    /// A display set by hand: primary suppression and the given entries
    /// hidden, nothing else; for checking the auditor.
    fn by_hand(lattice: Lattice, hidden: &[&Key]) -> Protected {
        let mut state: Vec<State> = lattice.counts.iter().map(|&c| State::primary(c)).collect();
        for key in hidden {
            state[lattice.shape.entry(key)] = State::Hidden;
        }
        Protected { lattice, state }
    }

    /// The display where every count is suppressed: the most the
    /// protection could ever hide.
    fn everything_hidden(lattice: Lattice) -> Protected {
        let state = lattice
            .counts
            .iter()
            .map(|&c| State::all_hidden(c))
            .collect();
        Protected { lattice, state }
    }

    fn pinned(leaks: &[Leak]) -> BTreeSet<Vec<Option<u16>>> {
        leaks
            .iter()
            .filter_map(|leak| match leak {
                Leak::Pinned { entry, .. } => Some(entry.clone()),
                _ => None,
            })
            .collect()
    }

    fn all_keys(shape: &Shape) -> impl Iterator<Item = Vec<Option<u16>>> + '_ {
        (0..shape.len).map(|e| shape.key(e))
    }

    #[test]
    fn marginals_add_up_contributions_and_measures() {
        let mut cube = Cube::new(&[2, 3], 2).unwrap();
        cube.add(&[0, 1], 2, &[10, 1]).unwrap();
        cube.add(&[0, 1], 3, &[5, -1]).unwrap();
        cube.add(&[1, 2], 7, &[70, 7]).unwrap();
        let lattice = cube.marginals();
        assert_eq!(lattice.entries(), 3 * 4);
        assert_eq!(lattice.get(&[Some(0), Some(1)]), (5, &[15, 0][..]));
        assert_eq!(lattice.get(&[Some(0), None]), (5, &[15, 0][..]));
        assert_eq!(lattice.get(&[None, Some(2)]), (7, &[70, 7][..]));
        assert_eq!(lattice.get(&[None, None]), (12, &[85, 7][..]));
        assert_eq!(lattice.get(&[Some(1), Some(0)]), (0, &[0, 0][..]));
    }

    #[test]
    fn refused_contributions_change_nothing() {
        assert_eq!(Cube::new(&[], 0).err(), Some(CubeError::Dimensions(0)));
        assert_eq!(Cube::new(&[1; 7], 0).err(), Some(CubeError::Dimensions(7)));
        assert_eq!(
            Cube::new(&[3, 0], 0).err(),
            Some(CubeError::EmptyDimension(1))
        );
        assert_eq!(
            Cube::new(&[u16::MAX; 2], 0).err(),
            Some(CubeError::TooLarge)
        );
        let mut cube = Cube::new(&[2, 2], 1).unwrap();
        let refused = [
            cube.add(&[0], 1, &[0]),
            cube.add(&[0, 2], 1, &[0]),
            cube.add(&[0, 1], 1, &[]),
            cube.add(&[0, 1], -1, &[0]),
        ];
        assert_eq!(
            refused,
            [
                Err(CubeError::Arity {
                    expected: 2,
                    got: 1
                }),
                Err(CubeError::OutOfRange {
                    dimension: 1,
                    value: 2
                }),
                Err(CubeError::Measures {
                    expected: 1,
                    got: 0
                }),
                Err(CubeError::NegativeCount),
            ]
        );
        cube.add(&[0, 0], 1, &[i64::MAX]).unwrap();
        assert_eq!(cube.add(&[1, 1], 1, &[1]), Err(CubeError::Overflow));
        assert_eq!(cube.marginals().get(&[None, None]), (1, &[i64::MAX][..]));
    }

    #[test]
    #[should_panic(expected = "does not fit")]
    fn a_key_beyond_the_cube_is_a_bug() {
        row(&[1, 2]).protect().shown(&[Some(2)]);
    }

    #[test]
    fn a_lone_small_cell_gets_a_complement() {
        let p = row(&[7, 2, 9]).protect();
        assert_eq!(shown_row(&p), [Hidden, Small, Exact(9), Exact(18)]);
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn a_small_cell_in_a_table_gets_complements_in_its_row_and_column() {
        let counts = [[10, 12, 3], [8, 9, 11], [7, 6, 13]];
        let cells: Vec<([u16; 2], i64)> = (0..3)
            .flat_map(|r| (0..3).map(move |c| ([r as u16, c as u16], counts[r][c])))
            .collect();
        let cells: Vec<(&[u16], i64)> = cells.iter().map(|(k, c)| (&k[..], *c)).collect();
        let p = lattice(&[3, 3], &cells).protect();
        let at = |r: Option<u16>, c: Option<u16>| p.shown(&[r, c]);
        assert_eq!(at(Some(0), Some(2)), Small);
        // Its row and column get one complement each, and the rectangle
        // closes at the smallest count of the complement's row.
        assert_eq!(at(Some(0), Some(0)), Hidden);
        assert_eq!(at(Some(1), Some(2)), Hidden);
        assert_eq!(at(Some(1), Some(0)), Hidden);
        let hidden = all_keys(&p.lattice.shape)
            .filter(|k| p.shown(k) == Hidden)
            .count();
        assert_eq!(hidden, 3);
        assert_eq!(at(None, None), Exact(79));
        assert_eq!(at(Some(0), None), Exact(25));
        assert_eq!(p.measures(&[Some(0), Some(2)]), None);
        assert_eq!(p.measures(&[None, None]), Some(&[][..]));
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn two_small_cells_pinned_by_their_total_get_a_third_hidden() {
        // Shown alone, 4 + 4 = 23 - 6 - 9 would give both away, since "<5"
        // is 4 at most.
        let p = row(&[4, 4, 6, 9]).protect();
        assert_eq!(shown_row(&p), [Small, Small, Hidden, Exact(9), Exact(23)]);
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn two_small_cells_their_total_leaves_open_need_no_more() {
        // 1 + 1 = 17 - 6 - 9 = 2 could be 0 + 2 or 2 + 0 as well.
        let p = row(&[1, 1, 6, 9]).protect();
        assert_eq!(shown_row(&p), [Small, Small, Exact(6), Exact(9), Exact(17)]);
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn zeros_are_small_and_keep_small_counts_company() {
        let p = row(&[0, 2, 0, 8]).protect();
        assert_eq!(shown_row(&p), [Small, Small, Small, Exact(8), Exact(10)]);
        assert_eq!(p.audit(), []);
        let p = row(&[0, 3, 0]).protect();
        assert_eq!(shown_row(&p), [Small, Small, Small, Small]);
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn a_zero_may_be_worked_out() {
        // 15 - 6 - 9 tells that nobody is in the first cell: nobody to
        // protect.
        let p = row(&[0, 6, 9]).protect();
        assert_eq!(shown_row(&p), [Small, Exact(6), Exact(9), Exact(15)]);
        assert_eq!(p.audit(), []);
        let p = row(&[0, 0, 6]).protect();
        assert_eq!(shown_row(&p), [Small, Small, Exact(6), Exact(6)]);
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn a_count_the_zeros_give_away_gets_a_complement() {
        // The zero column makes the first row's cells 0 and 2, exactly.
        let p = lattice(
            &[2, 2],
            &[(&[0, 0], 0), (&[0, 1], 2), (&[1, 0], 0), (&[1, 1], 9)],
        )
        .protect();
        assert_eq!(p.shown(&[Some(0), Some(1)]), Small);
        assert_eq!(p.audit(), []);
        assert!(
            all_keys(&p.lattice.shape).any(|k| p.shown(&k) == Hidden),
            "something is hidden to cover the 2"
        );
    }

    #[test]
    fn an_empty_cube_shows_nothing_exactly() {
        let mut cube = Cube::new(&[2, 3, 1], 1).unwrap();
        cube.add(&[1, 2, 0], 0, &[0]).unwrap();
        let p = cube.marginals().protect();
        for key in all_keys(&p.lattice.shape) {
            assert_eq!(p.shown(&key), Small);
            assert_eq!(p.measures(&key), None);
        }
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn a_cube_of_small_cells_shows_only_margins() {
        let counts = [[1, 2, 3], [4, 1, 2]];
        let cells: Vec<([u16; 2], i64)> = (0..2)
            .flat_map(|r| (0..3).map(move |c| ([r as u16, c as u16], counts[r][c])))
            .collect();
        let cells: Vec<(&[u16], i64)> = cells.iter().map(|(k, c)| (&k[..], *c)).collect();
        let p = lattice(&[2, 3], &cells).protect();
        for r in 0..2 {
            for c in 0..3 {
                assert_eq!(p.shown(&[Some(r), Some(c)]), Small);
            }
        }
        assert_eq!(p.shown(&[Some(0), None]), Exact(6));
        assert_eq!(p.shown(&[Some(1), None]), Exact(7));
        // 13 - 5 - 5 would give the "<5" column total back.
        assert_eq!(p.shown(&[None, Some(0)]), Hidden);
        assert_eq!(p.shown(&[None, Some(1)]), Small);
        assert_eq!(p.shown(&[None, Some(2)]), Exact(5));
        assert_eq!(p.shown(&[None, None]), Exact(13));
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn small_cells_a_shown_total_would_pin_hide_the_total() {
        // Five cells of "<5" adding up to 20 are 4 each: only the total can
        // be hidden.
        let p = row(&[4, 4, 4, 4, 4]).protect();
        assert_eq!(shown_row(&p), [Small, Small, Small, Small, Small, Hidden]);
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn small_labels_alone_pin_nothing() {
        // Were "<5" 1 to 4, four of them under a "<5" total would be 1 each;
        // since it covers zero, they could be 0, 1, 2 or 3.
        let p = row(&[1, 1, 1, 1, 0]).protect();
        assert_eq!(shown_row(&p), [Small; 6]);
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn the_audit_finds_a_lone_suppressed_entry() {
        let p = by_hand(row(&[7, 2, 9]), &[]);
        let leaks = p.audit();
        assert!(leaks.contains(&Leak::LoneSuppression {
            line: Line {
                dimension: 0,
                total: vec![None]
            }
        }));
        assert!(leaks.contains(&Leak::Pinned {
            entry: vec![Some(1)],
            value: 2
        }));
        assert_eq!(leaks.len(), 2);
    }

    #[test]
    fn the_audit_finds_a_pinned_pair() {
        let p = by_hand(row(&[4, 4, 6, 9]), &[]);
        assert_eq!(
            p.audit(),
            [
                Leak::Pinned {
                    entry: vec![Some(0)],
                    value: 4
                },
                Leak::Pinned {
                    entry: vec![Some(1)],
                    value: 4
                },
            ]
        );
    }

    #[test]
    fn the_audit_finds_a_pin_across_lines() {
        // Hiding 10 and 12 in the first row leaves each alone in its column.
        let p = by_hand(
            lattice(
                &[2, 2],
                &[(&[0, 0], 10), (&[0, 1], 12), (&[1, 0], 7), (&[1, 1], 3)],
            ),
            &[&[Some(0), Some(0)], &[Some(0), Some(1)]],
        );
        let leaks = p.audit();
        assert!(leaks.contains(&Leak::Pinned {
            entry: vec![Some(0), Some(0)],
            value: 10
        }));
        assert!(leaks.contains(&Leak::Pinned {
            entry: vec![Some(1), Some(1)],
            value: 3
        }));
    }

    type Contribution = (Vec<u16>, i64, Vec<i64>);

    /// Random cubes: 1 to 4 dimensions of 1 to 6 values, sparse counts from
    /// 0 to 12 with many small ones, 0 to 2 measures.
    fn cubes() -> impl Strategy<Value = (Vec<u16>, usize, Vec<Contribution>)> {
        (prop::collection::vec(1u16..=6, 1..=4), 0usize..=2).prop_flat_map(|(sizes, m)| {
            let cells: usize = sizes.iter().map(|&n| usize::from(n)).product();
            let cell: Vec<std::ops::Range<u16>> = sizes.iter().map(|&n| 0..n).collect();
            let count = prop_oneof![3 => 1i64..=4, 1 => 0i64..=12];
            let contribution = (cell, count, prop::collection::vec(-50i64..200, m));
            (
                Just(sizes),
                Just(m),
                prop::collection::vec(contribution, 0..=(2 * cells).min(80)),
            )
        })
    }

    fn cube_of(sizes: &[u16], m: usize, contributions: &[Contribution]) -> Lattice {
        let mut cube = Cube::new(sizes, m).unwrap();
        for (cell, count, measures) in contributions {
            cube.add(cell, *count, measures).unwrap();
        }
        cube.marginals()
    }

    /// The count and measures an entry covers, summed straight from the
    /// contributions.
    fn summed(key: &Key, m: usize, contributions: &[Contribution]) -> (i64, Vec<i64>) {
        let mut sums = (0, vec![0; m]);
        for (cell, count, measures) in contributions {
            if key.iter().zip(cell).all(|(k, &c)| k.is_none_or(|v| v == c)) {
                sums.0 += count;
                sums.1.iter_mut().zip(measures).for_each(|(s, x)| *s += x);
            }
        }
        sums
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// On random cubes: every count from 0 to 4 shows "<5", every shown
        /// count is the true one, measures show exactly with their count,
        /// and the auditor finds nothing that more suppression could have
        /// protected.
        #[test]
        fn protection_leaves_nothing_to_derive((sizes, m, contributions) in cubes()) {
            let lattice = cube_of(&sizes, m, &contributions);
            let p = lattice.clone().protect();
            for key in all_keys(&p.lattice.shape) {
                let (count, measures) = summed(&key, m, &contributions);
                prop_assert_eq!(lattice.get(&key), (count, &measures[..]));
                let shown = p.shown(&key);
                match shown {
                    Exact(v) => prop_assert_eq!(v, count),
                    Small => prop_assert!(count < THRESHOLD),
                    Hidden => prop_assert!(count >= THRESHOLD),
                }
                if count < THRESHOLD {
                    prop_assert_eq!(shown, Small);
                }
                let expected = matches!(shown, Exact(_)).then_some(&measures[..]);
                prop_assert_eq!(p.measures(&key), expected);
            }
            // Only what no suppression can protect may be derived.
            let leaks = p.audit();
            let beyond_reach = pinned(&everything_hidden(lattice).audit());
            for leak in &leaks {
                match leak {
                    Leak::Pinned { entry, .. } => prop_assert!(beyond_reach.contains(entry)),
                    other => prop_assert!(false, "unexpected leak {:?}", other),
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Bringing the adversary up to date after hiding entries, a few at
        /// a time, reaches the same bounds as running it again from scratch.
        #[test]
        fn an_updated_adversary_knows_what_a_fresh_one_knows(
            (sizes, m, contributions) in cubes(),
            rounds in prop::collection::vec(
                prop::collection::vec(any::<prop::sample::Index>(), 1..4),
                1..5,
            ),
        ) {
            let lattice = cube_of(&sizes, m, &contributions);
            let mut suppression = Suppression::new(&lattice.shape, &lattice.counts);
            let (knowledge, _) = suppression.equations.adversary();
            suppression.knowledge = Some(knowledge);
            for picks in rounds {
                for pick in picks {
                    let shown: Vec<usize> = (0..lattice.shape.len)
                        .filter(|&e| !suppression.state[e].suppressed())
                        .collect();
                    if !shown.is_empty() {
                        suppression.hide(*pick.get(&shown));
                    }
                }
                let knowledge = suppression.knowledge.as_mut().unwrap();
                let updated = suppression.equations.update(knowledge);
                let (fresh, settling) = suppression.equations.adversary();
                if matches!((updated, settling), (Settling::Settled, Settling::Settled)) {
                    prop_assert_eq!(&suppression.knowledge.as_ref().unwrap().bounds, &fresh.bounds);
                } else {
                    suppression.knowledge = Some(fresh);
                }
            }
        }
    }

    /// The values each entry takes over every completion of the suppressed
    /// finest cells within the adversary's ranges (hidden ones up to `cap`)
    /// that agrees with everything shown; stops once every entry in `open`
    /// has two values. `None` if the search grew too long.
    fn completions(p: &Protected, cap: i64, open: &[usize]) -> Option<Vec<BTreeSet<i64>>> {
        let shape = &p.lattice.shape;
        let finest: Vec<usize> = (0..shape.len)
            .filter(|&e| (0..shape.dimensions()).all(|k| shape.position(e, k) < shape.extent(k)))
            .collect();
        let covers = |e: usize, c: usize| {
            (0..shape.dimensions()).all(|k| {
                let at = shape.position(e, k);
                at == shape.extent(k) || at == shape.position(c, k)
            })
        };
        let covering: Vec<Vec<usize>> = finest
            .iter()
            .map(|&c| (0..shape.len).filter(|&e| covers(e, c)).collect())
            .collect();
        let range: Vec<(i64, i64)> = (0..shape.len)
            .map(|e| match p.state[e] {
                State::Exact => (p.lattice.counts[e], p.lattice.counts[e]),
                State::Small => (0, THRESHOLD - 1),
                State::Hidden => (THRESHOLD, cap),
            })
            .collect();
        let mut search = Search {
            finest: &finest,
            covering: &covering,
            range: &range,
            open,
            partial: vec![0; shape.len],
            remaining: (0..shape.len)
                .map(|e| finest.iter().filter(|&&c| covers(e, c)).count())
                .collect(),
            values: vec![BTreeSet::new(); shape.len],
            budget: 3_000_000,
        };
        search.from(0);
        (search.budget > 0 || search.done()).then_some(search.values)
    }

    struct Search<'a> {
        finest: &'a [usize],
        covering: &'a [Vec<usize>],
        range: &'a [(i64, i64)],
        open: &'a [usize],
        partial: Vec<i64>,
        remaining: Vec<usize>,
        values: Vec<BTreeSet<i64>>,
        budget: usize,
    }

    impl Search<'_> {
        fn done(&self) -> bool {
            self.open.iter().all(|&e| self.values[e].len() >= 2)
        }

        fn from(&mut self, i: usize) {
            if i == self.finest.len() {
                for (e, v) in self.values.iter_mut().enumerate() {
                    v.insert(self.partial[e]);
                }
                return;
            }
            let (lo, hi) = self.range[self.finest[i]];
            for value in lo..=hi {
                if self.budget == 0 || self.done() {
                    return;
                }
                self.budget -= 1;
                let mut fits = true;
                for &e in &self.covering[i] {
                    self.partial[e] += value;
                    self.remaining[e] -= 1;
                    let (lo, hi) = self.range[e];
                    fits &=
                        self.partial[e] <= hi && (self.remaining[e] > 0 || self.partial[e] >= lo);
                }
                if fits {
                    self.from(i + 1);
                }
                for &e in &self.covering[i] {
                    self.partial[e] -= value;
                    self.remaining[e] += 1;
                }
            }
        }
    }

    /// Tiny cubes: one dimension of 1 to 4 values, or 2×2, 2×3, 3×2, with
    /// counts up to 8; and which entries of 5 or more a display set by hand
    /// hides.
    fn tiny_cubes() -> impl Strategy<Value = (Vec<u16>, Vec<i64>, Vec<bool>)> {
        prop_oneof![
            (1u16..=4).prop_map(|n| vec![n]),
            Just(vec![2, 2]),
            Just(vec![2, 3]),
            Just(vec![3, 2]),
        ]
        .prop_flat_map(|sizes| {
            let cells = sizes.iter().map(|&n| usize::from(n)).product::<usize>();
            let entries = sizes.iter().map(|&n| usize::from(n) + 1).product::<usize>();
            let count = prop_oneof![2 => 0i64..=4, 3 => 0i64..=8];
            (
                Just(sizes),
                prop::collection::vec(count, cells),
                prop::collection::vec(prop::bool::weighted(0.3), entries),
            )
        })
    }

    fn tiny_lattice(sizes: &[u16], counts: &[i64]) -> Lattice {
        let columns = usize::from(*sizes.last().unwrap());
        let mut cube = Cube::new(sizes, 0).unwrap();
        for (i, &count) in counts.iter().enumerate() {
            let cell: Vec<u16> = if sizes.len() == 1 {
                vec![i as u16]
            } else {
                vec![(i / columns) as u16, (i % columns) as u16]
            };
            cube.add(&cell, count, &[]).unwrap();
        }
        cube.marginals()
    }

    /// Checks the auditor against the real question: over every way to fill
    /// in what is suppressed consistently with what is shown, each suppressed
    /// entry it leaves open takes two values or more, and each it reports
    /// pinned takes only the reported one. Returns the pinned entries, or
    /// `None` if the search grew too long.
    fn brute_force(
        p: &Protected,
        grand_total: i64,
    ) -> Result<Option<BTreeSet<Vec<Option<u16>>>>, TestCaseError> {
        let shape = &p.lattice.shape;
        let leaks = p.audit();
        prop_assert!(!leaks.contains(&Leak::Unsettled));
        let reported = pinned(&leaks);
        let open: Vec<usize> = (0..shape.len)
            .filter(|&e| {
                p.state[e].suppressed()
                    && p.lattice.counts[e] > 0
                    && !reported.contains(&shape.key(e))
            })
            .collect();
        let Some(values) = completions(p, 40.max(2 * grand_total), &open) else {
            return Ok(None);
        };
        for &e in &open {
            prop_assert!(
                values[e].len() >= 2,
                "entry {:?} pinned to {:?}",
                shape.key(e),
                values[e]
            );
        }
        for leak in &leaks {
            if let Leak::Pinned { entry, value } = leak {
                let e = shape.entry(entry);
                prop_assert!(values[e].iter().all(|v| v == value));
            }
        }
        Ok(Some(reported))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// On tiny cubes, brute force confirms the auditor on protected
        /// displays and on displays hiding entries at random, and confirms
        /// that protection leaves derivable only what no suppression can
        /// protect.
        #[test]
        fn brute_force_agrees_with_the_adversary((sizes, counts, hide) in tiny_cubes()) {
            let lattice = tiny_lattice(&sizes, &counts);
            let grand_total: i64 = counts.iter().sum();
            let beyond_reach = pinned(&everything_hidden(lattice.clone()).audit());
            let protected = brute_force(&lattice.clone().protect(), grand_total)?;
            prop_assume!(protected.is_some(), "search too long");
            prop_assert!(protected.unwrap().is_subset(&beyond_reach));
            let mut by_hand = by_hand(lattice, &[]);
            for (e, &hidden) in hide.iter().enumerate() {
                if hidden && by_hand.lattice.counts[e] >= THRESHOLD {
                    by_hand.state[e] = State::Hidden;
                }
            }
            brute_force(&by_hand, grand_total)?;
        }
    }

    /// A deterministic stream of counts for the timing run.
    struct Xorshift(u64);

    impl Xorshift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    /// Times protection of a lattice of about 400,000 entries; run with
    /// `cargo test --release --lib disclosure -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn timing_of_a_large_lattice() {
        let sizes = [8u16, 60, 60, 2, 3];
        for (zeros, smalls) in [(55, 30), (80, 15), (20, 10)] {
            let mut rng = Xorshift(0x5eed_cafe_f00d);
            let mut cube = Cube::new(&sizes, 2).unwrap();
            let mut cell = [0u16; 5];
            let finest: usize = sizes.iter().map(|&n| usize::from(n)).product();
            for i in 0..finest {
                let mut rest = i;
                for k in (0..5).rev() {
                    cell[k] = (rest % usize::from(sizes[k])) as u16;
                    rest /= usize::from(sizes[k]);
                }
                let roll = rng.next() % 100;
                let count = if roll < zeros {
                    0
                } else if roll < zeros + smalls {
                    1 + (rng.next() % 4) as i64
                } else {
                    5 + (rng.next() % 36) as i64
                };
                cube.add(&cell, count, &[count * 12, count * 40]).unwrap();
            }
            let lattice = cube.marginals();
            let small = lattice.counts.iter().filter(|&&c| c < THRESHOLD).count();
            // The machine may be busy: the fastest of a few runs.
            let mut times = Vec::new();
            let mut protected = None;
            for _ in 0..5 {
                let copy = lattice.clone();
                let started = Instant::now();
                protected = Some(copy.protect());
                times.push(started.elapsed());
            }
            times.sort();
            let (protecting, slowest) = (times[0], times[times.len() - 1]);
            let p = protected.unwrap();
            let started = Instant::now();
            let leaks = pinned(&p.audit()).len();
            let auditing = started.elapsed();
            let hidden = p.state.iter().filter(|&&s| s == State::Hidden).count();
            println!(
                "{} entries, {small} small, {hidden} hidden: protected in {protecting:?} \
                 (slowest of 5: {slowest:?}), audited in {auditing:?}, \
                 {} leaks beyond reach of suppression",
                p.lattice.entries(),
                leaks
            );
        }
    }
}
