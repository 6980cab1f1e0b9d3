//! `ci/duplicate-strong-id`: two strong ids of a profile type with one `strongIdName`.

use super::profile_id_strong_id::strong_id_names;
use super::view::{echo, ItemPointer};
use super::{Ci, CiPack};
use crate::core::diagnostic::Label;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Node;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a `strongIdName` used by two strong ids of one profile type, also when the two
    /// spellings differ only by case.
    ///
    /// ## Why is this bad?
    /// Strong ids become OData alternate keys, named by `strongIdName`; two keys with one name
    /// cannot both exist.
    pub static DUPLICATE_STRONG_ID = {
        code: "ci/duplicate-strong-id",
        kinds: [Kind::CiProfileType],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "two strong ids have the same `strongIdName`",
    }
}

/// `ci/duplicate-strong-id` as its pack runs it.
pub struct DuplicateStrongId;

impl Rule<CiPack> for DuplicateStrongId {
    fn meta(&self) -> &'static RuleMeta {
        &DUPLICATE_STRONG_ID
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let mut seen: Vec<(&str, Node<'_>)> = Vec::new();
        for (i, name_node, name) in strong_id_names(ci) {
            if let Some((first, first_node)) =
                seen.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                let how = if *first == name {
                    ""
                } else {
                    " (the two differ only by case)"
                };
                let d = cx.report(
                    &DUPLICATE_STRONG_ID,
                    name_node.span(),
                    &ItemPointer::new(ci.base, "strongIds", i).member("strongIdName"),
                    format!("strong id `{}` is declared twice{how}", echo(name)),
                );
                d.label = Some("declared again".into());
                d.labels
                    .push(Label::new(first_node.span(), "first declared here"));
                d.help = Some("rename or remove one of the two strong ids".into());
            }
            seen.push((name, name_node));
        }
    }
}
