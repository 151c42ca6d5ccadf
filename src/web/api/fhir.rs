//! FHIR R4 for national health workforce registries (iHRIS, the OpenHIE
//! Health Worker Registry): a professional of the coordinator's registry as
//! a `Practitioner`, and a search by name and qualification as a `Bundle`.
//! The same reads as the registry's pages, audited the same way.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{Caller, ErrorBody, day, origin};
use crate::domain::licence::{LicenceStatus, shown_status};
use crate::domain::paging::Window;
use crate::domain::profession::Profession;
use crate::domain::registry::SearchInput;
use crate::domain::{FieldError, Locale, language};
use crate::error::AppError;
use crate::i18n;
use crate::services::Services;
use crate::services::registry::{self, ProfessionalView};

/// The media type of FHIR's JSON.
pub const FHIR_JSON: &str = "application/fhir+json";
/// ISCO-08, as HL7's terminology names it.
pub const ISCO_08: &str = "urn:oid:2.16.840.1.113883.2.9.6.2.7";
/// Languages as BCP 47 tags.
const BCP_47: &str = "urn:ietf:bcp:47";

/// A code in a code system.
#[derive(Serialize, ToSchema)]
pub struct Coding {
    pub system: String,
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// A concept, coded and in words.
#[derive(Serialize, ToSchema)]
pub struct CodeableConcept {
    pub coding: Vec<Coding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A person's name: Sankofa keeps it whole, as typed.
#[derive(Serialize, ToSchema)]
pub struct HumanName {
    /// `official`.
    #[serde(rename = "use")]
    pub use_: String,
    pub text: String,
}

/// A way to reach the professional.
#[derive(Serialize, ToSchema)]
pub struct ContactPoint {
    /// `email`.
    pub system: String,
    pub value: String,
}

/// Where the professional lives.
#[derive(Serialize, ToSchema)]
pub struct Address {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// An identifier, such as a licence number.
#[derive(Serialize, ToSchema)]
pub struct Identifier {
    pub value: String,
}

/// A span of days.
#[derive(Serialize, ToSchema)]
pub struct Period {
    pub start: String,
    pub end: String,
}

/// Who issued a qualification.
#[derive(Serialize, ToSchema)]
pub struct Reference {
    pub display: String,
}

/// A verified licence to practise.
#[derive(Serialize, ToSchema)]
pub struct Qualification {
    pub identifier: Vec<Identifier>,
    /// The profession licensed, in ISCO-08.
    pub code: CodeableConcept,
    pub period: Period,
    pub issuer: Reference,
}

/// A language the professional speaks.
#[derive(Serialize, ToSchema)]
pub struct Communication {
    pub coding: Vec<Coding>,
    pub text: String,
}

/// A FHIR R4 Practitioner.
#[derive(Serialize, ToSchema)]
pub struct Practitioner {
    /// `Practitioner`.
    #[serde(rename = "resourceType")]
    pub resource_type: String,
    pub id: String,
    pub active: bool,
    pub name: Vec<HumanName>,
    /// Only while the professional consents to share their profile.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    pub telecom: Vec<ContactPoint>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    pub address: Vec<Address>,
    /// Verified licences valid today.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    pub qualification: Vec<Qualification>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    pub communication: Vec<Communication>,
}

fn profession_concept(code: &str) -> CodeableConcept {
    let display = Profession::parse(code).map(|p| i18n::t(Locale::En, &p.label_key()));
    CodeableConcept {
        coding: vec![Coding {
            system: ISCO_08.into(),
            code: code.to_string(),
            display: display.clone(),
        }],
        text: display,
    }
}

fn practitioner(v: ProfessionalView, today: chrono::NaiveDate) -> Practitioner {
    let p = &v.overview.profile;
    let address = if p.residence_city.is_some() || p.residence_country.is_some() {
        vec![Address {
            city: p.residence_city.clone(),
            country: p.residence_country.clone(),
        }]
    } else {
        Vec::new()
    };
    Practitioner {
        resource_type: "Practitioner".into(),
        id: v.user_id,
        active: true,
        name: vec![HumanName {
            use_: "official".into(),
            text: v.full_name,
        }],
        telecom: v
            .email
            .into_iter()
            .map(|value| ContactPoint {
                system: "email".into(),
                value,
            })
            .collect(),
        address,
        qualification: v
            .licences
            .into_iter()
            .filter(|l| {
                l.status == LicenceStatus::Verified.as_str()
                    && shown_status(LicenceStatus::Verified, l.valid_until, today) == "verified"
            })
            .map(|l| Qualification {
                identifier: vec![Identifier { value: l.number }],
                code: profession_concept(&l.profession_code),
                period: Period {
                    start: day(l.valid_from),
                    end: day(l.valid_until),
                },
                issuer: Reference {
                    display: format!("{} ({})", l.issuing_body, l.issuing_country),
                },
            })
            .collect(),
        communication: v
            .overview
            .languages
            .into_iter()
            .map(|(code, _)| {
                let name = language::find(&code)
                    .map_or_else(|| code.clone(), |l| l.name(Locale::En).to_string());
                Communication {
                    coding: vec![Coding {
                        system: BCP_47.into(),
                        code,
                        display: Some(name.clone()),
                    }],
                    text: name,
                }
            })
            .collect(),
    }
}

fn fhir(body: &impl Serialize) -> HttpResponse {
    HttpResponse::Ok().content_type(FHIR_JSON).json(body)
}

#[utoipa::path(
    get,
    path = "/api/v1/fhir/Practitioner/{id}",
    operation_id = "fhir_practitioner",
    tag = "fhir",
    summary = "A professional of the coordinator's registry as a FHIR R4 Practitioner",
    params(("id" = String, Path)),
    responses(
        (status = 200, body = Practitioner, content_type = "application/fhir+json"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a coordinator's token"),
        (status = 404, body = ErrorBody, description = "Not in the coordinator's registry"),
    ),
    security(("bearer" = []))
)]
pub async fn read(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let v = registry::open(&services, &caller.user, &path, &origin(&req)).await?;
    Ok(fhir(&practitioner(v, services.clock.now().date())))
}

/// A search by name and qualification, as FHIR asks it.
#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct PractitionerQuery {
    /// Part of the name.
    pub name: Option<String>,
    /// An ISCO-08 code, alone or as `urn:oid:2.16.840.1.113883.2.9.6.2.7|code`.
    pub qualification: Option<String>,
    /// How many, from 1 to 200.
    #[serde(rename = "_count")]
    #[param(rename = "_count", value_type = Option<i64>, minimum = 1, maximum = 200)]
    pub count: Option<String>,
    /// From the `next` link of the previous page.
    #[serde(rename = "_cursor")]
    #[param(rename = "_cursor")]
    pub cursor: Option<String>,
}

/// A link of a search's pages.
#[derive(Serialize, ToSchema)]
pub struct BundleLink {
    /// `self` or `next`.
    pub relation: String,
    pub url: String,
}

/// How an entry came into the search.
#[derive(Serialize, ToSchema)]
pub struct EntrySearch {
    /// `match`.
    pub mode: String,
}

/// One Practitioner found.
#[derive(Serialize, ToSchema)]
pub struct BundleEntry {
    #[serde(rename = "fullUrl")]
    pub full_url: String,
    pub resource: Practitioner,
    pub search: EntrySearch,
}

/// A FHIR R4 searchset Bundle of Practitioners.
#[derive(Serialize, ToSchema)]
pub struct Bundle {
    /// `Bundle`.
    #[serde(rename = "resourceType")]
    pub resource_type: String,
    /// `searchset`.
    #[serde(rename = "type")]
    pub type_: String,
    pub total: i64,
    pub link: Vec<BundleLink>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    pub entry: Vec<BundleEntry>,
}

impl PractitionerQuery {
    /// The registry search these parameters make.
    fn input(&self) -> Result<SearchInput, AppError> {
        let profession = match self.qualification.as_deref().map(str::trim) {
            None | Some("") => String::new(),
            Some(token) => match token.split_once('|') {
                None => token.to_string(),
                Some((system, code)) if system == ISCO_08 || system.is_empty() => code.to_string(),
                Some(_) => {
                    return Err(AppError::validation(
                        "qualification",
                        FieldError::new("err-choice-unknown"),
                    ));
                }
            },
        };
        Ok(SearchInput {
            profession,
            q: self.name.clone().unwrap_or_default(),
            ..SearchInput::default()
        })
    }

