//! Connector types, and the `connectorProperties` each one takes.

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Connector type names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ConnectorType {
    /// No connector-specific properties.
    None,
    /// Dynamics 365 (CRM) organization. Spelled `CRM` in the API specification.
    #[serde(rename = "CRM")]
    Crm,
    /// Azure Blob storage; the connection string lives in Key Vault.
    AzureBlob,
    /// Salesforce; the connection string lives in Key Vault.
    Salesforce,
    /// Exchange Online mailboxes.
    ExchangeOnline,
    /// Export to Azure Blob storage.
    Outbound,
    /// Microsoft Social Engagement. Documented, but missing from the API specification.
    SocialEngagement,
}

impl ConnectorType {
    /// Every connector type, as spelled on the wire.
    pub const ALL: [(&'static str, ConnectorType); 7] = [
        ("None", ConnectorType::None),
        ("CRM", ConnectorType::Crm),
        ("AzureBlob", ConnectorType::AzureBlob),
        ("Salesforce", ConnectorType::Salesforce),
        ("ExchangeOnline", ConnectorType::ExchangeOnline),
        ("Outbound", ConnectorType::Outbound),
        ("SocialEngagement", ConnectorType::SocialEngagement),
    ];
}

/// `connectorType` with the matching `connectorProperties`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "connectorType", content = "connectorProperties")]
pub enum ConnectorKind {
    /// No documented properties.
    None(serde_json::Map<String, serde_json::Value>),
    /// Dynamics 365 (CRM).
    #[serde(rename = "CRM")]
    Crm(CrmConnectorProperties),
    /// Azure Blob storage.
    AzureBlob(AzureBlobConnectorProperties),
    /// Salesforce.
    Salesforce(SalesforceConnectorProperties),
    /// Exchange Online.
    ExchangeOnline(ExchangeOnlineConnectorProperties),
    /// Outbound export.
    Outbound(OutboundConnectorProperties),
    /// Microsoft Social Engagement.
    SocialEngagement(SocialEngagementConnectorProperties),
}

impl JsonSchema for ConnectorKind {
    fn schema_name() -> Cow<'static, str> {
        "ConnectorKind".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let connector_type = generator.subschema_for::<ConnectorType>();
        let branch = |ty: &str, properties: Schema| {
            serde_json::json!({
                "if": { "properties": { "connectorType": { "const": ty } }, "required": ["connectorType"] },
                "then": { "properties": { "connectorProperties": properties } },
            })
        };
        let branches = vec![
            branch(
                "AzureBlob",
                generator.subschema_for::<AzureBlobConnectorProperties>(),
            ),
            branch("CRM", generator.subschema_for::<CrmConnectorProperties>()),
            branch(
                "Salesforce",
                generator.subschema_for::<SalesforceConnectorProperties>(),
            ),
            branch(
                "ExchangeOnline",
                generator.subschema_for::<ExchangeOnlineConnectorProperties>(),
            ),
            branch(
                "Outbound",
                generator.subschema_for::<OutboundConnectorProperties>(),
            ),
            branch(
                "SocialEngagement",
                generator.subschema_for::<SocialEngagementConnectorProperties>(),
            ),
        ];
        json_schema!({
            "type": "object",
            "properties": {
                "connectorType": connector_type,
                "connectorProperties": {
                    "description": "Properties specific to `connectorType`: AzureBlob takes \
                        `connectionKeyVaultUrl`; CRM takes `organizationId`, `organizationUrl` and \
                        `entities`; Salesforce takes `usersetting` and `salesforcetables`.",
                    "type": "object",
                },
            },
            "required": ["connectorType", "connectorProperties"],
            "allOf": branches,
        })
    }
}

/// Properties of an `AzureBlob` connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AzureBlobConnectorProperties {
    /// Key Vault secret identifier holding the storage connection string,
    /// `https://<vault>.vault.azure.net/secrets/<name>[/<version>]`. Never the connection
    /// string itself.
    pub connection_key_vault_url: String,
}

