//! Rule metadata: what every rule declares (code, kinds, default severity, fix, docs).

use super::diagnostic::Severity;
use super::kind::Kind;

/// Base URL of the rule documentation pages (`<base><family>/<name>.md`).
pub const DOCS_BASE_URL: &str = "https://github.com/bodyguard-dev/bodyguard/blob/main/docs/rules/";

/// How many candidate names did-you-mean suggestions may compare per file.
pub const SUGGESTION_BUDGET: usize = 100_000;

/// Whether a rule can fix what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    /// Never.
    None,
    /// For some findings.
    Sometimes,
    /// For every finding.
    Always,
}

impl FixAvailability {
    /// "yes" / "sometimes" / "no".
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "no",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "yes",
        }
    }
}

/// Static description of a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, `family/name` (e.g. `kuzzle/empty-restricted-to`). Never reused.
    pub code: &'static str,
    /// Kinds it applies to; empty means any file.
    pub kinds: &'static [Kind],
    /// Default severity.
    pub severity: Severity,
    /// Whether it offers fixes.
    pub fix: FixAvailability,
    /// One line: the flagged pattern.
    pub summary: &'static str,
    /// Markdown: What it does / Why is this bad? / Example.
    pub docs: &'static str,
}

impl RuleMeta {
    /// Documentation page URL.
    pub fn url(&self) -> String {
        format!("{DOCS_BASE_URL}{}.md", self.code)
    }
    /// The docs with the one leading space of each doc-comment line removed.
    pub fn docs_text(&self) -> String {
        let mut out = String::new();
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
    /// The kinds it applies to, joined with `sep`, or `any`.
    pub fn kinds_text(&self, sep: &str) -> String {
        if self.kinds.is_empty() {
            return "any".to_string();
        }
        self.kinds
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(sep)
    }
    /// The family, e.g. `kuzzle` for `kuzzle/empty-restricted-to`.
    pub fn family(&self) -> &'static str {
        self.code.split('/').next().unwrap_or(self.code)
    }
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

/// Declare a rule: its doc comment becomes the rule's documentation.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub static EMPTY_RESTRICTED_TO = {
///         code: "kuzzle/empty-restricted-to", kinds: [Kind::KuzzleProfile],
///         severity: Severity::Error, fix: FixAvailability::None,
///         summary: "`restrictedTo: []` grants the role on every index",
///     }
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $name:ident = {
            code: $code:literal,
            kinds: [$($kind:expr),* $(,)?],
            severity: $severity:expr,
            fix: $fix:expr,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis static $name: $crate::core::rule::RuleMeta = $crate::core::rule::RuleMeta {
            code: $code,
            kinds: &[$($kind),*],
            severity: $severity,
            fix: $fix,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
        };
    };
}
pub(crate) use declare_rule;
