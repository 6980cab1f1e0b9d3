//! `kuzzle/role-invalid-structure`: the `controllers` / `actions` structure Kuzzle rejects (a refined schema finding).

use crate::core::{FixAvailability, Kind, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a role whose `controllers` map, controller entries or `actions` maps do not have the
    /// shape Kuzzle requires, and names the error Kuzzle answers.
    ///
    /// ## Why is this bad?
    /// Kuzzle refuses the role. Its messages are hard to act on: a missing (or misspelled)
    /// `controllers` key is reported as `api.assert.empty_argument`
    /// `The argument "<id>.controllers" is empty.`, and a controller without `actions` as
    /// `api.assert.missing_argument` "Missing argument "document".", which does not say that
    /// `actions` is what is missing. The whole structure is checked before any action name.
    ///
    /// What Kuzzle requires:
    /// - `controllers`: a non-empty object;
    /// - each controller: a non-empty object with an `actions` key;
    /// - each `actions`: a non-empty object.
    ///
    /// ## Example
    /// ```json
    /// {"controllers": {"document": {"action": {"get": true}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": true}}}}
    /// ```
    pub static ROLE_INVALID_STRUCTURE = {
        code: "kuzzle/role-invalid-structure",
        kinds: [Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "the role's `controllers` / `actions` structure is rejected by Kuzzle",
    }
}

// Reported by refining the schema findings of a role ([`super::refine`]).
