//! Email: composing messages in the recipient's language, the transports
//! (SMTP, or .eml files when no server is configured), and the outbox sender.

pub mod compose;
pub mod transport;
pub mod worker;

pub use compose::Composed;
