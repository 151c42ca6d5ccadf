//! The optimum: exact against a brute-force reference, never greedy, ties
//! to safeguards-list and urgent assignments, and what a coordinator reads.

use super::super::solver::solve;
use super::super::testkit::*;
use super::super::*;
use crate::domain::profile::LanguageLevel;

/// The best (total score, tie-breaking sum) over every way of giving each
/// professional at most one feasible assignment within its positions.
pub fn brute_force(pros: &[Professional], asgs: &[Assignment], prog: &Programme) -> (i64, i64) {
    let gains: Vec<Vec<Option<(i64, i64)>>> = pros
        .iter()
        .map(|p| {
            asgs.iter()
                .map(|a| {
                    check(p, a, prog).is_empty().then(|| {
                        let tie = 2 * i64::from(a.safeguards_list) + i64::from(a.urgent);
                        (score_pair(p, a, prog).total, tie)
                    })
                })
                .collect()
        })
        .collect();
    fn go(i: usize, gains: &[Vec<Option<(i64, i64)>>], left: &mut [u32]) -> (i64, i64) {
        if i == gains.len() {
            return (0, 0);
        }
        let mut best = go(i + 1, gains, left);
        for (a, g) in gains[i].iter().enumerate() {
            if let Some((s, t)) = *g
                && left[a] > 0
            {
                left[a] -= 1;
                let (rs, rt) = go(i + 1, gains, left);
                left[a] += 1;
                best = best.max((rs + s, rt + t));
            }
        }
        best
    }
    let mut left: Vec<u32> = asgs.iter().map(|a| a.positions).collect();
    go(0, &gains, &mut left)
}

#[test]
fn the_optimum_equals_a_brute_force_reference_on_a_thousand_small_instances() {
    let prog = programme();
    let mut proposals = 0;
    for seed in 0..1000u64 {
        let (pros, asgs) = random_instance(seed, 2 + (seed % 7) as usize, 1 + (seed % 4) as usize);
        let out = run(&pros, &asgs, &prog, &Options::default());
        let (best, best_tie) = brute_force(&pros, &asgs, &prog);
        assert_eq!(out.total_score, best, "seed {seed}");
        let tie: i64 = out
            .proposals()
            .map(|(a, _)| 2 * i64::from(asgs[a].safeguards_list) + i64::from(asgs[a].urgent))
            .sum();
        assert_eq!(
            tie, best_tie,
            "seed {seed}: ties go to safeguards and urgency"
        );
        proposals += out.proposals().count();
    }
    assert!(
        proposals > 900,
        "the instances exercise the optimum: {proposals}"
    );
}

#[test]
fn the_solver_is_not_greedy() {
    // Greedy takes 90 + 10; the optimum 80 + 85.
    let edges = vec![vec![(0, 90), (1, 85)], vec![(0, 80), (1, 10)]];
    assert_eq!(solve(&edges, &[1, 1], 2), vec![vec![1], vec![0]]);
}

#[test]
fn the_solver_fills_several_positions_and_leaves_a_position_open_rather_than_lose() {
    let edges = vec![vec![(0, 5), (1, 7), (2, 6)], vec![(1, 9)]];
    assert_eq!(solve(&edges, &[2, 1], 3), vec![vec![0, 2], vec![1]]);
    // A zero-gain pair is as good as none; an empty assignment needs no row.
    assert_eq!(
        solve(&[vec![], vec![(0, 3)]], &[3, 3], 1),
        vec![vec![], vec![0]]
    );
}

#[test]
fn safeguards_list_and_urgent_assignments_win_ties() {
    let prog = programme();
    let plain = on_site("a1", "2027-03-01", "2027-03-28");
    let mut urgent = on_site("a2", "2027-03-01", "2027-03-28");
    urgent.urgent = true;
    let mut listed = on_site("a3", "2027-03-01", "2027-03-28");
    listed.safeguards_list = true;
    let out = run(
        &[nurse("p1")],
        &[plain.clone(), urgent.clone()],
        &prog,
        &Options::default(),
    );
    assert_eq!(out.proposals().map(|(a, _)| a).collect::<Vec<_>>(), vec![1]);
    let out = run(
        &[nurse("p1")],
        &[urgent, listed, plain],
        &prog,
        &Options::default(),
    );
    assert_eq!(out.proposals().map(|(a, _)| a).collect::<Vec<_>>(), vec![1]);
}

#[test]
fn a_coordinator_reads_proposals_alternates_near_misses_and_who_was_left_out() {
    let prog = programme();
    let a = on_site("a1", "2027-03-01", "2027-03-28");
    let mut best = nurse("p1");
    best.interests = vec!["a1".into()];
    let second = nurse("p2");
    let mut french = nurse("p3");
    french.languages = vec![spoken("en", LanguageLevel::Conversational)];
    let mut nowhere = nurse("p4");
    nowhere.profession = "2212".into();
    let out = run(
        &[nowhere, french, second, best],
        std::slice::from_ref(&a),
        &prog,
        &Options::default(),
    );
    let one = &out.assignments[0];
    assert_eq!(one.feasible, 2);
    assert_eq!(one.proposals.len(), 1);
    assert_eq!(one.proposals[0].professional, 3);
    assert_eq!(out.total_score, one.proposals[0].score.total);
    assert_eq!(one.alternates.len(), 1);
    assert_eq!(one.alternates[0].professional, 2);
    assert!(one.alternates[0].score.total < one.proposals[0].score.total);
    assert_eq!(one.near_misses.len(), 1);
    assert_eq!(one.near_misses[0].professional, 1);
    assert_eq!(
        one.near_misses[0].failure,
        Failure::LanguageBelow {
            code: "en".into(),
            needed: LanguageLevel::Professional,
            has: LanguageLevel::Conversational
        }
    );
    let why: Vec<(usize, &Why)> = out
        .left_out
        .iter()
        .map(|l| (l.professional, &l.why))
        .collect();
    assert_eq!(why.len(), 3);
    assert_eq!(why[0], (0, &Why::NoCandidate));
    assert!(matches!(why[1], (1, Why::NearMiss { assignment: 0, .. })));
    assert!(matches!(why[2], (2, Why::Outscored { assignment: 0, .. })));
}

#[test]
fn an_assignment_with_several_positions_takes_its_best_candidates() {
    let mut a = on_site("a1", "2027-03-01", "2027-03-28");
    a.positions = 2;
    let pros: Vec<Professional> = (0..4)
        .map(|i| {
            let mut p = nurse(&format!("p{i}"));
            p.years_experience = 2 + i;
            p
        })
        .collect();
    let out = run(&pros, &[a], &programme(), &Options::default());
    let chosen: Vec<usize> = out.proposals().map(|(_, c)| c.professional).collect();
    assert_eq!(chosen, vec![3, 2]);
}
