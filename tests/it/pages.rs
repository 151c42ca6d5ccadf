//! Every page: light (under 30 KB), accessible in its structure (language,
//! title, one h1, landmarks, a label for every field), in English and French.

use crate::helpers::{PASSWORD, Page, TestApp, TestClient, unique_email};
use crate::on_both;

const MAX_PAGE_BYTES: usize = 30 * 1024;

/// Structural accessibility checks that need no browser.
pub(crate) fn check_page(path: &str, page: &Page, lang: &str) {
    let b = &page.body;
    assert!(b.len() < MAX_PAGE_BYTES, "{path} is {} bytes", b.len());
    assert!(b.starts_with("<!doctype html>"), "{path}");
    assert!(
        b.contains(&format!("<html lang=\"{lang}\">")),
        "{path} in {lang}"
    );
    assert!(
        b.contains("<title>") && !b.contains("<title> –"),
        "{path} has a title"
    );
    let title = b
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap_or("");
    assert!(
        !title.contains('<') && title.len() < 200,
        "{path}: the title is text only: {title}"
    );
    assert_eq!(b.matches("<h1").count(), 1, "{path} has one h1");
    assert!(
        b.contains("<main id=\"main\""),
        "{path} has a main landmark"
    );
    assert!(b.contains("<nav aria-label="), "{path} has a labelled nav");
    assert!(b.contains("<footer"), "{path}");
    assert!(
        b.contains("class=\"skip-link\" href=\"#main\""),
        "{path} has a skip link"
    );
    assert!(!b.contains("<script"), "{path} needs no JavaScript");
    // Every visible input and select has a label pointing at it.
    for tag in b
        .split('<')
        .filter(|t| t.starts_with("input ") || t.starts_with("select "))
    {
        if tag.contains("type=\"hidden\"") || tag.contains("type=\"submit\"") {
            continue;
        }
        let id = tag
            .split("id=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{path}: a field without id: {tag}"));
        assert!(
            b.contains(&format!("<label for=\"{id}\"")),
            "{path}: no label for {id}"
        );
    }
}

async fn visit(c: &TestClient, path: &str, status: u16, lang: &str) -> Page {
    let page = c.get(path).await;
    assert_eq!(page.status, status, "{path}");
    check_page(path, &page, lang);
    page
}

on_both! {
    async fn public_pages_are_light_accessible_and_bilingual(backend) {
        let app = TestApp::spawn(backend).await;
        for (c, lang) in [(app.client(), "en"), (app.client_fr(), "fr")] {
            for path in [
                "/",
                "/privacy",
                "/login",
                "/signup",
                "/signup/professional",
                "/signup/facility",
                "/signup/sent",
                "/password/forgot",
                "/password/forgot/sent",
            ] {
                visit(&c, path, 200, lang).await;
            }
            let missing = visit(&c, "/nope", 404, lang).await;
            let expected = if lang == "fr" { "Page introuvable" } else { "Page not found" };
            assert!(missing.body.contains(expected));
            visit(&c, "/verify-email?token=forged", 400, lang).await;
            visit(&c, "/password/reset?token=forged", 400, lang).await;
            let empty = c.submit("/signup/facility", &[]).await;
            assert_eq!(empty.status, 422);
            check_page("/signup/facility (errors)", &empty, lang);
        }
        let fr = app.client_fr().get("/").await;
        assert!(fr.body.contains("Mettez vos compétences au service de votre pays"));
        let en = app.client().get("/").await;
        assert!(en.body.contains("Bring your skills back home"));
    }
}

on_both! {
    async fn signed_in_pages_are_light_accessible_and_bilingual(backend) {
        let app = TestApp::spawn(backend).await;
        let facility = app.client();
        let email = unique_email("pages-fac");
        facility.sign_up_facility(&email, PASSWORD).await;
        facility.log_in(&email, PASSWORD).await;
        visit(&facility, "/facility", 200, "en").await;
        for role in ["professional", "coordinator", "admin"] {
            let c = app.user_with_role(&unique_email(role), role).await;
            visit(&c, &format!("/{role}"), 200, "en").await;
            visit(&c, "/account", 200, "en").await;
            let refused = visit(&c, if role == "admin" { "/facility" } else { "/admin" }, 403, "en").await;
            assert!(refused.body.contains("You cannot open this page"));
            c.submit("/language", &[("lang", "fr")]).await;
            visit(&c, &format!("/{role}"), 200, "fr").await;
            let account = visit(&c, "/account", 200, "fr").await;
            assert!(account.body.contains("Changer votre mot de passe"));
        }
    }
}

on_both! {
    async fn probes_answer_without_a_session(backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.client();
        let health = c.get("/healthz").await;
        assert_eq!((health.status, health.body.as_str()), (200, "ok\n"));
        assert!(health.set_cookies().is_empty(), "no session for probes");
        let ready = c.get("/readyz").await;
        assert_eq!((ready.status, ready.body.as_str()), (200, "ready\n"));
    }
}

