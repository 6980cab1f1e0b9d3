//! The schema pass: one compiled validator per kind, each error mapped to a typed
//! [`finding::SchemaFinding`] on the exact key or value.
//!
//! Messages are built from the error *kind*, never from the validator's own text, which
//! echoes instance values (and so could print secrets).

pub mod finding;
pub mod generate;
mod map;
mod tree;

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
        root: &'a Node,
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
        let mut members = map::Members {
            index: crate::parse::MemberIndex::new(),
            in_tree_order: None,
        };
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
    pub fn validate_tree<'a>(&self, kind: Kind, root: &'a Node, out: &mut Vec<SchemaFinding<'a>>) {
        self.validate_tree_keys(kind, root, false, &mut FindingLimit::new(None), out);
    }

    /// [`SchemaSet::validate_tree`] for a tree known to repeat no key in any object (the
    /// parser reported no duplicate, and nothing renamed keys since): the search for
    /// members hidden by a later duplicate is skipped. Findings past `limit` are counted,
    /// not kept.
    pub(crate) fn validate_tree_keys<'a>(
        &self,
        kind: Kind,
        root: &'a Node,
        unique_keys: bool,
        limit: &mut FindingLimit,
        out: &mut Vec<SchemaFinding<'a>>,
    ) {
        let mut found = map::Found { out, limit };
        self.validate_tree_windowed(kind, root, unique_keys, SECTION_WINDOW, &mut found);
    }

    /// [`SchemaSet::validate_tree_keys`], validating the entries of a securities file's
    /// sections of more than `window` entries `window` at a time (same findings, in another
    /// order): the validator collects every error of a pass before giving the first, about
    /// 500 bytes each, so that a big file with an error in every entry held them all at once.
    fn validate_tree_windowed<'a>(
        &self,
        kind: Kind,
        root: &'a Node,
        unique_keys: bool,
        window: usize,
        out: &mut map::Found<'_, 'a>,
    ) {
        let compiled = self.get(kind);
        let shadowed = if unique_keys {
            tree::Shadowed::default()
        } else {
            tree::shadowed_members(root)
        };
        let whole = tree::View::new(&shadowed, Vec::new());
        if compiled.tree_validator.is_valid(whole.root(root)) {
            return;
        }
        let mut members = map::Members {
            index: crate::parse::MemberIndex::new(),
            in_tree_order: Some(&shadowed),
        };
        let sections = match kind {
            Kind::KuzzleSecurities => wide_sections(root, &shadowed, window),
            _ => Vec::new(),
        };
        // First the document with the wide sections shown empty, then each wide section's
        // entries a window at a time, under a root showing that section only: of those
        // passes, only the errors inside an entry are new.
        let first = tree::View::new(
            &shadowed,
            sections
                .iter()
                .map(|s| tree::Window::new(s.node, 0..0))
                .collect(),
        );
        for error in compiled.tree_validator.iter_errors(first.root(root)) {
            map::push_findings(&error, &compiled.schema, root, &mut members, out);
        }
        drop(first);
        for section in &sections {
            let entries = section.node.as_object().map_or(0, <[_]>::len);
            let inside = format!(
                "/{}/",
                crate::core::pointer::escape_pointer_segment(section.key)
            );
            for start in (0..entries).step_by(window) {
                let view = tree::View::new(
                    &shadowed,
                    vec![
                        tree::Window::new(root, section.member..section.member + 1),
                        tree::Window::new(section.node, start..start + window),
                    ],
                );
                for error in compiled.tree_validator.iter_errors(view.root(root)) {
                    if error.instance_path().as_str().starts_with(&inside) {
                        map::push_findings(&error, &compiled.schema, root, &mut members, out);
                    }
                }
            }
        }
    }
}

/// Sections of a securities file validated a window of entries at a time: beyond this many
/// entries, a section's errors are collected for this many entries at a time.
const SECTION_WINDOW: usize = 1024;

