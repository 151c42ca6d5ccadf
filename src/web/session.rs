//! The session cookie: a signed token for a signed-in user, or for an
//! anonymous visitor (so that even the login form has a CSRF token).

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};

use super::WebSettings;
use crate::security::tokens::{Claims, SESSION_HOURS, TokenType, Tokens};

/// What the request's cookie says, placed in the request extensions.
#[derive(Clone, Debug)]
pub struct SessionInfo {
    pub claims: Claims,
    /// A token to set on the response: the visitor had no valid cookie.
    pub issue: Option<String>,
}

impl SessionInfo {
    pub fn sid(&self) -> &str {
        self.claims.sid.as_deref().unwrap_or(&self.claims.sub)
    }

    pub fn is_user(&self) -> bool {
        self.claims.typ == TokenType::Session
    }

    pub fn anonymous(tokens: &Tokens) -> Self {
        let (token, claims) = tokens.anonymous(chrono::Utc::now().timestamp());
        Self {
            claims,
            issue: Some(token),
        }
    }
}

/// Reads the cookie; a missing, forged or expired one becomes a new anonymous session.
pub fn read(req: &HttpRequest, settings: &WebSettings, tokens: &Tokens) -> SessionInfo {
    req.cookie(settings.cookie_name)
        .and_then(|c| {
            let value = c.value();
            tokens
                .verify(value, TokenType::Session)
                .or_else(|| tokens.verify(value, TokenType::Anon))
        })
        .map(|claims| SessionInfo {
            claims,
            issue: None,
        })
        .unwrap_or_else(|| SessionInfo::anonymous(tokens))
}

/// The cookie carrying `token`: HttpOnly, SameSite=Lax, whole site, no
/// Domain, Secure over https, gone after the token's lifetime.
pub fn cookie(settings: &WebSettings, token: String) -> Cookie<'static> {
    Cookie::build(settings.cookie_name, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(settings.secure_cookies)
        .max_age(CookieDuration::hours(SESSION_HOURS))
        .finish()
}

/// A cookie that makes the browser forget the session.
pub fn removal(settings: &WebSettings) -> Cookie<'static> {
    let mut c = cookie(settings, String::new());
    c.make_removal();
    c
}
