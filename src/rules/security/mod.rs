//! Escalation and posture rules (`security/*`): what profiles and users can really do, from
//! the access model ([`crate::access`]). They run on securities files, and on role and
//! profile files checked together (see [`check_project`]).

mod docs;

pub use docs::{ANONYMOUS_TOO_BROAD, CREATE_USER, ESCALATION, RESTRICTION_BYPASS};

use crate::access::escalation::{
    anonymous_may, bypasses_restrictions, is_escalation, ADMIN_ESCALATION, SECURITY_ESCALATION,
};
use crate::access::model::{Origin, Profile};
use crate::access::rights::{self, key_text, Grant, RoleTable, Via};
use crate::access::{load, Builtins, Securities};
use crate::diagnostic::Diagnostic;
use crate::kind::Kind;
use crate::parse::{Node, Syntax};
use crate::rules::{RuleContext, RuleMeta};
use crate::source::Span;
use crate::{Report, Settings};
use std::collections::HashMap;

/// The built-in roles the rules assume: a secured Kuzzle, where `createFirstAdmin` with
/// `reset` has restricted `default` and `anonymous` (on a fresh install they allow
/// everything, and every profile using `default` would be an administrator).
const RULE_BUILTINS: Builtins = Builtins::Reset;

/// Every rule of the family.
pub static RULES: &[&RuleMeta] = &[
    &ANONYMOUS_TOO_BROAD,
    &CREATE_USER,
    &ESCALATION,
    &RESTRICTION_BYPASS,
];

/// One finding, before it is placed in a file.
struct Finding {
    rule: &'static RuleMeta,
    /// Input file index and span.
    file: usize,
    span: Span,
    pointer: String,
    message: String,
    help: String,
}

/// Where a grant is best shown: the policy's `roleId` when the profile is in an input,
/// else the role's entry that grants it.
fn locate(
    s: &Securities,
    roots: &[Option<&Node>],
    profile: &Profile,
    via: &Via,
    key: &(String, String),
) -> Option<(usize, Span, String)> {
    if let Origin::File { file, .. } = &profile.origin {
        let policy = profile.policies.get(via.policy)?;
        let root = roots.get(*file).copied().flatten()?;
        let ptr = format!("{}/roleId", policy.pointer);
        let span = root.pointer(&ptr).map(|l| l.node.span).or(policy.span)?;
        return Some((*file, span, ptr));
    }
    let role = s.roles.get(&via.role)?;
    if let Origin::File {
        file,
        pointer,
        span,
    } = &role.origin
    {
        let at = role.answer(&key.0, &key.1).span.unwrap_or(*span);
        return Some((*file, at, pointer.clone()));
    }
    None
}

/// `user `u` → profile `p` → policy 0 → role `r` → `entry`` (the first user of the inputs
/// holding the profile, if any).
fn path(holders: &Holders<'_>, via: &Via) -> String {
    let user = holders
        .get(via.profile.as_str())
        .map(|u| format!("user `{u}` → "))
        .unwrap_or_default();
    format!("{user}{}", profile_path(via))
}

/// Profile id → the first user (by id) holding it.
type Holders<'a> = HashMap<&'a str, &'a str>;

fn holders(s: &Securities) -> Holders<'_> {
    let mut out = HashMap::new();
    for u in s.users.values() {
        for p in &u.profile_ids {
            out.entry(p.as_str()).or_insert(u.id.as_str());
        }
    }
    out
}

/// `profile `p` → policy 0 → role `r` → `entry``.
fn profile_path(via: &Via) -> String {
    format!(
        "profile `{}` → policy {} → role `{}` → `{}`",
        via.profile, via.policy, via.role, via.entry
    )
}

fn list(keys: &[&(String, String)]) -> String {
    const SHOWN: usize = 6;
    let mut names: Vec<String> = keys
        .iter()
        .take(SHOWN)
        .map(|(c, a)| key_text(c, a))
        .collect();
    if keys.len() > SHOWN {
        names.push(format!("and {} more", keys.len() - SHOWN));
    }
    names.join(", ")
}

