//! `bodyguard explain-access`: what profiles and users really grant, and Kuzzle's verdict on
//! one request, from the access model ([`crate::access`]).

use super::access_input::{self, BuiltinsArg};
use crate::access::model::{Collections, IndexKey, Origin, Profile};
use crate::access::rights::{self, key_text, Rights, RoleTable, Scope};
use crate::access::{evaluate, Request, Securities, Subject};
use crate::core::inventory::Inventory;
use crate::rules::kuzzle_profile::names::name_problem;
use serde_json::json;
use std::collections::BTreeMap;

/// Output formats of `explain-access`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum AccessFormat {
    /// A listing for reviewers.
    Human,
    /// JSON.
    Json,
}

#[derive(Debug, clap::Args)]
pub(super) struct ExplainAccessArgs {
    /// Securities files, role or profile bodies (a body's id is its file name), kourou dumps,
    /// or directories of them. Later files replace earlier definitions.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
    /// Only this user (`-1` or `anonymous`: the anonymous user).
    #[arg(
        long,
        value_name = "ID",
        conflicts_with = "profile",
        allow_hyphen_values = true
    )]
    user: Option<String>,
    /// Only this profile.
    #[arg(long, value_name = "ID")]
    profile: Option<String>,
    /// Answer one request, `CONTROLLER:ACTION`, for `--user` or `--profile`.
    #[arg(long, value_name = "CONTROLLER:ACTION")]
    request: Option<String>,
    /// The request's `index` argument.
    #[arg(long, value_name = "NAME", requires = "request")]
    index: Option<String>,
    /// The request's `collection` argument.
    #[arg(long, value_name = "NAME", requires = "request")]
    collection: Option<String>,
    /// Inventory files or kourou dump directories (mappings, securities files, dumps):
    /// whole-index grants then list the collections they open, unknown names are marked.
    #[arg(long, value_name = "PATH")]
    inventory: Vec<String>,
    /// Kuzzle's built-in roles: `fresh` (a new install: `admin`, `default` and `anonymous`
    /// allow everything) or `reset` (after `createFirstAdmin` with `reset`).
    #[arg(long, default_value = "fresh")]
    builtins: BuiltinsArg,
    /// Output format.
    #[arg(long, default_value = "human")]
    format: AccessFormat,
}

pub(super) fn run(args: ExplainAccessArgs) -> i32 {
    match explain(&args) {
        Ok(out) => {
            super::print_out(&out);
            0
        }
        Err(e) => {
            eprintln!("error: {}", crate::render::printable(&e));
            2
        }
    }
}

