//! Helpers for the crate's unit tests.

use std::path::PathBuf;

/// Every readable UTF-8 file under `fixtures/`, with its path.
pub fn fixture_texts() -> Vec<(PathBuf, String)> {
    let mut stack = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
    let mut texts = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                texts.push((path, text));
            }
        }
    }
    texts
}
