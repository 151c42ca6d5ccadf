//! Demonstration accounts, one per role, so that a new installation can be
//! explored at once, and a whole registry at scale for a first look and for
//! benchmarks. Refused in production.

pub mod assignments;
pub mod generate;
mod matches;
pub mod places;
mod scale;
#[cfg(test)]
mod tests;

pub use scale::{CoordinatorLogin, Scale, ScaleReport, load_scale};

use super::Services;
use super::accounts::{Arrival, insert_verified};
use crate::config::Environment;
use crate::db;
use crate::domain::facility::{FacilityKind, FacilityStatus};
use crate::domain::{Locale, Role};
use crate::error::{AppError, AppResult};
use crate::security::passwords::Plain;
use crate::store::{facilities, users};

/// The password of every demonstration account.
pub const DEMO_PASSWORD: &str = "sankofa demo password";

pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub locale: Locale,
}

pub const DEMO_ACCOUNTS: [DemoAccount; 4] = [
    DemoAccount {
        email: "admin@demo.sankofa.example",
        name: "Efua Mensah",
        role: Role::Admin,
        locale: Locale::En,
    },
    DemoAccount {
        email: "coordinator@demo.sankofa.example",
        name: "Jean-Baptiste Habimana",
        role: Role::Coordinator,
        locale: Locale::Fr,
    },
    DemoAccount {
        email: "professional@demo.sankofa.example",
        name: "Ama Owusu",
        role: Role::Professional,
        locale: Locale::En,
    },
    DemoAccount {
        email: "facility@demo.sankofa.example",
        name: "Kofi Boateng",
        role: Role::Facility,
        locale: Locale::En,
    },
];

/// Creates the demonstration accounts that do not exist yet; returns how many
/// were created. Running it again changes nothing.
pub async fn load(s: &Services) -> AppResult<usize> {
    if s.config.environment == Environment::Production {
        return Err(AppError::Conflict(
            "demonstration data is refused in production",
        ));
    }
    let hash = s.hasher.hash(Plain::new(DEMO_PASSWORD)).await?;
    s.db.write(move |c| {
        let mut created = 0;
        for a in &DEMO_ACCOUNTS {
            if users::find_by_email(c, a.email)?.is_some() {
                continue;
            }
            let id = insert_verified(
                c,
                &Arrival {
                    email: a.email,
                    full_name: a.name,
                    role: a.role,
                    locale: a.locale,
                    password_hash: &hash,
                    action: "demo_account_created",
                },
            )?;
            if a.role == Role::Facility {
                let now = db::now();
                let facility_id = db::new_id();
                facilities::insert(
                    c,
                    &facilities::NewFacility {
                        id: &facility_id,
                        name: "Tamale Teaching Hospital",
                        kind: FacilityKind::Hospital.as_str(),
                        country_code: "GH",
                        region: "Northern",
                        city: "Tamale",
                        status: FacilityStatus::Pending.as_str(),
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                facilities::add_staff(c, &facility_id, &id, now)?;
            }
            created += 1;
        }
        Ok(created)
    })
    .await
}
