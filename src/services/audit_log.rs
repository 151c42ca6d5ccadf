//! The administrator's audit log: narrowed by who, what, which record and
//! when; read a page at a time, or downloaded whole as CSV.

use chrono::{NaiveDate, NaiveDateTime};

use super::Services;
use super::accounts::CurrentUser;
use crate::db::DbConn;
use crate::domain::audit::{self as vocabulary, MAX_OBJECT_ID, MAX_OBJECT_TYPE};
use crate::domain::validation::MAX_EMAIL;
use crate::domain::{Email, FieldError, FieldErrors, Role};
use crate::error::{AppError, AppResult};
use crate::store::audit::{self, AuditEntry, Filter};
use crate::store::users;

/// Entries on one page.
pub const PAGE_SIZE: i64 = 50;
/// Most entries one download holds, newest first: about 20 MB.
pub const CSV_MAX_ROWS: usize = 100_000;
/// Entries read from the database at a time while building a download.
const CSV_CHUNK: usize = 2_000;
/// Beyond any real log; keeps the offset arithmetic far from overflow.
const MAX_PAGE: i64 = 1_000_000;

/// The filter as typed; every criterion may be left empty.
#[derive(Clone, Debug, Default)]
pub struct AuditSearch {
    /// An email address or a user id.
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    /// First day, `YYYY-MM-DD`, UTC.
    pub date_from: String,
    /// Last day, included, `YYYY-MM-DD`, UTC.
    pub date_to: String,
}

/// An entry with the address of whoever caused it, when that account exists.
pub struct AuditRow {
    pub entry: AuditEntry,
    pub actor_email: Option<String>,
}

pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

/// A checked filter: the actor still as typed (an email is resolved to its
/// account on the database thread), every other criterion ready.
struct Checked {
    actor: Option<String>,
    filter: Filter,
}

fn optional_text(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    max: usize,
) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        None
    } else if v.chars().count() > max {
        errors.add(field, FieldError::too_long(max));
        None
    } else if v.chars().any(char::is_control) {
        errors.add(field, FieldError::new("err-control-chars"));
        None
    } else {
        Some(v.to_string())
    }
}

fn optional_date(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<NaiveDate> {
    match value.trim() {
        "" => None,
        v => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map_err(|_| errors.add(field, FieldError::new("err-date")))
            .ok(),
    }
}

fn midnight(day: NaiveDate) -> NaiveDateTime {
    day.and_time(chrono::NaiveTime::MIN)
}

fn check(input: &AuditSearch) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut actor = optional_text(&mut errors, "actor", &input.actor, MAX_EMAIL);
    if let Some(a) = &actor
        && a.contains('@')
    {
        match Email::parse(a) {
            Ok(e) => actor = Some(e.into_string()),
            Err(e) => errors.add("actor", e),
        }
    }
    let action = match input.action.trim() {
        "" => None,
        a if vocabulary::is_action(a) => Some(a.to_string()),
        _ => {
            errors.add("action", FieldError::new("err-choice-unknown"));
            None
        }
    };
    let object_type = optional_text(
        &mut errors,
        "object_type",
        &input.object_type,
        MAX_OBJECT_TYPE,
    );
    let object_id = optional_text(&mut errors, "object_id", &input.object_id, MAX_OBJECT_ID);
    let from = optional_date(&mut errors, "date_from", &input.date_from);
    let to = optional_date(&mut errors, "date_to", &input.date_to);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.add("date_to", FieldError::new("err-to-before-from"));
    }
    errors.into_result()?;
    Ok(Checked {
        actor,
        filter: Filter {
            actor_id: None,
            action,
            object_type,
            object_id,
            from: from.map(midnight),
            // The last day is included: entries before the next midnight.
            before: to.and_then(|t| t.succ_opt()).map(midnight),
        },
    })
}

impl Checked {
    /// The filter with the actor resolved: an address becomes its account's
    /// id; an address no account has keeps the address itself, which no
    /// entry's actor id matches.
    fn resolve(self, c: &mut DbConn) -> AppResult<Filter> {
        let mut filter = self.filter;
        if let Some(actor) = self.actor {
            let id = if actor.contains('@') {
                users::find_by_email(c, &actor)?.map_or(actor, |u| u.id)
            } else {
                actor
            };
            filter.actor_id = Some(id);
        }
        Ok(filter)
    }
}

