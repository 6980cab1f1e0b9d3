//! `kuzzle/flag-value`: `strict=false` or `force=0` in a query string, which turn the flag on.

use crate::core::text::snippet;
use crate::core::{Diagnostic, FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::kuzzle_request::{KuzzleRequest, KuzzleRoute};
use crate::rules::request::RequestRule;

declare_rule! {
    /// ## What it does
    /// Reports an HTTP flag argument (`strict` on profile actions, `force` on role actions)
    /// given a value that reads as "off": `?strict=false`, `?force=0`, `?force=no`.
    ///
    /// ## Why is this bad?
    /// Over HTTP these flags are on as soon as they are present, whatever their value:
    /// `?strict=false` is strict and `?force=false` forces.
    ///
    /// ## Example
    /// ```text
    /// PUT /profiles/editor?strict=false
    /// ```
    /// Use instead:
    /// ```text
    /// PUT /profiles/editor
    /// ```
    pub static FLAG_VALUE = {
        code: "kuzzle/flag-value",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleRole],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`?strict=false` or `?force=false` still turns the flag on",
    }
}

/// Reports a falsy-looking value of the action's flag in the query string.
pub struct FlagValue;

impl RequestRule<KuzzleRoute> for FlagValue {
    fn meta(&self) -> &'static RuleMeta {
        &FLAG_VALUE
    }
    fn run(&self, request: &KuzzleRequest<'_>, out: &mut Vec<Diagnostic>) {
        let KuzzleRequest::Http { line, kind, .. } = *request else {
            return;
        };
        let flag = if kind == Kind::KuzzleProfile {
            "strict"
        } else {
            "force"
        };
        if let Some(p) = line.param(flag) {
            if let Some(v) = &p.value {
                if ["false", "0", "no", "off"].contains(&v.to_ascii_lowercase().as_str()) {
                    let meaning = if flag == "strict" {
                        "the profile is checked strictly: restrictions on unknown indexes or collections are rejected"
                    } else {
                        "unknown plugin controllers and actions are accepted with a warning"
                    };
                    out.push(
                        Diagnostic::new(
                            &FLAG_VALUE,
                            format!("`{flag}={}` still turns `{flag}` on: over HTTP the flag is on whenever it is present", snippet(v)),
                        )
                        .with_span(p.span)
                        .with_help(format!("{meaning}; remove `{flag}` from the query string to turn it off")),
                    );
                }
            }
        }
    }
}
