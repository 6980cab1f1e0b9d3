//! Rules for Customer Insights bodies (profile types and connectors), api-version 2017-04-26.
//!
//! One rule per file; [`CiPack`] builds the typed view of a body once ([`view::Ci`]: the
//! definition whether the body is in the hub form or wrapped in ARM's `properties`, a
//! profile type's fields and their names, a connector's type and properties) and runs the
//! rules that are on. Some findings come from elsewhere:
//!
//! - `ci/key-case`, `ci/key-case-conflict` and `ci/connector-type-case` are found while
//!   `normalize` rewrites the tree to canonical keys before the schema pass (`keys`,
//!   [`connector_type_case`]);
//! - `ci/method`, `ci/missing-api-version`, `ci/api-version`, `ci/query-parameter` (and
//!   `ci/invalid-name`, `ci/invalid-locale`, `ci/locale-case` on the URL) are request-level:
//!   the request check reports them (`src/request/ci.rs`);
//! - `ci/duplicate-api-entity-set-name` is cross-file: each file records its name, then
//!   [`check_project`] compares them.
//!
//! Shared helpers: [`view`] (the view, pointers, echoing user text), [`edm`] (field types),
//! [`connector`] (connector types and their keys), [`locale`] (locale codes).

pub mod api_version;
pub mod array_separator_without_array;
pub mod body_form;
pub mod connector;
pub mod connector_type;
pub mod connector_type_case;
pub mod duplicate_api_entity_set_name;
pub mod duplicate_field_name;
pub mod duplicate_strong_id;
pub mod edm;
pub mod enum_values_without_enum;
pub mod field_type;
pub mod field_type_case;
pub mod flag_enum;
pub mod foreign_connector_property;
pub mod invalid_locale;
pub mod invalid_name;
pub mod is_required_on_profile;
pub mod key_case;
pub mod key_case_conflict;
pub mod key_shapes;
pub mod key_vault_url;
pub mod keys;
pub mod locale;
pub mod locale_case;
pub mod max_length_not_string;
pub mod method;
pub mod missing_api_entity_set_name;
pub mod missing_api_version;
pub mod missing_strong_ids;
pub mod name_mismatch;
pub mod profile_id_strong_id;
pub mod query_parameter;
pub mod read_only_key;
pub mod request;
pub mod reserved_field_name;
pub mod secret;
pub mod social_engagement;
pub mod unknown_key_property;
pub mod view;

pub use duplicate_api_entity_set_name::{check_project, FACT_API_ENTITY_SET_NAME};
pub use request::REQUEST_RULES;
pub use view::{echo, Ci};

use crate::core::limit::LimitedFindings;
use crate::core::{Kind, RuleMeta};
use crate::parse::{Node, Tree};
use crate::rules::pack::{Pack, Rule};
use crate::rules::RuleContext;
use crate::schema::finding::{SchemaErrorKind, SchemaFinding, Segment, Segment::Key};
use view::definition;

/// The api-version these rules (and the schemas) describe.
pub const API_VERSION: &str = "2017-04-26";

/// The rules this pack runs over a body, sorted by code (one line per rule file).
static PACK_RULES: &[&dyn Rule<CiPack>] = &[
    &array_separator_without_array::ArraySeparatorWithoutArray,
    &body_form::BodyForm,
    &connector_type::ConnectorTypeRule,
    &duplicate_api_entity_set_name::DuplicateApiEntitySetName,
    &duplicate_field_name::DuplicateFieldName,
    &duplicate_strong_id::DuplicateStrongId,
    &enum_values_without_enum::EnumValuesWithoutEnum,
    &field_type::FieldType,
    &field_type_case::FieldTypeCase,
    &flag_enum::FlagEnum,
    &foreign_connector_property::ForeignConnectorProperty,
    &invalid_locale::InvalidLocale,
    &invalid_name::InvalidName,
    &is_required_on_profile::IsRequiredOnProfile,
    &key_vault_url::KeyVaultUrl,
    &locale_case::LocaleCase,
    &max_length_not_string::MaxLengthNotString,
    &missing_api_entity_set_name::MissingApiEntitySetName,
    &missing_strong_ids::MissingStrongIds,
    &name_mismatch::NameMismatch,
    &profile_id_strong_id::ProfileIdStrongId,
    &read_only_key::ReadOnlyKey,
    &reserved_field_name::ReservedFieldName,
    &secret::Secret,
    &social_engagement::SocialEngagement,
    &unknown_key_property::UnknownKeyProperty,
];

