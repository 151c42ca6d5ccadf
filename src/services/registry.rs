//! The coordinators' registry: searching the professionals their programmes
//! may match, and opening one profile (audited, SECURITY 21).

use super::accounts::CurrentUser;
use super::profiles::{self, Overview};
use super::{Origin, Services};
use crate::db::{self, DbConn};
use crate::domain::Role;
use crate::domain::consent::ConsentKind;
use crate::domain::paging::Window;
use crate::domain::programme::parse_statuses;
use crate::domain::registry::{self, Criteria, PAGE_SIZE, SearchInput};
use crate::error::{AppError, AppResult};
use crate::store::audit::{self, Event};
use crate::store::availability::{Hours, Window as AvailabilityWindow};
use crate::store::licences::Licence;
use crate::store::registry::{self as store, Found, ProgrammeRule};
use crate::store::{availability, licences, programmes, users};

/// One page of results.
pub struct Results {
    pub criteria: Criteria,
    pub found: Vec<Found>,
    /// Ids among `found` ready to be matched.
    pub ready: Vec<String>,
    pub total: i64,
}

impl Results {
    pub fn pages(&self) -> i64 {
        ((self.total + PAGE_SIZE - 1) / PAGE_SIZE).min(registry::MAX_PAGE)
    }
}

/// The rules of the coordinator's active programmes.
pub(crate) fn rules(c: &mut DbConn, user: &CurrentUser) -> AppResult<Vec<ProgrammeRule>> {
    user.require_role(Role::Coordinator)?;
    let countries = programmes::programme_countries_of_coordinator(c, &user.id)?;
    let mut out = Vec::new();
    for p in programmes::of_coordinator(c, &user.id)? {
        out.push(ProgrammeRule {
            countries: countries
                .iter()
                .filter(|(id, _)| *id == p.id)
                .map(|(_, code)| code.clone())
                .collect(),
            residence_statuses: parse_statuses(&p.residence_statuses)
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            min_years: p.min_years_experience,
        });
    }
    Ok(out)
}

/// Searches the coordinator's registry; bad criteria are refused by field.
/// `window` says which of the results, else the page the search names.
pub async fn search(
    s: &Services,
    user: &CurrentUser,
    input: &SearchInput,
    window: Option<Window>,
) -> AppResult<Results> {
    user.require_role(Role::Coordinator)?;
    let specialties = profiles::specialties(s).await?;
    let criteria = registry::validate(input, |code| specialties.iter().any(|sp| sp.code == code))
        .map_err(AppError::Validation)?;
    let window = window.unwrap_or_else(|| Window::page(criteria.page, PAGE_SIZE));
    let user = user.clone();
    s.db.run(move |c| {
        let rules = rules(c, &user)?;
        let today = db::now().date();
        let (found, total) =
            store::search(c, &criteria, &rules, today, window.limit, window.offset)?;
        let ids: Vec<String> = found.iter().map(|f| f.user_id.clone()).collect();
        let ready = store::ready_among(c, &ids, today)?;
        Ok(Results {
            criteria,
            found,
            ready,
            total,
        })
    })
    .await
}

/// A professional's profile as a coordinator reads it.
pub struct ProfessionalView {
    pub user_id: String,
    pub full_name: String,
    /// Only while the professional consents to share their profile.
    pub email: Option<String>,
    pub overview: Overview,
    pub licences: Vec<Licence>,
    pub windows: Vec<(AvailabilityWindow, Vec<Hours>)>,
    /// Open assignments of the coordinator's countries that accept the
    /// professional's profession and have no live match with them yet.
    pub proposable: Vec<crate::store::assignments::Proposable>,
}

/// One profile of the registry whose `rules` are the coordinator's, read
/// and audited; anyone else's is not found.
fn open_in(
    c: &mut DbConn,
    user: &CurrentUser,
    rules: &[ProgrammeRule],
    id: &str,
    addr: Option<&str>,
) -> AppResult<ProfessionalView> {
    if !store::in_scope(c, id, rules)? {
        return Err(AppError::NotFound);
    }
    let account = users::find(c, id)?.ok_or(AppError::NotFound)?;
    audit::record(
        c,
        &Event {
            actor_id: Some(&user.id),
            action: "profile_viewed",
            object_type: Some("user"),
            object_id: Some(id),
            detail: None,
            client_addr: addr,
        },
        db::now(),
    )?;
    let overview = profiles::overview_of(c, id, account.email_verified_at.is_some())?;
    let countries = crate::store::programmes::countries_of_coordinator(c, &user.id)?;
    let proposable = match &overview.profile.profession_code {
        Some(profession) => {
            crate::store::assignments::proposable_for(c, &countries, profession, id)?
        }
        None => Vec::new(),
    };
    let shares =
        crate::store::consents::active(c, id, ConsentKind::ShareProfile.as_str())?.is_some();
    Ok(ProfessionalView {
        overview,
        proposable,
        licences: licences::of_user(c, id)?,
        windows: availability::of_user(c, id)?,
        email: shares.then(|| account.email.clone()),
        user_id: account.id,
        full_name: account.full_name,
    })
}

/// Opens one profile of the coordinator's registry; anyone else's is not
/// found. Writes who read whose profile, and when, without copying it.
pub async fn open(
    s: &Services,
    user: &CurrentUser,
    professional_id: &str,
    origin: &Origin,
) -> AppResult<ProfessionalView> {
    user.require_role(Role::Coordinator)?;
    let user = user.clone();
    let id = professional_id.to_string();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let rules = rules(c, &user)?;
        open_in(c, &user, &rules, &id, addr.as_deref())
    })
    .await
}

/// Searches the registry and opens every profile found, each read audited
/// as when opened alone: for exports of whole profiles.
pub async fn search_and_open(
    s: &Services,
    user: &CurrentUser,
    input: &SearchInput,
    window: Window,
    origin: &Origin,
) -> AppResult<(Vec<ProfessionalView>, i64)> {
    let results = search(s, user, input, Some(window)).await?;
    let user = user.clone();
    let ids: Vec<String> = results.found.into_iter().map(|f| f.user_id).collect();
    let addr = origin.addr.clone();
    let views =
        s.db.write(move |c| {
            let rules = rules(c, &user)?;
            ids.iter()
                .map(|id| open_in(c, &user, &rules, id, addr.as_deref()))
                .collect::<AppResult<Vec<_>>>()
        })
        .await?;
    Ok((views, results.total))
}
