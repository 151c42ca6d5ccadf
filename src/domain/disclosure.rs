//! Disclosure control for the observatory's public statistics.
//!
//! The observatory publishes counts of professionals, and sums of measures
//! such as days or hours, broken down by a few dimensions (country,
//! profession, year...). No published figure may tell anyone that a cell
//! holds one, two, three or four professionals, nor let them work such a
//! count out from other figures.
//!
//! The figures come from a [`Cube`] of finest cells. Every published table is
//! a piece of its [`Lattice`] of marginals, where each dimension is either one
//! value or "all". [`Lattice::protect`] decides what each entry shows:
//!
//! 1. primary suppression: a count from 1 to 4 is shown as "<5";
//! 2. complementary suppression: a line (one dimension varying, the others
//!    fixed, with its total) never holds exactly one suppressed entry, since
//!    subtraction would give it back;
//! 3. no pinning: an adversary who knows every shown figure, that "<5" means
//!    1 to 4, that a hidden count is at least 5 and that every line adds up,
//!    narrows the bounds of each suppressed entry line by line (interval
//!    propagation); no suppressed entry may end with a single possible value.
//!
//! Public filters pick single values of dimensions, so every table a visitor
//! can reach, and every difference of two of them, goes through lines.
//!
//! Interval propagation over lines is the standard line-based auditor of
//! suppression patterns. It is sound (whatever it derives, an adversary can
//! derive) but not complete: a linear or integer program over all lines at
//! once could in theory pin an entry that propagation leaves open.
//!
//! Suppression cannot protect what the "<5" labels and the zeros give away on
//! their own: four cells of "<5" in a line whose total is "<5" are 1 each,
//! whatever else is hidden. [`Lattice::protect`] does not hide entries in
//! vain for those; [`Protected::audit`] reports them, and a caller publishes
//! such a table at a coarser level.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::mem;

/// Smallest count of professionals a public figure may show exactly (zero
/// apart).
pub const THRESHOLD: i64 = 5;
/// Most dimensions a cube may have.
pub const MAX_DIMENSIONS: usize = 6;
/// Most entries a lattice may have: sixteen million, a bound on memory.
pub const MAX_ENTRIES: usize = 1 << 24;

/// Sweeps of the dirty lines protection allows the adversary before it calls
/// the suppression pattern unproven and hides more.
const PASSES: usize = 64;
/// Sweeps the auditor allows itself: more than protection, so that what
/// protection proves the auditor proves too.
const AUDIT_PASSES: usize = 4 * PASSES;
/// Upper bound of a hidden count nothing limits.
const UNBOUNDED: i64 = i64::MAX;
/// Stands for plus infinity in line sums: far beyond any sum of counts (a
/// line has at most 65,536 entries of at most `i64::MAX`, under 2^79).
const FAR: i128 = 1 << 100;

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
    /// The lattice would exceed [`MAX_ENTRIES`] entries.
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
            Self::TooLarge => write!(f, "the lattice would exceed {MAX_ENTRIES} entries"),
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

/// The layout of a lattice: dimension sizes and the dense index. Position
/// `n_k` of dimension `k` stands for "all".
#[derive(Clone, Debug)]
struct Shape {
    sizes: Vec<u16>,
    strides: Vec<usize>,
    len: usize,
}

/// One line: the entries along `dimension` that add up to `total`, an entry
/// whose position in that dimension is "all".
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
    /// contributions: while it fits, no marginal can overflow.
    magnitudes: Vec<i64>,
}

