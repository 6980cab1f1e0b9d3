//! `ci/missing-api-entity-set-name`: a profile type without `apiEntitySetName`.

use super::view::opening_brace;
use super::{Ci, CiPack};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a profile type without `apiEntitySetName`.
    ///
    /// ## Why is this bad?
    /// The documentation marks it "(Required)": it is the OData entity set under which the
    /// type's profiles are served by the data API, and it must differ from every other type's.
    pub static MISSING_API_ENTITY_SET_NAME = {
        code: "ci/missing-api-entity-set-name",
        kinds: [Kind::CiProfileType],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "the profile type has no `apiEntitySetName`",
    }
}

/// `ci/missing-api-entity-set-name` as its pack runs it.
pub struct MissingApiEntitySetName;

impl Rule<CiPack> for MissingApiEntitySetName {
    fn meta(&self) -> &'static RuleMeta {
        &MISSING_API_ENTITY_SET_NAME
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        if ci.profile.is_none() || ci.def.get("apiEntitySetName").is_some() {
            return;
        }
        cx.report(
            &MISSING_API_ENTITY_SET_NAME,
            opening_brace(ci.def),
            ci.base,
            "the profile type has no `apiEntitySetName`",
        )
        .help = Some(
            "add `\"apiEntitySetName\": \"<Name>\"`: the documentation requires it, and it names the OData entity set of the type"
                .into(),
        );
    }
}
