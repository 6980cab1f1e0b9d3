//! The most memory the parser holds at once on a wide container: its entries once, not once
//! in the vector they are gathered in and again in the tree.
//!
//! An allocator that counts live bytes and their peak wraps the system one; the file has one
//! test, so no other test allocates meanwhile.

use bodyguard::unstable::parse::{parse, Node, Syntax};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: forwards every call to the system allocator and only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as the allocation of the new block before the old one is freed: a moving
        // realloc holds both.
        grew(new_size);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The bytes the tree of `text` holds, and the most the parser held above what it started
/// with while building it.
fn parse_peak(text: &str) -> (usize, usize) {
    let mut diagnostics = Vec::new();
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let document = parse(text, Syntax::Json, &mut diagnostics);
    let held = LIVE.load(Ordering::Relaxed) - before;
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert!(document.root.is_some() && diagnostics.is_empty());
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
