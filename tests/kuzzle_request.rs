//! Request-level checks for Kuzzle: routes, `_id`, `refresh`, `strict`, `force`, the JSON
//! request form, and the body rules that need the request `_id`.

use bodyguard::unstable::request::kuzzle::{check_json_request, recognize};
use bodyguard::unstable::request::{check_request, RequestLine};
use bodyguard::{Checker, Kind, Report, Severity};

/// `(code, severity, line, column)` of every finding.
fn found(report: &Report) -> Vec<(String, Severity, usize, usize)> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let lc = report
                .source
                .line_col(d.span.expect("located").start as usize);
            (d.code().to_string(), d.severity, lc.line, lc.column)
        })
        .collect()
}

fn f(
    code: &str,
    severity: Severity,
    line: usize,
    column: usize,
) -> (String, Severity, usize, usize) {
    (code.to_string(), severity, line, column)
}

const BODY: &str = r#"{"policies": [{"roleId": "editor"}]}"#;

#[test]
fn routes_are_recognised() {
    let cases = [
        (
            "PUT",
            "/profiles/p1",
            Kind::KuzzleProfile,
            "createOrReplaceProfile",
        ),
        (
            "POST",
            "/profiles/p1/_create",
            Kind::KuzzleProfile,
            "createProfile",
        ),
        (
            "PUT",
            "/profiles/p1/_update",
            Kind::KuzzleProfile,
            "updateProfile",
        ),
        (
            "PUT",
            "http://localhost:7512/roles/r1",
            Kind::KuzzleRole,
            "createOrReplaceRole",
        ),
        ("POST", "/roles/r1/_create", Kind::KuzzleRole, "createRole"),
        ("PUT", "/roles/r1/_update", Kind::KuzzleRole, "updateRole"),
    ];
    for (method, url, kind, action) in cases {
        let r = recognize(&RequestLine::parse(method, url)).expect(url);
        assert_eq!((r.kind, r.info.action.as_str()), (kind, action), "{url}");
        assert!(r.diagnostics.is_empty(), "{url}: {:?}", r.diagnostics);
    }
    assert!(recognize(&RequestLine::parse("POST", "/profiles/_search")).is_none());
    assert!(recognize(&RequestLine::parse("GET", "/profiles/p1")).is_none());
    let r = recognize(&RequestLine::parse("PUT", "/profiles/a%2Fb")).unwrap();
    assert_eq!(r.info.name.as_deref(), Some("a/b"));
}

#[test]
fn clean_request() {
    let c = Checker::new();
    let r = check_request(
        &c,
        "PUT",
        "/profiles/editor?refresh=wait_for&strict",
        "b.json",
        BODY,
    );
    assert!(r.request.is_clean(), "{:?}", found(&r.request));
    assert!(r.body.unwrap().is_clean());
    let r = check_request(&c, "PUT", "/profiles/editor?refresh=false", "b.json", BODY);
    assert!(r.request.is_clean());
}

#[test]
fn refresh_force_and_strict_on_the_request_line() {
    let c = Checker::new();
    // columns:          1234567890123456789012345678901234567890
    let r = check_request(
        &c,
        "PUT",
        "/profiles/p1?refresh=true&force&strict=false",
        "b.json",
        BODY,
    );
    assert_eq!(
        found(&r.request),
        [
            f("kuzzle/refresh-value", Severity::Warning, 1, 18),
            f("kuzzle/force-on-profile", Severity::Warning, 1, 31),
            f("kuzzle/flag-value", Severity::Warning, 1, 37),
        ]
    );
    let help = r.request.diagnostics[1].help.as_deref().unwrap();
    assert!(help.contains("`strict`"), "{help}");
    // A bare `?refresh` is "" and means wait_for.
    let r = check_request(&c, "PUT", "/profiles/p1?refresh", "b.json", BODY);
    assert_eq!(
        found(&r.request),
        [f("kuzzle/refresh-value", Severity::Warning, 1, 18)]
    );
    // `force` on a role is real; `force=false` still forces.
    let role = r#"{"controllers": {"document": {"actions": {"get": true}}}}"#;
    let r = check_request(&c, "PUT", "/roles/r1?force=false", "r.json", role);
    assert_eq!(
        found(&r.request),
        [f("kuzzle/flag-value", Severity::Warning, 1, 15)]
    );
}

