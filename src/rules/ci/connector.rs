//! Connectors: connector type and type-specific properties.

use super::echo;
use super::{definition, json_string, opening_brace};
use crate::core::edit::{Edit, Fix};
use crate::declare_rule;
use crate::diagnostic::{did_you_mean, Diagnostic, Severity};
use crate::kind::Kind;
use crate::models::ci::ConnectorType;
use crate::parse::{pointer_join, Node, NodeValue};
use crate::rules::{FixAvailability, RuleContext};

/// The connector types of the API specification.
pub const SPEC_TYPES: &[&str] = &[
    "None",
    "CRM",
    "AzureBlob",
    "Salesforce",
    "ExchangeOnline",
    "Outbound",
];

/// The `connectorProperties` keys of each connector type.
pub const TYPE_KEYS: &[(&str, &[&str])] = &[
    ("AzureBlob", &["connectionKeyVaultUrl"]),
    (
        "CRM",
        &[
            "organizationId",
            "organizationUrl",
            "entities",
            "connectionString",
            "accessToken",
        ],
    ),
    ("Salesforce", &["usersetting", "salesforcetables"]),
    (
        "ExchangeOnline",
        &[
            "accessToken",
            "customerProfileTypes",
            "employeeProfileTypes",
            "typeSuffix",
        ],
    ),
    ("Outbound", &["entityList", "outputBlobSASUri"]),
    (
        "SocialEngagement",
        &["mseEndPointUrl", "searchTopics", "typeSuffix"],
    ),
];

