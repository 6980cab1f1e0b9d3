//! What a run is configured with: rule severities, selection and the target's inventory.

use super::diagnostic::Severity;
use super::rule::RuleMeta;
use std::collections::BTreeMap;

/// What a run is configured with: rule severities and switches.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Per-code severity; `None` switches the rule off.
    pub severities: BTreeMap<String, Option<Severity>>,
    /// When set, only these codes run (used by tests and `--select`).
    pub select: Option<Vec<String>>,
    /// What exists on the target (indexes, collections, roles), when known.
    pub inventory: Option<std::sync::Arc<super::inventory::Inventory>>,
    /// Template placeholders (`{tenantIndex}`, `${index}`, …) and their sample values.
    pub templates: super::templates::Templates,
    /// The findings of one rule a file shows at most (`None`: all); past it they are
    /// counted, and one more finding says how many were left out (see [`super::limit`]).
    pub max_findings_per_rule: Option<usize>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            severities: BTreeMap::new(),
            select: None,
            inventory: None,
            templates: Default::default(),
            max_findings_per_rule: Some(super::limit::DEFAULT_MAX_FINDINGS_PER_RULE),
        }
    }
}

impl Settings {
    /// A counter of the findings of one file under this run's limit.
    pub fn finding_limit(&self) -> super::limit::FindingLimit {
        super::limit::FindingLimit::new(self.max_findings_per_rule)
    }
    /// The effective severity of `rule`, or `None` when it is off.
    pub fn severity_of(&self, rule: &RuleMeta) -> Option<Severity> {
        if let Some(select) = &self.select {
            if !select.iter().any(|c| c == rule.code) {
                return None;
            }
        }
        match self.severities.get(rule.code) {
            Some(s) => *s,
            None => Some(rule.severity),
        }
    }
}
