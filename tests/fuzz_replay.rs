//! The fuzz targets' bodies (`fuzz/paths.rs`), run over every seed and every saved
//! regression input, so what fuzzing once found stays fixed without a fuzzer installed.
//! (`tests/hostile.rs` replays the `check` target's own regressions.)

#[path = "../fuzz/paths.rs"]
mod paths;

use std::path::Path;

/// Run `target` on every file of `fuzz/seeds/<dir>/` and `fuzz/regressions/<dir>/`;
/// returns how many there were.
fn replay(dir: &str, target: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for base in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(base).join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.is_file()) {
            let bytes = std::fs::read(&path).unwrap();
            let result = std::panic::catch_unwind(|| target(&bytes));
            assert!(result.is_ok(), "{} fails", path.display());
            n += 1;
        }
    }
    n
}

#[test]
fn check_target_renders_every_format() {
    assert!(replay("check", paths::check_and_render) > 40);
    // The check target's regressions sit directly in fuzz/regressions/.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().is_file() {
            paths::check_and_render(&std::fs::read(entry.path()).unwrap());
        }
    }
}

#[test]
fn fix_target() {
    assert!(replay("fix", paths::fix) > 100);
}

#[test]
fn request_target() {
    assert!(replay("request", paths::request) >= 5);
}

#[test]
fn project_target() {
    assert!(replay("project", paths::project) >= 2);
}

#[test]
fn config_target() {
    assert!(replay("config", paths::config) >= 2);
}
