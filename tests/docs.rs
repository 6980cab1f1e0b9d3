//! The committed rule pages (`docs/rules/`) are what the rules' documentation generates, and
//! every rule's documentation has the required sections.

use std::path::Path;

#[test]
fn committed_rule_docs_match_the_rules() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let stale = bodyguard::unstable::docs::stale_pages(&dir);
    assert!(
        stale.is_empty(),
        "docs/rules is out of date:\n  {}\nregenerate with `cargo run -q -- docs --write docs/rules` \
         (delete pages of removed rules)",
        stale.join("\n  ")
    );
}

#[test]
fn every_rule_has_the_required_headings() {
    let mut problems = Vec::new();
    for rule in bodyguard::unstable::rules::all() {
        let docs = rule.docs_text();
        let headings: Vec<&str> = docs.lines().filter(|l| l.starts_with("## ")).collect();
        for required in ["## What it does", "## Why is this bad?"] {
            if !headings.contains(&required) {
                problems.push(format!("{}: no `{required}`", rule.code));
            }
        }
        if rule.fix != bodyguard::FixAvailability::None && !headings.contains(&"## Fix") {
            problems.push(format!("{}: fixable but no `## Fix` section", rule.code));
        }
        if headings.first() != Some(&"## What it does") {
            problems.push(format!(
                "{}: docs must start with `## What it does`",
                rule.code
            ));
        }
        if let Some(i) = docs.find("## Example") {
            if !docs[i..].contains("Use instead") {
                problems.push(format!(
                    "{}: `## Example` without \"Use instead:\"",
                    rule.code
                ));
            }
        }
        if rule.summary.is_empty() {
            problems.push(format!("{}: empty summary", rule.code));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_index_links_every_page() {
    let pages = bodyguard::unstable::docs::rule_pages();
    let index = &pages.iter().find(|(p, _)| p == "README.md").unwrap().1;
    for rule in bodyguard::unstable::rules::all() {
        assert!(
            index.contains(&format!("]({}.md)", rule.code)),
            "{}",
            rule.code
        );
    }
}

/// The fenced blocks of `lang` in the README section starting at `heading`.
fn readme_blocks(heading: &str, lang: &str) -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("README has no {heading}"));
    let section = &readme[start + heading.len()..];
    let section = &section[..section.find("\n### ").unwrap_or(section.len())];
    let fence = format!("```{lang}\n");
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some(i) = rest.find(&fence) {
        let body = &rest[i + fence.len()..];
        let end = body.find("```").unwrap();
        blocks.push(body[..end].to_string());
        rest = &body[end..];
    }
    blocks
}

#[test]
fn the_readme_configuration_examples_are_valid() {
    let tomls = readme_blocks("### Configuration", "toml");
    assert_eq!(tomls.len(), 1);
    let config = bodyguard::unstable::config::parse(
        bodyguard::SourceFile::new("bodyguard.toml", tomls[0].as_str()),
        Path::new("."),
    )
    .unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    assert_eq!(config.inventory.len(), 1);
    assert_eq!(config.ignores.len(), 1);

    let jsoncs = readme_blocks("### Configuration", "jsonc");
    assert_eq!(jsoncs.len(), 1);
    let report = bodyguard::Checker::new().check_source(
        bodyguard::SourceFile::new("profile.jsonc", jsoncs[0].as_str()),
        None,
    );
    assert!(report.is_clean(), "{:?}", report.diagnostics);
}
