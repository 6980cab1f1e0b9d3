//! Unit tests of `config`.

use super::*;

fn parse_str(text: &str) -> Result<Config, ConfigError> {
    parse(SourceFile::new("bodyguard.toml", text), Path::new("."))
}

#[test]
fn relative_names_match_relative() {
    let dir = std::env::temp_dir().join(format!("bodyguard-relative-{}", std::process::id()));
    let root = dir.join("project");
    std::fs::create_dir_all(root.join("a/b")).unwrap();
    std::fs::create_dir_all(dir.join("outside")).unwrap();
    std::fs::write(root.join("bodyguard.toml"), "").unwrap();
    for f in ["a/x.json", "a/b/y.json", "top.json"] {
        std::fs::write(root.join(f), "{}").unwrap();
    }
    std::fs::write(dir.join("outside/z.json"), "{}").unwrap();
    let mut paths = vec![
        root.join("a/x.json"),
        root.join("a/b/y.json"),
        root.join("a/b/../x.json"),
        root.join("./top.json"),
        root.join("missing.json"),
        root.join("a/missing/q.json"),
        dir.join("outside/z.json"),
        root.join("a"),
        PathBuf::from("Cargo.toml"),
        PathBuf::from("./src/lib.rs"),
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("a/b"), root.join("linked-dir")).unwrap();
        std::os::unix::fs::symlink(dir.join("outside/z.json"), root.join("a/link.json")).unwrap();
        paths.push(root.join("linked-dir/y.json"));
        paths.push(root.join("a/link.json"));
    }
    let config = load(&root.join("bodyguard.toml")).unwrap();
    let mut names = config.relative_names();
    for round in 0..2 {
        for p in &paths {
            assert_eq!(
                names.relative(p),
                config.relative(p),
                "{} ({round})",
                p.display()
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn globs() {
    let g = FileGlob::new("*.json").unwrap();
    assert!(g.matches("a/b/c.json"));
    let g = FileGlob::new("profiles/**/*.json").unwrap();
    assert!(g.matches("profiles/x/y.json"));
    assert!(g.matches("profiles/y.json"));
    assert!(!g.matches("roles/y.json"));
}

#[test]
fn a_full_config_parses() {
    let c = parse_str(
        r#"
inventory = ["inv/mappings.json"]
[[kinds]]
files = "profiles/*.json"
kind = "kuzzle-profile"
[rules]
"json/bom" = "off"
"json/duplicate-key" = "warning"
[[ignore]]
code = "schema/unknown-key"
files = "legacy/*.json"
pointer = "/policies/0"
reason = "kept for the old client"
"#,
    )
    .unwrap();
    assert_eq!(c.kind_for("profiles/a.json"), Some(Kind::KuzzleProfile));
    assert_eq!(c.severities["json/bom"], None);
    assert_eq!(c.inventory, vec![PathBuf::from("./inv/mappings.json")]);
    assert_eq!(c.ignores.len(), 1);
}

#[test]
fn errors_are_located() {
    let e = parse_str("[rules]\n\"json/bom\" = \"fatal\"\n").unwrap_err();
    assert_eq!(e.diagnostics[0].code(), "config/invalid");
    assert!(e.diagnostics[0].span.is_some());
    let e = parse_str("[rules]\n\"json/dupe-key\" = \"off\"\n").unwrap_err();
    assert!(e.diagnostics[0].message.contains("unknown rule"));
    assert_eq!(e.diagnostics[0].span, Some(Span::new(8, 23)));
    let e = parse_str("[[ignore]]\ncode = \"json/bom\"\nfiles = \"*\"\n").unwrap_err();
    assert!(
        e.diagnostics[0].message.contains("reason"),
        "{:?}",
        e.diagnostics
    );
    let e = parse_str("colour = 1\n").unwrap_err();
    assert!(e.diagnostics[0].message.contains("unknown field"));
}
