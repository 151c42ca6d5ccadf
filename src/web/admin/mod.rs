//! The administrators' area: programmes, coordinators, vocabularies.

pub mod coordinators;
pub mod programmes;
pub mod vocabularies;
