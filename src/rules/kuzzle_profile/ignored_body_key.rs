//! `kuzzle/ignored-body-key`: `_id`, `_kuzzle_info` or `optimizedPolicies` in a body is dropped.

use super::view::Profile;
use super::ProfilePack;
use crate::core::edit::Fix;
use crate::core::pointer::pointer_join;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::remove::{remove, Layout};
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports `_id`, `_kuzzle_info` or `optimizedPolicies` in a profile body.
    ///
    /// ## Why is this bad?
    /// Kuzzle overwrites `_id` with the id of the request and `_kuzzle_info` with its own
    /// metadata, and drops `optimizedPolicies`. A body copied from a `getProfile` answer or an
    /// export keeps them, and a reader may believe they change something (an `_id` naming
    /// another profile does not rename anything).
    ///
    /// ## Example
    /// ```json
    /// {"_id": "editor", "policies": [{"roleId": "editor"}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor"}]}
    /// ```
    ///
    /// ## Fix
    /// Removing the key is safe: Kuzzle ignores it anyway.
    pub static IGNORED_BODY_KEY = {
        code: "kuzzle/ignored-body-key",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "`_id`, `_kuzzle_info` or `optimizedPolicies` in a body is dropped",
    }
}

/// `kuzzle/ignored-body-key` as its pack runs it.
pub struct IgnoredBodyKey;

impl Rule<ProfilePack> for IgnoredBodyKey {
    fn meta(&self) -> &'static RuleMeta {
        &IGNORED_BODY_KEY
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        for (i, m) in profile.members.iter().enumerate() {
            let what = match m.key() {
                "_id" => "Kuzzle replaces `_id` with the id of the request",
                "_kuzzle_info" => "Kuzzle replaces `_kuzzle_info` with its own metadata",
                "optimizedPolicies" => {
                    "Kuzzle drops `optimizedPolicies` and recomputes it from `policies`"
                }
                _ => continue,
            };
            let fix = remove(Layout::of(cx.source, cx.document), profile.node, i)
                .map(|e| Fix::safe(e, format!("remove `{}`", m.key())));
            let d = cx.report(
                &IGNORED_BODY_KEY,
                m.key_span(),
                &pointer_join(profile.pointer, m.key()),
                format!("`{}` in a profile body is ignored", m.key()),
            );
            d.help = Some(format!("{what}; remove the key").into());
            d.fix = fix.map(Box::new);
        }
    }
}
