//! What exists on the target, so references can be checked offline (loading it from files,
//! [`Inventory::from_paths`], is in the checker layer: `src/inventory/`).

use std::collections::{BTreeMap, BTreeSet};

/// Roles every Kuzzle has after bootstrap.
pub const BUILTIN_ROLES: [&str; 3] = ["admin", "default", "anonymous"];

/// Profiles every Kuzzle has after bootstrap.
pub const BUILTIN_PROFILES: [&str; 3] = ["admin", "default", "anonymous"];

/// What is known to exist. `None` means "not known" (the rules that need it do not run);
/// an empty set means "known to be empty". Read it from a project's files with
/// [`Inventory::from_paths`] and give it to the checker in
/// [`Settings::inventory`](crate::Settings::inventory).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    /// Index name → collection names.
    pub indexes: Option<BTreeMap<String, BTreeSet<String>>>,
    /// Role ids (built-ins included once any role source is loaded).
    pub roles: Option<BTreeSet<String>>,
    /// Profile ids.
    pub profiles: Option<BTreeSet<String>>,
    /// Declared plugin names (`<plugin>/<controller>` controllers are then known), plugin
    /// controllers, and authentication strategies plugins provide.
    pub plugins: BTreeSet<String>,
    /// Plugin controllers declared with their actions (`bodyguard.toml` `[[plugins]]`):
    /// other actions of these controllers are reported.
    pub plugin_actions: BTreeMap<String, BTreeSet<String>>,
    /// Roles plugins register (known to profiles without being in any file).
    pub plugin_roles: BTreeSet<String>,
    /// The files it was loaded from, for messages.
    pub sources: Vec<String>,
}
