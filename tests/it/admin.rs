//! The administrator's audit log and parked email (SPEC F9): filters,
//! paging, the CSV download, resending and discarding parked messages, each
//! audited; and nobody but an administrator gets in.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sankofa::db::schema::{audit_log, outbox};
use sankofa::store::audit::{self, AuditEntry, Event};
use sankofa::store::outbox::{self as store_outbox, NewMessage, OutboxMessage};

use crate::helpers::{PASSWORD, Page, Reply, TestApp, TestClient, unique_email};
use crate::on_both;

const XSS: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

/// When, who, what, the record's type and id, the detail.
type Entry = (
    NaiveDateTime,
    Option<String>,
    &'static str,
    &'static str,
    String,
    Option<String>,
);

/// Writes audit entries as a service would, at chosen times.
async fn record(app: &TestApp, entries: Vec<Entry>) {
    app.services
        .db
        .write(move |c| {
            for (when, actor, action, object_type, object_id, detail) in &entries {
                audit::record(
                    c,
                    &Event {
                        actor_id: actor.as_deref(),
                        action,
                        object_type: Some(object_type),
                        object_id: Some(object_id),
                        detail: detail.as_deref(),
                        client_addr: Some("192.0.2.7"),
                    },
                    *when,
                )?;
            }
            Ok(())
        })
        .await
        .unwrap();
}

async fn entries(app: &TestApp, action: &'static str) -> Vec<AuditEntry> {
    app.services
        .db
        .run(move |c| {
            Ok(audit_log::table
                .filter(audit_log::action.eq(action))
                .select(AuditEntry::as_select())
                .load(c)?)
        })
        .await
        .unwrap()
}

async fn message(app: &TestApp, id: &str) -> Option<OutboxMessage> {
    let id = id.to_string();
    app.services
        .db
        .run(move |c| Ok(store_outbox::find(c, &id)?))
        .await
        .unwrap()
}

async fn messages_to(app: &TestApp, recipient: &str) -> Vec<OutboxMessage> {
    let r = recipient.to_string();
    app.services
        .db
        .run(move |c| Ok(store_outbox::for_recipient(c, &r)?))
        .await
        .unwrap()
}

/// Stores a message directly, parked (or with another status), as the sender would leave it.
async fn stored_message(
    app: &TestApp,
    recipient: &str,
    subject: &str,
    status: &'static str,
    error: &str,
) -> String {
    let id = sankofa::db::new_id();
    let (i, r, s, e) = (
        id.clone(),
        recipient.to_string(),
        subject.to_string(),
        error.to_string(),
    );
    app.services
        .db
        .write(move |c| {
            let now = sankofa::db::now();
            store_outbox::insert(
                c,
                &NewMessage {
                    id: &i,
                    recipient: &r,
                    kind: "verify",
                    subject: &s,
                    body_text: "text",
                    body_html: "<p>html</p>",
                    status,
                    attempts: 1,
                    next_attempt_at: now + chrono::Duration::days(365),
                    created_at: now,
                },
            )?;
            diesel::update(outbox::table.find(&i))
                .set(outbox::last_error.eq(&e))
                .execute(c)?;
            Ok(())
        })
        .await
        .unwrap();
    id
}