impl Cube {
    /// An empty cube with `sizes[k]` values in dimension `k` and `measures`
    /// measures per contribution.
    pub fn new(sizes: &[u16], measures: usize) -> Result<Cube, CubeError> {
        let shape = Shape::new(sizes)?;
        let values = shape
            .len
            .checked_mul(measures)
            .filter(|&n| n <= MAX_ENTRIES * 8)
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
        if measures.len() != self.lattice.measure_count {
            return Err(CubeError::Measures {
                expected: self.lattice.measure_count,
                got: measures.len(),
            });
        }
        if count < 0 {
            return Err(CubeError::NegativeCount);
        }
        self.magnitudes = self.grown_magnitudes(count, measures)?;
        let lattice = &mut self.lattice;
        lattice.counts[entry] += count;
        let m = lattice.measure_count;
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
        for k in 0..self.lattice.shape.dimensions() {
            self.lattice.sum_along(k);
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
        if let Some(k) = (0..cell.len()).find(|&k| usize::from(cell[k]) >= shape.extent(k)) {
            return Err(CubeError::OutOfRange {
                dimension: k,
                value: cell[k],
            });
        }
        let key: Vec<Option<u16>> = cell.iter().copied().map(Some).collect();
        Ok(shape.entry(&key))
    }

    fn grown_magnitudes(&self, count: i64, measures: &[i64]) -> Result<Vec<i64>, CubeError> {
        let added = std::iter::once(count).chain(measures.iter().copied());
        self.magnitudes
            .iter()
            .zip(added)
            .map(|(sum, x)| sum.checked_add(x.checked_abs()?))
            .collect::<Option<Vec<i64>>>()
            .ok_or(CubeError::Overflow)
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
    fn sum_along(&mut self, k: usize) {
        let m = self.measure_count;
        let lines: Vec<LineId> = self.shape.lines(k).collect();
        for line in lines {
            let (mut count, mut sums) = (0, vec![0; m]);
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
            self.measures[line.total * m..(line.total + 1) * m].copy_from_slice(&sums);
        }
    }
}

/// What the public sees of an entry's count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// The count: at least [`THRESHOLD`], or 0.
    Exact(i64),
    /// From 1 to 4 professionals, printed "<5".
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
        if count > 0 && count < THRESHOLD {
            State::Small
        } else {
            State::Exact
        }
    }

    fn suppressed(self) -> bool {
        self != State::Exact
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
    /// A line with a single suppressed entry: its total minus the rest gives
    /// it back.
    LoneSuppression { line: Line },
    /// A suppressed entry whose count the adversary derives exactly.
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

    /// Replays the adversary from scratch on what is shown, and nothing else:
    /// every line with a single suppressed entry, and every suppressed entry
    /// whose count interval propagation pins. Empty when the public figures
    /// give nothing away that this auditor can find.
    pub fn audit(&self) -> Vec<Leak> {
        let shape = &self.lattice.shape;
        let mut leaks: Vec<Leak> = shape
            .all_lines()
            .filter(|&line| suppressed_in(shape, &self.state, line) == 1)
            .map(|line| Leak::LoneSuppression {
                line: Line {
                    dimension: line.dimension,
                    total: shape.key(line.total),
                },
            })
            .collect();
        let mut bounds = Bounds::shown(&self.lattice.counts, &self.state);
        if !self.sweep_to_fixpoint(&mut bounds) {
            leaks.push(Leak::Unsettled);
        }
        leaks.extend(
            (0..shape.len)
                .filter(|&e| self.state[e].suppressed() && bounds.pinned(e))
                .map(|e| Leak::Pinned {
                    entry: shape.key(e),
                    value: bounds.lo[e],
                }),
        );
        leaks
    }

    /// Narrows along every line, again and again, until nothing moves;
    /// false if the passes ran out first.
    fn sweep_to_fixpoint(&self, bounds: &mut Bounds) -> bool {
        let shape = &self.lattice.shape;
        for _ in 0..AUDIT_PASSES {
            let mut moved = false;
            for line in shape.all_lines() {
                narrow_line(shape, line, &self.state, bounds, |_| moved = true);
            }
            if !moved {
                return true;
            }
        }
        false
    }
}

fn suppressed_in(shape: &Shape, state: &[State], line: LineId) -> usize {
    shape
        .members(line)
        .filter(|&e| state[e].suppressed())
        .count()
}

/// What the adversary knows of each entry's count: from `lo` to `hi`,
/// `hi` possibly [`UNBOUNDED`].
struct Bounds {
    lo: Vec<i64>,
    hi: Vec<i64>,
}

impl Bounds {
    /// The adversary's starting knowledge, from what is shown only: a shown
    /// count exactly, "<5" as 1 to 4, a hidden count as 5 or more.
    fn shown(counts: &[i64], state: &[State]) -> Bounds {
        let (lo, hi) = state
            .iter()
            .zip(counts)
            .map(|(s, &count)| match s {
                State::Exact => (count, count),
                State::Small => (1, THRESHOLD - 1),
                State::Hidden => (THRESHOLD, UNBOUNDED),
            })
            .unzip();
        Bounds { lo, hi }
    }

