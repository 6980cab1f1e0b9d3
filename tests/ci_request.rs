//! Customer Insights requests: route recognition, the request line, and body rules that
//! need the URL (`ci/name-mismatch`, `ci/body-form`).

use bodyguard::unstable::request::RequestReport;
use bodyguard::{check_request, Checker, Kind, Report, Severity};

const HUB: &str = "https://contoso.api.azurecustomerinsights.com";
const ARM: &str = "https://management.azure.com/subscriptions/0000-1111/resourceGroups/rg1/providers/Microsoft.CustomerInsights/hubs/contoso";

const PROFILE: &str = r#"{
  "apiEntitySetName": "Contacts",
  "strongIds": [{"strongIdName": "ContactKey", "keyPropertyNames": ["ContactId"]}],
  "fields": [{"fieldName": "ContactId", "fieldType": "Edm.String"}]
}"#;

const CONNECTOR: &str = r#"{
  "connectorType": "AzureBlob",
  "connectorProperties": {"connectionKeyVaultUrl": "https://contoso-vault.vault.azure.net/secrets/blob"}
}"#;

/// (code, severity, line, column) of every finding of a report.
fn findings(report: &Report) -> Vec<(String, Severity, usize, usize)> {
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

fn check(method: &str, url: &str, body: &str) -> RequestReport {
    check_request(&Checker::new(), method, url, "body.json", body)
}

fn f(
    code: &str,
    severity: Severity,
    line: usize,
    column: usize,
) -> (String, Severity, usize, usize) {
    (code.to_string(), severity, line, column)
}

/// 1-based column of `needle` in the request line `METHOD URL`.
fn col(method: &str, url: &str, needle: &str) -> usize {
    format!("{method} {url}")
        .find(needle)
        .expect("needle in line")
        + 1
}

#[test]
fn hub_and_arm_routes_are_recognised_and_clean() {
    for (url, body, kind) in [
        (
            format!("{HUB}/manage/model/profiles/Contact?api-version=2017-04-26&locale=en-us"),
            PROFILE.to_string(),
            Kind::CiProfileType,
        ),
        (
            format!("{HUB}/manage/connectors/blob1?api-version=2017-04-26"),
            CONNECTOR.to_string(),
            Kind::CiConnector,
        ),
        (
            format!("{ARM}/profiles/Contact?api-version=2017-04-26"),
            format!("{{\"properties\": {PROFILE}}}"),
            Kind::CiProfileType,
        ),
        (
            format!("{ARM}/connectors/blob1?api-version=2017-04-26"),
            format!("{{\"properties\": {CONNECTOR}}}"),
            Kind::CiConnector,
        ),
        (
            "/manage/model/profiles/Contact?api-version=2017-04-26".to_string(),
            PROFILE.to_string(),
            Kind::CiProfileType,
        ),
    ] {
        let r = check("PUT", &url, &body);
        assert_eq!(r.request.kind, Some(kind), "{url}");
        assert_eq!(findings(&r.request), [], "{url}");
        let body = r.body.expect("body checked");
        assert_eq!(body.kind, Some(kind));
        assert_eq!(findings(&body), [], "{url}");
    }
}

#[test]
fn unknown_paths_are_not_customer_insights_routes() {
    for url in [
        format!("{HUB}/manage/model/interactions/Buy?api-version=2017-04-26"),
        format!("{HUB}/manage/connectors/blob1/mappings/m1?api-version=2017-04-26"),
        format!("{ARM}/kpi/k1?api-version=2017-04-26"),
    ] {
        let r = check("PUT", &url, "{}");
        assert!(r.body.is_none(), "{url}");
        assert_eq!(r.request.diagnostics[0].code(), "request/unknown-route");
    }
}

#[test]
fn invalid_names_in_the_url() {
    for (name, why) in [
        ("contact-v2", "`-` is not allowed"),
        ("1contact", "must start with a letter"),
        ("c", "at least 2 characters"),
    ] {
        let url = format!("{HUB}/manage/model/profiles/{name}?api-version=2017-04-26");
        let r = check("PUT", &url, PROFILE);
        assert_eq!(
            findings(&r.request),
            [f(
                "ci/invalid-name",
                Severity::Error,
                1,
                col("PUT", &url, &format!("/{name}?")) + 1
            )]
        );
        assert!(
            r.request.diagnostics[0].message.contains(why),
            "{}",
            r.request.diagnostics[0].message
        );
    }
    let long = "a".repeat(129);
    let url = format!("{ARM}/connectors/{long}?api-version=2017-04-26");
    let r = check("PUT", &url, &format!("{{\"properties\": {CONNECTOR}}}"));
    assert_eq!(r.request.diagnostics[0].code(), "ci/invalid-name");
    let ok = format!(
        "{ARM}/connectors/{}?api-version=2017-04-26",
        "a".repeat(128)
    );
    assert_eq!(
        findings(&check("PUT", &ok, &format!("{{\"properties\": {CONNECTOR}}}")).request),
        []
    );
}

#[test]
fn api_version_missing_or_other() {
    let url = format!("{HUB}/manage/connectors/blob1");
    let r = check("PUT", &url, CONNECTOR);
    assert_eq!(
        findings(&r.request),
        [f("ci/missing-api-version", Severity::Error, 1, 5)]
    );

    let url = format!("{HUB}/manage/connectors/blob1?api-version=2017-01-01");
    let r = check("PUT", &url, CONNECTOR);
    assert_eq!(
        findings(&r.request),
        [f(
            "ci/api-version",
            Severity::Warning,
            1,
            col("PUT", &url, "api-version=")
        )]
    );
}

#[test]
fn method_must_be_put() {
    let url = format!("{HUB}/manage/model/profiles/Contact?api-version=2017-04-26");
    let r = check("post", &url, PROFILE);
    assert_eq!(
        findings(&r.request),
        [f("ci/method", Severity::Error, 1, 1)]
    );
}

#[test]
fn locale_parameter_of_hub_profile_puts() {
    let base = format!("{HUB}/manage/model/profiles/Contact?api-version=2017-04-26&locale=");
    for ok in ["en-us", "fr-ca", "zh-hant-tw"] {
        let r = check("PUT", &format!("{base}{ok}"), PROFILE);
        assert_eq!(findings(&r.request), [], "{ok}");
    }
    let at = col("PUT", &base, "locale=") + "locale=".len();
    for (bad, code, severity) in [
        ("en_us", "ci/invalid-locale", Severity::Error),
        ("english", "ci/invalid-locale", Severity::Error),
        ("e", "ci/invalid-locale", Severity::Error),
        ("xx-zz", "ci/invalid-locale", Severity::Error),
        ("en-zz", "ci/invalid-locale", Severity::Error),
        ("en-US", "ci/locale-case", Severity::Warning),
    ] {
        let r = check("PUT", &format!("{base}{bad}"), PROFILE);
        assert_eq!(findings(&r.request), [f(code, severity, 1, at)], "{bad}");
    }
    let r = check("PUT", &format!("{base}en_us"), PROFILE);
    assert_eq!(
        r.request.diagnostics[0].help.as_deref(),
        Some("use `-` between subtags: `en-us`")
    );
    let r = check("PUT", &format!("{base}en-US"), PROFILE);
    let fix = r.request.diagnostics[0].fix.as_ref().expect("fix");
    assert_eq!(fix.edits[0].replacement, "en-us");
}

#[test]
fn locale_where_the_route_takes_none() {
    let url = format!("{ARM}/profiles/Contact?api-version=2017-04-26&locale-code=en-us");
    let r = check("PUT", &url, &format!("{{\"properties\": {PROFILE}}}"));
    assert_eq!(
        findings(&r.request),
        [f(
            "ci/query-parameter",
            Severity::Warning,
            1,
            col("PUT", &url, "locale-code")
        )]
    );
    assert!(r.request.diagnostics[0].message.contains("not on PUT"));

    let url = format!("{HUB}/manage/connectors/blob1?api-version=2017-04-26&locale=en-us");
    let r = check("PUT", &url, CONNECTOR);
    assert_eq!(
        findings(&r.request),
        [f(
            "ci/query-parameter",
            Severity::Warning,
            1,
            col("PUT", &url, "locale")
        )]
    );

    let url = format!("{HUB}/manage/model/profiles/Contact?api-version=2017-04-26&lcoale=en-us");
    let r = check("PUT", &url, PROFILE);
    assert_eq!(r.request.diagnostics[0].code(), "ci/query-parameter");
    assert_eq!(
        r.request.diagnostics[0].help.as_deref(),
        Some("did you mean `locale`?")
    );
}

#[test]
fn body_names_must_match_the_url() {
    let url = format!("{HUB}/manage/model/profiles/Contact?api-version=2017-04-26");
    let body = PROFILE.replacen('{', "{\n  \"typeName\": \"Customer\",", 1);
    let r = check("PUT", &url, &body);
    assert_eq!(findings(&r.request), []);
    assert_eq!(
        findings(r.body.as_ref().unwrap()),
        [f("ci/name-mismatch", Severity::Error, 2, 15)]
    );

    let body = PROFILE.replacen('{', "{\n  \"typeName\": \"contact\",", 1);
    let r = check("PUT", &url, &body);
    let d = &r.body.as_ref().unwrap().diagnostics[0];
    assert_eq!(d.code(), "ci/name-mismatch");
    assert!(d.message.contains("only by case"), "{}", d.message);

    let url = format!("{ARM}/connectors/blob1?api-version=2017-04-26");
    let body = format!(
        "{{\"properties\": {}}}",
        CONNECTOR.replacen('{', "{\n  \"connectorName\": \"blob2\",", 1)
    );
    let r = check("PUT", &url, &body);
    assert_eq!(
        findings(r.body.as_ref().unwrap()),
        [f("ci/name-mismatch", Severity::Error, 2, 20)]
    );

    let body = format!(
        "{{\"properties\": {}}}",
        CONNECTOR.replacen('{', "{\n  \"connectorName\": \"blob1\",", 1)
    );
    assert_eq!(
        findings(check("PUT", &url, &body).body.as_ref().unwrap()),
        []
    );
}

#[test]
fn body_form_must_fit_the_route() {
    let url = format!("{HUB}/manage/model/profiles/Contact?api-version=2017-04-26");
    let r = check("PUT", &url, &format!("{{\"properties\": {PROFILE}}}"));
    assert_eq!(
        findings(r.body.as_ref().unwrap()),
        [f("ci/body-form", Severity::Error, 1, 2)]
    );

    let url = format!("{ARM}/connectors/blob1?api-version=2017-04-26");
    let r = check("PUT", &url, CONNECTOR);
    assert_eq!(
        findings(r.body.as_ref().unwrap()),
        [f("ci/body-form", Severity::Error, 1, 1)]
    );
}

#[test]
fn request_findings_follow_the_settings() {
    let checker = Checker::with_settings(bodyguard::Settings {
        select: Some(vec!["ci/method".into()]),
        ..Default::default()
    });
    let url = format!("{HUB}/manage/connectors/blob-1");
    let r = check_request(&checker, "POST", &url, "body.json", CONNECTOR);
    assert_eq!(
        findings(&r.request),
        [f("ci/method", Severity::Error, 1, 1)]
    );
}
