//! `ci/is-required-on-profile`: `isRequired` is ignored on profile fields.

use super::view::ItemPointer;
use super::{Ci, CiPack};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports `"isRequired": true` on a field of a profile type (any `entityType` other than
    /// `Interaction`).
    ///
    /// ## Why is this bad?
    /// The API specification says `isRequired` is only checked for interactions: profile
    /// instances missing the field are accepted anyway.
    pub static IS_REQUIRED_ON_PROFILE = {
        code: "ci/is-required-on-profile",
        kinds: [Kind::CiProfileType],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`isRequired` is ignored on profile fields",
    }
}

/// `ci/is-required-on-profile` as its pack runs it.
pub struct IsRequiredOnProfile;

impl Rule<CiPack> for IsRequiredOnProfile {
    fn meta(&self) -> &'static RuleMeta {
        &IS_REQUIRED_ON_PROFILE
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(profile) = &ci.profile else { return };
        if profile.interaction {
            return;
        }
        for (i, f) in profile.fields.iter().enumerate() {
            let Some(m) = f.member("isRequired") else {
                continue;
            };
            if m.value().as_bool() != Some(true) {
                continue;
            }
            cx.report(
                &IS_REQUIRED_ON_PROFILE,
                m.key_span(),
                &ItemPointer::new(ci.base, "fields", i).member("isRequired"),
                "`isRequired` is only checked for interactions: profiles without this field are accepted",
            )
            .help = Some("remove it, or validate the data before importing it".into());
        }
    }
}
