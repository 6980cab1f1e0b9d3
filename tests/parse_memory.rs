//! What the tree of a body holds: its text once and a record of 12 bytes a scalar and 20 a
//! container (keys and strings are read from the text), 8 bytes an entry of an array of
//! scalars only, with nothing gathered beside the records while they are built.
//!
//! The allocator of `tests/counting/` counts live bytes and their peak; the file has one
//! test, so no other test allocates meanwhile.

use bodyguard::unstable::parse::{parse, Syntax};
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
fn the_tree_is_its_text_and_small_records() {
    const SCALAR: usize = 12;
    const CONTAINER: usize = 20;
    const ELEMENT: usize = 8;
    let n = 8192;
    let nulls = vec!["null"; n].join(",");
    let members = (0..n)
        .map(|i| format!(r#""k{i}": null"#))
        .collect::<Vec<_>>()
        .join(",");
    for (text, records, index) in [
        // A wide array of scalars.
        (format!("[{nulls}]"), CONTAINER + n * ELEMENT, 0),
        // Below a member of its parent.
        (
            format!(r#"{{"a": 1, "b": [{nulls}]}}"#),
            CONTAINER + SCALAR + CONTAINER + n * ELEMENT,
            0,
        ),
        // An array with a container after its scalars: each scalar has a key word.
        (
            format!("[{nulls}, []]"),
            CONTAINER + n * SCALAR + CONTAINER,
            0,
        ),
        // A wide object, as the roles of a securities file: the parser's index of its keys
        // (looking for duplicates) holds 4 bytes a member and its hash table's room.
        (
            format!(r#"{{"roles": {{{members}}}}}"#),
            CONTAINER + CONTAINER + n * SCALAR,
            16 * n,
        ),
    ] {
        let (held, peak) = parse_peak(&text);
        // `parse` copies the text into the tree; then the records, and a few small blocks.
        assert!(
            held >= text.len() + records && held <= text.len() + records + 1024,
            "{held} bytes held for {} of text and {records} of records",
            text.len()
        );
        // The records are one vector, grown by doubling: while it grows and when it is
        // trimmed, it holds at most three times its records (this allocator counts a moving
        // block twice). A tree of owned values gathered in vectors held far more.
        assert!(
            peak <= text.len() + 3 * records + index + 1024,
            "{peak} bytes at the peak for {held} held"
        );
    }
}
