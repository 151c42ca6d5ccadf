//! The files pages link to: the stylesheet, built into the binary.

use std::sync::LazyLock;

pub const STYLESHEET: &str = include_str!("../../static/style.css");

/// The stylesheet's URL carries a hash of its content, so it can be cached for
/// a year and still change with a release.
pub static STYLESHEET_PATH: LazyLock<String> = LazyLock::new(|| {
    let hash = crate::security::sha256_hex(STYLESHEET);
    format!("/static/style-{}.css", &hash[..12])
});
