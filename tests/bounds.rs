//! Bounded reads, globs that end, empty directories, and the input shapes that once took
//! quadratic time (checked for correct results at modest sizes; `benches/scaling.py` times
//! them).

use bodyguard::Kind;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod run;

/// One checker for the process, keeping every finding: the shapes below are checked with
/// thousands of findings of one rule, past the default limit per rule.
fn checker() -> &'static bodyguard::Checker {
    static CHECKER: std::sync::OnceLock<bodyguard::Checker> = std::sync::OnceLock::new();
    CHECKER.get_or_init(|| {
        bodyguard::Checker::with_settings(bodyguard::Settings {
            max_findings_per_rule: None,
            ..Default::default()
        })
    })
}

/// A scratch directory, removed at the end of the test.
fn temp_dir(tag: &str) -> tempfile::TempDir {
    run::temp_dir(&format!("bounds-{tag}"))
}

/// Run bodyguard in `cwd`, feeding `stdin` from `input` when given. A run still going after
/// two minutes is killed and the test fails: what is tested here must end.
fn bodyguard(args: &[&str], cwd: &Path, input: Option<Stdio>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(input.unwrap_or_else(Stdio::null))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("bodyguard {args:?} did not end");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let dir = temp_dir("fifo");
    let status = Command::new("mkfifo")
        .arg(dir.path().join("pipe.json"))
        .status()
        .unwrap();
    assert!(status.success());
    let (code, stdout, _) = bodyguard(&["check", "--no-config", "pipe.json"], dir.path(), None);
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.contains("io/unreadable"), "{stdout}");
    assert!(
        stdout.contains("is a FIFO (named pipe), not a regular file"),
        "{stdout}"
    );
    // Also when a directory walk meets it.
    std::fs::write(
        dir.path().join("ok.json"),
        r#"{"policies": [{"roleId": "r"}]}"#,
    )
    .unwrap();
    let (code, stdout, _) = bodyguard(&["check", "--no-config", "."], dir.path(), None);
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.contains("is a FIFO"), "{stdout}");
    // And as an inventory.
    let (code, _, stderr) = bodyguard(
        &[
            "check",
            "--no-config",
            "--inventory",
            "pipe.json",
            "ok.json",
        ],
        dir.path(),
        None,
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("is a FIFO"), "{stderr}");
}

#[cfg(target_os = "linux")]
#[test]
fn devices_are_refused_as_input_and_as_inventory() {
    let dir = temp_dir("dev");
    std::fs::write(
        dir.path().join("ok.json"),
        r#"{"policies": [{"roleId": "r"}]}"#,
    )
    .unwrap();
    for device in ["/dev/zero", "/dev/urandom"] {
        let (code, stdout, _) = bodyguard(&["check", "--no-config", device], dir.path(), None);
        assert_eq!(code, 2, "{stdout}");
        assert!(stdout.contains("is a character device"), "{stdout}");
        let (code, _, stderr) = bodyguard(
            &["check", "--no-config", "--inventory", device, "ok.json"],
            dir.path(),
            None,
        );
        assert_eq!(code, 2);
        assert!(stderr.contains("is a character device"), "{stderr}");
    }
    // Endless stdin stops at the limit.
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let (code, _, stderr) = bodyguard(
        &["check", "--no-config", "--max-file-size", "1MiB", "-"],
        dir.path(),
        Some(Stdio::from(zero)),
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("larger than the limit of 1 MiB"),
        "{stderr}"
    );
}

