//! Every output format on one multi-finding run: SARIF validated against the official
//! 2.1.0 schema, GitHub annotations escaped, JUnit well-formed XML, JSON Lines one object
//! per line.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("formats-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Three files: duplicate key + wrong type (errors) with a non-ASCII line, a BOM (warning,
/// fixable), a clean one, and a file name that needs escaping everywhere.
fn run(format: &str) -> (Output, PathBuf) {
    let dir = temp_dir(format);
    std::fs::write(
        dir.join("a, b:%.json"),
        "{\"tags\": [\"été\"], \"policies\": [{\"roleId\": \"a\"}],\n \"policies\": [{\"roleId\": \"b> & <'c'\"}], \"rateLimit\": \"10\"}",
    )
    .unwrap();
    std::fs::write(
        dir.join("bom.json"),
        "\u{feff}{\"policies\": [{\"roleId\": \"editor\"}]}",
    )
    .unwrap();
    std::fs::write(
        dir.join("ok.json"),
        r#"{"policies": [{"roleId": "editor"}]}"#,
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(["check", ".", "--format", format, "--no-config"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (o, dir)
}

fn text(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let (o, _) = run("sarif");
    let log: Value = serde_json::from_slice(&o.stdout).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft7::new(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), bodyguard::unstable::rules::all().count());
    let results = run["results"].as_array().unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    let dup = results
        .iter()
        .find(|r| r["ruleId"] == "json/duplicate-key")
        .unwrap();
    assert_eq!(dup["level"], "error");
    let loc = &dup["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "a%2C%20b%3A%25.json");
    assert_eq!(loc["region"]["startLine"], 2);
    assert_eq!(loc["region"]["startColumn"], 2);
    assert_eq!(loc["region"]["endColumn"], 12);
    // Columns count code points: `é` is one column although it is two bytes.
    let ty = results
        .iter()
        .find(|r| r["ruleId"] == "schema/type")
        .unwrap();
    assert_eq!(
        ty["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    let bom_rule = rules.iter().find(|r| r["id"] == "json/bom").unwrap();
    assert_eq!(bom_rule["defaultConfiguration"]["level"], "warning");
    assert_eq!(
        bom_rule["shortDescription"]["text"],
        "the file starts with a byte order mark"
    );
    assert!(bom_rule["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .contains("## What it does"));
    assert!(bom_rule["helpUri"]
        .as_str()
        .unwrap()
        .ends_with("json/bom.md"));
    let bom = results.iter().find(|r| r["ruleId"] == "json/bom").unwrap();
    assert_eq!(bom["level"], "warning");
}

#[test]
fn github_annotations_are_escaped() {
    let (o, _) = run("github");
    let out = text(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    let dup = lines
        .iter()
        .find(|l| l.contains("json/duplicate-key"))
        .unwrap();
    assert!(
        dup.starts_with("::error file=a%2C b%3A%25.json,line=2,col=2,endLine=2,endColumn=12,title=json/duplicate-key::"),
        "{dup}"
    );
    let bom = lines.iter().find(|l| l.contains("json/bom")).unwrap();
    assert!(
        bom.starts_with("::warning file=bom.json,line=1,col=1,"),
        "{bom}"
    );
    // Multi-line messages stay on one line.
    assert!(out.lines().all(|l| l.starts_with("::")));
    assert!(dup.contains("%0Ahelp: "));
}

#[test]
fn junit_is_well_formed_xml() {
    let (o, _) = run("junit");
    let out = text(&o);
    let doc = roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    let failures: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    assert_eq!(failures.len(), 3);
    let ok = cases
        .iter()
        .find(|c| c.attribute("name") == Some("./ok.json"))
        .unwrap();
    assert_eq!(ok.children().filter(|n| n.is_element()).count(), 0);
    let body = failures
        .iter()
        .map(|f| f.text().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        body.contains("./a, b:%.json:2:2: error json/duplicate-key"),
        "{body}"
    );
}

#[test]
fn json_lines_has_one_object_per_finding() {
    let (o, _) = run("json-lines");
    let out = text(&o);
    let objects: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 3);
    assert!(objects
        .iter()
        .all(|v| v["code"].is_string() && v["filename"].is_string()));
}

#[test]
fn json_and_human_agree_on_counts() {
    let (o, _) = run("json");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["errors"], 2);
    assert_eq!(v["summary"]["warnings"], 1);
    let (o, _) = run("human");
    assert!(
        text(&o).contains("Found 2 errors and 1 warning in 2 of 3 files."),
        "{}",
        text(&o)
    );
}

/// Keys, values and file names reach every output; no text output passes on a character a
/// terminal or a viewer acts on (ESC, BEL, CSI, bidirectional overrides), and JUnit stays
/// well-formed XML.
#[test]
fn control_characters_from_a_body_reach_no_output() {
    let dir = temp_dir("controls");
    let name = if cfg!(unix) {
        "e\u{1b}[1m.json"
    } else {
        "e.json"
    };
    std::fs::write(
        dir.join(name),
        "{\"policies\": [{\"roleId\": \"a\"}], \"k\u{1b}]0;t\u{7}\u{9b}31m\u{202e}\": 1, \"\u{1b}[2J\": 2,\n \"$schema\": \"x\"}",
    )
    .unwrap();
    let hostile = ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'];
    for args in [
        &["--format", "human"][..],
        &["--format", "human", "--color", "always"],
        &["--format", "github"],
        &["--format", "junit"],
        &["--format", "json"],
        &["--format", "json-lines"],
        &["--format", "sarif"],
        &["--diff"],
        &["--statistics"],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
            .args(["check", ".", "--no-config", "--kind", "kuzzle-profile"])
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        let out = text(&o);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        let without_colours = out.replace("\u{1b}[", "");
        let plain = if args.contains(&"always") {
            &without_colours
        } else {
            &out
        };
        // Colours are bodyguard's own `ESC [` sequences; none other may pass.
        assert!(
            !plain.contains(hostile) && !err.contains(hostile),
            "{args:?} passes a control character:\n{out:?}\n{err:?}"
        );
        match args[args.len() - 1] {
            "github" => {
                assert!(out.contains("unknown profile key `k?]0;t??31m?`"), "{out}");
                assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
            }
            "junit" => {
                roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
            }
            "json" | "sarif" => {
                // Escaped as `\u001b`, `\u009b`, `\u202e`: the same data for a reader.
                let v: Value = serde_json::from_str(&out).unwrap();
                assert!(v.to_string().contains('\u{202e}'), "{out}");
            }
            "json-lines" => {
                for line in out.lines() {
                    let _: Value = serde_json::from_str(line).unwrap();
                }
                assert!(out.contains("\\u009b31m\\u202e"), "{out}");
            }
            _ => {}
        }
    }
}

/// Messages on stderr (here an inventory that cannot be used) carry no control character
/// from a file either.
#[test]
fn control_characters_reach_no_error_message() {
    let dir = temp_dir("controls-stderr");
    std::fs::write(
        dir.join("inv.json"),
        r#"{"idx\u001b]0;t\u0007": {"coll\u009b1m": [1]}}"#,
    )
    .unwrap();
    std::fs::write(dir.join("p.json"), r#"{"policies": [{"roleId": "a"}]}"#).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(["check", "p.json", "--no-config", "--inventory", "inv.json"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("idx?]0;t?"), "{err:?}");
    assert!(!err.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{err:?}");
}
