//! `security/restriction-bypass`: a restricted policy whose role reaches every index.

use super::{list, path};
use super::{locate, Analysis, Finding, SecurityRule};
use crate::access::escalation::bypasses_restrictions;
use crate::access::rights::Via;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a policy restricted to some indexes (`restrictedTo`) whose role allows an
    /// action that names no index but lists or changes every index: `index:list`,
    /// `admin:loadFixtures`, `admin:loadMappings`, `admin:resetDatabase`. The finding names
    /// the path: user → profile → policy → role → the role's entry.
    ///
    /// ## Why is this bad?
    /// Kuzzle applies a policy's restrictions only to requests that carry an `index`
    /// argument (`Role.checkRestrictions`: `if (!index) return true`). `index:list` carries
    /// none and lists every index, the names the restriction was meant to hide (kuzzle#1942);
    /// `admin:loadFixtures` and `admin:loadMappings` take the indexes from their body and
    /// write into any of them; `admin:resetDatabase` deletes every index. Actions that
    /// change who can do what are reported by `security/escalation`; whole controllers with
    /// no index (`security`, `admin`, `ms`, `*`) by `kuzzle/restricted-index-less-role`.
    ///
    /// ## Example
    /// ```json
    /// {"roles": {"shop": {"controllers": {"document": {"actions": {"*": true}}, "index": {"actions": {"list": true}}}}},
    ///  "profiles": {"shop": {"policies": [{"roleId": "shop", "restrictedTo": [{"index": "shop"}]}]}}}
    /// ```
    /// Use instead: a role without `index:list` for the restricted policy (the client knows
    /// its index).
    pub static RESTRICTION_BYPASS = {
        code: "security/restriction-bypass",
        kinds: [Kind::KuzzleSecurities, Kind::KuzzleProfile],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a restricted policy's role lists or changes every index",
    }
}

/// `security/restriction-bypass` as its pack runs it.
pub struct RestrictionBypass;

impl SecurityRule for RestrictionBypass {
    fn meta(&self) -> &'static RuleMeta {
        &RESTRICTION_BYPASS
    }
    fn find(&self, a: &Analysis<'_>, out: &mut Vec<Finding>) {
        let s = a.s;
        for p in &a.profiles {
            let profile = p.profile;
            for (i, policy) in profile.policies().enumerate() {
                let (Some(restriction), Some(role_id)) = (policy.restriction, policy.role_id)
                else {
                    continue;
                };
                let Some(role) = s.roles.get(role_id) else {
                    continue;
                };
                let keys: Vec<(String, String)> = [
                    ("index", "list"),
                    ("admin", "loadFixtures"),
                    ("admin", "loadMappings"),
                    ("admin", "resetDatabase"),
                ]
                .iter()
                .filter(|(c, a)| bypasses_restrictions(c, a) && role.allows(c, a))
                .map(|(c, a)| ((*c).to_string(), (*a).to_string()))
                .collect();
                let Some(first) = keys.first() else { continue };
                let answer = role.answer(&first.0, &first.1);
                let via = Via {
                    profile: profile.id.clone(),
                    policy: i,
                    role: role_id.to_string(),
                    entry: format!(
                        "{}:{}",
                        answer.controller.unwrap_or_default(),
                        answer.action.unwrap_or_default()
                    ),
                };
                let Some((file, span, pointer)) = locate(s, a.roots, profile, &via, first) else {
                    continue;
                };
                let indexes: Vec<&str> =
                    restriction.indexes.iter().map(|(k, _)| k.text()).collect();
                let refs: Vec<&(String, String)> = keys.iter().collect();
                out.push(Finding {
                    rule: &RESTRICTION_BYPASS,
                    file,
                    span,
                    pointer,
                    message: format!(
                        "policy {i} of profile `{}` is restricted to {}, but its role allows {}, which name no index and reach every index ({})",
                        profile.id,
                        indexes.join(", "),
                        list(&refs),
                        path(&a.holders, &via)
                    ),
                    help: "restrictions only apply to requests with an `index` argument: give the restricted policy a role without these actions".into(),
                });
            }
        }
    }
}
