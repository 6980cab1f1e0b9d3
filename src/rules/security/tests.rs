//! Unit tests of the `security/*` family: a file analysed a chunk of profiles at a time
//! gives the findings of one analysis.

use super::*;
use crate::parse::Syntax;

/// A securities file of `n` profiles that every rule of the family reports on: escalating
/// roles, restricted policies of roles with `index:list`, users holding profiles, a
/// profile replacing the built-in `admin`, and an anonymous role and profile.
fn generated(n: usize) -> String {
    let roles = r#""esc": {"controllers": {"security": {"actions": {"updateUser": true}}}},
    "signup": {"controllers": {"security": {"actions": {"createUser": true}}}},
    "adm": {"controllers": {"admin": {"actions": {"*": true}}}},
    "lister": {"controllers": {"index": {"actions": {"list": true}}, "document": {"actions": {"get": true}}}},
    "reader": {"controllers": {"document": {"actions": {"get": true}}}},
    "anonymous": {"controllers": {"document": {"actions": {"get": true}}, "security": {"actions": {"getRole": true}}}}"#;
    let role_ids = [
        "esc", "signup", "adm", "lister", "reader", "missing", "default", "admin",
    ];
    // A small linear congruential generator: the same file on every run.
    let mut state: u64 = 7;
    let mut next = |m: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % m
    };
    let mut profiles = Vec::new();
    for i in 0..n {
        let policies: Vec<String> = (0..next(4))
            .map(|_| {
                let role = role_ids[next(role_ids.len())];
                match next(3) {
                    0 => format!(
                        r#"{{"roleId": "{role}", "restrictedTo": [{{"index": "i{}"}}]}}"#,
                        next(4)
                    ),
                    _ => format!(r#"{{"roleId": "{role}"}}"#),
                }
            })
            .collect();
        // Ids out of order, so that chunks are not the file's order.
        profiles.push(format!(
            r#""p{:03}": {{"policies": [{}]}}"#,
            (i * 37) % n,
            policies.join(", ")
        ));
    }
    profiles.push(r#""admin": {"policies": [{"roleId": "esc"}]}"#.into());
    profiles.push(
        r#""anonymous": {"policies": [{"roleId": "anonymous"}, {"roleId": "lister", "restrictedTo": [{"index": "x"}]}]}"#
            .into(),
    );
    let users: Vec<String> = (0..n / 2)
        .map(|i| {
            format!(
                r#""u{i}": {{"content": {{"profileIds": ["p{:03}", "admin"]}}}}"#,
                next(n)
            )
        })
        .collect();
    format!(
        "{{\"roles\": {{{roles}}},\n\"profiles\": {{{}}},\n\"users\": {{{}}}}}",
        profiles.join(",\n"),
        users.join(",\n")
    )
}

/// The findings as comparable text.
fn text(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {:?} {} | {} | {}",
                f.rule.code, f.file, f.span, f.pointer, f.message, f.help
            )
        })
        .collect()
}

fn securities_fixtures() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if text.contains("\"profiles\"") {
                    out.push((path.display().to_string(), text));
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn chunks_of_profiles_find_what_one_analysis_finds() {
    let mut bodies = securities_fixtures();
    assert!(bodies.len() > 5, "fixtures with profiles: {}", bodies.len());
    bodies.push(("generated".into(), generated(40)));
    let mut analysed = 0;
    for (name, body) in &bodies {
        let document = crate::parse::parse(body, Syntax::Json, &mut Vec::new());
        let Some(root) = document.root() else {
            continue;
        };
        let Some(section) = load::ProfileSection::of(root) else {
            continue;
        };
        let whole = analyse_file(name, root, |_| true).map(|f| text(&f));
        for size in [1, 2, 3, 7] {
            let chunked = analyse_file_in_chunks(name, root, &section, size, |_| true);
            assert_eq!(chunked.map(|f| text(&f)), whole, "{name}, chunks of {size}");
        }
        analysed += 1;
    }
    assert!(analysed > 5, "securities files analysed: {analysed}");
}

#[test]
fn the_generated_file_has_findings_of_every_rule() {
    let body = generated(40);
    let document = crate::parse::parse(&body, Syntax::Json, &mut Vec::new());
    let root = document.root().unwrap();
    let findings = analyse_file("generated", root, |_| true).unwrap();
    for rule in RULES {
        assert!(
            findings.iter().any(|f| f.rule.code == rule.code),
            "no {} finding",
            rule.code
        );
    }
}
