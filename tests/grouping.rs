//! The human output groups repeats of one code in a file; machine formats keep each finding.

use std::path::Path;
use std::process::Command;

fn body() -> String {
    let fields: Vec<String> = (0..6)
        .map(|i| format!("    {{\"fieldName\": \"f{i}\", \"fieldType\": \"Edm.String\", \"isRequired\": true}}"))
        .collect();
    format!(
        "{{\n  \"apiEntitySetName\": \"Contacts\",\n  \"fields\": [\n{}\n  ],\n  \"strongIds\": [{{\"keyPropertyNames\": [\"f0\"], \"strongIdName\": \"byF0\"}}]\n}}\n",
        fields.join(",\n")
    )
}

/// Runs bodyguard on the body in a folder of its own (`case`): tests run in parallel.
fn run(case: &str, args: &[&str]) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("grouping")
        .join(case);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("contact.json"), body()).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(["check", "contact.json", "--no-config", "--color", "never"])
        .args(args)
        .current_dir(&dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn human_output_shows_a_repeated_finding_once() {
    let out = run("human", &[]);
    assert_eq!(
        out.matches("ci/is-required-on-profile\n").count(),
        1,
        "{out}"
    );
    // (The help is wrapped at 100 columns.)
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("the same finding (ci/is-required-on-profile) repeats 5 more times in this file, at lines 5, 6, 7, 8, 9;"),
        "{out}"
    );
    // The summary still counts every finding.
    assert!(out.contains("Found 6 warnings in 1 of 1 file."), "{out}");
}

#[test]
fn machine_formats_keep_every_finding() {
    let out = run("json-lines", &["--format", "json-lines"]);
    assert_eq!(
        out.matches("\"ci/is-required-on-profile\"").count(),
        6,
        "{out}"
    );
    assert!(!out.contains("repeats"), "{out}");
}
