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

#[test]
fn a_fix_of_every_item_peaks_near_its_check() {
    // `fix-duplicates`: one restriction listing a collection 250,000 times.
    let cols = vec![r#""c""#; 250_000].join(",");
    let text = Arc::new(format!(
        r#"{{"policies": [{{"roleId": "r", "restrictedTo": [{{"index": "i", "collections": [{cols}]}}]}}]}}"#
    ));
    let checker = Checker::new();
    // Compile the kind's schema first: it is the checker's, not the fix's.
    drop(checker.check(Kind::KuzzleProfile, "{}"));
    let peak_of = |run: &mut dyn FnMut()| {
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        run();
        PEAK.load(Ordering::Relaxed).saturating_sub(before) as f64 / text.len() as f64
    };
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
    println!("peak per byte of text: check {check:.2}, fix {fix:.2}");
    assert!(fix < check + 0.5, "check {check:.2}, fix {fix:.2}");
}