/// Pairs entries with their actors' addresses.
fn with_emails(c: &mut DbConn, entries: Vec<AuditEntry>) -> AppResult<Vec<AuditRow>> {
    let mut ids: Vec<String> = entries.iter().filter_map(|e| e.actor_id.clone()).collect();
    ids.sort_unstable();
    ids.dedup();
    let emails: std::collections::HashMap<String, String> =
        users::emails_of(c, &ids)?.into_iter().collect();
    Ok(entries
        .into_iter()
        .map(|entry| AuditRow {
            actor_email: entry
                .actor_id
                .as_ref()
                .and_then(|id| emails.get(id).cloned()),
            entry,
        })
        .collect())
}

/// One page (from 1) of the entries the filter keeps, newest first.
pub async fn search(
    s: &Services,
    user: &CurrentUser,
    input: &AuditSearch,
    page: i64,
) -> AppResult<AuditPage> {
    user.require_role(Role::Admin)?;
    let checked = check(input).map_err(AppError::Validation)?;
    let page = page.clamp(1, MAX_PAGE);
    s.db.run(move |c| {
        let filter = checked.resolve(c)?;
        let total = audit::count(c, &filter)?;
        let entries = audit::search(c, &filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)?;
        Ok(AuditPage {
            rows: with_emails(c, entries)?,
            total,
            page,
            pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
        })
    })
    .await
}

const CSV_HEADER: [&str; 8] = [
    "at",
    "actor_id",
    "actor_email",
    "action",
    "object_type",
    "object_id",
    "client_addr",
    "detail",
];

fn csv_failed(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("writing the audit CSV failed: {e}"))
}

/// The entries the filter keeps, newest first, at most `CSV_MAX_ROWS`, as
/// CSV with a header row. Built on the database thread in chunks, so a long
/// log never holds a request thread.
/// The export holds addresses and client addresses: who took it, and when,
/// is itself written to the log.
pub async fn csv(
    s: &Services,
    user: &CurrentUser,
    input: &AuditSearch,
    origin: &super::Origin,
) -> AppResult<Vec<u8>> {
    user.require_role(Role::Admin)?;
    let checked = check(input).map_err(AppError::Validation)?;
    let actor = user.id.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        audit::record(
            c,
            &audit::Event {
                actor_id: Some(&actor),
                action: "audit_log_exported",
                object_type: Some("audit_log"),
                client_addr: addr.as_deref(),
                ..Default::default()
            },
            crate::db::now(),
        )?;
        Ok(())
    })
    .await?;
    s.db.run(move |c| {
        let filter = checked.resolve(c)?;
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(CSV_HEADER).map_err(csv_failed)?;
        let mut cursor = None;
        let mut written = 0;
        while written < CSV_MAX_ROWS {
            let want = CSV_CHUNK.min(CSV_MAX_ROWS - written);
            let chunk = audit::search_after(c, &filter, cursor.take(), want as i64)?;
            let read = chunk.len();
            cursor = chunk.last().map(|e| (e.at, e.id.clone()));
            for row in with_emails(c, chunk)? {
                let e = &row.entry;
                let at = e.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
                let text = |v: &Option<String>| {
                    vocabulary::spreadsheet_safe(v.as_deref().unwrap_or("")).into_owned()
                };
                out.write_record([
                    at,
                    text(&e.actor_id),
                    text(&row.actor_email),
                    vocabulary::spreadsheet_safe(&e.action).into_owned(),
                    text(&e.object_type),
                    text(&e.object_id),
                    text(&e.client_addr),
                    text(&e.detail),
                ])
                .map_err(csv_failed)?;
            }
            written += read;
            if read < want {
                break;
            }
        }
        out.into_inner().map_err(csv_failed)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(from: &str, to: &str) -> AuditSearch {
        AuditSearch {
            date_from: from.into(),
            date_to: to.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_last_day_is_included() {
        let c = check(&search("2026-11-01", "2026-11-02")).unwrap();
        assert_eq!(c.filter.from.unwrap().to_string(), "2026-11-01 00:00:00");
        assert_eq!(c.filter.before.unwrap().to_string(), "2026-11-03 00:00:00");
    }

    #[test]
    fn bad_filters_are_named_by_field() {
        let e = check(&search("2026-13-01", "")).err().unwrap();
        assert_eq!(e.get("date_from").unwrap().key, "err-date");
        let e = check(&search("2026-11-02", "2026-11-01")).err().unwrap();
        assert_eq!(e.get("date_to").unwrap().key, "err-to-before-from");
        let long = AuditSearch {
            object_id: "x".repeat(MAX_OBJECT_ID + 1),
            action: "drop_tables".into(),
            actor: "not@an@address".into(),
            ..Default::default()
        };
        let e = check(&long).err().unwrap();
        assert_eq!(e.get("object_id").unwrap().key, "err-too-long");
        assert_eq!(e.get("action").unwrap().key, "err-choice-unknown");
        assert!(e.get("actor").is_some());
    }
}
