//! JSON Pointers resolve in the file they name: keys as written (not as bodyguard renamed
//! them), and a JSON request's body under `/body`.

use bodyguard::unstable::request::kuzzle::check_json_request;
use bodyguard::{Checker, Kind, SourceFile};

fn resolve(text: &str, pointer: &str) -> bool {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    v.pointer(pointer).is_some()
}

#[test]
fn key_case_findings_point_at_the_key_as_written() {
    let text = r#"{"ConnectorName": "crm", "ConnectorType": "CRM", "ConnectorProperties": {"OrganizationId": 5, "organizationUrl": "https://x.crm.dynamics.com/", "entities": []}}"#;
    let report =
        Checker::new().check_source(SourceFile::new("c.json", text), Some(Kind::CiConnector));
    let got: Vec<(String, String)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code().to_string(), d.pointer.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("ci/key-case".to_string(), "/ConnectorName".to_string()),
            ("ci/key-case".to_string(), "/ConnectorType".to_string()),
            (
                "ci/key-case".to_string(),
                "/ConnectorProperties".to_string()
            ),
            (
                "ci/key-case".to_string(),
                "/ConnectorProperties/OrganizationId".to_string()
            ),
            (
                "schema/type".to_string(),
                "/ConnectorProperties/OrganizationId".to_string()
            ),
        ],
        "{got:#?}"
    );
    for (_, pointer) in &got {
        assert!(
            resolve(text, pointer),
            "{pointer} does not resolve in the file"
        );
    }
}

#[test]
fn json_request_findings_point_into_the_request_file() {
    let text = r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "p",
 "body": {"policies": [{"roleId": "r", "restrictedTo": [{"index": "Shop"}]}]}}"#;
    let report = check_json_request(&Checker::new(), "request.json", text);
    let body = report.body.expect("the body is checked");
    let pointers: Vec<&str> = body
        .diagnostics
        .iter()
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["/body/policies/0/restrictedTo/0/index"]);
    assert!(resolve(text, pointers[0]));
}
