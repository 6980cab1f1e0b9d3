//! `bodyguard diff`: who gains and who loses which rights between two versions of roles,
//! profiles, users and securities files.

use super::access_input::{self, BuiltinsArg, Text};
use crate::access::diff::{diff, AccessDiff, EntryChanges, RightChange, SubjectDiff};
use crate::access::rights::key_text;
use std::collections::BTreeMap;
use std::process::Command;

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum DiffFormat {
    /// For people.
    Human,
    /// One JSON document.
    Json,
    /// Markdown, for a pull-request comment.
    Markdown,
}

/// What makes `diff` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum FailOn {
    /// A profile or user gains a right, or a right applies to more indexes or collections.
    NewAccess,
    /// A profile or user gains an action that changes who can do what.
    Escalation,
}

#[derive(Debug, clap::Args)]
pub(super) struct DiffArgs {
    /// `OLD NEW` (files or directories), or with `--git`, the paths to compare (default `.`).
    #[arg(value_name = "PATH")]
    paths: Vec<String>,
    /// Compare the working tree with this git revision (read with the `git` command).
    #[arg(long, value_name = "REV")]
    git: Option<String>,
    /// Exit 1 when this happens.
    #[arg(long, value_name = "WHAT")]
    fail_on: Option<FailOn>,
    /// Kuzzle's built-in roles (see `explain-access`).
    #[arg(long, default_value = "fresh")]
    builtins: BuiltinsArg,
    /// Output format.
    #[arg(long, default_value = "human")]
    format: DiffFormat,
}