/// Signs a professional up while the mail server refuses them for good,
/// and waits until their verification email is parked; its id.
async fn parked_sign_up(app: &TestApp, email: &str) -> String {
    app.client()
        .sign_up_professional(email, PASSWORD, "en")
        .await;
    for _ in 0..150 {
        if let Some(m) = messages_to(app, email)
            .await
            .into_iter()
            .find(|m| m.status == "parked")
        {
            return m.id;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the message to {email} was never parked");
}

/// Entry rows in the audit table of a page.
fn rows(page: &Page) -> usize {
    page.body.matches("<tr><td>").count()
}

/// The href of the link with `rel`, unescaped.
fn rel_link(page: &Page, rel: &str) -> Option<String> {
    let marker = format!("\" rel=\"{rel}\"");
    let end = page.body.find(&marker)?;
    let start = page.body[..end].rfind("href=\"")? + 6;
    Some(crate::helpers::html::unescape(&page.body[start..end]))
}

on_both! {
    async fn audit_log_filters_narrow_the_list_and_paging_keeps_them(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("log-admin"), "admin").await;
        let pro_email = unique_email("log-pro");
        app.user_with_role(&pro_email, "professional").await;
        let pro = app.user(&pro_email).await.unwrap().id;
        let mut batch = Vec::new();
        for i in 0..60 {
            let when = at("2026-01-10 08:00:00") + chrono::Duration::minutes(i);
            batch.push((when, Some(pro.clone()), "licence_added", "licence", format!("lic-{i}"), None));
        }
        for i in 0..5 {
            batch.push((at("2026-02-01 23:59:59"), None, "login_failed", "user", format!("target-{i}"), None));
        }
        batch.push((at("2026-02-02 00:00:00"), None, "login_failed", "user", "next-day".into(), None));
        record(&app, batch).await;

        let page = admin.get(&format!("/admin/audit?actor={}&action=licence_added", pro_email.to_uppercase().replace('@', "%40"))).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("60 entries"), "{}", page.body);
        assert_eq!(rows(&page), 50);
        assert!(page.body.contains("Page 1 of 2"));
        assert!(rel_link(&page, "prev").is_none());
        let next = rel_link(&page, "next").expect("a next link");
        assert!(next.contains("action=licence_added") && next.contains("page=2") && next.contains("actor="), "{next}");
        let second = admin.get(&next).await;
        assert_eq!(rows(&second), 10);
        assert!(second.body.contains("Page 2 of 2") && second.body.contains("60 entries"));
        assert_eq!(second.input_value("actor").unwrap(), pro_email.to_uppercase(), "kept as typed");
        let back = rel_link(&second, "prev").expect("a previous link");
        assert!(back.contains("page=1") && back.contains("action=licence_added"));
        // Newest first: the last entry written opens page one.
        assert!(page.body.find("lic-59").unwrap() < page.body.find("lic-58").unwrap());
        assert!(!page.body.contains("lic-9<"), "lic-9 is on page two");

        let by_id = admin.get(&format!("/admin/audit?actor={pro}&object_id=lic-7")).await;
        assert_eq!(rows(&by_id), 1);
        assert!(by_id.body.contains("<code>lic-7</code>"));

        let one_day = admin.get("/admin/audit?date_from=2026-02-01&date_to=2026-02-01").await;
        assert_eq!(rows(&one_day), 5, "the last day is included, the next day is not");
        let range = admin.get("/admin/audit?date_from=2026-01-10&date_to=2026-02-02&action=login_failed&object_type=user").await;
        assert_eq!(rows(&range), 6);
        let before = admin.get("/admin/audit?date_to=2026-01-09").await;
        assert_eq!(rows(&before), 0);
        assert!(before.body.contains("No entry matches."));
        let nobody = admin.get("/admin/audit?actor=nobody%40example.org").await;
        assert_eq!((nobody.status, rows(&nobody)), (200, 0));
        // A page beyond the last is empty, not an error.
        assert_eq!(admin.get("/admin/audit?page=999999999999&action=login").await.status, 200);
        assert_eq!(admin.get("/admin/audit?page=-3").await.status, 200);
    }
}

