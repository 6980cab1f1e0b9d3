//! Typed request bodies (serde + schemars). These types are the single source of truth for the
//! JSON Schemas in `schemas/`; they know nothing about diagnostics.

pub mod ci;
pub mod kuzzle;
