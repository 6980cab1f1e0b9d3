//! bodyguard.toml (kinds, rule levels, ignores, errors) and JSONC comment suppressions.

use bodyguard::{Checker, Settings, SourceFile};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bodyguard(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("config-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

/// `(file, code, severity, line)` of every finding of a `--format json` run.
fn findings(o: &Output) -> Vec<(String, String, String, u64)> {
    let v = json(o);
    let mut out = Vec::new();
    for f in v["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            out.push((
                f["filename"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["location"]["line"].as_u64().unwrap_or(0),
            ));
        }
    }
    out
}

const DUPLICATE: &str = r#"{"policies": [{"roleId": "a"}], "policies": [{"roleId": "b"}]}"#;

#[test]
fn kinds_levels_and_ignores_apply_and_stale_ignores_are_reported() {
    let dir = temp_dir("full");
    std::fs::create_dir_all(dir.join("security/legacy")).unwrap();
    std::fs::create_dir_all(dir.join("security/sub")).unwrap();
    // No identifying key: only the [[kinds]] mapping tells it is a profile.
    std::fs::write(dir.join("security/sub/p.json"), r#"{"rateLimit": "10"}"#).unwrap();
    std::fs::write(dir.join("security/legacy/dup.json"), DUPLICATE).unwrap();
    // The inventory named by the config is loaded (a raw mappings file).
    std::fs::create_dir_all(dir.join("inventory")).unwrap();
    std::fs::write(
        dir.join("inventory/mappings.json"),
        r#"{"i": {"orders": {"properties": {}}}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("security/legacy/bad.json"),
        r#"{"policies": [{"roleId": "a", "restrictedTo": [{"index": "i", "colections": []}]}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("bodyguard.toml"),
        r#"inventory = ["inventory/mappings.json"]

[[kinds]]
files = "security/**/p.json"
kind = "kuzzle-profile"

[rules]
"json/duplicate-key" = "warning"
"schema/required" = "off"

[[ignore]]
code = "schema/unknown-key"
files = "security/legacy/*.json"
pointer = "/policies/0"
reason = "fixed on the server side in the next release"

[[ignore]]
code = "schema/type"
files = "gone.json"
reason = "a bare name matches at any depth: not looked up, not reported"

[[ignore]]
code = "schema/type"
files = "security/removed/*.json"
reason = "the files are gone: reported"

[[ignore]]
code = "json/duplicate-key"
files = "security/legacy/bad.json"
reason = "this one is stale"
"#,
    )
    .unwrap();
    // Run from a sub-directory: the file is found upwards, globs stay relative to it.
    let o = bodyguard(&dir.join("security"), &["check", ".", "--format", "json"]);
    let got = findings(&o);
    let toml = dir.join("bodyguard.toml").display().to_string();
    assert!(
        got.contains(&(
            "./legacy/dup.json".into(),
            "json/duplicate-key".into(),
            "warning".into(),
            1
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            "./sub/p.json".into(),
            "schema/type".into(),
            "error".into(),
            1
        )),
        "{got:?}"
    );
    // schema/required is off; the unknown key under /policies/0 is ignored.
    assert!(
        !got.iter()
            .any(|f| f.1 == "schema/required" || f.1 == "schema/unknown-key"),
        "{got:?}"
    );
    let stale: Vec<_> = got
        .iter()
        .filter(|f| f.1 == "config/unused-ignore")
        .collect();
    assert_eq!(stale.len(), 2, "{got:?}");
    assert_eq!(stale[0].0, toml);
    assert_eq!((stale[0].3, stale[1].3), (22, 27));
    assert_eq!(o.status.code(), Some(1));

    // A partial run (as pre-commit does it) does not report ignores of unchecked files.
    let o = bodyguard(&dir, &["check", "security/sub/p.json", "--format", "json"]);
    let stale: Vec<u64> = findings(&o)
        .into_iter()
        .filter(|f| f.1 == "config/unused-ignore")
        .map(|f| f.3)
        .collect();
    assert_eq!(stale, vec![22]);

    // --config names the file explicitly; --no-config ignores it.
    let o = bodyguard(
        &dir,
        &[
            "check",
            "security/legacy/dup.json",
            "--no-config",
            "--format",
            "json",
        ],
    );
    assert_eq!(findings(&o)[0].2, "error");
    let elsewhere = temp_dir("elsewhere");
    let o = bodyguard(
        &elsewhere,
        &[
            "check",
            "--config",
            &toml,
            &dir.join("security/legacy/dup.json").display().to_string(),
            "--format",
            "json",
        ],
    );
    assert!(findings(&o)
        .iter()
        .any(|f| f.1 == "json/duplicate-key" && f.2 == "warning"));
}

fn expect_config_error(toml: &str, expected: &[&str]) {
    let dir = temp_dir("bad");
    std::fs::write(dir.join("bodyguard.toml"), toml).unwrap();
    std::fs::write(dir.join("p.json"), DUPLICATE).unwrap();
    let o = bodyguard(&dir, &["check", "p.json"]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{toml}\n{err}");
    assert!(o.stdout.is_empty(), "nothing is checked");
    for e in expected {
        assert!(err.contains(e), "{toml}\nexpected {e:?} in:\n{err}");
    }
}

#[test]
fn invalid_configurations_exit_2_with_a_code_frame() {
    expect_config_error("[rules\n", &["config/invalid", "bodyguard.toml:1:"]);
    expect_config_error(
        "colour = true\n",
        &["unknown field `colour`", "bodyguard.toml:1:1"],
    );
    expect_config_error(
        "[rules]\n\"json/duplicate-keys\" = \"off\"\n",
        &[
            "unknown rule `json/duplicate-keys`",
            "did you mean `json/duplicate-key`?",
            "bodyguard.toml:2:1",
        ],
    );
    expect_config_error(
        "[rules]\n\"json/bom\" = \"fatal\"\n",
        &["unknown variant `fatal`", "bodyguard.toml:2:"],
    );
    expect_config_error(
        "[[kinds]]\nfiles = \"a/[b.json\"\nkind = \"kuzzle-profile\"\n",
        &["invalid glob", "bodyguard.toml:2:9"],
    );
    expect_config_error(
        "[[kinds]]\nfiles = \"*.json\"\nkind = \"kuzzle-profiles\"\n",
        &["unknown kind", "did you mean `kuzzle-profile`?"],
    );
    expect_config_error(
        "[[ignore]]\ncode = \"json/bom\"\nfiles = \"*.json\"\n",
        &["missing field `reason`", "bodyguard.toml:1:1"],
    );
    expect_config_error(
        "[[ignore]]\ncode = \"json/bom\"\nfiles = \"*.json\"\nreason = \" \"\n",
        &["reason of an ignore is empty", "bodyguard.toml:4:10"],
    );
    expect_config_error(
        "[[ignore]]\ncode = \"json/bom\"\nfiles = \"*.json\"\npointer = \"policies\"\nreason = \"r\"\n",
        &["JSON Pointer starts with `/`"],
    );
}

fn check_jsonc(text: &str) -> Vec<(String, usize)> {
    let report = Checker::with_settings(Settings::default()).check_source(
        SourceFile::new("body.jsonc", text),
        Some(bodyguard::Kind::KuzzleProfile),
    );
    report
        .diagnostics
        .iter()
        .map(|d| {
            let line = report.source.line_col(d.span.unwrap().start as usize).line;
            (d.code().to_string(), line)
        })
        .collect()
}

#[test]
fn comment_suppressions_in_jsonc() {
    // Line before, and same line; the third duplicate is not suppressed.
    let got = check_jsonc(
        r#"{
  "policies": [{"roleId": "a"}],
  // bodyguard-ignore: json/duplicate-key merged from two branches, the last one is right
  "policies": [{"roleId": "b"}],
  "tags": ["x"], "tags": ["y"], // bodyguard-ignore: json/duplicate-key same line
  "rateLimit": 1, "rateLimit": 2
}"#,
    );
    assert_eq!(got, vec![("json/duplicate-key".to_string(), 6)], "{got:?}");

    // Unused, unknown code, missing reason.
    let got = check_jsonc(
        r#"{
  // bodyguard-ignore: json/duplicate-key no longer true
  "policies": [{"roleId": "a"}],
  /* bodyguard-ignore: json/dupe-key typo */
  "tags": [],
  // bodyguard-ignore: schema/type
  "rateLimit": "10"
}"#,
    );
    assert_eq!(
        got,
        vec![
            ("suppression/unused".to_string(), 2),
            ("suppression/unused".to_string(), 4),
            ("suppression/missing-reason".to_string(), 6),
        ],
        "{got:?}"
    );

    // A comment for a rule that did not run is not reported as unused.
    let report = Checker::with_settings(Settings {
        select: Some(vec!["suppression/unused".into()]),
        ..Settings::default()
    })
    .check_source(
        SourceFile::new(
            "body.jsonc",
            "{\n  // bodyguard-ignore: json/duplicate-key why\n  \"policies\": []\n}",
        ),
        None,
    );
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);

    // In a .json file comments are a syntax error, never a suppression.
    let report = Checker::new().check_source(
        SourceFile::new(
            "body.json",
            "{\n  // bodyguard-ignore: json/syntax why\n  \"policies\": []\n}",
        ),
        None,
    );
    assert_eq!(report.diagnostics[0].code(), "json/syntax");
}

#[test]
fn schema_key_sets_the_kind_after_config_and_before_sniffing() {
    let checker = Checker::new();
    // No identifying key, but $schema names the connector schema.
    let report = checker.check_source(
        SourceFile::new(
            "c.json",
            r#"{"$schema": "https://raw.githubusercontent.com/bodyguard-dev/bodyguard/main/schemas/ci-connector.schema.json"}"#,
        ),
        None,
    );
    assert_eq!(report.kind, Some(bodyguard::Kind::CiConnector));
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code()).collect();
    assert!(codes.contains(&"body/schema-key"), "{codes:?}");
    // The missing connectorType is explained by the connector rule (it supersedes schema/required).
    assert!(codes.contains(&"ci/connector-type"), "{codes:?}");
}
