//! Profile types: fields, field types, strong ids.

use super::echo;
use super::{definition, json_string, opening_brace, ItemPointer};
use crate::core::edit::{Edit, Fix};
use crate::declare_rule;
use crate::diagnostic::{did_you_mean, Label, Severity};
use crate::kind::Kind;
use crate::parse::{pointer_join, Node};
use crate::rules::{FixAvailability, RuleContext};

/// The EDM types a field can have, as written on the wire.
pub const EDM_TYPES: &[&str] = &[
    "Edm.Boolean",
    "Edm.Byte",
    "Edm.DateTimeOffset",
    "Edm.Decimal",
    "Edm.Double",
    "Edm.Guid",
    "Edm.Int16",
    "Edm.Int32",
    "Edm.Int64",
    "Edm.String",
];

/// Names the service reserves for its own entities and properties.
pub const RESERVED_WORDS: &[&str] = &[
    "Active",
    "AgentProfileId",
    "CalculationTime",
    "CountValue",
    "InteractionId",
    "Key",
    "KPITime",
    "LastModified",
    "LastModifiedUtcDateTimeTicks",
    "MaxValue",
    "MinValue",
    "ProfileId",
    "reserved_system_time",
    "SumValue",
    "UtcDateTime",
    "Value",
];

declare_rule! {
    /// ## What it does
    /// Reports a `fieldType` that is not one of the EDM types the service supports:
    /// `Edm.Boolean`, `Edm.Byte`, `Edm.DateTimeOffset`, `Edm.Decimal`, `Edm.Double`,
    /// `Edm.Guid`, `Edm.Int16`, `Edm.Int32`, `Edm.Int64`, `Edm.String`.
    ///
    /// ## Why is this bad?
    /// The documentation lists the fundamental types bool, byte, datetimeoffset, decimal,
    /// double, guid, int, long, short and string, and the wire uses their EDM names. Any other
    /// type cannot be provisioned. A bare `string` or `int` gets the matching EDM name as help.
    ///
    /// ## Example
    /// ```json
    /// {"fieldName": "Age", "fieldType": "int"}
    /// ```
    /// Use instead:
    /// ```json
    /// {"fieldName": "Age", "fieldType": "Edm.Int32"}
    /// ```
    pub static FIELD_TYPE = {
        code: "ci/field-type",
        kinds: [Kind::CiProfileType],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`fieldType` is not a supported EDM type",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `fieldType` written in another case than the canonical EDM name, such as
    /// `edm.string` for `Edm.String`.
    ///
    /// ## Why is this bad?
    /// One page of the documentation writes the types in lowercase, but the examples, the
    /// recorded traffic and the server's responses use `Edm.String`, `Edm.Int32`, … Whether the
    /// service compares them case-insensitively is not documented.
    ///
    /// ## Example
    /// ```json
    /// {"fieldName": "Email", "fieldType": "edm.string"}
    /// ```
    /// Use instead:
    /// ```json
    /// {"fieldName": "Email", "fieldType": "Edm.String"}
    /// ```
    ///
    /// ## Fix
    /// Rewrites the value in the canonical case (safe).
    pub static FIELD_TYPE_CASE = {
        code: "ci/field-type-case",
        kinds: [Kind::CiProfileType],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "`fieldType` is not in the canonical `Edm.Xxx` case",
    }
}

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

declare_rule! {
    /// ## What it does
    /// Reports a `fieldName` declared twice in one profile type, also when the two spellings
    /// differ only by case.
    ///
    /// ## Why is this bad?
    /// Field names become OData property names of the type; two fields with one name cannot
    /// both exist.
    pub static DUPLICATE_FIELD_NAME = {
        code: "ci/duplicate-field-name",
        kinds: [Kind::CiProfileType],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "two fields have the same `fieldName`",
    }
}

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

declare_rule! {
    /// ## What it does
    /// Reports a strong id named `ProfileId`.
    ///
    /// ## Why is this bad?
    /// The service appends its own strong id `ProfileId` to every profile type. A user strong
    /// id of that name is accepted, and the type then has two keys called `ProfileId` (the
    /// published example's response shows exactly that).
    ///
    /// ## Example
    /// ```json
    /// {"strongIdName": "ProfileId", "keyPropertyNames": ["Email"]}
    /// ```
    /// Use instead: `{"strongIdName": "EmailKey", "keyPropertyNames": ["Email"]}`.
    pub static PROFILE_ID_STRONG_ID = {
        code: "ci/profile-id-strong-id",
        kinds: [Kind::CiProfileType],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a strong id is named `ProfileId`, like the one the server adds",
    }
}

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

declare_rule! {
    /// ## What it does
    /// Reports a field named with one of the service's reserved words (compared ignoring
    /// case): `Active`, `AgentProfileId`, `CalculationTime`, `CountValue`, `InteractionId`,
    /// `Key`, `KPITime`, `LastModified`, `LastModifiedUtcDateTimeTicks`, `MaxValue`,
    /// `MinValue`, `ProfileId`, `reserved_system_time`, `SumValue`, `UtcDateTime`, `Value`.
    ///
    /// ## Why is this bad?
    /// The documentation disallows these names for custom entities and their properties (and,
    /// in the next sentence, only recommends against them; the API has been seen accepting a
    /// field named `ProfileId`). They clash with properties the service adds itself.
    pub static RESERVED_FIELD_NAME = {
        code: "ci/reserved-field-name",
        kinds: [Kind::CiProfileType],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a field is named with a reserved word",
    }
}

/// Run the profile-type rules.
pub(crate) fn check(cx: &mut RuleContext<'_>) {
    let (def, base) = definition(cx.root);
    if def.as_object().is_none() {
        return;
    }
    if cx.enabled(&MISSING_API_ENTITY_SET_NAME) && def.get("apiEntitySetName").is_none() {
        cx.report(&MISSING_API_ENTITY_SET_NAME, opening_brace(def), &base, "the profile type has no `apiEntitySetName`")
            .help = Some(
            "add `\"apiEntitySetName\": \"<Name>\"`: the documentation requires it, and it names the OData entity set of the type"
                .into(),
        );
    }
    if let Some(set) = def.get("apiEntitySetName").and_then(Node::as_str) {
        if let Some(m) = def.member("apiEntitySetName") {
            cx.fact(
                super::cross_file::FACT_API_ENTITY_SET_NAME,
                set,
                m.value.span,
                &pointer_join(&base, "apiEntitySetName"),
            );
        }
    }
    let fields: &[Node] = def.get("fields").and_then(Node::as_array).unwrap_or(&[]);
    let interaction = def.get("entityType").and_then(Node::as_str) == Some("Interaction");
    // Field names, for duplicates and for strong ids.
    let mut names: Vec<(&str, &Node)> = Vec::with_capacity(fields.len());
    for (i, f) in fields.iter().enumerate() {
        let ptr = ItemPointer::new(&base, "fields", i);
        if let Some(name_node) = f.get("fieldName") {
            if let Some(name) = name_node.as_str() {
                if cx.enabled(&DUPLICATE_FIELD_NAME) {
                    if let Some((first, first_node)) =
                        names.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))
                    {
                        let how = if *first == name {
                            ""
                        } else {
                            " (the two differ only by case)"
                        };
                        let d = cx.report(
                            &DUPLICATE_FIELD_NAME,
                            name_node.span,
                            &ptr.member("fieldName"),
                            format!("field `{}` is declared twice{how}", echo(name)),
                        );
                        d.label = Some("declared again".into());
                        d.labels
                            .push(Label::new(first_node.span, "first declared here"));
                        d.help = Some("rename or remove one of the two fields".into());
                    }
                }
                if cx.enabled(&RESERVED_FIELD_NAME) {
                    if let Some(word) = RESERVED_WORDS.iter().find(|w| w.eq_ignore_ascii_case(name))
                    {
                        cx.report(
                            &RESERVED_FIELD_NAME,
                            name_node.span,
                            &ptr.member("fieldName"),
                            format!("`{}` is a reserved word of Customer Insights", echo(name)),
                        )
                        .help = Some(
                            format!(
                            "rename the field: the service reserves `{word}` for its own properties"
                        )
                            .into(),
                        );
                    }
                }
                names.push((name, name_node));
            }
        }
        check_field(cx, f, ptr, interaction);
    }
    check_strong_ids(cx, def, &base, &names);
}

