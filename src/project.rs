//! Cross-file rules: run once over every report of a run, after the per-file checks.

use crate::source::Span;
use crate::{Report, Settings};

/// Something a file says that a cross-file rule needs (recorded during the per-file check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// What it is, e.g. `ci.api-entity-set-name` or `kuzzle.role.index-less`.
    pub key: &'static str,
    /// The value, e.g. the entity set name or the role id (inline up to 24 bytes: a big
    /// securities file records one for each role and restricted policy).
    pub value: compact_str::CompactString,
    /// Where it is.
    pub span: Span,
    /// JSON Pointer of it.
    pub pointer: compact_str::CompactString,
}

/// Run every cross-file rule over `reports` (one run's files), appending findings to them.
pub fn check(reports: &mut [Report], settings: &Settings) {
    crate::rules::kuzzle_securities::check_project(reports, settings);
    crate::rules::ci::check_project(reports, settings);
    crate::rules::security::check_project(reports, settings);
}
