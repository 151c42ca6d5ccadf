//! Kinds of health facility and the states of their verification.

use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacilityKind {
    Hospital,
    HealthCentre,
    Clinic,
    TeachingInstitution,
    MinistryUnit,
    Other,
}

impl FacilityKind {
    pub const ALL: [FacilityKind; 6] = [
        FacilityKind::Hospital,
        FacilityKind::HealthCentre,
        FacilityKind::Clinic,
        FacilityKind::TeachingInstitution,
        FacilityKind::MinistryUnit,
        FacilityKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FacilityKind::Hospital => "hospital",
            FacilityKind::HealthCentre => "health_centre",
            FacilityKind::Clinic => "clinic",
            FacilityKind::TeachingInstitution => "teaching_institution",
            FacilityKind::MinistryUnit => "ministry_unit",
            FacilityKind::Other => "other",
        }
    }
}

impl FromStr for FacilityKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacilityStatus {
    Pending,
    Verified,
    Rejected,
}

impl FacilityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FacilityStatus::Pending => "pending",
            FacilityStatus::Verified => "verified",
            FacilityStatus::Rejected => "rejected",
        }
    }
}

impl FromStr for FacilityStatus {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "pending" => Ok(Self::Pending),
            "verified" => Ok(Self::Verified),
            "rejected" => Ok(Self::Rejected),
            _ => Err(()),
        }
    }
}
