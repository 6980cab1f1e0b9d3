//! `ci/read-only-key`: a read-only or server-filled key sent in the body.

use super::view::{push_pointer_index, remove_member_fix};
use super::{Ci, CiPack};
use crate::core::pointer::pointer_join;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Node;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports keys the server fills itself and ignores in a create-or-replace body:
    /// `lastChangedUtc`, `provisioningState`, `tenantId`, `instancesCount` of a profile type,
    /// `propertyId` and `dataSourcePrecedenceRules` of a field, `connectorId`, `created`,
    /// `lastModified`, `state` and `tenantId` of a connector, and `id`, `name`, `type` of an ARM
    /// resource.
    ///
    /// ## Why is this bad?
    /// These keys are read-only or computed by the service: what the body says is dropped or
    /// overwritten. A body holding them was usually copied from a GET response, and may carry
    /// other stale values along with them.
    ///
    /// ## Example
    /// ```json
    /// {"connectorType": "AzureBlob", "state": "Ready", "connectorProperties": {…}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"connectorType": "AzureBlob", "connectorProperties": {…}}
    /// ```
    ///
    /// ## Fix
    /// Removes the key, its value and one comma, keeping the rest of the formatting (safe).
    pub static READ_ONLY_KEY = {
        code: "ci/read-only-key",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "a read-only or server-filled key is sent in the body",
    }
}

/// Read-only keys of a profile type definition.
const PROFILE_READ_ONLY: &[&str] = &[
    "lastChangedUtc",
    "provisioningState",
    "tenantId",
    "instancesCount",
];
/// Read-only keys of a field.
const FIELD_READ_ONLY: &[&str] = &["propertyId", "dataSourcePrecedenceRules"];
/// Read-only keys of a connector.
const CONNECTOR_READ_ONLY: &[&str] = &[
    "connectorId",
    "created",
    "lastModified",
    "state",
    "tenantId",
];
/// Read-only keys of an ARM resource.
const ARM_READ_ONLY: &[&str] = &["id", "name", "type"];

/// `ci/read-only-key` as its pack runs it.
pub struct ReadOnlyKey;

impl Rule<CiPack> for ReadOnlyKey {
    fn meta(&self) -> &'static RuleMeta {
        &READ_ONLY_KEY
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        if ci.arm {
            read_only(cx, ci.root, &String::new, ARM_READ_ONLY, "the ARM resource");
        }
        let base = ci.base;
        match ci.kind {
            Kind::CiProfileType => {
                read_only(
                    cx,
                    ci.def,
                    &|| base.to_string(),
                    PROFILE_READ_ONLY,
                    "the profile type",
                );
                if let Some(fields) = ci.def.get("fields").and_then(Node::as_array) {
                    for (i, f) in fields.iter().enumerate() {
                        let pointer = || {
                            let mut p = pointer_join(base, "fields");
                            push_pointer_index(&mut p, i);
                            p
                        };
                        read_only(cx, f, &pointer, FIELD_READ_ONLY, "the field");
                    }
                }
            }
            Kind::CiConnector => read_only(
                cx,
                ci.def,
                &|| base.to_string(),
                CONNECTOR_READ_ONLY,
                "the connector",
            ),
            _ => {}
        }
    }
}

/// Report the members of `node` named in `keys`; `pointer` builds the pointer of `node`
/// (only when there is something to report).
fn read_only(
    cx: &mut RuleContext<'_>,
    node: Node<'_>,
    pointer: &dyn Fn() -> String,
    keys: &[&str],
    what: &str,
) {
    let Some(members) = node.as_object() else {
        return;
    };
    for (i, m) in members.iter().enumerate() {
        if !keys.contains(&m.key()) {
            continue;
        }
        let fix = remove_member_fix(
            crate::rules::remove::Layout::of(cx.source, cx.document),
            node,
            i,
            format!("remove `{}`", m.key()),
        );
        let d = cx.report(
            &READ_ONLY_KEY,
            m.key_span(),
            &pointer_join(&pointer(), m.key()),
            format!(
                "`{}` is filled by the server: the value sent is ignored",
                m.key()
            ),
        );
        d.label = Some("read-only".into());
        d.help = Some(format!(
            "remove it; the server sets `{}` of {what} itself (this body was probably copied from a GET response)",
            m.key()
        ).into());
        d.fix = fix.map(Box::new);
    }
}
