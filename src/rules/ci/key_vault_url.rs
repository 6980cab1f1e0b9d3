//! `ci/key-vault-url`: a Key Vault secret URL is expected where the service reads one.

use super::connector::TYPE_KEYS;
use super::{Ci, CiPack};
use crate::core::pointer::pointer_join;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::{Node, Value};
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

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

/// `ci/key-vault-url` as its pack runs it.
pub struct KeyVaultUrl;

impl Rule<CiPack> for KeyVaultUrl {
    fn meta(&self) -> &'static RuleMeta {
        &KEY_VAULT_URL
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(connector) = &ci.connector else {
            return;
        };
        let (Some(ty), Some(props)) = (connector.ty, connector.props) else {
            return;
        };
        if ty == "AzureBlob" {
            if let Some(m) = props.member("connectionKeyVaultUrl") {
                key_vault_url(
                    cx,
                    m.value(),
                    &pointer_join(
                        &pointer_join(ci.base, "connectorProperties"),
                        "connectionKeyVaultUrl",
                    ),
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
                let ptr = format!(
                    "{}/usersetting/salesforceConnectionStringSecretUrl",
                    pointer_join(ci.base, "connectorProperties")
                );
                key_vault_url(
                    cx,
                    m.value(),
                    &ptr,
                    "salesforceConnectionStringSecretUrl",
                    "the Salesforce connection string",
                );
            }
        }
    }
}

fn key_vault_url(cx: &mut RuleContext<'_>, value: Node<'_>, ptr: &str, key: &str, holds: &str) {
    let (message, help) = match value.value() {
        Value::String(s) if is_key_vault_secret_url(s) => return,
        Value::String(s) if crate::secrets::marker_in(s).is_some() || s.contains(';') => (
            format!("`{key}` holds a connection string, not a Key Vault secret URL"),
            format!(
                "store {holds} as a Key Vault secret and put the secret's URL here \
                 (`https://<vault>.vault.azure.net/secrets/<name>`); the credential in this file \
                 must be considered leaked and rotated"
            ),
        ),
        Value::String(_) => (
            format!("`{key}` is not a Key Vault secret URL"),
            format!(
                "use the identifier of the Key Vault secret holding {holds}: \
                 `https://<vault>.vault.azure.net/secrets/<name>[/<version>]`"
            ),
        ),
        Value::Object(members) => {
            let crm: Vec<String> = members
                .iter()
                .filter(|m| {
                    TYPE_KEYS
                        .iter()
                        .any(|(t, keys)| *t == "CRM" && keys.contains(&m.key()))
                })
                .map(|m| format!("`{}`", m.key()))
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
    let d = cx.report(&KEY_VAULT_URL, value.span(), ptr, message);
    d.label = Some("not a Key Vault secret URL".into());
    d.help = Some(help.into());
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
