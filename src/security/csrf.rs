//! CSRF tokens: an HMAC of the session id, so a token is good for exactly one session.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

#[derive(Clone)]
pub struct Csrf {
    key: Vec<u8>,
}

const MAC_BYTES: usize = 32;

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

    /// The session's token under a fresh random mask, so that the bytes on
    /// the page differ at every response: a compressed page then reveals
    /// nothing about the token through its size (BREACH).
    pub fn token(&self, session_id: &str) -> String {
        let mac = self.mac(session_id).finalize().into_bytes();
        let mut pad = [0u8; MAC_BYTES];
        super::fill_random(&mut pad);
        let mut out = Vec::with_capacity(2 * MAC_BYTES);
        out.extend_from_slice(&pad);
        out.extend(pad.iter().zip(mac.iter()).map(|(p, m)| p ^ m));
        URL_SAFE_NO_PAD.encode(out)
    }

    /// Constant-time check of a submitted token against the session.
    pub fn verify(&self, session_id: &str, token: &str) -> bool {
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(token.trim()) else {
            return false;
        };
        if bytes.len() != 2 * MAC_BYTES {
            return false;
        }
        let (pad, masked) = bytes.split_at(MAC_BYTES);
        let mac: Vec<u8> = pad.iter().zip(masked).map(|(p, m)| p ^ m).collect();
        self.mac(session_id).verify_slice(&mac).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_bound_to_its_session_and_masked_afresh() {
        let csrf = Csrf::new(&[7u8; 32]);
        let t = csrf.token("session-a");
        let u = csrf.token("session-a");
        assert_ne!(t, u, "a new mask each time");
        assert!(csrf.verify("session-a", &u));
        assert!(csrf.verify("session-a", &t));
        assert!(!csrf.verify("session-b", &t));
        assert!(!csrf.verify("session-a", ""));
        assert!(!csrf.verify("session-a", "not base64 !"));
        assert!(!Csrf::new(&[8u8; 32]).verify("session-a", &t));
    }
}