on_both! {
    async fn audit_csv_has_the_header_the_filtered_rows_and_inert_formulas(backend) {
        let app = TestApp::spawn(backend).await;
        let admin_email = unique_email("csv-admin");
        let admin = app.user_with_role(&admin_email, "admin").await;
        let admin_id = app.user(&admin_email).await.unwrap().id;
        record(&app, vec![
            (at("2026-03-01 10:00:00"), Some(admin_id.clone()), "licence_changed", "licence", "=HYPERLINK(\"http://evil\")".into(), Some("+1 -2".into())),
            (at("2026-03-01 11:00:00"), None, "licence_changed", "licence", "@SUM(A1)".into(), Some("-3, \"quoted\"\nline".into())),
            (at("2026-03-02 09:00:00"), None, "login_failed", "user", "plain".into(), None),
        ]).await;
        let page = admin.get("/admin/audit?action=licence_changed").await;
        assert!(page.body.contains("href=\"/admin/audit.csv?action=licence_changed\""), "the download keeps the filter");
        let csv = admin.get("/admin/audit.csv?action=licence_changed&date_from=2026-03-01").await;
        assert_eq!(csv.status, 200);
        assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
        assert_eq!(csv.header("content-disposition").unwrap(), "attachment; filename=\"audit-log.csv\"");
        let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(header, ["at", "actor_id", "actor_email", "action", "object_type", "object_id", "client_addr", "detail"]);
        let records: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
        assert_eq!(records.len(), 2, "{records:?}");
        assert_eq!(records[0][0], "2026-03-01T11:00:00.000000Z", "newest first, UTC");
        assert_eq!(records[0][5], "'@SUM(A1)");
        assert_eq!(records[0][7], "'-3, \"quoted\"\nline");
        assert_eq!(records[1][1], admin_id);
        assert_eq!(records[1][2], admin_email);
        assert_eq!(records[1][5], "'=HYPERLINK(\"http://evil\")");
        assert_eq!(records[1][6], "192.0.2.7");
        assert_eq!(records[1][7], "'+1 -2");
        let none = admin.get("/admin/audit.csv?date_to=2020-01-01").await;
        assert_eq!(none.body.lines().count(), 1, "the header alone");
        assert!(app.audit_actions().await.iter().any(|a| a == "audit_log_exported"), "who took the export is logged");
    }
}

on_both! {
    async fn bad_audit_filters_give_400_with_the_message_by_the_field(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("bad-admin"), "admin").await;
        let page = admin.get("/admin/audit?date_from=2026-13-45&actor=someone&object_type=licence").await;
        assert_eq!(page.status, 400);
        assert!(page.has_error("date_from"));
        assert!(page.body.contains("Enter a date such as 2027-03-01"));
        assert_eq!(page.input_value("date_from").unwrap(), "2026-13-45");
        assert_eq!(page.input_value("actor").unwrap(), "someone");
        assert_eq!(page.input_value("object_type").unwrap(), "licence");
        let reversed = admin.get("/admin/audit?date_from=2026-03-02&date_to=2026-03-01").await;
        assert_eq!(reversed.status, 400);
        assert!(reversed.has_error("date_to") && !reversed.has_error("date_from"));
        assert_eq!(reversed.input_value("date_to").unwrap(), "2026-03-01");
        let long = admin.get(&format!("/admin/audit?object_id={}&actor={}", "x".repeat(301), "y".repeat(255))).await;
        assert_eq!(long.status, 400);
        assert!(long.has_error("object_id") && long.has_error("actor"));
        let action = admin.get("/admin/audit?action=drop_tables").await;
        assert_eq!(action.status, 400);
        assert!(action.has_error("action"));
        let csv = admin.get("/admin/audit.csv?date_to=yesterday").await;
        assert_eq!(csv.status, 400);
        assert!(csv.has_error("date_to"));
        assert_eq!(admin.get("/admin/audit?date_from=%ZZ").await.status, 400, "a broken query string");
    }
}

const PARKED_GETS: [&str; 4] = [
    "/admin/audit",
    "/admin/audit.csv",
    "/admin/outbox",
    "/admin/outbox/{id}/discard",
];
const PARKED_POSTS: [&str; 3] = [
    "/admin/outbox/{id}/resend",
    "/admin/outbox/{id}/discard",
    "/admin/outbox/resend-all",
];

