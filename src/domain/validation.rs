//! Field-level validation results: a message key per field, translated where shown.

use std::collections::BTreeMap;

pub const MAX_EMAIL: usize = 254;
pub const MAX_NAME: usize = 120;
pub const MAX_SHORT_TEXT: usize = 120;

/// One problem with one field: a Fluent message key and its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl FieldError {
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn too_long(max: usize) -> Self {
        Self::new("err-too-long").arg("max", max)
    }
}

/// Problems by field name, in a stable order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<&'static str, FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the first problem found for a field.
    pub fn add(&mut self, field: &'static str, error: FieldError) {
        self.0.entry(field).or_insert(error);
    }

    pub fn add_opt(&mut self, field: &'static str, error: Option<FieldError>) {
        if let Some(e) = error {
            self.add(field, e);
        }
    }

    pub fn get(&self, field: &str) -> Option<&FieldError> {
        self.0.get(field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &FieldError)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    /// A required calendar day typed as `YYYY-MM-DD`.
    pub fn required_date(&mut self, field: &'static str, value: &str) -> Option<chrono::NaiveDate> {
        match value.trim() {
            "" => {
                self.add(field, FieldError::new("err-required"));
                None
            }
            v => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map_err(|_| self.add(field, FieldError::new("err-date")))
                .ok(),
        }
    }

    /// A required whole number in `min..=max`; `min` stands in when it is not.
    pub fn number_in(&mut self, field: &'static str, raw: &str, min: i32, max: i32) -> i32 {
        let v = raw.trim();
        if v.is_empty() {
            self.add(field, FieldError::new("err-required"));
            return min;
        }
        match v.parse::<i32>() {
            Ok(n) if (min..=max).contains(&n) => n,
            _ => {
                self.add(
                    field,
                    FieldError::new("err-number-range")
                        .arg("min", min)
                        .arg("max", max),
                );
                min
            }
        }
    }

    /// An optional multi-line text: trimmed, at most `max` characters.
    pub fn long_text(&mut self, field: &'static str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.chars().count() > max {
            self.add(field, FieldError::too_long(max));
        } else if v
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            self.add(field, FieldError::new("err-control-chars"));
        }
        v.replace("\r\n", "\n")
    }

    /// A required single-line text: trimmed, non-empty, at most `max` characters,
    /// no control characters.
    pub fn required_text(&mut self, field: &'static str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.add(field, FieldError::new("err-required"));
        } else if v.chars().count() > max {
            self.add(field, FieldError::too_long(max));
        } else if v.chars().any(char::is_control) {
            self.add(field, FieldError::new("err-control-chars"));
        }
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_checks_presence_length_and_controls() {
        let mut e = FieldErrors::new();
        assert_eq!(e.required_text("a", "  Accra ", 10), "Accra");
        e.required_text("b", "   ", 10);
        e.required_text("c", "x".repeat(11).as_str(), 10);
        e.required_text("d", "line\nbreak", 20);
        assert!(e.get("a").is_none());
        assert_eq!(e.get("b").unwrap().key, "err-required");
        assert_eq!(e.get("c").unwrap().key, "err-too-long");
        assert_eq!(e.get("d").unwrap().key, "err-control-chars");
    }
}