/// Run the family's analysis on `s` for the profiles `in_scope` accepts.
fn analyse(
    s: &Securities,
    roots: &[Option<&Node>],
    in_scope: impl Fn(&Profile) -> bool,
    anonymous_in_scope: bool,
) -> Vec<Finding> {
    // Escalation needs only its own actions: a small table over every role keeps a 10 MB
    // securities file fast.
    let escalation_keys: Vec<(String, String)> = SECURITY_ESCALATION
        .iter()
        .map(|a| ("security".to_string(), (*a).to_string()))
        .chain(
            ADMIN_ESCALATION
                .iter()
                .map(|a| ("admin".to_string(), (*a).to_string())),
        )
        .collect();
    let table = RoleTable::new(s, &escalation_keys);
    let holders = holders(s);
    let mut out = Vec::new();
    for profile in s.profiles.values().filter(|p| in_scope(p)) {
        if profile.id != "admin" && profile.id != "anonymous" {
            let r = rights::rights_of_profiles(s, &table, std::slice::from_ref(&profile.id));
            escalation(s, roots, &holders, profile, &r, &mut out);
        }
        bypass(s, roots, &holders, profile, &mut out);
    }
    if anonymous_in_scope {
        if let Some(profile) = s.profiles.get("anonymous") {
            // Every action, for the roles of the anonymous profile only.
            let keys = rights::universe([s]);
            let roles = profile.policies.iter().filter_map(|p| p.role_id.as_deref());
            let table = RoleTable::for_roles(s, &keys, roles);
            let r = rights::rights_of_profiles(s, &table, std::slice::from_ref(&profile.id));
            anonymous(s, roots, profile, &r, &mut out);
        }
    }
    out
}

fn escalation(
    s: &Securities,
    roots: &[Option<&Node>],
    holders: &Holders<'_>,
    profile: &Profile,
    r: &rights::Rights,
    out: &mut Vec<Finding>,
) {
    let esc: Vec<(&(String, String), &Grant)> = r
        .iter()
        .filter(|(k, _)| is_escalation(&k.0, &k.1))
        .collect();
    let others: Vec<_> = esc
        .iter()
        .filter(|(k, _)| !(k.0 == "security" && k.1 == "createUser"))
        .collect();
    if let Some((key, grant)) = others.first() {
        let via = &grant.via[0];
        let Some((file, span, pointer)) = locate(s, roots, profile, via, key) else {
            return;
        };
        let keys: Vec<&(String, String)> = others.iter().map(|(k, _)| *k).collect();
        out.push(Finding {
            rule: &ESCALATION,
            file,
            span,
            pointer,
            message: format!(
                "profile `{}` may change who can do what: {} ({})",
                profile.id,
                list(&keys),
                path(holders, via)
            ),
            help: "whoever holds this profile can give itself any right (e.g. add `admin` to its own profile or user): grant these actions only to `admin`, or keep them in a profile held by administrators only".into(),
        });
    } else if let Some((key, grant)) = esc.first() {
        let via = &grant.via[0];
        let Some((file, span, pointer)) = locate(s, roots, profile, via, key) else {
            return;
        };
        out.push(Finding {
            rule: &CREATE_USER,
            file,
            span,
            pointer,
            message: format!(
                "profile `{}` may call security:createUser, which creates users with any profile, `admin` included ({})",
                profile.id,
                path(holders, via)
            ),
            help: "grant `security:createRestrictedUser` instead: it creates users with Kuzzle's default profiles only (`security.restrictedProfileIds`)".into(),
        });
    }
}

fn bypass(
    s: &Securities,
    roots: &[Option<&Node>],
    holders: &Holders<'_>,
    profile: &Profile,
    out: &mut Vec<Finding>,
) {
    for (i, policy) in profile.policies.iter().enumerate() {
        let (Some(restriction), Some(role_id)) = (&policy.restriction, &policy.role_id) else {
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
            role: role_id.clone(),
            entry: format!(
                "{}:{}",
                answer.controller.unwrap_or_default(),
                answer.action.unwrap_or_default()
            ),
        };
        let Some((file, span, pointer)) = locate(s, roots, profile, &via, first) else {
            continue;
        };
        let indexes: Vec<&str> = restriction.indexes.keys().map(|k| k.text()).collect();
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
                path(holders, &via)
            ),
            help: "restrictions only apply to requests with an `index` argument: give the restricted policy a role without these actions".into(),
        });
    }
}

