//! Selecting rules changes which findings show, never what a shown finding says.
//!
//! The checker skips a rule pack when none of its rules is on (`--select schema/...`). These
//! tests check every fixture both ways: with the schema codes alone (pack skipped), and with
//! the same codes plus a pack rule that cannot fire without a request (pack run). Both runs
//! must give the same findings, field for field.

use bodyguard::{Checker, Kind, Settings, SourceFile};
use std::fs;
use std::path::{Path, PathBuf};

const SCHEMA_CODES: &[&str] = &[
    "schema/type",
    "schema/required",
    "schema/unknown-key",
    "schema/enum",
    "schema/constraint",
];

/// A rule of each pack that reports only for a body sent with a request.
const INERT: &[&str] = &["kuzzle/create-builtin", "ci/api-version"];

fn fixtures() -> Vec<(PathBuf, Option<Kind>)> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
    while let Some(dir) = stack.pop() {
        let kind = fs::read_to_string(dir.join("kind"))
            .ok()
            .and_then(|k| Kind::from_name(k.trim()));
        let mut entries: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "json" || e == "jsonc")
            {
                out.push((path, kind));
            }
        }
    }
    assert!(out.len() > 100, "fixtures not found");
    out
}

fn checker(codes: &[&str]) -> Checker {
    Checker::with_settings(Settings {
        select: Some(codes.iter().map(|c| c.to_string()).collect()),
        ..Settings::default()
    })
}

/// Every field a user sees, one line per finding.
fn findings(checker: &Checker, path: &Path, kind: Option<Kind>) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap();
    let report = checker.check_source(SourceFile::new(path.display().to_string(), text), kind);
    report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} {:?} {:?} {} {:?} {:?} {:?} fix={}",
                d.code(),
                d.severity,
                d.span,
                d.pointer,
                d.message,
                d.label,
                d.help,
                d.labels,
                d.fix.is_some()
            )
        })
        .collect()
}

fn assert_pack_skip_changes_nothing(base: &[&str]) {
    let skipped = checker(base);
    let mut with_inert: Vec<&str> = base.to_vec();
    with_inert.extend_from_slice(INERT);
    let run = checker(&with_inert);
    let mut compared = 0;
    for (path, kind) in fixtures() {
        let kinds = match kind {
            Some(k) => vec![Some(k)],
            None => std::iter::once(None)
                .chain(Kind::ALL.into_iter().map(Some))
                .collect(),
        };
        for kind in kinds {
            let a = findings(&skipped, &path, kind);
            let b = findings(&run, &path, kind);
            assert!(
                !b.iter().any(|f| INERT.iter().any(|c| f.starts_with(c))),
                "{}: an inert rule fired: {b:#?}",
                path.display()
            );
            assert_eq!(a, b, "{} as {kind:?}", path.display());
            compared += a.len();
        }
    }
    assert!(compared > 50, "too few findings compared ({compared})");
}

#[test]
fn schema_selection_skips_packs_without_changing_findings() {
    assert_pack_skip_changes_nothing(SCHEMA_CODES);
}

#[test]
fn syntax_and_schema_selection_skips_packs_without_changing_findings() {
    let mut codes = SCHEMA_CODES.to_vec();
    codes.extend(["json/syntax", "json/duplicate-key", "body/schema-key"]);
    assert_pack_skip_changes_nothing(&codes);
}

/// With the schema codes selected, a body shows exactly the schema findings of the full
/// run, except those a rule finding on the same span supersedes there.
#[test]
fn schema_selection_is_the_schema_part_of_the_full_run() {
    let schema_only = checker(SCHEMA_CODES);
    let full = Checker::new();
    for (path, kind) in fixtures() {
        let selected = findings(&schema_only, &path, kind);
        let all = findings(&full, &path, kind);
        let schema_part: Vec<&String> = all.iter().filter(|f| f.starts_with("schema/")).collect();
        // Every schema finding of the full run shows with the selection...
        for f in &schema_part {
            assert!(
                selected.contains(f),
                "{}: {f} missing from the selection",
                path.display()
            );
        }
        // ...and the selection shows nothing else but superseded schema findings.
        for f in &selected {
            assert!(f.starts_with("schema/"), "{}: {f}", path.display());
        }
    }
}
