//! Hostile input: nothing may panic, every bad file gets a diagnostic, the run goes on.
//!
//! Runs in the normal suite within a few seconds. The big-file test uses 20 MB in debug
//! builds and 50 MB in release builds (`cargo test --release --test hostile`).

use bodyguard::unstable::render::{human, json};
use bodyguard::{Kind, Report, SourceFile};
use std::path::{Path, PathBuf};
use std::process::Command;

// The fuzz targets' set-up: one checker, and the selector byte's file name and kind.
#[path = "../fuzz/paths.rs"]
mod paths;
mod run;
use paths::checker;
use run::bodyguard;

/// Check `text` under `name` (sniffed kind, or `kind`) and render it both ways.
fn check(name: &str, text: &str, kind: Option<Kind>) -> Report {
    let report = checker().check_source(SourceFile::new(name, text), kind);
    let _ = human::render(&report, human::HumanOptions::default());
    let _ = json::render(std::slice::from_ref(&report));
    report
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.diagnostics.iter().map(|d| d.meta.code).collect()
}

/// A scratch directory, removed at the end of the test.
fn temp_dir(tag: &str) -> tempfile::TempDir {
    run::temp_dir(&format!("hostile-{tag}"))
}

#[cfg(unix)]
fn make_readable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let _ = std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(0o644));
        }
    }
}

#[cfg(not(unix))]
fn make_readable(_: &Path) {}

#[test]
fn nesting_100_000_deep_is_a_finding() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let text = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
        for kind in [None, Some(Kind::KuzzleProfile), Some(Kind::CiConnector)] {
            let report = check("deep.json", &text, kind);
            assert_eq!(codes(&report), ["json/too-deep"], "{open}");
        }
        // Unterminated too.
        let report = check("deep.json", &open.repeat(100_000), None);
        assert_eq!(codes(&report), ["json/too-deep"]);
    }
    // Deep but within what the parser reads: checked like any other body (claimed as a
    // profile: `policies` holding no policy object is no evidence of one).
    let text = format!("{{\"policies\": {}1{}}}", "[".repeat(400), "]".repeat(400));
    let report = check("deep.json", &text, Some(Kind::KuzzleProfile));
    assert_eq!(codes(&report), ["schema/type"]);
    let text = format!(
        "{{\"policies\": {}1{}}}",
        "{\"a\":".repeat(200),
        "}".repeat(200)
    );
    let report = check("deep.jsonc", &text, Some(Kind::KuzzleProfile));
    assert_eq!(codes(&report), ["schema/type"]);
}

#[test]
fn one_megabyte_string() {
    let big = "x".repeat(1 << 20);
    let report = check(
        "s.json",
        &format!("{{\"policies\": \"{big}\"}}"),
        Some(Kind::KuzzleProfile),
    );
    assert_eq!(codes(&report), ["schema/type"]);
    let report = check(
        "s.json",
        &format!("{{\"policies\": [{{\"roleId\": \"{big}\"}}], \"tags\": [\"{big}\"]}}"),
        None,
    );
    let _ = codes(&report);
    // A long key, escaped characters and a secret.
    let escaped = "\\u00e9\\n".repeat(100_000);
    let text = format!("{{\"{big}\": 1, \"policies\": [], \"password\": \"{escaped}\"}}");
    let report = check("s.json", &text, Some(Kind::KuzzleProfile));
    assert!(!report.source.text().contains("\\u00e9"), "secret masked");
    assert_eq!(report.source.text().len(), text.len());
}

#[test]
fn nul_bytes_and_control_characters() {
    for text in [
        "\0",
        "{\"policies\": [], \"x\": \"a\0b\"}",
        "{\"policies\": []}\0",
        "\0{\"policies\": []}",
        "{\"policies\"\0: []}",
        "{\"policies\": [\"\u{1b}[31mred\"]}",
        "\u{feff}\0",
        "\u{feff}",
        "   \n\t ",
        "",
    ] {
        // Unclaimed: a finding, or skipped as no body; never a panic.
        let report = check("nul.json", text, None);
        assert_eq!(report.skipped, report.diagnostics.is_empty(), "{text:?}");
        let report = check("nul.json", text, Some(Kind::KuzzleProfile));
        assert!(!report.diagnostics.is_empty(), "{text:?}");
        let report = check("nul.jsonc", text, Some(Kind::KuzzleRole));
        assert!(!report.diagnostics.is_empty(), "{text:?}");
    }
}

