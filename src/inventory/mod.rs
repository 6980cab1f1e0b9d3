//! What exists on the target, so references can be checked offline: indexes and their
//! collections, role ids, profile ids, plugin names.

mod load;

pub use load::{from_paths, from_paths_limited, InventoryError};

use crate::core::inventory::{Inventory, BUILTIN_PROFILES, BUILTIN_ROLES};
