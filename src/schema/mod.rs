//! The schema pass: one compiled validator per kind, errors mapped to spans.
//!
//! Messages are built from the error *kind*, never from the validator's own text, which
//! echoes instance values (and so could print secrets).

pub mod generate;
mod map;

use crate::diagnostic::Diagnostic;
use crate::kind::Kind;
use crate::parse::Node;
use serde_json::Value;

/// The committed schema text of each kind, as published in `schemas/`.
pub fn committed_schema(kind: Kind) -> &'static str {
    match kind {
        Kind::KuzzleProfile => include_str!("../../schemas/kuzzle-profile.schema.json"),
        Kind::KuzzleRole => include_str!("../../schemas/kuzzle-role.schema.json"),
        Kind::KuzzleSecurities => include_str!("../../schemas/kuzzle-securities.schema.json"),
        Kind::CiProfileType => include_str!("../../schemas/ci-profile-type.schema.json"),
        Kind::CiConnector => include_str!("../../schemas/ci-connector.schema.json"),
    }
}

/// A kind's schema and its compiled validator.
pub struct CompiledSchema {
    schema: Value,
    validator: jsonschema::Validator,
}

/// Validators for every kind, compiled once and shared (they are `Send + Sync`).
pub struct SchemaSet {
    compiled: Vec<(Kind, CompiledSchema)>,
}

impl SchemaSet {
    /// Compile the schemas of every kind.
    pub fn new() -> Result<SchemaSet, String> {
        let mut compiled = Vec::new();
        for kind in Kind::ALL {
            let schema: Value = serde_json::from_str(committed_schema(kind))
                .map_err(|e| format!("schema of {kind} is not JSON: {e}"))?;
            let validator = jsonschema::draft7::options()
                .should_validate_formats(true)
                .build(&schema)
                .map_err(|e| format!("schema of {kind} does not compile: {}", e.masked()))?;
            compiled.push((kind, CompiledSchema { schema, validator }));
        }
        Ok(SchemaSet { compiled })
    }

    fn get(&self, kind: Kind) -> &CompiledSchema {
        &self
            .compiled
            .iter()
            .find(|(k, _)| *k == kind)
            .expect("every kind is compiled") // ok: `new` compiles all of Kind::ALL
            .1
    }

    /// The schema document of `kind`.
    pub fn schema(&self, kind: Kind) -> &Value {
        &self.get(kind).schema
    }

    /// Validate `value` (converted from `root`) against the schema of `kind`.
    pub fn validate(&self, kind: Kind, value: &Value, root: &Node, out: &mut Vec<Diagnostic>) {
        let compiled = self.get(kind);
        if compiled.validator.is_valid(value) {
            return;
        }
        for error in compiled.validator.iter_errors(value) {
            map::push_diagnostics(&error, &compiled.schema, root, out);
        }
    }
}