on_both! {
    async fn only_administrators_reach_the_audit_log_and_parked_email(backend) {
        let app = TestApp::spawn(backend).await;
        let id = stored_message(&app, &unique_email("guarded"), "Guarded", "parked", "550 no").await;
        let admin = app.user_with_role(&unique_email("guard-admin"), "admin").await;
        let anonymous = app.client();
        let others: Vec<(&str, TestClient)> = vec![
            ("professional", app.user_with_role(&unique_email("guard-pro"), "professional").await),
            ("facility", app.user_with_role(&unique_email("guard-fac"), "facility").await),
            ("coordinator", app.user_with_role(&unique_email("guard-coord"), "coordinator").await),
        ];
        for path in PARKED_GETS.map(|p| p.replace("{id}", &id)) {
            let page = anonymous.get(&path).await;
            assert_eq!(page.status, 303, "anonymous {path}");
            assert!(page.location().starts_with("/login?next="), "anonymous {path}");
            for (who, c) in &others {
                let page = c.get(&path).await;
                assert_eq!(page.status, 403, "{who} {path}");
                assert!(page.body.contains("You cannot open this page"), "{who} {path}");
            }
            assert_eq!(admin.get(&path).await.status, 200, "admin {path}");
        }
        for path in PARKED_POSTS.map(|p| p.replace("{id}", &id)) {
            let page = anonymous.submit(&path, &[]).await;
            assert!(matches!(page.status, 303 | 403), "anonymous POST {path}: {}", page.status);
            for (who, c) in &others {
                assert_eq!(c.submit(&path, &[]).await.status, 403, "{who} POST {path}");
            }
            // Without the session's token nothing happens, even for an administrator.
            assert_eq!(admin.post(&path, &[]).await.status, 403, "POST {path} without CSRF");
        }
        assert_eq!(message(&app, &id).await.unwrap().status, "parked", "nothing changed");
        assert!(entries(&app, "email_resent").await.is_empty());
        assert!(entries(&app, "email_resent_all").await.is_empty());
        assert!(entries(&app, "email_discarded").await.is_empty());
        assert!(entries(&app, "access_refused").await.len() >= 3 * (PARKED_GETS.len() + PARKED_POSTS.len()));
        // State-changing paths do not answer GET.
        assert_eq!(admin.get(&format!("/admin/outbox/{id}/resend")).await.status, 405);
        assert_eq!(admin.get("/admin/outbox/resend-all").await.status, 405);
    }
}

