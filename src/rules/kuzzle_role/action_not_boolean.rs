//! `kuzzle/role-action-not-boolean`: an action right that is not a boolean (a refined schema finding).

use crate::core::{FixAvailability, Kind, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags an action right that is not `true` or `false`.
    ///
    /// ## Why is this bad?
    /// Kuzzle rejects the role with `api.assert.invalid_type`
    /// `Wrong type for argument "<controller>.actions.<action>" (expected: boolean)`. Strings such as `"true"`, numbers
    /// and the closure objects of Kuzzle 1.x are all refused.
    ///
    /// ## Example
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": "true"}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": true}}}}
    /// ```
    pub static ROLE_ACTION_NOT_BOOLEAN = {
        code: "kuzzle/role-action-not-boolean",
        kinds: [Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "an action right is not a boolean",
    }
}

// Reported by refining the schema findings of a role ([`super::refine`]).