    /// The link to these results from `window` on.
    fn link(&self, window: Window, cursor: Option<&str>) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [("name", &self.name), ("qualification", &self.qualification)] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                query.append_pair(k, v);
            }
        }
        query.append_pair("_count", &window.limit.to_string());
        if let Some(c) = cursor {
            query.append_pair("_cursor", c);
        }
        format!("/api/v1/fhir/Practitioner?{}", query.finish())
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/fhir/Practitioner",
    operation_id = "fhir_practitioner_search",
    tag = "fhir",
    summary = "Searches the coordinator's registry by name and qualification, as a FHIR R4 Bundle",
    params(PractitionerQuery),
    responses(
        (status = 200, body = Bundle, content_type = "application/fhir+json"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a coordinator's token"),
        (status = 422, body = ErrorBody, description = "A parameter that does not hold, by its name"),
    ),
    security(("bearer" = []))
)]
pub async fn search(
    caller: Caller,
    services: web::Data<Services>,
    q: web::Query<PractitionerQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let window = Window::from_query(q.cursor.as_deref(), q.count.as_deref()).map_err(|e| {
        // Named as the caller named them.
        let mut renamed = crate::domain::FieldErrors::new();
        for (field, error) in e.iter() {
            let name = match field {
                "limit" => "_count",
                "cursor" => "_cursor",
                other => other,
            };
            renamed.add(name, error.clone());
        }
        AppError::Validation(renamed)
    })?;
    let input = q.input()?;
    let (views, total) =
        registry::search_and_open(&services, &caller.user, &input, window, &origin(&req)).await?;
    let today = services.clock.now().date();
    let config = &services.config;
    let mut link = vec![BundleLink {
        relation: "self".into(),
        url: config.public_link(&q.link(window, q.cursor.as_deref())),
    }];
    if let Some(next) = window.next_cursor(total) {
        link.push(BundleLink {
            relation: "next".into(),
            url: config.public_link(&q.link(window, Some(&next))),
        });
    }
    let entry = views
        .into_iter()
        .map(|v| BundleEntry {
            full_url: config.public_link(&format!("/api/v1/fhir/Practitioner/{}", v.user_id)),
            resource: practitioner(v, today),
            search: EntrySearch {
                mode: "match".into(),
            },
        })
        .collect();
    Ok(fhir(&Bundle {
        resource_type: "Bundle".into(),
        type_: "searchset".into(),
        total,
        link,
        entry,
    }))
}