#[test]
fn invalid_ids() {
    let c = Checker::new();
    for (url, col) in [
        ("/profiles/_search", 15),
        ("/profiles/_mapping", 15),
        ("/roles/_search/_update", 12),
    ] {
        let r = check_request(&c, "PUT", url, "b.json", BODY);
        assert_eq!(
            found(&r.request),
            [f("kuzzle/invalid-id", Severity::Error, 1, col)],
            "{url}"
        );
    }
    let long = format!("/profiles/{}", "x".repeat(513));
    let r = check_request(&c, "PUT", &long, "b.json", BODY);
    assert_eq!(
        found(&r.request),
        [f("kuzzle/invalid-id", Severity::Error, 1, 15)]
    );
    let ok = format!("/profiles/{}", "x".repeat(512));
    assert!(check_request(&c, "PUT", &ok, "b.json", BODY)
        .request
        .is_clean());
    // `_mapping` says which action the route really is.
    let r = check_request(&c, "PUT", "/profiles/_mapping", "b.json", BODY);
    assert!(r.request.diagnostics[0]
        .message
        .contains("updateProfileMapping"));
    // A leading underscore is fine.
    assert!(check_request(&c, "PUT", "/profiles/_foo", "b.json", BODY)
        .request
        .is_clean());
    // An empty id: `POST /profiles//_create` is createProfile without an id, and
    // `PUT /profiles//_create` is no route at all (not `PUT /profiles/_create`).
    let r = check_request(&c, "POST", "/profiles//_create", "b.json", BODY);
    assert_eq!(
        found(&r.request),
        [f("kuzzle/invalid-id", Severity::Error, 1, 16)]
    );
    let r = check_request(&c, "PUT", "/profiles//_create", "b.json", BODY);
    assert_eq!(
        found(&r.request),
        [f("request/unknown-route", Severity::Error, 1, 1)]
    );
    // A trailing slash is no segment.
    assert!(check_request(&c, "PUT", "/profiles/p1/", "b.json", BODY)
        .request
        .is_clean());
}

#[test]
fn create_on_builtin_ids() {
    let c = Checker::new();
    let r = check_request(
        &c,
        "POST",
        "/profiles/anonymous/_create",
        "b.json",
        r#"{"policies": [{"roleId": "anonymous"}]}"#,
    );
    assert_eq!(
        found(&r.request),
        [f("kuzzle/create-builtin", Severity::Error, 1, 16)]
    );
    assert!(r.request.diagnostics[0]
        .help
        .as_deref()
        .unwrap()
        .contains("services.storage.document_already_exists"));
    let role = r#"{"controllers": {"*": {"actions": {"*": true}}}}"#;
    let r = check_request(&c, "POST", "/roles/admin/_create", "r.json", role);
    assert_eq!(
        found(&r.request),
        [f("kuzzle/create-builtin", Severity::Error, 1, 13)]
    );
    assert!(check_request(&c, "PUT", "/roles/admin", "r.json", role)
        .request
        .is_clean());
    assert!(
        check_request(&c, "POST", "/roles/admins/_create", "r.json", role)
            .request
            .is_clean()
    );
    let r = check_json_request(
        &c,
        "r.json",
        r#"{"controller": "security", "action": "createProfile", "_id": "default", "body": {"policies": [{"roleId": "default"}]}}"#,
    );
    assert_eq!(
        found(&r.request),
        [f("kuzzle/create-builtin", Severity::Error, 1, 62)]
    );
}

#[test]
fn anonymous_profile_needs_the_anonymous_role() {
    let c = Checker::new();
    let body = "{\n  \"policies\": [{\"roleId\": \"guest\"}]\n}";
    let r = check_request(&c, "PUT", "/profiles/anonymous", "anon.json", body);
    let body_report = r.body.unwrap();
    assert_eq!(
        found(&body_report),
        [f("kuzzle/anonymous-role-missing", Severity::Error, 2, 3)]
    );
    assert!(body_report.diagnostics[0]
        .help
        .as_deref()
        .unwrap()
        .contains("security.profile.missing_anonymous_role"));
    let ok = "{\"policies\": [{\"roleId\": \"anonymous\"}, {\"roleId\": \"guest\"}]}";
    assert!(
        check_request(&c, "PUT", "/profiles/anonymous", "a.json", ok)
            .body
            .unwrap()
            .is_clean()
    );
    // Another id: no finding; `Anonymous` is another profile.
    assert!(
        check_request(&c, "PUT", "/profiles/Anonymous", "a.json", body)
            .body
            .unwrap()
            .is_clean()
    );
}

