//! Rules for `kuzzle-profile` bodies (and the profiles of securities files).
//!
//! Facts: Kuzzle 2.56.0, `security:createOrReplaceProfile`. Kuzzle checks little: policy
//! and restriction keys, a few types, and (with `strict`) that indexes exist. Most mistakes
//! are accepted and silently change what the profile grants; these rules say what really
//! happens.

pub mod access;
pub mod names;
mod refine;
mod request_rules;
mod rules;

pub use refine::refine_profile_schema;
pub use request_rules::*;
pub use rules::*;

use crate::diagnostic::Diagnostic;
use crate::parse::Node;
use crate::rules::{RuleContext, RuleMeta};

/// The rules of this pack, sorted by code.
pub static RULES: &[&RuleMeta] = &[
    &ANONYMOUS_ROLE_MISSING,
    &CREATE_BUILTIN,
    &DUPLICATE_COLLECTION,
    &DUPLICATE_RESTRICTION,
    &DUPLICATE_ROLE,
    &EMPTY_COLLECTIONS,
    &EMPTY_POLICIES,
    &EMPTY_RESTRICTED_TO,
    &FALSY_INDEX,
    &FALSY_RESTRICTED_TO,
    &FLAG_NOT_BOOLEAN,
    &FLAG_VALUE,
    &FORCE_ON_PROFILE,
    &IGNORED_BODY_KEY,
    &INVALID_ID,
    &INVALID_NAME,
    &MISSING_BODY,
    &NARROWED_WHOLE_INDEX,
    &NON_STRING_NAME,
    &NULL_RATE_LIMIT,
    &REFRESH_VALUE,
    &RESERVED_ROLE_ID,
    &ROUTING_KEY,
    &UNKNOWN_COLLECTION,
    &UNKNOWN_INDEX,
    &UNKNOWN_PROFILE_KEY,
    &UNKNOWN_ROLE,
];

/// Sharpen schema findings on a profile body (name Kuzzle's own error id).
pub(crate) fn refine_schema(root: &Node, diagnostics: &mut [Diagnostic]) {
    refine_profile_schema(root, "", diagnostics);
}

/// Run the rules on a whole profile body.
pub(crate) fn check(cx: &mut RuleContext<'_>) {
    let (id, action) = match cx.request {
        Some(r) => (r.name.clone(), r.action.clone()),
        None => (None, String::new()),
    };
    if action == "updateProfile" {
        // updateProfile merges the body over the stored profile: `policies` may be omitted.
        cx.retain_diagnostics(|d| !(d.code() == "schema/required" && d.pointer == "/policies"));
    }
    let root = cx.root;
    check_profile(cx, root, "", id.as_deref());
}

/// Run every profile rule on the profile object `profile`, located at JSON Pointer `pointer`
/// (`""` for a profile body, `/profiles/<id>` in a securities file). `profile_id` is the
/// profile's id when known (request `_id`, securities key).
pub(crate) fn check_profile(
    cx: &mut RuleContext<'_>,
    profile: &Node,
    pointer: &str,
    profile_id: Option<&str>,
) {
    rules::run(cx, profile, pointer, profile_id);
}

#[cfg(test)]
mod tests {
    use crate::{Checker, Kind};

    /// Apply every safe fix, then check again: the text must stay valid JSON and the
    /// findings the fixes addressed must be gone.
    fn fixed(text: &str) -> String {
        let checker = Checker::new();
        let mut out = text.to_string();
        // Overlapping fixes are left for the next round.
        for round in 0..5 {
            let report = checker.check(Kind::KuzzleProfile, &out);
            let fixes: Vec<&crate::core::edit::Fix> = report
                .diagnostics
                .iter()
                .filter_map(|d| d.fix.as_deref())
                .collect();
            if fixes.is_empty() {
                assert!(round > 0, "no fix offered for {text}");
                break;
            }
            out = crate::core::edit::apply(&out, fixes).0;
        }
        let again = checker.check(Kind::KuzzleProfile, &out);
        assert!(again.is_clean(), "{out}: {:?}", again.diagnostics);
        out
    }

    #[test]
    fn safe_fixes_keep_valid_json() {
        assert_eq!(
            fixed(
                r#"{"policies": [{"roleId": "e", "restrictedTo": [{"index": "shop", "collections": ["a", "b", "a"]}]}]}"#
            ),
            r#"{"policies": [{"roleId": "e", "restrictedTo": [{"index": "shop", "collections": ["a", "b"]}]}]}"#
        );
        assert_eq!(
            fixed("{\"policies\": [{\"roleId\": \"e\", \"restrictedTo\": [\n  {\"index\": \"shop\"},\n  {\"index\": \"shop\"},\n  {\"index\": \"blog\"}\n]}]}"),
            "{\"policies\": [{\"roleId\": \"e\", \"restrictedTo\": [\n  {\"index\": \"shop\"},\n  {\"index\": \"blog\"}\n]}]}"
        );
        assert_eq!(
            fixed("{\n  \"_id\": \"x\",\n  \"policies\": [{\"roleId\": \"e\"}],\n  \"optimizedPolicies\": []\n}"),
            "{\n  \"policies\": [{\"roleId\": \"e\"}]\n}"
        );
        assert_eq!(
            fixed(
                r#"{"policies": [{"roleId": "e", "restrictedTo": [{"index": "shop", "collections": ["a", "a", "a"]}]}]}"#
            ),
            r#"{"policies": [{"roleId": "e", "restrictedTo": [{"index": "shop", "collections": ["a"]}]}]}"#
        );
    }
}
