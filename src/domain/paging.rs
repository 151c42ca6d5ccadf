//! Where a list is read from and how much of it: the pages' numbered pages
//! and the API's cursors with a `limit` are both a window on the list.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::validation::{FieldError, FieldErrors};

/// Most items the API returns in one answer.
pub const MAX_LIMIT: i64 = 200;
/// Items the API returns when the caller does not say.
pub const DEFAULT_LIMIT: i64 = 50;
/// Farthest into a list one may read: narrow the search instead.
pub const MAX_OFFSET: i64 = 100_000;

/// A part of a list: `limit` items after the first `offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub offset: i64,
    pub limit: i64,
}

impl Window {
    /// Page `page` (from 1) of pages of `size` items.
    pub fn page(page: i64, size: i64) -> Window {
        Window {
            offset: (page.max(1) - 1) * size,
            limit: size,
        }
    }

    /// The page number this window is, counting pages of its own size.
    pub fn page_number(&self) -> i64 {
        self.offset / self.limit.max(1) + 1
    }

    /// How many pages of this window's size `total` items make (at least one).
    pub fn pages(&self, total: i64) -> i64 {
        ((total + self.limit - 1) / self.limit.max(1)).max(1)
    }

    /// The cursor of the window after this one, when `total` items go on.
    pub fn next_cursor(&self, total: i64) -> Option<String> {
        let next = self.offset + self.limit;
        (next < total && next <= MAX_OFFSET).then(|| URL_SAFE_NO_PAD.encode(format!("o{next}")))
    }

    /// The cursor of a window whose items are read one further than `limit`
    /// to see whether the list goes on: `seen` items came back.
    pub fn next_cursor_if_more(&self, seen: usize) -> Option<String> {
        let seen = i64::try_from(seen).unwrap_or(i64::MAX);
        self.next_cursor(if seen > self.limit { i64::MAX } else { 0 })
    }

    /// The window an API caller asks for with `cursor` and `limit` (both
    /// optional), each problem by its field.
    pub fn from_query(cursor: Option<&str>, limit: Option<&str>) -> Result<Window, FieldErrors> {
        let mut e = FieldErrors::new();
        let limit = match limit.map(str::trim) {
            None | Some("") => DEFAULT_LIMIT,
            Some(v) => match v.parse::<i64>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    e.add(
                        "limit",
                        FieldError::new("err-number-range")
                            .arg("min", 1)
                            .arg("max", MAX_LIMIT),
                    );
                    DEFAULT_LIMIT
                }
            },
        };
        let offset = match cursor.map(str::trim) {
            None | Some("") => 0,
            Some(v) => match decode(v) {
                Some(n) => n,
                None => {
                    e.add("cursor", FieldError::new("err-cursor"));
                    0
                }
            },
        };
        e.into_result()?;
        Ok(Window { offset, limit })
    }
}

fn decode(cursor: &str) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let n: i64 = text.strip_prefix('o')?.parse().ok()?;
    (0..=MAX_OFFSET).contains(&n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_windows() {
        let w = Window::page(3, 20);
        assert_eq!(
            w,
            Window {
                offset: 40,
                limit: 20
            }
        );
        assert_eq!(w.page_number(), 3);
        assert_eq!(w.pages(41), 3);
        assert_eq!(w.pages(0), 1);
        assert_eq!(Window::page(0, 20).offset, 0);
    }

    #[test]
    fn a_cursor_leads_to_the_next_window_until_the_end() {
        let first = Window::from_query(None, Some("2")).unwrap();
        assert_eq!(
            first,
            Window {
                offset: 0,
                limit: 2
            }
        );
        let cursor = first.next_cursor(5).unwrap();
        let second = Window::from_query(Some(&cursor), Some("2")).unwrap();
        assert_eq!(second.offset, 2);
        let third = Window::from_query(second.next_cursor(5).as_deref(), Some("2")).unwrap();
        assert_eq!(third.offset, 4);
        assert_eq!(third.next_cursor(5), None);
        assert_eq!(first.next_cursor_if_more(2), None);
        assert!(first.next_cursor_if_more(3).is_some());
    }

    #[test]
    fn bad_limits_and_cursors_are_refused_by_their_field() {
        for limit in ["0", "201", "-1", "ten", "1.5"] {
            let e = Window::from_query(None, Some(limit)).unwrap_err();
            assert!(e.get("limit").is_some(), "{limit}");
        }
        assert_eq!(Window::from_query(None, Some("200")).unwrap().limit, 200);
        assert_eq!(Window::from_query(None, None).unwrap().limit, DEFAULT_LIMIT);
        let far = URL_SAFE_NO_PAD.encode(format!("o{}", MAX_OFFSET + 1));
        for cursor in ["!!", "bzEw=", "eDEw", far.as_str()] {
            let e = Window::from_query(Some(cursor), None).unwrap_err();
            assert!(e.get("cursor").is_some(), "{cursor}");
        }
    }
}