#[test]
fn update_profile_does_not_require_policies() {
    let c = Checker::new();
    let r = check_request(
        &c,
        "PUT",
        "/profiles/p1/_update",
        "u.json",
        r#"{"rateLimit": 5}"#,
    );
    assert!(r.body.unwrap().is_clean());
    let r = check_request(&c, "PUT", "/profiles/p1", "u.json", r#"{"rateLimit": 5}"#);
    assert_eq!(r.body.unwrap().diagnostics[0].code(), "schema/required");
}

const JSON_REQUEST: &str = r#"{
  "controller": "security",
  "action": "createOrReplaceProfile",
  "_id": 42,
  "refresh": true,
  "strict": "true",
  "force": true,
  "body": {
    "policies": [{"roleId": "editor", "restrictedTo": []}]
  }
}
"#;

#[test]
fn json_request_arguments_and_body_share_one_file() {
    let c = Checker::new();
    let r = check_json_request(&c, "req.json", JSON_REQUEST);
    assert_eq!(
        found(&r.request),
        [
            f("kuzzle/invalid-id", Severity::Error, 4, 10),
            f("kuzzle/refresh-value", Severity::Warning, 5, 14),
            f("kuzzle/flag-not-boolean", Severity::Error, 6, 13),
            f("kuzzle/force-on-profile", Severity::Warning, 7, 3),
        ]
    );
    assert!(r.request.diagnostics[0]
        .help
        .as_deref()
        .unwrap()
        .contains("api.assert.invalid_type"));
    assert!(r.request.diagnostics[2]
        .help
        .as_deref()
        .unwrap()
        .contains("api.assert.invalid_type"));
    let body = r.body.unwrap();
    assert_eq!(
        found(&body),
        [f("kuzzle/empty-restricted-to", Severity::Error, 9, 55)]
    );
    // Code frames show the real file.
    assert_eq!(body.source.text(), JSON_REQUEST);
}

#[test]
fn json_request_ids_and_missing_body() {
    let c = Checker::new();
    let r = check_json_request(
        &c,
        "r.json",
        r#"{"controller": "security", "action": "createProfile", "_id": ""}"#,
    );
    assert_eq!(
        found(&r.request),
        [
            f("kuzzle/missing-body", Severity::Error, 1, 1),
            f("kuzzle/invalid-id", Severity::Error, 1, 62),
        ]
    );
    assert!(r.request.diagnostics[0]
        .help
        .as_deref()
        .unwrap()
        .contains("api.assert.body_required"));
    assert!(r.request.diagnostics[1]
        .help
        .as_deref()
        .unwrap()
        .contains("api.assert.missing_argument"));
    let r = check_json_request(
        &c,
        "r.json",
        r#"{"controller": "security", "action": "createProfile", "body": {"policies": [{"roleId": "a"}]}}"#,
    );
    assert_eq!(
        found(&r.request),
        [f("kuzzle/invalid-id", Severity::Error, 1, 1)]
    );
    assert!(r.body.unwrap().is_clean());
    // `_mapping` is only taken by a route over HTTP; a JSON request may use it.
    let r = check_json_request(
        &c,
        "r.json",
        r#"{"controller": "security", "action": "createProfile", "_id": "_mapping", "body": {"policies": [{"roleId": "a"}]}}"#,
    );
    assert!(r.request.is_clean(), "{:?}", found(&r.request));
    // Not an object, starting with a multi-byte character: no panic, one finding.
    let r = check_json_request(&c, "r.json", "\"é\"");
    assert_eq!(
        found(&r.request),
        [f("request/unknown-route", Severity::Error, 1, 1)]
    );
    // An anonymous profile through the JSON form.
    let r = check_json_request(
        &c,
        "r.json",
        r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "anonymous", "body": {"policies": []}}"#,
    );
    let codes: Vec<String> = found(&r.body.unwrap()).into_iter().map(|x| x.0).collect();
    assert_eq!(
        codes,
        ["kuzzle/anonymous-role-missing", "kuzzle/empty-policies"]
    );
}

