//! The score of SPEC 4.2 in integers: each criterion's measure in
//! thousandths (0-1000) times the programme's weight gives its points, in
//! thousandths of a point, so a default score runs from 0 to 100,000.

use super::compile::{Asg, NONE, Pro};
use crate::domain::programme::{Criterion, Weights};

/// One criterion's share of a score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    pub criterion: Criterion,
    /// How well the pair meets it, in thousandths.
    pub measure: i64,
    pub weight: i32,
    /// `measure * weight`: thousandths of a point.
    pub points: i64,
}

/// A pair's score and how it was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    /// Thousandths of a point; divide by 1000 for the score people read.
    pub total: i64,
    /// In the order of `Criterion::ALL`.
    pub parts: [Part; 9],
}

impl Score {
    pub fn part(&self, c: Criterion) -> Part {
        self.parts[Criterion::ALL.iter().position(|x| *x == c).unwrap_or(0)]
    }

    /// The breakdown as one line of text to keep with a proposal:
    /// "criterion:measure:weight:points" per criterion, space-separated.
    pub fn encode_parts(&self) -> String {
        self.parts
            .iter()
            .map(|p| {
                format!(
                    "{}:{}:{}:{}",
                    p.criterion.as_str(),
                    p.measure,
                    p.weight,
                    p.points
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The parts `Score::encode_parts` wrote; what cannot be read is left out.
pub fn decode_parts(text: &str) -> Vec<Part> {
    text.split_whitespace()
        .filter_map(|w| {
            let mut f = w.split(':');
            let name = f.next()?;
            let criterion = *Criterion::ALL.iter().find(|c| c.as_str() == name)?;
            Some(Part {
                criterion,
                measure: f.next()?.parse().ok()?,
                weight: f.next()?.parse().ok()?,
                points: f.next()?.parse().ok()?,
            })
        })
        .collect()
}

/// Years above the minimum count up to this many.
const FULL_EXTRA_YEARS: i64 = 10;
/// Language levels above the minimum count up to this many.
const FULL_EXTRA_LEVELS: i64 = 2;

/// Same country: 1; same sub-region: 0.4.
fn diaspora(pro: &Pro, asg: &Asg) -> i64 {
    if pro.origin != NONE && pro.origin == asg.country {
        1000
    } else if pro.sub_region.is_some() && pro.sub_region == asg.sub_region {
        400
    } else {
        0
    }
}

fn held(have: &[u32], wanted: &[u32]) -> i64 {
    wanted
        .iter()
        .filter(|w| have.binary_search(w).is_ok())
        .count() as i64
}

/// The share of required skills held plus half the share of desired ones,
/// over the most that sum can be (1.5), so that holding everything is 1.
/// Only one list given: its share; neither: 1.
fn skills(pro: &Pro, asg: &Asg) -> i64 {
    let (rn, dn) = (asg.required.len() as i64, asg.desired.len() as i64);
    let (rh, dh) = (
        held(&pro.skills, &asg.required),
        held(&pro.skills, &asg.desired),
    );
    match (rn, dn) {
        (0, 0) => 1000,
        (_, 0) => rh * 1000 / rn,
        (0, _) => dh * 1000 / dn,
        _ => 1000 * (2 * rh * dn + dh * rn) / (3 * rn * dn),
    }
}

fn experience(pro: &Pro, asg: &Asg, min_programme: i32) -> i64 {
    let min = asg.src.min_years_experience.max(min_programme);
    let extra = i64::from(pro.src.years_experience - min).clamp(0, FULL_EXTRA_YEARS);
    extra * 1000 / FULL_EXTRA_YEARS
}

/// Levels above each minimum, averaged over the languages asked; nothing
/// asked is neutral.
fn languages(pro: &Pro, asg: &Asg) -> i64 {
    if asg.languages.is_empty() {
        return 500;
    }
    let sum: i64 = asg
        .languages
        .iter()
        .map(|(code, needed)| {
            pro.languages
                .iter()
                .find(|(c, _)| c == code)
                .map_or(0, |(_, has)| {
                    (*has as i64 - *needed as i64).clamp(0, FULL_EXTRA_LEVELS)
                })
        })
        .sum();
    sum * 1000 / (FULL_EXTRA_LEVELS * asg.languages.len() as i64)
}

fn flag(b: bool) -> i64 {
    if b { 1000 } else { 0 }
}

/// The score of a pair, given the availability measure its best window had.
pub(super) fn score(
    pro: &Pro,
    asg: &Asg,
    weights: &Weights,
    min_programme: i32,
    availability: i64,
) -> Score {
    let measures = [
        diaspora(pro, asg),
        skills(pro, asg),
        experience(pro, asg, min_programme),
        availability,
        languages(pro, asg),
        pro.track,
        flag(pro.interests.binary_search(&asg.index).is_ok()),
        flag(asg.src.safeguards_list),
        flag(asg.src.urgent),
    ];
    let mut total = 0;
    let parts = std::array::from_fn(|i| {
        let criterion = Criterion::ALL[i];
        let weight = weights.get(criterion);
        let points = measures[i] * i64::from(weight);
        total += points;
        Part {
            criterion,
            measure: measures[i],
            weight,
            points,
        }
    });
    Score { total, parts }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{nurse, on_site, programme};
    use super::*;

    #[test]
    fn a_breakdown_reads_back_as_written() {
        let s = super::super::score_pair(
            &nurse("p1"),
            &on_site("a1", "2027-03-01", "2027-03-28"),
            &programme(),
        );
        let text = s.encode_parts();
        assert_eq!(decode_parts(&text), s.parts.to_vec());
        assert!(text.starts_with("diaspora:"));
        assert_eq!(decode_parts("skills:500:25 nonsense:1:2:3"), vec![]);
    }
}
