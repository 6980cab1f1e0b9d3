//! Roles and securities files judged like Kuzzle: every body of
//! `tests/data/kuzzle-oracle/verdicts.json` (generated per family of mistake by `generate.py`,
//! run through Kuzzle 2.56.0's own code by `record.py`) must get an error from bodyguard
//! exactly when Kuzzle rejects it, except the documented exceptions below.

use bodyguard::unstable::request::kuzzle::check_json_request;
use bodyguard::{Checker, Severity};
use serde_json::Value;

/// Where bodyguard knowingly differs from Kuzzle, and why. README lists them too.
const EXCEPTIONS: &[(&str, &str)] = &[
    // The verdict depends on the target: which plugins and application controllers it has.
    (
        "role/unknown-controller/first",
        "server state: a plugin or application may register `nosuch` (warning)",
    ),
    (
        "role/unknown-controller/typo",
        "server state: an application may register `documents` (warning, did you mean `document`)",
    ),
    (
        "role/unknown-controller/plugin",
        "server state: plugin `foo` may be installed (warning)",
    ),
    (
        "securities/role/plugin",
        "server state: plugin `foo` may be installed (warning)",
    ),
    (
        "securities/force/not-asked",
        "server state: plugin `foo` may be installed (warning)",
    ),
    (
        "securities/strategy/other-plugin",
        "server state: an authentication plugin may provide `ldap` (warning)",
    ),
    // Elasticsearch refuses ids over 512 bytes; the oracle's in-memory Elasticsearch does not.
    (
        "role/id/too-long",
        "Elasticsearch's 512-byte id limit, not emulated by the oracle",
    ),
    (
        "securities/id/role-too-long",
        "Elasticsearch's 512-byte id limit, not emulated by the oracle",
    ),
    (
        "securities/id/profile-too-long",
        "Elasticsearch's 512-byte id limit, not emulated by the oracle",
    ),
    // Stricter than Kuzzle: accepted, but the profile does not do what it says.
    (
        "securities/profile/restricted-to-empty",
        "stricter: `restrictedTo: []` grants the role on every index",
    ),
    (
        "securities/profile/restriction-number-index",
        "stricter: a non-string index never matches any request",
    ),
];

fn verdicts() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/kuzzle-oracle/verdicts.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// bodyguard's error codes for one case, checked as `bodyguard request --json-request`.
fn errors(checker: &Checker, request: &Value) -> Vec<String> {
    let text = serde_json::to_string_pretty(request).unwrap();
    let report = check_json_request(checker, "request.json", &text);
    report
        .reports()
        .into_iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code().to_string())
        .collect()
}

#[test]
fn bodyguard_errors_exactly_when_kuzzle_rejects() {
    let checker = Checker::new();
    let cases = verdicts();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    let mut disagreements = Vec::new();
    let mut excepted = Vec::new();
    for case in &cases {
        let label = case["label"].as_str().unwrap();
        let rejected = !case["kuzzle"]["accepted"].as_bool().unwrap();
        let found = errors(&checker, &case["request"]);
        let errors_found = !found.is_empty();
        if rejected == errors_found {
            continue;
        }
        if let Some((_, why)) = EXCEPTIONS.iter().find(|(l, _)| *l == label) {
            excepted.push(format!("{label}: {why}"));
            continue;
        }
        disagreements.push(format!(
            "{label}: Kuzzle {} ({}), bodyguard errors {found:?}",
            if rejected { "rejects" } else { "accepts" },
            case["kuzzle"]["error_id"]
        ));
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    // Every exception is still needed.
    let used: Vec<&str> = excepted
        .iter()
        .map(|e| e.split(':').next().unwrap())
        .collect();
    for (label, _) in EXCEPTIONS {
        assert!(used.contains(label), "exception no longer needed: {label}");
    }
}
