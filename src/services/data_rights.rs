//! The person's rights over their own data: everything held about them, as
//! one JSON document they can download.

use serde_json::{Value, json};

use super::Services;
use super::accounts::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::store::{audit, availability, consents, facilities, licences, professionals, users};

fn time(t: &chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

fn opt_time(t: &Option<chrono::NaiveDateTime>) -> Value {
    t.as_ref().map_or(Value::Null, |t| Value::String(time(t)))
}

/// Every row held about the signed-in person, and nothing about anyone
/// else (a verifier's id on a licence is kept as what it is: an id).
pub async fn export(s: &Services, user: &CurrentUser) -> AppResult<Value> {
    let id = user.id.clone();
    s.db.run(move |c| {
        let u = users::find(c, &id)?.ok_or(AppError::NotFound)?;
        let profile = professionals::find(c, &id)?;
        let windows = availability::of_user(c, &id)?;
        let facilities = facilities::for_staff(c, &id)?;
        Ok(json!({
            "exported_at": time(&crate::db::now()),
            "account": {
                "id": u.id,
                "email": u.email,
                "full_name": u.full_name,
                "role": u.role,
                "locale": u.locale,
                "email_verified_at": opt_time(&u.email_verified_at),
                "privacy_accepted_at": opt_time(&u.privacy_accepted_at),
                "created_at": time(&u.created_at),
                "updated_at": time(&u.updated_at),
            },
            "profile": profile.map(|p| json!({
                "profession": p.profession_code,
                "years_experience": p.years_experience,
                "wants_clinical": p.wants_clinical,
                "origin_country": p.origin_country,
                "residence_country": p.residence_country,
                "residence_city": p.residence_city,
                "residence_status": p.residence_status,
                "time_zone": p.time_zone,
                "bio": p.bio,
                "created_at": time(&p.created_at),
                "updated_at": time(&p.updated_at),
            })),
            "specialties": professionals::specialties_of(c, &id)?,
            "skills": professionals::skills_of(c, &id)?,
            "languages": professionals::languages_of(c, &id)?
                .into_iter()
                .map(|(language, level)| json!({"language": language, "level": level}))
                .collect::<Vec<_>>(),
            "licences": licences::of_user(c, &id)?.into_iter().map(|l| json!({
                "id": l.id,
                "issuing_country": l.issuing_country,
                "issuing_body": l.issuing_body,
                "number": l.number,
                "profession": l.profession_code,
                "valid_from": l.valid_from.to_string(),
                "valid_until": l.valid_until.to_string(),
                "status": l.status,
                "status_reason": l.status_reason,
                "verified_at": opt_time(&l.verified_at),
                "created_at": time(&l.created_at),
                "updated_at": time(&l.updated_at),
            })).collect::<Vec<_>>(),
            "availability_windows": windows.into_iter().map(|(w, hours)| json!({
                "id": w.id,
                "starts_on": w.starts_on.to_string(),
                "ends_on": w.ends_on.to_string(),
                "modality": w.modality,
                "weekly_hours": w.weekly_hours,
                "session_hours": hours.into_iter().map(|h| json!({
                    "weekday": h.weekday,
                    "starts_minute": h.starts_minute,
                    "ends_minute": h.ends_minute,
                })).collect::<Vec<_>>(),
                "created_at": time(&w.created_at),
                "updated_at": time(&w.updated_at),
            })).collect::<Vec<_>>(),
            "consents": consents::history(c, &id)?.into_iter().map(|k| json!({
                "id": k.id,
                "kind": k.kind,
                "text_version": k.text_version,
                "given_at": time(&k.given_at),
                "withdrawn_at": opt_time(&k.withdrawn_at),
            })).collect::<Vec<_>>(),
            "facilities": facilities.into_iter().map(|f| json!({
                "id": f.id,
                "name": f.name,
                "kind": f.kind,
                "country": f.country_code,
                "region": f.region,
                "city": f.city,
                "status": f.status,
            })).collect::<Vec<_>>(),
            "audit_log": audit::about_user(c, &id)?.into_iter().map(|e| json!({
                "at": time(&e.at),
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "detail": e.detail,
                "client_addr": e.client_addr,
            })).collect::<Vec<_>>(),
        }))
    })
    .await
}
