//! `--fix` keeps a file's identity and never follows a planted link: symbolic links, hard
//! links, modes, owners, read-only files and the temporary files of interrupted runs.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A body with one safe fix (the `$schema` member is removed).
const BODY: &str = "{\n  \"$schema\": \"x\",\n  \"policies\": [{\"roleId\": \"editor\"}]\n}\n";
const FIXED: &str = "{\n  \"policies\": [{\"roleId\": \"editor\"}]\n}\n";

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fix-files-{name}"));
    if dir.exists() {
        make_writable(&dir);
        let _ = fs::remove_dir_all(&dir);
    }
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn make_writable(dir: &Path) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let _ = fs::set_permissions(entry.path(), fs::Permissions::from_mode(0o644));
    }
}

fn fix(dir: &Path, files: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(["check", "--fix", "--no-config", "--kind", "kuzzle-profile"])
        .args(files)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn a_planted_symlink_at_the_old_temporary_name_is_never_followed() {
    let dir = temp_dir("planted");
    let victim = dir.join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let target = dir.join("x.json");
    fs::write(&target, BODY).unwrap();
    // The name older versions used, predictable from the process id.
    let planted = dir.join(format!(".x.json.bodyguard-{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();

    bodyguard::unstable::fsutil::write_atomic(&target, FIXED.as_bytes()).unwrap();

    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(fs::symlink_metadata(&planted)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_link(&planted).unwrap(), victim);
    let meta = fs::symlink_metadata(&target).unwrap();
    assert!(meta.file_type().is_file(), "x.json became a link");
    assert_eq!(fs::read_to_string(&target).unwrap(), FIXED);
    // The run's own temporary file is gone; the planted link is all that is left.
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let planted_name = planted.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(names, [planted_name, "victim.txt".into(), "x.json".into()]);
}

#[test]
fn a_fixed_file_keeps_its_mode() {
    let dir = temp_dir("mode");
    for (name, m) in [("a.json", 0o640), ("b.json", 0o600), ("c.json", 0o755)] {
        fs::write(dir.join(name), BODY).unwrap();
        fs::set_permissions(dir.join(name), fs::Permissions::from_mode(m)).unwrap();
    }
    let (code, err) = fix(&dir, &["a.json", "b.json", "c.json"]);
    assert_eq!(code, 0, "{err}");
    for (name, m) in [("a.json", 0o640), ("b.json", 0o600), ("c.json", 0o755)] {
        assert_eq!(fs::read_to_string(dir.join(name)).unwrap(), FIXED, "{name}");
        assert_eq!(mode(&dir.join(name)), m, "{name}");
    }
}

#[test]
fn a_symlink_stays_a_symlink_and_its_target_is_fixed() {
    let dir = temp_dir("symlink");
    fs::create_dir_all(dir.join("real")).unwrap();
    let real = dir.join("real/p.json");
    fs::write(&real, BODY).unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real/p.json", dir.join("link.json")).unwrap();

    let (code, err) = fix(&dir, &["link.json"]);
    assert_eq!(code, 0, "{err}");
    let link = fs::symlink_metadata(dir.join("link.json")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert_eq!(
        fs::read_link(dir.join("link.json")).unwrap(),
        Path::new("real/p.json")
    );
    assert_eq!(fs::read_to_string(&real).unwrap(), FIXED);
    assert_eq!(mode(&real), 0o640);
    // Nothing was left in either directory.
    assert_eq!(fs::read_dir(dir.join("real")).unwrap().count(), 1);
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 2);
}

#[test]
fn a_link_that_leads_nowhere_is_refused() {
    let dir = temp_dir("dangling");
    std::os::unix::fs::symlink("missing.json", dir.join("link.json")).unwrap();
    let e = bodyguard::unstable::fsutil::write_atomic(&dir.join("link.json"), b"{}").unwrap_err();
    assert!(
        matches!(e, bodyguard::unstable::fsutil::WriteError::Refused(_)),
        "{e:?}"
    );
    assert!(fs::symlink_metadata(dir.join("link.json"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(!dir.join("missing.json").exists());
}

#[test]
fn a_file_with_hard_links_is_refused_and_the_others_are_fixed() {
    let dir = temp_dir("hardlink");
    fs::write(dir.join("a.json"), BODY).unwrap();
    fs::hard_link(dir.join("a.json"), dir.join("b.json")).unwrap();
    fs::write(dir.join("c.json"), BODY).unwrap();

    let (code, err) = fix(&dir, &["a.json", "c.json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a.json has 2 hard links"), "{err}");
    assert_eq!(fs::read_to_string(dir.join("a.json")).unwrap(), BODY);
    assert_eq!(fs::read_to_string(dir.join("b.json")).unwrap(), BODY);
    assert_eq!(fs::metadata(dir.join("a.json")).unwrap().nlink(), 2);
    assert_eq!(fs::read_to_string(dir.join("c.json")).unwrap(), FIXED);
}

#[test]
fn a_read_only_file_is_refused_and_the_others_are_fixed() {
    let dir = temp_dir("readonly");
    fs::write(dir.join("a.json"), BODY).unwrap();
    fs::set_permissions(dir.join("a.json"), fs::Permissions::from_mode(0o444)).unwrap();
    fs::write(dir.join("c.json"), BODY).unwrap();

    let (code, err) = fix(&dir, &["a.json", "c.json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a.json is read-only"), "{err}");
    assert_eq!(fs::read_to_string(dir.join("a.json")).unwrap(), BODY);
    assert_eq!(mode(&dir.join("a.json")), 0o444);
    assert_eq!(fs::read_to_string(dir.join("c.json")).unwrap(), FIXED);
    make_writable(&dir);
}

#[test]
fn a_fixed_file_keeps_its_owner_and_group() {
    let dir = temp_dir("owner");
    let file = dir.join("a.json");
    fs::write(&file, BODY).unwrap();
    if std::os::unix::fs::chown(&file, Some(4242), Some(4343)).is_err() {
        eprintln!("skipped: changing a file's owner needs root here");
        return;
    }
    let (code, err) = fix(&dir, &["a.json"]);
    assert_eq!(code, 0, "{err}");
    let meta = fs::metadata(&file).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4242, 4343));
    assert_eq!(fs::read_to_string(&file).unwrap(), FIXED);
}

#[test]
fn temporary_files_of_interrupted_runs_are_cleaned_and_links_are_not() {
    let dir = temp_dir("stale");
    fs::write(dir.join("p.json"), BODY).unwrap();
    fs::write(dir.join("victim.txt"), "precious").unwrap();
    // Process ids never go this high (Linux caps them at 4,194,304).
    let old = dir.join(".p.json.bodyguard-999999999.tmp");
    let new = dir.join(".p.json.bodyguard-999999998-Ab12Cd.tmp");
    let link = dir.join(".p.json.bodyguard-999999997.tmp");
    let unrelated = dir.join(".p.json.other.tmp");
    fs::write(&old, "stale").unwrap();
    fs::write(&new, "stale").unwrap();
    fs::write(&unrelated, "mine").unwrap();
    std::os::unix::fs::symlink(dir.join("victim.txt"), &link).unwrap();

    let (code, err) = fix(&dir, &["p.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(!old.exists() && !new.exists(), "stale files were kept");
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        fs::read_to_string(dir.join("victim.txt")).unwrap(),
        "precious"
    );
    assert_eq!(fs::read_to_string(&unrelated).unwrap(), "mine");
    assert_eq!(fs::read_to_string(dir.join("p.json")).unwrap(), FIXED);
}

/// A profile type whose display names hold one code in two spellings.
const TWO_SPELLINGS: &str = "{\n  \"apiEntitySetName\": \"Contacts\",\n  \"displayName\": {\"en-US\": \"Contact\", \"en-us\": \"Kontakt\", \"zh-Hant-TW\": \"聯絡人\"},\n  \"strongIds\": [{\"strongIdName\": \"ContactKey\", \"keyPropertyNames\": [\"ContactId\"]}],\n  \"fields\": [\n    {\"fieldName\": \"ContactId\", \"fieldType\": \"Edm.String\"}\n  ]\n}\n";

#[test]
fn a_fix_that_would_merge_two_keys_is_not_applied() {
    let dir = temp_dir("collision");
    fs::write(dir.join("t.json"), TWO_SPELLINGS).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args([
            "check",
            "--fix",
            "--no-config",
            "--kind",
            "ci-profile-type",
            "t.json",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    let out = String::from_utf8_lossy(&o.stdout);
    // `zh-Hant-TW` is lowercased; `en-US` is not renamed onto `en-us`: both translations stay.
    let text = fs::read_to_string(dir.join("t.json")).unwrap();
    assert_eq!(
        text,
        TWO_SPELLINGS.replace("zh-Hant-TW", "zh-hant-tw"),
        "{err}\n{out}"
    );
    assert!(out.contains("ci/locale-case"), "{out}");
    assert!(!out.contains("json/duplicate-key"), "{out}");
    assert!(out.contains("merge the two"), "{out}");
}

#[test]
fn every_fix_is_checked_against_the_original_findings() {
    use bodyguard::{Checker, Kind};
    let checker = Checker::new();
    let before = checker.check(Kind::CiProfileType, TWO_SPELLINGS);
    // The rename bodyguard no longer offers, applied by hand: it makes a duplicate key.
    let at = TWO_SPELLINGS.find("\"en-US\"").unwrap();
    let renamed = TWO_SPELLINGS.replacen("\"en-US\"", "\"en-us\"", 1);
    assert_eq!(renamed.find("\"en-us\""), Some(at));
    let after = checker.check(Kind::CiProfileType, &renamed);
    let new = bodyguard::unstable::fix::introduced(&before.diagnostics, &after.diagnostics);
    assert!(
        new.iter().any(|(code, pointer)| *code == "json/duplicate-key" && pointer == "/displayName/en-us"),
        "{new:?}"
    );
    // Fixing what is fixable adds nothing the original lacked, and says so.
    let fixed = bodyguard::unstable::fix::fix_until_stable(
        &checker,
        "t.json",
        TWO_SPELLINGS,
        Some(Kind::CiProfileType),
        |_| true,
    );
    assert_eq!(fixed.introduced, 0, "{:?}", fixed.introduced_shown);
    assert_eq!(fixed.applied, 1);
    // Findings that only move (indices shift when an element goes, a key takes its
    // canonical case) are the same findings.
    let profile = "{\"policies\": [{\"roleId\": \"a\", \"restrictedTo\": [{\"index\": \"i\"}, {\"index\": \"i\"}, {\"index\": \"BAD!\"}]}]}";
    let fixed = bodyguard::unstable::fix::fix_until_stable(
        &checker,
        "p.json",
        profile,
        Some(Kind::KuzzleProfile),
        |_| true,
    );
    assert_eq!(fixed.introduced, 0, "{:?}", fixed.introduced_shown);
    assert_eq!(fixed.applied, 1, "{}", fixed.text);
}

#[test]
fn jsonc_comments_stay_with_their_code() {
    let dir = temp_dir("comments");
    let text = "{\n  // for the editor\n  \"$schema\": \"x\", // schema url\n  // what the profile grants\n  \"policies\": [{\"roleId\": \"editor\"}], // one role\n  /* the id */ \"_id\": \"p\"\n}\n";
    fs::write(dir.join("p.jsonc"), text).unwrap();
    let (code, err) = fix(&dir, &["p.jsonc"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        fs::read_to_string(dir.join("p.jsonc")).unwrap(),
        "{\n  // what the profile grants\n  \"policies\": [{\"roleId\": \"editor\"}] // one role\n}\n"
    );
}
