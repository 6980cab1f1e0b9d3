//! Step 6: the `[[ignore]]` entries of `bodyguard.toml`, and the entries that matched nothing.

use super::inputs::Input;
use crate::config::{Config, IgnoreTracker};
use crate::{Report, Settings};

/// Drop the findings the configuration ignores (each report with its input's relative
/// name), then add one report of the ignore entries that matched nothing, if any.
pub(super) fn apply_ignores(
    reports: &mut Vec<Report>,
    inputs: &[Input],
    config: Option<&Config>,
    settings: &Settings,
) {
    if let Some(config) = config {
        let mut tracker = IgnoreTracker::new(config);
        for (report, input) in reports.iter_mut().zip(inputs) {
            tracker.apply(&input.relative, report);
        }
        if let Some(report) = tracker.unused(settings) {
            reports.push(report);
        }
    }
}
