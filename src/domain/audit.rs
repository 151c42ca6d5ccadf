//! The audit log's vocabulary: every action the services record, and the
//! limits of what an administrator may type to filter the log.

/// Every action written to the audit log, in the order the filter offers
/// them. A service that records a new action adds it here (and its
/// `audit-action-*` message) so that administrators can filter on it.
pub const ACTIONS: &[&str] = &[
    "access_refused",
    "account_deleted",
    "admin_created",
    "api_token_created",
    "api_token_revoked",
    "assignment_closed",
    "assignment_created",
    "assignment_published",
    "assignment_updated",
    "audit_log_exported",
    "consent_given",
    "consent_withdrawn",
    "coordinator_invited",
    "coordinator_programmes_changed",
    "coordinator_removed",
    "demo_account_created",
    "email_change_requested",
    "email_changed",
    "email_discarded",
    "email_resent",
    "email_resent_all",
    "email_verified",
    "facility_registered",
    "facility_rejected",
    "facility_verified",
    "interest_expressed",
    "interest_withdrawn",
    "invitation_accepted",
    "licence_added",
    "licence_changed",
    "licence_deleted",
    "licence_rejected",
    "licence_verified",
    "locale_changed",
    "login",
    "match_accepted",
    "match_approved",
    "match_cancelled",
    "match_checklist_ticked",
    "match_checklist_unticked",
    "match_completed",
    "match_confirmed",
    "match_deadline_changed",
    "match_declined",
    "match_expired",
    "match_feedback_filed",
    "match_proposed",
    "match_rejected",
    "match_report_filed",
    "match_withdrawn",
    "matcher_run",
    "login_failed",
    "logout_everywhere",
    "password_changed",
    "password_reset",
    "password_reset_requested",
    "profile_viewed",
    "programme_changed",
    "programme_created",
    "safeguards_list_changed",
    "signup_existing_email",
    "specialty_added",
    "staff_invited",
    "user_signed_up",
    "verification_resent",
];

/// Longest record type and record id accepted in the filter.
pub const MAX_OBJECT_TYPE: usize = 40;
pub const MAX_OBJECT_ID: usize = 300;

pub fn is_action(action: &str) -> bool {
    ACTIONS.contains(&action)
}

/// Neutralises a cell a spreadsheet would read as a formula (CSV injection):
/// one beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
/// leading single quote.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_quoted() {
        assert_eq!(spreadsheet_safe("=1+2"), "'=1+2");
        assert_eq!(spreadsheet_safe("+1"), "'+1");
        assert_eq!(spreadsheet_safe("-1"), "'-1");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("\tx"), "'\tx");
        assert_eq!(spreadsheet_safe("a=1"), "a=1");
        assert_eq!(spreadsheet_safe(""), "");
    }

    #[test]
    fn actions_are_unique() {
        let mut sorted = ACTIONS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ACTIONS.len());
    }
}