fn explain(args: &ExplainAccessArgs) -> Result<String, String> {
    let inventory = if args.inventory.is_empty() {
        None
    } else {
        Some(crate::inventory::from_paths(&args.inventory).map_err(|e| e.to_string())?)
    };
    let texts = access_input::read_paths(&args.files)?;
    let s = access_input::model(&texts, args.builtins.builtins())?;
    let subject = match (&args.user, &args.profile) {
        (Some(u), _) => Some(Subject::User(u)),
        (_, Some(p)) => Some(Subject::Profile(p)),
        _ => None,
    };
    if let Some(req) = &args.request {
        let Some(subject) = subject else {
            return Err("--request needs --user ID or --profile ID".into());
        };
        let Some((controller, action)) = req.split_once(':') else {
            return Err(format!("--request `{req}`: expected CONTROLLER:ACTION"));
        };
        if controller.is_empty() || action.is_empty() {
            return Err(format!("--request `{req}`: expected CONTROLLER:ACTION"));
        }
        let request = Request {
            controller: controller.into(),
            action: action.into(),
            index: args.index.clone(),
            collection: args.collection.clone(),
            targets: Vec::new(),
        };
        let verdict = evaluate(&s, subject, &request).map_err(|e| e.to_string())?;
        return Ok(match args.format {
            AccessFormat::Human => format!(
                "{} {req}{}: {} because {}\n",
                subject_text(subject),
                where_text(&request),
                if verdict.allowed { "allowed" } else { "denied" },
                verdict.reason
            ),
            AccessFormat::Json => {
                let v = json!({
                    "allowed": verdict.allowed,
                    "reason": verdict.reason,
                    "subject": subject_json(subject),
                    "request": {"controller": controller, "action": action,
                                "index": request.index, "collection": request.collection},
                    "profiles": verdict.profiles,
                });
                format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
            }
        });
    }
    // Listing: the chosen subject, or every profile and user the inputs define.
    let keys = rights::universe([&s]);
    let table = RoleTable::new(&s, &keys);
    let mut profiles: Vec<&Profile> = Vec::new();
    let mut users: Vec<(String, Vec<String>, String)> = Vec::new();
    match subject {
        Some(Subject::Profile(id)) => {
            profiles.push(
                s.profiles
                    .get(id)
                    .ok_or_else(|| format!("no profile `{id}` in the inputs"))?,
            );
        }
        Some(Subject::User(kuid)) => {
            let u = s
                .user(kuid)
                .ok_or_else(|| format!("no user `{kuid}` in the inputs"))?;
            users.push((
                u.id.clone(),
                u.profile_ids.clone(),
                s.origin_name(&u.origin),
            ));
        }
        None => {
            profiles.extend(
                s.profiles
                    .values()
                    .filter(|p| matches!(p.origin, Origin::File { .. })),
            );
            users.extend(s.users.values().map(|u| {
                (
                    u.id.clone(),
                    u.profile_ids.clone(),
                    s.origin_name(&u.origin),
                )
            }));
        }
    }
    if profiles.is_empty() && users.is_empty() {
        return Err("the inputs define no profile and no user".into());
    }
    match args.format {
        AccessFormat::Human => {
            let mut out = String::new();
            for p in &profiles {
                out.push_str(&format!(
                    "profile `{}` ({}):\n",
                    p.id,
                    s.origin_name(&p.origin)
                ));
                out.push_str(&policies_text(&s, p, inventory.as_ref()));
                let r = rights::rights_of_profiles(&s, &table, std::slice::from_ref(&p.id));
                out.push_str(&rights_text(&r));
                out.push('\n');
            }
            for (id, ids, origin) in &users {
                out.push_str(&format!(
                    "user `{id}` ({origin}), profiles {}:\n",
                    ids.iter()
                        .map(|i| format!("`{i}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                for pid in ids.iter().filter(|p| !s.profiles.contains_key(*p)) {
                    out.push_str(&format!(
                        "  warning: profile `{pid}` is not defined: Kuzzle refuses this user\n"
                    ));
                }
                out.push_str(&rights_text(&rights::rights_of_profiles(&s, &table, ids)));
                out.push('\n');
            }
            out.push_str(RESTRICTION_NOTE);
            out.push('\n');
            Ok(out)
        }
        AccessFormat::Json => {
            let v = json!({
                "profiles": profiles.iter().map(|p| json!({
                    "id": p.id,
                    "source": s.origin_name(&p.origin),
                    "policies": policies_json(&s, p, inventory.as_ref()),
                    "notes": p.notes,
                    "rights": rights_json(&rights::rights_of_profiles(&s, &table, std::slice::from_ref(&p.id))),
                })).collect::<Vec<_>>(),
                "users": users.iter().map(|(id, ids, origin)| json!({
                    "id": id,
                    "source": origin,
                    "profiles": ids,
                    "rights": rights_json(&rights::rights_of_profiles(&s, &table, ids)),
                })).collect::<Vec<_>>(),
            });
            Ok(format!(
                "{}\n",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            ))
        }
    }
}

fn subject_text(subject: Subject<'_>) -> String {
    match subject {
        Subject::User(u) if u == "-1" || u == "anonymous" => "the anonymous user:".into(),
        Subject::User(u) => format!("user `{u}`:"),
        Subject::Profile(p) => format!("profile `{p}`:"),
    }
}

fn subject_json(subject: Subject<'_>) -> serde_json::Value {
    match subject {
        Subject::User(u) => json!({"user": u}),
        Subject::Profile(p) => json!({"profile": p}),
    }
}

fn where_text(r: &Request) -> String {
    match (&r.index, &r.collection) {
        (None, None) => String::new(),
        (Some(i), None) => format!(" on index `{i}`"),
        (None, Some(c)) => format!(" on collection `{c}`"),
        (Some(i), Some(c)) => format!(" on `{i}/{c}`"),
    }
}

/// What a restriction entry's names mean: never matching, unknown on the target.
struct EntryView {
    index: String,
    matches: bool,
    /// `None`: every collection.
    collections: Option<Vec<(String, Option<String>)>>,
    notes: Vec<String>,
    today: Option<Vec<String>>,
}

fn entries(indexes: &[(IndexKey, Collections)], inventory: Option<&Inventory>) -> Vec<EntryView> {
    let known = inventory.and_then(|i| i.indexes.as_ref());
    indexes
        .iter()
        .map(|(key, cols)| {
            let mut notes = Vec::new();
            let mut matches = true;
            match key {
                IndexKey::Other(_) => {
                    matches = false;
                    notes.push("not a string: never matches a request".into());
                }
                IndexKey::Name(name) => {
                    if let Some(problem) = name_problem(name) {
                        matches = false;
                        notes.push(format!(
                            "never matches: no index can be named this: {problem}"
                        ));
                    } else if known.is_some_and(|k| !k.contains_key(name.as_str())) {
                        notes.push("unknown index".into());
                    }
                }
            }
            let existing = known.and_then(|k| k.get(key.text()));
            let collections = (!cols.is_empty()).then(|| {
                cols.iter()
                    .map(|c| {
                        let note = match name_problem(c) {
                            Some(problem) => Some(format!(
                                "never matches: no collection can be named this: {problem}"
                            )),
                            None => match existing {
                                Some(all) if !all.contains(c) => {
                                    Some("unknown collection".to_string())
                                }
                                _ => None,
                            },
                        };
                        (c.clone(), note)
                    })
                    .collect()
            });
            let today = cols
                .is_empty()
                .then(|| existing.map(|all| all.iter().cloned().collect()))
                .flatten();
            EntryView {
                index: key.text().to_string(),
                matches,
                collections,
                notes,
                today,
            }
        })
        .collect()
}

fn policies_text(s: &Securities, p: &Profile, inventory: Option<&Inventory>) -> String {
    let mut out = String::new();
    for n in &p.notes {
        out.push_str(&format!("  warning: {n}\n"));
    }
    for (i, policy) in p.policies().enumerate() {
        let role = policy.role_id.unwrap_or("<no role id>");
        let defined = match policy.role_id.and_then(|r| s.roles.get(r)) {
            None => Some(format!(
                "    warning: role `{role}` is not defined in the inputs: what it grants is unknown\n"
            )),
            Some(_) => None,
        };
        match policy.restriction {
            None => out.push_str(&format!(
                "  policy {i} (role `{role}`): UNRESTRICTED: every index, every collection\n"
            )),
            Some(r) => {
                out.push_str(&format!("  policy {i} (role `{role}`): restricted to\n"));
                for e in entries(&r.indexes, inventory) {
                    let cols = match (&e.collections, &e.today) {
                        (None, Some(today)) if !today.is_empty() => {
                            format!("every collection (today: {})", today.join(", "))
                        }
                        (None, _) => "every collection".into(),
                        (Some(cols), _) => cols
                            .iter()
                            .map(|(c, note)| match note {
                                Some(n) => format!("{c} ({n})"),
                                None => c.clone(),
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                    };
                    let notes = if e.notes.is_empty() {
                        String::new()
                    } else {
                        format!("  ({})", e.notes.join("; "))
                    };
                    out.push_str(&format!("      {}: {cols}{notes}\n", e.index));
                }
            }
        }
        out.push_str(defined.as_deref().unwrap_or(""));
    }
    out
}

fn policies_json(
    s: &Securities,
    p: &Profile,
    inventory: Option<&Inventory>,
) -> Vec<serde_json::Value> {
    p.policies()
        .enumerate()
        .map(|(i, policy)| {
            json!({
                "policy": i,
                "pointer": p.policy_pointer(&policy),
                "role": policy.role_id,
                "role_defined": policy.role_id.is_some_and(|r| s.roles.contains_key(r)),
                "restricted_to": policy.restriction.map(|r| entries(&r.indexes, inventory)
                    .into_iter()
                    .map(|e| json!({
                        "index": e.index,
                        "matches": e.matches,
                        "collections": e.collections.map(|cs| cs.into_iter().map(|(c, note)| json!({"name": c, "note": note})).collect::<Vec<_>>()),
                        "collections_today": e.today,
                        "notes": e.notes,
                    }))
                    .collect::<Vec<_>>()),
            })
        })
        .collect()
}

/// Grants grouped by controller and scope: `document: get, search — on idx (c1)`.
fn rights_text(r: &Rights) -> String {
    if r.is_empty() {
        return "  grants nothing\n".into();
    }
    let mut groups: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut everything = false;
    for ((c, a), g) in r {
        if c == "*" {
            everything = true;
        }
        groups
            .entry((c.clone(), g.scope.describe()))
            .or_default()
            .push(if a == "*" {
                "<any other action>".into()
            } else {
                a.clone()
            });
    }
    let mut out = String::from("  grants:\n");
    for ((c, scope), actions) in groups {
        let native = crate::access::native::NATIVE_CONTROLLERS
            .iter()
            .find(|(n, _)| *n == c)
            .map(|(_, a)| a.len());
        let list = if native == Some(actions.len()) {
            format!("* (all {} actions)", actions.len())
        } else {
            actions.join(", ")
        };
        let name = if c == "*" { key_text("*", "*") } else { c };
        out.push_str(&format!("    {name}: {list} — {scope}\n"));
    }
    if everything {
        out.push_str("    (a `*` controller also grants every plugin controller)\n");
    }
    out
}

fn rights_json(r: &Rights) -> Vec<serde_json::Value> {
    r.iter()
        .map(|((c, a), g)| {
            json!({
                "controller": c,
                "action": a,
                "scope": match &g.scope {
                    Scope::Everywhere => json!("everywhere"),
                    Scope::Indexes(m) => json!(m),
                },
                "via": g.via,
            })
        })
        .collect()
}

/// What every reader of an access listing should know about restrictions.
pub const RESTRICTION_NOTE: &str = "note: restrictions only apply to requests that name an index: \
actions without one (security:*, server:*, auth:*, admin:*, index:list) are granted by every policy whose \
role allows them, and a collection-limited policy still allows index-level requests on its index";
