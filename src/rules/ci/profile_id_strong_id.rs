//! `ci/profile-id-strong-id`: a strong id named `ProfileId`, like the one the server adds.

use super::view::ItemPointer;
use super::{Ci, CiPack};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::{Items, Node};
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a strong id named `ProfileId`.
    ///
    /// ## Why is this bad?
    /// The service appends its own strong id `ProfileId` to every profile type. A user strong
    /// id of that name is accepted, and the type then has two keys called `ProfileId` (the
    /// published example's response shows exactly that).
    ///
    /// ## Example
    /// ```json
    /// {"strongIdName": "ProfileId", "keyPropertyNames": ["Email"]}
    /// ```
    /// Use instead: `{"strongIdName": "EmailKey", "keyPropertyNames": ["Email"]}`.
    pub static PROFILE_ID_STRONG_ID = {
        code: "ci/profile-id-strong-id",
        kinds: [Kind::CiProfileType],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a strong id is named `ProfileId`, like the one the server adds",
    }
}

/// `ci/profile-id-strong-id` as its pack runs it.
pub struct ProfileIdStrongId;

impl Rule<CiPack> for ProfileIdStrongId {
    fn meta(&self) -> &'static RuleMeta {
        &PROFILE_ID_STRONG_ID
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        for (i, name_node, name) in strong_id_names(ci) {
            if !name.eq_ignore_ascii_case("ProfileId") {
                continue;
            }
            cx.report(
                &PROFILE_ID_STRONG_ID,
                name_node.span(),
                &ItemPointer::new(ci.base, "strongIds", i).member("strongIdName"),
                "the server adds its own strong id `ProfileId`: this type would have two",
            )
            .help = Some("give this strong id another name".into());
        }
    }
}

/// The strong ids of a profile type (an empty list for anything else).
pub(super) fn strong_ids<'a>(ci: &Ci<'a>) -> Items<'a> {
    if ci.profile.is_none() {
        return Items::default();
    }
    ci.def
        .get("strongIds")
        .and_then(Node::as_array)
        .unwrap_or_default()
}

/// Each strong id's string `strongIdName`: (index, value node, name).
pub(super) fn strong_id_names<'a>(ci: &Ci<'a>) -> impl Iterator<Item = (usize, Node<'a>, &'a str)> {
    strong_ids(ci).iter().enumerate().filter_map(|(i, s)| {
        let node = s.get("strongIdName")?;
        Some((i, node, node.as_str()?))
    })
}
