//! Draft-07 JSON Schemas derived from the models, shaped for editors (VS Code,
//! yaml-language-server, SchemaStore) and for the schema pass.

use crate::core::Kind;
use crate::models::{ci, kuzzle};
use schemars::generate::SchemaSettings;
use schemars::transform::{RecursiveTransform, Transform};
use schemars::{JsonSchema, Schema};
use serde_json::Value;

/// Where the published schemas live; `$id` is `<base><kind>.schema.json`.
pub const SCHEMA_BASE_URL: &str =
    "https://raw.githubusercontent.com/bodyguard-dev/bodyguard/main/schemas/";

/// The `$id` of a kind's schema.
pub fn schema_id(kind: Kind) -> String {
    format!("{SCHEMA_BASE_URL}{}.schema.json", kind.name())
}

/// The file name of a kind's schema in `schemas/`.
pub fn file_name(kind: Kind) -> String {
    format!("{}.schema.json", kind.name())
}

/// Turn `oneOf` of documented `const`s into `enum` + `enumDescriptions` (what VS Code reads).
#[derive(Clone)]
struct EnumDescriptions;

impl Transform for EnumDescriptions {
    fn transform(&mut self, schema: &mut Schema) {
        let Some(obj) = schema.as_object_mut() else {
            return;
        };
        let Some(Value::Array(one_of)) = obj.get("oneOf") else {
            return;
        };
        if one_of.is_empty() || !one_of.iter().all(|v| v.get("const").is_some()) {
            return;
        }
        let values: Vec<Value> = one_of.iter().map(|v| v["const"].clone()).collect();
        let descriptions: Vec<Value> = one_of
            .iter()
            .map(|v| v.get("description").cloned().unwrap_or_else(|| "".into()))
            .collect();
        obj.remove("oneOf");
        obj.insert("type".into(), "string".into());
        obj.insert("enum".into(), values.into());
        obj.insert("enumDescriptions".into(), descriptions.clone().into());
        obj.insert("markdownEnumDescriptions".into(), descriptions.into());
    }
}

/// Copy `description` into `markdownDescription`, which VS Code shows even beside a `$ref`.
#[derive(Clone)]
struct MarkdownDescriptions;

impl Transform for MarkdownDescriptions {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(obj) = schema.as_object_mut() {
            if let Some(Value::String(d)) = obj.get("description") {
                // Doc comments wrap at ~100 columns; editors wrap themselves.
                let joined = d
                    .split("\n\n")
                    .map(|p| p.replace('\n', " "))
                    .collect::<Vec<_>>()
                    .join("\n\n");
                obj.insert("description".into(), joined.into());
            }
            if let Some(d) = obj.get("description").cloned() {
                obj.entry("markdownDescription").or_insert(d);
            }
        }
    }
}

/// Give the values of a map (`additionalProperties`) the map's own description, so that
/// hovering a user-chosen key (`"en-us"`, an action name) says what the entry is.
#[derive(Clone)]
struct MapEntryDescriptions;

impl Transform for MapEntryDescriptions {
    fn transform(&mut self, schema: &mut Schema) {
        let Some(obj) = schema.as_object_mut() else {
            return;
        };
        let described: Vec<(String, Value)> = ["description", "markdownDescription"]
            .into_iter()
            .filter_map(|k| obj.get(k).map(|v| (k.to_string(), v.clone())))
            .collect();
        if described.is_empty() {
            return;
        }
        if let Some(Value::Object(entry)) = obj.get_mut("additionalProperties") {
            if entry.contains_key("description") || entry.contains_key("$ref") {
                return;
            }
            for (k, v) in described {
                entry.insert(k, v);
            }
        }
    }
}

/// Drop Rust integer formats (`uint64`, `int64`): no validator or editor knows them.
#[derive(Clone)]
struct DropIntegerFormats;

impl Transform for DropIntegerFormats {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(obj) = schema.as_object_mut() {
            let rust_format = obj
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| f.starts_with("int") || f.starts_with("uint"));
            if rust_format {
                obj.remove("format");
            }
        }
    }
}

pub(crate) fn settings() -> SchemaSettings {
    SchemaSettings::draft07()
        .with_transform(RecursiveTransform(EnumDescriptions))
        .with_transform(RecursiveTransform(DropIntegerFormats))
        .with_transform(RecursiveTransform(MarkdownDescriptions))
        .with_transform(RecursiveTransform(MapEntryDescriptions))
}

const SCHEMA_KEY_DESCRIPTION: &str =
    "Schema association for editors. bodyguard accepts it in files, \
     and reports it when the body would be sent with it.";

fn allow_schema_key(obj: &mut serde_json::Map<String, Value>) {
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        props.insert(
            "$schema".into(),
            serde_json::json!({
                "description": SCHEMA_KEY_DESCRIPTION,
                "markdownDescription": SCHEMA_KEY_DESCRIPTION,
                "type": "string",
            }),
        );
    }
}

fn root_for<T: JsonSchema>() -> Schema {
    settings().into_generator().into_root_schema_for::<T>()
}

/// The schema of `kind`, ready to serialise or compile.
pub fn schema_for(kind: Kind) -> Schema {
    let mut schema = match kind {
        Kind::KuzzleProfile => root_for::<kuzzle::Profile>(),
        Kind::KuzzleRole => root_for::<kuzzle::Role>(),
        Kind::KuzzleSecurities => root_for::<kuzzle::Securities>(),
        Kind::CiProfileType => root_for::<ci::ProfileTypeBody>(),
        Kind::CiConnector => root_for::<ci::ConnectorBody>(),
    };
    let obj = schema.ensure_object();
    obj.insert("$id".into(), schema_id(kind).into());
    obj.insert("title".into(), kind.title().into());
    allow_schema_key(obj);
    if let Some(Value::Object(defs)) = obj.get_mut("definitions") {
        for root_def in [
            "ProfileTypeDefinition",
            "ProfileResourceFormat",
            "Connector",
            "ConnectorResourceFormat",
        ] {
            if let Some(Value::Object(def)) = defs.get_mut(root_def) {
                allow_schema_key(def);
            }
        }
    }
    schema
}

/// The schema of `kind` as committed in `schemas/`: pretty JSON with a trailing newline.
pub fn schema_text(kind: Kind) -> String {
    let schema = schema_for(kind);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
