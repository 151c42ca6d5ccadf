//! Every email is a letter: a greeting, paragraphs, at most one action link,
//! a closing line; rendered as text and as HTML from the same words.

use askama::Template;

use crate::domain::Locale;
use crate::i18n;

/// A message ready for the outbox.
#[derive(Debug, Clone)]
pub struct Composed {
    pub kind: &'static str,
    pub subject: String,
    pub text: String,
    pub html: String,
}

struct Action {
    label: String,
    url: String,
}

#[derive(Template)]
#[template(path = "email/letter.txt")]
struct LetterText<'a> {
    greeting: &'a str,
    paragraphs: &'a [String],
    action: Option<&'a Action>,
    after: &'a [String],
    signature: &'a str,
}

#[derive(Template)]
#[template(path = "email/letter.html")]
struct LetterHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    greeting: &'a str,
    paragraphs: &'a [String],
    action: Option<&'a Action>,
    after: &'a [String],
    signature: &'a str,
}

struct Letter {
    locale: Locale,
    kind: &'static str,
    name: String,
    paragraphs: Vec<String>,
    action: Option<Action>,
    after: Vec<String>,
}

impl Letter {
    fn new(locale: Locale, kind: &'static str, name: &str) -> Self {
        Self {
            locale,
            kind,
            name: name.to_string(),
            paragraphs: Vec::new(),
            action: None,
            after: Vec::new(),
        }
    }

    fn t(&self, key: &str) -> String {
        i18n::t(self.locale, key)
    }

    fn para(mut self, key: &str) -> Self {
        self.paragraphs.push(self.t(key));
        self
    }

