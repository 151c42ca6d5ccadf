//! What each role's home page shows.

use super::Services;
use super::accounts::CurrentUser;
use crate::domain::Role;
use crate::error::{AppError, AppResult};

/// What an administrator sees first: mail that needs attention and the latest audit entries.
pub struct AdminOverview {
    pub outbox_pending: i64,
    pub outbox_parked: i64,
    pub recent: Vec<crate::store::audit::AuditEntry>,
}

pub async fn admin_overview(s: &Services, user: &CurrentUser) -> AppResult<AdminOverview> {
    if user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    s.db.run(|c| {
        use crate::store::{audit, outbox};
        Ok(AdminOverview {
            outbox_pending: outbox::count_by_status(c, outbox::PENDING)?,
            outbox_parked: outbox::count_by_status(c, outbox::PARKED)?,
            recent: audit::recent(c, 25)?,
        })
    })
    .await
}