on_both! {
    async fn resend_puts_a_parked_message_back_and_it_is_delivered(backend) {
        let app = TestApp::spawn(backend).await;
        app.smtp.set_reply(Reply::PermFail);
        let email = unique_email("resend");
        let id = parked_sign_up(&app, &email).await;
        let admin_email = unique_email("resend-admin");
        let admin = app.user_with_role(&admin_email, "admin").await;
        let home = admin.get("/admin").await;
        assert!(home.body.contains("<a href=\"/admin/outbox\">1"), "{}", home.body);
        assert!(home.body.contains("href=\"/admin/audit\""));
        let list = admin.get("/admin/outbox").await;
        assert_eq!(list.status, 200);
        assert!(list.body.contains(&email) && list.body.contains("550"), "{}", list.body);
        assert!(list.body.contains(&format!("action=\"/admin/outbox/{id}/resend\"")));

        app.smtp.set_reply(Reply::Accept);
        let done = admin.submit(&format!("/admin/outbox/{id}/resend"), &[]).await;
        assert_eq!(done.status, 303);
        assert_eq!(done.location(), "/admin/outbox?notice=email-resent");
        let mail = app.smtp.wait_for(&email, Duration::from_secs(15)).await;
        assert!(mail.link("/verify-email?token=").is_some());
        for _ in 0..100 {
            if message(&app, &id).await.unwrap().status == "sent" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let sent = message(&app, &id).await.unwrap();
        assert_eq!((sent.status.as_str(), sent.attempts, sent.last_error), ("sent", 1, None), "attempts counted afresh");
        assert!(admin.get("/admin/outbox?notice=email-resent").await.body.contains("The message is queued to be sent again."));
        let audited = entries(&app, "email_resent").await;
        assert_eq!(audited.len(), 1);
        let admin_id = app.user(&admin_email).await.unwrap().id;
        assert_eq!(audited[0].actor_id.as_deref(), Some(admin_id.as_str()));
        assert_eq!((audited[0].object_type.as_deref(), audited[0].object_id.as_deref()), (Some("email"), Some(id.as_str())));
        assert_eq!(audited[0].client_addr.as_deref(), Some("127.0.0.1"));
        // Sent now, so no longer parked: a second resend finds nothing.
        assert_eq!(admin.submit(&format!("/admin/outbox/{id}/resend"), &[]).await.status, 404);
        let log = admin.get(&format!("/admin/audit?action=email_resent&object_id={id}")).await;
        assert_eq!(rows(&log), 1);
    }
}

on_both! {
    async fn resend_keeps_the_last_error_until_the_message_is_sent(backend) {
        let app = TestApp::spawn_with(backend, &[("OUTBOX_WORKER", "false")]).await;
        let admin = app.user_with_role(&unique_email("keep-admin"), "admin").await;
        let id = stored_message(&app, &unique_email("keep"), "Keep", "parked", "550 mailbox unknown").await;
        assert_eq!(admin.submit(&format!("/admin/outbox/{id}/resend"), &[]).await.status, 303);
        let m = message(&app, &id).await.unwrap();
        assert_eq!((m.status.as_str(), m.attempts), ("pending", 0));
        assert_eq!(m.last_error.as_deref(), Some("550 mailbox unknown"));
        assert!(m.next_attempt_at <= sankofa::db::now());
    }
}

on_both! {
    async fn discard_asks_first_then_removes_the_message(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("discard-admin"), "admin").await;
        let keep = stored_message(&app, &unique_email("keep"), "Keep me", "parked", "550 a").await;
        let gone_to = unique_email("gone");
        let gone = stored_message(&app, &gone_to, "Discard me", "parked", "550 b").await;
        let confirm = admin.get(&format!("/admin/outbox/{gone}/discard")).await;
        assert_eq!(confirm.status, 200);
        assert!(confirm.body.contains(&gone_to) && confirm.body.contains("Discard me"));
        assert!(confirm.body.contains(&format!("action=\"/admin/outbox/{gone}/discard\"")));
        assert!(message(&app, &gone).await.is_some(), "looking changes nothing");
        let done = admin.submit(&format!("/admin/outbox/{gone}/discard"), &[]).await;
        assert_eq!((done.status, done.location().as_str()), (303, "/admin/outbox?notice=email-discarded"));
        assert!(message(&app, &gone).await.is_none());
        let list = admin.get("/admin/outbox").await;
        assert!(!list.body.contains(&gone_to) && list.body.contains("Keep me"));
        assert!(message(&app, &keep).await.is_some());
        let audited = entries(&app, "email_discarded").await;
        assert_eq!(audited.len(), 1);
        assert_eq!(audited[0].object_id.as_deref(), Some(gone.as_str()));
        assert!(audited[0].actor_id.is_some() && audited[0].client_addr.is_some());
        assert_eq!(admin.submit(&format!("/admin/outbox/{gone}/discard"), &[]).await.status, 404, "already gone");
    }
}

on_both! {
    async fn unknown_or_unparked_messages_are_not_found(backend) {
        let app = TestApp::spawn_with(backend, &[("OUTBOX_WORKER", "false")]).await;
        let admin = app.user_with_role(&unique_email("nf-admin"), "admin").await;
        let sent = stored_message(&app, &unique_email("sent"), "Sent", "sent", "").await;
        let pending = stored_message(&app, &unique_email("pending"), "Pending", "pending", "").await;
        for id in [sent.as_str(), pending.as_str(), "no-such-message", "%00", "..%2F..%2Fetc"] {
            assert_eq!(admin.get(&format!("/admin/outbox/{id}/discard")).await.status, 404, "GET discard {id}");
            assert_eq!(admin.submit(&format!("/admin/outbox/{id}/resend"), &[]).await.status, 404, "resend {id}");
            assert_eq!(admin.submit(&format!("/admin/outbox/{id}/discard"), &[]).await.status, 404, "discard {id}");
        }
        assert_eq!(message(&app, &sent).await.unwrap().status, "sent");
        assert_eq!(message(&app, &pending).await.unwrap().status, "pending");
        assert!(entries(&app, "email_resent").await.is_empty() && entries(&app, "email_discarded").await.is_empty());
    }
}

