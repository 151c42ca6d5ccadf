//! In a real browser, in English and in French: a coordinator runs the
//! matcher for their programme, reads the proposals with their scores'
//! breakdown, and approves two at once. axe-core checks every page.

use sankofa::i18n;

use crate::helpers::browser::{Browser, browser_available, plain};
use crate::helpers::{Backend, PASSWORD};
use crate::matcher_runs::scene;
use crate::on_both;

async fn flow(backend: Backend, lang: &str) {
    if !browser_available() {
        return;
    }
    let locale = lang.parse().unwrap();
    let tr = |key: &str| plain(&i18n::t(locale, key));
    let sc = scene(backend).await;
    let b = Browser::start(&sc.app.base, lang, &format!("{lang}-{backend:?}-matcher")).await;
    b.log_in(&sc.coordinator.email, PASSWORD, "/coordinator")
        .await;
    if lang == "fr" {
        b.switch_language("fr").await;
    }
    b.click("main a[href=\"/coordinator/matcher\"]").await;
    b.wait_for_path("/coordinator/matcher").await;
    b.wait_for_text(&tr("matcher-no-run")).await;
    b.shot("matcher").await;
    b.submit("/coordinator/matcher/run").await;
    b.wait_for_text(&tr("notice-matcher-ran")).await;
    b.shot("matcher-run").await;
    let run_page = b.path().await.split('?').next().unwrap().to_string();

    let ids: Vec<String> = sc
        .app
        .services
        .db
        .run(|c| {
            use diesel::prelude::*;
            use sankofa::db::schema::matches;
            Ok(matches::table
                .filter(matches::state.eq("proposed"))
                .select(matches::id)
                .order(matches::id)
                .load::<String>(c)?)
        })
        .await
        .unwrap();
    assert_eq!(ids.len(), 3);
    b.click("details summary").await;
    b.tick(&format!("m-{}", ids[0])).await;
    b.tick(&format!("m-{}", ids[1])).await;
    b.shot("matcher-chosen").await;
    // Days out of range, from a browser that does not check them itself:
    // refused by the field, the ticks and the days typed kept.
    b.drop_checks("days").await;
    b.set_value("days", "0").await;
    b.submit(&format!("{run_page}/decide")).await;
    let range = [("min", "1".to_string()), ("max", "60".to_string())];
    b.wait_for_text(&plain(&i18n::t_args(locale, "err-number-range", &range)))
        .await;
    b.check_accessibility().await;
    b.shot("matcher-days-refused").await;
    b.set_value("days", "7").await;
    b.submit(&format!("{run_page}/decide")).await;
    b.wait_for_text(&tr("notice-matcher-decided")).await;
    b.wait_for_text(&tr("match-state-offered")).await;
    b.shot("matcher-decided").await;
    let offered = sc
        .app
        .services
        .db
        .run(|c| {
            use diesel::prelude::*;
            use sankofa::db::schema::matches;
            Ok(matches::table
                .filter(matches::state.eq("offered"))
                .select(matches::id)
                .order(matches::id)
                .load::<String>(c)?)
        })
        .await
        .unwrap();
    assert_eq!(offered, ids[..2].to_vec());
    b.close().await;
}

on_both! {
    async fn a_coordinator_runs_the_matcher_in_a_browser_in_english(backend) {
        flow(backend, "en").await;
    }
}

on_both! {
    async fn a_coordinator_runs_the_matcher_in_a_browser_in_french(backend) {
        flow(backend, "fr").await;
    }
}
