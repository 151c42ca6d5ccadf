//! The API's contract: every answer the tests receive from a documented
//! operation must carry a status that operation documents and a body that
//! its schema accepts, with no property the schema does not name.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use serde_json::{Value, json};
use utoipa::OpenApi;

/// The OpenAPI document the server serves, as JSON.
pub static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    serde_json::to_value(sankofa::web::api::ApiDoc::openapi()).expect("the document is JSON")
});

/// An operation's answer: (path template, method, status).
type Answer = (String, String, String);

/// Compiled schemas by answer.
static VALIDATORS: LazyLock<Mutex<HashMap<Answer, Arc<jsonschema::Validator>>>> =
    LazyLock::new(Default::default);

/// Every object schema that names its properties takes no others.
fn strict(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(strict);
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

/// The documented path a request's path falls under: literal segments
/// before parameters.
pub fn template(path: &str) -> Option<String> {
    let path = path.split('?').next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    let paths = DOCUMENT["paths"].as_object()?;
    paths
        .keys()
        .filter_map(|t| {
            let parts: Vec<&str> = t.split('/').collect();
            if parts.len() != segments.len() {
                return None;
            }
            let mut literal = 0;
            for (p, s) in parts.iter().zip(&segments) {
                if p.starts_with('{') {
                    if s.is_empty() {
                        return None;
                    }
                } else if p == s {
                    literal += 1;
                } else {
                    return None;
                }
            }
            Some((literal, t))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, t)| t.clone())
}

fn validator(path: &str, method: &str, status: &str) -> Arc<jsonschema::Validator> {
    let key = (path.to_string(), method.to_string(), status.to_string());
    let mut cache = VALIDATORS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(v) = cache.get(&key) {
        return v.clone();
    }
    let response = &DOCUMENT["paths"][path][method]["responses"][status];
    assert!(
        response.is_object(),
        "{method} {path} answered {status}, which its operation does not document"
    );
    let schema = response["content"]
        .as_object()
        .and_then(|c| c.values().next())
        .map(|c| c["schema"].clone())
        .unwrap_or_default();
    assert!(
        !schema.is_null(),
        "{method} {path} documents no JSON body for {status}"
    );
    let mut components = DOCUMENT["components"].clone();
    strict(&mut components);
    let mut schema = schema;
    strict(&mut schema);
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": components,
        "allOf": [schema],
    });
    let compiled = Arc::new(
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&root)
            .unwrap_or_else(|e| panic!("the schema of {method} {path} {status} compiles: {e}")),
    );
    cache.insert(key, compiled.clone());
    compiled
}

/// Checks one answer of the API against the document. Paths the document
/// does not name (the 404 of the scope) and methods a path does not take
/// (405) carry no contract.
pub fn check(method: &str, path: &str, status: u16, content_type: Option<&str>, body: &str) {
    let Some(template) = template(path) else {
        return;
    };
    let method = method.to_lowercase();
    if DOCUMENT["paths"][&template][&method].is_null() {
        assert_eq!(status, 405, "{method} {path}: not documented, so 405");
        return;
    }
    let response = &DOCUMENT["paths"][&template][&method]["responses"][status.to_string()];
    if response.is_object() && response["content"].is_null() {
        // Documented without a body (204): none must come.
        assert!(
            body.is_empty(),
            "{method} {path} {status}: no body expected, got {body}"
        );
        return;
    }
    let documented = response["content"]
        .as_object()
        .and_then(|c| c.keys().next().cloned())
        .unwrap_or_else(|| "application/json".into());
    assert!(
        content_type.is_some_and(|c| c.starts_with(&documented)),
        "{method} {path} {status}: {documented} expected, got {content_type:?}"
    );
    if !documented.ends_with("json") {
        // A file (a calendar): its type is the contract.
        return;
    }
    let value: Value = serde_json::from_str(body)
        .unwrap_or_else(|e| panic!("{method} {path} {status}: not JSON ({e}): {body}"));
    let validator = validator(&template, &method, &status.to_string());
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path} {status} does not match its schema:\n{}\n{body}",
        errors.join("\n")
    );
}

/// Sends a request to the API and checks the answer against the document.
pub async fn send(client: &reqwest::Client, req: reqwest::RequestBuilder) -> super::Page {
    let req = req.build().expect("a request");
    let (method, path) = (req.method().to_string(), req.url().path().to_string());
    let res = client.execute(req).await.expect("answered");
    let page = super::TestClient::page(res).await;
    let content_type = page.header("content-type");
    check(
        &method,
        &path,
        page.status,
        content_type.as_deref(),
        &page.body,
    );
    page
}
