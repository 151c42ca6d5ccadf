//! The email outbox (SECURITY.md 28): written with its cause, retried on 4xx
//! with backoff, parked on 5xx, sent after a crash, never twice, and never in
//! the way of a web request.

use std::sync::Arc;
use std::time::Duration;

use diesel::prelude::*;
use sankofa::db::schema::outbox;
use sankofa::store::outbox::OutboxMessage;

use crate::helpers::{PASSWORD, Reply, TestApp, TestSmtp, unique_email};
use crate::on_both;

async fn messages(app: &TestApp) -> Vec<OutboxMessage> {
    app.services
        .db
        .run(|c| {
            Ok(outbox::table
                .order(outbox::created_at.asc())
                .select(OutboxMessage::as_select())
                .load(c)?)
        })
        .await
        .unwrap()
}

/// Polls until `check` holds for the outbox rows, or fails after 15 s.
async fn wait_until(
    app: &TestApp,
    what: &str,
    check: impl Fn(&[OutboxMessage]) -> bool,
) -> Vec<OutboxMessage> {
    for _ in 0..150 {
        let rows = messages(app).await;
        if check(&rows) {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "outbox never reached: {what}; rows: {:?}",
        messages(app).await
    );
}

on_both! {
    async fn p28_message_is_written_in_the_same_transaction_as_its_cause(backend) {
        // With the sender off, a sign-up leaves exactly one user and one message;
        // a refused sign-up leaves neither.
        let app = TestApp::spawn_with(backend, &[("OUTBOX_WORKER", "false")]).await;
        let email = unique_email("tx");
        app.client().sign_up_professional(&email, PASSWORD, "en").await;
        let rows = messages(&app).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].recipient, email);
        assert_eq!(rows[0].status, "pending");
        assert_eq!(rows[0].kind, "verify");
        assert!(rows[0].body_text.contains("/verify-email?token="));
        assert!(rows[0].body_html.contains("<a href="));
        let refused = app.client().submit("/signup/professional", &[("email", "x@example.org")]).await;
        assert_eq!(refused.status, 422);
        assert_eq!(app.stored().await, (1, 0, 1));
    }
}

on_both! {
    async fn p28_temporary_failure_421_is_retried_with_backoff(backend) {
        let app = TestApp::spawn_with(backend, &[("OUTBOX_RETRY_BASE_MS", "300")]).await;
        app.smtp.set_reply(Reply::TempFail);
        let email = unique_email("retry");
        app.client().sign_up_professional(&email, PASSWORD, "en").await;
        let rows = wait_until(&app, "two failed attempts", |r| r.len() == 1 && r[0].attempts >= 2).await;
        assert_eq!(rows[0].status, "pending");
        assert!(rows[0].last_error.as_deref().unwrap_or("").contains("421"), "{:?}", rows[0].last_error);
        assert!(rows[0].next_attempt_at > rows[0].created_at, "the next attempt waits");
        assert_eq!(app.smtp.count_to(&email), 0);

        app.smtp.set_reply(Reply::Accept);
        let mail = app.smtp.wait_for(&email, Duration::from_secs(15)).await;
        assert!(mail.subject().contains("Confirm your email"));
        let rows = wait_until(&app, "sent", |r| r[0].status == "sent").await;
        assert!(rows[0].sent_at.is_some());
        assert!(rows[0].body_text.is_empty() && rows[0].body_html.is_empty(), "delivered bodies are erased");
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert_eq!(app.smtp.count_to(&email), 1, "sent once");
    }
}

on_both! {
    async fn p28_permanent_failure_550_parks_the_message_for_an_admin(backend) {
        let app = TestApp::spawn(backend).await;
        app.smtp.set_reply(Reply::PermFail);
        let email = unique_email("parked");
        app.client().sign_up_professional(&email, PASSWORD, "en").await;
        let rows = wait_until(&app, "parked", |r| r.len() == 1 && r[0].status == "parked").await;
        assert_eq!(rows[0].attempts, 1, "not retried");
        assert!(rows[0].last_error.as_deref().unwrap_or("").contains("550"));
        assert!(!rows[0].body_text.is_empty(), "kept for resending");
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(messages(&app).await[0].attempts, 1, "still not retried");

        let admin = app.user_with_role(&unique_email("admin"), "admin").await;
        let page = admin.get("/admin").await;
        assert!(page.body.contains("Refused by the mail server</dt><dd><a href=\"/admin/outbox\">1<"), "{}", page.body);
    }
}

on_both! {
    async fn p28_message_committed_before_a_crash_is_sent_after_restart(backend) {
        // The first process commits the sign-up and its message, then dies
        // before sending: its sender is off, as if it crashed after the commit.
        let first = TestApp::spawn_with(backend, &[("OUTBOX_WORKER", "false")]).await;
        let email = unique_email("crash");
        first.client().sign_up_professional(&email, PASSWORD, "en").await;
        // A second message was claimed by a sender that then died: its lease must expire.
        let claimed = unique_email("claimed");
        first.client().sign_up_professional(&claimed, PASSWORD, "en").await;
        let db = first.db.clone();
        let smtp = first.smtp.clone();
        let dir = first.data_dir.clone();
        let lease_until = sankofa::db::now() + chrono::Duration::seconds(2);
        let claimed_addr = claimed.clone();
        first
            .services
            .db
            .write(move |c| {
                diesel::update(outbox::table.filter(outbox::recipient.eq(&claimed_addr)))
                    .set((outbox::locked_by.eq("a sender that died"), outbox::locked_until.eq(lease_until)))
                    .execute(c)?;
                Ok(())
            })
            .await
            .unwrap();
        drop(first);
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(smtp.received().is_empty());

        let second = TestApp::spawn_on(db, smtp.clone(), dir, &[]).await;
        let mail = smtp.wait_for(&email, Duration::from_secs(10)).await;
        assert!(mail.link("/verify-email?token=").is_some());
        smtp.wait_for(&claimed, Duration::from_secs(15)).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(smtp.count_to(&email), 1);
        assert_eq!(smtp.count_to(&claimed), 1);
        let rows = messages(&second).await;
        assert!(rows.iter().all(|r| r.status == "sent"));
    }
}

