//! No output of bodyguard ever prints a secret value found in a body: not the messages, not
//! the code frames, in no format, through the library or the command line.
//!
//! To cover a new output format, add it to `FORMATS` and to `render_library`.

use bodyguard::unstable::render::human::HumanOptions;
use bodyguard::{Checker, Report, SourceFile};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every `--format` of `bodyguard check`.
const FORMATS: &[&str] = &["human", "json"];

/// Render `reports` as `format` through the library.
fn render_library(format: &str, reports: &[Report]) -> String {
    match format {
        "human" => reports
            .iter()
            .map(|r| {
                bodyguard::unstable::render::human::render(
                    r,
                    HumanOptions {
                        color: false,
                        width: 200,
                    },
                )
            })
            .collect(),
        "json" => bodyguard::unstable::render::json::render(reports),
        other => panic!("no library renderer for format {other}"),
    }
}

/// Bodies holding credentials (storage key, CRM password, access token, SAS signature).
fn secret_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules/ci");
    let files: Vec<PathBuf> = [
        "secret/fail-account-key.json",
        "secret/fail-crm-password.json",
        "secret/fail-sas.json",
        "key-vault-url/fail-connection-string.json",
    ]
    .iter()
    .map(|f| root.join(f))
    .collect();
    for f in &files {
        assert!(f.exists(), "{}", f.display());
    }
    files
}

/// The secret values of a file (as found by `bodyguard::unstable::secrets`), plus the distinctive
/// parts of the fixtures' credentials, which must never be printed.
fn secrets_of(text: &str) -> Vec<String> {
    let mut diags = Vec::new();
    let doc = bodyguard::unstable::parse::parse(
        text,
        bodyguard::unstable::parse::Syntax::Json,
        &mut diags,
    );
    let mut values: Vec<String> = bodyguard::unstable::secrets::find(doc.root().expect("json"))
        .iter()
        .map(|s| text[s.span.range()].to_string())
        .collect();
    assert!(!values.is_empty(), "fixture without secrets");
    for part in [
        "c2VjcmV0LWtleS1ub3QtcmVhbA",
        "Hunter2-not-real",
        "eyJ0eXAiOiJKV1Qi",
        "bm90LWEtcmVhbC1zaWduYXR1cmU",
    ] {
        if text.contains(part) {
            values.push(part.to_string());
        }
    }
    values
}

fn assert_no_secret(output: &str, secrets: &[String], what: &str) {
    for s in secrets {
        assert!(
            !output.contains(s.as_str()),
            "{what} prints a secret value:\n{output}"
        );
    }
}

#[test]
fn library_outputs_never_print_secrets() {
    let checker = Checker::new();
    for path in secret_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let secrets = secrets_of(&text);
        let report = checker.check_source(
            SourceFile::new(path.display().to_string(), text.clone()),
            None,
        );
        assert!(
            report.diagnostics.iter().any(|d| d.code() == "ci/secret"),
            "{}: {:?}",
            path.display(),
            report.diagnostics
        );
        for d in &report.diagnostics {
            let all = format!("{} {:?} {:?} {:?}", d.message, d.help, d.label, d.labels);
            assert_no_secret(&all, &secrets, d.code());
        }
        let reports = [report];
        for format in FORMATS {
            let out = render_library(format, &reports);
            assert!(
                out.contains("ci/secret"),
                "{format} output lacks the finding:\n{out}"
            );
            assert_no_secret(&out, &secrets, format);
        }
    }
}

#[test]
fn command_line_outputs_never_print_secrets() {
    let files = secret_files();
    let mut secrets = Vec::new();
    for f in &files {
        secrets.extend(secrets_of(&std::fs::read_to_string(f).unwrap()));
    }
    for format in FORMATS {
        let out = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
            .arg("check")
            .args(["--format", format])
            .args(&files)
            .env("NO_COLOR", "1")
            .output()
            .expect("run bodyguard");
        assert_eq!(out.status.code(), Some(1), "{format}: {out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stdout.contains("ci/secret"), "{format}: {stdout}");
        assert_no_secret(&stdout, &secrets, format);
        assert_no_secret(&stderr, &secrets, format);
    }
}

#[test]
fn credentials_in_echoed_values_are_withheld_from_messages() {
    let checker = Checker::new();
    let bodies = [
        (
            bodyguard::Kind::CiConnector,
            r#"{"connectorName": "a;AccountKey=SECRETVALUE1", "connectorType": "Password=SECRETVALUE2", "connectorProperties": {}}"#,
        ),
        (
            bodyguard::Kind::CiProfileType,
            r#"{"typeName": "sig=SECRETVALUE3", "apiEntitySetName": "A", "strongIds": [{"strongIdName": "K", "keyPropertyNames": ["Pwd=SECRETVALUE4"]}],
                "fields": [{"fieldName": "Id", "fieldType": "AccountKey=SECRETVALUE5"}]}"#,
        ),
    ];
    for (kind, body) in bodies {
        let report = checker.check(kind, body);
        assert!(report.diagnostics.len() >= 2, "{:?}", report.diagnostics);
        for d in &report.diagnostics {
            let all = format!("{} {:?} {:?} {:?}", d.message, d.help, d.label, d.labels);
            assert!(!all.contains("SECRETVALUE"), "{}: {all}", d.code());
        }
        for format in FORMATS {
            let out = render_library(format, std::slice::from_ref(&report));
            assert!(!out.contains("SECRETVALUE"), "{format}:\n{out}");
        }
    }
}

#[test]
fn credentials_in_a_request_url_are_masked_in_every_output() {
    let checker = Checker::new();
    let url = "https://contoso.api.azurecustomerinsights.com/manage/connectors/blob1?api-version=2017-04-26&sig=U0VDUkVUU0lH&password=Hunter2-not-real";
    let body = r#"{"connectorType": "AzureBlob", "connectorProperties": {"connectionKeyVaultUrl": "https://contoso-vault.vault.azure.net/secrets/blob"}}"#;
    let r = bodyguard::check_request(&checker, "PUT", url, "body.json", body);
    let secrets = ["U0VDUkVUU0lH".to_string(), "Hunter2-not-real".to_string()];
    // The unknown parameters are reported on the request line, with a code frame.
    assert_eq!(
        r.request.diagnostics.len(),
        2,
        "{:?}",
        r.request.diagnostics
    );
    assert_no_secret(r.request.source.text(), &secrets, "request source");
    let reports: Vec<Report> = r.reports().into_iter().cloned().collect();
    for format in FORMATS {
        let out = render_library(format, &reports);
        assert!(out.contains("ci/query-parameter"), "{format}:\n{out}");
        assert_no_secret(&out, &secrets, format);
    }
}
