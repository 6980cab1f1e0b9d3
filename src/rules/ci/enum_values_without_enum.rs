//! `ci/enum-values-without-enum`: `enumValidValues` on a field that is not an enum.

use super::view::ItemPointer;
use super::{Ci, CiPack};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Node;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports `enumValidValues` on a field without `"isEnum": true`.
    ///
    /// ## Why is this bad?
    /// The valid values only apply to enumeration fields; without `isEnum` they are ignored
    /// and any value is accepted.
    pub static ENUM_VALUES_WITHOUT_ENUM = {
        code: "ci/enum-values-without-enum",
        kinds: [Kind::CiProfileType],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`enumValidValues` on a field that is not an enum",
    }
}

/// `ci/enum-values-without-enum` as its pack runs it.
pub struct EnumValuesWithoutEnum;

impl Rule<CiPack> for EnumValuesWithoutEnum {
    fn meta(&self) -> &'static RuleMeta {
        &ENUM_VALUES_WITHOUT_ENUM
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(profile) = &ci.profile else { return };
        for (i, f) in profile.fields.iter().enumerate() {
            let Some(m) = f.member("enumValidValues") else {
                continue;
            };
            if f.get("isEnum").and_then(Node::as_bool) == Some(true) {
                continue;
            }
            cx.report(
                &ENUM_VALUES_WITHOUT_ENUM,
                m.key_span(),
                &ItemPointer::new(ci.base, "fields", i).member("enumValidValues"),
                "`enumValidValues` is ignored: the field is not an enum",
            )
            .help = Some("add `\"isEnum\": true`, or remove the values".into());
        }
    }
}
