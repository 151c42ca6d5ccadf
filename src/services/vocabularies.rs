//! The lists administrators keep: specialties, and the WHO safeguards list
//! with the date of its edition.

use chrono::NaiveDate;

use super::accounts::CurrentUser;
use super::{Origin, Services};
use crate::db;
use crate::domain::validation::MAX_NAME;
use crate::domain::{FieldError, FieldErrors, Role, countries};
use crate::error::{AppError, AppResult};
use crate::store::audit::{self, Event};
use crate::store::{professionals, safeguards};

/// A specialty's code from its English name: lower-case ASCII words joined
/// by underscores ("Emergency medicine" -> "emergency_medicine").
pub fn specialty_code(name_en: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    let plain: String = name_en
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join("_")
}

/// Adds a specialty professionals and assignments can choose.
pub async fn add_specialty(
    s: &Services,
    user: &CurrentUser,
    name_en: &str,
    name_fr: &str,
    origin: &Origin,
) -> AppResult<()> {
    user.require_role(Role::Admin)?;
    let mut e = FieldErrors::new();
    let name_en = e.required_text("name_en", name_en, MAX_NAME);
    let name_fr = e.required_text("name_fr", name_fr, MAX_NAME);
    let code = specialty_code(&name_en);
    if e.get("name_en").is_none() && code.is_empty() {
        e.add("name_en", FieldError::new("err-specialty-name"));
    }
    e.into_result().map_err(AppError::Validation)?;
    let actor = user.id.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        if professionals::specialty_exists(c, &code, &name_en, &name_fr)? {
            return Err(AppError::validation(
                "name_en",
                FieldError::new("err-specialty-exists"),
            ));
        }
        let now = db::now();
        professionals::insert_specialty(c, &code, &name_en, &name_fr, now)?;
        audit::record(
            c,
            &Event {
                actor_id: Some(&actor),
                action: "specialty_added",
                object_type: Some("specialty"),
                object_id: Some(&code),
                detail: None,
                client_addr: addr.as_deref(),
            },
            now,
        )?;
        Ok(())
    })
    .await?;
    s.vocabulary.forget_specialties();
    Ok(())
}

/// The safeguards list in force.
pub struct SafeguardsList {
    pub countries: Vec<String>,
    pub edition: Option<NaiveDate>,
}

pub async fn safeguards_list(s: &Services) -> AppResult<SafeguardsList> {
    s.db.run(|c| {
        Ok(SafeguardsList {
            countries: safeguards::countries(c)?,
            edition: safeguards::edition(c)?,
        })
    })
    .await
}

/// Replaces the list with a new edition: ISO codes separated by spaces or
/// commas, and the edition's date.
pub async fn set_safeguards(
    s: &Services,
    user: &CurrentUser,
    codes: &str,
    edition: &str,
    origin: &Origin,
) -> AppResult<()> {
    user.require_role(Role::Admin)?;
    let mut e = FieldErrors::new();
    let mut list: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for raw in codes.split(|c: char| c == ',' || c.is_whitespace()) {
        if raw.is_empty() {
            continue;
        }
        match countries::find(raw) {
            Some(c) => list.push(c.code.clone()),
            None => unknown.push(raw.chars().take(10).collect()),
        }
    }
    list.sort();
    list.dedup();
    if !unknown.is_empty() {
        unknown.truncate(5);
        e.add(
            "countries",
            FieldError::new("err-country-codes-unknown").arg("codes", unknown.join(", ")),
        );
    } else if list.is_empty() {
        e.add("countries", FieldError::new("err-required"));
    } else if list.len() > 250 {
        e.add("countries", FieldError::new("err-too-many").arg("max", 250));
    }
    let edition = e.required_date("edition", edition);
    e.into_result().map_err(AppError::Validation)?;
    let Some(edition) = edition else {
        return Err(AppError::BadRequest);
    };
    if edition > db::now().date() {
        return Err(AppError::validation(
            "edition",
            FieldError::new("err-date-future"),
        ));
    }
    let actor = user.id.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let now = db::now();
        safeguards::replace(c, &list, edition, &actor, now)?;
        audit::record(
            c,
            &Event {
                actor_id: Some(&actor),
                action: "safeguards_list_changed",
                object_type: Some("safeguards_list"),
                object_id: Some(&edition.to_string()),
                detail: Some(&list.len().to_string()),
                client_addr: addr.as_deref(),
            },
            now,
        )?;
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn specialty_codes_come_from_the_english_name() {
        assert_eq!(
            super::specialty_code("Emergency medicine"),
            "emergency_medicine"
        );
        assert_eq!(
            super::specialty_code("  Obstétrique & Gynaecology "),
            "obstetrique_gynaecology"
        );
        assert_eq!(super::specialty_code("!!"), "");
    }
}
