//! One run of the matcher: candidates from the index, every candidate pair
//! checked and scored (on every core), the optimum, then what a coordinator
//! reads: proposals, alternates, near misses and who was left out and why.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::candidates::Index;
use super::compile::{Asg, Instance, Pro, compile};
use super::failure::Failure;
use super::input::{Assignment, Options, Professional, Programme};
use super::rules::{Miss, SlotCache, Verdict, evaluate, evaluate_into};
use super::score::{Score, score};
use super::solver::{Edges, solve};

/// A professional put forward for an assignment, with the score's breakdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Index into the professionals given.
    pub professional: usize,
    pub score: Score,
    /// For an alternate, the assignment this run proposes them for, if any.
    pub proposed_for: Option<usize>,
}

/// A pair that breaks exactly one hard rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearMiss {
    pub professional: usize,
    /// The broken rule is `failure.rule()`.
    pub failure: Failure,
    /// What the pair would score were the rule met.
    pub score: Score,
}

/// What the run says about one assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignmentOutcome {
    /// Index into the assignments given.
    pub assignment: usize,
    /// Best score first, then by professional id.
    pub proposals: Vec<Candidate>,
    /// The next best feasible candidates, best first.
    pub alternates: Vec<Candidate>,
    /// Best score first.
    pub near_misses: Vec<NearMiss>,
    /// Pairs that passed every rule.
    pub feasible: usize,
}

/// Why a professional has no proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// Feasible somewhere, but the best total gave those places to others;
    /// `assignment` is where they scored best.
    Outscored { assignment: usize, score: i64 },
    /// Feasible nowhere; the best-scored pair that broke a single rule.
    NearMiss { assignment: usize, failure: Failure },
    /// No assignment of their profession and specialty with dates and work
    /// their windows cover, or every such pair broke several rules.
    NoCandidate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    pub professional: usize,
    pub why: Why,
}

/// Everything one run found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// One per assignment given, in the order given.
    pub assignments: Vec<AssignmentOutcome>,
    /// Professionals without a proposal, in the order given.
    pub left_out: Vec<LeftOut>,
    /// Sum of the proposals' scores, in thousandths of a point.
    pub total_score: i64,
    /// Pairs the index put forward and the rules checked.
    pub candidate_pairs: usize,
    pub feasible_pairs: usize,
    /// With `Options::keep_feasible`: every pair that passed the rules, as
    /// (assignment, professional, score in thousandths of a point), indexes
    /// into the inputs given, by assignment then professional.
    pub feasible: Vec<(usize, usize, i64)>,
}

impl Outcome {
    /// Every proposal, as (assignment index, candidate).
    pub fn proposals(&self) -> impl Iterator<Item = (usize, &Candidate)> {
        self.assignments
            .iter()
            .flat_map(|a| a.proposals.iter().map(move |c| (a.assignment, c)))
    }
}

/// Every rule the pair breaks, one failure per rule, in rule order; empty
/// when it may be proposed.
pub fn check(
    professional: &Professional,
    assignment: &Assignment,
    programme: &Programme,
) -> Vec<Failure> {
    let inst = compile(
        std::slice::from_ref(professional),
        std::slice::from_ref(assignment),
        programme,
    );
    let (pro, asg) = (&inst.pros[0], &inst.asgs[0]);
    evaluate(pro, asg, programme, &mut SlotCache::default(), usize::MAX)
        .misses
        .into_iter()
        .map(|m| m.describe(pro, asg, programme))
        .collect()
}

/// The pair's score, as if every rule were met (the availability of its
/// best window, 0 without one).
pub fn score_pair(
    professional: &Professional,
    assignment: &Assignment,
    programme: &Programme,
) -> Score {
    let inst = compile(
        std::slice::from_ref(professional),
        std::slice::from_ref(assignment),
        programme,
    );
    explain(&inst, &inst.pros[0], &inst.asgs[0], usize::MAX).1
}

fn explain(inst: &Instance, pro: &Pro, asg: &Asg, limit: usize) -> (Verdict, Score) {
    let p = inst.programme;
    let verdict = evaluate(pro, asg, p, &mut SlotCache::default(), limit);
    let s = score(
        pro,
        asg,
        &p.weights,
        p.eligibility.min_years_experience,
        verdict.availability,
    );
    (verdict, s)
}

