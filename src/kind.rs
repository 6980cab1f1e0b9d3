//! The kinds of body bodyguard knows, and how a file's kind is found.

use crate::parse::{Node, Tree};

use crate::core::kind::Kind;

/// The kind a file's content gives strong evidence of, or `None` when it is not a body of
/// any kind bodyguard knows. bodyguard never guesses: a key name alone is no evidence (a
/// HashiCorp Vault token body has `policies` too), its value must have the shape of the kind.
///
/// - profile: `policies` is an array holding an object with `roleId` or `restrictedTo`, or
///   `policies: []` with
///   no top-level key a profile does not have;
/// - role: `controllers` is an object holding an object with `actions`, or `controllers: {}`
///   with no top-level key a role does not have;
/// - securities file (also a Kuzzle import file): a `roles`, `profiles` or `users` object
///   holding a role (`controllers`), a profile (`policies`) or a user (`content` or
///   `credentials`), or only empty such maps and no other top-level key;
/// - kourou dump: `type` is `"roles"` or `"profiles"` and `content` an object of roles or
///   profiles (checked as a securities file);
/// - connector: `connectorType` a string or `connectorProperties` an object;
/// - profile type: `fields` an array holding an object with `fieldName`, or `strongIds` an
///   array holding an object with `keyPropertyNames`, and none of the keys of an interaction
///   type (`idPropertyNames`, `primaryParticipantProfilePropertyName`, `participantProfiles`,
///   `isActivity`).
///
/// Customer Insights keys match case-insensitively and inside an ARM `properties` wrapper.
pub fn sniff(root: Node<'_>) -> Option<Kind> {
    let members = root.as_object()?;
    let only = |allowed: &[&str]| {
        members
            .iter()
            .all(|m| allowed.contains(&m.key()) || m.key() == "$schema")
    };
    if let Some(policies) = root.get("policies").and_then(Node::as_array) {
        let has_policy = policies
            .iter()
            .any(|p| p.get("roleId").is_some() || p.get("restrictedTo").is_some());
        let empty_profile = policies.is_empty()
            && only(&[
                "policies",
                "rateLimit",
                "_id",
                "_kuzzle_info",
                "optimizedPolicies",
            ]);
        if has_policy || empty_profile {
            return Some(Kind::KuzzleProfile);
        }
    }
    if let Some(controllers) = root.get("controllers").and_then(Node::as_object) {
        let has_controller = controllers
            .iter()
            .any(|c| c.value().get("actions").is_some());
        let empty_role = controllers.is_empty() && only(&["controllers", "_id", "_kuzzle_info"]);
        if has_controller || empty_role {
            return Some(Kind::KuzzleRole);
        }
    }
    if looks_like_securities(root) || dump_section(root).is_some() {
        return Some(Kind::KuzzleSecurities);
    }
    let ci_body = members
        .iter()
        .rev()
        .find(|m| m.key() == "properties" && m.value().as_object().is_some())
        .map(|m| m.value())
        .unwrap_or(root);
    let ci_get = |key: &str| {
        ci_body.as_object().and_then(|ms| {
            ms.iter()
                .rev()
                .find(|m| m.key().eq_ignore_ascii_case(key))
                .map(|m| m.value())
        })
    };
    if ci_get("connectorType").is_some_and(|v| v.as_str().is_some())
        || ci_get("connectorProperties").is_some_and(|v| v.as_object().is_some())
    {
        return Some(Kind::CiConnector);
    }
    let holds = |array: Option<Node<'_>>, key: &str| {
        array.and_then(Node::as_array).is_some_and(|items| {
            items.iter().any(|item| {
                item.as_object()
                    .is_some_and(|ms| ms.iter().any(|m| m.key().eq_ignore_ascii_case(key)))
            })
        })
    };
    // Interaction types (`PUT …/interactions/<name>`) have fields too, and keys profile types
    // never have: bodyguard does not check them.
    let interaction = [
        "idPropertyNames",
        "primaryParticipantProfilePropertyName",
        "participantProfiles",
        "isActivity",
    ]
    .iter()
    .any(|k| ci_get(k).is_some());
    if !interaction
        && (holds(ci_get("fields"), "fieldName") || holds(ci_get("strongIds"), "keyPropertyNames"))
    {
        return Some(Kind::CiProfileType);
    }
    None
}

/// The top-level keys of a securities file, including those of a Kuzzle import file
/// (`app.import`, `kourou import`): `mappings` and `userMappings`.
pub const SECURITIES_KEYS: [&str; 5] = ["roles", "profiles", "users", "mappings", "userMappings"];

