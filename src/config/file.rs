//! The `bodyguard.toml` file as written: its tables and entries, read with serde and
//! described for editors with schemars.

use crate::core::diagnostic::Severity;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A rule level in `[rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// The rule does not run.
    Off,
    /// Report as info.
    Info,
    /// Report as warning.
    Warning,
    /// Report as error.
    Error,
}

impl RuleLevel {
    pub(super) fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Error => Some(Severity::Error),
        }
    }
}

/// Configuration of bodyguard: which files hold which kind of body, what exists on the
/// target, how serious each rule is, and which findings are accepted.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "bodyguard.toml")]
pub struct ConfigFile {
    /// Map files to the kind of body they hold, so they are checked as that kind without
    /// `--kind` and without sniffing the content. The first matching entry wins.
    #[serde(default)]
    pub kinds: Vec<KindEntry>,
    /// Files describing what exists on the target (indexes, collections, roles), so
    /// references can be checked offline. Paths are relative to `bodyguard.toml`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub inventory: Vec<Spanned<String>>,
    /// Severity per rule code: `off`, `info`, `warning` or `error`. `bodyguard rules` lists
    /// the codes.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RuleLevel>")]
    pub rules: BTreeMap<Spanned<String>, Spanned<RuleLevel>>,
    /// Findings to suppress, each with the reason it is accepted. An entry that suppresses
    /// nothing is reported (`config/unused-ignore`).
    #[serde(default)]
    #[schemars(with = "Vec<IgnoreEntry>")]
    pub ignore: Vec<Spanned<IgnoreEntry>>,
    /// Template placeholders in bodies built at run time (`{tenantIndex}`, `${index}`,
    /// `<index>`, `{{index}}`): strings holding one are not judged, unless a sample value is
    /// given, which is checked in its place.
    #[serde(default)]
    pub templates: Option<TemplatesEntry>,
    /// Plugins of the target: their controllers (with their actions), the roles they
    /// register and the authentication strategies they provide, so that roles, profiles and
    /// users using them are checked instead of warned about.
    #[serde(default)]
    pub plugins: Vec<PluginEntry>,
    /// The largest file bodyguard reads (inputs, inventories): a number of bytes or a size
    /// such as `"64 MiB"`. Default 256 MiB; `--max-file-size` overrides it.
    #[serde(default, rename = "max-file-size")]
    #[schemars(with = "Option<SizeValue>")]
    pub max_file_size: Option<Spanned<SizeValue>>,
    /// The findings of one rule a file shows at most; past it, one more finding says how
    /// many were left out. Default 1000; 0 shows every finding; `--max-findings-per-rule`
    /// overrides it.
    #[serde(default, rename = "max-findings-per-rule")]
    pub max_findings_per_rule: Option<usize>,
}

/// One `[[plugins]]` entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PluginEntry {
    /// The plugin's name, e.g. `device-manager`.
    pub name: String,
    /// Controllers → actions, e.g. `assets = ["create", "get"]` (`device-manager/assets`; a
    /// name with `/` is taken as is). Without any, every `<name>/…` controller is known.
    #[serde(default)]
    pub controllers: BTreeMap<String, Vec<String>>,
    /// Roles the plugin registers.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Authentication strategies the plugin provides (besides `local`).
    #[serde(default)]
    pub strategies: Vec<String>,
}

/// The `[templates]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplatesEntry {
    /// Placeholder syntaxes, `NAME` standing for the name; default
    /// `["{{NAME}}", "${NAME}", "{NAME}", "<NAME>"]`. `[]` recognises none.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub patterns: Option<Spanned<Vec<String>>>,
    /// Sample value per placeholder name (`tenantIndex = "tenant-a"`), checked in its place.
    #[serde(default)]
    pub samples: BTreeMap<String, String>,
}

/// A size: bytes, or a number and a unit (`B`, `KiB`, `MiB`, `GiB`, `KB`, `MB`, `GB`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SizeValue {
    /// A number of bytes.
    Bytes(u64),
    /// A number and a unit, e.g. `"64 MiB"`.
    Text(String),
}

/// A kind of request body.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
enum KindName {
    /// Kuzzle v2 security profile.
    KuzzleProfile,
    /// Kuzzle v2 security role.
    KuzzleRole,
    /// Kuzzle securities file (`admin:loadSecurities`).
    KuzzleSecurities,
    /// Customer Insights profile type.
    CiProfileType,
    /// Customer Insights data connector.
    CiConnector,
}

/// One `[[kinds]]` entry.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KindEntry {
    /// Glob of the files, relative to `bodyguard.toml` (`profiles/**/*.json`); a glob
    /// without `/` matches file names at any depth.
    #[schemars(with = "String")]
    pub files: Spanned<String>,
    /// The kind of body: `kuzzle-profile`, `kuzzle-role`, `kuzzle-securities`,
    /// `ci-profile-type` or `ci-connector`.
    #[schemars(with = "KindName")]
    pub kind: Spanned<String>,
}

/// One `[[ignore]]` entry.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IgnoreEntry {
    /// The rule code to suppress, e.g. `schema/unknown-key`.
    #[schemars(with = "String")]
    pub code: Spanned<String>,
    /// Glob of the files it applies to, relative to `bodyguard.toml`; a glob without `/`
    /// matches file names at any depth.
    #[schemars(with = "String")]
    pub files: Spanned<String>,
    /// JSON Pointer of the place (`/policies/0/restrictedTo`); findings at that place or
    /// below it are suppressed. Without it, the whole file.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub pointer: Option<Spanned<String>>,
    /// Why the finding is accepted. Required.
    #[schemars(with = "String")]
    pub reason: Spanned<String>,
}
