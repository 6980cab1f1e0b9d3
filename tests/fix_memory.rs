//! The most memory `--fix` holds at once on a text of many fixes: every fix is applied in one
//! run, but the findings past the limit of findings per rule are not held (their fixes are
//! collected as they are left out, see `bodyguard::unstable::fix`). A fix run once held
//! every finding: over 100 bytes per byte of this text.
//!
//! The allocator of `tests/counting/` counts live bytes and their peak; the file has one
//! test, so no other test allocates meanwhile.

use bodyguard::{Checker, Kind, SourceFile};
use std::sync::atomic::Ordering;
use std::sync::Arc;

mod counting;
use counting::{LIVE, PEAK};

/// The peak of `run`, in bytes per byte of `text`, past what was live before.
fn peak_per_byte(text: &str, run: &mut dyn FnMut()) -> f64 {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    run();
    PEAK.load(Ordering::Relaxed).saturating_sub(before) as f64 / text.len() as f64
}

/// One test, so that no other test allocates while the peaks are counted.
#[test]
fn fixes_of_every_item_peak_near_their_check() {
    a_fix_of_every_duplicate_peaks_near_its_check();
    a_fix_of_every_key_case_peaks_near_its_check();
}

fn a_fix_of_every_key_case_peaks_near_its_check() {
    // `fix-key-case`: a profile type of 50,000 fields whose two keys are in PascalCase.
    let fields: Vec<String> = (0..50_000)
        .map(|i| format!(r#"{{"FieldName": "f{i}", "FieldType": "String"}}"#))
        .collect();
    let text = Arc::new(format!(
        r#"{{"typeName": "Contact", "fields": [{}]}}"#,
        fields.join(",")
    ));
    let checker = Checker::new();
    drop(checker.check(Kind::CiProfileType, "{}"));
    let check = peak_per_byte(&text, &mut || {
        let report = checker.check_source(
            SourceFile::shared("t.json", Arc::clone(&text)),
            Some(Kind::CiProfileType),
        );
        // 1000 `ci/key-case` findings and a summary of those left out, among others.
        assert!(report.diagnostics.len() > 1000);
    });
    let mut fixed = None;
    let fix = peak_per_byte(&text, &mut || {
        fixed = Some(bodyguard::unstable::fix::fix_shared_until_stable(
            &checker,
            "t.json",
            &text,
            Some(Kind::CiProfileType),
            |_| true,
        ));
    });
    let fixed = fixed.unwrap();
    assert_eq!(fixed.applied, 100_000);
    assert_eq!(fixed.introduced, 0);
    assert!(fixed
        .text
        .contains(r#"{"fieldName": "f49999", "fieldType": "String"}"#));
    // The fix holds what the check holds, a fix plan of 12 bytes a rename (about half a byte
    // per byte of this text), and the fixed text. It held two pointers for every rename and
    // every key-case finding once: over 15 bytes per byte.
    println!("key case, peak per byte of text: check {check:.2}, fix {fix:.2}");
    assert!(fix < check + 1.5, "check {check:.2}, fix {fix:.2}");
}

fn a_fix_of_every_duplicate_peaks_near_its_check() {
    // `fix-duplicates`: one restriction listing a collection 250,000 times.
    let cols = vec![r#""c""#; 250_000].join(",");
    let text = Arc::new(format!(
        r#"{{"policies": [{{"roleId": "r", "restrictedTo": [{{"index": "i", "collections": [{cols}]}}]}}]}}"#
    ));
    let checker = Checker::new();
    // Compile the kind's schema first: it is the checker's, not the fix's.
    drop(checker.check(Kind::KuzzleProfile, "{}"));
    let peak_of = |run: &mut dyn FnMut()| peak_per_byte(&text, run);
    let check = peak_of(&mut || {
        let report = checker.check_source(
            SourceFile::shared("p.json", Arc::clone(&text)),
            Some(Kind::KuzzleProfile),
        );
        assert_eq!(report.diagnostics.len(), 1001);
    });
    let mut fixed = None;
    let fix = peak_of(&mut || {
        fixed = Some(bodyguard::unstable::fix::fix_shared_until_stable(
            &checker,
            "p.json",
            &text,
            Some(Kind::KuzzleProfile),
            |_| true,
        ));
    });
    let fixed = fixed.unwrap();
    assert_eq!(
        fixed.text,
        r#"{"policies": [{"roleId": "r", "restrictedTo": [{"index": "i", "collections": ["c"]}]}]}"#
    );
    assert_eq!(fixed.applied, 249_999);
    assert_eq!(fixed.introduced, 0);
    // The fix holds what the check holds (the tree, at 12 bytes a value, is 3 bytes per byte
    // of this text), and a fix plan of one merged deletion.
    println!("duplicates, peak per byte of text: check {check:.2}, fix {fix:.2}");
    assert!(fix < check + 0.5, "check {check:.2}, fix {fix:.2}");
}
