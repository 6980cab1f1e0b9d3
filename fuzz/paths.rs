//! The fuzz targets' bodies, shared by `fuzz/fuzz_targets/*.rs` (cargo fuzz) and
//! `tests/fuzz_replay.rs` (replays the seeds and the regressions in `cargo test`).
//!
//! Each function takes the raw input and panics on a broken promise. A leading selector byte
//! picks the file name (`.json` / `.jsonc`, bit 0) and the kind (sniffed or forced, bits 1–3).

#![allow(dead_code)]

use bodyguard::unstable::parse::{parse, Syntax};
use bodyguard::unstable::render::{github, human, json, json_lines, junit, sarif};
use bodyguard::{Checker, Kind, Report, Settings, SourceFile};
use std::sync::OnceLock;

/// The one checker of a fuzzing or replay process.
pub fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(Checker::new)
}

/// File name and kind from the selector byte.
pub fn select(selector: u8) -> (&'static str, Option<Kind>) {
    let name = if selector & 1 == 1 {
        "body.jsonc"
    } else {
        "body.json"
    };
    let kind = match (selector >> 1) % 6 {
        0 => None,
        n => Some(Kind::ALL[usize::from(n) - 1]),
    };
    (name, kind)
}

/// The selector byte and the rest as UTF-8, or `None`.
fn split(data: &[u8]) -> Option<(u8, &str)> {
    let (&selector, rest) = data.split_first()?;
    Some((selector, std::str::from_utf8(rest).ok()?))
}

/// Every span of every finding lies inside its text, on character boundaries.
fn assert_spans(report: &Report) {
    let text = report.source.text();
    for d in &report.diagnostics {
        for span in d.span.iter().chain(d.labels.iter().map(|l| &l.span)) {
            assert!(span.end as usize <= text.len(), "span past the end: {d:?}");
            assert!(
                text.is_char_boundary(span.start as usize)
                    && text.is_char_boundary(span.end as usize),
                "span inside a character: {d:?}"
            );
        }
    }
}

/// Every output format renders the reports, and the JSON ones are valid JSON.
pub fn render_all(reports: &[Report]) {
    for r in reports {
        let _ = human::render(r, human::HumanOptions::default());
        let _ = human::render(
            r,
            human::HumanOptions {
                color: true,
                width: 40,
            },
        );
    }
    let doc: serde_json::Value =
        serde_json::from_str(&json::render(reports)).expect("--format json is JSON");
    assert_eq!(
        doc["files"].as_array().map(Vec::len),
        Some(reports.len()),
        "one entry per file"
    );
    for line in json_lines::render(reports).lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("each json-lines line is JSON");
    }
    serde_json::from_str::<serde_json::Value>(&sarif::render(reports)).expect("SARIF is JSON");
    // No annotation line holds a control character from a key or value (a tab is fine).
    let annotations = github::render(reports);
    for line in annotations.lines() {
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "control character in a GitHub annotation: {line:?}"
        );
    }
    let _ = junit::render(reports);
    let _ = bodyguard::unstable::render::statistics_table(reports);
    serde_json::from_str::<serde_json::Value>(&bodyguard::unstable::render::statistics_json(
        reports,
    ))
    .expect("statistics JSON is JSON");
}

/// Check one body, run the cross-file pass over it, render it in every format.
pub fn check_and_render(data: &[u8]) {
    let Some((selector, text)) = split(data) else {
        return;
    };
    let (name, kind) = select(selector);
    let report = checker().check_source(SourceFile::new(name, text), kind);
    assert_spans(&report);
    let mut reports = vec![report];
    bodyguard::unstable::project::check(&mut reports, checker().settings());
    render_all(&reports);
}

/// `--fix` and `--diff`: apply the safe fixes until stable, re-check the result, diff and
/// mask both texts.
pub fn fix(data: &[u8]) {
    let Some((selector, text)) = split(data) else {
        return;
    };
    let (name, kind) = select(selector);
    let fixed = bodyguard::unstable::fix::fix_until_stable(checker(), name, text, kind, |_| true);
    assert!(fixed.rounds <= bodyguard::unstable::fix::MAX_ROUNDS);
    if fixed.text != text {
        assert!(fixed.applied > 0, "the text changed without a fix applied");
        assert!(
            bodyguard::unstable::fix::parses(name, &fixed.text),
            "a fixed text that does not parse was returned"
        );
        let report = checker().check_source(SourceFile::new(name, fixed.text.as_str()), kind);
        assert_spans(&report);
        render_all(&[report]);
    }
    for t in [text, fixed.text.as_str()] {
        let masked = bodyguard::unstable::secrets::mask_text(name, t);
        assert_eq!(masked.len(), t.len(), "masking keeps the length");
    }
    let diff = bodyguard::unstable::fix::unified_diff(
        name,
        &bodyguard::unstable::secrets::mask_text(name, text),
        &bodyguard::unstable::secrets::mask_text(name, &fixed.text),
    );
    if fixed.text == text {
        assert!(diff.is_empty(), "a diff without a change");
    }
}

const METHODS: [&str; 6] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];

