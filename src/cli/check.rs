//! `bodyguard check`: configuration, inputs (files, globs, stdin), fixes, suppression,
//! baseline, output formats and the exit code.

use super::{Format, Level};
use crate::baseline::Baseline;
use crate::config::{Config, IgnoreTracker};
use crate::core::builtin;
use crate::core::diagnostic::Diagnostic;
use crate::core::source::SourceFile;
use crate::core::Kind;
use crate::render::{self, Summary};
use crate::{Checker, Report, Settings};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// When to colour the human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum ColorChoice {
    /// When stdout is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always, even when `NO_COLOR` is set.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, clap::Args)]
pub(super) struct CheckArgs {
    /// Files, directories (walked for *.json and *.jsonc) or glob patterns; `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Check every file as this kind instead of detecting it.
    #[arg(long)]
    kind: Option<Kind>,
    /// The name of the body read from stdin (`-`): drives the kind mapping of
    /// bodyguard.toml, `.jsonc` syntax and the file name in the output.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<String>,
    /// Configuration file (default: bodyguard.toml in the working directory or a parent).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Do not read any bodyguard.toml.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    // Inventory options (what exists on the target) go here, next to `--config`.
    /// Output format.
    #[arg(long, default_value = "human")]
    format: Format,
    /// Exit 1 when a finding reaches this severity.
    #[arg(long, default_value = "error")]
    fail_level: Level,
    /// Exit 0 even when findings reach the fail level (I/O and usage errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Only run these rules (repeatable, by code).
    #[arg(long, value_name = "CODE")]
    select: Vec<String>,
    /// What exists on the target: mappings files, securities files, kourou dumps (files or
    /// dump directories). Repeatable. Enables the unknown index/collection/role checks.
    #[arg(long, value_name = "PATH")]
    inventory: Vec<PathBuf>,
    /// The largest file read, e.g. `64MiB` (default: `max-file-size` of bodyguard.toml, else
    /// 256 MiB). A larger file, a FIFO or a device is reported and not read.
    #[arg(long, value_name = "SIZE", value_parser = crate::files::parse_size)]
    max_file_size: Option<u64>,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// List the files skipped because they are not request bodies (no kind claimed for them
    /// and no body in their content).
    #[arg(long)]
    show_skipped: bool,
    /// Print only the findings: no summary line, nothing at all when the run is clean.
    #[arg(long, short)]
    quiet: bool,
    /// Colours in the human output.
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    color: ColorChoice,
    /// Apply the safe fixes in place (files are rewritten atomically); with `-`, print the
    /// fixed body instead.
    #[arg(long)]
    fix: bool,
    /// Print the safe fixes as a unified diff instead of applying them; exit 1 when there is
    /// something to fix.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Report only the findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
}

/// One body to check.
struct Input {
    /// Display name (the path as given, or `--stdin-filename`).
    name: String,
    /// Where to read and write it; `None` for stdin.
    path: Option<PathBuf>,
    /// Path relative to the configuration directory, for globs.
    relative: String,
    /// `--kind`, else the `[[kinds]]` mapping.
    kind: Option<Kind>,
    /// The text when already read (stdin, fixed text).
    text: Option<String>,
}

fn print_config_error(error: crate::config::ConfigError) {
    let report = error.into_report();
    let text = render::human::render(
        &report,
        render::human::HumanOptions {
            color: false,
            width: 100,
        },
    );
    eprint!("{text}");
    eprintln!("error: the configuration cannot be used; nothing was checked");
}