fn check_field(cx: &mut RuleContext<'_>, f: &Node, ptr: ItemPointer<'_>, interaction: bool) {
    let field_type = f.get("fieldType");
    let canonical = field_type.and_then(Node::as_str).and_then(edm_type);
    if let Some(t_node) = field_type {
        if let Some(t) = t_node.as_str() {
            match canonical {
                Some(c) if c == t => {}
                Some(c) => {
                    if cx.enabled(&FIELD_TYPE_CASE) {
                        let d = cx.report(
                            &FIELD_TYPE_CASE,
                            t_node.span,
                            &ptr.member("fieldType"),
                            format!("`{}` is written `{c}` by the service", echo(t)),
                        );
                        d.help = Some(format!("write `{c}`").into());
                        d.fix = Some(Box::new(Fix::safe(
                            vec![Edit::replace(t_node.span, json_string(c))],
                            format!("replace with `{c}`"),
                        )));
                    }
                }
                None => {
                    if cx.enabled(&FIELD_TYPE) {
                        let hint =
                            edm_for(t).or_else(|| did_you_mean(t, EDM_TYPES.iter().copied()));
                        let d = cx.report(
                            &FIELD_TYPE,
                            t_node.span,
                            &ptr.member("fieldType"),
                            format!(
                                "`{}` is not a field type Customer Insights supports",
                                echo(t)
                            ),
                        );
                        d.label = Some("unsupported type".into());
                        d.help = Some(match hint {
                            Some(h) => format!("did you mean `{h}`?").into(),
                            None => format!("use one of {}", EDM_TYPES.join(", ")).into(),
                        });
                    }
                }
            }
        }
    }
    let is_true = |k: &str| f.get(k).and_then(Node::as_bool) == Some(true);
    if let Some(m) = f.member("maxLength") {
        if let Some(c) = canonical {
            if c != "Edm.String" && cx.enabled(&MAX_LENGTH_NOT_STRING) {
                cx.report(
                    &MAX_LENGTH_NOT_STRING,
                    m.key_span,
                    &ptr.member("maxLength"),
                    format!("`maxLength` is ignored on a `{c}` field"),
                )
                .help = Some("remove `maxLength`, or make the field `Edm.String`".into());
            }
        }
    }
    if let Some(m) = f.member("arrayValueSeparator") {
        if !is_true("isArray") && cx.enabled(&ARRAY_SEPARATOR_WITHOUT_ARRAY) {
            cx.report(
                &ARRAY_SEPARATOR_WITHOUT_ARRAY,
                m.key_span,
                &ptr.member("arrayValueSeparator"),
                "`arrayValueSeparator` is ignored: the field is not an array",
            )
            .help = Some("add `\"isArray\": true`, or remove the separator".into());
        }
    }
    if let Some(m) = f.member("enumValidValues") {
        if !is_true("isEnum") && cx.enabled(&ENUM_VALUES_WITHOUT_ENUM) {
            cx.report(
                &ENUM_VALUES_WITHOUT_ENUM,
                m.key_span,
                &ptr.member("enumValidValues"),
                "`enumValidValues` is ignored: the field is not an enum",
            )
            .help = Some("add `\"isEnum\": true`, or remove the values".into());
        }
    }
    if let Some(m) = f.member("isFlagEnum") {
        if m.value.as_bool() == Some(true) && cx.enabled(&FLAG_ENUM) {
            cx.report(
                &FLAG_ENUM,
                m.key_span,
                &ptr.member("isFlagEnum"),
                "`isFlagEnum` is reserved for future use and has no effect",
            )
            .help = Some("remove it".into());
        }
    }
    if let Some(m) = f.member("isRequired") {
        if !interaction && m.value.as_bool() == Some(true) && cx.enabled(&IS_REQUIRED_ON_PROFILE) {
            cx.report(
                &IS_REQUIRED_ON_PROFILE,
                m.key_span,
                &ptr.member("isRequired"),
                "`isRequired` is only checked for interactions: profiles without this field are accepted",
            )
            .help = Some("remove it, or validate the data before importing it".into());
        }
    }
}

