//! `bodyguard check`: configuration, inputs (files, globs, stdin), fixes, suppression,
//! baseline, output formats and the exit code.
//!
//! [`run`] is the pipeline; each step is in its own file, in the order it runs:
//! [`setup`] (configuration, `--select`, inventory: the checker), [`inputs`] (paths, globs or
//! stdin), [`fixes`] (`--fix`, `--diff`), [`checking`] (every input, on all cores), the
//! cross-file rules (`crate::project`), [`ignores`] (`[[ignore]]` of `bodyguard.toml`),
//! [`baseline`], [`output`] (the `--format`, with [`grouping`] for the human one) and
//! [`exit`] (the exit code).

mod baseline;
mod checking;
mod exit;
mod fixes;
mod grouping;
mod ignores;
mod inputs;
mod output;
mod setup;

use super::{Format, Level};
use crate::core::Kind;
use inputs::Inputs;
use setup::Setup;
use std::path::PathBuf;

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
    /// The findings of one rule a file shows at most; past it, one more finding says how many
    /// were left out (default: `max-findings-per-rule` of bodyguard.toml, else 1000; 0 shows
    /// every finding).
    #[arg(long, value_name = "N")]
    max_findings_per_rule: Option<usize>,
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

/// A step ended the run early with this exit code (what went wrong is already on stderr,
/// or the step's output is complete).
struct Stop(i32);

/// Run `bodyguard check`; returns the exit code.
pub(super) fn run(args: CheckArgs) -> i32 {
    pipeline(&args).unwrap_or_else(|Stop(code)| code)
}

/// The steps of `check`, in order; a step may [`Stop`] the run.
fn pipeline(args: &CheckArgs) -> Result<i32, Stop> {
    let setup = Setup::load(args)?;
    let mut inputs = Inputs::resolve(args, &setup)?;
    let fix_failed = fixes::fix_or_diff(args, &setup, &mut inputs)?;
    let settings = setup.checker.settings();
    let (mut reports, io_failed) =
        checking::check_inputs(&setup.checker, &inputs.list, setup.max_file_size);
    crate::project::check(&mut reports, settings); // the cross-file rules
    ignores::apply_ignores(&mut reports, &inputs.list, setup.config.as_ref(), settings);
    reports.extend(inputs.error_reports());
    let read_failed = io_failed || !inputs.errors.is_empty();
    let hidden = baseline::apply_baseline(args, &mut reports, read_failed)?;
    let failed = io_failed || fix_failed;
    // With `--fix` on stdin, stdout carries the fixed body: the findings that remain decide
    // the exit code only.
    if !(inputs.stdin && args.fix) {
        output::print(args, &reports, settings, hidden);
    }
    let code = exit::exit_code(args, &reports, failed, &inputs.errors);
    // The process ends after `check`: the system takes the compiled schemas back at once,
    // where dropping them node by node would cost as much as checking a small file.
    std::mem::forget(setup);
    Ok(code)
}