on_both! {
    async fn p28_two_servers_never_send_a_message_twice(backend) {
        let a = TestApp::spawn_with(backend, &[("RATE_LIMIT_AUTH_PER_MINUTE", "1000")]).await;
        let b = TestApp::spawn_on(a.db.clone(), a.smtp.clone(), Arc::new(tempfile::tempdir().unwrap()), &[]).await;
        let mut emails = Vec::new();
        for i in 0..12 {
            let email = unique_email(&format!("pair{i}"));
            let app = if i % 2 == 0 { &a } else { &b };
            app.client().sign_up_professional(&email, PASSWORD, "en").await;
            emails.push(email);
        }
        for e in &emails {
            a.smtp.wait_for(e, Duration::from_secs(15)).await;
        }
        tokio::time::sleep(Duration::from_millis(800)).await;
        let received = a.smtp.received();
        assert_eq!(received.len(), emails.len(), "each message exactly once");
        let mut ids: Vec<String> = received.iter().map(|m| m.message_id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), emails.len());
    }
}

on_both! {
    async fn p28_slow_smtp_server_never_slows_a_web_request(backend) {
        let app = TestApp::spawn(backend).await;
        app.smtp.set_reply(Reply::Stall);
        // The sender is stuck talking to a server that never answers; pages
        // and sign-ups go on. Each request must finish well inside the
        // client's 30 s timeout (the SMTP timeout), so it never waited for mail.
        let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
        for i in 0..3 {
            let c = app.client();
            c.sign_up_professional(&unique_email(&format!("slow{i}")), PASSWORD, "en").await;
            let res = client.get(format!("{}/login", app.base)).send().await.expect("answered");
            assert_eq!(res.status(), 200);
        }
        assert_eq!(app.stored().await.2, 3, "all three messages wait in the outbox");
    }
}

#[tokio::test]
async fn mail_goes_to_eml_files_without_an_smtp_server() {
    // No SMTP_URL: messages are written under DATA_DIR/mail.
    let db = Arc::new(crate::helpers::db::TestDb::create(
        crate::helpers::Backend::Sqlite,
    ));
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let smtp = TestSmtp::start().await;
    let app = TestApp::spawn_on(db, smtp, dir.clone(), &[("SMTP_URL", "")]).await;
    let email = unique_email("file");
    app.client()
        .sign_up_professional(&email, PASSWORD, "en")
        .await;
    let mail_dir = dir.path().join("mail");
    for _ in 0..100 {
        let files: Vec<_> = std::fs::read_dir(&mail_dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        if let Some(f) = files
            .iter()
            .find(|p| p.extension().is_some_and(|e| e == "eml"))
        {
            let text = std::fs::read_to_string(f).unwrap();
            assert!(text.contains(&email));
            assert!(text.contains("multipart/alternative"));
            assert!(app.smtp.received().is_empty());
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no .eml file in {}", mail_dir.display());
}

on_both! {
    async fn p28_a_sender_whose_lease_ran_out_does_not_send(backend) {
        use sankofa::store::outbox as store;
        let app = TestApp::spawn_with(backend, &[("OUTBOX_WORKER", "false")]).await;
        app.client().sign_up_professional(&unique_email("lease"), PASSWORD, "en").await;
        let claimed = app
            .services
            .db
            .write(|c| {
                let now = sankofa::db::now();
                let a = store::claim(c, "sender A", now, now + chrono::Duration::seconds(1), 10)?;
                let b = store::claim(c, "sender B", now, now + chrono::Duration::seconds(60), 10)?;
                Ok((a.len(), b.len(), a[0].id.clone()))
            })
            .await
            .unwrap();
        assert_eq!((claimed.0, claimed.1), (1, 0), "a leased message is not claimed twice");
        let id = claimed.2;
        tokio::time::sleep(Duration::from_millis(1200)).await;
        let outcome = app
            .services
            .db
            .write(move |c| {
                let now = sankofa::db::now();
                let later = now + chrono::Duration::seconds(60);
                let a_renews = store::renew_lease(c, &id, "sender A", now, later)?;
                let b = store::claim(c, "sender B", now, later, 10)?;
                let b_renews = store::renew_lease(c, &id, "sender B", now, later)?;
                let a_records = store::mark_sent(c, &id, "sender A", now)?;
                let b_records = store::mark_sent(c, &id, "sender B", now)?;
                Ok((a_renews, b.len(), b_renews, a_records, b_records))
            })
            .await
            .unwrap();
        assert_eq!(outcome, (false, 1, true, false, true));
    }
}
