//! Agreement with Kuzzle 2.56.0 on every input of the profile probe table (research notes,
//! Appendix A): 76 `security:createOrReplaceProfile` requests, each with what Kuzzle does.
//!
//! - a request Kuzzle **rejects** must get at least one error whose help (or message) names
//!   Kuzzle's error id;
//! - a request Kuzzle **accepts** must get exactly the listed findings (what will really
//!   happen), or none at all.
//!
//! Environment, as in the probes: roles `admin`, `default`, `anonymous`, `r1`, `r2`; index
//! `idx` with collections `c1`, `c2`; index `other` with none. Requests are Kuzzle JSON
//! requests (websocket semantics) unless marked HTTP.
//!
//! Where the table and a run of Kuzzle's real Elasticsearch client disagree, the real
//! client's answer is used: `policies: ["r1"]` and `policies: [{}]` fail with
//! `services.storage.unexpected_error` (500, "Missing required parameter: id"), not a bare
//! `Error`; for `roleId: ""` bodyguard names both `security.role.not_found` (the table) and
//! `services.storage.unexpected_error` (what the real client gets from Elasticsearch).

use bodyguard::unstable::request::check_request;
use bodyguard::unstable::request::kuzzle::check_json_request;
use bodyguard::Inventory;
use bodyguard::{Checker, Diagnostic, Settings, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

enum Input {
    /// A Kuzzle JSON request (`{controller, action, _id, body, ...args}`).
    Json(&'static str),
    /// `PUT <url>` over HTTP with this body.
    Http(&'static str, &'static str),
}

enum Expect {
    /// Kuzzle rejects it with this error id.
    Reject(&'static str),
    /// Kuzzle accepts it; bodyguard reports exactly these codes.
    Accept(&'static [&'static str]),
    /// Kuzzle accepts it and bodyguard reports nothing.
    Clean,
}

use Expect::{Accept, Clean, Reject};

#[rustfmt::skip]
const TABLE: &[(&str, Input, Expect)] = &[
    ("valid doc example", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "refresh": "wait_for", "body": {"policies": [{"roleId": "r1"}, {"roleId": "r2", "restrictedTo": [{"index": "idx"}, {"index": "idx", "collections": ["c1", "c2"]}]}], "rateLimit": 50}}"#), Accept(&["kuzzle/narrowed-whole-index"])),
    ("no _id", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "body": {"policies": [{"roleId": "r1"}]}}"#), Reject("api.assert.missing_argument")),
    ("_id empty string", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "", "body": {"policies": [{"roleId": "r1"}]}}"#), Reject("api.assert.missing_argument")),
    ("_id number", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": 42, "body": {"policies": [{"roleId": "r1"}]}}"#), Reject("api.assert.invalid_type")),
    ("_id leading underscore", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "_foo", "body": {"policies": [{"roleId": "r1"}]}}"#), Clean),
    ("no body", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1"}"#), Reject("api.assert.body_required")),
    ("body array", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": [{"roleId": "r1"}]}"#), Reject("api.assert.missing_argument")),
    ("body string", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": "policies"}"#), Reject("BadRequestError")),
    ("missing policies", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {}}"#), Reject("api.assert.missing_argument")),
    ("policies null", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": null}}"#), Reject("api.assert.invalid_type")),
    ("policies string", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": "r1"}}"#), Reject("api.assert.invalid_type")),
    ("policies object", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": {"roleId": "r1"}}}"#), Reject("api.assert.invalid_type")),
    ("policies empty []", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": []}}"#), Accept(&["kuzzle/empty-policies"])),
    ("anonymous with []", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "anonymous", "body": {"policies": []}}"#), Reject("security.profile.missing_anonymous_role")),
    ("anonymous without anonymous role", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "anonymous", "body": {"policies": [{"roleId": "r1"}]}}"#), Reject("security.profile.missing_anonymous_role")),
    ("policies [null]", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [null]}}"#), Reject("TypeError")),
    ("policies ['r1']", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": ["r1"]}}"#), Reject("services.storage.unexpected_error")),
    ("policy {} (no roleId)", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{}]}}"#), Reject("services.storage.unexpected_error")),
    ("roleId empty string", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": ""}]}}"#), Reject("security.role.not_found")),
    ("roleId unknown", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "nope"}]}}"#), Reject("security.role.not_found")),
    ("roleId _search", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "_search"}]}}"#), Reject("services.storage.search_as_an_id")),
    ("roleId unknown + extra key", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "nope", "foo": 1}]}}"#), Reject("security.role.not_found")),
    ("extra policy key", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "foo": 1}]}}"#), Reject("api.assert.unexpected_argument")),
    ("duplicate roleIds", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1"}, {"roleId": "r1"}]}}"#), Accept(&["kuzzle/duplicate-role"])),
    ("restrictedTo string", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": "idx"}]}}"#), Reject("api.assert.invalid_type")),
    ("restrictedTo object", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": {"index": "idx"}}]}}"#), Reject("api.assert.invalid_type")),
    ("restrictedTo []", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": []}]}}"#), Accept(&["kuzzle/empty-restricted-to"])),
    ("restrictedTo null", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": null}]}}"#), Accept(&["kuzzle/falsy-restricted-to"])),
    ("restrictedTo false", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": false}]}}"#), Accept(&["kuzzle/falsy-restricted-to"])),
    ("restrictedTo [null]", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [null]}]}}"#), Reject("api.assert.invalid_type")),
    ("restrictedTo ['idx']", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": ["idx"]}]}}"#), Reject("api.assert.invalid_type")),
    ("restrictedTo [[]]", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [[]]}]}}"#), Reject("api.assert.invalid_type")),
    ("restriction no index", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"collections": ["c1"]}]}]}}"#), Reject("api.assert.missing_argument")),
    ("restriction index null", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": null}]}]}}"#), Reject("api.assert.missing_argument")),
    ("restriction index empty string", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": ""}]}]}}"#), Accept(&["kuzzle/falsy-index"])),
    ("restriction index 0", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": 0}]}]}}"#), Accept(&["kuzzle/falsy-index"])),
    ("restriction index 42", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": 42}]}]}}"#), Accept(&["kuzzle/non-string-name"])),
    ("restriction index object", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": {"a": 1}}]}]}}"#), Accept(&["kuzzle/non-string-name"])),
    ("restriction index UPPER/invalid chars", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "My Index*"}]}]}}"#), Accept(&["kuzzle/invalid-name"])),
    ("collections string", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": "c1"}]}]}}"#), Reject("api.assert.invalid_type")),
    ("collections []", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": []}]}]}}"#), Accept(&["kuzzle/empty-collections"])),
    ("collections null", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": null}]}]}}"#), Accept(&["kuzzle/empty-collections"])),
    ("collections [1, null, {}]", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": [1, null, {}]}]}]}}"#), Accept(&["kuzzle/non-string-name", "kuzzle/non-string-name", "kuzzle/non-string-name"])),
    ("collections dup", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": ["c2", "c1", "c2"]}]}]}}"#), Accept(&["kuzzle/duplicate-collection"])),
    ("restriction extra key", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "foo": 1}]}]}}"#), Reject("api.assert.unexpected_argument")),
    ("restriction extra key + bad collections", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": "c1", "foo": 1}]}]}}"#), Reject("api.assert.invalid_type")),
    ("same index whole + collections", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx"}, {"index": "idx", "collections": ["c1"]}]}]}}"#), Accept(&["kuzzle/narrowed-whole-index"])),
    ("same index twice collections", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": ["c1"]}, {"index": "idx", "collections": ["c2"]}]}]}}"#), Clean),
    ("rateLimit 0", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1"}], "rateLimit": 0}}"#), Clean),
    ("rateLimit null", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1"}], "rateLimit": null}}"#), Accept(&["kuzzle/null-rate-limit"])),
    ("rateLimit -1", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1"}], "rateLimit": -1}}"#), Reject("api.assert.invalid_argument")),
    ("rateLimit 1.5", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1"}], "rateLimit": 1.5}}"#), Reject("api.assert.invalid_type")),
    ("rateLimit '10'", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1"}], "rateLimit": "10"}}"#), Reject("api.assert.invalid_type")),
    ("rateLimit 1e21", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1"}], "rateLimit": 1e+21}}"#), Clean),
    ("rateLimit -1 AND bad policy", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "foo": 1}], "rateLimit": -1}}"#), Reject("api.assert.invalid_argument")),
    ("unknown top-level key tags", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1"}], "tags": ["a"], "foo": {"bar": 1}}}"#), Accept(&["kuzzle/unknown-profile-key"])),
    ("top-level _id/_kuzzle_info in body", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1"}], "_id": "other", "_kuzzle_info": {"author": "mallory", "createdAt": 0}}}"#), Accept(&["kuzzle/ignored-body-key", "kuzzle/ignored-body-key"])),
    ("top-level optimizedPolicies in body", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1"}], "optimizedPolicies": [{"roleId": "admin"}]}}"#), Accept(&["kuzzle/ignored-body-key"])),
    ("strict: unknown index", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "strict": true, "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "nope"}]}]}}"#), Reject("services.storage.unknown_index")),
    ("strict: unknown collections", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "strict": true, "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": ["c1", "x", "y"]}]}]}}"#), Reject("services.storage.unknown_collection")),
    ("strict: known", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "strict": true, "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": ["c1"]}, {"index": "other"}]}]}}"#), Clean),
    ("strict: index 'IDX' case", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "strict": true, "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "IDX"}]}]}}"#), Reject("services.storage.unknown_index")),
    ("strict string 'true' (ws)", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "strict": "true", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "nope"}]}]}}"#), Reject("api.assert.invalid_type")),
    ("strict 1 (ws)", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "strict": 1, "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "nope"}]}]}}"#), Reject("api.assert.invalid_type")),
    ("strict 'false' over http (flag)", Input::Http("/profiles/p1?strict=false", r#"{"policies": [{"roleId": "r1", "restrictedTo": [{"index": "nope"}]}]}"#), Reject("services.storage.unknown_index")),
    ("force 'yes' (ignored?)", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "force": "yes", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "nope"}]}]}}"#), Accept(&["kuzzle/force-on-profile", "kuzzle/unknown-index"])),
    ("refresh=undefined", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1"}]}}"#), Clean),
    ("refresh=\"wait_for\"", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "refresh": "wait_for", "body": {"policies": [{"roleId": "r1"}]}}"#), Clean),
    ("refresh=\"false\"", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "refresh": "false", "body": {"policies": [{"roleId": "r1"}]}}"#), Clean),
    ("refresh=false", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "refresh": false, "body": {"policies": [{"roleId": "r1"}]}}"#), Clean),
    ("refresh=null", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "refresh": null, "body": {"policies": [{"roleId": "r1"}]}}"#), Clean),
    ("refresh=\"true\"", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "refresh": "true", "body": {"policies": [{"roleId": "r1"}]}}"#), Accept(&["kuzzle/refresh-value"])),
    ("refresh=true", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "refresh": true, "body": {"policies": [{"roleId": "r1"}]}}"#), Accept(&["kuzzle/refresh-value"])),
    ("refresh=\"\"", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "refresh": "", "body": {"policies": [{"roleId": "r1"}]}}"#), Accept(&["kuzzle/refresh-value"])),
    ("refresh=\"foo\"", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "refresh": "foo", "body": {"policies": [{"roleId": "r1"}]}}"#), Accept(&["kuzzle/refresh-value"])),
    ("refresh=1", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "refresh": 1, "body": {"policies": [{"roleId": "r1"}]}}"#), Accept(&["kuzzle/refresh-value"])),
];