#[test]
fn json_request_for_a_role_and_unknown_actions() {
    let c = Checker::new();
    let role = r#"{"controller": "security", "action": "createOrReplaceRole", "_id": "r", "force": 1,
  "body": {"controllers": {"*": {"actions": {"*": true}}}}}"#;
    let r = check_json_request(&c, "r.json", role);
    assert_eq!(r.request.kind, Some(Kind::KuzzleRole));
    assert_eq!(
        found(&r.request),
        [f("kuzzle/flag-not-boolean", Severity::Error, 1, 82)]
    );
    let r = check_json_request(
        &c,
        "r.json",
        r#"{"controller": "document", "action": "create", "body": {}}"#,
    );
    assert_eq!(
        found(&r.request),
        [f("request/unknown-route", Severity::Error, 1, 38)]
    );
    assert!(r.body.is_none());
}

mod cli {
    use std::path::PathBuf;
    use std::process::Command;

    fn temp(name: &str, text: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("bodyguard-kuzzle-request-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn run(args: &[&str]) -> (i32, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    }

    #[test]
    fn request_command_exit_codes() {
        let good = temp("good.json", r#"{"policies": [{"roleId": "editor"}]}"#);
        let bad = temp(
            "bad.json",
            r#"{"policies": [{"roleId": "editor", "restrictedTo": []}]}"#,
        );
        let (code, out) = run(&[
            "request",
            "PUT",
            "/profiles/editor?refresh=wait_for",
            "--body",
            good.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{out}");
        // The request line and its body are one request.
        assert!(
            out.contains("All checks passed (1 request checked)."),
            "{out}"
        );
        // Warnings only: exit 0 at the default fail level, 1 with --fail-level warning.
        let (code, out) = run(&[
            "request",
            "PUT",
            "/profiles/editor?force",
            "--body",
            good.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("kuzzle/force-on-profile"), "{out}");
        assert!(
            out.contains("Found 1 warning (1 request checked)."),
            "{out}"
        );
        let (code, _) = run(&[
            "request",
            "PUT",
            "/profiles/editor?force",
            "--body",
            good.to_str().unwrap(),
            "--fail-level",
            "warning",
        ]);
        assert_eq!(code, 1);
        let (code, out) = run(&[
            "request",
            "PUT",
            "/profiles/editor",
            "--body",
            bad.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(code, 1);
        assert!(out.contains("\"kuzzle/empty-restricted-to\""), "{out}");
        let (code, _) = run(&[
            "request",
            "PUT",
            "/profiles/editor",
            "--body",
            "/nonexistent/body.json",
        ]);
        assert_eq!(code, 2);
        let (code, _) = run(&["request", "PUT", "/profiles/editor"]);
        assert_eq!(code, 2);
    }

    #[test]
    fn json_request_command() {
        let req = temp(
            "req.json",
            r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "anonymous", "body": {"policies": [{"roleId": "guest"}]}}"#,
        );
        let (code, out) = run(&["request", "--json-request", req.to_str().unwrap()]);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("kuzzle/anonymous-role-missing"), "{out}");
    }

    #[test]
    fn explain_access_command() {
        let p = temp(
            "access.json",
            r#"{"policies": [{"roleId": "r1", "restrictedTo": []}, {"roleId": "r2", "restrictedTo": [{"index": "idx"}, {"index": "idx", "collections": ["c2", "c1", "c2"]}]}]}"#,
        );
        let (code, out) = run(&["explain-access", p.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("policy 0 (role `r1`): UNRESTRICTED"), "{out}");
        assert!(out.contains("    idx: c1, c2\n"), "{out}");
        assert!(out.contains("narrowed"), "{out}");
        let (code, out) = run(&["explain-access", p.to_str().unwrap(), "--format", "json"]);
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            v["profiles"][0]["policies"][1]["restricted_to"][0]["collections"],
            serde_json::json!([{"name": "c1", "note": null}, {"name": "c2", "note": null}])
        );
        let (code, _) = run(&["explain-access", "/nonexistent.json"]);
        assert_eq!(code, 2);
    }
}

#[test]
fn odd_inputs_never_panic() {
    let c = Checker::new();
    let bodies = [
        "",
        "\u{feff}{}",
        "[",
        "null",
        "\"é\"",
        "{\"controller\": 1, \"action\": []}",
        "{\"controller\": \"security\", \"action\": \"createOrReplaceProfile\", \"_id\": \"é\", \"body\": \"x\"}",
        "{\"controller\": \"security\", \"action\": \"updateProfile\", \"_id\": \"p\", \"body\": {\"policies\": [[], null, 1, {\"restrictedTo\": [[], null, {\"index\": []}]}]}}",
        "{\"controller\": \"admin\", \"action\": \"loadSecurities\", \"body\": {\"profiles\": {}}}",
    ];
    for b in bodies {
        let _ = check_json_request(&c, "odd.json", b);
        let _ = check_json_request(&c, "odd.jsonc", b);
        let _ = check_request(&c, "PUT", "/profiles/%ff%", "odd.json", b);
    }
    for url in [
        "",
        "/",
        "//profiles//x",
        "/profiles/é?refresh=é&strict=é&force",
        "?",
        "http://",
        "PUT",
    ] {
        let _ = check_request(&c, "PUT", url, "b.json", BODY);
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let _ = check_json_request(&c, "deep.json", &deep);
}

#[test]
fn rule_supersedes_schema_finding_after_parse_findings() {
    // The duplicate key is reported before the schema pass; the schema finding on
    // `restrictedTo: null` must still give way to the rule that explains it.
    let c = Checker::new();
    let r = c.check(
        Kind::KuzzleProfile,
        r#"{"tags": [], "tags": [], "policies": [{"roleId": "r1", "restrictedTo": null}]}"#,
    );
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["json/duplicate-key", "kuzzle/falsy-restricted-to"]);
}

/// `kuzzle/securities-on-existing-users`: failing and passing requests, located.
#[test]
fn on_existing_users_takes_three_values() {
    let c = Checker::new();
    let fail = "{\"controller\": \"admin\", \"action\": \"loadSecurities\",\n  \"onExistingUsers\": \"replace\",\n  \"body\": {\"users\": {}}}";
    let r = check_json_request(&c, "load.json", fail);
    assert_eq!(
        found(&r.request),
        [f(
            "kuzzle/securities-on-existing-users",
            Severity::Error,
            2,
            22
        )]
    );
    let help = r.request.diagnostics[0].help.as_deref().unwrap();
    assert!(help.contains("`overwrite`"), "{help}");
    // Another case gets the right spelling.
    let r = check_json_request(&c, "load.json", &fail.replace("replace", "Skip"));
    let help = r.request.diagnostics[0].help.as_deref().unwrap();
    assert!(help.starts_with("write `skip`"), "{help}");
    // The three values, and no argument at all, pass.
    for pass in ["\"fail\"", "\"skip\"", "\"overwrite\""] {
        let r = check_json_request(&c, "load.json", &fail.replace("\"replace\"", pass));
        assert!(r.request.is_clean(), "{pass}: {:?}", r.request.diagnostics);
    }
    let none =
        "{\"controller\": \"admin\", \"action\": \"loadSecurities\", \"body\": {\"users\": {}}}";
    assert!(check_json_request(&c, "load.json", none).request.is_clean());
}

/// The rule fires exactly for the values Kuzzle 2.56.0 rejects once a user exists
/// (`tests/data/kuzzle-oracle/on-existing-users.json`, recorded from Kuzzle's own loader).
#[test]
fn on_existing_users_agrees_with_kuzzle() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/kuzzle-oracle/on-existing-users.json"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let c = Checker::new();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 6);
    for case in cases.iter().filter(|case| case["user_exists"] == true) {
        let value = &case["onExistingUsers"];
        let text = format!(
            r#"{{"controller": "admin", "action": "loadSecurities", "onExistingUsers": {value}, "body": {{"users": {{"admin": {{"content": {{"profileIds": ["admin"]}}}}}}}}}}"#
        );
        let r = check_json_request(&c, "load.json", &text);
        let fires = r
            .request
            .diagnostics
            .iter()
            .any(|d| d.code() == "kuzzle/securities-on-existing-users");
        assert_eq!(fires, case["accepted"] == false, "{}", case["label"]);
    }
    // An invalid value passes silently while no user exists: what the rule is for.
    assert!(cases.iter().any(|case| case["user_exists"] == false
        && case["accepted"] == true
        && case["onExistingUsers"] == "replace"));
}