/// Safeguards-list and urgent assignments win ties (SPEC 4.2): a term
/// below the score's last unit, summed over all proposals still below it.
fn tie(asg: &Asg) -> i64 {
    2 * i64::from(asg.src.safeguards_list) + i64::from(asg.src.urgent)
}

/// What scanning one assignment found.
struct Scanned {
    asg: u32,
    /// Feasible pairs with their scores.
    feasible: Vec<(u32, i64)>,
    near: Vec<(i64, u32, Miss)>,
    candidates: usize,
}

/// Per professional, their best-scored near miss: (score, assignment, miss).
type BestNear = Vec<Option<(i64, u32, Miss)>>;

fn better(new: (i64, u32), old: Option<(i64, u32)>) -> bool {
    old.is_none_or(|(s, a)| new.0 > s || (new.0 == s && new.1 < a))
}

fn scan(
    inst: &Instance,
    index: &Index,
    next: &AtomicUsize,
    keep_near: usize,
) -> (Vec<Scanned>, BestNear) {
    let p = inst.programme;
    let mut seen = index.seen();
    let mut found = Vec::new();
    let mut best_near: BestNear = vec![None; inst.pros.len()];
    let mut out = Vec::new();
    let mut misses = Vec::with_capacity(2);
    loop {
        let a = next.fetch_add(1, Ordering::Relaxed);
        let Some(asg) = inst.asgs.get(a) else { break };
        index.candidates(asg, &mut seen, &mut found);
        let mut slots = SlotCache::default();
        let mut feasible = Vec::new();
        let mut near = Vec::new();
        for &pi in &found {
            let pro = &inst.pros[pi as usize];
            let availability = evaluate_into(pro, asg, p, &mut slots, 2, &mut misses);
            if misses.len() > 1 {
                continue;
            }
            let s = score(
                pro,
                asg,
                &p.weights,
                p.eligibility.min_years_experience,
                availability,
            )
            .total;
            match misses.first() {
                None => feasible.push((pi, s)),
                Some(&m) => {
                    let slot = &mut best_near[pi as usize];
                    if better((s, asg.index), slot.map(|(s, a, _)| (s, a))) {
                        *slot = Some((s, asg.index, m));
                    }
                    near.push((s, pi, m));
                }
            }
        }
        near.sort_by_key(|&(s, pi, _)| (std::cmp::Reverse(s), pi));
        near.truncate(keep_near);
        out.push(Scanned {
            asg: asg.index,
            feasible,
            near,
            candidates: found.len(),
        });
    }
    (out, best_near)
}

