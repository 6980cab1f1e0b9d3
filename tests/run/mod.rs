//! Running the `bodyguard` binary from a test, and scratch directories for it. A test file
//! uses what it needs (`mod run;`).
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Run the binary with `args` in `cwd`, colours off: its exit code, stdout and stderr.
pub fn bodyguard(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A scratch directory whose name starts with `bodyguard-{tag}-`, removed when dropped.
pub fn temp_dir(tag: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("bodyguard-{tag}-"))
        .tempdir()
        .unwrap()
}
