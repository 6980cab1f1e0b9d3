//! Step 8: the findings (or the statistics) in the chosen `--format`, on stdout.

use super::{CheckArgs, ColorChoice};
use crate::cli::Format;
use crate::core::Kind;
use crate::render::{self, Summary};
use crate::{Report, Settings};
use std::io::Write;

/// Write the run on stdout as it is formatted: a run with many findings is never held in
/// memory a second time as text. A closed pipe (`| head`) just ends the output.
pub(super) fn print(args: &CheckArgs, reports: &[Report], settings: &Settings, hidden: usize) {
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::IsTerminal::is_terminal(&std::io::stdout())
        }
    };
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let _ = write_output(args, reports, settings, color, hidden, &mut stdout)
        .and_then(|()| stdout.flush());
}

/// Write the findings (or the statistics) in the chosen format.
fn write_output(
    args: &CheckArgs,
    reports: &[Report],
    settings: &Settings,
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
    let grouped = super::grouping::group_repeats(reports);
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