fn load_config(args: &CheckArgs) -> Result<Option<Config>, ()> {
    if args.no_config {
        return Ok(None);
    }
    let path = match &args.config {
        Some(p) => {
            if !p.is_file() {
                eprintln!("error: {}: no such configuration file", p.display());
                return Err(());
            }
            p.clone()
        }
        None => match std::env::current_dir()
            .ok()
            .and_then(|d| crate::config::discover(&d))
        {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    crate::config::load(&path)
        .map(Some)
        .map_err(print_config_error)
}

fn relative_name(name: &str) -> String {
    crate::baseline::normalize_path(name)
}

pub(super) fn run(args: CheckArgs) -> i32 {
    let Ok(config) = load_config(&args) else {
        return 2;
    };
    for code in &args.select {
        if crate::rules::by_code(code).is_none() {
            eprintln!("error: unknown rule `{code}` in --select (see `bodyguard rules`)");
            return 2;
        }
    }
    // Inventory: `--inventory` paths plus those of bodyguard.toml.
    let mut inventory_paths = args.inventory.clone();
    if let Some(c) = &config {
        inventory_paths.extend(c.inventory.iter().cloned());
    }
    let max_file_size = args
        .max_file_size
        .or(config.as_ref().and_then(|c| c.max_file_size))
        .unwrap_or(crate::files::DEFAULT_MAX_FILE_SIZE);
    let plugins = config.as_ref().map_or(&[][..], |c| &c.plugins[..]);
    let inventory = if inventory_paths.is_empty() && plugins.is_empty() {
        None
    } else {
        match crate::inventory::from_paths_limited(&inventory_paths, max_file_size) {
            Ok(mut inv) => {
                for p in plugins {
                    inv.declare_plugin(&p.name, &p.controllers, &p.roles, &p.strategies);
                }
                Some(std::sync::Arc::new(inv))
            }
            Err(e) => {
                eprintln!("error: {}", crate::render::printable(&e.to_string()));
                return 2;
            }
        }
    };
    let settings = Settings {
        select: (!args.select.is_empty()).then(|| args.select.clone()),
        inventory,
        severities: config
            .as_ref()
            .map(|c| c.severities.clone())
            .unwrap_or_default(),
        templates: config
            .as_ref()
            .map(|c| c.templates.clone())
            .unwrap_or_default(),
    };

    // Inputs.
    let stdin = args.paths.iter().any(|p| p == "-");
    if stdin && args.paths.len() > 1 {
        eprintln!("error: `-` (stdin) cannot be combined with other paths");
        return 2;
    }
    let mut input_errors = Vec::new();
    let inputs: Vec<Input> = if stdin {
        let text = match crate::files::read_stdin(max_file_size) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: cannot read stdin: {e}");
                return 2;
            }
        };
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "<stdin>".into());
        let text = match String::from_utf8(text) {
            Ok(t) => t,
            Err(e) => {
                input_errors.push(crate::files::InputError {
                    path: name.clone(),
                    message: format!(
                        "the input is not valid UTF-8 (first bad byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                });
                String::new()
            }
        };
        let relative = match &config {
            Some(c) if args.stdin_filename.is_some() => c.relative(Path::new(&name)),
            _ => relative_name(&name),
        };
        if input_errors.is_empty() {
            vec![Input {
                kind: args
                    .kind
                    .or_else(|| config.as_ref().and_then(|c| c.kind_for(&relative))),
                name,
                path: None,
                relative,
                text: Some(text),
            }]
        } else {
            Vec::new()
        }
    } else {
        let (files, errors) = crate::files::collect(&args.paths);
        input_errors = errors;
        let mut relative_names = config.as_ref().map(Config::relative_names);
        files
            .into_iter()
            .map(|path| {
                // What `display()` shows, without the formatting machinery for UTF-8 paths.
                let name = path
                    .to_str()
                    .map_or_else(|| path.display().to_string(), str::to_owned);
                let relative = match &mut relative_names {
                    Some(names) => names.relative(&path),
                    None => relative_name(&name),
                };
                Input {
                    name,
                    kind: args
                        .kind
                        .or_else(|| config.as_ref().and_then(|c| c.kind_for(&relative))),
                    relative,
                    path: Some(path),
                    text: None,
                }
            })
            .collect()
    };

    let checker = Checker::with_settings(settings);
    let is_ignored = |relative: &str, d: &Diagnostic| {
        config
            .as_ref()
            .is_some_and(|c| c.ignores.iter().any(|ig| ig.suppresses(relative, d)))
    };

    // Fixes.
    let mut inputs = inputs;
    let mut fix_failed = false;
    if args.fix || args.diff {
        let mut diffs = String::new();
        // Directories already cleared of the temporary files of interrupted runs.
        let mut cleaned = std::collections::HashSet::new();
        for input in &mut inputs {
            let text = match (&input.text, &input.path) {
                (Some(t), _) => t.clone(),
                (None, Some(p)) => match crate::files::read_limited(p, max_file_size) {
                    Ok(t) => t,
                    Err(_) => continue, // reported by the check below
                },
                (None, None) => continue,
            };
            let relative = input.relative.clone();
            // The name as messages on stderr show it (no terminal control characters).
            let shown = crate::render::printable(&input.name).into_owned();
            let fixed =
                crate::fix::fix_until_stable(&checker, &input.name, &text, input.kind, |d| {
                    !is_ignored(&relative, d)
                });
            if fixed.broke {
                eprintln!(
                    "error: {}: a fix produced text that no longer parses; the file was left as it was",
                    shown
                );
                fix_failed = true;
            }
            if !fixed.introduced.is_empty() {
                let list: Vec<String> = fixed
                    .introduced
                    .iter()
                    .take(5)
                    .map(|(code, pointer)| format!("{code} at `{pointer}`"))
                    .collect();
                eprintln!(
                    "error: {shown}: the fixes would add {} finding{} the file does not have ({}{}); the file was left as it was",
                    fixed.introduced.len(),
                    if fixed.introduced.len() == 1 { "" } else { "s" },
                    crate::render::printable(&list.join(", ")),
                    if fixed.introduced.len() > 5 { ", …" } else { "" }
                );
                fix_failed = true;
            }
            if fixed.text == text {
                if input.path.is_none() && args.fix && !args.quiet && !fixed.broke {
                    // stdout carries the body: say on stderr why it comes back unchanged.
                    eprintln!(
                        "nothing to fix in {}: the body is printed unchanged",
                        input.name
                    );
                }
                continue;
            }
            if args.diff {
                diffs.push_str(&masked_diff(&input.name, &text, &fixed.text));
                continue;
            }
            match &input.path {
                Some(path) if !fixed.broke => {
                    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
                    if cleaned.insert(dir.clone()) {
                        let dir = if dir.as_os_str().is_empty() {
                            Path::new(".")
                        } else {
                            &dir
                        };
                        crate::fsutil::clean_stale_temporaries(dir);
                    }
                    match crate::fsutil::write_atomic(path, fixed.text.as_bytes()) {
                        Ok(()) => {}
                        Err(crate::fsutil::WriteError::Refused(why)) => {
                            eprintln!("error: {}", crate::render::printable(&why));
                            fix_failed = true;
                            continue;
                        }
                        Err(e) => {
                            eprintln!("error: cannot write {shown}: {e}");
                            fix_failed = true;
                            continue;
                        }
                    }
                    if !args.quiet {
                        eprintln!(
                            "fixed {} ({} fix{})",
                            shown,
                            fixed.applied,
                            if fixed.applied == 1 { "" } else { "es" }
                        );
                    }
                    input.text = Some(fixed.text);
                }
                Some(_) => {}
                None => input.text = Some(fixed.text),
            }
        }
        if args.diff {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(diffs.as_bytes());
            let _ = stdout.flush();
            return if fix_failed || !input_errors.is_empty() {
                2
            } else {
                i32::from(!diffs.is_empty())
            };
        }
        if stdin {
            // The fixed body goes to stdout, for editors and pipes.
            if let Some(text) = inputs.first().and_then(|i| i.text.as_ref()) {
                let mut stdout = std::io::stdout().lock();
                let _ = stdout.write_all(text.as_bytes());
                let _ = stdout.flush();
            }
        }
    }

    // Check.
    let (mut reports, io_failed) = check_inputs(&checker, &inputs, max_file_size);
    crate::project::check(&mut reports, checker.settings());
    if let Some(config) = &config {
        let mut tracker = IgnoreTracker::new(config);
        for (report, input) in reports.iter_mut().zip(&inputs) {
            tracker.apply(&input.relative, report);
        }
        if let Some(report) = tracker.unused(checker.settings()) {
            reports.push(report);
        }
    }
    for e in &input_errors {
        reports.push(io_report(&e.path, &e.message));
    }

    // Baseline.
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::of(&reports);
        if let Err(e) = baseline.write(path) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return 2;
        }
        eprintln!(
            "wrote {} finding{} to {}",
            baseline.findings.len(),
            if baseline.findings.len() == 1 {
                ""
            } else {
                "s"
            },
            path.display()
        );
        return if io_failed || !input_errors.is_empty() {
            2
        } else {
            0
        };
    }
    let mut hidden = 0;
    if let Some(path) = &args.baseline {
        match Baseline::load(path) {
            Ok(b) => hidden = b.filter(&mut reports),
            Err(e) => {
                eprintln!("error: {}", crate::render::printable(&e.to_string()));
                return 2;
            }
        }
    }

    if stdin && args.fix {
        // stdout carries the fixed body; findings that remain decide the exit code only.
        return exit_code(&args, &reports, io_failed || fix_failed, &input_errors);
    }

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::IsTerminal::is_terminal(&std::io::stdout())
        }
    };
    // Findings are written as they are formatted: a run with many findings is never held
    // in memory a second time as text. A closed pipe (`| head`) just ends the output.
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let _ = write_output(
        &args,
        &reports,
        checker.settings(),
        color,
        hidden,
        &mut stdout,
    )
    .and_then(|()| stdout.flush());
    exit_code(&args, &reports, io_failed || fix_failed, &input_errors)
}

