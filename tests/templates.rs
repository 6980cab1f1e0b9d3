//! Template placeholders: one info per distinct placeholder and file, never a naming error
//! on a placeholder, sample values checked in their place, patterns configurable.

use bodyguard::Templates;
use bodyguard::{Checker, Settings, SourceFile};
use std::collections::BTreeMap;
use std::path::Path;

const BODY: &str = "fixtures/rules/body/template-placeholder/fail-every-syntax.json";

fn findings(settings: Settings, path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    let report = Checker::with_settings(settings).check_source(SourceFile::new(path, text), None);
    report
        .diagnostics
        .iter()
        .map(|d| {
            let lc = report.source.line_col(d.span.unwrap().start as usize);
            format!(
                "{}:{} {} {} {}",
                lc.line,
                lc.column,
                d.severity,
                d.code(),
                d.message
            )
        })
        .collect()
}

#[test]
fn placeholders_are_reported_once_and_never_judged() {
    let got = findings(Settings::default(), BODY);
    assert_eq!(
        got,
        [
            "3:16 info body/template-placeholder template placeholder `{{ role }}`: the value is filled in at run time and not checked",
            "3:57 info body/template-placeholder template placeholder `{tenantIndex}` (2 places): the value is filled in at run time and not checked",
            "3:90 info body/template-placeholder template placeholder `${prefix}`: the value is filled in at run time and not checked",
            "3:110 info body/template-placeholder template placeholder `<collection>`: the value is filled in at run time and not checked",
        ],
        "{got:#?}"
    );
    // Customer Insights too: no connector-type, name or type error on a placeholder.
    let got = findings(
        Settings::default(),
        "fixtures/rules/body/template-placeholder/fail-connector.json",
    );
    assert!(
        got.iter().all(|f| f.contains("body/template-placeholder")),
        "{got:#?}"
    );
    assert_eq!(got.len(), 3);
}

#[test]
fn samples_are_checked_in_their_place() {
    let samples = BTreeMap::from([
        ("tenantIndex".to_string(), "Tenant".to_string()),
        ("prefix".to_string(), "acme".to_string()),
    ]);
    let settings = Settings {
        templates: Templates::new(
            bodyguard::unstable::core::templates::DEFAULT_PATTERNS,
            samples,
        )
        .unwrap(),
        ..Settings::default()
    };
    let got = findings(settings, BODY);
    assert_eq!(
        got,
        [
            "3:16 info body/template-placeholder template placeholder `{{ role }}`: the value is filled in at run time and not checked",
            "3:57 info body/template-placeholder template placeholder `{tenantIndex}` (2 places): checked with its sample `Tenant`",
            "3:57 error kuzzle/invalid-name no index can be named `Tenant`: it has uppercase letters (names are lowercase)",
            "3:90 info body/template-placeholder template placeholder `${prefix}`: checked with its sample `acme`",
            "3:110 info body/template-placeholder template placeholder `<collection>`: the value is filled in at run time and not checked",
            "4:53 error kuzzle/invalid-name no index can be named `Tenant`: it has uppercase letters (names are lowercase)",
        ],
        "{got:#?}"
    );
}

#[test]
fn without_patterns_placeholders_are_plain_strings() {
    let settings = Settings {
        templates: Templates::none(),
        ..Settings::default()
    };
    let got = findings(settings, BODY);
    assert!(
        got.iter()
            .any(|f| f.starts_with("3:57 error kuzzle/invalid-name")),
        "{got:#?}"
    );
    assert!(!got.iter().any(|f| f.contains("template")), "{got:#?}");
}

#[test]
fn bodyguard_toml_configures_templates() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("templates-config");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("p.json"),
        r#"{"policies": [{"roleId": "r", "restrictedTo": [{"index": "%tenant%"}]}]}"#,
    )
    .unwrap();
    let run = |toml: &str| {
        std::fs::write(dir.join("bodyguard.toml"), toml).unwrap();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_bodyguard"))
            .args(["check", "p.json", "--format", "json-lines"])
            .current_dir(&dir)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
        )
    };
    // `%tenant%` is no placeholder by default: an invalid index name.
    let (code, out) = run("");
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("kuzzle/invalid-name"), "{out}");
    // Declared as a syntax: one info.
    let (code, out) = run("[templates]\npatterns = [\"%NAME%\"]\n");
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("template placeholder `%tenant%`"), "{out}");
    // With a sample, checked in its place.
    let (code, out) =
        run("[templates]\npatterns = [\"%NAME%\"]\nsamples = { tenant = \"acme\" }\n");
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("checked with its sample `acme`"), "{out}");
    // A pattern without NAME stops the run.
    let (code, out) = run("[templates]\npatterns = [\"%%\"]\n");
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("has no `NAME`"), "{out}");
}
