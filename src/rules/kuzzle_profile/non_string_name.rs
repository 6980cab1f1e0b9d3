//! `kuzzle/non-string-name`: an index or collection that is not a non-empty string never matches.

use super::view::Profile;
use super::view::{item_pointer, member_pointer, CollectionName, IndexName};
use super::ProfilePack;
use crate::core::text::snippet;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports an `index` or a collection that is not a non-empty string: a number, `true`, an
    /// object, an array, or (for collections) `null` or `""`.
    ///
    /// ## Why is this bad?
    /// Kuzzle does not check these types: `{"index": 42}` and `"collections": [1, null]` are
    /// accepted and stored. But Kuzzle compares them with the index and collection of each
    /// request, which are always strings, and `42` never equals `"42"`. The restriction can
    /// never match anything: the policy grants nothing on any index (it still grants the
    /// actions that take no index, such as `security:*`).
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": 2024}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "2024"}]}]}
    /// ```
    pub static NON_STRING_NAME = {
        code: "kuzzle/non-string-name",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "an index or collection that is not a non-empty string never matches",
    }
}

/// `kuzzle/non-string-name` as its pack runs it.
pub struct NonStringName;

impl Rule<ProfilePack> for NonStringName {
    fn meta(&self) -> &'static RuleMeta {
        &NON_STRING_NAME
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        for (rt, r) in profile.restrictions() {
            let rptr = || item_pointer(&rt.pointer(), r.position());
            if matches!(r.name(), IndexName::Other) {
                cx.report(
                    &NON_STRING_NAME,
                    r.index().span(),
                    &member_pointer(&rptr(), "index"),
                    format!(
                        "`index: {}` is accepted but never matches: request indexes are strings",
                        snippet(&r.index().to_value().to_string())
                    ),
                )
                .help = Some(
                    "Kuzzle keeps the value with its type, so this restriction grants nothing on any index; write the index name as a string".into(),
                );
            }
            for c in r.names() {
                if !matches!(c.name, CollectionName::NotAName) {
                    continue;
                }
                cx.report(
                    &NON_STRING_NAME,
                    c.node.span(),
                    &item_pointer(&member_pointer(&rptr(), "collections"), c.position),
                    format!(
                        "collection `{}` is accepted but never matches: request collections are non-empty strings",
                        snippet(&c.node.to_value().to_string())
                    ),
                )
                .help = Some("Kuzzle does not check collection types; write the collection name as a string".into());
            }
        }
    }
}
