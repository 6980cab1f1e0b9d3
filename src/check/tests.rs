//! One thread or two: the same report.

use super::*;

/// Everything a report holds, for comparing two checks of the same text.
fn shown(report: &Report) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{}\n{:?}",
        report.kind,
        report.diagnostics,
        report.facts,
        report.skipped,
        report.source.text()
    )
}

/// `text` checked on one thread and on two: the same report, finding for finding.
fn same_both_ways(name: &str, text: &str) {
    let one = Checker::new().with_parallel_from(usize::MAX);
    let two = Checker::new().with_parallel_from(0);
    let sequential = one.check_source(SourceFile::new(name, text), None);
    let parallel = two.check_source(SourceFile::new(name, text), None);
    assert_eq!(shown(&sequential), shown(&parallel), "{name}");
}

/// A big securities file with findings of every group: the file's own rules (unknown
/// roles and profiles, suggested), the role and profile packs on each entry, the
/// `security/*` rules, secret values (masked, withheld from messages), facts.
fn big_securities() -> String {
    let mut roles = Vec::new();
    let mut profiles = Vec::new();
    let mut users = Vec::new();
    for i in 0..600 {
        let actions = if i % 50 == 0 {
            r#"{"security": {"actions": {"*": true}}}"#.to_string()
        } else {
            format!(
                r#"{{"document": {{"actions": {{"get": true, "create": {}}}}}}}"#,
                i % 2 == 0
            )
        };
        roles.push(format!(r#""role-{i}": {{"controllers": {actions}}}"#));
        let role = if i % 40 == 7 {
            format!("rol-{i}")
        } else {
            format!("role-{i}")
        };
        let restricted = if i % 30 == 3 {
            "[]".to_string()
        } else {
            format!(
                r#"[{{"index": "shop-{}", "collections": ["a", "a"]}}]"#,
                i % 7
            )
        };
        profiles.push(format!(
            r#""profile-{i}": {{"policies": [{{"roleId": "{role}", "restrictedTo": {restricted}}}]}}"#
        ));
        let profile = if i % 45 == 2 {
            format!("profil-{i}")
        } else {
            format!("profile-{i}")
        };
        users.push(format!(
            r#""user-{i}": {{"content": {{"profileIds": ["{profile}"], "name": "n°{i}", "apiKey": "sk_live_{i:0>24}"}}, "credentials": {{"local": {{"username": "u{i}", "password": "hunter-{i}-secret"}}}}}}"#
        ));
    }
    format!(
        "{{\"roles\": {{{}}},\n\"profiles\": {{{}}},\n\"users\": {{{}}}}}",
        roles.join(",\n"),
        profiles.join(",\n"),
        users.join(",\n")
    )
}

#[test]
fn a_big_file_gets_the_same_report_on_two_threads() {
    let text = big_securities();
    let report = Checker::new()
        .with_parallel_from(0)
        .check_source(SourceFile::new("securities.json", text.as_str()), None);
    // The body has findings of each group run side by side, and secrets to mask.
    for code in [
        "security/escalation",
        "kuzzle/securities-unknown-role",
        "kuzzle/securities-unknown-profile",
        "kuzzle/empty-restricted-to",
        "kuzzle/duplicate-collection",
    ] {
        assert!(
            report.diagnostics.iter().any(|d| d.code() == code),
            "no {code}"
        );
    }
    assert!(!report.facts.is_empty());
    assert!(!report.source.text().contains("hunter-1-secret"));
    same_both_ways("securities.json", &text);
    // Broken, it is masked from the text beside the full parser: the same report again.
    for broken in [
        text.replacen(r#""create": true"#, r#""create": "true"#, 1),
        text.replacen(r#""username": "u1","#, r#""username": "u1""#, 1),
    ] {
        let report = Checker::new()
            .with_parallel_from(0)
            .check_source(SourceFile::new("securities.json", broken.as_str()), None);
        assert!(report.diagnostics.iter().any(|d| d.code() == "json/syntax"));
        assert!(!report.source.text().contains("hunter-2-secret"));
        same_both_ways("securities.json", &broken);
    }
    // With the default threshold too: a text this big is split.
    assert!(text.len() < PARALLEL_FROM);
    let big = text.repeat(PARALLEL_FROM / text.len() + 1);
    let sequential = Checker::new()
        .with_parallel_from(usize::MAX)
        .check_source(SourceFile::new("securities.json", big.as_str()), None);
    let default =
        Checker::new().check_source(SourceFile::new("securities.json", big.as_str()), None);
    assert_eq!(shown(&sequential), shown(&default));
}

#[test]
fn every_fixture_gets_the_same_report_on_two_threads() {
    let files = fixtures();
    assert!(files.len() > 100);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        same_both_ways(&path.to_string_lossy(), &text);
    }
}

/// Check `texts` one after the other with a kept tree, each against a whole check of its own;
/// returns how many were re-parsed in part.
fn kept_as_whole(name: &str, texts: &[String]) -> usize {
    let checker = Checker::new();
    let mut kept = Kept::default();
    for text in texts {
        let again =
            checker.check_source_kept(SourceFile::new(name, text.as_str()), None, &mut kept);
        let whole = checker.check_source(SourceFile::new(name, text.as_str()), None);
        assert_eq!(
            shown(&again),
            shown(&whole),
            "{name} after an edit:\n{text}"
        );
    }
    kept.patched
}

#[test]
fn a_kept_tree_gives_the_report_of_a_whole_check() {
    let text = big_securities();
    let edits: Vec<String> = vec![
        // A restriction emptied and given back, an action flipped, a password changed (its
        // new value is masked), a new duplicate key and its removal, a syntax error and
        // its fix, a user removed.
        text.replacen(
            r#"[{"index": "shop-1", "collections": ["a", "a"]}]"#,
            "[]",
            1,
        ),
        text.clone(),
        text.replacen(r#""create": true"#, r#""create": false"#, 1),
        text.replacen("hunter-1-secret", "hunter-2-other", 1),
        text.replacen(
            r#""username": "u1""#,
            r#""username": "u1", "username": "u2""#,
            1,
        ),
        text.clone(),
        text.replacen(r#""create": true"#, r#""create": tru"#, 1),
        text.replacen(r#""create": true"#, r#""create": 1e999"#, 1),
        text.clone(),
        text.replacen(r#""n°5","#, r#""n°5 {tenant}","#, 1),
        text.replacen(r#""users": {"#, r#""users": {"user-x": {}, "#, 1),
        text.clone(),
    ];
    let patched = kept_as_whole("securities.json", &edits);
    // Edits far apart (two sections), and checks after one with a finding of the parser,
    // parse the whole text.
    assert!(patched >= 5, "only {patched} edits were re-parsed in part");
}

#[test]
fn a_text_too_big_to_keep_is_parsed_whole_each_time() {
    let text = big_securities();
    let edited = text.replacen(r#""create": true"#, r#""create": false"#, 1);
    let checker = Checker::new();
    let patched = |mut kept: Kept| {
        for text in [&text, &edited] {
            checker.check_source_kept(SourceFile::new("s.json", text.as_str()), None, &mut kept);
        }
        kept.patched
    };
    assert_eq!(patched(Kept::default()), 1);
    assert_eq!(patched(Kept::below(text.len())), 0);
    assert_eq!(patched(Kept::once()), 0);
}

#[test]
fn every_fixture_edited_gives_the_report_of_a_whole_check() {
    let files = fixtures();
    let mut patched = 0;
    for path in files {
        let original = std::fs::read_to_string(&path).unwrap_or_default();
        // Edits spread over the text, each on the text the one before left: a character
        // inserted, then one removed, some of which break the syntax; then the original.
        let mut texts = vec![original.clone()];
        let mut text = original.clone();
        for step in 1..=12 {
            let mut at = text.len() * step / 13;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            if step % 2 == 0 {
                text.insert(at, if step % 4 == 0 { 'x' } else { '1' });
            } else if let Some(c) = text[at..].chars().next() {
                text.replace_range(at..at + c.len_utf8(), "");
            }
            texts.push(text.clone());
        }
        texts.push(original);
        patched += kept_as_whole(&path.to_string_lossy(), &texts);
    }
    assert!(patched > 100, "only {patched} edits were re-parsed in part");
}

/// Every `.json` and `.jsonc` file under `fixtures/`.
fn fixtures() -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| e == "json" || e == "jsonc")
            {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut files,
    );
    files
}

#[test]
fn checker_is_send_and_sync() {
    fn assert_sync<T: Send + Sync>() {}
    assert_sync::<Checker>();
}
