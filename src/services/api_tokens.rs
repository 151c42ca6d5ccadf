//! Personal API tokens (SPEC 6): a user makes, names, scopes and revokes
//! them from the account page; integrations send them as bearer tokens.
//! The secret is shown once and kept only as a hash; a token ends with its
//! user's session epoch (password change, log out everywhere, removal).

use chrono::{Duration, NaiveDateTime};

use super::accounts::CurrentUser;
use super::{Origin, Services};
use crate::db::{self, DbConn};
use crate::domain::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::security::{random_token, sha256_hex};
use crate::store::api_tokens::{self as store, ApiToken};
use crate::store::audit::{self, Event};

/// Longest name of a token, in characters.
pub const MAX_NAME: usize = 80;
/// Most tokens in force one user may hold.
pub const MAX_LIVE: usize = 20;
/// What every secret starts with, so that a leaked one is recognised.
pub const PREFIX: &str = "sankofa_";
/// How stale the last-used time may grow before a use writes it again:
/// integrations calling many times a second do not each write a row.
pub const LAST_USED_EVERY: Duration = Duration::seconds(60);

/// What a token may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Read,
    Write,
}

impl Scope {
    pub fn parse(s: &str) -> Option<Scope> {
        match s {
            "read" => Some(Scope::Read),
            "write" => Some(Scope::Write),
            _ => None,
        }
    }
}

/// A token just made: the row, and its secret, which nobody sees again.
pub struct Made {
    pub token: ApiToken,
    pub secret: String,
}

/// The user's tokens in force, newest first.
pub async fn list(s: &Services, user: &CurrentUser) -> AppResult<Vec<ApiToken>> {
    let id = user.id.clone();
    s.db.run(move |c| Ok(store::live_of(c, &id)?)).await
}

/// One of the user's tokens in force; anyone else's is not found.
pub async fn find(s: &Services, user: &CurrentUser, token_id: &str) -> AppResult<ApiToken> {
    let (id, token_id) = (user.id.clone(), token_id.to_string());
    s.db.run(move |c| store::live(c, &id, &token_id)?.ok_or(AppError::NotFound))
        .await
}

/// Makes a token named `name` with `scope` ("read" or "write"), refused by
/// the field when either is wrong or the user holds too many.
pub async fn create(
    s: &Services,
    user: &CurrentUser,
    name: &str,
    scope: &str,
    origin: &Origin,
) -> AppResult<Made> {
    let mut e = FieldErrors::new();
    let name = e.required_text("name", name, MAX_NAME);
    let scope = Scope::parse(scope);
    if scope.is_none() {
        e.add("scope", crate::domain::FieldError::new("err-choose-option"));
    }
    e.into_result().map_err(AppError::Validation)?;
    let secret = format!("{PREFIX}{}", random_token(32));
    let now = db::now();
    let token = ApiToken {
        id: db::new_id(),
        user_id: user.id.clone(),
        name,
        secret_hash: sha256_hex(&secret),
        can_write: scope == Some(Scope::Write),
        session_epoch: user.session_epoch,
        created_at: now,
        last_used_at: None,
        revoked_at: None,
    };
    let row = token.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        if store::live_of(c, &row.user_id)?.len() >= MAX_LIVE {
            return Err(AppError::validation(
                "name",
                crate::domain::FieldError::new("err-api-tokens-too-many").arg("max", MAX_LIVE),
            ));
        }
        store::insert(c, &row)?;
        audit::record(
            c,
            &Event {
                actor_id: Some(&row.user_id),
                action: "api_token_created",
                object_type: Some("api_token"),
                object_id: Some(&row.id),
                detail: None,
                client_addr: addr.as_deref(),
            },
            now,
        )?;
        Ok(())
    })
    .await?;
    Ok(Made { token, secret })
}

/// Revokes one of the user's tokens; anyone else's is not found.
pub async fn revoke(
    s: &Services,
    user: &CurrentUser,
    token_id: &str,
    origin: &Origin,
) -> AppResult<()> {
    let (id, token_id) = (user.id.clone(), token_id.to_string());
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        let now = db::now();
        if !store::revoke(c, &id, &token_id, now)? {
            return Err(AppError::NotFound);
        }
        audit::record(
            c,
            &Event {
                actor_id: Some(&id),
                action: "api_token_revoked",
                object_type: Some("api_token"),
                object_id: Some(&token_id),
                detail: None,
                client_addr: addr.as_deref(),
            },
            now,
        )?;
        Ok(())
    })
    .await
}

/// The user a bearer secret stands for and what it may do, if the token is
/// still good and within its rate (429 beyond); writes when it was used, at
/// most once a minute.
pub async fn authenticate(s: &Services, secret: &str) -> AppResult<Option<(CurrentUser, Scope)>> {
    match with_bearer(s, secret, |_, _, _| Ok(())).await {
        Ok((user, scope, ())) => Ok(Some((user, scope))),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Authenticates a bearer secret as [`authenticate`] does, then runs `f`
/// for its user on the same connection: one trip to the database for the
/// API's most frequent reads. A secret that opens nothing is
/// `Unauthenticated`.
pub async fn with_bearer<T, F>(
    s: &Services,
    secret: &str,
    f: F,
) -> AppResult<(CurrentUser, Scope, T)>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn, &CurrentUser, Scope) -> AppResult<T> + Send + 'static,
{
    if !secret.starts_with(PREFIX) || secret.len() > 200 {
        return Err(AppError::Unauthenticated);
    }
    let hash = sha256_hex(secret);
    let now = db::now();
    let limits = s.limits.clone();
    s.db.run(move |c| {
        let bearer = store::authenticate(c, &hash)?.ok_or(AppError::Unauthenticated)?;
        limits.check_token(&bearer.id)?;
        if stale(bearer.last_used_at, now) {
            let id = bearer.id.clone();
            c.write(|c| Ok::<_, AppError>(store::touch(c, &id, now)?))?;
        }
        let scope = if bearer.can_write {
            Scope::Write
        } else {
            Scope::Read
        };
        let user = CurrentUser::from_row(bearer.user).ok_or(AppError::Unauthenticated)?;
        let out = f(c, &user, scope)?;
        Ok((user, scope, out))
    })
    .await
}

fn stale(last_used: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    last_used.is_none_or(|at| now - at >= LAST_USED_EVERY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_use_is_written_at_most_once_a_minute() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert!(stale(None, now));
        assert!(!stale(Some(now - Duration::seconds(59)), now));
        assert!(stale(Some(now - Duration::seconds(60)), now));
    }

    #[test]
    fn scopes_are_read_and_write_only() {
        assert_eq!(Scope::parse("read"), Some(Scope::Read));
        assert_eq!(Scope::parse("write"), Some(Scope::Write));
        assert_eq!(Scope::parse("admin"), None);
    }
}
