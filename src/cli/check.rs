//! `bodyguard check`.

use super::{Format, Level};
use crate::diagnostic::Diagnostic;
use crate::kind::Kind;
use crate::render::{self, Summary};
use crate::rules::builtin;
use crate::source::SourceFile;
use crate::{Checker, Report, Settings};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, clap::Args)]
pub(super) struct CheckArgs {
    /// Files, directories (walked for *.json and *.jsonc) or glob patterns.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Check every file as this kind instead of detecting it.
    #[arg(long)]
    kind: Option<Kind>,
    /// Output format.
    #[arg(long, default_value = "human")]
    format: Format,
    /// Exit 1 when a finding reaches this severity.
    #[arg(long, default_value = "error")]
    fail_level: Level,
    /// Only run these rules (repeatable, by code).
    #[arg(long, value_name = "CODE")]
    select: Vec<String>,
    /// What exists on the target: mappings files, securities files, kourou dumps (files or
    /// dump directories). Repeatable. Enables the unknown index/collection/role checks.
    #[arg(long, value_name = "PATH")]
    inventory: Vec<PathBuf>,
    /// Force colours on (default: on when stdout is a terminal and NO_COLOR is unset).
    #[arg(long)]
    color: bool,
}

pub(super) fn run(args: CheckArgs) -> i32 {
    let inventory = if args.inventory.is_empty() {
        None
    } else {
        match crate::inventory::from_paths(&args.inventory) {
            Ok(inv) => Some(std::sync::Arc::new(inv)),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        }
    };
    let settings = Settings {
        select: (!args.select.is_empty()).then(|| args.select.clone()),
        inventory,
        ..Settings::default()
    };
    for code in &args.select {
        if crate::rules::by_code(code).is_none() {
            eprintln!("error: unknown rule `{code}` in --select (see `bodyguard rules`)");
            return 2;
        }
    }
    let (files, input_errors) = crate::files::collect(&args.paths);
    let checker = Checker::with_settings(settings);
    let (mut reports, io_failed) = check_files(&checker, &files, args.kind);
    crate::project::check(&mut reports, checker.settings());
    for e in &input_errors {
        reports.push(io_report(&e.path, &e.message));
    }
    let color = args.color
        || (std::env::var_os("NO_COLOR").is_none()
            && std::io::IsTerminal::is_terminal(&std::io::stdout()));
    let text = match args.format {
        Format::Human => {
            let mut out = String::new();
            for r in &reports {
                out.push_str(&render::human::render(
                    r,
                    render::human::HumanOptions { color, width: 100 },
                ));
            }
            out.push_str(&Summary::of(&reports).line());
            out.push('\n');
            if let Some(line) = inventory_line(&reports, checker.settings()) {
                out.push_str(&line);
                out.push('\n');
            }
            out
        }
        Format::Json => render::json::render(&reports),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    if io_failed || !input_errors.is_empty() {
        return 2;
    }
    let level = args.fail_level.severity();
    if reports.iter().all(|r| r.passes(level)) {
        0
    } else {
        1
    }
}

/// The inventory note of the human summary, shown when Kuzzle bodies were checked.
fn inventory_line(reports: &[Report], settings: &Settings) -> Option<String> {
    let kuzzle = reports.iter().any(|r| {
        matches!(
            r.kind,
            Some(Kind::KuzzleProfile | Kind::KuzzleRole | Kind::KuzzleSecurities)
        )
    });
    if !kuzzle {
        return None;
    }
    Some(match settings.inventory.as_deref() {
        Some(inv) => format!("Inventory: {}", inv.describe()),
        None => "Inventory: none (unknown index/collection/role checks skipped; pass --inventory)"
            .to_string(),
    })
}

fn io_report(path: &str, message: &str) -> Report {
    Report {
        source: std::sync::Arc::new(SourceFile::new(path, "")),
        kind: None,
        diagnostics: vec![Diagnostic::new(&builtin::IO, format!("{path}: {message}"))],
        facts: Vec::new(),
    }
}

/// Check `files` on all cores; reports come back in the order of `files`.
/// The flag is true when a file could not be read at all.
fn check_files(checker: &Checker, files: &[PathBuf], kind: Option<Kind>) -> (Vec<Report>, bool) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<(Report, bool)>> = Vec::new();
    slots.resize_with(files.len(), || None);
    let results: Vec<Vec<(usize, Report, bool)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        let name = path.display().to_string();
                        let (report, io_failed) = match crate::files::read(path) {
                            Ok(text) => (
                                checker.check_source(SourceFile::new(name, text), kind),
                                false,
                            ),
                            Err((message, io)) => (io_report(&name, &message), io),
                        };
                        done.push((i, report, io_failed));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    for (i, report, io) in results.into_iter().flatten() {
        slots[i] = Some((report, io));
    }
    let mut io_failed = false;
    let reports = slots
        .into_iter()
        .flatten()
        .map(|(r, io)| {
            io_failed |= io;
            r
        })
        .collect();
    (reports, io_failed)
}
