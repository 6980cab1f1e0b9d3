//! Real public files (Kuzzle, kourou, kuzzle-device-manager, a Kuzzle application template,
//! the Azure REST API specifications, Microsoft's documentation), each with its source and
//! the verdict it must get: known true positives stay found, clean files stay clean, and
//! files that are not request bodies stay skipped. `tests/corpus/corpus.json` lists them.

use bodyguard::unstable::request::kuzzle::check_json_request;
use bodyguard::{Checker, Kind, Report, SourceFile};
use serde_json::Value;
use std::path::Path;

fn corpus() -> (Vec<Value>, &'static Path) {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus"));
    let text = std::fs::read_to_string(dir.join("corpus.json")).unwrap();
    (serde_json::from_str(&text).unwrap(), dir)
}

/// `LINE:COLUMN SEVERITY CODE POINTER` of each finding.
fn findings(reports: &[&Report]) -> Vec<String> {
    reports
        .iter()
        .flat_map(|r| {
            r.diagnostics.iter().map(move |d| {
                let lc = d.span.map(|s| r.source.line_col(s.start as usize));
                let (line, column) = lc.map_or((0, 0), |lc| (lc.line, lc.column));
                format!("{line}:{column} {} {} {}", d.severity, d.code(), d.pointer)
            })
        })
        .collect()
}

#[test]
fn every_corpus_file_gets_its_verdict() {
    let (entries, dir) = corpus();
    assert!(entries.len() >= 30, "{} files", entries.len());
    let checker = Checker::new();
    let mut failures = Vec::new();
    for e in &entries {
        let file = e["file"].as_str().unwrap();
        for key in ["repository", "path", "how"] {
            assert!(
                e[key].as_str().is_some_and(|s| !s.is_empty()),
                "{file}: no {key}"
            );
        }
        let commit = e["commit"].as_str().unwrap_or_default();
        assert!(
            commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit()),
            "{file}: the commit must be a full SHA"
        );
        let text = std::fs::read_to_string(dir.join("files").join(file)).unwrap();
        let (got, skipped) = match e["check_as"].as_str() {
            Some("json-request") => {
                let r = check_json_request(&checker, file, &text);
                (findings(&r.reports()), false)
            }
            kind => {
                let kind = kind.map(|k| Kind::from_name(k).expect("a kind name"));
                let r = checker.check_source(SourceFile::new(file, text), kind);
                (findings(&[&r]), r.skipped)
            }
        };
        let expected: Vec<String> = e["findings"]
            .as_array()
            .map(|a| a.iter().map(|f| f.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        let verdict = e["verdict"].as_str().unwrap();
        let ok = match verdict {
            "clean" => !skipped && got.is_empty(),
            "findings" => !skipped && got == expected && !expected.is_empty(),
            v if v.starts_with("skipped") => skipped && got.is_empty(),
            other => panic!("{file}: unknown verdict {other}"),
        };
        if !ok {
            failures.push(format!(
                "{file}: expected {verdict} {expected:#?}, got skipped={skipped} {got:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
