//! `bodyguard explain-access` (listing and query forms), `bodyguard diff`, and the
//! `security/*` rules across role and profile files, on `fixtures/access/`.

use bodyguard::unstable::project;
use bodyguard::{Checker, Report, SourceFile};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/access")
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let o: Output = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run bodyguard");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_in(&root(), args)
}

#[test]
fn listing_calls_out_names_that_never_match() {
    let (code, out, err) = run(&[
        "explain-access",
        "securities.json",
        "--profile",
        "shop",
        "--inventory",
        "inventory.json",
    ]);
    assert_eq!(code, 0, "{err}");
    // A string index with an invalid name is not "not a string".
    assert!(
        out.contains("My Index: every collection  (never matches: no index can be named this: it contains a space"),
        "{out}"
    );
    assert!(
        out.contains("42: every collection  (not a string: never matches a request)"),
        "{out}"
    );
    // Collections get the same checks, and the inventory is read.
    assert!(
        out.contains("shop: Bad Name (never matches: no collection can be named this"),
        "{out}"
    );
    assert!(out.contains("stock: items (unknown collection)"), "{out}");
    assert!(
        out.contains("narrowed to the collections its sibling entries list (Bad Name, orders)"),
        "{out}"
    );
    assert!(out.contains("document: get, search — on "), "{out}");

    let (code, out, _) = run(&[
        "explain-access",
        "securities.json",
        "--inventory",
        "inventory.json",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let shop = v["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "shop")
        .unwrap();
    let entries = shop["policies"][0]["restricted_to"].as_array().unwrap();
    let entry = |ix: &str| entries.iter().find(|e| e["index"] == ix).unwrap();
    assert_eq!(entry("My Index")["matches"], false);
    assert_eq!(entry("42")["matches"], false);
    assert_eq!(entry("shop")["matches"], true);
    assert_eq!(
        entry("stock")["collections"][0]["note"],
        "unknown collection"
    );
    // Users: the union of their profiles.
    let jdoe = v["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "jdoe")
        .unwrap();
    assert!(jdoe["rights"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["controller"] == "security" && r["action"] == "createUser"));
}

#[test]
fn query_form_answers_like_kuzzle() {
    let (code, out, _) = run(&[
        "explain-access",
        "securities.json",
        "--user",
        "jdoe",
        "--request",
        "security:createUser",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("user `jdoe`: security:createUser: allowed because profile `ops`, policy 0 (role `manager`) allows it: the role's entry `security:*` is true, and the request names no index"),
        "{out}"
    );
    // An explicit `false` beats `*` within a controller entry.
    let (code, out, _) = run(&[
        "explain-access",
        "securities.json",
        "--user",
        "kim",
        "--request",
        "document:delete",
        "--index",
        "shop",
        "--collection",
        "orders",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["allowed"], false);
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .contains("entry `document:delete` is not true"),
        "{out}"
    );
    // A collection-limited policy: another collection of the index is denied.
    let (_, out, _) = run(&[
        "explain-access",
        "securities.json",
        "--profile",
        "shop",
        "--request",
        "document:get",
        "--index",
        "stock",
        "--collection",
        "warehouse",
    ]);
    assert!(
        out.contains(": denied because no policy allows document:get"),
        "{out}"
    );
    // The anonymous user: `*` on a fresh install, restricted after a reset.
    let (_, out, _) = run(&[
        "explain-access",
        "securities.json",
        "--user",
        "-1",
        "--request",
        "document:delete",
    ]);
    assert!(
        out.contains("the anonymous user: document:delete: allowed"),
        "{out}"
    );
    let (_, out, _) = run(&[
        "explain-access",
        "securities.json",
        "--user",
        "anonymous",
        "--request",
        "document:delete",
        "--builtins",
        "reset",
    ]);
    assert!(out.contains("denied because"), "{out}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[
            "explain-access",
            "securities.json",
            "--user",
            "nobody",
            "--request",
            "a:b",
        ][..],
        &["explain-access", "securities.json", "--profile", "nope"],
        &[
            "explain-access",
            "securities.json",
            "--request",
            "document:get",
        ],
        &[
            "explain-access",
            "securities.json",
            "--user",
            "jdoe",
            "--request",
            "documentget",
        ],
        &["explain-access", "inventory.json"],
        &["explain-access", "missing.json"],
        &["diff", "old"],
    ] {
        let (code, _, err) = run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.starts_with("error:"), "{args:?}: {err}");
    }
}

#[test]
fn diff_lists_rights_gained_and_lost() {
    let (code, out, _) = run(&["diff", "old", "new"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("roles: added `support`; changed `editor`"),
        "{out}"
    );
    assert!(out.contains("users: added `help`; removed `temp`"), "{out}");
    assert!(
        out.contains("profile `shop` (changed):\n  + auth:login — widened: on shop (every collection) (via profile `shop` → policy 0 → role `reader`)\n  + document:get, search — widened: on shop (every collection)"),
        "{out}"
    );
    assert!(out.contains("  + document:delete — new: everywhere (via profile `editor` → policy 0 → role `editor`)"), "{out}");
    assert!(
        out.contains("  - collection:list — removed: everywhere"),
        "{out}"
    );
    assert!(out.contains("security:updateUser — new: everywhere [changes who can do what] (via profile `support` → policy 0 → role `support`)"), "{out}");
    assert!(out.contains("user `temp` (removed):"), "{out}");
    // The update-vs-replace trap: `editor` names only the controller it changes.
    assert!(
        out.contains("warning: role `editor` names only the controllers it changes (document)"),
        "{out}"
    );
    assert!(out.contains("it loses `collection`"), "{out}");

    let (code, _, _) = run(&["diff", "old", "new", "--fail-on", "new-access"]);
    assert_eq!(code, 1);
    let (code, _, _) = run(&["diff", "old", "new", "--fail-on", "escalation"]);
    assert_eq!(code, 1);
    // Going back: only `editor` (collection:list again) and the returning user `temp` gain.
    let (code, out, _) = run(&["diff", "new", "old", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let gaining: Vec<String> = v["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| !s["gained"].as_array().unwrap().is_empty())
        .map(|s| format!("{} {} {}", s["kind"], s["id"], s["status"]).replace('"', ""))
        .collect();
    assert_eq!(
        gaining,
        ["profile editor changed", "user temp added"],
        "{out}"
    );
    assert_eq!(v["subjects"][1]["lost"][0]["change"], "narrowed", "{out}");
    let (code, _, _) = run(&["diff", "new", "old", "--fail-on", "escalation"]);
    assert_eq!(code, 0);
    let (code, out, _) = run(&["diff", "old", "old", "--fail-on", "new-access"]);
    assert_eq!((code, out.trim()), (0, "no change in access"));

    let (_, out, _) = run(&[
        "diff",
        "old/security.json",
        "new/security.json",
        "--format",
        "markdown",
    ]);
    assert!(
        out.starts_with("## Access changes (bodyguard diff)\n"),
        "{out}"
    );
    assert!(
        out.contains("| gained | document:delete — new: everywhere"),
        "{out}"
    );
    assert!(out.contains("> **Warning**: role `editor`"), "{out}");
}

#[test]
fn diff_against_a_git_revision() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("SKIPPED diff_against_a_git_revision: git is not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("bodyguard-diff-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("security")).unwrap();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .current_dir(&dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    git(&["init", "-q"]);
    std::fs::copy(
        root().join("old/security.json"),
        dir.join("security/security.json"),
    )
    .unwrap();
    std::fs::write(dir.join("package.json"), r#"{"name": "app"}"#).unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "old"]);
    std::fs::copy(
        root().join("new/security.json"),
        dir.join("security/security.json"),
    )
    .unwrap();
    let (code, out, err) = run_in(&dir, &["diff", "--git", "HEAD", "--fail-on", "new-access"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("roles: added `support`; changed `editor`"),
        "{out}"
    );
    let (code, _, _) = run_in(
        &dir,
        &[
            "diff",
            "--git",
            "HEAD",
            "security",
            "--fail-on",
            "new-access",
        ],
    );
    assert_eq!(code, 1);
    let (code, _, err) = run_in(&dir, &["diff", "--git", "no-such-rev"]);
    assert_eq!(code, 2, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn check(files: &[&str]) -> Vec<Report> {
    let checker = Checker::new();
    let mut reports: Vec<Report> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(root().join(f)).unwrap();
            checker.check_source(SourceFile::new(*f, text), None)
        })
        .collect();
    project::check(&mut reports, checker.settings());
    reports
}

/// (file, line, column, severity, code) of every `security/*` finding.
fn security_findings(reports: &[Report]) -> Vec<String> {
    let mut out = Vec::new();
    for r in reports {
        for d in r
            .diagnostics
            .iter()
            .filter(|d| d.code().starts_with("security/"))
        {
            let lc = r.source.line_col(d.span.unwrap().start as usize);
            out.push(format!(
                "{} {}:{} {} {}",
                r.source.name(),
                lc.line,
                lc.column,
                d.severity,
                d.code()
            ));
        }
    }
    out
}

#[test]
fn security_rules_run_on_role_and_profile_files_checked_together() {
    let reports = check(&[
        "split/roles/support.json",
        "split/profiles/helpdesk.json",
        "split/profiles/viewer.json",
    ]);
    assert_eq!(
        security_findings(&reports),
        ["split/profiles/helpdesk.json 3:16 warning security/escalation"]
    );
    let d = reports[1]
        .diagnostics
        .iter()
        .find(|d| d.code() == "security/escalation")
        .unwrap();
    assert!(
        d.message
            .contains("profile `helpdesk` → policy 0 → role `support` → `security:updateProfile`"),
        "{}",
        d.message
    );
    // Without the role file, `support` is unknown: nothing to say.
    let reports = check(&["split/profiles/helpdesk.json"]);
    assert!(security_findings(&reports).is_empty());
}

/// A reader that stops early (`| head`) ends the output: no panic, whatever the command.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    let dir = std::env::temp_dir().join(format!("bodyguard-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let profiles: Vec<String> = (0..3000)
        .map(|i| format!(r#""p{i}": {{"policies": [{{"roleId": "r{}"}}]}}"#, i % 7))
        .collect();
    let file = dir.join("securities.json");
    std::fs::write(
        &file,
        format!("{{\"profiles\": {{{}}}}}", profiles.join(",\n")),
    )
    .unwrap();
    let file = file.to_str().unwrap();
    for args in [
        vec!["explain-access", file],
        vec!["explain-access", "--format", "json", file],
        vec!["diff", file, file],
        vec!["rules"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The pipe is closed here, long before the output ends.
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(output.status.code().is_some(), "{args:?}: killed");
    }
    std::fs::remove_dir_all(&dir).ok();
}
