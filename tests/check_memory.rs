//! The most memory a whole check holds at once, on shapes where it once held far more than
//! the tree: a securities file of many roles that no profile names (the `security/*` rules
//! built an access model of every role), a body with thousands of unknown keys at its root
//! (each schema finding held room for an eight-step path), and a role with an error in every
//! controller (the validator held every error of the role at once).
//!
//! The allocator of `tests/counting/` counts live bytes and their peak; the file has one
//! test, so no other test allocates meanwhile. `benches/scaling.py` measures the peak RSS of
//! the release binary on the same shapes.

use bodyguard::{Checker, Kind, Report, SourceFile};
use std::sync::atomic::Ordering;

mod counting;
use counting::{LIVE, PEAK};

/// `unit(i)` for i = 0, 1, … joined by `sep`, `n` times (as `benches/scaling.py` writes them).
fn repeat(n: usize, sep: &str, unit: impl Fn(usize) -> String) -> String {
    (0..n).map(unit).collect::<Vec<_>>().join(sep)
}

/// The report of `text` checked as `kind`, showing at most `limit` findings per rule, and
/// the most the check held at once beyond the text, per byte of the text.
fn peak_per_byte(kind: Kind, limit: Option<usize>, text: String) -> (Report, f64) {
    let checker = Checker::with_settings(bodyguard::Settings {
        max_findings_per_rule: limit,
        ..Default::default()
    });
    // Compile the kind's schema first: it is the checker's, not the check's.
    drop(checker.check(kind, "{}"));
    let len = text.len();
    let before = LIVE.load(Ordering::Relaxed) + len;
    PEAK.store(before, Ordering::Relaxed);
    let report = checker.check_source(SourceFile::new("big.json", text), Some(kind));
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    drop(checker);
    (report, peak as f64 / len as f64)
}

#[test]
fn a_check_peaks_near_its_tree() {
    // `securities-valid`: one role a line, no profile, no finding.
    let roles = repeat(20_000, ",\n  ", |i| {
        format!(r#""r{i}": {{"controllers": {{"document": {{"actions": {{"get": true}}}}}}}}"#)
    });
    let text = format!("{{\n \"roles\": {{\n  {roles}\n }}\n}}\n");
    let (report, roles_peak) = peak_per_byte(Kind::KuzzleSecurities, None, text);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);

    // `ci-keys`-like: a profile type with thousands of keys it does not accept.
    let keys = repeat(50_000, ",", |i| format!(r#""Key{i}": {i}"#));
    let text = format!(r#"{{"typeName": "Contact", {keys}}}"#);
    let unknown = |report: &Report| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.meta.code == "schema/unknown-key")
            .count()
    };
    let (report, keys_peak) = peak_per_byte(Kind::CiProfileType, None, text.clone());
    assert!(
        unknown(&report) >= 50_000,
        "{} unknown keys",
        unknown(&report)
    );
    // The same with the default limit of findings per rule: 1000 shown, and one that says
    // how many more there are.
    let (report, limited_peak) = peak_per_byte(Kind::CiProfileType, Some(1000), text);
    assert_eq!(unknown(&report), 1001);

    // `role-controllers`: a role whose every controller has an error (two findings each),
    // with the default limit.
    let controllers = repeat(20_000, ",\n  ", |i| {
        format!(r#""c{i}": {{"actions": {{}}}}"#)
    });
    let text = format!("{{\"controllers\": {{\n  {controllers}\n}}}}\n");
    let (report, controllers_peak) = peak_per_byte(Kind::KuzzleRole, Some(1000), text);
    assert_eq!(
        report.diagnostics.len(),
        2002,
        "1000 of each rule and two summaries"
    );

    eprintln!(
        "peak per byte: roles {roles_peak:.2}, unknown keys {keys_peak:.2}, \
         {limited_peak:.2} with the limit, controllers {controllers_peak:.2}"
    );
    // Measured with this allocator: 2.3 and 17.6 bytes per byte, since the tree reads keys
    // and strings from the text (5.3 and 19.8 with a tree of owned values, 24.0 while the
    // validator's error copied the object; 10.4 and 40.7 when every role was read into the
    // access model and a schema finding took 216 bytes).
    assert!(roles_peak < 3.0, "roles: {roles_peak:.2} bytes per byte");
    assert!(
        keys_peak < 20.0,
        "unknown keys: {keys_peak:.2} bytes per byte"
    );
    // 1.6 with the limit, since the validator is shown big objects a run of members at a
    // time: its error for the root listed every unknown key as a `String` (2.9 then, 6.4
    // with a tree of owned values, 12.6 while that error also copied the object).
    assert!(
        limited_peak < 2.5,
        "unknown keys, with the limit: {limited_peak:.2} bytes per byte"
    );
    // 2.4: the tree, and 16 bytes a controller in the role's view (the validator held an
    // error for every controller at once, and the view 128 bytes and a pointer each).
    assert!(
        controllers_peak < 4.0,
        "controllers, with the limit: {controllers_peak:.2} bytes per byte"
    );
}
