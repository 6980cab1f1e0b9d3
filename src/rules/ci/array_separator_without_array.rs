//! `ci/array-separator-without-array`: `arrayValueSeparator` on a field that is not an array.

use super::view::ItemPointer;
use super::{Ci, CiPack};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Node;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports `arrayValueSeparator` on a field without `"isArray": true`.
    ///
    /// ## Why is this bad?
    /// The separator only applies to array fields; on a scalar field the values are not split,
    /// which is rarely what the author meant.
    ///
    /// ## Example
    /// ```json
    /// {"fieldName": "Tags", "fieldType": "Edm.String", "arrayValueSeparator": ";"}
    /// ```
    /// Use instead: add `"isArray": true`, or remove the separator.
    pub static ARRAY_SEPARATOR_WITHOUT_ARRAY = {
        code: "ci/array-separator-without-array",
        kinds: [Kind::CiProfileType],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`arrayValueSeparator` on a field that is not an array",
    }
}

/// `ci/array-separator-without-array` as its pack runs it.
pub struct ArraySeparatorWithoutArray;

impl Rule<CiPack> for ArraySeparatorWithoutArray {
    fn meta(&self) -> &'static RuleMeta {
        &ARRAY_SEPARATOR_WITHOUT_ARRAY
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(profile) = &ci.profile else { return };
        for (i, f) in profile.fields.iter().enumerate() {
            let Some(m) = f.member("arrayValueSeparator") else {
                continue;
            };
            if f.get("isArray").and_then(Node::as_bool) == Some(true) {
                continue;
            }
            cx.report(
                &ARRAY_SEPARATOR_WITHOUT_ARRAY,
                m.key_span(),
                &ItemPointer::new(ci.base, "fields", i).member("arrayValueSeparator"),
                "`arrayValueSeparator` is ignored: the field is not an array",
            )
            .help = Some("add `\"isArray\": true`, or remove the separator".into());
        }
    }
}
