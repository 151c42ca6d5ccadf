//! Properties over random instances: every proposal passes every rule,
//! capacities hold, the index finds every feasible pair, and the outcome
//! depends on the input, not its order.

use proptest::prelude::*;

use super::super::testkit::*;
use super::super::*;

fn by_ids(out: &Outcome, pros: &[Professional], asgs: &[Assignment]) -> Vec<(String, String, i64)> {
    let mut v: Vec<(String, String, i64)> = out
        .proposals()
        .map(|(a, c)| {
            (
                asgs[a].id.clone(),
                pros[c.professional].id.clone(),
                c.score.total,
            )
        })
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_proposal_breaks_a_hard_rule_and_capacities_hold(
        seed in any::<u64>(), n_pro in 1usize..25, n_asg in 1usize..8,
    ) {
        let (pros, asgs) = random_instance(seed, n_pro, n_asg);
        let prog = programme();
        let out = run(&pros, &asgs, &prog, &Options::default());
        let mut taken = vec![false; pros.len()];
        for o in &out.assignments {
            prop_assert!(o.proposals.len() <= asgs[o.assignment].positions as usize);
            for c in &o.proposals {
                prop_assert_eq!(check(&pros[c.professional], &asgs[o.assignment], &prog), vec![]);
                prop_assert_eq!(c.score, score_pair(&pros[c.professional], &asgs[o.assignment], &prog));
                prop_assert!(!taken[c.professional], "proposed twice");
                taken[c.professional] = true;
            }
            for n in &o.near_misses {
                let f = check(&pros[n.professional], &asgs[o.assignment], &prog);
                prop_assert_eq!(f.len(), 1);
                prop_assert_eq!(&f[0], &n.failure);
            }
        }
        prop_assert_eq!(
            out.left_out.len() + out.proposals().count(),
            pros.len()
        );
        let feasible = pros
            .iter()
            .flat_map(|p| asgs.iter().map(move |a| (p, a)))
            .filter(|(p, a)| check(p, a, &prog).is_empty())
            .count();
        prop_assert_eq!(out.feasible_pairs, feasible, "the index misses no feasible pair");
    }

    #[test]
    fn the_same_input_in_any_order_gives_the_same_outcome(
        seed in any::<u64>(), n_pro in 1usize..25, n_asg in 1usize..8,
    ) {
        let (pros, asgs) = random_instance(seed, n_pro, n_asg);
        let prog = programme();
        let out = run(&pros, &asgs, &prog, &Options::default());
        prop_assert_eq!(&out, &run(&pros, &asgs, &prog, &Options::default()));
        let (mut rpros, mut rasgs) = (pros.clone(), asgs.clone());
        rpros.reverse();
        rasgs.reverse();
        let reversed = run(&rpros, &rasgs, &prog, &Options::default());
        prop_assert_eq!(by_ids(&out, &pros, &asgs), by_ids(&reversed, &rpros, &rasgs));
        prop_assert_eq!(out.total_score, reversed.total_score);
    }
}
