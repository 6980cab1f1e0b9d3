//! The limit of findings per rule and file: the first findings of a rule are shown, one more
//! finding of the rule says how many were left out, and `--max-findings-per-rule` or
//! `max-findings-per-rule` in bodyguard.toml moves the limit (0 shows every finding). It
//! holds for the parser's findings, the schema pass's and the rule packs' (counted over
//! every profile of a securities file); `--fix` fixes every finding it can, past the limit.

use serde_json::Value;
use std::path::Path;

mod run;

/// A scratch directory, removed at the end of the test.
fn temp_dir(tag: &str) -> tempfile::TempDir {
    run::temp_dir(&format!("limit-{tag}"))
}

/// Run bodyguard in `cwd`: its exit code and stdout.
fn bodyguard(args: &[&str], cwd: &Path) -> (i32, String) {
    let (code, stdout, _) = run::bodyguard(args, cwd);
    (code, stdout)
}

/// The findings of `file` (`--format json`), checked with `extra` arguments.
fn findings(dir: &Path, file: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(file);
    let (code, stdout) = bodyguard(&args, dir);
    assert!(code == 0 || code == 1, "{code}: {stdout}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .clone()
}

fn of_code<'a>(found: &'a [Value], code: &str) -> Vec<&'a Value> {
    found.iter().filter(|d| d["code"] == code).collect()
}

fn is_summary(d: &Value) -> bool {
    d["message"]
        .as_str()
        .unwrap()
        .contains("of this rule from here on are not shown")
}

/// `{"controllers": {}, "x": {` then `count + 1` times the key `a` on lines of their own: the
/// `n`th duplicate (from 1) is on line `n + 2`, column 3.
fn duplicate_keys(count: usize) -> String {
    let mut text = String::from("{\"controllers\": {}, \"x\": {\n");
    for i in 0..=count {
        text.push_str(if i == count {
            "  \"a\": 1\n"
        } else {
            "  \"a\": 1,\n"
        });
    }
    text.push_str("}}\n");
    text
}