/// `roles` / `profiles` / `users` maps whose entries look like roles, profiles or users.
/// Kuzzle's internal-index mappings have the same top-level names but hold ES mappings, so
/// an entry must carry `controllers`, `policies`, `content` or `credentials` (or the maps
/// must be empty and the file hold nothing else).
fn looks_like_securities(root: Node<'_>) -> bool {
    let sections: Vec<Node<'_>> = ["roles", "profiles", "users"]
        .iter()
        .filter_map(|k| root.get(k))
        .filter(|v| v.as_object().is_some())
        .collect();
    if sections.is_empty() {
        return false;
    }
    let entries = || {
        sections
            .iter()
            .flat_map(|s| s.as_object().unwrap_or_default())
    };
    let marked = entries().any(|e| {
        ["controllers", "policies", "content", "credentials"]
            .iter()
            .any(|k| e.value().get(k).is_some())
    });
    let only_sections = root
        .as_object()
        .unwrap_or_default()
        .iter()
        .all(|m| SECURITIES_KEYS.contains(&m.key()) || m.key() == "$schema");
    marked || (entries().next().is_none() && only_sections)
}

/// For a kourou dump file (`{"type": "roles" | "profiles", "content": {id: body}}`, what
/// `kourou role:export` and `kourou profile:export` write), the section its `content` holds.
pub fn dump_section(root: Node<'_>) -> Option<&'static str> {
    let section = match root.get("type")?.as_str()? {
        "roles" => "roles",
        "profiles" => "profiles",
        _ => return None,
    };
    let members = root.as_object()?;
    if !members
        .iter()
        .all(|m| m.key() == "type" || m.key() == "content")
    {
        return None;
    }
    let content = root.get("content")?.as_object()?;
    let marker = if section == "roles" {
        "controllers"
    } else {
        "policies"
    };
    (content.is_empty() || content.iter().any(|e| e.value().get(marker).is_some()))
        .then_some(section)
}

/// Rewrite a kourou dump's tree into the securities file it stands for; returns the section
/// (`roles` or `profiles`) its `content` became.
pub(crate) fn dump_as_securities(tree: &mut Tree) -> Option<&'static str> {
    let root = tree.root();
    let section = dump_section(root)?;
    let content = root
        .as_object()?
        .iter()
        .rposition(|m| m.key() == "content")?;
    tree.keep_root_member(content, section).then_some(section)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(text: &str) -> Option<Kind> {
        let mut d = Vec::new();
        let doc = crate::parse::parse(text, crate::parse::Syntax::Json, &mut d);
        sniff(doc.root().unwrap())
    }

    #[test]
    fn sniffing() {
        assert_eq!(kind_of(r#"{"policies": []}"#), Some(Kind::KuzzleProfile));
        assert_eq!(kind_of(r#"{"controllers": {}}"#), Some(Kind::KuzzleRole));
        assert_eq!(kind_of(r#"{"users": {}}"#), Some(Kind::KuzzleSecurities));
        assert_eq!(
            kind_of(r#"{"users": {"u": {"content": {}}}}"#),
            Some(Kind::KuzzleSecurities)
        );
        assert_eq!(
            kind_of(r#"{"users": {"mappings": {"properties": {}}}}"#),
            None
        );
        assert_eq!(
            kind_of(r#"{"ConnectorType": "CRM"}"#),
            Some(Kind::CiConnector)
        );
        assert_eq!(
            kind_of(r#"{"properties": {"fields": [{"fieldName": "id"}]}}"#),
            Some(Kind::CiProfileType)
        );
        assert_eq!(
            kind_of(r#"{"strongIds": [{"keyPropertyNames": ["id"]}]}"#),
            Some(Kind::CiProfileType)
        );
        assert_eq!(kind_of(r#"{"name": 1}"#), None);
        // A key name alone is no evidence.
        for text in [
            r#"{"policies": ["default"], "ttl": 600}"#,
            r#"{"policies": [], "ttl": 600}"#,
            r#"{"controllers": {"a": "b"}}"#,
            r#"{"properties": {"fields": {"type": "array"}}}"#,
            r#"{"fields": ["a"]}"#,
            r#"{"connectorType": {"type": "string"}}"#,
            r#"{"roles": {}, "name": "x"}"#,
            r#"{"type": "roles", "content": {"a": {"b": 1}}}"#,
            r#"{"type": "users", "content": {}}"#,
        ] {
            assert_eq!(kind_of(text), None, "{text}");
        }
        assert_eq!(kind_of(r#"{"policies": []}"#), Some(Kind::KuzzleProfile));
        assert_eq!(kind_of(r#"{"controllers": {}}"#), Some(Kind::KuzzleRole));
        assert_eq!(
            kind_of(r#"{"type": "roles", "content": {"r": {"controllers": {}}}}"#),
            Some(Kind::KuzzleSecurities)
        );
        assert_eq!(
            kind_of(r#"{"mappings": {}, "userMappings": {}, "profiles": {"p": {"policies": []}}}"#),
            Some(Kind::KuzzleSecurities)
        );
        assert_eq!(kind_of(r#"[1]"#), None);
    }
}
