//! The restriction map Kuzzle builds from a profile (`optimizePolicy`), for
//! `bodyguard explain-access` and for the rules that reason about it.
//!
//! Per policy: entries are merged by index, their collections united, sorted and
//! de-duplicated (an empty list means the whole index, so a whole-index entry is narrowed by
//! any sibling that names collections); entries whose `index` is falsy (`""`, `0`, `false`)
//! are dropped; an empty map means **no restriction at all**. A non-string index is kept but
//! never equals the string index of a request.

use crate::parse::{Node, NodeValue};
use crate::source::Span;
use serde::Serialize;

/// What one policy grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyAccess {
    /// JSON Pointer of the policy.
    pub pointer: String,
    /// The role id as written (`None` when missing or not a string).
    pub role: Option<String>,
    /// `None`: the role applies on every index. Otherwise the indexes it is limited to.
    pub indexes: Option<Vec<IndexAccess>>,
    /// Surprises a reviewer should know about.
    pub notes: Vec<String>,
}

/// One index of a restricted policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexAccess {
    /// The index as written (JSON text for a non-string).
    pub index: String,
    /// False when the index is not a string or not a possible index name: it never matches.
    pub matches: bool,
    /// Sorted, de-duplicated collections; empty means every collection.
    pub collections: Vec<String>,
}

/// What a whole profile grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileAccess {
    /// One entry per policy Kuzzle keeps.
    pub policies: Vec<PolicyAccess>,
    /// Profile-wide surprises.
    pub notes: Vec<String>,
}

/// True for the values JavaScript treats as false (`null`, `false`, `0`, `""`).
pub fn is_falsy(node: &Node) -> bool {
    match &node.value {
        NodeValue::Null => true,
        NodeValue::Bool(b) => !b,
        NodeValue::Number(n) => n.parse::<f64>().is_ok_and(|f| f == 0.0),
        NodeValue::String(s) => s.is_empty(),
        _ => false,
    }
}

/// The text of a node for listings: strings raw, anything else as compact JSON.
pub fn display(node: &Node) -> String {
    match &node.value {
        NodeValue::String(s) => s.to_string(),
        _ => node.to_value().to_string(),
    }
}

/// Where the lines of the source start, to cite line numbers in notes (`None`: no source).
struct Lines(Option<Vec<usize>>);