on_both! {
    async fn resend_all_requeues_every_parked_message(backend) {
        let app = TestApp::spawn_with(backend, &[("RATE_LIMIT_AUTH_PER_MINUTE", "1000")]).await;
        app.smtp.set_reply(Reply::PermFail);
        let (a, b) = (unique_email("all-a"), unique_email("all-b"));
        let ida = parked_sign_up(&app, &a).await;
        let idb = parked_sign_up(&app, &b).await;
        let admin = app.user_with_role(&unique_email("all-admin"), "admin").await;
        let list = admin.get("/admin/outbox").await;
        assert!(list.body.contains("Send all 2 parked messages again"), "{}", list.body);
        app.smtp.set_reply(Reply::Accept);
        let done = admin.submit("/admin/outbox/resend-all", &[]).await;
        assert_eq!((done.status, done.location().as_str()), (303, "/admin/outbox?notice=emails-resent-all"));
        app.smtp.wait_for(&a, Duration::from_secs(15)).await;
        app.smtp.wait_for(&b, Duration::from_secs(15)).await;
        for id in [&ida, &idb] {
            assert_ne!(message(&app, id).await.unwrap().status, "parked");
        }
        let audited = entries(&app, "email_resent_all").await;
        assert_eq!(audited.len(), 1);
        assert_eq!((audited[0].object_type.as_deref(), audited[0].detail.as_deref()), (Some("email"), Some("2")));
        let empty = admin.get("/admin/outbox").await;
        assert!(empty.body.contains("No message is parked."));
        // With nothing parked it still answers, and says so in the log.
        assert_eq!(admin.submit("/admin/outbox/resend-all", &[]).await.status, 303);
        assert_eq!(entries(&app, "email_resent_all").await.len(), 2);
    }
}

on_both! {
    async fn parked_email_and_audit_text_come_back_inert(backend) {
        let app = TestApp::spawn_with(backend, &[("OUTBOX_WORKER", "false")]).await;
        let admin = app.user_with_role(&unique_email("xss-admin"), "admin").await;
        let id = stored_message(&app, &format!("{XSS}@example.org"), XSS, "parked", XSS).await;
        record(&app, vec![(at("2026-04-01 12:00:00"), None, "login_failed", "user", XSS.into(), Some(XSS.into()))]).await;
        let pages = [
            admin.get("/admin/outbox").await,
            admin.get(&format!("/admin/outbox/{id}/discard")).await,
            admin.get("/admin/audit?action=login_failed").await,
            admin.get(&format!("/admin/audit?actor={}", url_encode(XSS))).await,
            admin.get("/admin").await,
        ];
        for page in pages {
            assert!(!page.body.contains("<script>alert") && !page.body.contains("<img src=x"), "{}", page.body);
        }
    }
}

fn url_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

