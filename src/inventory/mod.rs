//! What exists on the target, so references can be checked offline: indexes and their
//! collections, role ids, profile ids, plugin names.

mod load;

pub use load::{from_paths, from_paths_limited, InventoryError};

use std::collections::{BTreeMap, BTreeSet};

/// Roles every Kuzzle has after bootstrap.
pub const BUILTIN_ROLES: [&str; 3] = ["admin", "default", "anonymous"];

/// Profiles every Kuzzle has after bootstrap.
pub const BUILTIN_PROFILES: [&str; 3] = ["admin", "default", "anonymous"];

/// What is known to exist. `None` means "not known" (the rules that need it do not run);
/// an empty set means "known to be empty".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    /// Index name → collection names.
    pub indexes: Option<BTreeMap<String, BTreeSet<String>>>,
    /// Role ids (built-ins included once any role source is loaded).
    pub roles: Option<BTreeSet<String>>,
    /// Profile ids.
    pub profiles: Option<BTreeSet<String>>,
    /// Declared plugin names (`<plugin>/<controller>` controllers are then known).
    pub plugins: BTreeSet<String>,
    /// The files it was loaded from, for messages.
    pub sources: Vec<String>,
}
