//! The schema pass: one compiled validator per kind, each error mapped to a typed
//! [`finding::SchemaFinding`] on the exact key or value.
//!
//! Messages are built from the error *kind*, never from the validator's own text, which
//! echoes instance values (and so could print secrets).

pub mod finding;
pub mod generate;
mod map;
mod shadowed;
mod tree;
mod window;

use crate::core::limit::FindingLimit;
use crate::core::Kind;
use crate::parse::Node;
use finding::SchemaFinding;
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

/// A kind's schema and its compiled validators.
pub struct CompiledSchema {
    schema: Value,
    /// Reads the spanned tree directly (the check path).
    tree_validator: jsonschema::Validator<tree::Tree>,
    /// Reads a `serde_json::Value` ([`SchemaSet::validate`]); compiled on first use.
    validator: std::sync::OnceLock<jsonschema::Validator>,
    /// The keys the schema names, which an object validated in part shows beside its run.
    known: window::KnownKeys,
}

fn options<F: jsonschema::json::Json>(
) -> jsonschema::ValidationOptions<'static, std::sync::Arc<dyn jsonschema::Retrieve>, F> {
    jsonschema::ValidationOptions::default()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
}

/// Validators for every kind, compiled once and shared (they are `Send + Sync`).
pub struct SchemaSet {
    /// In [`Kind::ALL`] order; a lazy set fills a slot on the first use of its kind.
    compiled: [std::sync::OnceLock<CompiledSchema>; Kind::ALL.len()],
}

fn compile(kind: Kind) -> Result<CompiledSchema, String> {
    let schema: Value = serde_json::from_str(committed_schema(kind))
        .map_err(|e| format!("schema of {kind} is not JSON: {e}"))?;
    let tree_validator = options::<tree::Tree>()
        .build(&schema)
        .map_err(|e| format!("schema of {kind} does not compile: {}", e.masked()))?;
    Ok(CompiledSchema {
        known: window::KnownKeys::of(&schema),
        schema,
        tree_validator,
        validator: std::sync::OnceLock::new(),
    })
}

fn slot(kind: Kind) -> usize {
    match kind {
        Kind::KuzzleProfile => 0,
        Kind::KuzzleRole => 1,
        Kind::KuzzleSecurities => 2,
        Kind::CiProfileType => 3,
        Kind::CiConnector => 4,
    }
}

impl SchemaSet {
    /// Compile the schemas of every kind.
    pub fn new() -> Result<SchemaSet, String> {
        let set = SchemaSet::lazy();
        for kind in Kind::ALL {
            let compiled = compile(kind)?;
            let _ = set.compiled[slot(kind)].set(compiled);
        }
        Ok(set)
    }

    /// A set that compiles the schema of a kind when a body of that kind is first
    /// validated: a run over bodies of one kind compiles one schema. Only for the embedded
    /// schemas, which the tests compile ([`SchemaSet::new`] reports a failure instead).
    pub fn lazy() -> SchemaSet {
        SchemaSet {
            compiled: Default::default(),
        }
    }

    fn get(&self, kind: Kind) -> &CompiledSchema {
        self.compiled[slot(kind)].get_or_init(|| {
            compile(kind).expect("embedded schemas compile") // ok: compiled by the tests (`new`)
        })
    }

    /// The schema document of `kind`.
    pub fn schema(&self, kind: Kind) -> &Value {
        &self.get(kind).schema
    }

    /// Validate `value` (converted from `root`) against the schema of `kind`.
    pub fn validate<'a>(
        &self,
        kind: Kind,
        value: &Value,
        root: Node<'a>,
        out: &mut Vec<SchemaFinding<'a>>,
    ) {
        let compiled = self.get(kind);
        let validator = compiled.validator.get_or_init(|| {
            options::<jsonschema::json::SerdeJson>()
                .build(&compiled.schema)
                .expect("compiles as the tree validator did") // ok: same schema and options as in `new`
        });
        if validator.is_valid(value) {
            return;
        }
        let mut members = map::Members::new(None, None);
        let mut limit = FindingLimit::new(None);
        let mut found = map::Found {
            out,
            limit: &mut limit,
        };
        for error in validator.iter_errors(value) {
            map::push_findings(&error, &compiled.schema, root, &mut members, &mut found);
        }
    }

    /// Validate the tree `root` against the schema of `kind`, without converting it to a
    /// `serde_json::Value`; same findings as [`SchemaSet::validate`] on `root.to_value()`.
    pub fn validate_tree<'a>(&self, kind: Kind, root: Node<'a>, out: &mut Vec<SchemaFinding<'a>>) {
        self.validate_tree_keys(kind, root, false, &mut FindingLimit::new(None), out);
    }

    /// [`SchemaSet::validate_tree`] for a tree known to repeat no key in any object (the
    /// parser reported no duplicate, and nothing renamed keys since): the search for
    /// members hidden by a later duplicate is skipped. Findings past `limit` are counted,
    /// not kept.
    pub(crate) fn validate_tree_keys<'a>(
        &self,
        kind: Kind,
        root: Node<'a>,
        unique_keys: bool,
        limit: &mut FindingLimit,
        out: &mut Vec<SchemaFinding<'a>>,
    ) {
        let mut found = map::Found { out, limit };
        self.validate_tree_windowed(kind, root, unique_keys, window::WINDOW_WORDS, &mut found);
    }

    /// [`SchemaSet::validate_tree_keys`], showing the validator the containers whose
    /// records take more than `budget` words a run of entries at a time (same findings, in
    /// another order; see `window`): the validator collects every error of a pass before
    /// giving the first, so one pass over a big file with an error in every entry held them
    /// all at once.
    fn validate_tree_windowed<'a>(
        &self,
        kind: Kind,
        root: Node<'a>,
        unique_keys: bool,
        budget: usize,
        out: &mut map::Found<'_, 'a>,
    ) {
        let compiled = self.get(kind);
        let shadowed = if unique_keys {
            shadowed::Shadowed::default()
        } else {
            shadowed::shadowed_members(root)
        };
        let whole = tree::View::new(&shadowed, &[], Vec::new());
        if compiled.tree_validator.is_valid(whole.root(root)) {
            return;
        }
        let plan = window::Plan::new(root, &shadowed, &compiled.known, budget);
        let first = plan.first_view(&shadowed);
        let mut members = map::Members::new(Some(&shadowed), Some(&first));
        for error in compiled.tree_validator.iter_errors(first.root(root)) {
            map::push_findings(&error, &compiled.schema, root, &mut members, out);
        }
        drop(members);
        for pass in plan.later_passes() {
            let view = plan.view(pass, &shadowed);
            // Only the errors inside the run's container are this pass's own.
            let inside = plan.pointer(pass);
            let mut members = map::Members::new(Some(&shadowed), Some(&view));
            for error in compiled.tree_validator.iter_errors(view.root(root)) {
                let own = error
                    .instance_path()
                    .as_str()
                    .strip_prefix(inside.as_str())
                    .is_some_and(|rest| {
                        rest.starts_with('/')
                            || (rest.is_empty()
                                && matches!(
                                    error.kind(),
                                    jsonschema::error::ValidationErrorKind::AdditionalProperties { .. }
                                ))
                    });
                if own {
                    map::push_findings(&error, &compiled.schema, root, &mut members, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
