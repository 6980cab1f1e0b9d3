//! The kinds of body bodyguard knows, and how a file's kind is found.

use crate::parse::Node;

pub use crate::core::kind::Kind;

/// Guess the kind from the content, or `None` when nothing identifies it.
///
/// Order: `policies` → profile; `controllers` → role; `roles`/`profiles`/`users` maps →
/// securities; `connectorType`/`connectorProperties` → connector; `fields`/`strongIds` →
/// profile type. Customer Insights keys match case-insensitively and inside an ARM
/// `properties` wrapper.
pub fn sniff(root: &Node) -> Option<Kind> {
    let members = root.as_object()?;
    let has = |key: &str| members.iter().any(|m| m.key == key);
    if has("policies") {
        return Some(Kind::KuzzleProfile);
    }
    if has("controllers") {
        return Some(Kind::KuzzleRole);
    }
    if looks_like_securities(root) {
        return Some(Kind::KuzzleSecurities);
    }
    let ci_body = members
        .iter()
        .rev()
        .find(|m| m.key == "properties" && m.value.as_object().is_some())
        .map(|m| &m.value)
        .unwrap_or(root);
    let ci_has = |key: &str| {
        ci_body
            .as_object()
            .is_some_and(|ms| ms.iter().any(|m| m.key.eq_ignore_ascii_case(key)))
    };
    if ci_has("connectorType") || ci_has("connectorProperties") {
        return Some(Kind::CiConnector);
    }
    if ci_has("fields") || ci_has("strongIds") {
        return Some(Kind::CiProfileType);
    }
    None
}

/// `roles` / `profiles` / `users` maps whose entries look like roles, profiles or users.
/// Kuzzle's internal-index mappings have the same top-level names but hold ES mappings, so
/// an entry must carry `controllers`, `policies`, `content` or `credentials` (or the maps
/// must be empty).
fn looks_like_securities(root: &Node) -> bool {
    let sections: Vec<&Node> = ["roles", "profiles", "users"]
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
            .any(|k| e.value.get(k).is_some())
    });
    marked || entries().next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(text: &str) -> Option<Kind> {
        let mut d = Vec::new();
        let doc = crate::parse::parse(text, crate::parse::Syntax::Json, &mut d);
        sniff(&doc.root.unwrap())
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
            kind_of(r#"{"properties": {"fields": []}}"#),
            Some(Kind::CiProfileType)
        );
        assert_eq!(kind_of(r#"{"name": 1}"#), None);
        assert_eq!(kind_of(r#"[1]"#), None);
    }
}