/// The metadata of every rule of this pack, sorted by code (those reported before the
/// schema pass, by the request check and across files included).
pub static RULES: &[&RuleMeta] = &[
    &api_version::API_VERSION,
    &array_separator_without_array::ARRAY_SEPARATOR_WITHOUT_ARRAY,
    &body_form::BODY_FORM,
    &connector_type::CONNECTOR_TYPE,
    &connector_type_case::CONNECTOR_TYPE_CASE,
    &duplicate_api_entity_set_name::DUPLICATE_API_ENTITY_SET_NAME,
    &duplicate_field_name::DUPLICATE_FIELD_NAME,
    &duplicate_strong_id::DUPLICATE_STRONG_ID,
    &enum_values_without_enum::ENUM_VALUES_WITHOUT_ENUM,
    &field_type::FIELD_TYPE,
    &field_type_case::FIELD_TYPE_CASE,
    &flag_enum::FLAG_ENUM,
    &foreign_connector_property::FOREIGN_CONNECTOR_PROPERTY,
    &invalid_locale::INVALID_LOCALE,
    &invalid_name::INVALID_NAME,
    &is_required_on_profile::IS_REQUIRED_ON_PROFILE,
    &key_case::KEY_CASE,
    &key_case_conflict::KEY_CASE_CONFLICT,
    &key_vault_url::KEY_VAULT_URL,
    &locale_case::LOCALE_CASE,
    &max_length_not_string::MAX_LENGTH_NOT_STRING,
    &method::METHOD,
    &missing_api_entity_set_name::MISSING_API_ENTITY_SET_NAME,
    &missing_api_version::MISSING_API_VERSION,
    &missing_strong_ids::MISSING_STRONG_IDS,
    &name_mismatch::NAME_MISMATCH,
    &profile_id_strong_id::PROFILE_ID_STRONG_ID,
    &query_parameter::QUERY_PARAMETER,
    &read_only_key::READ_ONLY_KEY,
    &reserved_field_name::RESERVED_FIELD_NAME,
    &secret::SECRET,
    &social_engagement::SOCIAL_ENGAGEMENT,
    &unknown_key_property::UNKNOWN_KEY_PROPERTY,
];

/// The pack of Customer Insights profile types and connectors.
pub struct CiPack;

impl Pack for CiPack {
    type View<'a> = Ci<'a>;
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::CiProfileType, Kind::CiConnector]
    }
    fn rules(&self) -> &'static [&'static dyn Rule<Self>] {
        PACK_RULES
    }
    fn view<'a>(&self, cx: &RuleContext<'a>) -> Option<Ci<'a>> {
        Some(Ci::new(cx.kind, cx.root))
    }
    fn refine_schema(&self, kind: Kind, root: Node<'_>, findings: &mut [SchemaFinding<'_>]) {
        refine(kind, root, findings);
    }
}

/// Rewrite keys to their canonical case before the schema pass (and `Crm` to `CRM`); true
/// when a key was renamed.
pub(crate) fn normalize(kind: Kind, tree: &mut Tree, out: &mut LimitedFindings<'_>) -> bool {
    let renamed = keys::normalize(kind, tree, out);
    if kind == Kind::CiConnector {
        connector_type_case::normalize_type(tree, out);
    }
    renamed
}

