//! How an assignment's Terms of Reference read on a page, in the reader's
//! language: the same words for the facility that wrote them and for the
//! professional who reads them. An empty list reads as a dash.

use crate::domain::availability::LocalHours;
use crate::domain::language;
use crate::store::assignments::{Assignment, Parts};
use crate::web::Ctx;

/// "from … to …" in the reader's language.
pub fn dates(ctx: &Ctx, a: &Assignment) -> String {
    ctx.ta2(
        "assignment-dates",
        ("from", &a.starts_on.to_string()),
        ("to", &a.ends_on.to_string()),
    )
}

pub fn modality(ctx: &Ctx, a: &Assignment) -> String {
    ctx.t(&format!("modality-{}", a.modality))
}

fn list(items: Vec<String>) -> String {
    if items.is_empty() {
        "—".to_string()
    } else {
        items.join(", ")
    }
}

/// One assignment with its parts, read by `ctx`'s reader.
pub struct Terms<'a> {
    pub ctx: &'a Ctx,
    pub a: &'a Assignment,
    pub parts: &'a Parts,
}

impl Terms<'_> {
    pub fn dates(&self) -> String {
        dates(self.ctx, self.a)
    }

    pub fn modality(&self) -> String {
        modality(self.ctx, self.a)
    }

    pub fn professions(&self) -> String {
        list(
            self.parts
                .professions
                .iter()
                .map(|p| self.ctx.profession_name(Some(p.as_str())))
                .collect(),
        )
    }

    pub fn skills(&self, required: bool) -> String {
        list(
            self.parts
                .skills
                .iter()
                .filter(|(_, r)| *r == required)
                .map(|(t, _)| t.clone())
                .collect(),
        )
    }

    pub fn languages(&self) -> String {
        list(
            self.parts
                .languages
                .iter()
                .map(|(code, level)| {
                    let name = language::find(code)
                        .map_or(code.to_string(), |l| l.name(self.ctx.locale).to_string());
                    format!(
                        "{name} ({})",
                        self.ctx.t(&format!("language-level-{level}"))
                    )
                })
                .collect(),
        )
    }

    /// The weekly sessions as the facility set them, in its time zone.
    pub fn sessions(&self) -> Vec<String> {
        self.parts
            .sessions
            .iter()
            .map(|(d, s, e)| {
                format!(
                    "{} {}–{}",
                    self.ctx.t(&format!("weekday-{d}")),
                    LocalHours::clock(*s as u16),
                    LocalHours::clock(*e as u16)
                )
            })
            .collect()
    }

    pub fn support(&self) -> String {
        let a = self.a;
        list(
            [
                (a.support_travel, "support-travel"),
                (a.support_accommodation, "support-accommodation"),
                (a.support_allowance, "support-allowance"),
                (a.support_insurance, "support-insurance"),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, key)| self.ctx.t(key))
            .collect(),
        )
    }
}