#[test]
fn files_over_the_size_limit_are_reported_not_read() {
    let dir = temp_dir("size");
    // A sparse 1 GiB file: over the default limit of 256 MiB.
    let big = std::fs::File::create(dir.path().join("big.json")).unwrap();
    big.set_len(1 << 30).unwrap();
    drop(big);
    let (code, stdout, _) = bodyguard(&["check", "--no-config", "big.json"], dir.path(), None);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains("big.json: the file is larger than the limit of 256 MiB"),
        "{stdout}"
    );
    let (code, _, stderr) = bodyguard(
        &[
            "check",
            "--no-config",
            "--inventory",
            "big.json",
            "big.json",
        ],
        dir.path(),
        None,
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("larger than the limit"), "{stderr}");

    // The limit comes from bodyguard.toml, and the flag wins over it.
    let body = format!(
        r#"{{"policies": [{{"roleId": "r"}}], "tags": ["{}"]}}"#,
        "x".repeat(3000)
    );
    std::fs::write(dir.path().join("body.json"), &body).unwrap();
    std::fs::write(
        dir.path().join("bodyguard.toml"),
        "max-file-size = \"2 KiB\"\n",
    )
    .unwrap();
    let (code, stdout, _) = bodyguard(&["check", "body.json"], dir.path(), None);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains("larger than the limit of 2 KiB"),
        "{stdout}"
    );
    let (code, stdout, _) = bodyguard(
        &["check", "--max-file-size", "4KiB", "body.json"],
        dir.path(),
        None,
    );
    assert_eq!(code, 0, "{stdout}");
    // --fix reads under the same limit and leaves the file alone.
    let (code, _, _) = bodyguard(&["check", "--fix", "body.json"], dir.path(), None);
    assert_eq!(code, 2);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("body.json")).unwrap(),
        body
    );

    std::fs::write(
        dir.path().join("bodyguard.toml"),
        "max-file-size = \"2 parsecs\"\n",
    )
    .unwrap();
    let (code, stdout, stderr) = bodyguard(&["check", "body.json"], dir.path(), None);
    assert_eq!(code, 2);
    assert!(
        format!("{stdout}{stderr}").contains("unknown size unit `parsecs`"),
        "{stdout}{stderr}"
    );
    let (code, _, stderr) = bodyguard(
        &["check", "--max-file-size", "lots", "body.json"],
        dir.path(),
        None,
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a size"), "{stderr}");
}

#[test]
fn sizes_parse_with_units() {
    use bodyguard::unstable::files::{parse_size, size_text};
    assert_eq!(parse_size("1000"), Ok(1000));
    assert_eq!(parse_size("64 MiB"), Ok(64 << 20));
    assert_eq!(parse_size("64mib"), Ok(64 << 20));
    assert_eq!(parse_size("2K"), Ok(2048));
    assert_eq!(parse_size("1 GB"), Ok(1_000_000_000));
    assert!(parse_size("0").is_err());
    assert!(parse_size("MiB").is_err());
    assert!(parse_size("99999999999 GiB").is_err());
    assert_eq!(size_text(256 << 20), "256 MiB");
    assert_eq!(size_text(1536), "1.5 KiB");
    assert_eq!(size_text(10), "10 bytes");
}