    fn pinned(&self, entry: usize) -> bool {
        self.lo[entry] == self.hi[entry]
    }

    fn wide_hi(&self, entry: usize) -> i128 {
        match self.hi[entry] {
            UNBOUNDED => FAR,
            hi => i128::from(hi),
        }
    }

    /// Keeps what is tighter of the known and the implied bounds; true if
    /// either moved. An implied upper bound beyond 64 bits says nothing.
    fn tighten(&mut self, entry: usize, lo: i128, hi: i128) -> bool {
        let mut moved = false;
        if lo > i128::from(self.lo[entry]) {
            self.lo[entry] = lo.min(i128::from(i64::MAX - 1)) as i64;
            moved = true;
        }
        if hi < i128::from(self.hi[entry]) && hi < i128::from(UNBOUNDED) {
            self.hi[entry] = hi.max(i128::from(i64::MIN)) as i64;
            moved = true;
        }
        moved
    }
}

/// The sums of one line's bounds, from which each member's implied bounds
/// follow: a cell is the total minus the other cells, the total is the sum
/// of the cells.
struct LineSums {
    cells_lo: i128,
    cells_hi: i128,
    total_lo: i128,
    total_hi: i128,
    suppressed: usize,
}

impl LineSums {
    fn of(shape: &Shape, line: LineId, state: &[State], bounds: &Bounds) -> LineSums {
        let mut sums = LineSums {
            cells_lo: 0,
            cells_hi: 0,
            total_lo: i128::from(bounds.lo[line.total]),
            total_hi: bounds.wide_hi(line.total),
            suppressed: 0,
        };
        for e in shape.members(line) {
            sums.suppressed += usize::from(state[e].suppressed());
            if e != line.total {
                sums.cells_lo += i128::from(bounds.lo[e]);
                sums.cells_hi += bounds.wide_hi(e);
            }
        }
        sums
    }

    /// The bounds of `entry` that this line alone implies; `FAR` stands for
    /// infinity, so sums holding it stay beyond 64 bits.
    fn implied(&self, line: LineId, entry: usize, bounds: &Bounds) -> (i128, i128) {
        if entry == line.total {
            return (self.cells_lo, self.cells_hi);
        }
        let others_lo = self.cells_lo - i128::from(bounds.lo[entry]);
        let others_hi = self.cells_hi - bounds.wide_hi(entry);
        (self.total_lo - others_hi, self.total_hi - others_lo)
    }
}

/// One step of the adversary: tightens the bounds of each suppressed entry
/// of a line from the line's sum, and calls `moved` for each that moved.
fn narrow_line(
    shape: &Shape,
    line: LineId,
    state: &[State],
    bounds: &mut Bounds,
    mut moved: impl FnMut(usize),
) {
    let sums = LineSums::of(shape, line, state, bounds);
    if sums.suppressed == 0 {
        return;
    }
    for e in shape.members(line).filter(|&e| state[e].suppressed()) {
        let (lo, hi) = sums.implied(line, e, bounds);
        if bounds.tighten(e, lo, hi) {
            moved(e);
        }
    }
}

/// How the adversary's propagation ended.
enum Settling {
    /// Nothing moves any more: the bounds are the fixpoint.
    Settled,
    /// The passes ran out; these entries still moved in the last one.
    Unsettled(Vec<usize>),
}

/// Lines waiting for the adversary's next pass, each at most once.
struct Dirty {
    /// Bit k of entry t: line (k, t) waits.
    waiting: Vec<u8>,
    lines: Vec<LineId>,
}

impl Dirty {
    fn new(shape: &Shape) -> Dirty {
        Dirty {
            waiting: vec![0; shape.len],
            lines: Vec::new(),
        }
    }

    fn push(&mut self, line: LineId) {
        let bit = 1 << line.dimension;
        if self.waiting[line.total] & bit == 0 {
            self.waiting[line.total] |= bit;
            self.lines.push(line);
        }
    }

