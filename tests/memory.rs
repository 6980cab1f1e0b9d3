//! What a report holds in memory per finding, on inputs where every few bytes make one: the
//! findings of a big file are all held until the report is rendered, so their size is what
//! keeps the peak memory of `bodyguard check` near the size of its input.
//!
//! The allocator of `tests/counting/` counts live bytes; the file has one test, so no other
//! test allocates meanwhile. `benches/scaling.py` measures the peak RSS of the release
//! binary on the same shapes.

use bodyguard::unstable::core::diagnostic::Diagnostic;
use bodyguard::{Checker, Kind, Report, SourceFile};
use std::sync::atomic::Ordering;

mod counting;
use counting::LIVE;

/// `unit(i)` for i = 0, 1, … joined by `sep`, `n` times (as `benches/scaling.py` writes them).
fn repeat(n: usize, sep: &str, unit: impl Fn(usize) -> String) -> String {
    (0..n).map(unit).collect::<Vec<_>>().join(sep)
}

/// The report of `text` checked as `kind`, and the bytes it holds beyond the text itself.
fn held(kind: Kind, text: String) -> (Report, usize) {
    // Every finding kept: this measures what each costs, past the default limit per rule.
    let checker = Checker::with_settings(bodyguard::Settings {
        max_findings_per_rule: None,
        ..Default::default()
    });
    // Compile the kind's schema first: it is the checker's, not the report's.
    drop(checker.check(kind, "{}"));
    let len = text.len();
    let before = LIVE.load(Ordering::Relaxed);
    let report = checker.check_source(SourceFile::new("big.json", text), Some(kind));
    let after = LIVE.load(Ordering::Relaxed);
    drop(checker);
    (report, after.saturating_sub(before + len))
}

/// True when two texts are one allocation.
fn same(a: &Diagnostic, b: &Diagnostic) -> bool {
    let (a, b) = (a.help.as_deref(), b.help.as_deref());
    a.zip(b).is_some_and(|(a, b)| std::ptr::eq(a, b))
}

#[test]
fn findings_hold_few_bytes_and_share_their_help() {
    // Every diagnostic is this big before its texts; it is checked at compile time too.
    assert!(std::mem::size_of::<Diagnostic>() <= 96);

    // A securities file, one role a line, each with one right that is not a boolean
    // (`securities-bad-right`): a finding every 70 bytes.
    let n = 2000;
    let roles = repeat(n, ",\n  ", |i| {
        format!(r#""r{i}": {{"controllers": {{"document": {{"actions": {{"get": "yes"}}}}}}}}"#)
    });
    let text = format!("{{\n \"roles\": {{\n  {roles}\n }}\n}}\n");
    let (report, bytes) = held(Kind::KuzzleSecurities, text);
    let bad: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code() == "kuzzle/role-action-not-boolean")
        .collect();
    assert_eq!(bad.len(), n);
    assert!(same(bad[0], bad[n - 1]), "each finding has its own help");
    let per_finding = bytes / n;
    eprintln!("securities-bad-right: {per_finding} bytes held per finding");
    assert!(per_finding <= 215, "{per_finding} bytes held per finding");

    // Users naming profiles that do not exist (`many-users`): two findings every 70 bytes.
    let users = repeat(n, ",\n  ", |i| {
        format!(r#""u{i}": {{"content": {{"profileIds": ["p{i}"]}}, "credentials": {{}}}}"#)
    });
    let text = format!("{{\n \"users\": {{\n  {users}\n }}\n}}\n");
    let (report, bytes) = held(Kind::KuzzleSecurities, text);
    assert_eq!(report.diagnostics.len(), 2 * n);
    for code in [
        "kuzzle/securities-unknown-profile",
        "kuzzle/securities-user-without-credentials",
    ] {
        let of: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.code() == code)
            .collect();
        assert_eq!(of.len(), n, "{code}");
        assert!(
            same(of[0], of[n - 1]),
            "{code}: each finding has its own help"
        );
    }
    let per_finding = bytes / (2 * n);
    eprintln!("many-users: {per_finding} bytes held per finding");
    assert!(per_finding <= 135, "{per_finding} bytes held per finding");

    // Many duplicate keys on one line (`json-duplicate-keys`): a finding, with a label on the
    // first key, every 7 bytes.
    let keys = repeat(n, ",", |_| r#""a": 1"#.to_string());
    let (report, bytes) = held(
        Kind::KuzzleRole,
        format!(r#"{{"controllers": {{}}, "x": {{{keys}}}}}"#),
    );
    let duplicates: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code() == "json/duplicate-key")
        .collect();
    assert_eq!(duplicates.len(), n - 1);
    assert!(duplicates.iter().all(|d| d.labels.len() == 1));
    assert!(same(duplicates[0], duplicates[n - 2]));
    let per_finding = bytes / n;
    eprintln!("json-duplicate-keys: {per_finding} bytes held per finding");
    assert!(per_finding <= 155, "{per_finding} bytes held per finding");
}