/// Write the findings (or the statistics) in the chosen format.
fn write_output(
    args: &CheckArgs,
    reports: &[Report],
    settings: &crate::core::Settings,
    color: bool,
    hidden: usize,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if args.statistics {
        let text = match args.format {
            Format::Json | Format::JsonLines => render::statistics_json(reports),
            _ => render::statistics_table(reports),
        };
        return out.write_all(text.as_bytes());
    }
    if args.format != Format::Human {
        return args.format.write_machine(reports, out);
    }
    let grouped = group_repeats(reports);
    // Rendering on several threads pays off only past one chunk of findings.
    let findings: usize = grouped.iter().map(|r| r.diagnostics.len()).sum();
    let threads = if findings > 256 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        1
    };
    render::human::write_reports(
        &grouped,
        render::human::HumanOptions { color, width: 100 },
        threads,
        out,
    )?;
    if !args.quiet {
        let summary = Summary::of(reports);
        if args.show_skipped {
            for r in reports.iter().filter(|r| r.skipped) {
                writeln!(out, "skipped (not a request body): {}", r.source.name())?;
            }
        }
        let mut line = summary.line();
        if summary.skipped > 0 && !args.show_skipped {
            line.pop();
            line.push_str(" (`--show-skipped` lists them).");
        }
        if hidden > 0 {
            line.push_str(&format!(
                " {hidden} known finding{} hidden by the baseline.",
                if hidden == 1 { "" } else { "s" }
            ));
        }
        writeln!(out, "{line}")?;
        if let Some(line) = inventory_line(reports, settings) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// Findings of one code repeated more than this in one file are grouped in the human output.
const GROUP_OVER: usize = 3;

/// For the human output: the reports with each code repeated more than [`GROUP_OVER`] times
/// in a file shown once, its help saying where the others are (machine formats keep every
/// finding). Reports without such repeats are borrowed as they are.
fn group_repeats(reports: &[Report]) -> Vec<std::borrow::Cow<'_, Report>> {
    use std::borrow::Cow;
    use std::collections::HashMap;
    reports
        .iter()
        .map(|r| {
            if r.diagnostics.len() <= GROUP_OVER {
                return Cow::Borrowed(r);
            }
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for d in &r.diagnostics {
                *counts.entry(d.code()).or_default() += 1;
            }
            counts.retain(|_, n| *n > GROUP_OVER);
            if counts.is_empty() {
                return Cow::Borrowed(r);
            }
            let mut grouped = Report {
                diagnostics: Vec::new(),
                source: r.source.clone(),
                kind: r.kind,
                facts: Vec::new(),
                skipped: r.skipped,
            };
            let mut first_of: HashMap<&str, usize> = HashMap::new();
            let mut lines: HashMap<&str, Vec<usize>> = HashMap::new();
            for d in &r.diagnostics {
                let code = d.code();
                if !counts.contains_key(code) {
                    grouped.diagnostics.push(d.clone());
                } else if first_of.contains_key(code) {
                    if let Some(s) = d.span {
                        let shown = lines.entry(code).or_default();
                        // 12 lines are shown, a 13th says there are more.
                        if shown.len() <= 12 {
                            shown.push(r.source.line_col(s.start as usize).line);
                        }
                    }
                } else {
                    first_of.insert(code, grouped.diagnostics.len());
                    grouped.diagnostics.push(d.clone());
                }
            }
            for (code, i) in first_of {
                let more = counts[code] - 1;
                let at = lines.get(code).map_or_else(String::new, |ls| {
                    let mut shown: Vec<String> = ls.iter().take(12).map(usize::to_string).collect();
                    if ls.len() > 12 {
                        shown.push("…".into());
                    }
                    format!(", at lines {}", shown.join(", "))
                });
                let d = &mut grouped.diagnostics[i];
                let note = format!(
                    "the same finding ({code}) repeats {more} more time{} in this file{at}; `--format json` lists each",
                    if more == 1 { "" } else { "s" }
                );
                d.help = Some(match d.help.take() {
                    Some(h) => format!("{h}\n{note}").into(),
                    None => note.into(),
                });
            }
            Cow::Owned(grouped)
        })
        .collect()
}