fn check_strong_ids(cx: &mut RuleContext<'_>, def: &Node, base: &str, fields: &[(&str, &Node)]) {
    let ids = match def.get("strongIds") {
        None => {
            if cx.enabled(&MISSING_STRONG_IDS) {
                cx.report(&MISSING_STRONG_IDS, opening_brace(def), base, "the profile type declares no strong id")
                    .help = Some(
                    "add `\"strongIds\": [{\"strongIdName\": \"<Name>\", \"keyPropertyNames\": [\"<field>\"]}]`"
                        .into(),
                );
            }
            return;
        }
        Some(n) => n,
    };
    let Some(items) = ids.as_array() else { return };
    if items.is_empty() && cx.enabled(&MISSING_STRONG_IDS) {
        cx.report(
            &MISSING_STRONG_IDS,
            ids.span,
            &pointer_join(base, "strongIds"),
            "`strongIds` is empty",
        )
        .help = Some("declare at least one key made of fields of the type".into());
    }
    let mut seen: Vec<(&str, &Node)> = Vec::new();
    for (i, s) in items.iter().enumerate() {
        let ptr = ItemPointer::new(base, "strongIds", i);
        if let Some(name_node) = s.get("strongIdName") {
            if let Some(name) = name_node.as_str() {
                if name.eq_ignore_ascii_case("ProfileId") && cx.enabled(&PROFILE_ID_STRONG_ID) {
                    cx.report(
                        &PROFILE_ID_STRONG_ID,
                        name_node.span,
                        &ptr.member("strongIdName"),
                        "the server adds its own strong id `ProfileId`: this type would have two",
                    )
                    .help = Some("give this strong id another name".into());
                }
                if cx.enabled(&DUPLICATE_STRONG_ID) {
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
                            name_node.span,
                            &ptr.member("strongIdName"),
                            format!("strong id `{}` is declared twice{how}", echo(name)),
                        );
                        d.label = Some("declared again".into());
                        d.labels
                            .push(Label::new(first_node.span, "first declared here"));
                        d.help = Some("rename or remove one of the two strong ids".into());
                    }
                }
                seen.push((name, name_node));
            }
        }
        if !cx.enabled(&UNKNOWN_KEY_PROPERTY) {
            continue;
        }
        let Some(keys) = s.get("keyPropertyNames").and_then(Node::as_array) else {
            continue;
        };
        for (k, key) in keys.iter().enumerate() {
            let Some(name) = key.as_str() else { continue };
            if name == "ProfileId" || fields.iter().any(|(f, _)| *f == name) {
                continue;
            }
            let kptr = format!("{ptr}/keyPropertyNames/{k}");
            match fields.iter().find(|(f, _)| f.eq_ignore_ascii_case(name)) {
                Some((f, f_node)) => {
                    let d = cx.report(
                        &UNKNOWN_KEY_PROPERTY,
                        key.span,
                        &kptr,
                        format!(
                            "`{}` differs from the field `{}` only by case",
                            echo(name),
                            echo(f)
                        ),
                    );
                    d.label = Some("case differs from the field".into());
                    d.labels.push(Label::new(f_node.span, "declared here"));
                    d.help = Some(format!("write `{}` as the field declares it", echo(f)).into());
                }
                None => {
                    let hint = did_you_mean(name, fields.iter().map(|(f, _)| *f));
                    let d = cx.report(
                        &UNKNOWN_KEY_PROPERTY,
                        key.span,
                        &kptr,
                        format!("`{}` is not a field of this profile type", echo(name)),
                    );
                    d.label = Some("no field of this name".into());
                    d.help = Some(match hint {
                        Some(h) => format!("did you mean `{h}`?").into(),
                        None => "declare the field in `fields`, or remove it from the key".into(),
                    });
                }
            }
        }
    }
}

