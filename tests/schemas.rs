//! The committed schemas are exactly what the models generate, and they are editor-ready.

use bodyguard::unstable::schema::generate::{file_name, schema_text};
use bodyguard::Kind;
use serde_json::Value;
use std::path::Path;

#[test]
fn committed_schemas_match_the_models() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    for kind in Kind::ALL {
        let path = dir.join(file_name(kind));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == schema_text(kind),
            "{} is stale: run `cargo run -- schemas --write schemas/`",
            path.display()
        );
    }
}

#[test]
fn committed_config_schema_and_catalog_match() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let files = [
        (
            "bodyguard-toml.schema.json",
            bodyguard::unstable::config::schema_text(),
        ),
        ("catalog.json", bodyguard::unstable::docs::catalog_text()),
    ];
    for (name, text) in files {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            committed == text,
            "schemas/{name} is stale: run `cargo run -- schemas --write schemas/`"
        );
    }
    let catalog: Value = serde_json::from_str(&bodyguard::unstable::docs::catalog_text()).unwrap();
    let entries = catalog["schemas"].as_array().unwrap();
    for kind in Kind::ALL {
        let id = bodyguard::unstable::schema::generate::schema_id(kind);
        let entry = entries.iter().find(|e| e["url"] == id.as_str()).unwrap();
        assert!(entry["name"].is_string() && entry["description"].is_string());
        assert!(!entry["fileMatch"].as_array().unwrap().is_empty());
    }
}

/// A property is documented by its own description or by the definition it references.
fn documented(root: &Value, prop: &Value) -> bool {
    if prop.get("description").is_some() || prop.get("markdownDescription").is_some() {
        return true;
    }
    prop.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| root.pointer(p))
        .is_some_and(|target| target.get("description").is_some())
}

fn walk_properties(schema: &Value, at: &str, missing: &mut Vec<String>) {
    walk(schema, schema, at, missing)
}

fn walk(root: &Value, schema: &Value, at: &str, missing: &mut Vec<String>) {
    let Value::Object(obj) = schema else { return };
    for (keyword, value) in obj {
        match (keyword.as_str(), value) {
            ("properties", Value::Object(props)) => {
                for (name, prop) in props {
                    if !documented(root, prop) {
                        missing.push(format!("{at}/properties/{name}"));
                    }
                    walk(root, prop, &format!("{at}/properties/{name}"), missing);
                }
            }
            ("definitions" | "patternProperties", Value::Object(map)) => {
                for (name, sub) in map {
                    walk(root, sub, &format!("{at}/{keyword}/{name}"), missing);
                }
            }
            ("allOf" | "anyOf" | "oneOf", Value::Array(items)) => {
                for (i, sub) in items.iter().enumerate() {
                    walk(root, sub, &format!("{at}/{keyword}/{i}"), missing);
                }
            }
            ("items" | "additionalProperties" | "then" | "else", sub) => {
                walk(root, sub, &format!("{at}/{keyword}"), missing);
            }
            _ => {}
        }
    }
}

#[test]
fn schemas_are_draft07_with_id_title_and_documented_properties() {
    for kind in Kind::ALL {
        let schema: Value = serde_json::from_str(&schema_text(kind)).unwrap();
        assert_eq!(
            schema["$schema"], "http://json-schema.org/draft-07/schema#",
            "{kind}"
        );
        assert!(
            schema["$id"].as_str().unwrap().ends_with(&file_name(kind)),
            "{kind}"
        );
        assert!(schema["title"].is_string(), "{kind}");
        let mut missing = Vec::new();
        walk_properties(&schema, "", &mut missing);
        assert!(
            missing.is_empty(),
            "{kind}: properties without description: {missing:?}"
        );
    }
}

#[test]
fn schemas_compile_and_allow_a_schema_key() {
    let checker = bodyguard::Checker::new();
    let report = checker.check(
        Kind::CiConnector,
        r#"{"$schema": "x", "connectorType": "AzureBlob", "connectorProperties": {"connectionKeyVaultUrl": "https://v.vault.azure.net/secrets/s"}}"#,
    );
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.code() != "schema/unknown-key"),
        "{:?}",
        report.diagnostics
    );
}

#[test]
fn connector_properties_are_checked_against_their_type_only() {
    let checker = bodyguard::Checker::new();
    let report = checker.check(
        Kind::CiConnector,
        r#"{"connectorType": "CRM", "connectorProperties": {"organizationUrl": "https://x.crm.dynamics.com", "entities": []}}"#,
    );
    let codes: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code(), d.pointer.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![("schema/required", "/connectorProperties/organizationId")]
    );
}
