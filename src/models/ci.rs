//! Customer Insights (api-version 2017-04-26) bodies: profile types and data connectors,
//! in the hub form (bare definition) and the ARM form (`{"properties": …}`).

mod connectors;
pub use connectors::*;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A map from locale code (`en-us`) to text.
pub type LocalizedText = BTreeMap<String, String>;

/// Body of a profile-type PUT: the hub form (`PUT <hub>/manage/model/profiles/<name>`, bare
/// definition) or the ARM form (`PUT …/hubs/<hub>/profiles/<name>`, wrapped in `properties`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ProfileTypeBody {
    /// ARM form: `{"properties": {...}}`.
    Arm(ProfileResourceFormat),
    /// Hub form: the bare definition.
    Hub(ProfileTypeDefinition),
}

/// Body of a connector PUT: hub form (`PUT <hub>/manage/connectors/<name>`) or ARM form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ConnectorBody {
    /// ARM form: `{"properties": {...}}`.
    Arm(ConnectorResourceFormat),
    /// Hub form: the bare connector.
    Hub(Connector),
}

fn hub_or_arm(
    generator: &mut SchemaGenerator,
    arm: Schema,
    hub: Schema,
    description: &str,
) -> Schema {
    let _ = generator;
    json_schema!({
        "description": description,
        "type": "object",
        "if": { "required": ["properties"] },
        "then": arm,
        "else": hub,
    })
}

impl JsonSchema for ProfileTypeBody {
    fn schema_name() -> Cow<'static, str> {
        "ProfileTypeBody".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let arm = generator.subschema_for::<ProfileResourceFormat>();
        let hub = generator.subschema_for::<ProfileTypeDefinition>();
        hub_or_arm(
            generator,
            arm,
            hub,
            "Body of a Customer Insights profile-type PUT (api-version 2017-04-26). The hub API \
             takes the bare definition; the ARM API wraps it in `properties`.",
        )
    }
}

impl JsonSchema for ConnectorBody {
    fn schema_name() -> Cow<'static, str> {
        "ConnectorBody".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let arm = generator.subschema_for::<ConnectorResourceFormat>();
        let hub = generator.subschema_for::<Connector>();
        hub_or_arm(
            generator,
            arm,
            hub,
            "Body of a Customer Insights connector PUT (api-version 2017-04-26). The hub API takes \
             the bare connector; the ARM API wraps it in `properties`.",
        )
    }
}

/// ARM envelope of a profile type. `id`, `name` and `type` are filled by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileResourceFormat {
    /// Read-only: the ARM resource id, set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("readOnly" = true))]
    pub id: Option<String>,
    /// Read-only: `<hub>/<profile>`, set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("readOnly" = true))]
    pub name: Option<String>,
    /// Read-only: the ARM resource type, set by the server.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("readOnly" = true))]
    pub resource_type: Option<String>,
    /// The profile type definition.
    pub properties: ProfileTypeDefinition,
}

/// A profile type: the fields of a profile, its strong ids and its display texts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileTypeDefinition {
    /// Keys (single or composite) that identify a profile; exposed as OData alternate keys.
    /// The documentation requires at least one. The server appends its own `ProfileId` key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<StrongId>")]
    pub strong_ids: Option<Vec<StrongId>>,
    /// OData entity set name of this type. The documentation requires it, and it must differ
    /// from every other profile and interaction type of the hub.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub api_entity_set_name: Option<String>,
    /// Kind of entity. The server sets `Profile` for profile types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "EntityType")]
    pub entity_type: Option<EntityType>,
    /// The properties of the profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<PropertyDefinition>")]
    pub fields: Option<Vec<PropertyDefinition>>,
    /// Server-computed count of instances (0 while creating); not meant to be sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub instances_count: Option<i64>,
    /// Read-only: when the type last changed (UTC), set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("readOnly" = true, "format" = "date-time"))]
    pub last_changed_utc: Option<String>,
    /// Read-only: provisioning state, set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "ProvisioningState", extend("readOnly" = true))]
    pub provisioning_state: Option<ProvisioningState>,
    /// URL-encoded schema.org type link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub schema_item_type_link: Option<String>,
    /// Read-only: the hub name, set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("readOnly" = true))]
    pub tenant_id: Option<String>,
    /// Field holding the time of the profile update or interaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub timestamp_field_name: Option<String>,
    /// Name of the type; the server sets it from the URL, so it must match the name there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub type_name: Option<String>,
    /// Custom attributes of the type: name to list of values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub attributes: Option<BTreeMap<String, Vec<String>>>,
    /// Localized description: locale code (`en-us`) to text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "LocalizedText")]
    pub description: Option<LocalizedText>,
    /// Localized display name: locale code (`en-us`) to text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "LocalizedText")]
    pub display_name: Option<LocalizedText>,
    /// Localized custom attributes: attribute name to (locale code to text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, LocalizedText>")]
    pub localized_attributes: Option<BTreeMap<String, LocalizedText>>,
    /// Relative path of the small image, uploaded with the image management API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub small_image: Option<String>,
    /// Relative path of the medium image, uploaded with the image management API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub medium_image: Option<String>,
    /// Relative path of the large image, uploaded with the image management API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub large_image: Option<String>,
}