#[test]
fn an_empty_directory_is_a_usage_error() {
    let dir = temp_dir("empty");
    std::fs::create_dir_all(dir.path().join("empty/sub")).unwrap();
    std::fs::write(dir.path().join("empty/sub/notes.txt"), "x").unwrap();
    let (code, stdout, _) = bodyguard(&["check", "--no-config", "empty"], dir.path(), None);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains("empty: the directory holds no *.json or *.jsonc file"),
        "{stdout}"
    );
    // As a glob that matches nothing.
    let (code, stdout, _) = bodyguard(&["check", "--no-config", "empty/*.json"], dir.path(), None);
    assert_eq!(code, 2);
    assert!(stdout.contains("the pattern matched no file"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn globs_do_not_loop_through_directory_links() {
    let dir = temp_dir("loop");
    let l = dir.path().join("l");
    std::fs::create_dir_all(l.join("a/b")).unwrap();
    std::fs::write(l.join("a/x.json"), r#"{"policies": [{"roleId": "r"}]}"#).unwrap();
    std::fs::write(l.join("a/b/y.json"), r#"{"policies": [{"roleId": "r"}]}"#).unwrap();
    std::os::unix::fs::symlink("..", l.join("a/up")).unwrap();
    std::os::unix::fs::symlink("../..", l.join("a/b/top")).unwrap();
    // A link to a directory outside the walk is followed once.
    std::fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
    std::fs::write(
        dir.path().join("elsewhere/z.json"),
        r#"{"policies": [{"roleId": "r"}]}"#,
    )
    .unwrap();
    std::os::unix::fs::symlink("../elsewhere", l.join("out")).unwrap();
    let (code, stdout, _) = bodyguard(
        &["check", "--no-config", "--format", "json", "l/**/*.json"],
        dir.path(),
        None,
    );
    assert_eq!(code, 0, "{stdout}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let mut names: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["filename"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["l/a/b/y.json", "l/a/x.json", "l/out/z.json"]);
    // `*` stays within a component, `**` spans them.
    let (_, stdout, _) = bodyguard(&["check", "--no-config", "l/*/*.json"], dir.path(), None);
    assert!(stdout.contains("(2 files checked)"), "{stdout}");
}

/// `[[ignore]]` globs with many `**` on a deep tree: matched without backtracking, and the
/// search for files an ignore names (for `config/unused-ignore`) ends.
#[test]
fn ignore_globs_with_many_double_stars_on_a_deep_tree() {
    let dir = temp_dir("deep");
    let mut deep = dir.path().to_path_buf();
    for _ in 0..40 {
        deep.push("d");
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(
        deep.join("p.json"),
        r#"{"policies": [{"roleId": "r", "restrictedTo": [{"index": "i"}, {"index": "i"}]}]}"#,
    )
    .unwrap();
    let stars = "**/d/".repeat(12);
    let config = format!(
        "[[ignore]]\ncode = \"kuzzle/duplicate-restriction\"\nfiles = \"{stars}p.json\"\nreason = \"kept\"\n\n\
         [[ignore]]\ncode = \"kuzzle/duplicate-restriction\"\nfiles = \"{stars}x.json\"\nreason = \"stale\"\n"
    );
    std::fs::write(dir.path().join("bodyguard.toml"), config).unwrap();
    let (code, stdout, _) = bodyguard(&["check", "d"], dir.path(), None);
    // The first entry suppresses the finding; the second names no file on disk.
    assert!(!stdout.contains("repeats an earlier one"), "{stdout}");
    assert!(stdout.contains("config/unused-ignore"), "{stdout}");
    assert!(stdout.contains("names files that do not exist"), "{stdout}");
    assert_eq!(code, 0, "{stdout}");
}

fn count(report: &bodyguard::Report, code: &str) -> usize {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code() == code)
        .count()
}

/// One role a line, each with a right that is not a boolean: every finding is refined.
#[test]
fn many_roles_each_with_a_bad_right() {
    let mut text = String::from("{\"roles\": {\n");
    for i in 0..5000 {
        let sep = if i == 0 { "" } else { ",\n" };
        text.push_str(&format!(
            "{sep}\"r{i}\": {{\"controllers\": {{\"document\": {{\"actions\": {{\"get\": \"yes\"}}}}}}}}"
        ));
    }
    text.push_str("\n}}\n");
    let report = checker().check(Kind::KuzzleSecurities, &text);
    let bad: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.pointer.ends_with("/actions/get"))
        .collect();
    assert_eq!(bad.len(), 5000);
    for (i, d) in bad.iter().enumerate() {
        assert_eq!(
            &*d.pointer,
            format!("/roles/r{i}/controllers/document/actions/get")
        );
        assert_eq!(
            report.source.line_col(d.span.unwrap().start as usize).line,
            i + 2
        );
        // Refined in Kuzzle's terms: the same text as for a single role body.
        let single = checker().check(
            Kind::KuzzleRole,
            r#"{"controllers": {"document": {"actions": {"get": "yes"}}}}"#,
        );
        if i == 0 {
            let one = single
                .diagnostics
                .iter()
                .find(|s| s.pointer.ends_with("/actions/get"))
                .unwrap();
            assert_eq!(d.message, one.message);
            assert_eq!(d.code(), one.code());
        }
    }
}

/// Many findings on one minified line: columns are right all along the line.
#[test]
fn columns_on_one_long_line() {
    let mut text = String::from("{\"roles\":{");
    for i in 0..5000 {
        let sep = if i == 0 { "" } else { "," };
        text.push_str(&format!(
            "{sep}\"rôle{i}\":{{\"controllers\":{{\"document\":{{\"actions\":{{\"get\":\"yes\"}}}}}}}}"
        ));
    }
    text.push_str("}}");
    let report = checker().check(Kind::KuzzleSecurities, &text);
    let doc: serde_json::Value = serde_json::from_str(&bodyguard::unstable::render::json::render(
        std::slice::from_ref(&report),
    ))
    .unwrap();
    let findings = doc["files"][0]["diagnostics"].as_array().unwrap();
    assert!(findings.len() >= 5000);
    for f in findings.iter().step_by(97) {
        let loc = &f["location"];
        let offset = loc["offset"].as_u64().unwrap() as usize;
        assert_eq!(loc["line"], 1);
        assert_eq!(
            loc["column"].as_u64().unwrap() as usize,
            text[..offset].chars().count() + 1
        );
    }
}

/// Thousands of restrictions, every other one a duplicate, some narrowed by a sibling.
#[test]
fn many_restrictions() {
    let mut items = Vec::new();
    for i in 0..6000 {
        let k = i / 2;
        items.push(if i % 10 == 9 {
            format!(r#"{{"index": "i{k}", "collections": ["c{k}", "c{k}"]}}"#)
        } else {
            format!(r#"{{"index": "i{k}"}}"#)
        });
    }
    let text = format!(
        r#"{{"policies": [{{"roleId": "r", "restrictedTo": [{}]}}]}}"#,
        items.join(",\n")
    );
    let report = checker().check(Kind::KuzzleProfile, &text);
    // Pairs (2k, 2k+1): a duplicate unless the second names collections (i % 10 == 9).
    assert_eq!(count(&report, "kuzzle/duplicate-restriction"), 3000 - 600);
    assert_eq!(count(&report, "kuzzle/duplicate-collection"), 600);
    assert_eq!(count(&report, "kuzzle/narrowed-whole-index"), 600);
    // explain-access merges the same entries.
    let mut d = Vec::new();
    let document =
        bodyguard::unstable::parse::parse(&text, bodyguard::unstable::parse::Syntax::Json, &mut d);
    let root = document.root().unwrap();
    use bodyguard::unstable::access::load::{profile, Notes};
    let profile = profile("p", root, 0, "", Notes::Written);
    let indexes = &profile.policy(0).unwrap().restriction.unwrap().indexes;
    assert_eq!(indexes.len(), 3000);
    let key = |name: &str| bodyguard::unstable::access::model::IndexKey::Name(name.into());
    let restriction = profile.policy(0).unwrap().restriction.unwrap();
    assert_eq!(restriction.collections(&key("i4")).unwrap(), &["c4"]);
    assert!(restriction.collections(&key("i3")).unwrap().is_empty());
    assert_eq!(
        profile
            .notes
            .iter()
            .filter(|n| n.contains("is narrowed"))
            .count(),
        600
    );
    // Read for the rules: the same map, without a note.
    let for_rules = bodyguard::unstable::access::load::profile("p", root, 0, "", Notes::Skipped);
    assert!(for_rules.policies_eq(&profile));
    assert!(for_rules.notes.is_empty());
}

/// A CI body whose root has many keys, some spelled twice in two cases.
#[test]
fn many_keys_some_in_two_cases() {
    let mut members = vec![r#""typeName": "Contact""#.to_string()];
    for i in 0..6000 {
        members.push(format!(r#""Key{i}": {i}"#));
        if i % 100 == 0 {
            members.push(format!(r#""key{i}": {i}"#));
        }
    }
    members.push(r#""TypeName": "Other""#.into());
    let text = format!("{{{}}}", members.join(", "));
    let report = checker().check(Kind::CiProfileType, &text);
    assert_eq!(count(&report, "ci/key-case-conflict"), 61);
    assert_eq!(count(&report, "schema/unknown-key"), 6060);
    let conflict = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "ci/key-case-conflict" && d.message.contains("key100"))
        .unwrap();
    assert_eq!(
        &*conflict.message,
        "`Key100` and `key100` differ only by case: one of the two values is lost"
    );
}

/// Many duplicates with a safe fix each: all fixed in one round.
#[test]
fn many_fixes_at_once() {
    let cols = vec![r#""c""#; 4000].join(", ");
    let text = format!(
        r#"{{"policies": [{{"roleId": "r", "restrictedTo": [{{"index": "i", "collections": [{cols}]}}]}}]}}"#
    );
    let fixed = bodyguard::unstable::fix::fix_until_stable(
        checker(),
        "p.json",
        &text,
        Some(Kind::KuzzleProfile),
        |_| true,
    );
    assert_eq!(
        fixed.text,
        r#"{"policies": [{"roleId": "r", "restrictedTo": [{"index": "i", "collections": ["c"]}]}]}"#
    );
    assert_eq!(fixed.applied, 3999);
    assert!(!fixed.broke);
}

/// Many duplicate keys on one line, as JSON.
#[test]
fn many_duplicate_keys_as_json() {
    let keys = vec![r#""a": 1"#; 5000].join(",");
    let text = format!(r#"{{"controllers": {{}}, "x": {{{keys}}}}}"#);
    let report = checker().check(Kind::KuzzleRole, &text);
    assert_eq!(count(&report, "json/duplicate-key"), 4999);
    let doc: serde_json::Value = serde_json::from_str(&bodyguard::unstable::render::json::render(
        std::slice::from_ref(&report),
    ))
    .unwrap();
    let dups: Vec<_> = doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "json/duplicate-key")
        .collect();
    assert_eq!(dups.len(), 4999);
    let last = dups.last().unwrap();
    let offset = last["location"]["offset"].as_u64().unwrap() as usize;
    assert_eq!(&text[offset..offset + 3], "\"a\"");
    assert_eq!(
        last["location"]["column"].as_u64().unwrap() as usize,
        offset + 1
    );
}