#[test]
fn no_terminal_escape_reaches_the_output() {
    let text = "{\"policies\": \"\u{1b}]0;title\u{7}\u{1b}[2J\u{9b}31m\", \"\u{1b}[31m\": 1}";
    for kind in [Some(Kind::KuzzleProfile), Some(Kind::KuzzleRole)] {
        let report = checker().check_source(SourceFile::new("esc\u{1b}[1m.json", text), kind);
        assert!(!report.diagnostics.is_empty());
        let out = human::render(&report, human::HumanOptions::default());
        assert!(!out.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{out:?}");
        assert!(out.contains("?]0;title"), "{out}");
    }
}

#[test]
fn odd_but_valid_json() {
    for text in [
        r#"{"policies": [{"roleId": "\ud83d\ude00"}]}"#,
        r#"{"policies": [{"roleId": "\ud800"}]}"#,
        r#"{"policies": [{"roleId": "\udc00\ud800"}]}"#,
        r#"{"policies": [], "rateLimit": 1e999}"#,
        r#"{"policies": [], "rateLimit": -0.0e-0}"#,
        r#"{"policies": [], "rateLimit": 123456789012345678901234567890}"#,
        r#"{"policies": [], "policies": [], "policies": {}}"#,
        r#"{"": {"": {"/~": []}}, "policies": []}"#,
    ] {
        check("odd.json", text, None);
        check("odd.jsonc", text, None);
    }
}

#[test]
fn big_file_is_checked_quickly() {
    let megabytes = if cfg!(debug_assertions) { 20 } else { 50 };
    let dir = temp_dir("big");
    let path = dir.path().join("securities.json");
    let mut text = String::with_capacity(megabytes << 20);
    text.push_str("{\n  \"roles\": {\n");
    let mut i = 0;
    while text.len() < megabytes << 20 {
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&format!(
            "    \"role-{i}\": {{\"controllers\": {{\"document\": {{\"actions\": {{\"get\": true, \"search\": true, \"update\": {}}}}}, \"auth\": {{\"actions\": {{\"login\": true}}}}}}}}",
            i % 2 == 0
        ));
        i += 1;
    }
    // One mistake at the very end of the file, so its code frame is far from the start.
    text.push_str(",\n    \"last\": {\"controllers\": {\"auth\": {\"actions\": {\"login\": \"yes\"}}}}\n  }\n}\n");
    std::fs::write(&path, &text).unwrap();
    let started = std::time::Instant::now();
    let (code, stdout, stderr) = bodyguard(&["check", "securities.json"], dir.path());
    let elapsed = started.elapsed();
    assert_eq!(code, 1, "{stdout}{stderr}");
    // The one mistake, a string where Kuzzle wants a boolean, is found at the very end.
    assert!(
        stdout.contains("kuzzle/role-action-not-boolean"),
        "{stdout}"
    );
    assert!(stdout.contains("Found 1 error in 1 of 1 file."), "{stdout}");
    eprintln!("{megabytes} MB checked in {elapsed:?}");
}

#[test]
fn a_big_file_keeps_its_text_findings_and_masks() {
    // Past `PARK_MIN_LEN`, the text waits compressed while the tree is checked: the report
    // must still hold the exact text (secrets masked) and place findings on it.
    let mut text = String::from("{\n  \"users\": {\n");
    let mut i = 0;
    while text.len() < bodyguard::unstable::core::source::PARK_MIN_LEN + (1 << 20) {
        text.push_str(&format!(
            "    \"user-{i}\": {{\"content\": {{\"profileIds\": [\"default\"], \"name\": \"Zoë {i}\"}}, \"credentials\": {{\"local\": {{\"username\": \"u{i}\", \"password\": \"s3cret-{i}\"}}}}}},\n"
        ));
        i += 1;
    }
    text.push_str("    \"last\": {\"content\": {\"profileIds\": [\"nope\"]}, \"credentials\": {\"local\": {\"username\": \"last\", \"password\": \"s3cret-last\"}}}\n  }\n}\n");
    let report = check("big.json", &text, Some(Kind::KuzzleSecurities));
    let masked = report.source.text();
    assert_eq!(masked.len(), text.len());
    assert!(!masked.contains("s3cret-"), "a password is shown");
    assert!(masked.contains("\"name\": \"Zoë 1234\""));
    let unknown = report
        .diagnostics
        .iter()
        .find(|d| d.meta.code == "kuzzle/securities-unknown-profile")
        .expect("the unknown profile at the end");
    let at = report.source.line_col(unknown.span.unwrap().start as usize);
    assert_eq!((at.line, at.column), (i + 3, 41));
    assert_eq!(&text[unknown.span.unwrap().range()], "\"nope\"");
}

#[test]
fn files_that_cannot_be_read() {
    let dir = temp_dir("unreadable");
    let d = dir.path();
    std::fs::write(d.join("ok.json"), r#"{"policies": []}"#).unwrap();
    std::fs::write(d.join("latin1.json"), b"{\"policies\": [\"caf\xe9\"]}").unwrap();
    std::fs::create_dir(d.join("folder.json")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("missing-target"), d.join("dangling.json")).unwrap();
    let (code, stdout, _) = bodyguard(
        &[
            "check",
            "ok.json",
            "latin1.json",
            "folder.json",
            "dangling.json",
        ],
        d,
    );
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.contains("not valid UTF-8"), "{stdout}");
    #[cfg(unix)]
    assert!(stdout.contains("dangling.json"), "{stdout}");
}

