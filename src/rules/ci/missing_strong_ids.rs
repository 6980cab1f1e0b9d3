//! `ci/missing-strong-ids`: a profile type without strong ids.

use super::view::opening_brace;
use super::{Ci, CiPack};
use crate::core::pointer::pointer_join;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Items;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a profile type without `strongIds`, or with an empty list.
    ///
    /// ## Why is this bad?
    /// The documentation marks `strongIds` as required: without a key of its own, profiles of
    /// the type can only be addressed by the server-made `ProfileId`, and imported records
    /// cannot be merged into existing profiles.
    pub static MISSING_STRONG_IDS = {
        code: "ci/missing-strong-ids",
        kinds: [Kind::CiProfileType],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "the profile type declares no strong id",
    }
}

/// `ci/missing-strong-ids` as its pack runs it.
pub struct MissingStrongIds;

impl Rule<CiPack> for MissingStrongIds {
    fn meta(&self) -> &'static RuleMeta {
        &MISSING_STRONG_IDS
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        if ci.profile.is_none() {
            return;
        }
        let Some(ids) = ci.def.get("strongIds") else {
            cx.report(&MISSING_STRONG_IDS, opening_brace(ci.def), ci.base, "the profile type declares no strong id")
                .help = Some(
                "add `\"strongIds\": [{\"strongIdName\": \"<Name>\", \"keyPropertyNames\": [\"<field>\"]}]`"
                    .into(),
            );
            return;
        };
        if ids.as_array().is_some_and(Items::is_empty) {
            cx.report(
                &MISSING_STRONG_IDS,
                ids.span(),
                &pointer_join(ci.base, "strongIds"),
                "`strongIds` is empty",
            )
            .help = Some("declare at least one key made of fields of the type".into());
        }
    }
}
