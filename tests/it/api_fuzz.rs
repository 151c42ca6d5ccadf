//! Property-based fuzzing of every operation of the API with schemathesis
//! (from PyPI; `.ci/run` installs it), against the real server on both
//! databases, with a write token of a professional: no answer is a server
//! error, every answer matches the documented schema, a method not
//! documented answers 405, and the token's authentication is enforced.
//!
//! `SANKOFA_SCHEMATHESIS` names the `schemathesis` program (else it is
//! looked for on the PATH). Without it the test says so loudly and is
//! skipped, unless `SANKOFA_TEST_REQUIRE_FUZZ=1` (as in CI), where it fails.

use std::io::Write;
use std::path::PathBuf;

use crate::api::make_token;
use crate::helpers::{TestApp, unique_email};
use crate::on_both;

fn schemathesis() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("SANKOFA_SCHEMATHESIS") {
        return Some(PathBuf::from(path));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("schemathesis"))
            .find(|p| p.is_file())
    })
}

on_both! {
    async fn every_api_operation_survives_fuzzing(backend) {
        let Some(program) = schemathesis() else {
            if std::env::var("SANKOFA_TEST_REQUIRE_FUZZ").is_ok_and(|v| v == "1") {
                panic!("schemathesis is required (SANKOFA_TEST_REQUIRE_FUZZ=1) but not found");
            }
            let _ = writeln!(
                std::io::stderr(),
                "\n!!! schemathesis not found: the API was NOT fuzzed (pip install schemathesis)\n"
            );
            return;
        };
        let app = TestApp::spawn_with(backend, &[("RATE_LIMIT_API_PER_MINUTE", "100000")]).await;
        // Each role reaches operations the others are refused: one run for
        // each, with a write token.
        for role in ["professional", "facility", "coordinator", "admin"] {
            let c = app.user_with_role(&unique_email(&format!("api-fuzz-{role}")), role).await;
            let (secret, _) = make_token(&app, &c, "Fuzz", "write").await;
            let url = format!("{}/api/v1/openapi.json", app.base);
            let program = program.clone();
            let output = tokio::task::spawn_blocking(move || {
                std::process::Command::new(program)
                    .args([
                        "run",
                        &url,
                        "--header",
                        &format!("Authorization: Bearer {secret}"),
                        "--checks",
                        "all",
                        // Values the document cannot list (specialty codes the
                        // registry knows, cursors the API gave out, ISCO-08
                        // codes that exist) fit their schema as strings yet are
                        // refused with the documented 422 by field: valid by
                        // the schema is not always acceptable here.
                        "--exclude-checks",
                        "positive_data_acceptance",
                        "--max-examples",
                        "20",
                        "--generation-deterministic",
                        "--no-color",
                    ])
                    .output()
                    .expect("schemathesis runs")
            })
            .await
            .unwrap();
            let report = format!(
                "{}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(output.status.success(), "{role}: schemathesis found problems:\n{report}");
            // Every case generated passed; the warnings (operations of other
            // roles refused, ids it cannot guess) are no failures.
            let cases = report
                .lines()
                .find(|l| l.contains(" generated, "))
                .unwrap_or_else(|| panic!("{role}: a count of test cases:\n{report}"));
            assert!(!cases.contains("failed") && !cases.contains("errored"), "{role}: {cases}\n{report}");
        }
    }
}