on_both! {
    async fn admin_pages_stay_light(backend) {
        let app = TestApp::spawn_with(backend, &[("OUTBOX_WORKER", "false")]).await;
        let admin = app.user_with_role(&unique_email("light-admin"), "admin").await;
        let mut batch = Vec::new();
        for i in 0..60 {
            batch.push((at("2026-05-01 00:00:00") + chrono::Duration::seconds(i), Some(sankofa::db::new_id()), "licence_changed", "licence", sankofa::db::new_id(), Some("unverified".to_string())));
        }
        record(&app, batch).await;
        for i in 0..30 {
            stored_message(&app, &unique_email(&format!("light{i}")), "Confirm your email address for Sankofa", "parked", "550 5.1.1 <someone@example.org>: Recipient address rejected: User unknown in virtual mailbox table").await;
        }
        for path in ["/admin/audit", "/admin/outbox"] {
            let page = admin.get(path).await;
            assert_eq!(page.status, 200);
            assert!(page.body.len() < 30 * 1024, "{path}: {} bytes", page.body.len());
            assert_eq!(page.body.matches("<h1").count(), 1);
        }
        // Twenty-five parked messages a page; the next page has the rest.
        let first = admin.get("/admin/outbox").await;
        assert_eq!(rows(&first), 25);
        assert!(first.body.contains("30 parked messages") && first.body.contains("Page 1 of 2"));
        let next = rel_link(&first, "next").expect("a next link");
        assert_eq!(next, "/admin/outbox?page=2");
        assert_eq!(rows(&admin.get(&next).await), 5);
    }
}

/// In a browser, in `lang`: an administrator opens the audit log from the
/// home page, filters it, then sends a parked message again; axe-core checks
/// every page on the way.
async fn admin_tour_in_a_browser(
    backend: crate::helpers::Backend,
    locale: sankofa::domain::Locale,
) {
    use crate::helpers::browser::{Browser, browser_available, plain};
    use sankofa::i18n;
    if !browser_available() {
        return;
    }
    let t = |key: &str| plain(&i18n::t(locale, key));
    let app = TestApp::spawn(backend).await;
    app.smtp.set_reply(Reply::PermFail);
    let refused = unique_email("tour-refused");
    let id = parked_sign_up(&app, &refused).await;
    let admin_email = unique_email("tour-admin");
    app.user_with_role(&admin_email, "admin").await;

    let lang = locale.code();
    let b = Browser::start(&app.base, lang, &format!("{lang}-admin")).await;
    b.log_in(&admin_email, PASSWORD, "/admin").await;
    if lang != "en" {
        b.switch_language(lang).await;
    }
    b.wait_for_text(&t("admin-log-link")).await;
    b.click("main a[href=\"/admin/audit\"]").await;
    b.wait_for_path("/admin/audit").await;
    b.wait_for_text(&t("admin-log-title")).await;
    b.shot("audit-log").await;
    b.choose("action", "user_signed_up").await;
    b.set_value("date_from", &chrono::Utc::now().date_naive().to_string())
        .await;
    b.submit("/admin/audit").await;
    let one = plain(&i18n::t_count(locale, "admin-log-count", "count", 1));
    let text = b.wait_for_text(&one).await;
    assert!(text.contains(&t("audit-action-user_signed_up")), "{text}");
    assert!(b.path().await.contains("action=user_signed_up"));
    b.shot("audit-log-filtered").await;

    b.goto("/admin").await;
    b.click("main a[href=\"/admin/outbox\"]").await;
    b.wait_for_path("/admin/outbox").await;
    let text = b.wait_for_text(&refused).await;
    assert!(text.contains(&t("admin-parked-title")));
    b.shot("parked-email").await;
    app.smtp.set_reply(Reply::Accept);
    b.submit(&format!("/admin/outbox/{id}/resend")).await;
    b.wait_for_path("/admin/outbox?notice=email-resent").await;
    b.wait_for_text(&t("notice-email-resent")).await;
    app.smtp.wait_for(&refused, Duration::from_secs(15)).await;
    assert_eq!(entries(&app, "email_resent").await.len(), 1);
    b.shot("parked-email-resent").await;
    b.close().await;
}

on_both! {
    async fn admin_filters_the_log_and_resends_parked_email_in_a_browser_in_english(backend) {
        admin_tour_in_a_browser(backend, sankofa::domain::Locale::En).await;
    }
}

on_both! {
    async fn admin_filters_the_log_and_resends_parked_email_in_a_browser_in_french(backend) {
        admin_tour_in_a_browser(backend, sankofa::domain::Locale::Fr).await;
    }
}