/// True when the current user can read a file whose permissions forbid it (root).
#[cfg(unix)]
fn permissions_are_ignored(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    readable
}

#[test]
#[cfg(unix)]
fn glob_over_10_000_files_with_unreadable_ones() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("many");
    let d = dir.path();
    let root_reads_everything = permissions_are_ignored(d);
    let files = d.join("files");
    std::fs::create_dir(&files).unwrap();
    for i in 0..10_000 {
        let body = if i % 1000 == 7 {
            format!(r#"{{"policies": [{{"roleId": "r{i}", "restrictedto": []}}]}}"#)
        } else {
            format!(r#"{{"policies": [{{"roleId": "r{i}"}}], "tags": ["t"]}}"#)
        };
        std::fs::write(files.join(format!("body-{i:05}.json")), body).unwrap();
    }
    // Unreadable for everyone: dangling links. Unreadable for non-root users: mode 000.
    for i in 0..3 {
        std::os::unix::fs::symlink(
            d.join(format!("gone-{i}")),
            files.join(format!("link-{i}.json")),
        )
        .unwrap();
    }
    for i in [1, 5000, 9999] {
        std::fs::set_permissions(
            files.join(format!("body-{i:05}.json")),
            std::fs::Permissions::from_mode(0o000),
        )
        .unwrap();
    }
    let unreadable = if root_reads_everything { 3 } else { 6 };
    let (code, stdout, stderr) = bodyguard(&["check", "files/*.json"], d);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stdout.matches("io/unreadable").count(),
        unreadable,
        "{stdout}"
    );
    assert_eq!(stdout.matches("schema/unknown-key").count(), 10);
    assert!(
        stdout.contains("of 10003 files."),
        "{}",
        stdout.lines().last().unwrap_or("")
    );

    let (code, stdout, _) = bodyguard(&["check", "files", "--format", "json"], d);
    assert_eq!(code, 2);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 10003);

    // Without the unreadable files the run only has findings: exit 1.
    for i in 0..3 {
        std::fs::remove_file(files.join(format!("link-{i}.json"))).unwrap();
    }
    make_readable(&files);
    let (code, _, _) = bodyguard(&["check", "files/*.json"], d);
    assert_eq!(code, 1);
}

/// Inputs the `check` fuzz target once tripped on (and other hostile samples), replayed the
/// way the fuzz target runs them: first byte = file name and kind selector.
#[test]
fn fuzz_regressions_do_not_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        // Sub-directories hold the other targets' inputs (tests/fuzz_replay.rs).
        if entry.path().is_dir() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        let Some((&selector, rest)) = bytes.split_first() else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(rest) else {
            continue;
        };
        let (name, kind) = paths::select(selector);
        let report = check(name, text, kind);
        let mut reports = vec![report];
        bodyguard::unstable::project::check(&mut reports, checker().settings());
        n += 1;
    }
    assert!(n > 0, "no regression input in {}", dir.display());
}

/// `write_atomic` never leaves a truncated file: a child process rewriting a big file in a
/// loop is killed at random moments; the file always holds one complete version.
#[test]
fn atomic_write_survives_being_killed() {
    const SIZE: usize = 4 << 20;
    let dir = temp_dir("atomic");
    let target = dir.path().join("body.json");
    std::fs::write(&target, vec![b'a'; SIZE]).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let exe = std::env::current_exe().unwrap();
    let mut seed = 0x9e37_79b9_u64;
    for round in 0..8 {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "atomic_write_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("BODYGUARD_ATOMIC_TARGET", &target)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(std::time::Duration::from_millis(30 + seed % 150));
        child.kill().unwrap();
        child.wait().unwrap();
        let bytes = std::fs::read(&target).unwrap();
        assert_eq!(bytes.len(), SIZE, "round {round}: truncated file");
        assert!(
            bytes.iter().all(|b| *b == bytes[0]),
            "round {round}: mixed content"
        );
        // A temporary file the kill left behind was never more readable than the file.
        #[cfg(unix)]
        for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
            use std::os::unix::fs::PermissionsExt;
            let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "round {round}: {:?}", entry.file_name());
        }
        // The next run clears what the killed one left.
        bodyguard::unstable::fsutil::clean_stale_temporaries(dir.path());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "round {round}: {left:?}");
    }
}

/// Child process of `atomic_write_survives_being_killed` (does nothing in a normal run).
#[test]
fn atomic_write_child() {
    let Some(target) = std::env::var_os("BODYGUARD_ATOMIC_TARGET") else {
        return;
    };
    let target = PathBuf::from(target);
    const SIZE: usize = 4 << 20;
    let versions = [vec![b'a'; SIZE], vec![b'b'; SIZE]];
    for i in 0.. {
        bodyguard::unstable::fsutil::write_atomic(&target, &versions[i % 2]).unwrap();
    }
}
