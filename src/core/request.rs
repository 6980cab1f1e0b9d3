//! What a recognised request route tells the body checks.

/// What a recognised route tells the body checks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestInfo {
    /// Id or name the route addresses (Kuzzle `_id`, Customer Insights profile or connector name).
    pub name: Option<String>,
    /// The action, e.g. `createOrReplaceProfile`, `createOrReplaceRole`, `profile-type-put`.
    pub action: String,
    /// Request arguments (query parameters or JSON request fields), decoded.
    pub args: Vec<(String, Option<String>)>,
}