/// The EDM type `t` names, whatever its case. The EDM names differ by more than case, so an
/// exact match, the usual case, is the only match.
fn edm_type(t: &str) -> Option<&'static str> {
    let exact = EDM_TYPES.iter().copied().find(|e| *e == t);
    exact.or_else(|| {
        EDM_TYPES
            .iter()
            .copied()
            .find(|e| e.eq_ignore_ascii_case(t))
    })
}

/// The EDM name of a fundamental type named the way the documentation does (`int`, `string`).
fn edm_for(t: &str) -> Option<&'static str> {
    let t = t.to_ascii_lowercase();
    let t = t.strip_prefix("system.").unwrap_or(&t);
    Some(match t {
        "bool" | "boolean" => "Edm.Boolean",
        "byte" => "Edm.Byte",
        "datetime" | "datetimeoffset" | "date" => "Edm.DateTimeOffset",
        "decimal" => "Edm.Decimal",
        "double" | "float" => "Edm.Double",
        "guid" => "Edm.Guid",
        "short" | "int16" => "Edm.Int16",
        "int" | "integer" | "int32" => "Edm.Int32",
        "long" | "int64" => "Edm.Int64",
        "string" => "Edm.String",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edm_types_differ_by_more_than_case() {
        for (i, a) in EDM_TYPES.iter().enumerate() {
            assert!(!EDM_TYPES[..i].iter().any(|b| a.eq_ignore_ascii_case(b)));
        }
        assert_eq!(edm_type("edm.string"), Some("Edm.String"));
        assert_eq!(edm_type("Edm.String"), Some("Edm.String"));
        assert_eq!(edm_type("Edm.Text"), None);
    }
}
