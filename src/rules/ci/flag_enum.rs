//! `ci/flag-enum`: `isFlagEnum` is reserved for future use.

use super::view::ItemPointer;
use super::{Ci, CiPack};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports `"isFlagEnum": true` on a field.
    ///
    /// ## Why is this bad?
    /// The documentation says the flag is reserved for future use: it does nothing today.
    pub static FLAG_ENUM = {
        code: "ci/flag-enum",
        kinds: [Kind::CiProfileType],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`isFlagEnum` is reserved for future use",
    }
}

/// `ci/flag-enum` as its pack runs it.
pub struct FlagEnum;

impl Rule<CiPack> for FlagEnum {
    fn meta(&self) -> &'static RuleMeta {
        &FLAG_ENUM
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(profile) = &ci.profile else { return };
        for (i, f) in profile.fields.iter().enumerate() {
            let Some(m) = f.member("isFlagEnum") else {
                continue;
            };
            if m.value().as_bool() != Some(true) {
                continue;
            }
            cx.report(
                &FLAG_ENUM,
                m.key_span(),
                &ItemPointer::new(ci.base, "fields", i).member("isFlagEnum"),
                "`isFlagEnum` is reserved for future use and has no effect",
            )
            .help = Some("remove it".into());
        }
    }
}
