//! `bodyguard explain-access`: what a profile really grants, as Kuzzle computes it.

use crate::parse::{self, Syntax};
use crate::rules::kuzzle_profile::access::{profile_access, render_text, RESTRICTION_NOTE};

/// Output formats of `explain-access`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum AccessFormat {
    /// A listing for reviewers.
    Human,
    /// The restriction maps as JSON.
    Json,
}

#[derive(Debug, clap::Args)]
pub(super) struct ExplainAccessArgs {
    /// A profile body (or a securities file: each of its profiles is shown).
    #[arg(value_name = "FILE")]
    file: String,
    /// Inventory files or kourou dump directories (mappings, securities files, dumps):
    /// whole-index grants then list the collections they open, unknown names are marked.
    #[arg(long, value_name = "PATH")]
    inventory: Vec<String>,
    /// Output format.
    #[arg(long, default_value = "human")]
    format: AccessFormat,
}

pub(super) fn run(args: ExplainAccessArgs) -> i32 {
    let inventory = if args.inventory.is_empty() {
        None
    } else {
        match crate::inventory::from_paths(&args.inventory) {
            Ok(inv) => Some(inv),
            Err(e) => {
                eprintln!("error: {}", crate::render::printable(&e.to_string()));
                return 2;
            }
        }
    };
    let text = match crate::files::read(std::path::Path::new(&args.file)) {
        Ok(t) => t,
        Err((m, _)) => {
            eprintln!("error: {}: {m}", args.file);
            return 2;
        }
    };
    let mut diagnostics = Vec::new();
    let document = parse::parse(&text, Syntax::for_path(&args.file), &mut diagnostics);
    let Some(root) = document.root.as_ref() else {
        eprintln!(
            "error: {}: not valid JSON (run `bodyguard check` for details)",
            args.file
        );
        return 2;
    };
    // A profile body, or the profiles of a securities file.
    let mut profiles: Vec<(String, String, &parse::Node)> = Vec::new();
    if root.get("policies").is_some() {
        profiles.push((args.file.clone(), String::new(), root));
    } else if let Some(members) = root.get("profiles").and_then(parse::Node::as_object) {
        let is_securities = members.iter().any(|m| m.value.get("policies").is_some());
        for m in members.iter().filter(|_| is_securities) {
            let ptr = parse::pointer_join("/profiles", &m.key);
            profiles.push((format!("profile `{}`", m.key), ptr, &m.value));
        }
    }
    if profiles.is_empty() {
        eprintln!(
            "error: {}: no profile found (expected a profile body with `policies`, or a securities file with `profiles`)",
            args.file
        );
        return 2;
    }
    match args.format {
        AccessFormat::Human => {
            let mut out = String::new();
            for (name, ptr, node) in &profiles {
                out.push_str(&format!("{name}:\n"));
                out.push_str(&render_text(
                    &profile_access(node, ptr, Some(&text)),
                    inventory.as_ref(),
                ));
                out.push('\n');
            }
            out.push_str(RESTRICTION_NOTE);
            out.push('\n');
            print!("{out}");
        }
        AccessFormat::Json => {
            let list: Vec<serde_json::Value> = profiles
                .iter()
                .map(|(name, ptr, node)| {
                    serde_json::json!({
                        "name": name,
                        "pointer": ptr,
                        "access": profile_access(node, ptr, Some(&text)),
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
    }
    0
}
