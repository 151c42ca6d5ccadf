//! Each criterion of SPEC 4.2 on its own.

use super::super::testkit::*;
use super::super::*;
use crate::domain::profile::LanguageLevel;
use crate::domain::programme::{Criterion, Weights};

fn measure(p: &Professional, a: &Assignment, c: Criterion) -> i64 {
    score_pair(p, a, &programme()).part(c).measure
}

fn march() -> Assignment {
    on_site("a1", "2027-03-01", "2027-03-28")
}

#[test]
fn diaspora_tie_is_one_for_the_country_and_four_tenths_for_the_sub_region() {
    let mut p = nurse("p1");
    assert_eq!(measure(&p, &march(), Criterion::Diaspora), 1000);
    p.origin_country = Some("NG".into());
    assert_eq!(measure(&p, &march(), Criterion::Diaspora), 400);
    p.origin_country = Some("KE".into());
    assert_eq!(measure(&p, &march(), Criterion::Diaspora), 0);
}

#[test]
fn skills_count_required_ones_fully_and_desired_ones_by_half() {
    let mut a = march();
    a.required_skills = vec!["triage".into(), "surgery".into()];
    a.desired_skills = vec!["neonatal care".into(), "teaching".into()];
    // (1/2 + 1/2 * 1/2) / 1.5
    assert_eq!(measure(&nurse("p1"), &a, Criterion::Skills), 500);
    a.required_skills = vec!["triage".into()];
    a.desired_skills = vec!["neonatal care".into()];
    assert_eq!(measure(&nurse("p1"), &a, Criterion::Skills), 1000);
    a.desired_skills.clear();
    a.required_skills = vec!["surgery".into(), "triage".into(), "x".into()];
    assert_eq!(measure(&nurse("p1"), &a, Criterion::Skills), 333);
    a.required_skills.clear();
    assert_eq!(measure(&nurse("p1"), &a, Criterion::Skills), 1000);
}

#[test]
fn experience_counts_years_above_the_minimum_up_to_ten() {
    let mut a = march();
    a.min_years_experience = 3;
    assert_eq!(measure(&nurse("p1"), &a, Criterion::Experience), 500);
    let mut p = nurse("p1");
    p.years_experience = 30;
    assert_eq!(measure(&p, &a, Criterion::Experience), 1000);
    a.min_years_experience = 8;
    assert_eq!(measure(&nurse("p1"), &a, Criterion::Experience), 0);
}

#[test]
fn availability_is_the_margin_on_site_and_the_spare_hours_virtually() {
    let mut p = nurse("p1");
    assert_eq!(measure(&p, &march(), Criterion::Availability), 1000);
    p.windows[0].range = range("2027-02-22", "2027-04-30");
    assert_eq!(measure(&p, &march(), Criterion::Availability), 500);
    p.windows[0].range = range("2027-03-01", "2027-04-30");
    assert_eq!(measure(&p, &march(), Criterion::Availability), 0);
    let v = virtual_work("a1", "2027-02-01", "2027-03-31", vec![]);
    // Ten hours offered, four asked: six spare of the eight that count.
    assert_eq!(measure(&nurse("p1"), &v, Criterion::Availability), 750);
}

#[test]
fn languages_count_levels_above_the_minimum() {
    let mut p = nurse("p1");
    assert_eq!(measure(&p, &march(), Criterion::Languages), 0);
    p.languages[0].level = LanguageLevel::Native;
    assert_eq!(measure(&p, &march(), Criterion::Languages), 500);
    let mut a = march();
    a.languages = vec![spoken("tw", LanguageLevel::Basic)];
    assert_eq!(measure(&p, &a, Criterion::Languages), 1000);
    a.languages.clear();
    assert_eq!(measure(&p, &a, Criterion::Languages), 500, "neutral");
}

#[test]
fn track_record_interest_and_the_tie_breaking_signals() {
    let mut p = nurse("p1");
    assert_eq!(measure(&p, &march(), Criterion::TrackRecord), 500);
    p.track_record = TrackRecord {
        completed: 4,
        ratings: vec![5, 5],
    };
    assert_eq!(measure(&p, &march(), Criterion::TrackRecord), 1000);
    assert_eq!(measure(&p, &march(), Criterion::Interest), 0);
    p.interests = vec!["a1".into()];
    assert_eq!(measure(&p, &march(), Criterion::Interest), 1000);
    let mut a = march();
    a.urgent = true;
    a.safeguards_list = true;
    let s = score_pair(&p, &a, &programme());
    assert_eq!(s.part(Criterion::Urgency).measure, 1000);
    assert_eq!(
        s.part(Criterion::Urgency).points,
        0,
        "unweighted by default"
    );
    let mut weighted = programme();
    weighted.weights = Weights([30, 25, 15, 10, 5, 10, 5, 7, 3]);
    let s = score_pair(&p, &a, &weighted);
    assert_eq!(s.part(Criterion::Safeguards).points, 7000);
    assert_eq!(s.part(Criterion::Urgency).points, 3000);
}

#[test]
fn a_total_is_the_sum_of_its_points_and_a_perfect_pair_scores_one_hundred() {
    let mut p = nurse("p1");
    p.years_experience = 20;
    p.languages[0].level = LanguageLevel::Native;
    p.track_record = TrackRecord {
        completed: 5,
        ratings: vec![5],
    };
    p.interests = vec!["a1".into()];
    let mut a = march();
    a.languages = vec![spoken("en", LanguageLevel::Conversational)];
    let s = score_pair(&p, &a, &programme());
    assert_eq!(s.total, s.parts.iter().map(|x| x.points).sum::<i64>());
    assert_eq!(s.total, 100_000);
    for part in s.parts {
        assert_eq!(part.points, part.measure * i64::from(part.weight));
    }
}
