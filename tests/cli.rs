//! The `check` command end to end: exit codes, inputs, stdin, quiet, colour, baseline.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bodyguard(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh directory under the target dir (no `bodyguard.toml` above it).
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const CLEAN: &str = r#"{"policies": [{"roleId": "editor"}]}"#;
const DUPLICATE: &str = r#"{"policies": [{"roleId": "a"}], "policies": [{"roleId": "b"}]}"#;

#[test]
fn exit_codes_clean_findings_and_io_errors() {
    let dir = temp_dir("exit");
    std::fs::write(dir.join("ok.json"), CLEAN).unwrap();
    std::fs::write(dir.join("dup.json"), DUPLICATE).unwrap();
    std::fs::write(
        dir.join("latin1.json"),
        b"{\"policies\": [{\"roleId\": \"\xe9\"}]}",
    )
    .unwrap();
    std::fs::create_dir(dir.join("sub.json")).unwrap();

    let o = bodyguard(&dir, &["check", "ok.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("All checks passed"));

    let o = bodyguard(&dir, &["check", "dup.json", "ok.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("json/duplicate-key"));
    assert!(stdout(&o).contains("dup.json:1:33"), "{}", stdout(&o));

    let o = bodyguard(&dir, &["check", "dup.json", "--exit-zero"]);
    assert_eq!(o.status.code(), Some(0));

    // A missing path is an I/O error (exit 2); the other files are still checked.
    let o = bodyguard(&dir, &["check", "missing.json", "dup.json"]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(out.contains("io/unreadable") && out.contains("missing.json"));
    assert!(out.contains("json/duplicate-key"));

    // Invalid UTF-8 is a finding of io/unreadable, located on the file.
    let o = bodyguard(&dir, &["check", "latin1.json", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"][0]["diagnostics"][0]["code"], "io/unreadable");
    assert!(v["files"][0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("UTF-8"));

    // A directory named like a file is walked, not read as a file; finding nothing in it is
    // a usage error, as for a glob.
    let o = bodyguard(&dir, &["check", "sub.json"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stdout(&o).contains("holds no *.json or *.jsonc file"));

    // A glob matching nothing is a usage error.
    let o = bodyguard(&dir, &["check", "nothing/*.json"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn quiet_prints_nothing_on_success_and_no_summary_otherwise() {
    let dir = temp_dir("quiet");
    std::fs::write(dir.join("ok.json"), CLEAN).unwrap();
    std::fs::write(dir.join("dup.json"), DUPLICATE).unwrap();
    let o = bodyguard(&dir, &["check", "ok.json", "--quiet"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    let o = bodyguard(&dir, &["check", "dup.json", "-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("json/duplicate-key"));
    assert!(!stdout(&o).contains("Found"));
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = temp_dir("colour");
    std::fs::write(dir.join("dup.json"), DUPLICATE).unwrap();
    // Not a terminal: no colour by default.
    let o = bodyguard(&dir, &["check", "dup.json"]);
    assert!(!stdout(&o).contains('\x1b'));
    let o = bodyguard(&dir, &["check", "dup.json", "--color", "always"]);
    assert!(stdout(&o).contains('\x1b'));
    let o = bodyguard(&dir, &["check", "dup.json", "--color=never"]);
    assert!(!stdout(&o).contains('\x1b'));
    let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(["check", "dup.json", "--color", "auto"])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&o).contains('\x1b'));
}

#[test]
fn stdin_uses_the_stdin_filename() {
    let dir = temp_dir("stdin");
    std::fs::create_dir_all(dir.join("roles")).unwrap();
    std::fs::write(
        dir.join("bodyguard.toml"),
        "[[kinds]]\nfiles = \"roles/*.jsonc\"\nkind = \"kuzzle-role\"\n",
    )
    .unwrap();
    // JSONC syntax (comment allowed) and the kind mapping both come from the name.
    let body = b"// a role\n{\"controllers\": {\"document\": {\"actions\": {\"get\": true}}}}\n";
    let o = with_stdin(
        &dir,
        &[
            "check",
            "-",
            "--stdin-filename",
            "roles/reader.jsonc",
            "--format",
            "json",
        ],
        body,
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"][0]["filename"], "roles/reader.jsonc");
    assert_eq!(v["files"][0]["kind"], "kuzzle-role");

    // The same text named .json: the comment is a syntax error.
    let o = with_stdin(
        &dir,
        &["check", "-", "--stdin-filename", "roles/reader.json"],
        body,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("json/syntax"));
    assert!(stdout(&o).contains("roles/reader.json"));

    // Without a name.
    let o = with_stdin(&dir, &["check", "-"], DUPLICATE.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("<stdin>"));
}

#[test]
fn stdin_fix_prints_the_fixed_body() {
    let dir = temp_dir("stdin-fix");
    let o = with_stdin(
        &dir,
        &["check", "-", "--stdin-filename", "p.json", "--fix"],
        "\u{feff}{\"policies\": [{\"roleId\": \"editor\"}]}".as_bytes(),
    );
    assert_eq!(stdout(&o), CLEAN);
    assert_eq!(o.status.code(), Some(0));
    assert!(!stderr(&o).contains("nothing to fix"), "{}", stderr(&o));
    // Nothing fixable: the body comes back unchanged, and stderr says why.
    let o = with_stdin(
        &dir,
        &["check", "-", "--stdin-filename", "p.json", "--fix"],
        CLEAN.as_bytes(),
    );
    assert_eq!(stdout(&o), CLEAN);
    assert_eq!(
        stderr(&o),
        "nothing to fix in p.json: the body is printed unchanged\n"
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn baseline_hides_known_findings_and_survives_reformatting() {
    let dir = temp_dir("baseline");
    std::fs::write(dir.join("dup.json"), DUPLICATE).unwrap();
    let o = bodyguard(
        &dir,
        &["check", "dup.json", "--write-baseline", "baseline.json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let baseline = std::fs::read_to_string(dir.join("baseline.json")).unwrap();
    assert!(baseline.contains("json/duplicate-key"));

    let o = bodyguard(&dir, &["check", "dup.json", "--baseline", "baseline.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 known finding hidden by the baseline"));

    // Reformatted: every line and column moves, the finding stays known.
    std::fs::write(
        dir.join("dup.json"),
        "{\n  \"policies\": [\n    {\"roleId\": \"a\"}\n  ],\n  \"policies\": [{\"roleId\": \"b\"}]\n}\n",
    )
    .unwrap();
    let o = bodyguard(&dir, &["check", "dup.json", "--baseline", "baseline.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // A new finding fails.
    std::fs::write(
        dir.join("dup.json"),
        r#"{"policies": [{"roleId": "a"}], "policies": [{"roleId": "b"}], "rateLimit": "10"}"#,
    )
    .unwrap();
    let o = bodyguard(&dir, &["check", "dup.json", "--baseline", "baseline.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("schema/type"));
    assert!(!stdout(&o).contains("json/duplicate-key"));

    let o = bodyguard(&dir, &["check", "dup.json", "--baseline", "nope.json"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn statistics_count_per_code() {
    let dir = temp_dir("stats");
    std::fs::write(dir.join("a.json"), DUPLICATE).unwrap();
    std::fs::write(dir.join("b.json"), DUPLICATE).unwrap();
    let o = bodyguard(&dir, &["check", ".", "--statistics"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("2  json/duplicate-key"), "{out}");
    let o = bodyguard(&dir, &["check", ".", "--statistics", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["code"], "json/duplicate-key");
    assert_eq!(v[0]["count"], 2);
}

#[test]
fn rules_explain_and_docs_commands() {
    let dir = temp_dir("cmds");
    let o = bodyguard(&dir, &["rules"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("config/unused-ignore"));
    let o = bodyguard(&dir, &["explain", "body/schema-key"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("## Why is this bad?"));
    let o = bodyguard(&dir, &["docs", "--write", "out"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(dir.join("out/json/bom.md").is_file());
    assert!(dir.join("out/README.md").is_file());
    let o = bodyguard(&dir, &["docs", "--check", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}