/// A member of the root whose value is an object of entries validated each on its own.
struct WideSection<'a> {
    /// Its position among the root's members.
    member: usize,
    key: &'a str,
    node: &'a Node,
}

/// The sections of a securities file (`roles`, `profiles`, `users`) with more than `window`
/// entries, each validated on its own by the schema (`additionalProperties` is the entry's
/// schema), and not hidden by a later duplicate of their key.
fn wide_sections<'a>(
    root: &'a Node,
    shadowed: &tree::Shadowed,
    window: usize,
) -> Vec<WideSection<'a>> {
    let Some(members) = root.as_object() else {
        return Vec::new();
    };
    members
        .iter()
        .enumerate()
        .filter(|(_, m)| matches!(m.key.as_str(), "roles" | "profiles" | "users"))
        .filter(|(_, m)| !shadowed.hides(m))
        .filter(|(_, m)| {
            m.value
                .as_object()
                .is_some_and(|entries| entries.len() > window)
        })
        .map(|(member, m)| WideSection {
            member,
            key: m.key.as_str(),
            node: &m.value,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Syntax};

    /// The tree validator finds what the `Value` validator finds, on every kind.
    fn assert_same(set: &SchemaSet, text: &str) {
        let mut d = Vec::new();
        let Some(root) = parse(text, Syntax::Jsonc, &mut d).root else {
            return;
        };
        for kind in Kind::ALL {
            let mut by_value = Vec::new();
            set.validate(kind, &root.to_value(), &root, &mut by_value);
            let mut by_tree = Vec::new();
            set.validate_tree(kind, &root, &mut by_tree);
            // Members come in source order rather than sorted: compare in output order
            // (`Checker` sorts findings by position, then code).
            for list in [&mut by_value, &mut by_tree] {
                list.sort_by_key(|f| (f.span.start, f.span.end, f.rule.code));
            }
            assert_eq!(
                format!("{by_value:?}"),
                format!("{by_tree:?}"),
                "{kind} on {text}"
            );
        }
    }

    /// Validating a securities file's sections a window of entries at a time finds what one
    /// pass over the whole file finds, in output order: on every fixture (with windows of one
    /// and two entries) and on a body with errors at every level, duplicate sections and
    /// duplicate entries.
    #[test]
    fn windowed_sections_find_what_one_pass_finds() {
        let set = SchemaSet::new().unwrap();
        let in_order = |mut found: Vec<SchemaFinding<'_>>| {
            found.sort_by_key(|f| (f.span.start, f.span.end, f.rule.code));
            format!("{found:?}")
        };
        let mut texts = Vec::new();
        for (_, text) in crate::test_support::fixture_texts() {
            // Each body also as the entries of every section, beside a valid entry.
            let body = text.trim_start_matches('\u{feff}');
            texts.push(format!(
                r#"{{"roles": {{"a": {body}, "ok": {{"controllers": {{}}}}, "b": {body}}},
                    "profiles": {{"a": {body}, "b": {body}}}, "users": {{"a": {body}, "b": {body}}}}}"#
            ));
            texts.push(text);
        }
        texts.push(
            r#"{"roles": {"a": {"controllers": {"document": {"actions": {"get": "yes"}}}},
                          "b": {"controllers": 5, "x": 1}, "c": {}, "a": {"controllers": {}}},
                "extra": 1,
                "profiles": {"p": {"policies": [{"roleId": 1}]}, "q": {"rateLimit": -1}, "r": 7},
                "users": {"u": {"content": {"profileIds": "p"}}, "v": {"credentials": 1}},
                "roles": {"z": {"controllers": {"*": {"actions": {"*": 1}}}}, "y": []}}"#
                .into(),
        );
        let mut windowed = 0;
        for text in &texts {
            let mut d = Vec::new();
            let Some(root) = parse(text, Syntax::Jsonc, &mut d).root else {
                continue;
            };
            for unique_keys in [false, true] {
                if unique_keys && !d.is_empty() {
                    continue;
                }
                let validate = |window: usize| {
                    let mut found = Vec::new();
                    let mut limit = FindingLimit::new(None);
                    let mut into = map::Found {
                        out: &mut found,
                        limit: &mut limit,
                    };
                    set.validate_tree_windowed(
                        Kind::KuzzleSecurities,
                        &root,
                        unique_keys,
                        window,
                        &mut into,
                    );
                    found
                };
                let whole = in_order(validate(usize::MAX));
                for window in [1, 2] {
                    assert_eq!(
                        in_order(validate(window)),
                        whole,
                        "window {window} on {text}"
                    );
                }
                let shadowed = tree::shadowed_members(&root);
                windowed +=
                    usize::from(!wide_sections(&root, &shadowed, 1).is_empty() && whole != "[]");
            }
        }
        assert!(
            windowed > 10,
            "{windowed} bodies with findings were windowed"
        );
    }

    /// Skipping the duplicate search changes nothing on a body the parser found no
    /// duplicate in.
    #[test]
    fn unique_keys_validation_matches() {
        let set = SchemaSet::new().unwrap();
        let mut checked = 0;
        for (path, text) in crate::test_support::fixture_texts() {
            let mut d = Vec::new();
            let Some(root) = parse(&text, Syntax::Jsonc, &mut d).root else {
                continue;
            };
            if d.iter()
                .any(|d| *d.meta == crate::core::builtin::DUPLICATE_KEY)
            {
                assert!(!tree::shadowed_members(&root).is_empty());
                continue;
            }
            assert!(tree::shadowed_members(&root).is_empty());
            for kind in Kind::ALL {
                let (mut all, mut unique) = (Vec::new(), Vec::new());
                let none = || FindingLimit::new(None);
                set.validate_tree_keys(kind, &root, false, &mut none(), &mut all);
                set.validate_tree_keys(kind, &root, true, &mut none(), &mut unique);
                assert_eq!(
                    format!("{all:?}"),
                    format!("{unique:?}"),
                    "{}",
                    path.display()
                );
            }
            checked += 1;
        }
        assert!(checked > 100);
    }

    /// Findings name their place by typed steps (an object's key `"0"` stays a key), and
    /// their pointer is built from those steps and the key of the kind.
    #[test]
    fn findings_are_typed() {
        use crate::parse::JsonType;
        use finding::{SchemaErrorKind as E, Segment::Index, Segment::Key};
        let set = SchemaSet::new().unwrap();
        for (kind, text, want) in [
            (
                Kind::KuzzleProfile,
                r#"{"policies": [{"roleId": 5, "x/~": 1}, {}]}"#,
                vec![
                    (
                        E::Type {
                            found: JsonType::Integer,
                        },
                        vec![Key("policies"), Index(0), Key("roleId")],
                        "/policies/0/roleId",
                    ),
                    (
                        E::UnknownKey { key: "x/~" },
                        vec![Key("policies"), Index(0)],
                        "/policies/0/x~1~0",
                    ),
                    (
                        E::Required {
                            key: "roleId".into(),
                        },
                        vec![Key("policies"), Index(1)],
                        "/policies/1/roleId",
                    ),
                ],
            ),
            (
                Kind::KuzzleSecurities,
                r#"{"roles": {"0": {"controllers": 5}}}"#,
                vec![(
                    E::Type {
                        found: JsonType::Integer,
                    },
                    vec![Key("roles"), Key("0"), Key("controllers")],
                    "/roles/0/controllers",
                )],
            ),
        ] {
            let mut d = Vec::new();
            let root = parse(text, Syntax::Json, &mut d).root.unwrap();
            let mut out = Vec::new();
            set.validate_tree(kind, &root, &mut out);
            let mut got: Vec<_> = out
                .iter()
                .map(|f| (f.kind.clone(), f.segments().to_vec(), f.pointer()))
                .collect();
            got.sort_by(|a, b| a.2.cmp(&b.2));
            assert_eq!(got.len(), want.len(), "{text}");
            for ((kind, path, pointer), (k, p, ptr)) in got.iter().zip(&want) {
                assert_eq!((kind, path, pointer.as_str()), (k, p, *ptr), "{text}");
            }
        }
    }

    /// The validator reads the instance of an error itself only where a regular expression
    /// could not finish; no schema of a kind runs one, so the wide containers the tree does not
    /// copy into errors (`tree::COPIED_ENTRIES`) are never read.
    #[test]
    fn no_kind_schema_runs_a_regex() {
        fn keywords<'v>(schema: &'v Value, found: &mut Vec<&'v str>) {
            match schema {
                Value::Object(map) => {
                    for (key, value) in map {
                        found.push(key);
                        let names_only = matches!(
                            key.as_str(),
                            "properties" | "definitions" | "$defs" | "dependentSchemas"
                        );
                        match (names_only, value) {
                            (true, Value::Object(named)) => {
                                named.values().for_each(|v| keywords(v, found));
                            }
                            _ => keywords(value, found),
                        }
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| keywords(v, found)),
                _ => {}
            }
        }
        let set = SchemaSet::new().unwrap();
        for kind in Kind::ALL {
            let mut found = Vec::new();
            keywords(set.schema(kind), &mut found);
            assert!(
                found.contains(&"properties"),
                "{kind}: the walk reads keywords"
            );
            for regex in ["pattern", "patternProperties"] {
                assert!(!found.contains(&regex), "{kind} has `{regex}`");
            }
        }
    }

    #[test]
    fn tree_validation_matches_value_validation() {
        let set = SchemaSet::new().unwrap();
        for text in [
            r#"{"policies": [{"roleId": "a", "roleId": 5}], "rateLimit": 1e999}"#,
            r#"{"policies": [], "policies": [{"roleId": "x", "restrictedTo": [{"index": "i", "index": 3}]}]}"#,
            r#"{"rateLimit": 1.0, "tags": ["a", "a"], "policies": [{"roleId": "r"}]}"#,
            r#"{"rateLimit": -1, "tags": "x", "policies": {}}"#,
            r#"{"controllers": {"auth": {"actions": {"login": "yes", "login": true}}}}"#,
            r#"{"connectorType": "Blob", "connectorType": "CRM", "connectorProperties": {"organizationId": 5}}"#,
            r#"{"properties": {"fields": [{"fieldName": 1, "fieldType": null, "maxLength": 1.5}]}}"#,
            r#"{"fields": [], "strongIds": [{"keyPropertyNames": [1, 2]}], "created": "not a date"}"#,
            r#"{"users": {"u": {"content": {"profileIds": "x"}}}, "roles": [], "profiles": {"p": 1}}"#,
            r#"[1, "a", null, true, {"a": {}}]"#,
            r#""string""#,
            r#"12345678901234567890123"#,
        ] {
            assert_same(&set, text);
        }
        let mut wide = String::from("{\"policies\": [],");
        for i in 0..40 {
            wide.push_str(&format!("\"k{}\": {i},", i % 30));
        }
        wide.push_str("\"roles\": {\"a\": 1, \"a\": {}}}");
        assert_same(&set, &wide);
        // Containers wider than the validator's errors copy, with errors on and inside them.
        let keys: Vec<String> = (0..tree::COPIED_ENTRIES + 2)
            .map(|i| format!("\"Key{i}\": {i}"))
            .collect();
        let items = vec!["{\"index\": 1}"; tree::COPIED_ENTRIES + 2].join(",");
        for text in [
            format!("{{{}}}", keys.join(",")),
            format!("{{\"fields\": {{{}}}, \"policies\": [{{\"roleId\": \"r\", \"restrictedTo\": [{items}]}}]}}", keys.join(",")),
            format!("[{items}]"),
        ] {
            assert_same(&set, &text);
        }
        for (_, text) in crate::test_support::fixture_texts() {
            assert_same(&set, &text);
        }
    }
}