pub(super) fn run(args: DiffArgs) -> i32 {
    let (old, new) = match inputs(&args) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let builtins = args.builtins.builtins();
    let models = access_input::model(&old, builtins)
        .and_then(|o| Ok((o, access_input::model(&new, builtins)?)));
    let (old, new) = match models {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let d = diff(&old, &new);
    let out = match args.format {
        DiffFormat::Human => human(&d),
        DiffFormat::Json => format!("{}\n", serde_json::to_string_pretty(&d).unwrap_or_default()),
        DiffFormat::Markdown => markdown(&d),
    };
    super::print_out(&out);
    let fail = match args.fail_on {
        None => false,
        Some(FailOn::NewAccess) => d.gains_access(),
        Some(FailOn::Escalation) => d
            .subjects
            .iter()
            .any(|s| s.gained.iter().any(|g| g.escalation)),
    };
    i32::from(fail)
}

fn inputs(args: &DiffArgs) -> Result<(Vec<Text>, Vec<Text>), String> {
    match &args.git {
        None => match args.paths.as_slice() {
            [old, new] => Ok((
                access_input::read_paths(std::slice::from_ref(old))?,
                access_input::read_paths(std::slice::from_ref(new))?,
            )),
            _ => Err("expected OLD and NEW (files or directories), or --git REV [PATHS...]".into()),
        },
        Some(rev) => {
            let paths = if args.paths.is_empty() {
                vec![".".to_string()]
            } else {
                args.paths.clone()
            };
            let old = from_git(rev, &paths)?;
            let mut new = Vec::new();
            for p in &paths {
                if std::path::Path::new(p).exists() {
                    new.extend(access_input::read_paths(std::slice::from_ref(p))?);
                }
            }
            for t in &mut new {
                t.explicit = false;
            }
            Ok((old, new))
        }
    }
}

fn git(args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// The `*.json`/`*.jsonc` files under `paths` at revision `rev`.
/// In a repository without any commit yet, `HEAD` stands for nothing: everything is new.
fn from_git(rev: &str, paths: &[String]) -> Result<Vec<Text>, String> {
    if rev == "HEAD"
        && git(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).is_err()
        && git(&["rev-parse", "--git-dir"]).is_ok()
    {
        return Ok(Vec::new());
    }
    let mut args = vec!["ls-tree", "-r", "-z", "--name-only", rev, "--"];
    args.extend(paths.iter().map(String::as_str));
    let list = git(&args)?;
    let mut out = Vec::new();
    for name in list.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        if !(name.ends_with(".json") || name.ends_with(".jsonc")) {
            continue;
        }
        let text = git(&["show", &format!("{rev}:./{name}")])?;
        let Ok(text) = String::from_utf8(text) else {
            continue;
        };
        out.push(Text {
            name: format!("{rev}:{name}"),
            text,
            explicit: false,
        });
    }
    Ok(out)
}

fn entries_line(what: &str, c: &EntryChanges) -> Option<String> {
    let list = |v: &[String]| {
        v.iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    if !c.added.is_empty() {
        parts.push(format!("added {}", list(&c.added)));
    }
    if !c.removed.is_empty() {
        parts.push(format!("removed {}", list(&c.removed)));
    }
    if !c.changed.is_empty() {
        parts.push(format!("changed {}", list(&c.changed)));
    }
    (!parts.is_empty()).then(|| format!("{what}: {}", parts.join("; ")))
}

/// Changes grouped: one line per controller, change, scope and path.
fn grouped(changes: &[RightChange]) -> Vec<String> {
    let mut groups: BTreeMap<(&str, &str, &str, &str, bool), Vec<&str>> = BTreeMap::new();
    for c in changes {
        groups
            .entry((&c.controller, c.change, &c.scope, &c.via, c.escalation))
            .or_default()
            .push(&c.action);
    }
    groups
        .into_iter()
        .map(|((controller, change, scope, via, escalation), actions)| {
            let what = if controller == "*" {
                key_text("*", "*")
            } else {
                format!(
                    "{controller}:{}",
                    actions
                        .iter()
                        .map(|a| if *a == "*" { "<any other action>" } else { a })
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let flag = if escalation {
                " [changes who can do what]"
            } else {
                ""
            };
            let via = if via.is_empty() {
                String::new()
            } else {
                format!(" (via {via})")
            };
            format!("{what} — {change}: {scope}{flag}{via}")
        })
        .collect()
}

fn subject_title(s: &SubjectDiff) -> String {
    let id = if s.kind == "user" && s.id == "-1" {
        "the anonymous user".to_string()
    } else {
        format!("{} `{}`", s.kind, s.id)
    };
    format!("{id} ({})", s.status)
}

fn summary(d: &AccessDiff) -> String {
    let gain = d.subjects.iter().filter(|s| !s.gained.is_empty()).count();
    let lose = d.subjects.iter().filter(|s| !s.lost.is_empty()).count();
    if d.is_empty() {
        "no change in access".into()
    } else {
        format!(
            "{gain} profile(s) or user(s) gain access, {lose} lose access{}",
            if d.replace_traps.is_empty() {
                String::new()
            } else {
                format!(
                    ", {} role(s) look written as updates",
                    d.replace_traps.len()
                )
            }
        )
    }
}

fn trap_text(t: &crate::access::diff::ReplaceTrap) -> String {
    format!(
        "role `{}` names only the controllers it changes ({}), as if `updateRole` merged it, but createOrReplaceRole and loadSecurities replace the whole role: it loses {}",
        t.role,
        t.written.join(", "),
        t.dropped.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
    )
}

fn human(d: &AccessDiff) -> String {
    let mut out = String::new();
    for (what, c) in [
        ("roles", &d.roles),
        ("profiles", &d.profiles),
        ("users", &d.users),
    ] {
        if let Some(line) = entries_line(what, c) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    for s in &d.subjects {
        out.push_str(&format!("\n{}:\n", subject_title(s)));
        for line in grouped(&s.gained) {
            out.push_str(&format!("  + {line}\n"));
        }
        for line in grouped(&s.lost) {
            out.push_str(&format!("  - {line}\n"));
        }
    }
    for t in &d.replace_traps {
        out.push_str(&format!("\nwarning: {}\n", trap_text(t)));
    }
    out.push_str(&format!("\n{}\n", summary(d)));
    out
}

fn markdown(d: &AccessDiff) -> String {
    let mut out = String::from("## Access changes (bodyguard diff)\n\n");
    for (what, c) in [
        ("Roles", &d.roles),
        ("Profiles", &d.profiles),
        ("Users", &d.users),
    ] {
        if let Some(line) = entries_line(what, c) {
            out.push_str(&format!("- {line}\n"));
        }
    }
    for s in &d.subjects {
        out.push_str(&format!("\n### {}\n\n", subject_title(s)));
        if !s.gained.is_empty() || !s.lost.is_empty() {
            out.push_str("| | right |\n|---|---|\n");
        }
        for line in grouped(&s.gained) {
            out.push_str(&format!("| gained | {} |\n", line.replace('|', "\\|")));
        }
        for line in grouped(&s.lost) {
            out.push_str(&format!("| lost | {} |\n", line.replace('|', "\\|")));
        }
    }
    if !d.replace_traps.is_empty() {
        out.push('\n');
        for t in &d.replace_traps {
            out.push_str(&format!("> **Warning**: {}\n>\n", trap_text(t)));
        }
    }
    out.push_str(&format!("\n**{}**\n", summary(d)));
    out
}