fn exit_code(
    args: &CheckArgs,
    reports: &[Report],
    failed: bool,
    input_errors: &[crate::files::InputError],
) -> i32 {
    if failed || !input_errors.is_empty() {
        return 2;
    }
    let level = args.fail_level.severity();
    if args.exit_zero || reports.iter().all(|r| r.passes(level)) {
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

/// A unified diff with secret values masked on both sides.
fn masked_diff(name: &str, old: &str, new: &str) -> String {
    // Shown, not applied: control characters are replaced as in every text output.
    crate::render::printable(&crate::fix::unified_diff(
        name,
        &crate::secrets::mask_text(name, old),
        &crate::secrets::mask_text(name, new),
    ))
    .into_owned()
}

fn io_report(path: &str, message: &str) -> Report {
    Report {
        source: Arc::new(SourceFile::new(path, "")),
        kind: None,
        diagnostics: vec![Diagnostic::new(&builtin::IO, format!("{path}: {message}"))],
        facts: Vec::new(),
        skipped: false,
    }
}

/// Check `inputs` on all cores; reports come back in the order of `inputs`.
/// The flag is true when a file could not be read at all.
fn check_inputs(checker: &Checker, inputs: &[Input], max_file_size: u64) -> (Vec<Report>, bool) {
    let reader = crate::files::Reader::with_limit(max_file_size);
    let slots = crate::parallel::map_ordered(
        inputs,
        crate::parallel::threads_for(inputs.len()),
        |input| {
            let text = match (&input.text, &input.path) {
                (Some(t), _) => Ok(t.clone()),
                (None, Some(p)) => reader.read(p),
                (None, None) => Ok(String::new()),
            };
            match text {
                Ok(text) => (
                    checker.check_source(SourceFile::new(&*input.name, text), input.kind),
                    false,
                ),
                Err((message, io)) => (io_report(&input.name, &message), io),
            }
        },
    );
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
