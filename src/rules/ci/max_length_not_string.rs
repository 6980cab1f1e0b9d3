//! `ci/max-length-not-string`: `maxLength` on a field that is not a string.

use super::field_type::canonical_type;
use super::view::ItemPointer;
use super::{Ci, CiPack};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports `maxLength` on a field whose `fieldType` is not `Edm.String`.
    ///
    /// ## Why is this bad?
    /// The service uses `maxLength` only for string fields; on any other type it is ignored,
    /// so the limit the author meant does not exist.
    pub static MAX_LENGTH_NOT_STRING = {
        code: "ci/max-length-not-string",
        kinds: [Kind::CiProfileType],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`maxLength` on a field that is not a string",
    }
}

/// `ci/max-length-not-string` as its pack runs it.
pub struct MaxLengthNotString;

impl Rule<CiPack> for MaxLengthNotString {
    fn meta(&self) -> &'static RuleMeta {
        &MAX_LENGTH_NOT_STRING
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(profile) = &ci.profile else { return };
        for (i, f) in profile.fields.iter().enumerate() {
            let Some(m) = f.member("maxLength") else {
                continue;
            };
            let Some(c) = canonical_type(f) else { continue };
            if c == "Edm.String" {
                continue;
            }
            cx.report(
                &MAX_LENGTH_NOT_STRING,
                m.key_span(),
                &ItemPointer::new(ci.base, "fields", i).member("maxLength"),
                format!("`maxLength` is ignored on a `{c}` field"),
            )
            .help = Some("remove `maxLength`, or make the field `Edm.String`".into());
        }
    }
}