/// Sharpen schema findings on these bodies.
///
/// Most schema findings these rules explain better are superseded by a rule finding on the
/// identical span (the checker drops the schema finding then); here only the wording of
/// findings no rule re-reports is adjusted.
fn refine(kind: Kind, root: Node<'_>, findings: &mut [SchemaFinding<'_>]) {
    if kind != Kind::CiConnector {
        return;
    }
    let (def, base) = definition(root);
    let Some(ty) = def.get("connectorType").and_then(Node::as_str) else {
        return;
    };
    let properties: &[Segment] = if base.is_empty() {
        &[Key("connectorProperties")]
    } else {
        &[Key("properties"), Key("connectorProperties")]
    };
    for f in findings.iter_mut() {
        // `connectorProperties` of a known type missing a required key: name the type.
        if matches!(f.kind, SchemaErrorKind::Required { .. })
            && f.segments().starts_with(properties)
        {
            f.help =
                Some(format!("a {ty} connector needs this key in `connectorProperties`").into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::view::*;
    use super::*;
    use crate::core::edit::apply;

    fn parse(text: &str) -> Tree {
        let mut d = Vec::new();
        crate::parse::parse(text, crate::parse::Syntax::Jsonc, &mut d)
            .tree
            .unwrap()
    }

    #[test]
    fn the_pack_runs_its_rules_in_code_order_and_lists_them() {
        let codes: Vec<&str> = PACK_RULES.iter().map(|r| r.meta().code).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "{codes:?}");
        assert!(RULES.windows(2).all(|w| w[0].code < w[1].code));
        for code in codes {
            assert!(RULES.iter().any(|r| r.code == code), "{code}");
        }
    }

    #[test]
    fn the_view_resolves_the_arm_wrapper_once() {
        let hub = parse(r#"{"connectorType": "AzureBlob"}"#);
        let arm = parse(r#"{"id": "x", "properties": {"connectorType": "AzureBlob"}}"#);
        let bare = Ci::new(Kind::CiConnector, hub.root());
        let wrapped = Ci::new(Kind::CiConnector, arm.root());
        assert!(!bare.arm && wrapped.arm);
        assert_eq!((bare.base, wrapped.base), ("", "/properties"));
        for view in [bare, wrapped] {
            assert_eq!(view.connector.and_then(|c| c.ty), Some("AzureBlob"));
            assert!(view.profile.is_none());
        }
    }

    #[test]
    fn pointers_are_built_as_pointer_join_does() {
        for key in ["a", "", "a/b", "~", "~1/", "é/~"] {
            let mut p = String::from("/x");
            push_pointer_segment(&mut p, key);
            assert_eq!(p, crate::core::pointer::pointer_join("/x", key));
        }
        for index in [0, 7, 10, 99, 1234, usize::MAX] {
            let mut p = String::from("/x");
            push_pointer_index(&mut p, index);
            assert_eq!(p, format!("/x/{index}"));
        }
        assert_eq!(ItemPointer::new("/p", "a/b", 3).to_string(), "/p/a~1b/3");
        assert_eq!(
            ItemPointer::new("", "fields", 2).member("x~"),
            "/fields/2/x~0"
        );
    }

    #[test]
    fn member_removal_keeps_formatting() {
        let cases = [
            (r#"{"a": 1, "b": 2}"#, 0, r#"{"b": 2}"#),
            (r#"{"a": 1, "b": 2}"#, 1, r#"{"a": 1}"#),
            (
                "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}",
                1,
                "{\n  \"a\": 1,\n  \"c\": 3\n}",
            ),
            (
                "{\n  \"a\": 1,\n  \"b\": {\"x\": [1]}\n}",
                1,
                "{\n  \"a\": 1\n}",
            ),
            (r#"{"a": 1}"#, 0, r#"{}"#),
            (
                "{\n  \"a\": 1,\n  // about b\n  \"b\": 2\n}",
                0,
                "{\n  // about b\n  \"b\": 2\n}",
            ),
        ];
        for (text, i, want) in cases {
            let root = parse(text);
            let layout = crate::rules::remove::Layout {
                text: Some(text),
                comments: &[],
            };
            let fix = remove_member_fix(layout, root.root(), i, "t".into()).unwrap();
            assert_eq!(apply(text, [&fix]).0, want);
        }
    }

    #[test]
    fn a_rule_finding_replaces_the_schema_finding_on_the_same_span() {
        // Renamed keys come first in the findings: the schema finding on `connectorType`'s
        // value must still give way to the rule's.
        let text =
            r#"{"ConnectorName": "blob1", "ConnectorType": "Blob", "ConnectorProperties": {}}"#;
        let report = crate::Checker::new().check(Kind::CiConnector, text);
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code()).collect();
        assert_eq!(
            codes,
            [
                "ci/key-case",
                "ci/key-case",
                "ci/connector-type",
                "ci/key-case"
            ]
        );
    }

    /// Applying the safe fixes of every fixable ci rule to its failing fixtures leaves no
    /// finding of that rule.
    #[test]
    fn safe_fixes_resolve_their_findings() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
        for rule in RULES
            .iter()
            .filter(|r| r.fix != crate::rules::FixAvailability::None)
        {
            let dir = root.join(rule.code);
            let settings = crate::Settings {
                select: Some(vec![rule.code.to_string()]),
                ..Default::default()
            };
            let checker = crate::Checker::with_settings(settings);
            let mut fixed_any = false;
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !(name.starts_with("fail-") && name.ends_with(".json")) {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let report =
                    checker.check_source(crate::SourceFile::new(name.clone(), text.clone()), None);
                let fixes: Vec<_> = report
                    .diagnostics
                    .iter()
                    .filter_map(|d| d.fix.as_deref())
                    .collect();
                assert_eq!(fixes.len(), report.diagnostics.len(), "{name}");
                let mut current = text;
                for _ in 0..4 {
                    let report = checker
                        .check_source(crate::SourceFile::new(name.clone(), current.clone()), None);
                    let fixes: Vec<_> = report
                        .diagnostics
                        .iter()
                        .filter_map(|d| d.fix.as_deref())
                        .collect();
                    if fixes.is_empty() {
                        break;
                    }
                    current = apply(&current, fixes).0;
                }
                let after = checker
                    .check_source(crate::SourceFile::new(name.clone(), current.clone()), None);
                assert!(
                    after.is_clean(),
                    "{}/{name}: {:?}\n{current}",
                    rule.code,
                    after.diagnostics
                );
                assert!(
                    serde_json::from_str::<serde_json::Value>(&current).is_ok(),
                    "{current}"
                );
                fixed_any = true;
            }
            assert!(fixed_any, "{}", rule.code);
        }
    }

    #[test]
    fn missing_type_specific_keys_name_the_type() {
        let needs = Some("a CRM connector needs this key in `connectorProperties`");
        for (text, key, help) in [
            (
                r#"{"connectorType": "Crm", "connectorProperties": {"organizationUrl": "https://contoso.crm.dynamics.com/", "entities": []}}"#,
                "organizationId",
                needs,
            ),
            (
                r#"{"properties": {"connectorType": "CRM", "connectorProperties": {"organizationId": "o", "entities": []}}}"#,
                "organizationUrl",
                needs,
            ),
            // `connectorProperties` itself missing is not a key missing in it.
            (
                r#"{"connectorType": "CRM", "connectorName": "crm"}"#,
                "connectorProperties",
                None,
            ),
            (
                r#"{"properties": {"connectorType": "CRM", "connectorName": "crm"}}"#,
                "connectorProperties",
                None,
            ),
        ] {
            let report = crate::Checker::new().check(Kind::CiConnector, text);
            let required: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| *d.meta == crate::core::builtin::SCHEMA_REQUIRED)
                .collect();
            assert_eq!(required.len(), 1, "{:?}", report.diagnostics);
            assert_eq!(
                &*required[0].message,
                format!("missing required key `{key}`")
            );
            assert_eq!(required[0].help.as_deref(), help, "{text}");
        }
    }
}
