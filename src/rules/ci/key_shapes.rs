//! The canonical keys of each object position of a Customer Insights body: what
//! [`super::keys`] renames case variants to. User-data maps (localized texts keyed by locale,
//! `attributes`, `localizedAttributes`, `localizedValueNames`) are leaves: their keys are
//! never renamed.

use crate::core::Kind;
use crate::parse::Node;

/// What the value under a known key holds.
#[derive(Clone, Copy)]
pub(crate) enum Child {
    /// Nothing to rename below (scalars, user-data maps).
    Leaf,
    /// An object with known keys.
    Obj(&'static [Key]),
    /// An array of objects with known keys.
    Arr(&'static [Key]),
}

/// A canonical key and what its value holds.
pub(crate) struct Key(pub &'static str, pub Child);

use Child::{Arr, Leaf, Obj};

pub(crate) const ENUM_VALUE: &[Key] = &[Key("value", Leaf), Key("localizedValueNames", Leaf)];

pub(crate) const FIELD: &[Key] = &[
    Key("fieldName", Leaf),
    Key("fieldType", Leaf),
    Key("isArray", Leaf),
    Key("arrayValueSeparator", Leaf),
    Key("isEnum", Leaf),
    Key("enumValidValues", Arr(ENUM_VALUE)),
    Key("isFlagEnum", Leaf),
    Key("isImage", Leaf),
    Key("isLocalizedString", Leaf),
    Key("isName", Leaf),
    Key("isRequired", Leaf),
    Key("propertyId", Leaf),
    Key("schemaItemPropLink", Leaf),
    Key("maxLength", Leaf),
    Key("isAvailableInGraph", Leaf),
    Key("dataSourcePrecedenceRules", Leaf),
];

pub(crate) const STRONG_ID: &[Key] = &[
    Key("keyPropertyNames", Leaf),
    Key("strongIdName", Leaf),
    Key("displayName", Leaf),
    Key("description", Leaf),
];

pub(crate) const PROFILE_TYPE: &[Key] = &[
    Key("$schema", Leaf),
    Key("strongIds", Arr(STRONG_ID)),
    Key("apiEntitySetName", Leaf),
    Key("entityType", Leaf),
    Key("fields", Arr(FIELD)),
    Key("instancesCount", Leaf),
    Key("lastChangedUtc", Leaf),
    Key("provisioningState", Leaf),
    Key("schemaItemTypeLink", Leaf),
    Key("tenantId", Leaf),
    Key("timestampFieldName", Leaf),
    Key("typeName", Leaf),
    Key("attributes", Leaf),
    Key("description", Leaf),
    Key("displayName", Leaf),
    Key("localizedAttributes", Leaf),
    Key("smallImage", Leaf),
    Key("mediumImage", Leaf),
    Key("largeImage", Leaf),
];

pub(crate) const CRM_ENTITY: &[Key] = &[
    Key("logicalName", Leaf),
    Key("displayName", Leaf),
    Key("isProfile", Leaf),
];
pub(crate) const SALESFORCE_SETTING: &[Key] = &[Key("salesforceConnectionStringSecretUrl", Leaf)];
pub(crate) const SALESFORCE_TABLE: &[Key] = &[
    Key("tableName", Leaf),
    Key("tableSchema", Leaf),
    Key("tableCategory", Leaf),
    Key("tableRemarks", Leaf),
    Key("isProfile", Leaf),
];
pub(crate) const EXCHANGE_PROFILE_TYPE: &[Key] =
    &[Key("profileName", Leaf), Key("emailFieldNames", Leaf)];
pub(crate) const OUTBOUND_ENTITY: &[Key] = &[
    Key("entityType", Leaf),
    Key("entityName", Leaf),
    Key("fieldNames", Leaf),
];
pub(crate) const SEARCH_TOPIC: &[Key] = &[Key("id", Leaf), Key("name", Leaf)];

/// Keys of `connectorProperties`, over every connector type (none collide across types
/// except by exact spelling).
pub(crate) const CONNECTOR_PROPERTIES: &[Key] = &[
    Key("connectionKeyVaultUrl", Leaf),
    Key("organizationId", Leaf),
    Key("organizationUrl", Leaf),
    Key("entities", Arr(CRM_ENTITY)),
    Key("connectionString", Leaf),
    Key("accessToken", Leaf),
    Key("usersetting", Obj(SALESFORCE_SETTING)),
    Key("salesforcetables", Arr(SALESFORCE_TABLE)),
    Key("customerProfileTypes", Arr(EXCHANGE_PROFILE_TYPE)),
    Key("employeeProfileTypes", Arr(EXCHANGE_PROFILE_TYPE)),
    Key("typeSuffix", Leaf),
    Key("entityList", Arr(OUTBOUND_ENTITY)),
    Key("outputBlobSASUri", Leaf),
    Key("mseEndPointUrl", Leaf),
    Key("searchTopics", Arr(SEARCH_TOPIC)),
];

pub(crate) const CONNECTOR: &[Key] = &[
    Key("$schema", Leaf),
    Key("connectorId", Leaf),
    Key("connectorName", Leaf),
    Key("connectorType", Leaf),
    Key("displayName", Leaf),
    Key("description", Leaf),
    Key("connectorProperties", Obj(CONNECTOR_PROPERTIES)),
    Key("created", Leaf),
    Key("lastModified", Leaf),
    Key("state", Leaf),
    Key("tenantId", Leaf),
    Key("isInternal", Leaf),
];

pub(crate) const PROFILE_ARM: &[Key] = &[
    Key("$schema", Leaf),
    Key("id", Leaf),
    Key("name", Leaf),
    Key("type", Leaf),
    Key("properties", Obj(PROFILE_TYPE)),
];
pub(crate) const CONNECTOR_ARM: &[Key] = &[
    Key("$schema", Leaf),
    Key("id", Leaf),
    Key("name", Leaf),
    Key("type", Leaf),
    Key("properties", Obj(CONNECTOR)),
];

/// The keys of the body's top level, for a body of `kind` (`None` for other kinds).
pub(crate) fn shape_of(kind: Kind, root: Node<'_>) -> Option<&'static [Key]> {
    let arm = root.as_object().is_some_and(|ms| {
        ms.iter()
            .any(|m| m.key().eq_ignore_ascii_case("properties") && m.value().as_object().is_some())
    });
    match (kind, arm) {
        (Kind::CiProfileType, true) => Some(PROFILE_ARM),
        (Kind::CiProfileType, false) => Some(PROFILE_TYPE),
        (Kind::CiConnector, true) => Some(CONNECTOR_ARM),
        (Kind::CiConnector, false) => Some(CONNECTOR),
        _ => None,
    }
}
