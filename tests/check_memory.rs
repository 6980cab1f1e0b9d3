//! The most memory a whole check holds at once, on two shapes where it once held far more
//! than the tree: a securities file of many roles that no profile names (the `security/*`
//! rules built an access model of every role), and a body with thousands of unknown keys at
//! its root (each schema finding held room for an eight-step path).
//!
//! An allocator that counts live bytes and their peak wraps the system one; the file has one
//! test, so no other test allocates meanwhile. `benches/scaling.py` measures the peak RSS of
//! the release binary on the same shapes.

use bodyguard::{Checker, Kind, Report, SourceFile};
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

/// `unit(i)` for i = 0, 1, … joined by `sep`, `n` times (as `benches/scaling.py` writes them).
fn repeat(n: usize, sep: &str, unit: impl Fn(usize) -> String) -> String {
    (0..n).map(unit).collect::<Vec<_>>().join(sep)
}

/// The report of `text` checked as `kind`, and the most the check held at once beyond the
/// text, per byte of the text.
fn peak_per_byte(kind: Kind, text: String) -> (Report, f64) {
    let checker = Checker::new();
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
    let (report, roles_peak) = peak_per_byte(Kind::KuzzleSecurities, text);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);

    // `ci-keys`-like: a profile type with thousands of keys it does not accept.
    let keys = repeat(50_000, ",", |i| format!(r#""Key{i}": {i}"#));
    let text = format!(r#"{{"typeName": "Contact", {keys}}}"#);
    let (report, keys_peak) = peak_per_byte(Kind::CiProfileType, text);
    let unknown = report
        .diagnostics
        .iter()
        .filter(|d| d.meta.code == "schema/unknown-key")
        .count();
    assert!(unknown >= 50_000, "{unknown} unknown keys");

    eprintln!("peak per byte: roles {roles_peak:.2}, unknown keys {keys_peak:.2}");
    // Measured with this allocator: 4.9 and 24.3 bytes per byte; 10.4 and 40.7 when every
    // role was read into the access model and a schema finding took 216 bytes.
    assert!(roles_peak < 7.0, "roles: {roles_peak:.2} bytes per byte");
    assert!(
        keys_peak < 32.0,
        "unknown keys: {keys_peak:.2} bytes per byte"
    );
}
