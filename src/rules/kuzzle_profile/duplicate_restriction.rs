//! `kuzzle/duplicate-restriction`: a restriction repeated in one policy.

use super::view::Profile;
use super::view::{item_pointer, may_share_an_index, IndexName, Restriction};
use super::ProfilePack;
use crate::access::load::display;
use crate::core::diagnostic::Label;
use crate::core::edit::Fix;
use crate::core::text::snippet;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Node;
use crate::rules::pack::Rule;
use crate::rules::remove::{remove, Layout};
use crate::rules::RuleContext;
use std::borrow::Cow;
use std::hash::BuildHasher;

declare_rule! {
    /// ## What it does
    /// Reports a restriction identical to an earlier one of the same policy (same index, same
    /// collections in any order).
    ///
    /// ## Why is this bad?
    /// Kuzzle merges them, so the copy does nothing; it is often a leftover of an edit meant to
    /// change the index or the collections.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}, {"index": "shop"}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    ///
    /// ## Fix
    /// Removing the copy is safe: Kuzzle builds the same restriction map without it.
    pub static DUPLICATE_RESTRICTION = {
        code: "kuzzle/duplicate-restriction",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "a restriction repeated in one policy",
    }
}

/// What makes two restrictions of a policy the same for Kuzzle: borrowed from the tree, so
/// that a list of a million restrictions does not copy each one's names.
#[derive(PartialEq, Eq, Hash)]
struct Same<'a> {
    index: IndexText<'a>,
    /// No collections: the whole index.
    whole: bool,
    /// The collections, sorted, each once (a string as itself, any other value as JSON).
    collections: Vec<Cow<'a, str>>,
}

impl<'a> Same<'a> {
    /// What makes `r` the same as another restriction; `None` for a restriction the rule does
    /// not compare (no usable index, or `collections` of the wrong type).
    fn of(r: &Restriction<'a>) -> Option<Same<'a>> {
        if matches!(r.name(), IndexName::Null | IndexName::Falsy)
            || r.collections()
                .is_some_and(|c| c.as_array().is_none() && !c.is_null())
        {
            return None;
        }
        let mut collections: Vec<Cow<'_, str>> = r.collection_items().iter().map(shown).collect();
        collections.sort();
        collections.dedup();
        Some(Same {
            index: match r.index().as_str() {
                Some(s) => IndexText::String(s),
                None => IndexText::Json(r.index().to_value().to_string()),
            },
            whole: r.collection_items().is_empty(),
            collections,
        })
    }
}

/// An `index` value: a string, or any other value as its JSON text (never equal to a string).
#[derive(PartialEq, Eq, Hash)]
enum IndexText<'a> {
    String(&'a str),
    Json(String),
}

/// A collection name as [`display`] shows it, borrowed when it is a string.
fn shown(node: Node<'_>) -> Cow<'_, str> {
    match node.as_str() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(display(node)),
    }
}

/// `kuzzle/duplicate-restriction` as its pack runs it.
pub struct DuplicateRestriction;

impl Rule<ProfilePack> for DuplicateRestriction {
    fn meta(&self) -> &'static RuleMeta {
        &DUPLICATE_RESTRICTION
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        for rt in profile.restricted_tos() {
            if rt.restriction_count() < 2 || !may_share_an_index(rt.items) {
                continue;
            }
            let same = |at: u32| rt.restriction(at as usize).and_then(|r| Same::of(&r));
            // The first restriction of each kind, by position, found by the hash of what makes
            // it the same as another: 4 bytes a restriction, where a map of keys took 70.
            let hasher = foldhash::fast::RandomState::default();
            let hash_at = |&at: &u32| same(at).map_or(0, |key| hasher.hash_one(&key));
            let mut firsts = hashbrown::HashTable::<u32>::with_capacity(rt.restriction_count());
            for (at, r) in (0u32..).zip(rt.restrictions()) {
                let Some(key) = Same::of(&r) else {
                    continue;
                };
                let hash = hasher.hash_one(&key);
                let Some(&first) = firsts.find(hash, |&f| same(f).as_ref() == Some(&key)) else {
                    firsts.insert_unique(hash, at, hash_at);
                    continue;
                };
                let Some(first) = rt.restriction(first as usize).map(|f| f.node.span()) else {
                    continue;
                };
                let fix = remove(
                    Layout::of(cx.source, cx.document),
                    rt.member.value(),
                    r.position(),
                )
                .map(|e| Fix::safe(e, "remove the repeated restriction"));
                let d = cx.report(
                    &DUPLICATE_RESTRICTION,
                    r.node.span(),
                    &item_pointer(&rt.pointer(), r.position()),
                    format!(
                        "this restriction repeats an earlier one on index `{}`",
                        snippet(&display(r.index()))
                    ),
                );
                d.labels.push(Label::new(first, "first here"));
                d.help = Some("Kuzzle merges them, so the copy has no effect; remove it or fix the index or collections".into());
                d.fix = fix.map(Box::new);
            }
        }
    }
}