    fn para_args(mut self, key: &str, args: &[(&'static str, String)]) -> Self {
        self.paragraphs.push(i18n::t_args(self.locale, key, args));
        self
    }

    fn action(mut self, label_key: &str, url: String) -> Self {
        self.action = Some(Action {
            label: self.t(label_key),
            url,
        });
        self
    }

    fn after(mut self, key: &str) -> Self {
        self.after.push(self.t(key));
        self
    }

    fn finish(self) -> Composed {
        let subject = self.t(&format!("email-{}-subject", self.kind));
        let greeting = i18n::t_args(
            self.locale,
            "email-greeting",
            &[("name", self.name.clone())],
        );
        let signature = self.t("email-signature");
        let text = LetterText {
            greeting: &greeting,
            paragraphs: &self.paragraphs,
            action: self.action.as_ref(),
            after: &self.after,
            signature: &signature,
        }
        .render()
        .expect("letter templates render from plain strings");
        let html = LetterHtml {
            lang: self.locale.code(),
            subject: &subject,
            greeting: &greeting,
            paragraphs: &self.paragraphs,
            action: self.action.as_ref(),
            after: &self.after,
            signature: &signature,
        }
        .render()
        .expect("letter templates render from plain strings");
        Composed {
            kind: self.kind,
            subject,
            text,
            html,
        }
    }
}

pub fn verify_email(locale: Locale, name: &str, link: String) -> Composed {
    Letter::new(locale, "verify", name)
        .para("email-verify-body")
        .action("email-verify-action", link)
        .after("email-verify-expiry")
        .after("email-not-you")
        .finish()
}

pub fn account_exists(locale: Locale, name: &str, login_link: String) -> Composed {
    Letter::new(locale, "account-exists", name)
        .para("email-account-exists-body")
        .action("email-account-exists-action", login_link)
        .after("email-account-exists-reset")
        .finish()
}

pub fn password_reset(locale: Locale, name: &str, link: String) -> Composed {
    Letter::new(locale, "reset", name)
        .para("email-reset-body")
        .action("email-reset-action", link)
        .after("email-reset-expiry")
        .after("email-not-you")
        .finish()
}

pub fn password_changed(locale: Locale, name: &str, reset_link: String) -> Composed {
    Letter::new(locale, "password-changed", name)
        .para("email-password-changed-body")
        .para("email-password-changed-sessions")
        .action("email-password-changed-action", reset_link)
        .finish()
}

pub fn email_change(locale: Locale, name: &str, link: String) -> Composed {
    Letter::new(locale, "email-change", name)
        .para("email-email-change-body")
        .action("email-email-change-action", link)
        .after("email-verify-expiry")
        .after("email-not-you")
        .finish()
}

/// Sent to an address someone tried to move their account to, when an
/// account already has it: the page said the same as for a free address.
pub fn email_change_taken(locale: Locale, name: &str) -> Composed {
    Letter::new(locale, "email-change-taken", name)
        .para("email-email-change-taken-body")
        .after("email-not-you")
        .finish()
}

pub fn email_changed(locale: Locale, name: &str, reset_link: String) -> Composed {
    Letter::new(locale, "email-changed", name)
        .para("email-email-changed-body")
        .action("email-email-changed-action", reset_link)
        .finish()
}

pub fn account_deleted(locale: Locale, name: &str) -> Composed {
    Letter::new(locale, "account-deleted", name)
        .para("email-account-deleted-body")
        .para("email-account-deleted-kept")
        .after("email-account-deleted-not-you")
        .finish()
}

/// An invitation to coordinate programmes; the invitee has no name here yet.
pub fn coordinator_invitation(
    locale: Locale,
    email: &str,
    programmes: &str,
    link: String,
) -> Composed {
    Letter::new(locale, "coordinator-invitation", email)
        .para_args(
            "email-coordinator-invitation-body",
            &[("programmes", programmes.to_string())],
        )
        .action("email-invitation-action", link)
        .after("email-invitation-expiry")
        .after("email-not-you")
        .finish()
}

/// An invitation to act for a facility, from a colleague there.
pub fn staff_invitation(
    locale: Locale,
    email: &str,
    facility: &str,
    colleague: &str,
    link: String,
) -> Composed {
    Letter::new(locale, "staff-invitation", email)
        .para_args(
            "email-staff-invitation-body",
            &[
                ("facility", facility.to_string()),
                ("colleague", colleague.to_string()),
            ],
        )
        .action("email-invitation-action", link)
        .after("email-invitation-expiry")
        .after("email-not-you")
        .finish()
}

pub fn facility_verified(locale: Locale, name: &str, facility: &str, link: String) -> Composed {
    Letter::new(locale, "facility-verified", name)
        .para_args(
            "email-facility-verified-body",
            &[("facility", facility.to_string())],
        )
        .action("email-facility-verified-action", link)
        .finish()
}

pub fn facility_rejected(locale: Locale, name: &str, facility: &str, reason: &str) -> Composed {
    Letter::new(locale, "facility-rejected", name)
        .para_args(
            "email-facility-rejected-body",
            &[("facility", facility.to_string())],
        )
        .para_args("email-decision-reason", &[("reason", reason.to_string())])
        .after("email-facility-rejected-next")
        .finish()
}

pub fn assignment_changed(
    locale: Locale,
    name: &str,
    title: &str,
    facility: &str,
    link: String,
) -> Composed {
    Letter::new(locale, "assignment-changed", name)
        .para_args(
            "email-assignment-changed-body",
            &[
                ("title", title.to_string()),
                ("facility", facility.to_string()),
            ],
        )
        .action("email-assignment-changed-action", link)
        .after("email-assignment-changed-next")
        .finish()
}

/// A match took a step: `step` is offered, confirmed, declined, expired,
/// cancelled, withdrawn or deadline.
pub fn match_step(locale: Locale, name: &str, title: &str, step: &str, link: String) -> Composed {
    let kind = match step {
        "offered" => "match-offered",
        "confirmed" => "match-confirmed",
        "declined" => "match-declined",
        "expired" => "match-expired",
        "cancelled" => "match-cancelled",
        "withdrawn" => "match-withdrawn",
        _ => "match-deadline",
    };
    Letter::new(locale, kind, name)
        .para_args(
            &format!("email-{kind}-body"),
            &[("title", title.to_string())],
        )
        .action("email-match-action", link)
        .finish()
}

/// To a coordinator: the report and the feedback of a match are in, so it
/// can be closed as completed.
pub fn match_ready_to_close(locale: Locale, name: &str, title: &str, link: String) -> Composed {
    Letter::new(locale, "match-ready-to-close", name)
        .para_args(
            "email-match-ready-to-close-body",
            &[("title", title.to_string())],
        )
        .action("email-match-action", link)
        .finish()
}

/// An offer's deadline is near and the recipient's side has not answered.
pub fn reminder_offer_deadline(
    locale: Locale,
    name: &str,
    title: &str,
    deadline: &str,
    link: String,
) -> Composed {
    Letter::new(locale, "reminder-offer-deadline", name)
        .para_args(
            "email-reminder-offer-deadline-body",
            &[
                ("title", title.to_string()),
                ("deadline", deadline.to_string()),
            ],
        )
        .action("email-match-action", link)
        .finish()
}

/// The assignment ended and the professional's report is missing.
pub fn reminder_report_due(
    locale: Locale,
    name: &str,
    title: &str,
    ended: &str,
    link: String,
) -> Composed {
    Letter::new(locale, "reminder-report-due", name)
        .para_args(
            "email-reminder-report-due-body",
            &[("title", title.to_string()), ("ended", ended.to_string())],
        )
        .action("email-match-action", link)
        .finish()
}

/// The assignment ended and the facility's feedback is missing.
pub fn reminder_feedback_due(
    locale: Locale,
    name: &str,
    title: &str,
    ended: &str,
    link: String,
) -> Composed {
    Letter::new(locale, "reminder-feedback-due", name)
        .para_args(
            "email-reminder-feedback-due-body",
            &[("title", title.to_string()), ("ended", ended.to_string())],
        )
        .action("email-match-action", link)
        .finish()
}

/// A verified licence runs out soon while its holder is confirmed for
/// clinical work.
pub fn reminder_licence_expiring(
    locale: Locale,
    name: &str,
    licence: &str,
    until: &str,
    link: String,
) -> Composed {
    Letter::new(locale, "reminder-licence-expiring", name)
        .para_args(
            "email-reminder-licence-expiring-body",
            &[
                ("licence", licence.to_string()),
                ("until", until.to_string()),
            ],
        )
        .action("email-licence-action", link)
        .finish()
}

pub fn licence_verified(locale: Locale, name: &str, licence: &str, link: String) -> Composed {
    Letter::new(locale, "licence-verified", name)
        .para_args(
            "email-licence-verified-body",
            &[("licence", licence.to_string())],
        )
        .action("email-licence-action", link)
        .finish()
}

pub fn licence_rejected(
    locale: Locale,
    name: &str,
    licence: &str,
    reason: &str,
    link: String,
) -> Composed {
    Letter::new(locale, "licence-rejected", name)
        .para_args(
            "email-licence-rejected-body",
            &[("licence", licence.to_string())],
        )
        .para_args("email-decision-reason", &[("reason", reason.to_string())])
        .action("email-licence-action", link)
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_translated_and_escaped() {
        let en = verify_email(
            Locale::En,
            "Ama <b>",
            "https://x.test/verify-email?token=a&b".into(),
        );
        assert!(
            en.subject.to_lowercase().contains("email"),
            "{}",
            en.subject
        );
        assert!(en.text.contains("Ama <b>"));
        assert!(en.text.contains("https://x.test/verify-email?token=a&b"));
        assert!(
            en.html.contains("Ama &#60;b&#62;") || en.html.contains("Ama &lt;b&gt;"),
            "{}",
            en.html
        );
        assert!(en.html.contains("token=a&#38;b") || en.html.contains("token=a&amp;b"));
        let fr = verify_email(Locale::Fr, "Ama", "https://x.test/v".into());
        assert_ne!(en.subject, fr.subject);
        assert!(fr.html.contains("lang=\"fr\""));
    }
}