/// Further probes, run through Kuzzle 2.56.0's own code the same way (not in Appendix A).
#[rustfmt::skip]
const MORE: &[(&str, Input, Expect)] = &[
    ("_routing in body", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1"}], "_routing": "x"}}"#), Reject("services.storage.no_routing")),
    ("updateProfile without policies", Input::Json(r#"{"controller": "security", "action": "updateProfile", "_id": "default", "body": {"rateLimit": 5}}"#), Clean),
    ("restrictedTo 0", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": 0}]}}"#), Accept(&["kuzzle/falsy-restricted-to"])),
    ("index false", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": false}]}]}}"#), Accept(&["kuzzle/falsy-index"])),
    ("index true", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": true}]}]}}"#), Accept(&["kuzzle/non-string-name"])),
    ("collections [\"\"]", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": [""]}]}]}}"#), Accept(&["kuzzle/non-string-name"])),
    ("roleId number", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": 123}]}}"#), Reject("security.role.not_found")),
    ("_id _search", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "_search", "body": {"policies": [{"roleId": "r1"}]}}"#), Reject("services.storage.search_as_an_id")),
    ("PUT /profiles/_mapping", Input::Http("/profiles/_mapping", r#"{"policies": [{"roleId": "r1"}]}"#), Reject("services.storage.invalid_mapping")),
    ("strict null (ws)", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "strict": null, "body": {"policies": [{"roleId": "r1", "restrictedTo": [{"index": "nope"}]}]}}"#), Accept(&["kuzzle/unknown-index"])),
    ("createProfile anonymous", Input::Json(r#"{"controller": "security", "action": "createProfile", "_id": "anonymous", "body": {"policies": [{"roleId": "anonymous"}]}}"#), Reject("services.storage.document_already_exists")),
    ("rateLimit 10.0", Input::Json(r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "body": {"policies": [{"roleId": "r1"}], "rateLimit": 10.0}}"#), Clean),
];

fn checker() -> Checker {
    let mut indexes = BTreeMap::new();
    indexes.insert(
        "idx".to_string(),
        BTreeSet::from(["c1".to_string(), "c2".to_string()]),
    );
    indexes.insert("other".to_string(), BTreeSet::new());
    let roles = ["admin", "default", "anonymous", "r1", "r2"].map(String::from);
    Checker::with_settings(Settings {
        inventory: Some(Arc::new(Inventory {
            indexes: Some(indexes),
            roles: Some(BTreeSet::from(roles)),
            ..Inventory::default()
        })),
        ..Settings::default()
    })
}

fn findings(checker: &Checker, input: &Input) -> Vec<Diagnostic> {
    let report = match input {
        Input::Json(text) => check_json_request(checker, "request.json", text),
        Input::Http(url, body) => check_request(checker, "PUT", url, "body.json", body),
    };
    report
        .reports()
        .into_iter()
        .flat_map(|r| r.diagnostics.iter().cloned())
        .collect()
}

#[test]
fn appendix_a_has_every_probe() {
    assert_eq!(TABLE.len(), 76);
}

#[test]
fn bodyguard_agrees_with_kuzzle_on_appendix_a() {
    agree(TABLE);
}

#[test]
fn bodyguard_agrees_with_kuzzle_on_further_probes() {
    agree(MORE);
}

fn agree(table: &[(&str, Input, Expect)]) {
    let checker = checker();
    let mut failures = Vec::new();
    for (label, input, expect) in table {
        let found = findings(&checker, input);
        let codes: Vec<&str> = found.iter().map(Diagnostic::code).collect();
        match expect {
            Reject(error_id) => {
                let named = found.iter().any(|d| {
                    d.severity == Severity::Error
                        && (d.help.as_deref().unwrap_or_default().contains(error_id)
                            || d.message.contains(error_id))
                });
                if !named {
                    failures.push(format!(
                        "{label}: Kuzzle rejects it with {error_id}; no error names it: {:?}",
                        found
                            .iter()
                            .map(|d| format!("{} {} ({:?})", d.code(), d.message, d.help))
                            .collect::<Vec<_>>()
                    ));
                }
            }
            Accept(expected) => {
                let mut got = codes.clone();
                got.sort_unstable();
                let mut want = expected.to_vec();
                want.sort_unstable();
                if got != want {
                    failures.push(format!("{label}: expected {want:?}, got {got:?}"));
                }
            }
            Clean => {
                if !codes.is_empty() {
                    failures.push(format!("{label}: expected no finding, got {codes:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
