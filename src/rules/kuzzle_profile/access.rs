//! JavaScript truthiness and display of profile values, shared with the access model
//! ([`crate::unstable::access`]), which builds the restriction maps Kuzzle computes.

pub use crate::access::load::{display, is_falsy};
