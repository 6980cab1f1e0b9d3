//! `ci/secret`: a credential written into a body.

use super::view::echo;
use super::{Ci, CiPack};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;
use crate::secrets::SecretReason;

declare_rule! {
    /// ## What it does
    /// Reports a credential written into the body: a storage account key (`AccountKey=`), a
    /// password in a connection string (`Password=`, `Pwd=`), a shared access signature
    /// (`sig=`, `SharedAccessSignature`, `SharedAccessKey=`), or a literal value under a key
    /// that holds one (`accessToken`, `connectionString`, `password`, `outputBlobSASUri`, …).
    /// The message and every output of bodyguard show the value masked, never the value.
    ///
    /// ## Why is this bad?
    /// A definition file lives in version control, CI logs and review tools; a credential in
    /// it is leaked to everyone who can read any of them. Customer Insights reads connection
    /// strings from Key Vault (`connectionKeyVaultUrl`,
    /// `salesforceConnectionStringSecretUrl`), so the body never needs the secret itself.
    /// A credential that was committed must be rotated.
    ///
    /// ## Example
    /// ```json
    /// {"connectorType": "AzureBlob",
    ///  "connectorProperties": {"connectionKeyVaultUrl": "DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=…"}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"connectorType": "AzureBlob",
    ///  "connectorProperties": {"connectionKeyVaultUrl": "https://contoso-vault.vault.azure.net/secrets/blob-connection"}}
    /// ```
    pub static SECRET = {
        code: "ci/secret",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a credential is written into the body",
    }
}

/// `ci/secret` as its pack runs it: every secret value of the body (never echoing it).
pub struct Secret;

impl Rule<CiPack> for Secret {
    fn meta(&self) -> &'static RuleMeta {
        &SECRET
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        // The checker has already looked for secrets in the body as written (to mask them): a
        // body without any needs no second walk.
        if cx.secret_values == Some(0) {
            return;
        }
        for secret in crate::secrets::find(ci.root) {
            let key = secret
                .pointer
                .rsplit('/')
                .next()
                .map(crate::core::pointer::unescape_pointer_segment)
                .unwrap_or_default()
                .into_owned();
            let (message, label) = match secret.reason {
                SecretReason::ValueMarker(marker) => {
                    let what = match marker {
                        "accountkey=" => "a storage account key (`AccountKey=`)",
                        "password=" | "pwd=" => "a password (`Password=`)",
                        "sig=" | "sharedaccesssignature" => "a shared access signature",
                        "sharedaccesskey=" => "a shared access key (`SharedAccessKey=`)",
                        _ => "a credential",
                    };
                    (format!("`{}` holds {what}", echo(&key)), "secret (masked)")
                }
                SecretReason::KeyName => (
                    format!("`{}` holds a literal credential", echo(&key)),
                    "secret (masked)",
                ),
            };
            let d = cx.report(&SECRET, secret.span, &secret.pointer, message);
            d.label = Some(label.into());
            d.help = Some(
            "keep credentials out of request bodies kept in files: store them in Key Vault and \
             reference the secret's URL; consider this one leaked and rotate it"
                .into(),
        );
        }
    }
}