    /// Marks a line taken for the current pass: if it moves again after, it
    /// waits for the next.
    fn take(&mut self, line: LineId) {
        self.waiting[line.total] &= !(1 << line.dimension);
    }
}

/// Runs the adversary to its fixpoint from `first` lines, keeping a queue of
/// the lines whose entries moved instead of sweeping every line.
fn settle(
    shape: &Shape,
    state: &[State],
    bounds: &mut Bounds,
    first: impl Iterator<Item = LineId>,
) -> Settling {
    let mut dirty = Dirty::new(shape);
    first.for_each(|line| dirty.push(line));
    let mut last_moved = Vec::new();
    for _ in 0..PASSES {
        if dirty.lines.is_empty() {
            return Settling::Settled;
        }
        last_moved.clear();
        for line in mem::take(&mut dirty.lines) {
            dirty.take(line);
            narrow_line(shape, line, state, bounds, |e| {
                last_moved.push(e);
                shape.lines_through(e).for_each(|l| dirty.push(l));
            });
        }
    }
    if dirty.lines.is_empty() {
        Settling::Settled
    } else {
        last_moved.sort_unstable();
        last_moved.dedup();
        Settling::Unsettled(last_moved)
    }
}

/// The protection of one lattice under way.
struct Suppression<'a> {
    shape: &'a Shape,
    counts: &'a [i64],
    state: Vec<State>,
}

