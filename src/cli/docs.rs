//! `explain`, `rules` and `schemas`: documentation generated from the rule and model sources.

use crate::kind::Kind;
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
            print!("{}", crate::docs::explain_text(rule));
            0
        }
        None => {
            let codes: Vec<&str> = crate::rules::all().map(|r| r.code).collect();
            eprintln!("error: unknown rule `{code}`");
            if let Some(s) = crate::diagnostic::did_you_mean(code, codes.iter().copied()) {
                eprintln!("  help: did you mean `{s}`?");
            }
            eprintln!("  help: `bodyguard rules` lists every rule");
            2
        }
    }
}

pub(super) fn rules(format: RulesFormat) -> i32 {
    match format {
        RulesFormat::Text => print!("{}", crate::docs::rules_table()),
        RulesFormat::Markdown => print!("{}", crate::docs::rules_markdown()),
        RulesFormat::Json => println!("{}", crate::docs::rules_json()),
    }
    0
}

pub(super) fn schemas(write: Option<std::path::PathBuf>, check: Option<std::path::PathBuf>) -> i32 {
    if let Some(dir) = write {
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("error: cannot create {}: {e}", dir.display());
            return 2;
        }
        for kind in Kind::ALL {
            let path = dir.join(crate::schema::generate::file_name(kind));
            if let Err(e) = crate::fsutil::write_atomic(
                &path,
                crate::schema::generate::schema_text(kind).as_bytes(),
            ) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return 2;
            }
            println!("wrote {}", path.display());
        }
        return 0;
    }
    if let Some(dir) = check {
        let mut stale = 0;
        for kind in Kind::ALL {
            let path = dir.join(crate::schema::generate::file_name(kind));
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != crate::schema::generate::schema_text(kind) {
                println!("{} is out of date", path.display());
                stale += 1;
            }
        }
        return i32::from(stale > 0);
    }
    for kind in Kind::ALL {
        println!("{}", crate::schema::generate::file_name(kind));
    }
    0
}
