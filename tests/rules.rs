//! Fixture-driven rule tests.
//!
//! Layout: `fixtures/rules/<family>/<name>/` for the rule `<family>/<name>`, holding
//! - `fail-*.json[c]` with a sibling `fail-*.expected`: one line per expected finding,
//!   `LINE:COLUMN SEVERITY CODE` (1-based, columns in characters), in output order;
//! - `pass-*.json[c]`: must produce no finding of that rule;
//! - optionally `kind`: the kind name to check the files as (otherwise sniffed).
//!
//! Each file is checked with only the rule under test switched on, so every rule's
//! dispatch, position and severity is pinned. A rule without both a failing and a passing
//! fixture fails the suite.

use bodyguard::{Checker, Kind, Settings, SourceFile};
use std::fs;
use std::path::{Path, PathBuf};

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

fn rule_dir(code: &str) -> PathBuf {
    fixture_root().join(code)
}

fn findings(checker: &Checker, path: &Path, kind: Option<Kind>) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let report = checker.check_source(SourceFile::new(name, text), kind);
    report
        .diagnostics
        .iter()
        .map(|d| {
            let at = d.span.map(|s| report.source.line_col(s.start as usize));
            let (line, col) = at.map_or((0, 0), |lc| (lc.line, lc.column));
            format!("{line}:{col} {} {}", d.severity, d.code())
        })
        .collect()
}

fn files_with_prefix(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| {
        let n = p.file_name().unwrap().to_string_lossy().into_owned();
        // `fail-*.fixed.json` is the expected result of `--fix` (tests/fix.rs), not a fixture.
        n.starts_with(prefix)
            && (n.ends_with(".json") || n.ends_with(".jsonc"))
            && !n.contains(".fixed.")
    });
    v.sort();
    v
}

#[test]
fn every_rule_matches_its_fixtures() {
    let mut failures = Vec::new();
    let mut missing = Vec::new();
    for rule in bodyguard::unstable::rules::all() {
        let dir = rule_dir(rule.code);
        let kind = fs::read_to_string(dir.join("kind")).ok().map(|k| {
            Kind::from_name(k.trim()).unwrap_or_else(|| panic!("{}: bad kind file", rule.code))
        });
        let checker = Checker::with_settings(Settings {
            select: Some(vec![rule.code.to_string()]),
            ..Settings::default()
        });
        let fails = files_with_prefix(&dir, "fail-");
        let passes = files_with_prefix(&dir, "pass-");
        if !rule_has_other_tests(rule.code) && (fails.is_empty() || passes.is_empty()) {
            missing.push(rule.code);
            continue;
        }
        for path in fails {
            let expected_path = path.with_extension("expected");
            if std::env::var_os("BODYGUARD_BLESS").is_some() {
                // Writes what the rule reports now; review the diff before committing it.
                let got = findings(&checker, &path, kind);
                fs::write(&expected_path, got.join("\n") + "\n").unwrap();
            }
            let expected = fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| panic!("{} has no .expected file", path.display()));
            let expected: Vec<String> = expected
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect();
            let got = findings(&checker, &path, kind);
            if got.is_empty() {
                failures.push(format!("{}: expected findings, got none", path.display()));
            } else if got != expected {
                failures.push(format!(
                    "{}:\n  expected {expected:?}\n  got      {got:?}",
                    path.display()
                ));
            }
        }
        for path in passes {
            let got = findings(&checker, &path, kind);
            if !got.is_empty() {
                failures.push(format!(
                    "{}: expected no finding, got {got:?}",
                    path.display()
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules without fail-*/pass-* fixtures: {missing:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Rules that cannot be exercised by checking one file on its own (I/O failures, runs over
/// several files, request lines) are tested in their own test files, listed here.
fn rule_has_other_tests(code: &str) -> bool {
    const ELSEWHERE: &[&str] = &[
        "io/unreadable",         // tests/cli.rs: missing path, directory, invalid UTF-8
        "config/invalid",        // tests/config.rs: bodyguard.toml errors
        "config/unused-ignore",  // tests/config.rs: a stale [[ignore]] entry
        "suppression/unused",    // tests/config.rs: needs the suppressed rule to run too
        "json/too-deep",         // src/parse: 100,000-deep nesting
        "request/unknown-route", // src/request: a request line, not a file
        // tests/ci_request.rs: request lines, and bodies checked against their URL
        "ci/api-version",
        "ci/body-form",
        "ci/method",
        "ci/missing-api-version",
        "ci/name-mismatch",
        "ci/query-parameter",
        // tests/ci_cross_file.rs: several files checked together
        "ci/duplicate-api-entity-set-name",
        "kuzzle/anonymous-role-missing", // tests/kuzzle_request.rs: needs the request `_id`
        "kuzzle/create-builtin",         // tests/kuzzle_request.rs: a request line
        "kuzzle/flag-not-boolean",       // tests/kuzzle_request.rs: JSON request arguments
        "kuzzle/flag-value",             // tests/kuzzle_request.rs: a request line
        "kuzzle/force-on-profile",       // tests/kuzzle_request.rs: a request line
        "kuzzle/invalid-id",             // tests/kuzzle_request.rs: a request line
        "kuzzle/missing-body",           // tests/kuzzle_request.rs: JSON request without body
        "kuzzle/refresh-value",          // tests/kuzzle_request.rs: a request line
        "kuzzle/securities-on-existing-users", // tests/kuzzle_request.rs: JSON request arguments
        "kuzzle/unknown-collection",     // tests/kuzzle_profile_inventory.rs: needs an inventory
        "kuzzle/unknown-index",          // tests/kuzzle_profile_inventory.rs: needs an inventory
        "kuzzle/unknown-role",           // tests/kuzzle_profile_inventory.rs: needs an inventory
    ];
    ELSEWHERE.contains(&code)
}

#[test]
fn valid_bodies_are_clean_with_every_rule_on() {
    let checker = Checker::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid");
    let mut checked = 0;
    let mut failures = Vec::new();
    for kind in Kind::ALL {
        let dir = root.join(kind.name());
        for path in files_with_prefix(&dir, "") {
            let got = findings(&checker, &path, Some(kind));
            checked += 1;
            if !got.is_empty() {
                failures.push(format!("{}: {got:?}", path.display()));
            }
        }
        assert!(dir.exists(), "no valid fixtures for {kind}");
    }
    assert!(checked >= 5);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
