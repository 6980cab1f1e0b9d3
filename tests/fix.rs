//! Fixes: every `fixtures/rules/<family>/<name>/fail-*.json[c]` that has a sibling
//! `fail-*.fixed.json[c]` must turn into exactly that file when the rule's safe fixes are
//! applied (only that rule switched on), re-parse, stop firing, and be stable. A rule pack
//! only has to drop such files in.

use bodyguard::unstable::fix::{fix_until_stable, parses};
use bodyguard::{Checker, Kind, Settings, SourceFile};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// `fixtures/rules/json/bom/fail-bom.json` → (`json/bom`, fixed file) when the fixed file exists.
fn fixed_pairs() -> Vec<(String, PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    let mut pairs = Vec::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name
            .strip_suffix(".fixed.json")
            .map(|s| (s, "json"))
            .or_else(|| name.strip_suffix(".fixed.jsonc").map(|s| (s, "jsonc")))
        else {
            continue;
        };
        let input = f.with_file_name(format!("{}.{}", stem.0, stem.1));
        let code = f
            .parent()
            .unwrap()
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        pairs.push((code, input, f));
    }
    pairs
}

fn kind_of(dir: &Path) -> Option<Kind> {
    fs::read_to_string(dir.join("kind"))
        .ok()
        .and_then(|k| Kind::from_name(k.trim()))
}

#[test]
fn fixes_produce_the_fixed_fixtures() {
    let pairs = fixed_pairs();
    assert!(!pairs.is_empty(), "no fail-*.fixed.json fixtures found");
    let mut failures = Vec::new();
    for (code, input, expected_path) in &pairs {
        assert!(
            input.is_file(),
            "{} has no input {}",
            expected_path.display(),
            input.display()
        );
        let rule = bodyguard::unstable::rules::by_code(code)
            .unwrap_or_else(|| panic!("{}: no rule `{code}`", expected_path.display()));
        let checker = Checker::with_settings(Settings {
            select: Some(vec![rule.code.to_string()]),
            ..Settings::default()
        });
        let kind = kind_of(input.parent().unwrap());
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(input).unwrap();
        let expected = fs::read_to_string(expected_path).unwrap();
        let fixed = fix_until_stable(&checker, &name, &text, kind, |_| true);
        let at = input.display();
        if fixed.broke {
            failures.push(format!("{at}: a fix broke the syntax"));
            continue;
        }
        if fixed.text != expected {
            failures.push(format!(
                "{at}: fixed text differs from {}:\n--- got\n{}\n--- expected\n{}",
                expected_path.display(),
                fixed.text,
                expected
            ));
            continue;
        }
        if fixed.applied == 0 {
            failures.push(format!("{at}: no fix was applied"));
        }
        if !parses(&name, &fixed.text) {
            failures.push(format!("{at}: the fixed text does not parse"));
        }
        let again = checker.check_source(SourceFile::new(name.clone(), fixed.text.clone()), kind);
        if again
            .diagnostics
            .iter()
            .any(|d| d.code() == rule.code && d.fix.is_some())
        {
            failures.push(format!("{at}: `{code}` still offers a fix after fixing"));
        }
        if again.diagnostics.iter().any(|d| d.code() == rule.code)
            && rule.fix == bodyguard::FixAvailability::Always
        {
            failures.push(format!("{at}: `{code}` still fires after its fix"));
        }
        if fix_until_stable(&checker, &name, &fixed.text, kind, |_| true).applied != 0 {
            failures.push(format!("{at}: fixing is not stable"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// True when some failing fixture of `code` is offered a SAFE fix (rules whose fixes are
/// all unsafe suggestions are never applied by `--fix`, so they need no `.fixed` file).
fn offers_a_safe_fix(code: &str) -> bool {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/rules")
        .join(code);
    let checker = Checker::with_settings(Settings {
        select: Some(vec![code.to_string()]),
        ..Settings::default()
    });
    let kind = kind_of(&dir);
    fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            n.starts_with("fail-")
                && !n.contains(".fixed.")
                && (n.ends_with(".json") || n.ends_with(".jsonc"))
        })
        .any(|p| {
            let text = fs::read_to_string(&p).unwrap_or_default();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            checker
                .check_source(SourceFile::new(name, text), kind)
                .diagnostics
                .iter()
                .any(|d| {
                    d.fix
                        .as_ref()
                        .is_some_and(|f| f.applicability == bodyguard::Applicability::Safe)
                })
        })
}

#[test]
fn every_fixable_rule_has_a_fixed_fixture() {
    let pairs = fixed_pairs();
    let missing: Vec<&str> = bodyguard::unstable::rules::all()
        .filter(|r| r.fix != bodyguard::FixAvailability::None)
        .filter(|r| !pairs.iter().any(|(code, _, _)| code == r.code))
        .filter(|r| offers_a_safe_fix(r.code))
        .map(|r| r.code)
        .collect();
    assert!(
        missing.is_empty(),
        "fixable rules without a fixtures/rules/<code>/fail-*.fixed.json: {missing:?}"
    );
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fix-{name}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

const FORMATTED: &str = "\u{feff}{\n    \"$schema\": \"../schemas/kuzzle-profile.schema.json\",\n    \"policies\": [ { \"roleId\" : \"editor\" } ],\n\n    \"tags\": [\"b\", \"a\"]\n}\n";
const FIXED: &str =
    "{\n    \"policies\": [ { \"roleId\" : \"editor\" } ],\n\n    \"tags\": [\"b\", \"a\"]\n}\n";

#[test]
fn cli_fix_rewrites_only_the_spans_and_diff_writes_nothing() {
    let dir = temp_dir("cli");
    let file = dir.join("p.json");
    fs::write(&file, FORMATTED).unwrap();

    let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(["check", "p.json", "--diff"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let diff = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(1), "{diff}");
    assert!(
        diff.contains("--- a/p.json") && diff.contains("+++ b/p.json"),
        "{diff}"
    );
    assert!(diff.contains("-    \"$schema\""), "{diff}");
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        FORMATTED,
        "--diff must not write"
    );

    let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(["check", "p.json", "--fix"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // Both fixes (BOM, $schema) applied; whitespace, key order and the rest untouched.
    assert_eq!(fs::read_to_string(&file).unwrap(), FIXED);
    // No temporary file left behind.
    let names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["p.json".to_string()]);

    // Nothing left to fix: --diff is empty and exits 0.
    let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(["check", "p.json", "--diff"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
}

#[test]
fn ignored_findings_are_not_fixed() {
    let dir = temp_dir("ignored");
    fs::write(dir.join("p.json"), FORMATTED).unwrap();
    fs::write(
        dir.join("bodyguard.toml"),
        "[[ignore]]\ncode = \"body/schema-key\"\nfiles = \"p.json\"\nreason = \"stripped by the deploy script\"\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(["check", "p.json", "--fix"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = fs::read_to_string(dir.join("p.json")).unwrap();
    assert!(!text.starts_with('\u{feff}'));
    assert!(text.contains("$schema"));
}

#[test]
fn a_text_that_would_not_parse_is_never_produced() {
    // A fix whose result is not JSON any more is refused.
    assert!(parses("a.json", "{}"));
    assert!(!parses("a.json", "{,}"));
    assert!(parses("a.jsonc", "{// c\n}"));
    assert!(!parses("a.json", "{// c\n}"));
}
