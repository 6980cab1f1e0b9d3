//! Kuzzle v2 security bodies: profiles, roles and securities files.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Body of `security:createOrReplaceProfile` (`PUT /profiles/<_id>`): the policies a profile
/// grants. Kuzzle stores unknown top-level keys as they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "Kuzzle security profile")]
pub struct Profile {
    /// The roles this profile grants, each optionally restricted to indexes and collections.
    /// An empty list is silently replaced by Kuzzle with the single role `default`.
    pub policies: Vec<Policy>,
    /// Maximum requests per second for a user of this profile, per node. `0` (the default)
    /// means unlimited; a user with several profiles gets the largest limit, and any `0` wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub rate_limit: Option<u64>,
    /// Free labels stored with the profile. Kuzzle does not check them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub tags: Option<Vec<String>>,
}

/// One role granted by a profile. Kuzzle rejects any key other than `roleId` and
/// `restrictedTo` (`api.assert.unexpected_argument`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Policy {
    /// Id of an existing role. Kuzzle looks it up before anything else and answers
    /// `security.role.not_found` when it does not exist.
    #[schemars(length(min = 1))]
    pub role_id: String,
    /// Indexes (and optionally collections) the role is limited to. Omit it to grant the role
    /// everywhere. An empty list, or entries whose `index` is empty, ALSO grant it everywhere.
    /// Requests without an index (`security:*`, `server:*`, `admin:*`) are never restricted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<Restriction>")]
    pub restricted_to: Option<Vec<Restriction>>,
}

/// A restriction of a policy to one index. Kuzzle rejects any key other than `index` and
/// `collections` (`api.assert.unexpected_argument`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Restriction {
    /// Index name, matched exactly and case-sensitively. `*` is a literal name, not a
    /// wildcard. An empty string removes the restriction: the role applies to every index.
    #[schemars(length(min = 1))]
    pub index: String,
    /// Collections of the index the role is limited to. Omitted or empty means the whole
    /// index. Requests on the index without a collection are still allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<CollectionName>")]
    pub collections: Option<Vec<String>>,
}

/// A collection name.
#[derive(JsonSchema)]
#[schemars(transparent)]
#[allow(dead_code)]
struct CollectionName(#[schemars(length(min = 1))] String);

/// Body of `security:createOrReplaceRole` (`PUT /roles/<_id>`): which API actions the role
/// allows. Kuzzle stores unknown top-level keys as they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "Kuzzle security role")]
pub struct Role {
    /// Rights per API controller. Keys are native controllers (`document`, `auth`, ...),
    /// plugin controllers (`<plugin>/<controller>`) or `*` for every controller.
    #[schemars(extend("minProperties" = 1))]
    pub controllers: BTreeMap<String, ControllerRights>,
    /// Free labels stored with the role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub tags: Option<Vec<String>>,
}

/// The actions a role allows on one controller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ControllerRights {
    /// Action name (or `*` for every action) to `true` (allowed) or `false` (denied).
    /// Kuzzle rejects action names a native controller does not have, even with `force`.
    #[schemars(extend("minProperties" = 1))]
    pub actions: BTreeMap<String, bool>,
}

/// A securities file, as loaded by `admin:loadSecurities` or `--securities`: roles first,
/// then profiles, then users. Unknown top-level keys are ignored by Kuzzle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "Kuzzle securities file")]
pub struct Securities {
    /// Roles by id, created with `createOrReplaceRole`; with `force` only when the load asks
    /// for it (`admin:loadSecurities?force`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, Role>")]
    pub roles: Option<BTreeMap<String, Role>>,
    /// Profiles by id, created with `createOrReplaceProfile` (no `strict`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, Profile>")]
    pub profiles: Option<BTreeMap<String, Profile>>,
    /// Users by kuid, created with `createUser`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, User>")]
    pub users: Option<BTreeMap<String, User>>,
    /// Import files only (`app.import`, `kourou import`): index → collection → mappings,
    /// created before the securities. bodyguard reads the indexes and collections as
    /// existing. `admin:loadSecurities` ignores this key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mappings: Option<serde_json::Map<String, serde_json::Value>>,
    /// Import files only: the mappings of the users' `content`. `admin:loadSecurities`
    /// ignores this key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_mappings: Option<serde_json::Map<String, serde_json::Value>>,
}

/// A user of a securities file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// The user's content: `profileIds` plus any custom fields.
    pub content: UserContent,
    /// Credentials per authentication strategy, e.g. `local` with `username` and `password`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, serde_json::Map<String, serde_json::Value>>")]
    pub credentials: Option<BTreeMap<String, serde_json::Map<String, serde_json::Value>>>,
}

/// Content of a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserContent {
    /// Ids of the profiles the user gets; each must exist when the user is created.
    #[schemars(extend("minItems" = 1))]
    pub profile_ids: Vec<String>,
    /// Custom user fields.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}
