//! The matcher of SPEC 4: hard rules, integer scores with their breakdown,
//! and the exact many-to-one optimum over all feasible pairs. Pure: it is
//! given plain values and returns proposals, alternates and near misses.

mod candidates;
mod compile;
mod failure;
mod input;
pub mod regions;
mod rules;
mod run;
mod score;
pub mod sessions;
mod solver;

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;

pub use failure::{Failure, Rule};
pub use input::{
    Assignment, Licence, Options, Presence, Professional, Programme, Session, Spoken, TrackRecord,
    Window,
};
pub use run::{
    AssignmentOutcome, Candidate, LeftOut, NearMiss, Outcome, Why, check, run, score_pair,
};
pub use score::{Part, Score, decode_parts};
