//! Step 7: `--write-baseline` records the findings and ends the run; `--baseline` hides the
//! findings it recorded.

use super::{CheckArgs, Stop};
use crate::baseline::Baseline;
use crate::Report;

/// Write the baseline and stop (exit 0, or 2 when `failed`: an input could not be read), or
/// hide the findings of `--baseline` and return how many were hidden. A baseline that cannot
/// be written or read stops the run with exit code 2.
pub(super) fn apply_baseline(
    args: &CheckArgs,
    reports: &mut [Report],
    failed: bool,
) -> Result<usize, Stop> {
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::of(reports);
        if let Err(e) = baseline.write(path) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return Err(Stop(2));
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
        return Err(Stop(if failed { 2 } else { 0 }));
    }
    let mut hidden = 0;
    if let Some(path) = &args.baseline {
        match Baseline::load(path) {
            Ok(b) => hidden = b.filter(reports),
            Err(e) => {
                eprintln!("error: {}", crate::render::printable(&e.to_string()));
                return Err(Stop(2));
            }
        }
    }
    Ok(hidden)
}
