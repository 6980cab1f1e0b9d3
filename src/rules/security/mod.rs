//! Escalation and posture rules (`security/*`): what profiles and users can really do, from
//! the access model ([`crate::unstable::access`]). They run on securities files, and on role and
//! profile files checked together (see [`check_project`]).
//!
//! One rule per file. The analysis (the access model of the inputs, the rights of each
//! profile in scope) is built once; each rule that is on turns it into findings, placed
//! in the file they are about.

mod anonymous_too_broad;
mod create_user;
mod escalation;
mod restriction_bypass;

pub use anonymous_too_broad::ANONYMOUS_TOO_BROAD;
pub use create_user::CREATE_USER;
pub use escalation::ESCALATION;
pub use restriction_bypass::RESTRICTION_BYPASS;

use crate::access::escalation::{is_escalation, ADMIN_ESCALATION, SECURITY_ESCALATION};
use crate::access::model::{Origin, Profile};
use crate::access::rights::{self, key_text, Grant, RoleTable, Via};
use crate::access::{load, Builtins, Securities};
use crate::core::diagnostic::Diagnostic;
use crate::core::source::Span;
use crate::core::Kind;
use crate::parse::{Node, Syntax, Tree};
use crate::rules::{RuleContext, RuleMeta};
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

/// The rules as the family runs them, sorted by code (one line per rule file).
static PACK_RULES: &[&dyn SecurityRule] = &[
    &anonymous_too_broad::AnonymousTooBroad,
    &create_user::CreateUser,
    &escalation::Escalation,
    &restriction_bypass::RestrictionBypass,
];

/// One rule of the family: its findings over the [`Analysis`] of the inputs, which may span
/// several files (so they are placed afterwards, in the file they are about).
trait SecurityRule: Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Push the rule's findings (only called when the rule is on).
    fn find(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>);
}

/// What the rules look at, computed once per run of the family.
struct Analysis<'a> {
    /// The access model of the inputs.
    s: &'a Securities,
    /// The parsed inputs, by file index.
    roots: &'a [Option<Node<'a>>],
    /// Profile id → the first user holding it.
    holders: Holders<'a>,
    /// The profiles the rules report on.
    profiles: Vec<Scoped<'a>>,
    /// The anonymous profile and its rights, when the inputs define it.
    anonymous: Option<(&'a Profile, &'a rights::Rights)>,
}

/// A profile the rules report on.
struct Scoped<'a> {
    profile: &'a Profile,
    /// Its escalating grants (none for `admin` and `anonymous`), in key order.
    escalation: Vec<(&'a (String, String), &'a Grant)>,
}

