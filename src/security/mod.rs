//! Credentials and proofs: password hashing, signed tokens, CSRF tokens, key derivation.

pub mod csrf;
pub mod passwords;
pub mod tokens;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// A purpose-specific key derived from the configured secret, so that a token
/// signature can never be replayed as a CSRF token and the reverse.
pub fn derive_key(secret: &[u8], purpose: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(b"sankofa:");
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Hex SHA-256, used to store single-use tokens without storing the tokens.
pub fn sha256_hex(data: &str) -> String {
    Sha256::digest(data.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Fills `bytes` from the thread's cryptographically secure generator
/// (ChaCha, seeded and periodically reseeded from the operating system):
/// several draws per request, without a system call each.
pub fn fill_random(bytes: &mut [u8]) {
    use rand::RngCore;
    rand::rng().fill_bytes(bytes);
}

/// `n` random bytes, URL-safe base64.
pub fn random_token(n: usize) -> String {
    use base64::Engine;
    let mut bytes = vec![0u8; n];
    fill_random(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
