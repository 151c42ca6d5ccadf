//! CSRF tokens: an HMAC of the session id, so a token is good for exactly one session.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

#[derive(Clone)]
pub struct Csrf {
    key: Vec<u8>,
}

impl Csrf {
    pub fn new(secret: &[u8]) -> Self {
        Self {
            key: super::derive_key(secret, "csrf"),
        }
    }

    fn mac(&self, session_id: &str) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        mac.update(session_id.as_bytes());
        mac
    }

    pub fn token(&self, session_id: &str) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(session_id).finalize().into_bytes())
    }

    /// Constant-time check of a submitted token against the session.
    pub fn verify(&self, session_id: &str, token: &str) -> bool {
        match URL_SAFE_NO_PAD.decode(token.trim()) {
            Ok(bytes) => self.mac(session_id).verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_bound_to_its_session() {
        let csrf = Csrf::new(&[7u8; 32]);
        let t = csrf.token("session-a");
        assert!(csrf.verify("session-a", &t));
        assert!(!csrf.verify("session-b", &t));
        assert!(!csrf.verify("session-a", ""));
        assert!(!csrf.verify("session-a", "not base64 !"));
        assert!(!Csrf::new(&[8u8; 32]).verify("session-a", &t));
    }
}
