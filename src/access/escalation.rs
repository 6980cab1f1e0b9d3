//! Actions that change who can do what, and other action classes the `security/*` rules
//! and `diff` name.

/// `security` actions that create, replace or update roles, profiles, users, credentials or
/// API keys of any user: whoever holds one can give itself (or an account it controls) any
/// right. `createRestrictedUser` is not among them: it can only give Kuzzle's default
/// profiles (`security.restrictedProfileIds`).
pub const SECURITY_ESCALATION: &[&str] = &[
    "createApiKey",
    "createCredentials",
    "createFirstAdmin",
    "createOrReplaceProfile",
    "createOrReplaceRole",
    "createProfile",
    "createRole",
    "createUser",
    "replaceUser",
    "updateCredentials",
    "updateProfile",
    "updateRole",
    "updateUser",
    "upsertUser",
];

/// `admin` actions that rewrite the security configuration.
pub const ADMIN_ESCALATION: &[&str] = &["loadSecurities", "resetSecurity"];

/// Whether `controller:action` (a key of [`super::rights::universe`]) changes who can do
/// what.
pub fn is_escalation(controller: &str, action: &str) -> bool {
    match controller {
        "security" => SECURITY_ESCALATION.contains(&action),
        "admin" => ADMIN_ESCALATION.contains(&action),
        _ => false,
    }
}

/// What the anonymous user may do on a secured Kuzzle: log in, check its token and rights,
/// and read what the server is (the `security.standard` anonymous role, plus
/// `getStrategies`, `server:info`, `now`, `healthCheck` and `capabilities`).
pub fn anonymous_may(controller: &str, action: &str) -> bool {
    match controller {
        "auth" => matches!(
            action,
            "login" | "checkToken" | "getCurrentUser" | "getMyRights" | "getStrategies"
        ),
        "server" => matches!(
            action,
            "info" | "publicApi" | "openapi" | "now" | "healthCheck" | "capabilities"
        ),
        _ => false,
    }
}

/// Index-less actions that list or change the data of every index, whatever a policy's
/// `restrictedTo`: `index:list` names every index; `admin:loadFixtures` and
/// `admin:loadMappings` write documents and mappings into any index named in their body;
/// `admin:resetDatabase` deletes every index.
pub fn bypasses_restrictions(controller: &str, action: &str) -> bool {
    matches!(
        (controller, action),
        ("index", "list")
            | ("admin", "loadFixtures")
            | ("admin", "loadMappings")
            | ("admin", "resetDatabase")
    )
}
