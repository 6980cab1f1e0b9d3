//! The pre-commit hooks, run by the real `pre-commit` against this checkout.
//!
//! The hook repository is a snapshot of this checkout (tracked and new files) committed
//! with fixed dates, so an unchanged tree gives the same revision and pre-commit reuses the
//! binary it built (under `target/precommit-home`). The first run compiles bodyguard with
//! `cargo install` (release), which takes minutes.
//!
//! Without `pre-commit` on PATH the test is skipped, except when `CI` is set: then it
//! fails, because `.ci/run` installs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "bodyguard tests")
        .env("GIT_AUTHOR_EMAIL", "tests@bodyguard.invalid")
        .env("GIT_COMMITTER_NAME", "bodyguard tests")
        .env("GIT_COMMITTER_EMAIL", "tests@bodyguard.invalid")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Copy this checkout's files (tracked and untracked, not ignored) into a fresh repository
/// and commit them; returns the repository and the commit.
fn snapshot_of_this_checkout(target: &Path) -> (PathBuf, String) {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo = target.join("hook-repo");
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(&repo).unwrap();
    let listed = git(
        here,
        &[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ],
    );
    for name in listed.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        let from = here.join(&name);
        if !from.is_file() {
            continue; // deleted in the work tree
        }
        let to = repo.join(&name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "snapshot"]);
    let rev = String::from_utf8(git(&repo, &["rev-parse", "HEAD"]).stdout).unwrap();
    (repo, rev.trim().to_string())
}

fn pre_commit(project: &Path, home: &Path, build: &Path, files: &[&str]) -> Output {
    Command::new("pre-commit")
        .args(["run", "--color", "never", "--files"])
        .args(files)
        .current_dir(project)
        .env("PRE_COMMIT_HOME", home)
        .env("CARGO_TARGET_DIR", build)
        // The hook's `cargo install` builds a release binary; for this test an unoptimised
        // one is enough and builds much faster on small CI machines.
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap()
}

#[test]
fn hooks_fail_on_a_bad_body_and_pass_on_a_clean_one() {
    if !have("pre-commit") || !have("git") {
        let why = "`pre-commit` (python3 -m pip install pre-commit) and `git` are needed";
        if std::env::var_os("CI").is_some() {
            panic!("{why} on PATH to test the hooks; .ci/run installs pre-commit");
        }
        // Written straight to stderr, which the test harness does not capture: a skipped
        // test must say so even when it passes.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: the pre-commit hook test did not run: {why}"
        );
        return;
    }
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("precommit");
    std::fs::create_dir_all(&target).unwrap();
    let (hook_repo, rev) = snapshot_of_this_checkout(&target);
    let home = target.join("home");
    let build = Path::new(env!("CARGO_TARGET_TMPDIR")).join("precommit-build");

    let project = target.join("project");
    let _ = std::fs::remove_dir_all(&project);
    std::fs::create_dir_all(project.join("security/profiles")).unwrap();
    std::fs::write(
        project.join("security/profiles/good.json"),
        r#"{"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}"#,
    )
    .unwrap();
    std::fs::write(
        project.join("security/profiles/bad.json"),
        r#"{"policies": [{"roleId": "a"}], "policies": [{"roleId": "b"}]}"#,
    )
    .unwrap();
    // No identifying key: only the per-kind hook knows it is a profile.
    std::fs::write(
        project.join("security/profiles/limit.json"),
        r#"{"rateLimit": "10"}"#,
    )
    .unwrap();
    std::fs::write(
        project.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: bodyguard\n        exclude: limit\\.json$\n      - id: bodyguard-kuzzle-profile\n      - id: bodyguard-diff\n",
            hook_repo.display()
        ),
    )
    .unwrap();
    // An ordinary repository: configuration files (some with comments and trailing
    // commas), an IAM policy, a Vault token body, an OpenAPI document and a few bodies.
    let ordinary = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ordinary-repo");
    let mut ordinary_files = Vec::new();
    copy_tree(
        &ordinary,
        &project.join("ordinary"),
        "ordinary",
        &mut ordinary_files,
    );
    git(&project, &["init", "-q", "-b", "main"]);
    git(&project, &["add", "-A"]);

    let started = std::time::Instant::now();
    let o = pre_commit(&project, &home, &build, &["security/profiles/good.json"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    eprintln!(
        "first pre-commit run (builds the hook when not cached): {:?}",
        started.elapsed()
    );
    assert_eq!(o.status.code(), Some(0), "a clean body must pass:\n{out}");
    assert!(
        out.contains("bodyguard (Kuzzle profiles)") && out.contains("Passed"),
        "{out}"
    );

    let o = pre_commit(&project, &home, &build, &["security/profiles/bad.json"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "a bad body must fail:\n{out}");
    assert!(out.contains("json/duplicate-key"), "{out}");
    assert!(out.contains("Failed"), "{out}");

    let o = pre_commit(&project, &home, &build, &["security/profiles/limit.json"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the per-kind hook checks as a profile:\n{out}"
    );
    assert!(out.contains("schema/type"), "{out}");

    // The catch-all hook gets every *.json of the ordinary repository and passes.
    let files: Vec<&str> = ordinary_files
        .iter()
        .map(String::as_str)
        .filter(|f| f.ends_with(".json"))
        .collect();
    assert!(files.len() >= 10, "{files:?}");
    let o = pre_commit(&project, &home, &build, &files);
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        o.status.code(),
        Some(0),
        "an ordinary repository must pass:\n{out}"
    );
    assert!(out.contains("bodyguard") && out.contains("Passed"), "{out}");

    // bodyguard-diff: a commit that grants an action changing who can do what is stopped.
    git(&project, &["add", "-A"]);
    git(
        &project,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "--no-verify",
            "-m",
            "profiles",
        ],
    );
    std::fs::write(
        project.join("security/securities.json"),
        r#"{"roles": {"support": {"controllers": {"security": {"actions": {"updateUser": true}}}}},
            "profiles": {"support": {"policies": [{"roleId": "support"}]}}}"#,
    )
    .unwrap();
    git(&project, &["add", "-A"]);
    let o = pre_commit(&project, &home, &build, &["security/securities.json"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("bodyguard (Kuzzle access changes)") && l.ends_with("Failed")),
        "{out}"
    );
    assert!(
        out.contains("security:updateUser — new: everywhere [changes who can do what]"),
        "{out}"
    );
}

/// Copy `from` into `to`, recording each file's path as `prefix/<relative path>`.
fn copy_tree(from: &Path, to: &Path, prefix: &str, files: &mut Vec<String>) {
    std::fs::create_dir_all(to).unwrap();
    let mut entries: Vec<_> = std::fs::read_dir(from).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}/{name}");
        if e.path().is_dir() {
            copy_tree(&e.path(), &to.join(&name), &rel, files);
        } else {
            std::fs::copy(e.path(), to.join(&name)).unwrap();
            files.push(rel);
        }
    }
}