/// A key of the profile: one or more fields whose values identify a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StrongId {
    /// Names of the fields forming the key; each must be a declared `fieldName`. An array,
    /// even for a single field.
    pub key_property_names: Vec<String>,
    /// Name of the key. `ProfileId` clashes with the key the server adds itself.
    pub strong_id_name: String,
    /// Localized display name: locale code to text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "LocalizedText")]
    pub display_name: Option<LocalizedText>,
    /// Localized description: locale code to text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "LocalizedText")]
    pub description: Option<LocalizedText>,
}

/// A field of a profile type.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PropertyDefinition {
    /// Name of the field. Avoid the reserved words of the service (`ProfileId`, `Key`, ...).
    pub field_name: String,
    /// EDM type of the field: `Edm.Boolean`, `Edm.Byte`, `Edm.DateTimeOffset`, `Edm.Decimal`,
    /// `Edm.Double`, `Edm.Guid`, `Edm.Int16`, `Edm.Int32`, `Edm.Int64` or `Edm.String`.
    pub field_type: String,
    /// The field holds a list of `fieldType` values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub is_array: Option<bool>,
    /// Separator of the values of an array field; only meaningful with `isArray`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub array_value_separator: Option<String>,
    /// The field is an enumeration; list its values in `enumValidValues`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub is_enum: Option<bool>,
    /// Valid values of an enumeration field; only meaningful with `isEnum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<EnumValidValue>")]
    pub enum_valid_values: Option<Vec<EnumValidValue>>,
    /// Reserved for future use by the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub is_flag_enum: Option<bool>,
    /// The field holds the relative path of an image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub is_image: Option<bool>,
    /// The field holds a localized string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub is_localized_string: Option<bool>,
    /// The field is a name, or part of one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub is_name: Option<bool>,
    /// Only checked for interactions: profile instances ignore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub is_required: Option<bool>,
    /// Assigned by the server (`id1`, `id2`, ...); not meant to be sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub property_id: Option<String>,
    /// URL-encoded schema.org property link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub schema_item_prop_link: Option<String>,
    /// Maximum length; only meaningful for `Edm.String` fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub max_length: Option<i64>,
    /// The field is available in the graph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub is_available_in_graph: Option<bool>,
    /// Read-only: data source precedence, filled by the server for interactions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<serde_json::Map<String, serde_json::Value>>", extend("readOnly" = true))]
    pub data_source_precedence_rules: Option<Vec<serde_json::Map<String, serde_json::Value>>>,
}

/// One valid value of an enumeration field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnumValidValue {
    /// The stored integer value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub value: Option<i64>,
    /// Localized names of the value: locale code to text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "LocalizedText")]
    pub localized_value_names: Option<LocalizedText>,
}

/// Kind of entity a type describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum EntityType {
    /// No entity.
    None,
    /// A profile (a customer, a contact, ...).
    Profile,
    /// An interaction (a purchase, a call, ...).
    Interaction,
    /// A relationship between types.
    Relationship,
}

/// Provisioning state of a type, reported by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ProvisioningState {
    /// Being created.
    Provisioning,
    /// Ready.
    Succeeded,
    /// Expiring.
    Expiring,
    /// Being deleted.
    Deleting,
    /// Needs an operator.
    HumanIntervention,
    /// Failed.
    Failed,
}

/// ARM envelope of a connector. `id`, `name` and `type` are filled by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConnectorResourceFormat {
    /// Read-only: the ARM resource id, set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("readOnly" = true))]
    pub id: Option<String>,
    /// Read-only: `<hub>/<connector>`, set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("readOnly" = true))]
    pub name: Option<String>,
    /// Read-only: the ARM resource type, set by the server.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("readOnly" = true))]
    pub resource_type: Option<String>,
    /// The connector.
    pub properties: Connector,
}

/// A data connector: where the hub reads data from (or writes it to).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Connector {
    /// Read-only: numeric id assigned by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64", extend("readOnly" = true))]
    pub connector_id: Option<i64>,
    /// Name of the connector; must equal the name in the URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub connector_name: Option<String>,
    /// Display name (plain text, not localized).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub display_name: Option<String>,
    /// Description (plain text, not localized).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub description: Option<String>,
    /// Read-only: creation time, set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("readOnly" = true, "format" = "date-time"))]
    pub created: Option<String>,
    /// Read-only: last modification time, set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("readOnly" = true, "format" = "date-time"))]
    pub last_modified: Option<String>,
    /// Read-only: state of the connector, set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "ConnectorState", extend("readOnly" = true))]
    pub state: Option<ConnectorState>,
    /// Read-only: the hub name, set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("readOnly" = true))]
    pub tenant_id: Option<String>,
    /// Whether this is an internal connector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub is_internal: Option<bool>,
    /// The connector type and its type-specific properties.
    #[serde(flatten)]
    pub kind: ConnectorKind,
}

/// State of a connector, reported by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ConnectorState {
    /// Being created.
    Creating,
    /// Created.
    Created,
    /// Ready to import.
    Ready,
    /// Expiring.
    Expiring,
    /// Being deleted.
    Deleting,
    /// Failed.
    Failed,
}
