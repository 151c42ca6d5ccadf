//! An email address as an account identifier: trimmed, lower-cased, checked for shape.

use std::fmt;

use super::validation::{FieldError, MAX_EMAIL};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Accepts what mail servers deliver in practice: one `@`, a non-empty local
    /// part without spaces, a dotted domain of letters, digits and hyphens.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(FieldError::new("err-required"));
        }
        if s.chars().count() > MAX_EMAIL {
            return Err(FieldError::too_long(MAX_EMAIL));
        }
        let malformed = || FieldError::new("err-email-malformed");
        let (local, domain) = s.rsplit_once('@').ok_or_else(malformed)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && local
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && c != '<' && c != '>' && c != ',');
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if !(local_ok && domain_ok) {
            return Err(malformed());
        }
        Ok(Email(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_spaces() {
        assert_eq!(
            Email::parse("  Ama.Mensah@Example.ORG ").unwrap().as_str(),
            "ama.mensah@example.org"
        );
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "ama",
            "ama@",
            "@example.org",
            "ama@example",
            "ama mensah@example.org",
            "ama@exa mple.org",
            "ama@-example.org",
            "ama@example..org",
            "<ama@example.org>",
        ] {
            assert_eq!(
                Email::parse(bad).unwrap_err().key,
                "err-email-malformed",
                "{bad}"
            );
        }
        assert_eq!(Email::parse("").unwrap_err().key, "err-required");
        let long = format!("{}@example.org", "a".repeat(300));
        assert_eq!(Email::parse(&long).unwrap_err().key, "err-too-long");
    }
}
