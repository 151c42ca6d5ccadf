//! Audit entries for events that are not part of a larger transaction.

use super::{Origin, Services};
use crate::error::AppResult;
use crate::store::audit::{self, Event};

/// Escapes line breaks and other control characters, so that user input
/// cannot forge extra lines in the log.
pub fn escape(input: &str) -> String {
    input.escape_default().to_string()
}

/// A request refused because the user may not go there.
pub async fn refusal(
    s: &Services,
    actor_id: Option<String>,
    path: &str,
    origin: &Origin,
) -> AppResult<()> {
    let path = escape(&path.chars().take(300).collect::<String>());
    let addr = origin.addr.clone();
    s.db.run(move |c| {
        audit::record(
            c,
            &Event {
                actor_id: actor_id.as_deref(),
                action: "access_refused",
                object_type: Some("path"),
                object_id: Some(&path),
                client_addr: addr.as_deref(),
                ..Default::default()
            },
            crate::db::now(),
        )?;
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn line_breaks_are_escaped() {
        assert_eq!(super::escape("a\nb\r\tc"), "a\\nb\\r\\tc");
    }
}
