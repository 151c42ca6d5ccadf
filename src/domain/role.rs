//! What a user is to the platform; each role has its own area of the site.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Professional,
    Facility,
    Coordinator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Professional,
        Role::Facility,
        Role::Coordinator,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Professional => "professional",
            Role::Facility => "facility",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }

    /// The path of the role's area, where a user lands after logging in.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Professional => "/professional",
            Role::Facility => "/facility",
            Role::Coordinator => "/coordinator",
            Role::Admin => "/admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|r| r.as_str() == s).ok_or(())
    }
}