#[test]
fn the_parser_shows_the_first_findings_of_a_rule_and_counts_the_rest() {
    let dir = temp_dir("parser");
    std::fs::write(dir.path().join("role.json"), duplicate_keys(1003)).unwrap();

    let found = findings(
        dir.path(),
        "role.json",
        &["--no-config", "--kind", "kuzzle-role"],
    );
    let duplicates = of_code(&found, "json/duplicate-key");
    assert_eq!(duplicates.len(), 1001, "1000 shown, and the summary");
    let summary = duplicates.iter().find(|d| is_summary(d)).unwrap();
    assert_eq!(
        summary["message"],
        "3 more findings of this rule from here on are not shown (a file shows the first 1000 \
         of each rule)"
    );
    assert_eq!(summary["severity"], "error");
    // The 1001st duplicate is the 1002nd `a`, on line 1003.
    assert_eq!(summary["location"]["line"], 1003);
    assert_eq!(summary["location"]["column"], 3);
    assert_eq!(summary["pointer"], "/x/a");
    assert!(summary["help"]
        .as_str()
        .unwrap()
        .contains("--max-findings-per-rule"));
    // The shown findings are the first, in order.
    let lines: Vec<u64> = duplicates
        .iter()
        .filter(|d| !is_summary(d))
        .map(|d| d["location"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, (3..1003).collect::<Vec<u64>>());

    // 0 shows every finding.
    let all = findings(
        dir.path(),
        "role.json",
        &[
            "--no-config",
            "--kind",
            "kuzzle-role",
            "--max-findings-per-rule",
            "0",
        ],
    );
    let duplicates = of_code(&all, "json/duplicate-key");
    assert_eq!(duplicates.len(), 1003);
    assert!(!duplicates.iter().any(|d| is_summary(d)));
}

#[test]
fn bodyguard_toml_sets_the_limit_and_the_flag_overrides_it() {
    let dir = temp_dir("config");
    std::fs::write(
        dir.path().join("bodyguard.toml"),
        "max-findings-per-rule = 2\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("role.json"), duplicate_keys(5)).unwrap();

    let found = findings(dir.path(), "role.json", &["--kind", "kuzzle-role"]);
    let duplicates = of_code(&found, "json/duplicate-key");
    assert_eq!(duplicates.len(), 3);
    let summary = duplicates[2];
    assert!(summary["message"]
        .as_str()
        .unwrap()
        .starts_with("3 more findings of this rule"));
    assert_eq!(summary["location"]["line"], 5);
    assert_eq!(summary["location"]["column"], 3);

    let found = findings(
        dir.path(),
        "role.json",
        &["--kind", "kuzzle-role", "--max-findings-per-rule", "4"],
    );
    let duplicates = of_code(&found, "json/duplicate-key");
    assert_eq!(duplicates.len(), 5);
    assert!(duplicates[4]["message"]
        .as_str()
        .unwrap()
        .starts_with("1 more finding of this rule"));
}

#[test]
fn schema_findings_are_limited_per_rule() {
    let dir = temp_dir("schema");
    // A profile type with 6 unknown keys at the root, one per line.
    let mut text = String::from("{\n  \"typeName\": \"Contact\"");
    for i in 0..6 {
        text.push_str(&format!(",\n  \"Unknown{i}\": 1"));
    }
    text.push_str("\n}\n");
    std::fs::write(dir.path().join("contact.json"), text).unwrap();
    let found = findings(
        dir.path(),
        "contact.json",
        &["--no-config", "--kind", "ci-profile-type"],
    );
    let unknown: Vec<&Value> = found
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("Unknown"))
        .collect();
    assert_eq!(unknown.len(), 6, "under the default limit: {found:#?}");
    let code = unknown[0]["code"].as_str().unwrap().to_string();

    let found = findings(
        dir.path(),
        "contact.json",
        &[
            "--no-config",
            "--kind",
            "ci-profile-type",
            "--max-findings-per-rule",
            "2",
        ],
    );
    let limited = of_code(&found, &code);
    assert_eq!(limited.len(), 3, "{found:#?}");
    let summary = limited[2];
    assert!(is_summary(summary));
    assert!(summary["message"]
        .as_str()
        .unwrap()
        .starts_with("4 more findings"));
    // The third unknown key, `Unknown2`, on line 5.
    assert_eq!(summary["location"]["line"], 5);
    assert_eq!(summary["location"]["column"], 3);
    assert_eq!(summary["pointer"], "/Unknown2");
}

#[test]
fn a_rule_of_a_pack_counts_its_findings_over_every_profile_of_a_file() {
    let dir = temp_dir("pack");
    // Three profiles, each restricting its policy twice to the same index.
    let profile = r#"{"policies": [{"roleId": "default", "restrictedTo": [{"index": "i"}, {"index": "i"}]}]}"#;
    let text = format!(
        "{{\"profiles\": {{\n  \"p1\": {profile},\n  \"p2\": {profile},\n  \"p3\": {profile}\n}}}}\n"
    );
    std::fs::write(dir.path().join("securities.json"), text).unwrap();
    let all = findings(
        dir.path(),
        "securities.json",
        &["--no-config", "--kind", "kuzzle-securities"],
    );
    let code = "kuzzle/duplicate-restriction";
    assert_eq!(of_code(&all, code).len(), 3, "{all:#?}");

    let found = findings(
        dir.path(),
        "securities.json",
        &[
            "--no-config",
            "--kind",
            "kuzzle-securities",
            "--max-findings-per-rule",
            "2",
        ],
    );
    let limited = of_code(&found, code);
    assert_eq!(limited.len(), 3, "{found:#?}");
    let summary = limited[2];
    assert!(summary["message"]
        .as_str()
        .unwrap()
        .starts_with("1 more finding of this rule"));
    assert_eq!(
        summary["severity"],
        all.iter().find(|d| d["code"] == code).unwrap()["severity"]
    );
    // At p3's second restriction, on line 4.
    assert_eq!(summary["location"]["line"], 4);
    assert_eq!(summary["pointer"], "/profiles/p3/policies/0/restrictedTo/1");
}

/// A profile restricted to collection `c` `count` times.
fn repeated_collection(count: usize) -> String {
    let collections = vec!["\"c\""; count].join(", ");
    format!(
        "{{\"policies\": [{{\"roleId\": \"default\", \"restrictedTo\": [{{\"index\": \"i\", \"collections\": [{collections}]}}]}}]}}\n"
    )
}

#[test]
fn fix_fixes_every_finding_past_the_limit() {
    let dir = temp_dir("fix");
    std::fs::write(dir.path().join("profile.json"), repeated_collection(13)).unwrap();
    let (code, stdout) = bodyguard(
        &[
            "check",
            "--no-config",
            "--kind",
            "kuzzle-profile",
            "--max-findings-per-rule",
            "1",
            "--fix",
            "profile.json",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{stdout}");
    let fixed = std::fs::read_to_string(dir.path().join("profile.json")).unwrap();
    assert_eq!(
        fixed,
        repeated_collection(1),
        "all 12 repeats removed in one run"
    );
}
