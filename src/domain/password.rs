//! What a new password must be: long enough, not absurdly long, not a common one.
//! No composition rules (NIST SP 800-63B, OWASP ASVS 2.1).

use super::validation::FieldError;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

/// Checks a new password and its confirmation.
pub fn check_new(
    password: &str,
    confirmation: &str,
) -> Result<(), (Option<FieldError>, Option<FieldError>)> {
    let first = check(password).err();
    let second = if first.is_none() && password != confirmation {
        Some(FieldError::new("err-password-mismatch"))
    } else {
        None
    };
    if first.is_none() && second.is_none() {
        Ok(())
    } else {
        Err((first, second))
    }
}

pub fn check(password: &str) -> Result<(), FieldError> {
    let n = password.chars().count();
    if n == 0 {
        return Err(FieldError::new("err-required"));
    }
    if n < MIN_CHARS {
        return Err(FieldError::new("err-password-short").arg("min", MIN_CHARS));
    }
    if n > MAX_CHARS {
        return Err(FieldError::too_long(MAX_CHARS));
    }
    if is_common(password) {
        return Err(FieldError::new("err-password-common"));
    }
    Ok(())
}

/// The `passwords` crate carries a list of about 100,000 leaked passwords,
/// a superset of the 10,000 most common ones; compare case-insensitively.
fn is_common(password: &str) -> bool {
    passwords::analyzer::is_common_password(password)
        || passwords::analyzer::is_common_password(password.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_long_unicode_passphrases() {
        assert!(check("kwame nkrumah circle à Accra").is_ok());
        assert!(check("ሰላም ለዓለም ሰላም ለዓለም").is_ok());
        assert!(check(&"x".repeat(MAX_CHARS)).is_ok());
    }

    #[test]
    fn refuses_short_long_and_common() {
        assert_eq!(check("short").unwrap_err().key, "err-password-short");
        assert_eq!(
            check(&"x".repeat(MAX_CHARS + 1)).unwrap_err().key,
            "err-too-long"
        );
        assert_eq!(
            check("123456789012").unwrap_err().key,
            "err-password-common"
        );
        assert_eq!(check("").unwrap_err().key, "err-required");
    }

    #[test]
    fn confirmation_must_match() {
        let (a, b) = check_new("a long enough passphrase", "a different passphrase").unwrap_err();
        assert!(a.is_none());
        assert_eq!(b.unwrap().key, "err-password-mismatch");
    }
}
