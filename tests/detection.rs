//! Which files are bodies: strong evidence per kind, non-bodies skipped (and counted), a
//! lenient second reading of files that fail strict parsing, claimed kinds keeping every
//! error, and the Kuzzle import and kourou dump formats.

use bodyguard::{Checker, Kind, SourceFile};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bodyguard(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

/// A fresh directory under the target dir (no `bodyguard.toml` above it).
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("detection-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `LINE:COLUMN SEVERITY CODE POINTER` per finding, from the JSON Lines output.
fn findings(dir: &Path, args: &[&str]) -> (Vec<String>, Option<i32>) {
    let mut all = args.to_vec();
    all.extend(["--format", "json-lines", "--no-config"]);
    let o = bodyguard(dir, &all);
    let lines = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!(
                "{}:{} {} {} {}",
                v["location"]["line"],
                v["location"]["column"],
                v["severity"].as_str().unwrap(),
                v["code"].as_str().unwrap(),
                v["pointer"].as_str().unwrap()
            )
        })
        .collect();
    (lines, o.status.code())
}

#[test]
fn an_ordinary_repository_passes_and_its_other_files_are_skipped() {
    let repo = root().join("fixtures/ordinary-repo");
    let o = bodyguard(&repo, &["check", ".", "--no-config"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains(
            "All checks passed (3 files checked). 7 files skipped: not a request body (`--show-skipped` lists them)."
        ),
        "{out}"
    );
    // Files pre-commit passes one by one, hidden directories included.
    let o = bodyguard(
        &repo,
        &[
            "check",
            "--no-config",
            "--show-skipped",
            ".vscode/settings.json",
            "tsconfig.json",
            "package.json",
            ".eslintrc.json",
            "composer.json",
            "infra/s3-read-policy.json",
            "vault/token-request.json",
            "api/openapi.json",
            "security/profiles/editor.json",
        ],
    );
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    for name in [
        ".vscode/settings.json",
        "tsconfig.json",
        "vault/token-request.json",
        "api/openapi.json",
    ] {
        assert!(
            out.contains(&format!("skipped (not a request body): {name}\n")),
            "{name}: {out}"
        );
    }
    assert!(!out.contains("editor.json\n"), "{out}");
    assert!(
        out.contains("All checks passed (1 file checked). 8 files skipped: not a request body."),
        "{out}"
    );
    // Machine formats have no finding for them, and count them in the JSON summary.
    let o = bodyguard(&repo, &["check", ".", "--no-config", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["skipped"], 7, "{v}");
    assert_eq!(v["summary"]["files"], 3, "{v}");
}

#[test]
fn the_library_marks_non_bodies_as_skipped() {
    let checker = Checker::new();
    for text in [
        r#"{"policies": ["default"], "ttl": 600}"#,
        r#"{"Version": "2012-10-17", "Statement": []}"#,
        "[1, 2]",
        "{\n  // a comment\n  \"a\": 1,\n}",
    ] {
        let r = checker.check_source(SourceFile::new("x.json", text), None);
        assert!(
            r.skipped && r.diagnostics.is_empty() && r.kind.is_none(),
            "{text}: {r:?}"
        );
    }
    let r = checker.check_source(
        SourceFile::new("x.json", r#"{"policies": [{"roleId": "a"}]}"#),
        None,
    );
    assert!(!r.skipped);
    assert_eq!(r.kind, Some(Kind::KuzzleProfile));
}

#[test]
fn a_claimed_kind_keeps_every_error() {
    let repo = root().join("fixtures/ordinary-repo");
    // --kind
    let (got, code) = findings(
        &repo,
        &[
            "check",
            "--kind",
            "kuzzle-profile",
            "vault/token-request.json",
        ],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        got,
        [
            "1:15 error schema/type /policies/0",
            "1:27 warning kuzzle/unknown-profile-key /ttl"
        ],
        "{got:?}"
    );
    // A [[kinds]] glob.
    let dir = temp_dir("claimed");
    std::fs::write(
        dir.join("bodyguard.toml"),
        "[[kinds]]\nfiles = \"token.json\"\nkind = \"kuzzle-profile\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("token.json"), r#"{"policies": ["default"]}"#).unwrap();
    let o = bodyguard(&dir, &["check", "token.json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("schema/type"), "{}", text(&o));
    // `$schema` naming one of bodyguard's schemas, in a file that fails strict parsing.
    std::fs::write(
        dir.join("p.json"),
        "{\"$schema\": \"../schemas/kuzzle-profile.schema.json\", \"rateLimit\": 1,}",
    )
    .unwrap();
    let (got, code) = findings(&dir, &["check", "p.json"]);
    assert_eq!(code, Some(1));
    assert_eq!(got, ["1:68 error json/syntax "], "{got:?}");
}

#[test]
fn a_file_failing_strict_parsing_is_read_leniently_to_decide() {
    let dir = temp_dir("lenient");
    // Ours: the strict syntax error stands.
    std::fs::write(
        dir.join("profile.json"),
        "{\"policies\": [{\"roleId\": \"a\"},]}",
    )
    .unwrap();
    // Not ours: skipped.
    std::fs::write(dir.join("tsconfig.json"), "{\n  // c\n  \"a\": 1,\n}\n").unwrap();
    // Unreadable even leniently: the syntax error stands (it may be a broken body).
    std::fs::write(dir.join("broken.json"), "{\"policies\": [").unwrap();
    let (got, code) = findings(
        &dir,
        &["check", "profile.json", "tsconfig.json", "broken.json"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        got,
        // Output is sorted by file name: broken.json, then profile.json.
        ["1:14 error json/syntax ", "1:30 error json/syntax "],
        "{got:?}"
    );
    let o = bodyguard(
        &dir,
        &["check", "--no-config", "tsconfig.json", "profile.json"],
    );
    assert!(
        text(&o).contains("Found 1 error in 1 of 1 file. 1 file skipped: not a request body"),
        "{}",
        text(&o)
    );
}

#[test]
fn kuzzle_import_files_are_securities_files_with_their_own_mappings() {
    let (got, code) = findings(root(), &["check", "fixtures/formats/import-app.json"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        got,
        [
            "16:97 error kuzzle/unknown-collection /profiles/order-readers/policies/0/restrictedTo/0/collections/1",
            "21:5 info kuzzle/securities-user-without-credentials /users/jdoe",
        ],
        "{got:?}"
    );
    // The same file is an inventory: its mappings and ids exist.
    let o = bodyguard(
        root(),
        &[
            "check",
            "--no-config",
            "--inventory",
            "fixtures/formats/import-app.json",
            "fixtures/valid/kuzzle-profile/editor-restricted.json",
        ],
    );
    assert!(
        text(&o).contains("Inventory: 1 index, 1 collection"),
        "{}",
        text(&o)
    );
}

#[test]
fn kourou_dumps_are_checked_with_pointers_into_the_dump() {
    let (got, code) = findings(
        root(),
        &[
            "check",
            "fixtures/formats/dump-roles.json",
            "fixtures/formats/dump-profiles.json",
        ],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        got,
        [
            "4:41 error kuzzle/securities-unknown-role /content/readers/policies/0/roleId",
            "4:78 error kuzzle/invalid-name /content/readers/policies/0/restrictedTo/0/index",
            "4:70 error kuzzle/role-unknown-action /content/reader/controllers/document/actions/serach",
        ],
        "{got:?}"
    );
}
