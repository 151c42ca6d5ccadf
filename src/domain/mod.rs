//! Pure rules and types of the product: vocabularies, validation. Knows neither HTTP nor SQL.

pub mod assignment;
pub mod audit;
pub mod availability;
pub mod calendar;
pub mod consent;
pub mod countries;
pub mod disclosure;
pub mod discovery;
pub mod email;
pub mod facility;
pub mod language;
pub mod licence;
pub mod locale;
pub mod matcher;
pub mod matching;
pub mod observatory;
pub mod paging;
pub mod password;
pub mod profession;
pub mod profile;
pub mod programme;
pub mod readiness;
pub mod registry;
pub mod role;
pub mod running;
pub mod time_zone;
pub mod validation;

pub use email::Email;
pub use locale::Locale;
pub use role::Role;
pub use validation::{FieldError, FieldErrors};