/// Proposes professionals for assignments: the maximum total score over all
/// pairs that pass the hard rules, each professional at most once, each
/// assignment at most its open positions. The same input, in any order,
/// gives the same outcome.
pub fn run(
    professionals: &[Professional],
    assignments: &[Assignment],
    programme: &Programme,
    options: &Options,
) -> Outcome {
    let inst = compile(professionals, assignments, programme);
    let index = Index::build(&inst);
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let parts: Vec<(Vec<Scanned>, BestNear)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads)
            .map(|_| scope.spawn(|| scan(&inst, &index, &next, options.near_misses)))
            .collect();
        let mut parts = vec![scan(&inst, &index, &next, options.near_misses)];
        parts.extend(handles.into_iter().filter_map(|h| h.join().ok()));
        parts
    });

    let n_asg = inst.asgs.len();
    let mut feasible: Vec<Vec<(u32, i64)>> = vec![Vec::new(); n_asg];
    let mut near: Vec<Vec<(i64, u32, Miss)>> = vec![Vec::new(); n_asg];
    let mut best_near: BestNear = vec![None; inst.pros.len()];
    let mut candidate_pairs = 0;
    for (scanned, bests) in parts {
        for s in scanned {
            candidate_pairs += s.candidates;
            feasible[s.asg as usize] = s.feasible;
            near[s.asg as usize] = s.near;
        }
        for (slot, b) in best_near.iter_mut().zip(bests) {
            if let Some((s, a, m)) = b
                && better((s, a), slot.map(|(s, a, _)| (s, a)))
            {
                *slot = Some((s, a, m));
            }
        }
    }
    let feasible_pairs = feasible.iter().map(Vec::len).sum();
    let mut kept = Vec::new();
    if options.keep_feasible {
        kept.reserve(feasible_pairs);
        for (list, asg) in feasible.iter().zip(&inst.asgs) {
            for &(p, s) in list {
                kept.push((asg.input, inst.pros[p as usize].input, s));
            }
        }
        kept.sort_unstable();
    }

    let capacity: Vec<u32> = inst.asgs.iter().map(|a| a.src.positions).collect();
    let positions: i64 = capacity.iter().map(|&c| i64::from(c)).sum();
    let unit = 3 * positions + 1;
    let edges: Vec<Edges> = feasible
        .iter()
        .zip(&inst.asgs)
        .map(|(list, asg)| {
            list.iter()
                .map(|&(p, s)| (p, s * unit + tie(asg)))
                .collect()
        })
        .collect();
    let chosen = solve(&edges, &capacity, inst.pros.len());
    drop(edges);

    let mut proposed_for: Vec<Option<u32>> = vec![None; inst.pros.len()];
    for (a, list) in chosen.iter().enumerate() {
        for &p in list {
            proposed_for[p as usize] = Some(a as u32);
        }
    }
    let candidate = |pi: u32, asg: &Asg| {
        let pro = &inst.pros[pi as usize];
        Candidate {
            professional: pro.input,
            score: explain(&inst, pro, asg, usize::MAX).1,
            proposed_for: proposed_for[pi as usize].map(|a| inst.asgs[a as usize].input),
        }
    };

    let mut total_score = 0;
    let mut outcomes: Vec<AssignmentOutcome> = Vec::with_capacity(n_asg);
    for (a, asg) in inst.asgs.iter().enumerate() {
        let mut proposals: Vec<Candidate> = chosen[a].iter().map(|&p| candidate(p, asg)).collect();
        proposals.sort_by_key(|c| std::cmp::Reverse(c.score.total));
        for c in &mut proposals {
            c.proposed_for = None;
            total_score += c.score.total;
        }
        let mut others: Vec<(u32, i64)> = feasible[a]
            .iter()
            .filter(|(p, _)| chosen[a].binary_search(p).is_err())
            .copied()
            .collect();
        others.sort_by_key(|&(p, s)| (std::cmp::Reverse(s), p));
        let alternates = others
            .iter()
            .take(options.alternates)
            .map(|&(p, _)| candidate(p, asg))
            .collect();
        let near_misses = near[a]
            .iter()
            .map(|&(_, pi, m)| {
                let pro = &inst.pros[pi as usize];
                NearMiss {
                    professional: pro.input,
                    failure: m.describe(pro, asg, programme),
                    score: explain(&inst, pro, asg, usize::MAX).1,
                }
            })
            .collect();
        outcomes.push(AssignmentOutcome {
            assignment: asg.input,
            proposals,
            alternates,
            near_misses,
            feasible: feasible[a].len(),
        });
    }

    let mut best_feasible: Vec<Option<(i64, u32)>> = vec![None; inst.pros.len()];
    for (a, list) in feasible.iter().enumerate() {
        for &(p, s) in list {
            let slot = &mut best_feasible[p as usize];
            if better((s, a as u32), *slot) {
                *slot = Some((s, a as u32));
            }
        }
    }
    let mut left_out: Vec<LeftOut> = inst
        .pros
        .iter()
        .filter(|pro| proposed_for[pro.index as usize].is_none())
        .map(|pro| {
            let i = pro.index as usize;
            let why = match (best_feasible[i], best_near[i]) {
                (Some((score, a)), _) => Why::Outscored {
                    assignment: inst.asgs[a as usize].input,
                    score,
                },
                (None, Some((_, a, m))) => {
                    let asg = &inst.asgs[a as usize];
                    Why::NearMiss {
                        assignment: asg.input,
                        failure: m.describe(pro, asg, programme),
                    }
                }
                (None, None) => Why::NoCandidate,
            };
            LeftOut {
                professional: pro.input,
                why,
            }
        })
        .collect();
    left_out.sort_by_key(|l| l.professional);
    outcomes.sort_by_key(|o| o.assignment);

    Outcome {
        assignments: outcomes,
        left_out,
        total_score,
        candidate_pairs,
        feasible_pairs,
        feasible: kept,
    }
}
