//! `kuzzle/securities-invalid-structure`: a securities file Kuzzle refuses for its shape (a refined schema finding).

use crate::core::{FixAvailability, Kind, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a securities file whose top level, `roles`, `profiles` or `users` map, or one of
    /// their entries, is not an object, and a user without `content` or `content.profileIds`
    /// (an array).
    ///
    /// ## Why is this bad?
    /// Kuzzle refuses it (`api.assert.invalid_argument` "Invalid argument ... Expected: object",
    /// or `api.assert.missing_argument` "Missing argument "body.content"." for a user).
    ///
    /// Kuzzle loads roles, then profiles, then users, sends every entry of a kind at once and
    /// stops after the first kind that fails. There is no rollback: what was written before the
    /// failure stays, including the other entries of the failing kind.
    ///
    /// ## Example
    /// ```json
    /// {"roles": {"reader": true}, "users": {"jdoe": {"profileIds": ["default"]}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"roles": {"reader": {"controllers": {"document": {"actions": {"get": true}}}}},
    ///  "users": {"jdoe": {"content": {"profileIds": ["default"]}}}}
    /// ```
    pub static SECURITIES_INVALID_STRUCTURE = {
        code: "kuzzle/securities-invalid-structure",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a securities file entry is not an object",
    }
}

// Reported by refining the schema findings of the file ([`super::refine`]).
