//! What a facility sees of the professional of one of its matches
//! (SECURITY 22): nothing but the profession until a coordinator approved
//! the match and the professional consents to share their profile; then
//! their name, contact details, languages and verified licences, for as long
//! as that consent stands.

use chrono::NaiveDate;

use crate::db::DbConn;
use crate::domain::consent::ConsentKind;
use crate::domain::licence::{LicenceStatus, shown_status};
use crate::error::AppResult;
use crate::store::matches::MatchListed;
use crate::store::{consents, licences, professionals, users};

/// The profile a facility sees once it is shared.
#[derive(Clone, Debug)]
pub struct SharedProfile {
    pub full_name: String,
    pub email: String,
    pub profession_code: Option<String>,
    /// (language code, level), by language code.
    pub languages: Vec<(String, String)>,
    pub licences: Vec<SharedLicence>,
}

/// A verified licence, valid today, as a facility reads it.
#[derive(Clone, Debug)]
pub struct SharedLicence {
    pub issuing_body: String,
    pub issuing_country: String,
    pub number: String,
    pub profession_code: String,
    pub valid_until: NaiveDate,
}

/// Whether a match in `state` is one a coordinator approved and that still
/// stands or was carried out: offered, confirmed or completed. A match that
/// was declined, expired or cancelled ends the reason to know the person,
/// so the profile is hidden again (it was never shown for a proposal or a
/// rejection, which the facility does not see at all).
fn approved(state: &str) -> bool {
    matches!(state, "offered" | "confirmed" | "completed")
}

/// Whether the facility of a match in `state` may see the profile of
/// `user_id` now: the match is approved and the consent stands today, so a
/// withdrawal hides the profile at once.
pub(super) fn shares_profile(c: &mut DbConn, state: &str, user_id: &str) -> AppResult<bool> {
    if !approved(state) {
        return Ok(false);
    }
    Ok(consents::active(c, user_id, ConsentKind::ShareProfile.as_str())?.is_some())
}

/// The professional's profile as the facility of a match in `state` sees
/// it, or nothing when it is not shared.
pub(super) fn shared_profile(
    c: &mut DbConn,
    state: &str,
    user_id: &str,
    today: NaiveDate,
) -> AppResult<Option<SharedProfile>> {
    if !shares_profile(c, state, user_id)? {
        return Ok(None);
    }
    let Some(user) = users::find(c, user_id)? else {
        return Ok(None);
    };
    if user.deleted_at.is_some() {
        return Ok(None);
    }
    let profile = professionals::find(c, user_id)?;
    let licences = licences::of_user(c, user_id)?
        .into_iter()
        .filter(|l| {
            l.status == LicenceStatus::Verified.as_str()
                && shown_status(LicenceStatus::Verified, l.valid_until, today) == "verified"
        })
        .map(|l| SharedLicence {
            issuing_body: l.issuing_body,
            issuing_country: l.issuing_country,
            number: l.number,
            profession_code: l.profession_code,
            valid_until: l.valid_until,
        })
        .collect();
    Ok(Some(SharedProfile {
        full_name: user.full_name,
        email: user.email,
        profession_code: profile.and_then(|p| p.profession_code),
        languages: professionals::languages_of(c, user_id)?,
        licences,
    }))
}

/// Blanks the name of every listed match whose professional has not shared
/// their profile with the facility, so that no facility page can show it.
pub(super) fn hide_unshared_names(c: &mut DbConn, listed: &mut [MatchListed]) -> AppResult<()> {
    for m in listed {
        if !shares_profile(c, &m.state, &m.user_id)? {
            m.full_name.clear();
        }
    }
    Ok(())
}
