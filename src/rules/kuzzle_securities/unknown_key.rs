//! `kuzzle/securities-unknown-key`: a top-level key Kuzzle ignores.

use super::{Securities, SecuritiesPack};
use crate::core::diagnostic::{did_you_mean, snippet};
use crate::core::edit::{Edit, Fix};
use crate::core::pointer::pointer_join;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Flags top-level keys of a securities file other than `roles`, `profiles` and `users`.
    ///
    /// ## Why is this bad?
    /// Kuzzle ignores them without a word: `{"role": {...}}` loads nothing and the load
    /// succeeds, so the mistake only shows when the missing rights are needed.
    ///
    /// ## Example
    /// ```json
    /// {"role": {"reader": {"controllers": {"document": {"actions": {"get": true}}}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"roles": {"reader": {"controllers": {"document": {"actions": {"get": true}}}}}}
    /// ```
    ///
    /// ## Fix
    /// The closest known name is offered as an unsafe fix: shown in the output, never applied
    /// by `--fix`, because only the author knows which name was meant.
    pub static SECURITIES_UNKNOWN_KEY = {
        code: "kuzzle/securities-unknown-key",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        summary: "a top-level key of a securities file that Kuzzle ignores",
    }
}

/// `kuzzle/securities-unknown-key` as its pack runs it.
pub struct UnknownKey;

impl Rule<SecuritiesPack> for UnknownKey {
    fn meta(&self) -> &'static RuleMeta {
        &SECURITIES_UNKNOWN_KEY
    }
    fn run(&self, file: &Securities<'_>, cx: &mut RuleContext<'_>) {
        for m in file.members {
            if crate::kind::SECURITIES_KEYS.contains(&m.key()) || m.key() == "$schema" {
                continue;
            }
            let suggestion = did_you_mean(m.key(), super::SECTIONS);
            let d = cx.report(
                &SECURITIES_UNKNOWN_KEY,
                m.key_span(),
                &pointer_join("", m.key()),
                format!(
                    "unknown key `{}`: Kuzzle ignores it and loads nothing from it",
                    snippet(m.key())
                ),
            );
            d.help = Some(match suggestion {
                Some(s) => format!("did you mean `{s}`?").into(),
                None => "a securities file only has `roles`, `profiles` and `users` (an import file also `mappings` and `userMappings`)".into(),
            });
            if let Some(s) = suggestion {
                if file.root.get(s).is_none() {
                    d.fix = Some(Box::new(Fix::unsafe_(
                        vec![Edit::replace(m.key_span(), format!("\"{s}\""))],
                        format!("rename the key to `{s}`"),
                    )));
                }
            }
        }
    }
}