impl<'a> Suppression<'a> {
    fn new(shape: &'a Shape, counts: &'a [i64]) -> Suppression<'a> {
        Suppression {
            shape,
            counts,
            state: counts.iter().map(|&c| State::primary(c)).collect(),
        }
    }

    /// Primary suppression is done by `new`; then complementary suppression,
    /// and rounds of auditing and hiding until nothing protectable is pinned.
    /// Each round hides at least one more entry, so it ends.
    fn run(&mut self) {
        let beyond_reach = self.beyond_reach();
        self.complete_lines(self.shape.all_lines().collect());
        loop {
            let (at_risk, bounds) = self.at_risk(&beyond_reach);
            if at_risk.is_empty() {
                return;
            }
            let hidden = self.hide_near(&at_risk, &bounds);
            if hidden.is_empty() {
                return;
            }
            let lines = hidden
                .iter()
                .flat_map(|&e| self.shape.lines_through(e))
                .collect();
            self.complete_lines(lines);
        }
    }

    /// Entries pinned even when every nonzero count is suppressed: the "<5"
    /// labels and the zeros give them away, and no more hiding can help.
    /// Hiding only widens what the adversary knows, so an entry free there
    /// can be freed here.
    fn beyond_reach(&self) -> Vec<bool> {
        let all_hidden: Vec<State> = self
            .counts
            .iter()
            .map(|&c| match State::primary(c) {
                State::Exact if c > 0 => State::Hidden,
                s => s,
            })
            .collect();
        let mut bounds = Bounds::shown(self.counts, &all_hidden);
        // Unsettled or not, the bounds are sound: what they pin is pinned.
        settle(self.shape, &all_hidden, &mut bounds, self.shape.all_lines());
        (0..self.shape.len)
            .map(|e| all_hidden[e].suppressed() && bounds.pinned(e))
            .collect()
    }

    /// Complementary suppression: while some line has exactly one suppressed
    /// entry, hides the line's smallest nonzero shown count (lowest index on
    /// ties). Only the lines of a newly hidden entry can need more.
    fn complete_lines(&mut self, lines: VecDeque<LineId>) {
        let mut queue = lines;
        while let Some(line) = queue.pop_front() {
            if suppressed_in(self.shape, &self.state, line) != 1 {
                continue;
            }
            // A lone suppressed count is nonzero, so its line holds another
            // nonzero count, shown.
            if let Some(complement) = self.cheapest_complement(line) {
                self.state[complement] = State::Hidden;
                queue.extend(self.shape.lines_through(complement));
            }
        }
    }

    /// The shown entry of a line with the smallest nonzero count, lowest
    /// index on ties: hiding it costs the public the least. Zeros are public
    /// and never hidden.
    fn cheapest_complement(&self, line: LineId) -> Option<usize> {
        self.shape
            .members(line)
            .filter(|&e| !self.state[e].suppressed() && self.counts[e] > 0)
            .min_by_key(|&e| (self.counts[e], e))
    }

    /// Suppressed entries the adversary pins, or cannot be proven not to,
    /// that more hiding can protect, in index order; with the adversary's
    /// bounds.
    fn at_risk(&self, beyond_reach: &[bool]) -> (Vec<usize>, Bounds) {
        let mut bounds = Bounds::shown(self.counts, &self.state);
        let suppressed_lines = (0..self.shape.len)
            .filter(|&e| self.state[e].suppressed())
            .flat_map(|e| self.shape.lines_through(e));
        let mut risky = match settle(self.shape, &self.state, &mut bounds, suppressed_lines) {
            Settling::Settled => Vec::new(),
            Settling::Unsettled(moving) => moving,
        };
        risky.extend(
            (0..self.shape.len).filter(|&e| self.state[e].suppressed() && bounds.pinned(e)),
        );
        risky.retain(|&e| !beyond_reach[e]);
        risky.sort_unstable();
        risky.dedup();
        (risky, bounds)
    }

    /// Hides one more entry near each at-risk entry, skipping an entry one
    /// of whose lines already got a new hidden entry this round: that may
    /// free it, and the next round tells.
    fn hide_near(&mut self, at_risk: &[usize], bounds: &Bounds) -> Vec<usize> {
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
            if let Some(complement) = self.complement_near(entry, bounds) {
                self.state[complement] = State::Hidden;
                touched.extend(self.shape.lines_through(complement));
                hidden.push(complement);
            }
        }
        hidden
    }

    /// Where to hide one more entry for an at-risk `entry`: the cheapest
    /// complement of its own lines, those whose sum yields one of its bounds
    /// first, then in dimension order; if they have none, of the lines of the
    /// suppressed entries linked to it, nearest first, since the adversary
    /// reaches it through them.
    fn complement_near(&self, entry: usize, bounds: &Bounds) -> Option<usize> {
        let mut own: Vec<LineId> = self.shape.lines_through(entry).collect();
        own.sort_by_key(|&line| !self.bounds_from(line, entry, bounds));
        let mut seen_lines: HashSet<LineId> = HashSet::new();
        let mut seen: HashSet<usize> = HashSet::from([entry]);
        let mut frontier = VecDeque::new();
        let mut ring = own;
        loop {
            for line in ring {
                if !seen_lines.insert(line) {
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
            let from = frontier.pop_front()?;
            ring = self.shape.lines_through(from).collect();
        }
    }

    /// Whether this line's sum alone yields the lower or the upper bound the
    /// adversary has for `entry`.
    fn bounds_from(&self, line: LineId, entry: usize, bounds: &Bounds) -> bool {
        let sums = LineSums::of(self.shape, line, &self.state, bounds);
        let (lo, hi) = sums.implied(line, entry, bounds);
        lo >= i128::from(bounds.lo[entry]) || hi <= bounds.wide_hi(entry)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::time::Instant;

    use proptest::prelude::*;

    use super::*;

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

    /// The display where every nonzero count is suppressed: the most the
    /// protection could ever hide.
    fn everything_hidden(lattice: Lattice) -> Protected {
        let state = lattice
            .counts
            .iter()
            .map(|&c| match State::primary(c) {
                State::Exact if c > 0 => State::Hidden,
                s => s,
            })
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

    use Shown::{Exact, Hidden, Small};

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
        // Shown alone, 1 + 1 = 17 - 6 - 9 would give both away.
        let p = row(&[1, 1, 6, 9]).protect();
        assert_eq!(shown_row(&p), [Small, Small, Hidden, Exact(9), Exact(17)]);
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn zeros_are_public_and_never_hidden() {
        let p = row(&[0, 2, 0, 8]).protect();
        assert_eq!(
            shown_row(&p),
            [Exact(0), Small, Exact(0), Hidden, Exact(10)]
        );
        assert_eq!(p.audit(), []);
        let p = row(&[0, 3, 0]).protect();
        assert_eq!(shown_row(&p), [Exact(0), Small, Exact(0), Small]);
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn an_empty_cube_shows_zeros_everywhere() {
        let mut cube = Cube::new(&[2, 3, 1], 1).unwrap();
        cube.add(&[1, 2, 0], 0, &[0]).unwrap();
        let p = cube.marginals().protect();
        for key in all_keys(&p.lattice.shape) {
            assert_eq!(p.shown(&key), Exact(0));
            assert_eq!(p.measures(&key), Some(&[0][..]));
        }
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn a_cube_of_small_cells_shows_only_its_large_margins() {
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
        assert_eq!(p.shown(&[None, Some(0)]), Exact(5));
        assert_eq!(p.shown(&[None, Some(1)]), Small);
        assert_eq!(p.shown(&[None, Some(2)]), Exact(5));
        assert_eq!(p.shown(&[None, None]), Exact(13));
        assert_eq!(p.audit(), []);
    }

    #[test]
    fn what_the_small_labels_give_away_is_reported_not_hidden_in_vain() {
        // Four cells of "<5" whose total is "<5" are 1 each, and the total
        // is 4: no hiding changes that.
        let p = row(&[1, 1, 1, 1, 0]).protect();
        assert_eq!(shown_row(&p), [Small, Small, Small, Small, Exact(0), Small]);
        let leaks = p.audit();
        assert_eq!(leaks.len(), 5);
        assert!(leaks.contains(&Leak::Pinned {
            entry: vec![Some(2)],
            value: 1
        }));
        assert!(leaks.contains(&Leak::Pinned {
            entry: vec![None],
            value: 4
        }));
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
        let p = by_hand(row(&[1, 1, 6, 9]), &[]);
        assert_eq!(
            p.audit(),
            [
                Leak::Pinned {
                    entry: vec![Some(0)],
                    value: 1
                },
                Leak::Pinned {
                    entry: vec![Some(1)],
                    value: 1
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
                    Small => prop_assert!(count > 0 && count < THRESHOLD),
                    Hidden => prop_assert!(count >= THRESHOLD),
                }
                if count > 0 && count < THRESHOLD {
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
                State::Small => (1, THRESHOLD - 1),
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
    /// counts up to 8.
    fn tiny_cubes() -> impl Strategy<Value = (Vec<u16>, Vec<i64>)> {
        prop_oneof![
            (1u16..=4).prop_map(|n| vec![n]),
            Just(vec![2, 2]),
            Just(vec![2, 3]),
            Just(vec![3, 2]),
        ]
        .prop_flat_map(|sizes| {
            let cells = sizes.iter().map(|&n| usize::from(n)).product::<usize>();
            let count = prop_oneof![2 => 0i64..=4, 3 => 0i64..=8];
            (Just(sizes), prop::collection::vec(count, cells))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Checks propagation against the real question: over every way to
        /// fill in what is suppressed consistently with what is shown, each
        /// suppressed entry the audit leaves open takes two values or more,
        /// and each it reports pinned takes only the reported one.
        #[test]
        fn brute_force_agrees_with_the_adversary((sizes, counts) in tiny_cubes()) {
            let mut cube = Cube::new(&sizes, 0).unwrap();
            let cells = counts.iter().enumerate().map(|(i, &c)| {
                let cell: Vec<u16> = if sizes.len() == 1 {
                    vec![i as u16]
                } else {
                    vec![(i / usize::from(sizes[1])) as u16, (i % usize::from(sizes[1])) as u16]
                };
                (cell, c)
            });
            for (cell, count) in cells {
                cube.add(&cell, count, &[]).unwrap();
            }
            let p = cube.marginals().protect();
            let shape = &p.lattice.shape;
            let leaks = p.audit();
            let reported = pinned(&leaks);
            let open: Vec<usize> = (0..shape.len)
                .filter(|&e| p.state[e].suppressed() && !reported.contains(&shape.key(e)))
                .collect();
            let grand_total: i64 = counts.iter().sum();
            let values = completions(&p, 40.max(2 * grand_total), &open);
            prop_assume!(values.is_some(), "search too long");
            let values = values.unwrap();
            for &e in &open {
                prop_assert!(values[e].len() >= 2, "entry {:?} pinned to {:?}", shape.key(e), values[e]);
            }
            for leak in &leaks {
                if let Leak::Pinned { entry, value } = leak {
                    let e = shape.entry(entry);
                    prop_assert!(values[e].iter().all(|v| v == value));
                }
            }
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
        for (zeros, smalls) in [(55, 30), (80, 15)] {
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
            let small = lattice
                .counts
                .iter()
                .filter(|&&c| c > 0 && c < THRESHOLD)
                .count();
            let started = Instant::now();
            let p = lattice.protect();
            let protecting = started.elapsed();
            let started = Instant::now();
            let leaks = p.audit();
            let auditing = started.elapsed();
            let hidden = p.state.iter().filter(|&&s| s == State::Hidden).count();
            println!(
                "{} entries, {small} small, {hidden} hidden: protected in {protecting:?}, \
                 audited in {auditing:?}, {} leaks beyond reach of suppression",
                p.lattice.entries(),
                leaks.len()
            );
        }
    }
}
