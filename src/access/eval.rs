//! The verdict on one request, with the reasons Kuzzle's code has for it.

use super::model::{Profile, Request, RoleAnswer};
use super::securities::Securities;
use serde::Serialize;

/// Who asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    /// A user by kuid (`-1`/`anonymous`: the anonymous user).
    User(&'a str),
    /// A profile by id (as a user whose only profile it is).
    Profile(&'a str),
}

/// The subject is not known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown(pub String);

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How one policy answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyVerdict {
    /// Position of the policy in its profile.
    pub policy: usize,
    /// JSON Pointer of the policy in its file (empty for built-ins).
    pub pointer: String,
    /// The role id.
    pub role: Option<String>,
    /// False when no role has that id (Kuzzle refuses such a profile).
    pub role_found: bool,
    /// Whether the role allows the action.
    pub role_allows: bool,
    /// The controller entry of the role that answered.
    pub controller_entry: Option<String>,
    /// The action entry that answered.
    pub action_entry: Option<String>,
    /// Whether the policy's restrictions let the request through.
    pub restrictions_allow: bool,
    /// Whether the policy is restricted at all.
    pub restricted: bool,
}

/// How one profile answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileVerdict {
    /// The profile id.
    pub id: String,
    /// False when no profile has that id.
    pub found: bool,
    /// Whether this profile allows the request.
    pub allowed: bool,
    /// Its policies.
    pub policies: Vec<PolicyVerdict>,
}

/// Kuzzle's verdict on a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Whether Kuzzle allows it.
    pub allowed: bool,
    /// Why, in one sentence.
    pub reason: String,
    /// Every profile of the subject, with every policy.
    pub profiles: Vec<ProfileVerdict>,
}

fn policy_verdicts(s: &Securities, profile: &Profile, request: &Request) -> Vec<PolicyVerdict> {
    profile
        .policies()
        .enumerate()
        .map(|(i, p)| {
            let role = p.role_id.and_then(|id| s.roles.get(id));
            let answer = role.map_or(
                RoleAnswer {
                    allowed: false,
                    controller: None,
                    action: None,
                    span: None,
                },
                |r| r.answer(&request.controller, &request.action),
            );
            let restrictions_allow = p
                .restriction
                .is_none_or(|r| r.allows(request.index.as_deref(), request.collection.as_deref()));
            PolicyVerdict {
                policy: i,
                pointer: profile.policy_pointer(&p),
                role: p.role_id.map(str::to_string),
                role_found: role.is_some(),
                role_allows: answer.allowed,
                controller_entry: answer.controller,
                action_entry: answer.action,
                restrictions_allow,
                restricted: p.restriction.is_some(),
            }
        })
        .collect()
}

/// The profile ids of a subject.
pub fn profile_ids(s: &Securities, subject: Subject<'_>) -> Result<Vec<String>, Unknown> {
    match subject {
        Subject::User(kuid) => s
            .user(kuid)
            .map(|u| u.profile_ids)
            .ok_or_else(|| Unknown(format!("no user `{kuid}` in the inputs"))),
        Subject::Profile(id) => {
            if s.profiles.contains_key(id) {
                Ok(vec![id.to_string()])
            } else {
                Err(Unknown(format!("no profile `{id}` in the inputs")))
            }
        }
    }
}

/// `User.isActionAllowed` for `subject`, with every profile's and policy's answer.
pub fn evaluate(
    s: &Securities,
    subject: Subject<'_>,
    request: &Request,
) -> Result<Verdict, Unknown> {
    let ids = profile_ids(s, subject)?;
    let mut profiles = Vec::new();
    for id in &ids {
        match s.profiles.get(id) {
            None => profiles.push(ProfileVerdict {
                id: id.clone(),
                found: false,
                allowed: false,
                policies: Vec::new(),
            }),
            Some(p) => {
                let policies = policy_verdicts(s, p, request);
                let allowed = policies
                    .iter()
                    .any(|v| v.role_allows && v.restrictions_allow);
                profiles.push(ProfileVerdict {
                    id: id.clone(),
                    found: true,
                    allowed,
                    policies,
                });
            }
        }
    }
    let allowed = if ids.is_empty() {
        false
    } else if request.targets.is_empty() {
        profiles.iter().any(|p| p.allowed)
    } else {
        targets_allowed(s, &ids, request)
    };
    let reason = reason(allowed, &profiles, request, ids.is_empty());
    Ok(Verdict {
        allowed,
        reason,
        profiles,
    })
}