/// The request checker: a method, a URL (the first line) and a body (the rest); the whole
/// input also as a Kuzzle JSON request.
pub fn request(data: &[u8]) {
    let Some((selector, text)) = split(data) else {
        return;
    };
    let method = METHODS[usize::from(selector) % METHODS.len()];
    let (url, body) = text.split_once('\n').unwrap_or((text, ""));
    let name = if selector & 0x80 != 0 {
        "body.jsonc"
    } else {
        "body.json"
    };
    let checked = bodyguard::check_request(checker(), method, url, name, body);
    let reports: Vec<Report> = checked.reports().into_iter().cloned().collect();
    reports.iter().for_each(assert_spans);
    render_all(&reports);
    let checked = bodyguard::check_json_request(checker(), "request.json", text);
    let reports: Vec<Report> = checked.reports().into_iter().cloned().collect();
    reports.iter().for_each(assert_spans);
    render_all(&reports);
}

/// Inventory loading, the rules that need one, cross-file checks and `explain-access`: the
/// input is split at NUL bytes; the first part is an inventory file, each other part a
/// body (its first byte the selector).
pub fn project(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split('\0');
    let inventory_text = parts.next().unwrap_or("");
    let mut inventory = bodyguard::Inventory::default();
    let inventory = match serde_json::from_str::<serde_json::Value>(inventory_text) {
        Ok(value) => inventory
            .add_value(&value, "inventory.json")
            .ok()
            .map(|()| std::sync::Arc::new(inventory)),
        Err(_) => None,
    };
    let settings = Settings {
        inventory: inventory.clone(),
        ..Settings::default()
    };
    let checker = Checker::with_settings(settings);
    let mut reports = Vec::new();
    for (i, part) in parts.take(8).enumerate() {
        let Some((&selector, rest)) = part.as_bytes().split_first() else {
            continue;
        };
        let Ok(body) = std::str::from_utf8(rest) else {
            continue;
        };
        let (name, kind) = select(selector);
        let name = format!("{i}-{name}");
        let report = checker.check_source(SourceFile::new(name.as_str(), body), kind);
        assert_spans(&report);
        reports.push(report);

        // The access model (explain-access, diff, security rules): every profile and user
        // of the body, asked what it may do and one request with an index.
        let mut diagnostics = Vec::new();
        let document = parse(body, Syntax::for_path(&name), &mut diagnostics);
        if let Some(root) = document.root() {
            use bodyguard::unstable::access::{eval, load, model, rights, securities::Securities};
            let mut s = Securities::default();
            if load::add_file(&mut s, &name, root).is_ok() {
                let keys = rights::universe([&s]);
                let table = rights::RoleTable::new(&s, &keys);
                let mut request = model::Request::new("document", "search");
                request.index = Some("idx".into());
                let profiles: Vec<String> = s.profiles.keys().cloned().collect();
                for id in &profiles {
                    let subject = eval::Subject::Profile(id);
                    let _ = rights::rights(&s, &table, subject);
                    let _ = eval::evaluate(&s, subject, &request);
                }
                let _ = bodyguard::unstable::access::diff::diff(&Securities::default(), &s);
            }
        }
    }
    bodyguard::unstable::project::check(&mut reports, checker.settings());
    reports.iter().for_each(assert_spans);
    render_all(&reports);
}

/// A body checked under a fuzzed `bodyguard.toml` (severities, kinds, ignores).
const CONFIG_BODIES: [(&str, &str); 3] = [
    (
        "profiles/editor.json",
        r#"{"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}, {"index": "shop"}]}], "x": 1}"#,
    ),
    (
        "roles/admin.json",
        r#"{"controllers": {"document": {"actions": {"get": "yes", "*": true}}}}"#,
    ),
    (
        "ci/contact.json",
        r#"{"ConnectorType": "AzureBlob", "connectorProperties": {"connectionString": "AccountKey=abc"}}"#,
    ),
];

/// `bodyguard.toml`: parse it; when valid, check some bodies with its severities, kinds and
/// ignores, and report its unused ignores; render the result or the configuration error.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A root that does not exist: an ignore's glob is never walked on this machine.
    let root = std::path::Path::new("/nonexistent/bodyguard-fuzz");
    let config =
        match bodyguard::unstable::config::parse(SourceFile::new("bodyguard.toml", text), root) {
            Ok(c) => c,
            Err(e) => {
                let report = e.into_report();
                assert_spans(&report);
                render_all(&[report]);
                return;
            }
        };
    let settings = Settings {
        severities: config.severities.clone(),
        ..Settings::default()
    };
    let checker = Checker::with_settings(settings);
    let mut tracker = bodyguard::unstable::config::IgnoreTracker::new(&config);
    let mut reports = Vec::new();
    for (name, body) in CONFIG_BODIES {
        let kind = config.kind_for(name);
        let mut report = checker.check_source(SourceFile::new(name, body), kind);
        tracker.apply(name, &mut report);
        reports.push(report);
    }
    if let Some(unused) = tracker.unused(checker.settings()) {
        reports.push(unused);
    }
    reports.iter().for_each(assert_spans);
    render_all(&reports);
}
