//! `kuzzle/invalid-name`: an index or collection name Kuzzle can never create.

use super::names::name_problem;
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
    /// Reports an index or collection name that breaks Kuzzle's naming rules: uppercase
    /// letters, more than 126 UTF-8 bytes, one of the characters
    /// `\ / * ? " < > | , + # : . & %`, a space, tab, carriage return or line feed, the name
    /// `_all`, or the reserved collection `_kuzzle_keep`.
    ///
    /// ## Why is this bad?
    /// Kuzzle refuses to create an index or collection with such a name
    /// (`services.storage.invalid_index_name`, `services.storage.invalid_collection_name`),
    /// so none can ever exist. Profiles are not checked against these rules, so the profile
    /// is accepted, and the restriction never matches anything. `*` is not a wildcard here:
    /// it is a literal character.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "Shop", "collections": ["orders*"]}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop", "collections": ["orders"]}]}]}
    /// ```
    pub static INVALID_NAME = {
        code: "kuzzle/invalid-name",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "an index or collection name Kuzzle can never create",
    }
}

/// `kuzzle/invalid-name` as its pack runs it.
pub struct InvalidName;

impl Rule<ProfilePack> for InvalidName {
    fn meta(&self) -> &'static RuleMeta {
        &INVALID_NAME
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        for (rt, r) in profile.restrictions() {
            let rptr = || item_pointer(&rt.pointer(), r.position());
            // Why no index can have the name (looked up again: the view keeps only whether).
            let unnamable = match r.name() {
                IndexName::Name(s, false) => name_problem(s).map(|problem| (s, problem)),
                _ => None,
            };
            if let Some((s, problem)) = unnamable {
                cx.report(
                    &INVALID_NAME,
                    r.index().span(),
                    &member_pointer(&rptr(), "index"),
                    format!("no index can be named `{}`: {problem}", snippet(s)),
                )
                .help = Some(name_help(s, "index", "services.storage.invalid_index_name").into());
            }
            for c in r.names() {
                let CollectionName::Name(name, problem) = &c.name else {
                    continue;
                };
                let cptr = || item_pointer(&member_pointer(&rptr(), "collections"), c.position);
                if *name == "_kuzzle_keep" {
                    cx.report(
                        &INVALID_NAME,
                        c.node.span(),
                        &cptr(),
                        "`_kuzzle_keep` is reserved by Kuzzle for internal use",
                    )
                    .help = Some("Kuzzle refuses to create it (`services.storage.collection_reserved`); name a real collection".into());
                } else if let Some(problem) = problem {
                    cx.report(
                        &INVALID_NAME,
                        c.node.span(),
                        &cptr(),
                        format!("no collection can be named `{}`: {problem}", snippet(name)),
                    )
                    .help = Some(
                        name_help(
                            name,
                            "collection",
                            "services.storage.invalid_collection_name",
                        )
                        .into(),
                    );
                }
            }
        }
    }
}

fn name_help(name: &str, what: &str, error_id: &str) -> String {
    let lower = name.to_lowercase();
    let mut help = if lower != name && name_problem(&lower).is_none() {
        format!("did you mean `{}`? ", snippet(&lower))
    } else {
        String::new()
    };
    let (article, unknown) = if what == "index" {
        ("an", "services.storage.unknown_index")
    } else {
        ("a", "services.storage.unknown_collection")
    };
    help.push_str(&format!(
        "Kuzzle refuses to create such {article} {what} (`{error_id}`), so without `strict` this restriction never matches, and with `strict` Kuzzle rejects the profile (`{unknown}`)"
    ));
    if name.contains('*') {
        help.push_str("; `*` is not a wildcard");
    }
    help
}
