//! The most memory the parser holds at once on a wide container: its entries once, not once
//! in the vector they are gathered in and again in the tree.
//!
//! The allocator of `tests/counting/` counts live bytes and their peak; the file has one
//! test, so no other test allocates meanwhile.

use bodyguard::unstable::parse::{parse, Node, Syntax};
use std::sync::atomic::Ordering;

mod counting;
use counting::{LIVE, PEAK};

/// The bytes the tree of `text` holds, and the most the parser held above what it started
/// with while building it.
fn parse_peak(text: &str) -> (usize, usize) {
    let mut diagnostics = Vec::new();
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let document = parse(text, Syntax::Json, &mut diagnostics);
    let held = LIVE.load(Ordering::Relaxed) - before;
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert!(document.root().is_some() && diagnostics.is_empty());
    drop(document);
    (held, peak)
}

#[test]
fn a_wide_container_is_not_held_twice() {
    // 8,192 entries: the vector gathering them grows to exactly their number, so its last
    // growth briefly holds 1.5 times the entries; a copy into the tree would hold twice.
    let n = 8192;
    let nulls = vec!["null"; n].join(",");
    let node = std::mem::size_of::<Node>();
    for text in [
        format!("[{nulls}]"),
        // Below a member of its parent, as the roles of a securities file.
        format!(r#"{{"a": 1, "b": [{nulls}]}}"#),
    ] {
        let (held, peak) = parse_peak(&text);
        assert!(held >= n * node, "{held} bytes held");
        assert!(
            peak * 4 <= held * 7,
            "{peak} bytes at the peak for {held} held"
        );
    }
    let members = (0..n)
        .map(|i| format!(r#""k{i}": null"#))
        .collect::<Vec<_>>()
        .join(",");
    let (held, peak) = parse_peak(&format!(r#"{{"roles": {{{members}}}}}"#));
    // The index of the keys (looking for duplicates) peaks at 2.3 times the members when it
    // grows; it is gone before the members are moved.
    assert!(
        peak * 5 <= held * 13,
        "{peak} bytes at the peak for {held} held"
    );
}