declare_rule! {
    /// ## What it does
    /// Reports a connector without `connectorType`, or with a type the API does not know.
    /// The types of the API specification are `None`, `CRM`, `AzureBlob`, `Salesforce`,
    /// `ExchangeOnline` and `Outbound` (`SocialEngagement` is reported by
    /// `ci/social-engagement`).
    ///
    /// ## Why is this bad?
    /// The type decides which `connectorProperties` the service expects; a connector without a
    /// known type cannot be created.
    ///
    /// ## Example
    /// ```json
    /// {"connectorType": "Blob", "connectorProperties": {…}}
    /// ```
    /// Use instead: `"connectorType": "AzureBlob"`.
    pub static CONNECTOR_TYPE = {
        code: "ci/connector-type",
        kinds: [Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`connectorType` is missing or unknown",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `connectorType` written in another case than the API's, such as `Crm` or
    /// `crm` for `CRM`, or `azureblob` for `AzureBlob`.
    ///
    /// ## Why is this bad?
    /// The documentation's own examples write `"Crm"`, but the API specification and its
    /// SDKs spell the type `CRM`. Whether the service matches the type case-insensitively is
    /// not documented. bodyguard checks the body as the canonical type, so its
    /// `connectorProperties` are still checked.
    ///
    /// ## Example
    /// ```json
    /// {"connectorType": "Crm", "connectorProperties": {…}}
    /// ```
    /// Use instead: `"connectorType": "CRM"`.
    ///
    /// ## Fix
    /// Rewrites the value in the canonical case (safe).
    pub static CONNECTOR_TYPE_CASE = {
        code: "ci/connector-type-case",
        kinds: [Kind::CiConnector],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "`connectorType` is not in the API's case (`Crm` for `CRM`)",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `"connectorType": "SocialEngagement"`.
    ///
    /// ## Why is this bad?
    /// Microsoft Social Engagement connectors are described in the service documentation, but
    /// the API specification (and so the SDKs and ARM) does not list the type, and no
    /// published example or recording shows the service accepting it.
    pub static SOCIAL_ENGAGEMENT = {
        code: "ci/social-engagement",
        kinds: [Kind::CiConnector],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`SocialEngagement` is documented but not in the API specification",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `connectorProperties` key that belongs to another connector type, such as
    /// `organizationId` (a CRM key) in an `AzureBlob` connector.
    ///
    /// ## Why is this bad?
    /// Each connector type reads its own properties: `connectionKeyVaultUrl` for AzureBlob;
    /// `organizationId`, `organizationUrl`, `entities`, `connectionString`, `accessToken` for
    /// CRM; `usersetting`, `salesforcetables` for Salesforce; `accessToken`,
    /// `customerProfileTypes`, `employeeProfileTypes`, `typeSuffix` for ExchangeOnline;
    /// `entityList`, `outputBlobSASUri` for Outbound; `mseEndPointUrl`, `searchTopics`,
    /// `typeSuffix` for SocialEngagement. A key of another type usually means the body was
    /// copied from another connector, or `connectorType` is wrong. `None` connectors are
    /// not checked: their properties are not documented.
    ///
    /// ## Example
    /// ```json
    /// {"connectorType": "AzureBlob", "connectorProperties": {"organizationId": "…"}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"connectorType": "AzureBlob", "connectorProperties": {"connectionKeyVaultUrl": "https://contoso.vault.azure.net/secrets/blob"}}
    /// ```
    pub static FOREIGN_CONNECTOR_PROPERTY = {
        code: "ci/foreign-connector-property",
        kinds: [Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a `connectorProperties` key belongs to another connector type",
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that `connectionKeyVaultUrl` (AzureBlob) and
    /// `usersetting.salesforceConnectionStringSecretUrl` (Salesforce) are Key Vault secret
    /// identifiers: `https://<vault>.vault.azure.net/secrets/<name>[/<version>]` (the
    /// sovereign-cloud hosts `vault.azure.cn`, `vault.usgovcloudapi.net` and
    /// `vault.microsoftazure.de` are accepted too).
    ///
    /// ## Why is this bad?
    /// The service reads the storage connection string from the Key Vault secret the URL
    /// names (the secret's `id`, as `Get-AzureKeyVaultSecret` prints it). Anything else fails:
    /// an object (the published ARM example puts CRM keys there), a plain URL of the storage
    /// account, or worse, the connection string itself, which puts the storage account key
    /// into the request body and into every file and log that holds it.
    ///
    /// ## Example
    /// ```json
    /// {"connectionKeyVaultUrl": "DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…"}
    /// ```
    /// Use instead:
    /// ```json
    /// {"connectionKeyVaultUrl": "https://contoso-vault.vault.azure.net/secrets/blob-connection"}
    /// ```
    pub static KEY_VAULT_URL = {
        code: "ci/key-vault-url",
        kinds: [Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a Key Vault secret URL is expected",
    }
}

/// Rewrite a case variant of a connector type to the API's spelling, reporting it.
pub(crate) fn normalize_type(root: &mut Node, out: &mut Vec<Diagnostic>) {
    let arm = super::is_arm(root);
    let def = if arm {
        match &mut root.value {
            NodeValue::Object(ms) => match ms.iter_mut().rev().find(|m| m.key == "properties") {
                Some(m) => &mut m.value,
                None => return,
            },
            _ => return,
        }
    } else {
        root
    };
    let NodeValue::Object(members) = &mut def.value else {
        return;
    };
    let Some(m) = members.iter_mut().rev().find(|m| m.key == "connectorType") else {
        return;
    };
    let NodeValue::String(ty) = &m.value.value else {
        return;
    };
    if ConnectorType::ALL.iter().any(|(name, _)| name == ty) {
        return;
    }
    let Some((canonical, _)) = ConnectorType::ALL
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(ty))
    else {
        return;
    };
    let pointer = if arm {
        "/properties/connectorType"
    } else {
        "/connectorType"
    };
    out.push(
        Diagnostic::new(
            &CONNECTOR_TYPE_CASE,
            format!(
                "connector type `{}` is spelled `{canonical}` in the API",
                echo(ty)
            ),
        )
        .with_span(m.value.span)
        .with_pointer(pointer)
        .with_label_text("non-canonical case")
        .with_help(format!("write `{canonical}`"))
        .with_fix(Fix::safe(
            vec![Edit::replace(m.value.span, json_string(canonical))],
            format!("replace with `{canonical}`"),
        )),
    );
    m.value.value = NodeValue::String((*canonical).into());
}

/// Run the connector rules.
pub(crate) fn check(cx: &mut RuleContext<'_>) {
    let (def, base) = definition(cx.root);
    if def.as_object().is_none() {
        return;
    }
    let ty_node = def.get("connectorType");
    let ty = ty_node.and_then(Node::as_str);
    match ty_node {
        None => {
            if cx.enabled(&CONNECTOR_TYPE) {
                cx.report(
                    &CONNECTOR_TYPE,
                    opening_brace(def),
                    &base,
                    "missing required key `connectorType`",
                )
                .help = Some(
                    format!("add `\"connectorType\"`: one of {}", SPEC_TYPES.join(", ")).into(),
                );
            }
        }
        Some(n) => {
            let ptr = pointer_join(&base, "connectorType");
            match ty {
                Some("SocialEngagement") if cx.enabled(&SOCIAL_ENGAGEMENT) => {
                    cx.report(
                            &SOCIAL_ENGAGEMENT,
                            n.span,
                            &ptr,
                            "`SocialEngagement` is documented, but the API specification has no such connector type",
                        )
                        .help = Some(format!("the API specification lists {}", SPEC_TYPES.join(", ")).into());
                }
                Some(t)
                    if !ConnectorType::ALL.iter().any(|(name, _)| *name == t)
                        && cx.enabled(&CONNECTOR_TYPE) =>
                {
                    let hint = did_you_mean(t, SPEC_TYPES.iter().copied()).or_else(|| {
                        let lower = t.to_ascii_lowercase();
                        SPEC_TYPES
                            .iter()
                            .copied()
                            .find(|s| lower.contains(&s.to_ascii_lowercase()) && s.len() > 3)
                    });
                    let d = cx.report(
                        &CONNECTOR_TYPE,
                        n.span,
                        &ptr,
                        format!("`{}` is not a connector type", echo(t)),
                    );
                    d.label = Some("unknown type".into());
                    d.help = Some(match hint {
                        Some(h) => format!("did you mean `{h}`?").into(),
                        None => format!("use one of {}", SPEC_TYPES.join(", ")).into(),
                    });
                }
                _ => {}
            }
        }
    }
    let Some(props) = def.get("connectorProperties") else {
        return;
    };
    let props_ptr = pointer_join(&base, "connectorProperties");
    let Some(ty) = ty else { return };
    let Some(own) = TYPE_KEYS.iter().find(|(t, _)| *t == ty).map(|(_, k)| *k) else {
        return;
    };
    if let Some(members) = props.as_object() {
        for m in members {
            if own.contains(&m.key.as_str()) || !cx.enabled(&FOREIGN_CONNECTOR_PROPERTY) {
                continue;
            }
            let owners: Vec<&str> = TYPE_KEYS
                .iter()
                .filter(|(_, keys)| keys.contains(&m.key.as_str()))
                .map(|(t, _)| *t)
                .collect();
            if owners.is_empty() {
                continue; // an unknown key: the schema pass reports it
            }
            let d = cx.report(
                &FOREIGN_CONNECTOR_PROPERTY,
                m.key_span,
                &pointer_join(&props_ptr, &m.key),
                format!(
                    "`{}` belongs to a {} connector, not {ty}",
                    m.key,
                    owners.join(" or ")
                ),
            );
            d.label = Some(compact_str::format_compact!("{} key", owners.join("/")));
            d.help = Some(
                format!(
                    "{} connector takes {}; check `connectorType`, or remove the key",
                    a_or_an(ty),
                    own.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
                .into(),
            );
        }
    }
    if ty == "AzureBlob" {
        if let Some(m) = props.member("connectionKeyVaultUrl") {
            key_vault_url(
                cx,
                &m.value,
                &pointer_join(&props_ptr, "connectionKeyVaultUrl"),
                "connectionKeyVaultUrl",
                "the storage connection string",
            );
        }
    }
    if ty == "Salesforce" {
        if let Some(m) = props
            .get("usersetting")
            .and_then(|u| u.member("salesforceConnectionStringSecretUrl"))
        {
            let ptr = format!("{props_ptr}/usersetting/salesforceConnectionStringSecretUrl");
            key_vault_url(
                cx,
                &m.value,
                &ptr,
                "salesforceConnectionStringSecretUrl",
                "the Salesforce connection string",
            );
        }
    }
}

fn key_vault_url(cx: &mut RuleContext<'_>, value: &Node, ptr: &str, key: &str, holds: &str) {
    if !cx.enabled(&KEY_VAULT_URL) {
        return;
    }
    let (message, help) = match &value.value {
        NodeValue::String(s) if is_key_vault_secret_url(s) => return,
        NodeValue::String(s) if crate::secrets::marker_in(s).is_some() || s.contains(';') => (
            format!("`{key}` holds a connection string, not a Key Vault secret URL"),
            format!(
                "store {holds} as a Key Vault secret and put the secret's URL here \
                 (`https://<vault>.vault.azure.net/secrets/<name>`); the credential in this file \
                 must be considered leaked and rotated"
            ),
        ),
        NodeValue::String(_) => (
            format!("`{key}` is not a Key Vault secret URL"),
            format!(
                "use the identifier of the Key Vault secret holding {holds}: \
                 `https://<vault>.vault.azure.net/secrets/<name>[/<version>]`"
            ),
        ),
        NodeValue::Object(members) => {
            let crm: Vec<String> = members
                .iter()
                .filter(|m| {
                    TYPE_KEYS
                        .iter()
                        .any(|(t, keys)| *t == "CRM" && keys.contains(&m.key.as_str()))
                })
                .map(|m| format!("`{}`", m.key))
                .collect();
            let message = if crm.is_empty() {
                format!("`{key}` is an object; a Key Vault secret URL string is expected")
            } else {
                format!(
                    "`{key}` is an object holding CRM connector keys ({}), not a Key Vault secret URL",
                    crm.join(", ")
                )
            };
            (
                message,
                format!(
                    "put the URL of the Key Vault secret holding {holds} here, as a string; CRM keys \
                     belong to a connector with `\"connectorType\": \"CRM\"`"
                ),
            )
        }
        _ => (
            format!("`{key}` must be a string: a Key Vault secret URL"),
            "`https://<vault>.vault.azure.net/secrets/<name>[/<version>]`".to_string(),
        ),
    };
    let d = cx.report(&KEY_VAULT_URL, value.span, ptr, message);
    d.label = Some("not a Key Vault secret URL".into());
    d.help = Some(help.into());
}

/// `name` with its indefinite article (`an AzureBlob`, `a CRM`).
pub fn a_or_an(name: &str) -> String {
    let vowel = name.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']);
    format!("{} {name}", if vowel { "an" } else { "a" })
}

/// True for `https://<vault>.vault.azure.net/secrets/<name>[/<version>]` (and the
/// sovereign-cloud Key Vault hosts).
pub fn is_key_vault_secret_url(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("https://") else {
        return false;
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_suffix(":443").unwrap_or(&host);
    let Some(vault) = [
        ".vault.azure.net",
        ".vault.azure.cn",
        ".vault.usgovcloudapi.net",
        ".vault.microsoftazure.de",
    ]
    .iter()
    .find_map(|suffix| host.strip_suffix(suffix)) else {
        return false;
    };
    let vault_ok = (3..=24).contains(&vault.len())
        && vault.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && vault.starts_with(|c: char| c.is_ascii_alphabetic());
    let mut parts = path.trim_end_matches('/').split('/');
    let secrets = parts.next() == Some("secrets");
    let name_ok = parts.next().is_some_and(|n| {
        (1..=127).contains(&n.len()) && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    let version_ok = match parts.next() {
        None => true,
        Some(v) => !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric()),
    };
    vault_ok && secrets && name_ok && version_ok && parts.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_vault_urls() {
        for ok in [
            "https://contoso-vault.vault.azure.net/secrets/blob",
            "https://contoso.vault.azure.net/secrets/blob/0123456789abcdef0123456789abcdef",
            "https://kv1.vault.azure.cn/secrets/a-b",
        ] {
            assert!(is_key_vault_secret_url(ok), "{ok}");
        }
        for bad in [
            "http://contoso.vault.azure.net/secrets/blob",
            "https://contoso.vault.azure.net/keys/blob",
            "https://contoso.blob.core.windows.net/secrets/blob",
            "https://contoso.vault.azure.net/secrets/",
            "https://contoso.vault.azure.net/secrets/a/b/c",
            "vault=off;DefaultEndpointsProtocol=https;AccountName=x;AccountKey=y",
        ] {
            assert!(!is_key_vault_secret_url(bad), "{bad}");
        }
    }
}