/// `security:createUser`, which alone is `security/create-user`.
fn is_create_user(key: &(String, String)) -> bool {
    key.0 == "security" && key.1 == "createUser"
}

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
    roots: &[Option<Node<'_>>],
    profile: &Profile,
    via: &Via,
    key: &(String, String),
) -> Option<(usize, Span, String)> {
    if let Origin::File { file, .. } = &profile.origin {
        let policy = profile.policy(via.policy)?;
        let root = roots.get(*file).copied().flatten()?;
        let ptr = format!("{}/roleId", profile.policy_pointer(&policy));
        let span = root.pointer(&ptr).map(|l| l.node.span()).or(policy.span)?;
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
        return Some((*file, at, pointer.to_string()));
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
type Holders<'a> = HashMap<&'a str, &'a str, foldhash::fast::RandomState>;

fn holders(s: &Securities) -> Holders<'_> {
    let mut out = Holders::default();
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

/// Build the [`Analysis`] of `s` for the profiles `in_scope` accepts, then run each rule `on`
/// accepts.
fn analyse(
    s: &Securities,
    roots: &[Option<Node<'_>>],
    in_scope: impl Fn(&Profile) -> bool,
    anonymous_in_scope: bool,
    on: impl Fn(&RuleMeta) -> bool,
) -> Vec<Finding> {
    // Escalation needs only its own actions, and only for the roles of the profiles analysed:
    // a small table keeps a 10 MB securities file fast, and a file of many roles that no
    // profile names builds none.
    let escalation_keys: Vec<(String, String)> = SECURITY_ESCALATION
        .iter()
        .map(|a| ("security".to_string(), (*a).to_string()))
        .chain(
            ADMIN_ESCALATION
                .iter()
                .map(|a| ("admin".to_string(), (*a).to_string())),
        )
        .collect();
    let scoped: Vec<&Profile> = s.profiles.values().filter(|p| in_scope(p)).collect();
    let granting = |p: &Profile| p.id != "admin" && p.id != "anonymous";
    let roles = scoped
        .iter()
        .filter(|p| granting(p))
        .flat_map(|p| p.policies().filter_map(|q| q.role_id));
    let table = RoleTable::for_roles(s, &escalation_keys, roles);
    let granted: Vec<Option<rights::Rights>> = scoped
        .iter()
        .map(|p| {
            granting(p).then(|| rights::rights_of_profiles(s, &table, std::slice::from_ref(&p.id)))
        })
        .collect();
    let anonymous = anonymous_in_scope
        .then(|| s.profiles.get("anonymous"))
        .flatten()
        .map(|profile| {
            // Every action, for the roles of the anonymous profile only.
            let keys = rights::universe([s]);
            let roles = profile.policies().filter_map(|p| p.role_id);
            let table = RoleTable::for_roles(s, &keys, roles);
            let r = rights::rights_of_profiles(s, &table, std::slice::from_ref(&profile.id));
            (profile, r)
        });
    let analysis = Analysis {
        s,
        roots,
        holders: holders(s),
        profiles: scoped
            .iter()
            .zip(&granted)
            .map(|(profile, r)| Scoped {
                profile,
                escalation: r
                    .iter()
                    .flat_map(|r| r.iter())
                    .filter(|(k, _)| is_escalation(&k.0, &k.1))
                    .collect(),
            })
            .collect(),
        anonymous: anonymous.as_ref().map(|(p, r)| (*p, r)),
    };
    let mut out = Vec::new();
    for rule in PACK_RULES {
        if on(rule.meta()) {
            rule.find(&analysis, &mut out);
        }
    }
    out
}

/// The profiles of a securities file analysed together, at most: a file of more is analysed
/// a chunk of its profiles at a time, so that the access model it holds beside its tree stays
/// small (a profile's model takes a few times its text).
const PROFILES_PER_ANALYSIS: usize = 2048;

/// Run the family on a securities file.
pub fn check(cx: &mut RuleContext<'_>) {
    if !RULES.iter().any(|r| cx.enabled(r)) {
        return;
    }
    let on = |r: &RuleMeta| cx.enabled(r);
    let findings = match load::ProfileSection::of(cx.root) {
        Some(section) if section.len() > PROFILES_PER_ANALYSIS => analyse_file_in_chunks(
            cx.source.name(),
            cx.root,
            &section,
            PROFILES_PER_ANALYSIS,
            on,
        ),
        _ => analyse_file(cx.source.name(), cx.root, on),
    };
    for f in findings.into_iter().flatten() {
        let d = cx.report(f.rule, f.span, &f.pointer, f.message);
        d.help = Some(f.help.into());
    }
}

/// The findings on one securities file (`None` when it cannot be read).
fn analyse_file(
    name: &str,
    root: Node<'_>,
    on: impl Fn(&RuleMeta) -> bool,
) -> Option<Vec<Finding>> {
    let mut s = Securities::builtin(RULE_BUILTINS);
    load::add_file_for_profiles(&mut s, name, root).ok()?;
    let defines_anonymous = s
        .roles
        .get("anonymous")
        .is_some_and(|r| r.origin != Origin::Builtin)
        || s.profiles
            .get("anonymous")
            .is_some_and(|p| p.origin != Origin::Builtin);
    let roots = [Some(root)];
    Some(analyse(
        &s,
        &roots,
        |p| p.origin != Origin::Builtin,
        defines_anonymous,
        on,
    ))
}

/// [`analyse_file`], reading the profiles of `section` (the file's) `size` at a time: the
/// same findings in the same order. Each rule reports on one profile at a time (the
/// anonymous profile's rule on it alone), so each chunk is analysed with every role and user
/// the whole file's analysis reads, and each rule's findings are put back together.
fn analyse_file_in_chunks(
    name: &str,
    root: Node<'_>,
    section: &load::ProfileSection<'_>,
    size: usize,
    on: impl Fn(&RuleMeta) -> bool,
) -> Option<Vec<Finding>> {
    let mut s = Securities::builtin(RULE_BUILTINS);
    load::add_file_but_profiles(&mut s, name, root, section).ok()?;
    let file = s.files.len() - 1;
    let builtins = s.profiles.clone();
    let defines_anonymous = s
        .roles
        .get("anonymous")
        .is_some_and(|r| r.origin != Origin::Builtin)
        || section.contains("anonymous");
    let roots = [Some(root)];
    let mut by_rule: Vec<Vec<Finding>> = PACK_RULES.iter().map(|_| Vec::new()).collect();
    let mut sort = |findings: Vec<Finding>| {
        for f in findings {
            if let Some(i) = PACK_RULES.iter().position(|r| r.meta().code == f.rule.code) {
                by_rule[i].push(f);
            }
        }
    };
    for chunk in section.chunks(size) {
        section.read(&mut s, file, chunk);
        sort(analyse(
            &s,
            &roots,
            |p| p.origin != Origin::Builtin,
            false,
            &on,
        ));
        s.profiles.clone_from(&builtins);
    }
    if defines_anonymous {
        if let Some(anonymous) = section.only("anonymous") {
            section.read(&mut s, file, anonymous);
        }
        sort(analyse(&s, &roots, |_| false, true, &on));
    }
    Some(by_rule.into_iter().flatten().collect())
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
        // Unpacked for the parse only: a parked text is unpacked for its tree alone.
        let document = crate::parse::parse_shared(
            &reports[i].source.shared_text(),
            Syntax::for_path(name),
            None,
            &mut diagnostics,
        );
        trees.push(document.tree);
    }
    let mut s = Securities::builtin(RULE_BUILTINS);
    let mut defines_anonymous = false;
    for (k, &i) in files.iter().enumerate() {
        let name = reports[i].source.name().to_string();
        match trees[k].as_ref().map(Tree::root) {
            Some(root) => {
                if load::add_file_for_rules(&mut s, &name, root).is_ok()
                    && load::id_from_name(&name) == "anonymous"
                {
                    defines_anonymous = true;
                }
            }
            None => s.files.push(name),
        }
    }
    let roots: Vec<Option<Node<'_>>> = trees.iter().map(|t| t.as_ref().map(Tree::root)).collect();
    let findings = analyse(
        &s,
        &roots,
        |p| {
            matches!(&p.origin, Origin::File { file, .. }
                if reports[files[*file]].kind == Some(Kind::KuzzleProfile))
        },
        defines_anonymous,
        |r| settings.severity_of(r).is_some(),
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
        crate::core::diagnostic::sort_by_position(&mut report.diagnostics);
    }
}

#[cfg(test)]
mod tests;
