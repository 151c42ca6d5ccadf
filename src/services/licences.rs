//! A professional's licences to practise: added, changed and deleted by
//! their owner; a change to anything a coordinator checked makes a verified
//! or rejected licence unverified again. Every change is audited.

use super::accounts::CurrentUser;
use super::{Origin, Services};
use crate::domain::licence::{
    LicenceFacts, LicenceStatus, MAX_BODY, MAX_NUMBER, needs_new_verification,
};
use crate::domain::profession::Profession;
use crate::domain::{FieldError, FieldErrors, Role, countries};
use crate::error::{AppError, AppResult};
use crate::store::audit::{self, Event};
use crate::store::licences::{self as store, Licence};

/// Most licences one person keeps.
pub const MAX_LICENCES: usize = 20;

/// A licence as typed.
#[derive(Clone, Debug, Default)]
pub struct LicenceInput {
    pub issuing_country: String,
    pub issuing_body: String,
    pub number: String,
    pub profession: String,
    pub valid_from: String,
    pub valid_until: String,
}

impl LicenceInput {
    pub fn from_stored(l: &Licence) -> Self {
        Self {
            issuing_country: l.issuing_country.clone(),
            issuing_body: l.issuing_body.clone(),
            number: l.number.clone(),
            profession: l.profession_code.clone(),
            valid_from: l.valid_from.to_string(),
            valid_until: l.valid_until.to_string(),
        }
    }
}

fn validate(input: &LicenceInput) -> Result<LicenceFacts, FieldErrors> {
    let mut errors = FieldErrors::new();
    let country = match countries::find(&input.issuing_country) {
        Some(c) => c.code.clone(),
        None => {
            errors.add("issuing_country", FieldError::new("err-country-unknown"));
            String::new()
        }
    };
    let body = errors.required_text("issuing_body", &input.issuing_body, MAX_BODY);
    let number = errors.required_text("number", &input.number, MAX_NUMBER);
    let profession = match Profession::parse(&input.profession) {
        Some(p) => p.code().to_string(),
        None => {
            errors.add("licence_profession", FieldError::new("err-choice-unknown"));
            String::new()
        }
    };
    let from = errors.required_date("valid_from", &input.valid_from);
    let until = errors.required_date("valid_until", &input.valid_until);
    if let (Some(f), Some(u)) = (from, until)
        && u < f
    {
        errors.add("valid_until", FieldError::new("err-until-before-from"));
    }
    errors.into_result()?;
    match (from, until) {
        (Some(valid_from), Some(valid_until)) => Ok(LicenceFacts {
            issuing_country: country,
            issuing_body: body,
            number,
            profession_code: profession,
            valid_from,
            valid_until,
        }),
        _ => Err(FieldErrors::new()),
    }
}

fn facts(l: &Licence) -> LicenceFacts {
    LicenceFacts {
        issuing_country: l.issuing_country.clone(),
        issuing_body: l.issuing_body.clone(),
        number: l.number.clone(),
        profession_code: l.profession_code.clone(),
        valid_from: l.valid_from,
        valid_until: l.valid_until,
    }
}

pub async fn list(s: &Services, user: &CurrentUser) -> AppResult<Vec<Licence>> {
    user.require_role(Role::Professional)?;
    let id = user.id.clone();
    s.db.run(move |c| Ok(store::of_user(c, &id)?)).await
}

pub async fn find(s: &Services, user: &CurrentUser, licence_id: &str) -> AppResult<Licence> {
    user.require_role(Role::Professional)?;
    let id = user.id.clone();
    let licence_id = licence_id.to_string();
    s.db.run(move |c| store::find(c, &id, &licence_id)?.ok_or(AppError::NotFound))
        .await
}

/// Adds a licence (`licence_id` None) or changes one of the person's own.
pub async fn save(
    s: &Services,
    user: &CurrentUser,
    licence_id: Option<&str>,
    input: &LicenceInput,
    origin: &Origin,
) -> AppResult<String> {
    user.require_role(Role::Professional)?;
    let new = validate(input).map_err(AppError::Validation)?;
    let user_id = user.id.clone();
    let licence_id = licence_id.map(str::to_string);
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let now = crate::db::now();
        let (licence, action) = match &licence_id {
            Some(id) => {
                let old = store::find(c, &user_id, id)?.ok_or(AppError::NotFound)?;
                let reverify = needs_new_verification(&facts(&old), &new);
                let mut l = old;
                if reverify {
                    l.status = LicenceStatus::Unverified.as_str().to_string();
                    l.status_reason = None;
                    l.verified_by = None;
                    l.verified_at = None;
                }
                apply(&mut l, &new);
                l.updated_at = now;
                store::update(c, &l)?;
                (l, "licence_changed")
            }
            None => {
                if store::of_user(c, &user_id)?.len() >= MAX_LICENCES {
                    return Err(AppError::validation(
                        "number",
                        FieldError::new("err-too-many").arg("max", MAX_LICENCES),
                    ));
                }
                if crate::store::professionals::find(c, &user_id)?.is_none() {
                    super::profiles::create_empty(c, &user_id)?;
                }
                let mut l = Licence {
                    id: crate::db::new_id(),
                    user_id: user_id.clone(),
                    issuing_country: String::new(),
                    issuing_body: String::new(),
                    number: String::new(),
                    profession_code: String::new(),
                    valid_from: new.valid_from,
                    valid_until: new.valid_until,
                    status: LicenceStatus::Unverified.as_str().to_string(),
                    status_reason: None,
                    verified_by: None,
                    verified_at: None,
                    created_at: now,
                    updated_at: now,
                };
                apply(&mut l, &new);
                store::insert(c, &l)?;
                (l, "licence_added")
            }
        };
        audit::record(
            c,
            &Event {
                actor_id: Some(&user_id),
                action,
                object_type: Some("licence"),
                object_id: Some(&licence.id),
                detail: Some(&licence.status),
                client_addr: addr.as_deref(),
            },
            now,
        )?;
        Ok(licence.id)
    })
    .await
}

fn apply(l: &mut Licence, f: &LicenceFacts) {
    l.issuing_country = f.issuing_country.clone();
    l.issuing_body = f.issuing_body.clone();
    l.number = f.number.clone();
    l.profession_code = f.profession_code.clone();
    l.valid_from = f.valid_from;
    l.valid_until = f.valid_until;
}

pub async fn delete(
    s: &Services,
    user: &CurrentUser,
    licence_id: &str,
    origin: &Origin,
) -> AppResult<()> {
    user.require_role(Role::Professional)?;
    let id = user.id.clone();
    let licence_id = licence_id.to_string();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        if !store::delete(c, &id, &licence_id)? {
            return Err(AppError::NotFound);
        }
        audit::record(
            c,
            &Event {
                actor_id: Some(&id),
                action: "licence_deleted",
                object_type: Some("licence"),
                object_id: Some(&licence_id),
                detail: None,
                client_addr: addr.as_deref(),
            },
            crate::db::now(),
        )?;
        Ok(())
    })
    .await
}
