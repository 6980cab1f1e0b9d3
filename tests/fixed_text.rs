//! `Report::fixed_text`: the fixes of a report applied to the text as written, never to the
//! masked text outputs show (whose stars would replace the secret values).

use bodyguard::{check_json_request, Checker, Kind};

const SECRET: &str = "DefaultEndpointsProtocol=https;AccountName=sales;AccountKey=c2VjcmV0LWtleQ==";

fn connector() -> String {
    format!(
        r#"{{
  "ConnectorName": "sales",
  "ConnectorType": "AzureBlob",
  "connectorProperties": {{
    "connectionString": "{SECRET}"
  }}
}}"#
    )
}

#[test]
fn fixes_apply_to_the_text_as_written() {
    let body = connector();
    let report = Checker::new().check(Kind::CiConnector, &body);
    // What outputs show is masked...
    assert!(!report.source.text().contains(SECRET));
    assert!(report.source.text().contains("*****"));
    // ...and the fixed text keeps the secret as written.
    let fixed = report.fixed_text().expect("key-case fixes apply");
    assert!(
        fixed.contains(&format!(r#""connectionString": "{SECRET}""#)),
        "{fixed}"
    );
    assert!(fixed.contains(r#""connectorName": "sales""#), "{fixed}");
    assert!(fixed.contains(r#""connectorType": "AzureBlob""#), "{fixed}");
    assert!(!fixed.contains('*'), "{fixed}");
    // Fixed, the body has no fixable finding left.
    let again = Checker::new().check(Kind::CiConnector, &fixed);
    assert_eq!(again.fixed_text(), None);
    assert!(again.diagnostics.iter().all(|d| d.code() != "ci/key-case"));
}

#[test]
fn a_report_without_safe_fixes_offers_no_text() {
    let report = Checker::new().check(Kind::KuzzleProfile, r#"{"policies": []}"#);
    assert_eq!(report.fixed_text(), None);
}

#[test]
fn a_json_request_body_is_fixed_in_the_request_file() {
    let text = format!(
        r#"{{"controller": "security", "action": "createOrReplaceProfile", "_id": "p1", "jwt": "{SECRET}",
  "body": {{"$schema": "https://example.com/profile.json", "policies": [{{"roleId": "default"}}]}}}}"#
    );
    let checked = check_json_request(&Checker::new(), "request.json", &text);
    let body = checked.body.expect("the body is checked");
    assert!(!body.source.text().contains(SECRET));
    let fixed = body.fixed_text().expect("the `$schema` member is removed");
    assert!(!fixed.contains("$schema"), "{fixed}");
    assert!(fixed.contains(SECRET), "{fixed}");
    assert!(fixed.starts_with(r#"{"controller": "security""#), "{fixed}");
}
