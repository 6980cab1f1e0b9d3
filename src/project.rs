//! Cross-file rules: run once over every report of a run, after the per-file checks.

use crate::{Report, Settings};

/// Run every cross-file rule over `reports` (one run's files), appending findings to them.
pub fn check(reports: &mut [Report], settings: &Settings) {
    crate::check::wait_for_freed_trees();
    crate::rules::kuzzle_securities::check_project(reports, settings);
    crate::rules::ci::check_project(reports, settings);
    crate::rules::security::check_project(reports, settings);
}