impl Lines {
    fn of(text: Option<&str>) -> Lines {
        Lines(text.map(|t| {
            std::iter::once(0)
                .chain(t.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        }))
    }
}

fn line_of(lines: &Lines, span: Span) -> String {
    match &lines.0 {
        Some(starts) => {
            let line = starts.partition_point(|&s| s <= span.start as usize);
            format!(" (line {line})")
        }
        None => String::new(),
    }
}

/// Compute the access of `profile` (the profile object, located at `pointer`). `text` is the
/// source, used to cite line numbers in notes.
pub fn profile_access(profile: &Node, pointer: &str, text: Option<&str>) -> ProfileAccess {
    let mut out = ProfileAccess {
        policies: Vec::new(),
        notes: Vec::new(),
    };
    let Some(policies) = profile.get("policies").and_then(Node::as_array) else {
        out.notes
            .push("`policies` is missing or not an array: Kuzzle rejects this profile".into());
        return out;
    };
    if policies.is_empty() {
        out.notes.push(
            "`policies` is empty: Kuzzle replaces it with a single policy for role `default`"
                .into(),
        );
        out.policies.push(PolicyAccess {
            pointer: format!("{pointer}/policies"),
            role: Some("default".into()),
            indexes: None,
            notes: Vec::new(),
        });
        return out;
    }
    let lines = Lines::of(text);
    for (i, policy) in policies.iter().enumerate() {
        let ptr = format!("{pointer}/policies/{i}");
        let role = policy
            .get("roleId")
            .and_then(Node::as_str)
            .map(str::to_string);
        let mut access = PolicyAccess {
            pointer: ptr,
            role,
            indexes: None,
            notes: Vec::new(),
        };
        if policy.as_object().is_none() {
            access
                .notes
                .push("not an object: Kuzzle rejects this profile".into());
            out.policies.push(access);
            continue;
        }
        match policy.get("restrictedTo") {
            None => {}
            Some(r) if is_falsy(r) => access.notes.push(format!(
                "`restrictedTo: {}` counts as no restriction",
                r.to_value()
            )),
            Some(r) => match r.as_array() {
                None => access
                    .notes
                    .push("`restrictedTo` is not an array: Kuzzle rejects this profile".into()),
                Some(restrictions) => {
                    access.indexes = restrict(restrictions, &lines, &mut access.notes);
                }
            },
        }
        out.policies.push(access);
    }
    out
}

fn restrict(
    restrictions: &[Node],
    text: &Lines,
    notes: &mut Vec<String>,
) -> Option<Vec<IndexAccess>> {
    // (index key, matches, collections, whole-index entries, entries naming collections)
    struct Entry {
        key: String,
        matches: bool,
        collections: Vec<String>,
        whole: Vec<Span>,
        partial: bool,
    }
    let mut entries: Vec<Entry> = Vec::new();
    // (index key, matches) → position in `entries`
    let mut positions: std::collections::HashMap<(String, bool), usize> =
        std::collections::HashMap::new();
    if restrictions.is_empty() {
        notes.push("`restrictedTo: []` is no restriction: the role applies on EVERY index".into());
        return None;
    }
    for r in restrictions {
        let Some(index) = r.get("index") else {
            notes.push(format!(
                "a restriction{} has no `index`: Kuzzle rejects this profile",
                line_of(text, r.span)
            ));
            continue;
        };
        if is_falsy(index) {
            notes.push(format!(
                "`index: {}`{} is dropped (falsy index)",
                index.to_value(),
                line_of(text, index.span)
            ));
            continue;
        }
        let matches = index
            .as_str()
            .is_some_and(|s| super::names::name_problem(s).is_none());
        let key = display(index);
        if !matches {
            notes.push(format!(
                "`index: {}`{} is not a string: it never matches a request",
                index.to_value(),
                line_of(text, index.span)
            ));
        }
        if let Some(problem) = index.as_str().and_then(super::names::name_problem) {
            notes.push(format!(
                "no index can be named `{key}`{}: {problem}; this entry never matches",
                line_of(text, index.span)
            ));
        }
        let named: Vec<String> = r
            .get("collections")
            .and_then(Node::as_array)
            .map(|a| a.iter().map(display).collect())
            .unwrap_or_default();
        let pos = match positions.get(&(key.clone(), matches)) {
            Some(&p) => p,
            None => {
                positions.insert((key.clone(), matches), entries.len());
                entries.push(Entry {
                    key,
                    matches,
                    collections: Vec::new(),
                    whole: Vec::new(),
                    partial: false,
                });
                entries.len() - 1
            }
        };
        let e = &mut entries[pos];
        if named.is_empty() {
            e.whole.push(index.span);
        } else {
            e.partial = true;
            e.collections.extend(named);
        }
    }
    let mut out = Vec::new();
    for mut e in entries {
        e.collections.sort();
        e.collections.dedup();
        if e.partial {
            for span in &e.whole {
                notes.push(format!(
                    "the whole-index entry for `{}`{} is narrowed to the collections of its sibling entries",
                    e.key,
                    line_of(text, *span)
                ));
            }
        }
        out.push(IndexAccess {
            index: e.key,
            matches: e.matches,
            collections: e.collections,
        });
    }
    if out.is_empty() {
        notes.push(
            "every restriction was dropped: the role applies on EVERY index (no restriction)"
                .into(),
        );
        return None;
    }
    Some(out)
}

/// Render `access` for people. With an inventory, whole-index grants list the collections
/// they open, and names the target does not have are marked.
pub fn render_text(
    access: &ProfileAccess,
    inventory: Option<&crate::inventory::Inventory>,
) -> String {
    let known = inventory.and_then(|inv| inv.indexes.as_ref());
    let mut s = String::new();
    for n in &access.notes {
        s.push_str(&format!("warning: {n}\n"));
    }
    for (i, p) in access.policies.iter().enumerate() {
        let role = p.role.as_deref().unwrap_or("<no role id>");
        match &p.indexes {
            None => s.push_str(&format!(
                "policy {i} (role `{role}`): UNRESTRICTED: every index, every collection\n"
            )),
            Some(indexes) => {
                s.push_str(&format!("policy {i} (role `{role}`): restricted to\n"));
                for ix in indexes {
                    let existing = known.and_then(|k| k.get(&ix.index));
                    let cols = match (ix.collections.is_empty(), existing) {
                        (true, Some(all)) if !all.is_empty() => format!(
                            "every collection (today: {})",
                            all.iter().cloned().collect::<Vec<_>>().join(", ")
                        ),
                        (true, _) => "every collection".to_string(),
                        (false, Some(all)) => ix
                            .collections
                            .iter()
                            .map(|c| {
                                if all.contains(c) {
                                    c.clone()
                                } else {
                                    format!("{c} (unknown collection)")
                                }
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                        (false, None) => ix.collections.join(", "),
                    };
                    let never = if ix.matches { "" } else { "  (never matches)" };
                    let unknown = match known {
                        Some(k) if ix.matches && !k.contains_key(&ix.index) => "  (unknown index)",
                        _ => "",
                    };
                    s.push_str(&format!("    {}: {cols}{never}{unknown}\n", ix.index));
                }
            }
        }
        for n in &p.notes {
            s.push_str(&format!("    warning: {n}\n"));
        }
    }
    for (role, grant) in by_role(access) {
        let text = match grant {
            None => "UNRESTRICTED: every index, every collection".to_string(),
            Some(indexes) => indexes
                .iter()
                .map(|i| {
                    if i.collections.is_empty() {
                        format!("{} (every collection)", i.index)
                    } else {
                        format!("{} ({})", i.index, i.collections.join(", "))
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
        };
        s.push_str(&format!(
            "role `{role}` (several policies, granted if any allows): {text}\n"
        ));
    }
    s
}

/// For roles granted by several policies: what they grant together (a request is allowed
/// when any policy allows it, so whole-index grants are NOT narrowed across policies).
/// Only the indexes that can match are listed.
pub fn by_role(access: &ProfileAccess) -> Vec<(String, Option<Vec<IndexAccess>>)> {
    use std::collections::HashMap;
    // The policies of each role, roles in the order they first appear.
    let mut order: Vec<&String> = Vec::new();
    let mut groups: HashMap<&String, Vec<&PolicyAccess>> = HashMap::new();
    for p in &access.policies {
        let Some(role) = &p.role else { continue };
        let group = groups.entry(role).or_default();
        if group.is_empty() {
            order.push(role);
        }
        group.push(p);
    }
    let mut out: Vec<(String, Option<Vec<IndexAccess>>)> = Vec::new();
    for role in order {
        let group = &groups[role];
        if group.len() < 2 {
            continue;
        }
        let mut union: Option<Vec<IndexAccess>> = Some(Vec::new());
        let mut at: HashMap<&str, usize> = HashMap::new();
        for q in group {
            match (&q.indexes, union.as_mut()) {
                (None, _) => union = None,
                (Some(_), None) => {}
                (Some(indexes), Some(acc)) => {
                    for ix in indexes.iter().filter(|i| i.matches) {
                        match at.get(ix.index.as_str()) {
                            None => {
                                at.insert(&ix.index, acc.len());
                                acc.push(ix.clone());
                            }
                            Some(&k)
                                if acc[k].collections.is_empty() || ix.collections.is_empty() =>
                            {
                                acc[k].collections.clear()
                            }
                            Some(&k) => acc[k].collections.extend(ix.collections.iter().cloned()),
                        }
                    }
                }
            }
        }
        for a in union.iter_mut().flatten() {
            a.collections.sort();
            a.collections.dedup();
        }
        out.push((role.clone(), union));
    }
    out
}

/// What every reader of an access listing should know about restrictions.
pub const RESTRICTION_NOTE: &str = "note: restrictions only apply to requests that name an index: \
actions without one (security:*, server:*, auth:*, admin:*) are granted by every policy whose \
role allows them, and a collection-limited policy still allows index-level requests on its index";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Syntax};

    /// The restriction map of each policy as `index:c1,c2` entries; `*` when unrestricted.
    fn map(body: &str) -> Vec<String> {
        let mut diags = Vec::new();
        let doc = parse(body, Syntax::Json, &mut diags);
        let root = doc.root.expect("valid JSON");
        profile_access(&root, "", Some(body))
            .policies
            .iter()
            .map(|p| match &p.indexes {
                None => format!("{}=*", p.role.as_deref().unwrap_or("?")),
                Some(ix) => format!(
                    "{}={}",
                    p.role.as_deref().unwrap_or("?"),
                    ix.iter()
                        .map(|i| format!(
                            "{}:{}{}",
                            i.index,
                            i.collections.join(","),
                            if i.matches { "" } else { "!" }
                        ))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            })
            .collect()
    }

    #[test]
    fn maps_match_what_kuzzle_builds() {
        // The optimized maps Kuzzle 2.56.0 printed for the same inputs.
        let cases = [
            (
                r#"{"policies": [{"roleId": "r1"}, {"roleId": "r2", "restrictedTo": [{"index": "idx"}, {"index": "idx", "collections": ["c1", "c2"]}]}]}"#,
                vec!["r1=*", "r2=idx:c1,c2"],
            ),
            (r#"{"policies": []}"#, vec!["default=*"]),
            (
                r#"{"policies": [{"roleId": "r1", "restrictedTo": []}]}"#,
                vec!["r1=*"],
            ),
            (
                r#"{"policies": [{"roleId": "r1", "restrictedTo": null}]}"#,
                vec!["r1=*"],
            ),
            (
                r#"{"policies": [{"roleId": "r1", "restrictedTo": false}]}"#,
                vec!["r1=*"],
            ),
            (
                r#"{"policies": [{"roleId": "r1", "restrictedTo": [{"index": ""}]}]}"#,
                vec!["r1=*"],
            ),
            (
                r#"{"policies": [{"roleId": "r1", "restrictedTo": [{"index": 0}]}]}"#,
                vec!["r1=*"],
            ),
            (
                r#"{"policies": [{"roleId": "r1", "restrictedTo": [{"index": 42}]}]}"#,
                vec!["r1=42:!"],
            ),
            (
                r#"{"policies": [{"roleId": "r1", "restrictedTo": [{"index": "My Index*"}]}]}"#,
                vec!["r1=My Index*:!"],
            ),
            (
                r#"{"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": []}]}]}"#,
                vec!["r1=idx:"],
            ),
            (
                r#"{"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": null}]}]}"#,
                vec!["r1=idx:"],
            ),
            (
                r#"{"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": ["c2", "c1", "c2"]}]}]}"#,
                vec!["r1=idx:c1,c2"],
            ),
            (
                r#"{"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": ["c1"]}, {"index": "idx", "collections": ["c2"]}]}]}"#,
                vec!["r1=idx:c1,c2"],
            ),
            (
                r#"{"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": ["c1"]}, {"index": "other"}]}]}"#,
                vec!["r1=idx:c1 other:"],
            ),
            (
                r#"{"policies": [{"roleId": "r1", "restrictedTo": [{"index": ""}, {"index": "idx"}]}]}"#,
                vec!["r1=idx:"],
            ),
        ];
        for (body, want) in cases {
            assert_eq!(map(body), want, "{body}");
        }
    }

    #[test]
    fn surprises_are_listed() {
        let body = r#"{"policies": [{"roleId": "r1", "restrictedTo": [{"index": "idx"}, {"index": "idx", "collections": ["c1"]}]}]}"#;
        let mut diags = Vec::new();
        let root = parse(body, Syntax::Json, &mut diags).root.unwrap();
        let text = render_text(&profile_access(&root, "", Some(body)), None);
        assert!(text.contains("idx: c1"), "{text}");
        assert!(text.contains("narrowed"), "{text}");
    }

    #[test]
    fn roles_in_several_policies_are_united() {
        let body = r#"{"policies": [
            {"roleId": "r1", "restrictedTo": [{"index": "idx", "collections": ["c1"]}]},
            {"roleId": "r1", "restrictedTo": [{"index": "idx"}, {"index": "other", "collections": ["b", "a"]}]},
            {"roleId": "r1", "restrictedTo": [{"index": "other", "collections": ["c"]}]},
            {"roleId": "r2", "restrictedTo": [{"index": "idx"}]},
            {"roleId": "r2"}
        ]}"#;
        let mut diags = Vec::new();
        let root = parse(body, Syntax::Json, &mut diags).root.unwrap();
        let access = profile_access(&root, "", Some(body));
        let roles = by_role(&access);
        assert_eq!(roles.len(), 2);
        let r1 = roles[0].1.as_ref().unwrap();
        assert_eq!((r1[0].index.as_str(), r1[0].collections.len()), ("idx", 0));
        assert_eq!(r1[1].collections, ["a", "b", "c"]);
        assert!(roles[1].1.is_none());
        let text = render_text(&access, None);
        assert!(
            text.contains("role `r2` (several policies, granted if any allows): UNRESTRICTED"),
            "{text}"
        );
    }
}
