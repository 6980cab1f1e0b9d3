//! `explain`, `rules` and `schemas`: documentation generated from the rule and model sources.

use crate::core::Kind;
use clap::ValueEnum;

/// Formats of `bodyguard rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// An aligned table.
    Text,
    /// A JSON array.
    Json,
    /// A Markdown table.
    Markdown,
}

pub(super) fn explain(code: &str) -> i32 {
    match crate::rules::by_code(code) {
        Some(rule) => {
            super::print_out(&crate::docs::explain_text(rule));
            0
        }
        None => {
            let codes: Vec<&str> = crate::rules::all().map(|r| r.code).collect();
            eprintln!("error: unknown rule `{code}`");
            if let Some(s) = crate::core::diagnostic::did_you_mean(code, codes.iter().copied()) {
                eprintln!("  help: did you mean `{s}`?");
            }
            eprintln!("  help: `bodyguard rules` lists every rule");
            2
        }
    }
}

pub(super) fn rules(format: RulesFormat) -> i32 {
    match format {
        RulesFormat::Text => super::print_out(&crate::docs::rules_table()),
        RulesFormat::Markdown => super::print_out(&crate::docs::rules_markdown()),
        RulesFormat::Json => super::print_out(&format!("{}\n", crate::docs::rules_json())),
    }
    0
}

pub(super) fn schemas(write: Option<std::path::PathBuf>, check: Option<std::path::PathBuf>) -> i32 {
    if let Some(dir) = write {
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("error: cannot create {}: {e}", dir.display());
            return 2;
        }
        for (name, text) in schema_files() {
            let path = dir.join(name);
            if let Err(e) = crate::fsutil::write_atomic(&path, text.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return 2;
            }
            super::print_out(&format!("wrote {}\n", path.display()));
        }
        return 0;
    }
    if let Some(dir) = check {
        let mut stale = 0;
        for (name, text) in schema_files() {
            let path = dir.join(name);
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != text {
                super::print_out(&format!("{} is out of date\n", path.display()));
                stale += 1;
            }
        }
        return i32::from(stale > 0);
    }
    for (name, _) in schema_files() {
        super::print_out(&format!("{name}\n"));
    }
    0
}

/// Every file `schemas --write` produces: one schema per kind, the schema of
/// `bodyguard.toml`, and the SchemaStore-style catalog.
fn schema_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Kind::ALL
        .into_iter()
        .map(|k| {
            (
                crate::schema::generate::file_name(k),
                crate::schema::generate::schema_text(k),
            )
        })
        .collect();
    files.push((
        "bodyguard-toml.schema.json".into(),
        crate::config::schema_text(),
    ));
    files.push(("catalog.json".into(), crate::docs::catalog_text()));
    files
}

pub(super) fn rule_docs(
    write: Option<std::path::PathBuf>,
    check: Option<std::path::PathBuf>,
) -> i32 {
    let pages = crate::docs::rule_pages();
    if let Some(dir) = write {
        for (rel, text) in &pages {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                if let Err(e) = std::fs::create_dir_all(parent) {
                    eprintln!("error: cannot create {}: {e}", parent.display());
                    return 2;
                }
            }
            if let Err(e) = crate::fsutil::write_atomic(&path, text.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return 2;
            }
        }
        super::print_out(&format!(
            "wrote {} pages into {}\n",
            pages.len(),
            dir.display()
        ));
        return 0;
    }
    if let Some(dir) = check {
        let stale = crate::docs::stale_pages(&dir);
        for s in &stale {
            super::print_out(&format!("{s}\n"));
        }
        return i32::from(!stale.is_empty());
    }
    for (rel, _) in &pages {
        super::print_out(&format!("{rel}\n"));
    }
    0
}
