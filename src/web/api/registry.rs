//! The coordinators' registry through the API: the search with the page's
//! filters, and one professional's profile, read and audited as the page
//! reads it.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::professional::{
    LicenceItem, OwnProfile, WindowItem, licence_item, profile_of, window_item,
};
use super::{Caller, ErrorBody, List, day, origin};
use crate::domain::registry::SearchInput;
use crate::error::AppError;
use crate::services::{Services, registry};

/// The search, with the filters of the registry page; every one optional.
#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct RegistryQuery {
    /// ISCO-08 code.
    pub profession: Option<String>,
    pub specialty: Option<String>,
    /// ISO 3166-1 alpha-2 code of the country of origin.
    pub origin: Option<String>,
    /// ISO 3166-1 alpha-2 code of the country of residence.
    pub residence: Option<String>,
    /// ISO 639-1 code of a language spoken...
    pub language: Option<String>,
    /// ...at least this well: `basic`, `conversational`, `professional`, `native`.
    pub level: Option<String>,
    /// Available for `on_site` or `virtual` work...
    pub modality: Option<String>,
    /// ...over the whole span from this day (`YYYY-MM-DD`)...
    pub from: Option<String>,
    /// ...to this one.
    pub to: Option<String>,
    /// Only those with a verified licence valid today.
    pub licence: Option<bool>,
    /// Only those ready to be matched.
    pub ready: Option<bool>,
    /// Text in the name, skills or biography.
    pub q: Option<String>,
    /// `relevance`, `experience` or `name`.
    pub sort: Option<String>,
    /// The `next_cursor` of the previous answer.
    pub cursor: Option<String>,
    /// How many items, from 1 to 200.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
}

impl RegistryQuery {
    fn input(&self) -> SearchInput {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let tick = |v: Option<bool>| if v == Some(true) { "1" } else { "" }.to_string();
        SearchInput {
            profession: text(&self.profession),
            specialty: text(&self.specialty),
            origin: text(&self.origin),
            residence: text(&self.residence),
            language: text(&self.language),
            level: text(&self.level),
            modality: text(&self.modality),
            from: text(&self.from),
            to: text(&self.to),
            licence: tick(self.licence),
            ready: tick(self.ready),
            q: text(&self.q),
            sort: text(&self.sort),
            page: String::new(),
        }
    }
}

/// A professional found in the registry.
#[derive(Serialize, ToSchema)]
pub struct RegistryItem {
    pub id: String,
    pub full_name: String,
    /// ISCO-08 code.
    pub profession: Option<String>,
    pub years_experience: Option<i32>,
    pub origin_country: Option<String>,
    pub residence_country: Option<String>,
    pub residence_city: Option<String>,
    /// Ready to be matched.
    pub ready: bool,
}

#[utoipa::path(
    get,
    path = "/api/v1/coordinator/registry",
    operation_id = "registry_search",
    tag = "registry",
    summary = "Searches the professionals the coordinator's programmes may match",
    params(RegistryQuery),
    responses(
        (status = 200, body = List<RegistryItem>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a coordinator's token"),
        (status = 422, body = ErrorBody, description = "A filter, cursor or limit that does not hold, by field"),
    ),
    security(("bearer" = []))
)]
pub async fn search(
    caller: Caller,
    services: web::Data<Services>,
    q: web::Query<RegistryQuery>,
) -> Result<HttpResponse, AppError> {
    let window = super::window(q.cursor.as_ref(), q.limit.as_ref())?;
    let results = registry::search(&services, &caller.user, &q.input(), Some(window)).await?;
    let next_cursor = window.next_cursor(results.total);
    let ready = results.ready;
    let items = results
        .found
        .into_iter()
        .map(|f| RegistryItem {
            ready: ready.contains(&f.user_id),
            id: f.user_id,
            full_name: f.full_name,
            profession: f.profession_code,
            years_experience: f.years_experience,
            origin_country: f.origin_country,
            residence_country: f.residence_country,
            residence_city: f.residence_city,
        })
        .collect();
    Ok(HttpResponse::Ok().json(List { items, next_cursor }))
}

/// An open assignment the professional may be proposed for.
#[derive(Serialize, ToSchema)]
pub struct ProposableItem {
    pub id: String,
    pub title: String,
    pub facility_name: String,
    pub country: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// A professional of the registry as the coordinator reads them.
#[derive(Serialize, ToSchema)]
pub struct RegistryProfessional {
    pub id: String,
    pub full_name: String,
    pub profile: OwnProfile,
    pub licences: Vec<LicenceItem>,
    pub availability: Vec<WindowItem>,
    /// Open assignments of the coordinator's countries accepting the
    /// professional's profession, with no live match with them yet.
    pub proposable: Vec<ProposableItem>,
}

#[utoipa::path(
    get,
    path = "/api/v1/coordinator/professionals/{id}",
    operation_id = "registry_professional",
    tag = "registry",
    summary = "One professional of the coordinator's registry (each read is audited)",
    params(("id" = String, Path)),
    responses(
        (status = 200, body = RegistryProfessional),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a coordinator's token"),
        (status = 404, body = ErrorBody, description = "Not in the coordinator's registry"),
    ),
    security(("bearer" = []))
)]
pub async fn professional(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let v = registry::open(&services, &caller.user, &path, &origin(&req)).await?;
    let today = services.clock.now().date();
    Ok(HttpResponse::Ok().json(RegistryProfessional {
        id: v.user_id,
        full_name: v.full_name,
        profile: profile_of(v.overview),
        licences: v
            .licences
            .into_iter()
            .map(|l| licence_item(l, today))
            .collect(),
        availability: v.windows.into_iter().map(window_item).collect(),
        proposable: v
            .proposable
            .into_iter()
            .map(|p| ProposableItem {
                id: p.id,
                title: p.title,
                facility_name: p.facility_name,
                country: p.country_code,
                starts_on: day(p.starts_on),
                ends_on: day(p.ends_on),
            })
            .collect(),
    }))
}
