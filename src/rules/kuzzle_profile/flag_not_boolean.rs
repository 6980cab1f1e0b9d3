//! `kuzzle/flag-not-boolean`: a JSON request's `strict` or `force` that is not a boolean.

use crate::core::{Diagnostic, FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::kuzzle_request::{value_text, KuzzleRequest, KuzzleRoute};
use crate::rules::request::RequestRule;

declare_rule! {
    /// ## What it does
    /// Reports, in a Kuzzle JSON request, a `strict` (profiles) or `force` (roles) argument
    /// that is not a boolean, such as `"true"` or `1`.
    ///
    /// ## Why is this bad?
    /// Outside HTTP, Kuzzle requires a boolean and rejects anything else with
    /// `api.assert.invalid_type` ("Wrong type for argument "strict" (expected: boolean)").
    /// Tools that send every argument as a string (kourou's `-a strict=true`) hit this.
    ///
    /// ## Example
    /// ```json
    /// {"controller": "security", "action": "createOrReplaceProfile", "_id": "editor", "strict": "true", "body": {"policies": [{"roleId": "editor"}]}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controller": "security", "action": "createOrReplaceProfile", "_id": "editor", "strict": true, "body": {"policies": [{"roleId": "editor"}]}}
    /// ```
    pub static FLAG_NOT_BOOLEAN = {
        code: "kuzzle/flag-not-boolean",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleRole],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`strict` or `force` that is not a boolean",
    }
}

/// Reports the action's flag in a JSON request when it is neither a boolean nor `null`.
pub struct FlagNotBoolean;

impl RequestRule<KuzzleRoute> for FlagNotBoolean {
    fn meta(&self) -> &'static RuleMeta {
        &FLAG_NOT_BOOLEAN
    }
    fn run(&self, request: &KuzzleRequest<'_>, out: &mut Vec<Diagnostic>) {
        let KuzzleRequest::Json { root, kind, .. } = *request else {
            return;
        };
        let flag = match kind {
            Kind::KuzzleProfile => "strict",
            Kind::KuzzleRole => "force",
            _ => return,
        };
        if let Some(v) = root.get(flag) {
            if !(v.is_null() || v.as_bool().is_some()) {
                out.push(
                    Diagnostic::new(&FLAG_NOT_BOOLEAN, format!("`{flag}` must be a boolean, found {}", value_text(v)))
                        .with_span(v.span())
                        .with_help(format!("Kuzzle rejects it with `api.assert.invalid_type` (Wrong type for argument \"{flag}\" (expected: boolean)); write `true` or `false`")),
                );
            }
        }
    }
}
