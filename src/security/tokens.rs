//! Signed tokens (JWT, HS256 pinned): sessions, and the links sent by email.
//! Each carries its purpose in `typ`; a token of one purpose is never accepted
//! for another.

use std::collections::HashSet;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const SESSION_HOURS: i64 = 12;
pub const VERIFY_EMAIL_HOURS: i64 = 48;
pub const PASSWORD_RESET_MINUTES: i64 = 60;
const LEEWAY_SECONDS: u64 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenType {
    /// A visitor who has not logged in: carries a session id for CSRF only.
    Anon,
    Session,
    VerifyEmail,
    PasswordReset,
    /// A new address for an account, proved by the link sent to it.
    ChangeEmail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id; for an anonymous visitor, the session id.
    pub sub: String,
    pub typ: TokenType,
    pub iat: i64,
    pub exp: i64,
    /// Session id, bound into CSRF tokens; renewed at every login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// The user's session epoch when the token was issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ep: Option<i32>,
    /// The address being verified (verification links only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub em: Option<String>,
    /// Unique id of a single-use token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
}

#[derive(Clone)]
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl Tokens {
    pub fn new(secret: &[u8]) -> Self {
        let key = super::derive_key(secret, "jwt");
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_exp = true;
        validation.required_spec_claims = HashSet::from(["exp".to_string(), "sub".to_string()]);
        Self {
            encoding: EncodingKey::from_secret(&key),
            decoding: DecodingKey::from_secret(&key),
            validation,
        }
    }

    pub fn issue(&self, claims: &Claims) -> String {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .expect("HS256 signing of plain claims cannot fail")
    }

    /// The claims of a valid, unexpired token of the expected purpose.
    pub fn verify(&self, token: &str, expected: TokenType) -> Option<Claims> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        let c = data.claims;
        // An absolute lifetime: refuse tokens claiming to live longer than their purpose allows.
        let max_life = match c.typ {
            TokenType::Anon | TokenType::Session => SESSION_HOURS * 3600,
            TokenType::VerifyEmail | TokenType::ChangeEmail => VERIFY_EMAIL_HOURS * 3600,
            TokenType::PasswordReset => PASSWORD_RESET_MINUTES * 60,
        };
        (c.typ == expected && c.exp - c.iat <= max_life).then_some(c)
    }

    pub fn anonymous(&self, now: i64) -> (String, Claims) {
        let sid = super::random_token(18);
        let claims = Claims {
            sub: sid.clone(),
            typ: TokenType::Anon,
            iat: now,
            exp: now + SESSION_HOURS * 3600,
            sid: Some(sid),
            ep: None,
            em: None,
            jti: None,
        };
        (self.issue(&claims), claims)
    }

    pub fn session(&self, user_id: &str, epoch: i32, now: i64) -> (String, Claims) {
        let claims = Claims {
            sub: user_id.to_string(),
            typ: TokenType::Session,
            iat: now,
            exp: now + SESSION_HOURS * 3600,
            sid: Some(super::random_token(18)),
            ep: Some(epoch),
            em: None,
            jti: None,
        };
        (self.issue(&claims), claims)
    }

    pub fn verify_email(&self, user_id: &str, email: &str, now: i64) -> String {
        self.issue(&Claims {
            sub: user_id.to_string(),
            typ: TokenType::VerifyEmail,
            iat: now,
            exp: now + VERIFY_EMAIL_HOURS * 3600,
            sid: None,
            ep: None,
            em: Some(email.to_string()),
            jti: None,
        })
    }

    /// A link to move an account to `new_email`. `jti` names the address it
    /// moves from (hashed), so the link works once: after the change, the
    /// account no longer has that address.
    pub fn change_email(
        &self,
        user_id: &str,
        new_email: &str,
        old_email_hash: &str,
        now: i64,
    ) -> String {
        self.issue(&Claims {
            sub: user_id.to_string(),
            typ: TokenType::ChangeEmail,
            iat: now,
            exp: now + VERIFY_EMAIL_HOURS * 3600,
            sid: None,
            ep: None,
            em: Some(new_email.to_string()),
            jti: Some(old_email_hash.to_string()),
        })
    }

    pub fn password_reset(&self, user_id: &str, jti: &str, now: i64) -> String {
        self.issue(&Claims {
            sub: user_id.to_string(),
            typ: TokenType::PasswordReset,
            iat: now,
            exp: now + PASSWORD_RESET_MINUTES * 60,
            sid: None,
            ep: None,
            em: None,
            jti: Some(jti.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn purpose_is_enforced() {
        let t = Tokens::new(&[1u8; 32]);
        let (session, _) = t.session("u1", 0, now());
        assert!(t.verify(&session, TokenType::Session).is_some());
        assert!(t.verify(&session, TokenType::PasswordReset).is_none());
        let reset = t.password_reset("u1", "j1", now());
        assert!(t.verify(&reset, TokenType::Session).is_none());
        assert!(t.verify(&reset, TokenType::PasswordReset).is_some());
        let change = t.change_email("u1", "new@example.org", "hash", now());
        assert!(t.verify(&change, TokenType::ChangeEmail).is_some());
        for other in [
            TokenType::Session,
            TokenType::VerifyEmail,
            TokenType::PasswordReset,
        ] {
            assert!(t.verify(&change, other).is_none(), "{other:?}");
        }
        assert!(t.verify(&session, TokenType::ChangeEmail).is_none());
    }

    #[test]
    fn other_key_and_expired_tokens_are_refused() {
        let t = Tokens::new(&[1u8; 32]);
        let (session, _) = Tokens::new(&[2u8; 32]).session("u1", 0, now());
        assert!(t.verify(&session, TokenType::Session).is_none());
        let (old, _) = t.session("u1", 0, now() - SESSION_HOURS * 3600 - 120);
        assert!(t.verify(&old, TokenType::Session).is_none());
    }

    #[test]
    fn overlong_lifetime_is_refused() {
        let t = Tokens::new(&[1u8; 32]);
        let mut claims = t
            .verify(&t.session("u1", 0, now()).0, TokenType::Session)
            .unwrap();
        claims.exp = claims.iat + 30 * 24 * 3600;
        assert!(t.verify(&t.issue(&claims), TokenType::Session).is_none());
    }
}
