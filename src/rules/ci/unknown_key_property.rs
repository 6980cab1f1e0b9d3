//! `ci/unknown-key-property`: a `keyPropertyNames` entry that names no declared field.

use super::profile_id_strong_id::strong_ids;
use super::view::{echo, ItemPointer};
use super::{Ci, CiPack};
use crate::core::diagnostic::Label;
use crate::core::text::did_you_mean;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Node;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports an entry of a strong id's `keyPropertyNames` that names no field of `fields`.
    /// When a field matches except for case, the message says so.
    ///
    /// `ProfileId`, the key the service adds to every profile type, is always accepted.
    ///
    /// ## Why is this bad?
    /// A strong id is an OData alternate key made of the listed fields; a key over a field
    /// that does not exist cannot be provisioned.
    ///
    /// ## Example
    /// ```json
    /// {"strongIds": [{"strongIdName": "Key", "keyPropertyNames": ["customerId"]}],
    ///  "fields": [{"fieldName": "CustomerId", "fieldType": "Edm.String"}]}
    /// ```
    /// Use instead: `"keyPropertyNames": ["CustomerId"]`.
    pub static UNKNOWN_KEY_PROPERTY = {
        code: "ci/unknown-key-property",
        kinds: [Kind::CiProfileType],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a `keyPropertyNames` entry names no declared field",
    }
}

/// `ci/unknown-key-property` as its pack runs it.
pub struct UnknownKeyProperty;

impl Rule<CiPack> for UnknownKeyProperty {
    fn meta(&self) -> &'static RuleMeta {
        &UNKNOWN_KEY_PROPERTY
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(profile) = &ci.profile else { return };
        let fields = || profile.names();
        for (i, s) in strong_ids(ci).iter().enumerate() {
            let Some(keys) = s.get("keyPropertyNames").and_then(Node::as_array) else {
                continue;
            };
            let ptr = ItemPointer::new(ci.base, "strongIds", i);
            for (k, key) in keys.iter().enumerate() {
                let Some(name) = key.as_str() else { continue };
                if name == "ProfileId" || fields().any(|f| f.name == name) {
                    continue;
                }
                let kptr = format!("{ptr}/keyPropertyNames/{k}");
                match fields().find(|f| f.name.eq_ignore_ascii_case(name)) {
                    Some(f) => {
                        let d = cx.report(
                            &UNKNOWN_KEY_PROPERTY,
                            key.span(),
                            &kptr,
                            format!(
                                "`{}` differs from the field `{}` only by case",
                                echo(name),
                                echo(f.name)
                            ),
                        );
                        d.label = Some("case differs from the field".into());
                        d.labels.push(Label::new(f.node.span(), "declared here"));
                        d.help = Some(
                            format!("write `{}` as the field declares it", echo(f.name)).into(),
                        );
                    }
                    None => {
                        let hint = did_you_mean(name, fields().map(|f| f.name));
                        let d = cx.report(
                            &UNKNOWN_KEY_PROPERTY,
                            key.span(),
                            &kptr,
                            format!("`{}` is not a field of this profile type", echo(name)),
                        );
                        d.label = Some("no field of this name".into());
                        d.help = Some(match hint {
                            Some(h) => format!("did you mean `{h}`?").into(),
                            None => {
                                "declare the field in `fields`, or remove it from the key".into()
                            }
                        });
                    }
                }
            }
        }
    }
}