/// Properties of a `CRM` connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CrmConnectorProperties {
    /// Id of the Dynamics 365 organization.
    pub organization_id: String,
    /// URL of the Dynamics 365 organization.
    pub organization_url: String,
    /// The CRM entities to import.
    pub entities: Vec<CrmConnectorEntity>,
    /// Connection string of the administrator account. Holds a password: keep it out of
    /// files in version control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub connection_string: Option<String>,
    /// On-behalf access token. A secret: keep it out of files in version control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub access_token: Option<String>,
}

/// A CRM entity to import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CrmConnectorEntity {
    /// Logical name of the entity.
    pub logical_name: String,
    /// Display name of the entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub display_name: Option<String>,
    /// Whether the entity is a profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub is_profile: Option<bool>,
}

/// Properties of a `Salesforce` connector. The keys are all-lowercase on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SalesforceConnectorProperties {
    /// Connection settings.
    pub usersetting: SalesforceUserSetting,
    /// The Salesforce tables to import.
    pub salesforcetables: Vec<SalesforceTable>,
}

/// Salesforce connection settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SalesforceUserSetting {
    /// Key Vault secret identifier holding the Salesforce connection string.
    pub salesforce_connection_string_secret_url: String,
}

/// A Salesforce table to import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SalesforceTable {
    /// Name of the table.
    pub table_name: String,
    /// Schema of the table.
    pub table_schema: String,
    /// Category of the table.
    pub table_category: String,
    /// Remarks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub table_remarks: Option<String>,
    /// Whether the table holds profiles. A string (`"true"`/`"false"`) in the API, not a boolean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub is_profile: Option<String>,
}

/// Properties of an `ExchangeOnline` connector (documented only in the service docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExchangeOnlineConnectorProperties {
    /// Access token. A secret: keep it out of files in version control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub access_token: Option<String>,
    /// Profile types holding customers, with their e-mail fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<ExchangeProfileType>")]
    pub customer_profile_types: Option<Vec<ExchangeProfileType>>,
    /// Profile types holding employees, with their e-mail fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<ExchangeProfileType>")]
    pub employee_profile_types: Option<Vec<ExchangeProfileType>>,
    /// Suffix of the types the connector creates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub type_suffix: Option<String>,
}

/// A profile type and its e-mail fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExchangeProfileType {
    /// Name of the profile type.
    pub profile_name: String,
    /// Fields holding e-mail addresses.
    pub email_field_names: Vec<String>,
}

/// Properties of an `Outbound` connector (documented only in the service docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OutboundConnectorProperties {
    /// What to export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<OutboundEntity>")]
    pub entity_list: Option<Vec<OutboundEntity>>,
    /// SAS URI of the output blob container. Carries a SAS token: a secret.
    #[serde(
        default,
        rename = "outputBlobSASUri",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "String")]
    pub output_blob_sas_uri: Option<String>,
}

/// An entity exported by an outbound connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OutboundEntity {
    /// `Profile` or `Kpi`.
    pub entity_type: OutboundEntityType,
    /// Name of the profile type or KPI.
    pub entity_name: String,
    /// Fields to export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub field_names: Option<String>,
}

/// What an outbound connector exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum OutboundEntityType {
    /// Profiles of a type.
    Profile,
    /// A KPI.
    Kpi,
}

/// Properties of a `SocialEngagement` connector (documented only in the service docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SocialEngagementConnectorProperties {
    /// Endpoint URL of Microsoft Social Engagement.
    #[serde(
        default,
        rename = "mseEndPointUrl",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "String")]
    pub mse_end_point_url: Option<String>,
    /// Search topics to import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<SearchTopic>")]
    pub search_topics: Option<Vec<SearchTopic>>,
    /// Suffix of the types the connector creates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub type_suffix: Option<String>,
}

/// A Social Engagement search topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchTopic {
    /// Topic id.
    pub id: String,
    /// Topic name.
    pub name: String,
}