fn anonymous(
    s: &Securities,
    roots: &[Option<&Node>],
    profile: &Profile,
    r: &rights::Rights,
    out: &mut Vec<Finding>,
) {
    let extra: Vec<(&(String, String), &Grant)> = r
        .iter()
        .filter(|(k, _)| !anonymous_may(&k.0, &k.1))
        .collect();
    let Some((key, grant)) = extra.first() else {
        return;
    };
    let via = &grant.via[0];
    // Show it where the inputs grant it (the anonymous profile, else the role's entry).
    let Some((file, span, pointer)) = locate(s, roots, profile, via, key) else {
        return;
    };
    let keys: Vec<&(String, String)> = extra.iter().map(|(k, _)| *k).collect();
    out.push(Finding {
        rule: &ANONYMOUS_TOO_BROAD,
        file,
        span,
        pointer,
        message: format!(
            "the anonymous user (no token) may call {} (user `-1` → {})",
            list(&keys),
            profile_path(via)
        ),
        help: "the anonymous role should allow only logging in and reading server information (auth:login, checkToken, getCurrentUser, getMyRights, getStrategies; server:info, publicApi, openapi, now, healthCheck, capabilities): grant the rest to a profile of logged-in users".into(),
    });
}

/// Run the family on a securities file.
pub fn check(cx: &mut RuleContext<'_>) {
    if !RULES.iter().any(|r| cx.enabled(r)) {
        return;
    }
    let mut s = Securities::builtin(RULE_BUILTINS);
    if load::add_file(&mut s, cx.source.name(), cx.root).is_err() {
        return;
    }
    let defines_anonymous = s
        .roles
        .get("anonymous")
        .is_some_and(|r| r.origin != Origin::Builtin)
        || s.profiles
            .get("anonymous")
            .is_some_and(|p| p.origin != Origin::Builtin);
    let roots = [Some(cx.root)];
    let findings = analyse(
        &s,
        &roots,
        |p| p.origin != Origin::Builtin,
        defines_anonymous,
    );
    for f in findings {
        if !cx.enabled(f.rule) {
            continue;
        }
        let d = cx.report(f.rule, f.span, &f.pointer, f.message);
        d.help = Some(f.help.into());
    }
}

/// Role and profile files checked in the same run: the profiles' findings, with roles from
/// any of the files (a role or profile file's id is its file name).
pub fn check_project(reports: &mut [Report], settings: &Settings) {
    if !RULES.iter().any(|r| settings.severity_of(r).is_some()) {
        return;
    }
    let files: Vec<usize> = reports
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.kind, Some(Kind::KuzzleRole | Kind::KuzzleProfile)))
        .map(|(i, _)| i)
        .collect();
    if !files
        .iter()
        .any(|i| reports[*i].kind == Some(Kind::KuzzleProfile))
    {
        return;
    }
    let mut trees = Vec::new();
    for &i in &files {
        let mut diagnostics = Vec::new();
        let name = reports[i].source.name();
        let document = crate::parse::parse(
            reports[i].source.text(),
            Syntax::for_path(name),
            &mut diagnostics,
        );
        trees.push(document.root);
    }
    let mut s = Securities::builtin(RULE_BUILTINS);
    let mut defines_anonymous = false;
    for (k, &i) in files.iter().enumerate() {
        let name = reports[i].source.name().to_string();
        match &trees[k] {
            Some(root) => {
                if load::add_file(&mut s, &name, root).is_ok()
                    && load::id_from_name(&name) == "anonymous"
                {
                    defines_anonymous = true;
                }
            }
            None => s.files.push(name),
        }
    }
    let roots: Vec<Option<&Node>> = trees.iter().map(Option::as_ref).collect();
    let findings = analyse(
        &s,
        &roots,
        |p| {
            matches!(&p.origin, Origin::File { file, .. }
                if reports[files[*file]].kind == Some(Kind::KuzzleProfile))
        },
        defines_anonymous,
    );
    for f in findings {
        let Some(severity) = settings.severity_of(f.rule) else {
            continue;
        };
        let report = &mut reports[files[f.file]];
        let d = Diagnostic::new(f.rule, f.message)
            .with_span(f.span)
            .with_pointer(f.pointer)
            .with_help(f.help)
            .with_severity(severity);
        report.diagnostics.push(d);
        report.diagnostics.sort_by_key(|d| {
            (
                d.span.map(|s| (s.start, s.end)).unwrap_or((0, 0)),
                d.meta.code,
            )
        });
    }
}
