//! A professional's consents: given or withdrawn with one action each, every
//! change dated, kept and audited.

use super::accounts::CurrentUser;
use super::{Origin, Services};
use crate::domain::Role;
use crate::domain::consent::{ConsentKind, TEXT_VERSION};
use crate::error::AppResult;
use crate::store::audit::{self, Event};
use crate::store::consents::{self as store, Consent};

/// Every consent row of the person, newest first.
pub async fn history(s: &Services, user: &CurrentUser) -> AppResult<Vec<Consent>> {
    user.require_role(Role::Professional)?;
    let id = user.id.clone();
    s.db.run(move |c| Ok(store::history(c, &id)?)).await
}

/// Gives consent of `kind`; giving it again while in force changes nothing.
pub async fn give(
    s: &Services,
    user: &CurrentUser,
    kind: ConsentKind,
    origin: &Origin,
) -> AppResult<()> {
    change(s, user, kind, true, origin).await
}

/// Withdraws consent of `kind`; withdrawing one not in force changes nothing.
pub async fn withdraw(
    s: &Services,
    user: &CurrentUser,
    kind: ConsentKind,
    origin: &Origin,
) -> AppResult<()> {
    change(s, user, kind, false, origin).await
}

async fn change(
    s: &Services,
    user: &CurrentUser,
    kind: ConsentKind,
    give: bool,
    origin: &Origin,
) -> AppResult<()> {
    user.require_role(Role::Professional)?;
    let id = user.id.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let now = crate::db::now();
        let active = store::active(c, &id, kind.as_str())?;
        let (action, row) = match (give, active) {
            (true, None) => {
                let row = crate::db::new_id();
                store::give(c, &row, &id, kind.as_str(), TEXT_VERSION, now)?;
                ("consent_given", row)
            }
            (false, Some(consent)) => {
                store::withdraw(c, &consent.id, now)?;
                ("consent_withdrawn", consent.id)
            }
            _ => return Ok(()),
        };
        audit::record(
            c,
            &Event {
                actor_id: Some(&id),
                action,
                object_type: Some("consent"),
                object_id: Some(&row),
                detail: Some(kind.as_str()),
                client_addr: addr.as_deref(),
            },
            now,
        )?;
        Ok(())
    })
    .await
}