on_both! {
    async fn stylesheet_is_small_and_cached_and_other_static_paths_are_404(backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.client();
        let home = c.get("/").await;
        let href = home.body.split("rel=\"stylesheet\" href=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let css = c.get(&href).await;
        assert_eq!(css.status, 200);
        assert!(css.header("content-type").unwrap().starts_with("text/css"));
        assert!(css.body.len() < 10 * 1024);
        assert_eq!(c.get("/static/style.css").await.status, 404);
        assert_eq!(c.get("/static/..%2f..%2fCargo.toml").await.status, 404);
    }
}

on_both! {
    async fn pages_are_compressed_for_browsers_that_ask(backend) {
        let app = TestApp::spawn(backend).await;
        let res = reqwest::Client::new()
            .get(format!("{}/signup/facility", app.base))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers().get("content-encoding").unwrap(), "gzip");
        let compressed = res.bytes().await.unwrap().len();
        assert!(compressed < 8 * 1024, "{compressed} bytes on the wire");
    }
}

on_both! {
    async fn profile_pages_are_light_accessible_and_bilingual(backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.user_with_role(&unique_email("pages-profile"), "professional").await;
        c.submit("/professional/profile/place", &[("residence_country", "CA")]).await;
        c.submit("/professional/profile/languages", &[("language", "fr"), ("level", "native")]).await;
        c.submit("/professional/consents/matching/give", &[]).await;
        for lang in ["en", "fr"] {
            c.submit("/language", &[("lang", lang)]).await;
            for path in [
                "/professional/profile",
                "/professional/profile/work",
                "/professional/profile/place",
                "/professional/profile/languages",
                "/professional/consents",
                "/professional/licences",
                "/professional/licences/new",
                "/professional/availability",
                "/professional/availability/new",
                "/account",
                "/account/delete",
                "/account/email",
            ] {
                visit(&c, path, 200, lang).await;
            }
            let bad = c.submit("/professional/profile/work", &[("profession", "0")]).await;
            assert_eq!(bad.status, 422);
            check_page("/professional/profile/work (errors)", &bad, lang);
        }
    }
}

on_both! {
    async fn programme_and_coordinator_pages_are_light_accessible_and_bilingual(backend) {
        use crate::registry::{Pro, add, coordinator_of, programme};
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let mut first = String::new();
        for i in 0..30 {
            let id = add(&app, Pro { name: "Adwoa Afriyie-Boateng Mensah-Owusu", languages: vec![("en", "native"), ("fr", "professional"), ("tw", "native")], ..Pro::default() }).await;
            if i == 0 {
                first = id;
            }
        }
        let staff = unique_email("pages-staff");
        let fac = app.client();
        fac.sign_up_facility(&staff, PASSWORD).await;
        fac.log_in(&staff, PASSWORD).await;
        let facility = crate::programmes::facility_id_of(&app, &staff).await;
        let admin = app.user_with_role(&unique_email("pages-admin"), "admin").await;
        for lang in ["en", "fr"] {
            for c in [&coordinator, &admin, &fac] {
                c.submit("/language", &[("lang", lang)]).await;
            }
            for path in [
                "/coordinator".to_string(),
                "/coordinator/facilities".into(),
                format!("/coordinator/facilities/{facility}"),
                "/coordinator/licences".into(),
                "/coordinator/registry".into(),
                "/coordinator/registry?language=fr&level=professional&sort=name".into(),
                format!("/coordinator/professionals/{first}"),
            ] {
                visit(&coordinator, &path, 200, lang).await;
            }
            visit(&coordinator, "/coordinator/registry?origin=XX", 400, lang).await;
            for path in [
                "/admin/programmes".to_string(),
                "/admin/programmes/new".into(),
                format!("/admin/programmes/{gh}/edit"),
                "/admin/coordinators".into(),
                "/admin/coordinators/invite".into(),
                "/admin/specialties".into(),
                "/admin/safeguards".into(),
            ] {
                visit(&admin, &path, 200, lang).await;
            }
            let bad = admin.submit("/admin/programmes/new", &[("code", "!")]).await;
            assert_eq!(bad.status, 422);
            check_page("/admin/programmes/new (errors)", &bad, lang);
            visit(&fac, &format!("/facility/{facility}/invite"), 200, lang).await;
        }
    }
}

on_both! {
    async fn terms_of_reference_pages_are_light_accessible_and_bilingual(backend) {
        use crate::assignments::{create, facility, onsite, virtual_work};
        let app = TestApp::spawn(backend).await;
        crate::registry::programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let (staff, fid) = facility(&app, true).await;
        let long = "Objectives and deliverables. ".repeat(130);
        let mut first = String::new();
        for i in 0..25 {
            let mut fields = if i % 2 == 0 { onsite() } else { virtual_work() };
            fields.retain(|(k, _)| *k != "objectives");
            fields.push(("objectives", long.clone()));
            let id = create(&staff, &fid, &fields).await;
            if i == 1 {
                first = id;
            }
        }
        for lang in ["en", "fr"] {
            staff.submit("/language", &[("lang", lang)]).await;
            for path in [
                format!("/facility/{fid}/assignments"),
                format!("/facility/{fid}/assignments?page=2"),
                format!("/facility/{fid}/assignments/new"),
                format!("/facility/{fid}/assignments/{first}"),
                format!("/facility/{fid}/assignments/{first}/edit"),
                format!("/facility/{fid}/assignments/{first}/close"),
            ] {
                visit(&staff, &path, 200, lang).await;
            }
            let bad = staff
                .submit(&format!("/facility/{fid}/assignments/new"), &[("title", "x"), ("modality", "virtual")])
                .await;
            assert_eq!(bad.status, 422);
            check_page("/facility/…/assignments/new (errors)", &bad, lang);
        }
    }
}