/// `User.areTargetsAllowed`: every target with an index and collections must be allowed by
/// a policy (of any profile) whose role allows the action; a `*` in a target denies.
fn targets_allowed(s: &Securities, ids: &[String], request: &Request) -> bool {
    let policies: Vec<_> = ids
        .iter()
        .filter_map(|id| s.profiles.get(id))
        .flat_map(|p| p.policies())
        .filter(|p| {
            p.role_id
                .and_then(|id| s.roles.get(id))
                .is_some_and(|r| r.allows(&request.controller, &request.action))
        })
        .collect();
    for t in &request.targets {
        let (Some(index), Some(collections)) = (t.index.as_deref(), t.collections.as_ref()) else {
            continue;
        };
        if index.is_empty() {
            continue;
        }
        if index.contains('*') {
            return false;
        }
        for c in collections {
            if c.contains('*') {
                return false;
            }
            let ok = policies
                .iter()
                .any(|p| p.restriction.is_none_or(|r| r.allows(Some(index), Some(c))));
            if !ok {
                return false;
            }
        }
    }
    true
}

fn reason(allowed: bool, profiles: &[ProfileVerdict], request: &Request, none: bool) -> String {
    let what = format!("{}:{}", request.controller, request.action);
    if none {
        return "the user has no profile".into();
    }
    if !request.targets.is_empty() {
        return if allowed {
            format!("every target of {what} is allowed by a policy whose role allows it")
        } else {
            format!("a target of {what} is not allowed by any policy whose role allows it (or uses `*`)")
        };
    }
    if allowed {
        for p in profiles {
            if let Some(v) = p
                .policies
                .iter()
                .find(|v| v.role_allows && v.restrictions_allow)
            {
                let entry = format!(
                    "{}:{}",
                    v.controller_entry.as_deref().unwrap_or("?"),
                    v.action_entry.as_deref().unwrap_or("?")
                );
                let scope = if !v.restricted {
                    "the policy is not restricted".to_string()
                } else if request.index.as_deref().is_none_or(str::is_empty) {
                    "the request names no index, so the policy's restrictions do not apply".into()
                } else {
                    "the request's index and collection are within the policy's restrictions".into()
                };
                return format!(
                    "profile `{}`, policy {} (role `{}`) allows it: the role's entry `{entry}` is true, and {scope}",
                    p.id,
                    v.policy,
                    v.role.as_deref().unwrap_or("?")
                );
            }
        }
        return "allowed".into();
    }
    let mut why = Vec::new();
    for p in profiles {
        if !p.found {
            why.push(format!("profile `{}` does not exist", p.id));
            continue;
        }
        for v in &p.policies {
            let role = v.role.as_deref().unwrap_or("?");
            let text = if !v.role_found {
                format!("role `{role}` does not exist")
            } else if !v.role_allows {
                match (&v.controller_entry, &v.action_entry) {
                    (None, _) => format!(
                        "role `{role}` has no entry for controller `{}` (nor `*`)",
                        request.controller
                    ),
                    (Some(c), None) => format!(
                        "role `{role}`'s controller entry `{c}` has no entry for action `{}` (nor `*`)",
                        request.action
                    ),
                    (Some(c), Some(a)) => {
                        format!("role `{role}`'s entry `{c}:{a}` is not true")
                    }
                }
            } else {
                format!(
                    "role `{role}` allows it but the policy is restricted to other indexes or collections"
                )
            };
            why.push(format!("profile `{}`, policy {}: {text}", p.id, v.policy));
        }
    }
    if why.is_empty() {
        format!("no policy allows {what}")
    } else {
        format!("no policy allows {what}: {}", why.join("; "))
    }
}
