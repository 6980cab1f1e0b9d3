//! Server settings, in layers: command-line flags, then `bodyguard.toml`, then the client's
//! `initializationOptions`, then `workspace/didChangeConfiguration`; a later layer wins.

use crate::config::{FileGlob, RuleLevel};
use crate::core::diagnostic::Severity;
use crate::core::Kind;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// When documents are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "camelCase")]
pub enum Run {
    /// On open, on every change and on save.
    #[default]
    OnType,
    /// On open and on save only.
    OnSave,
}

/// `bodyguard server` flags: the lowest layer.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ServerArgs {
    /// When to check: `on-type` (open, change, save) or `on-save` (open, save).
    #[arg(long, value_name = "WHEN")]
    pub run: Option<Run>,
    /// Severity of a rule, `CODE=LEVEL` (off, info, warning, error); repeatable.
    #[arg(long = "rule", value_name = "CODE=LEVEL")]
    pub rules: Vec<String>,
    /// What exists on the target (as `check --inventory`); repeatable.
    #[arg(long, value_name = "PATH")]
    pub inventory: Vec<PathBuf>,
}

/// The settings a client sends (`initializationOptions`, or `settings` of
/// `workspace/didChangeConfiguration`, bare or under a `bodyguard` key).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClientSettings {
    run: Option<Run>,
    #[serde(default)]
    rules: BTreeMap<String, RuleLevel>,
    inventory: Option<Vec<PathBuf>>,
    #[serde(default)]
    kinds: Vec<KindSetting>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindSetting {
    files: String,
    kind: String,
}

/// One layer of settings, validated.
#[derive(Debug, Clone, Default)]
pub struct Layer {
    /// When to check.
    pub run: Option<Run>,
    /// Severity per rule code (`None`: off).
    pub severities: BTreeMap<String, Option<Severity>>,
    /// Inventory paths; relative ones are resolved against the workspace folder of the
    /// document (or the working directory for flags).
    pub inventory: Option<Vec<PathBuf>>,
    /// File globs → kind, checked before those of `bodyguard.toml`.
    pub kinds: Vec<(FileGlob, Kind)>,
}

fn level_severity(level: RuleLevel) -> Option<Severity> {
    match level {
        RuleLevel::Off => None,
        RuleLevel::Info => Some(Severity::Info),
        RuleLevel::Warning => Some(Severity::Warning),
        RuleLevel::Error => Some(Severity::Error),
    }
}

fn check_code(code: &str, problems: &mut Vec<String>) -> bool {
    if crate::rules::by_code(code).is_some() {
        return true;
    }
    let mut message = format!("unknown rule `{}`", crate::core::diagnostic::snippet(code));
    if let Some(s) =
        crate::core::diagnostic::did_you_mean(code, crate::rules::all().map(|r| r.code))
    {
        message.push_str(&format!(" (did you mean `{s}`?)"));
    }
    problems.push(message);
    false
}

impl Layer {
    /// The layer of the command-line flags; problems are returned as messages.
    pub fn from_args(args: &ServerArgs, cwd: &Path) -> (Layer, Vec<String>) {
        let mut problems = Vec::new();
        let mut severities = BTreeMap::new();
        for rule in &args.rules {
            let Some((code, level)) = rule.split_once('=') else {
                problems.push(format!("`--rule {rule}`: write CODE=LEVEL"));
                continue;
            };
            let level = match level {
                "off" => None,
                other => match Severity::parse(other) {
                    Some(s) => Some(s),
                    None => {
                        problems.push(format!(
                            "`--rule {rule}`: a level is one of off, info, warning, error"
                        ));
                        continue;
                    }
                },
            };
            if check_code(code, &mut problems) {
                severities.insert(code.to_string(), level);
            }
        }
        let inventory = (!args.inventory.is_empty())
            .then(|| args.inventory.iter().map(|p| cwd.join(p)).collect());
        (
            Layer {
                run: args.run,
                severities,
                inventory,
                kinds: Vec::new(),
            },
            problems,
        )
    }

    /// The layer of a client's settings value; `null` is an empty layer. Problems are
    /// returned as messages; an unusable value gives an empty layer.
    pub fn from_client(value: Option<&serde_json::Value>) -> (Layer, Vec<String>) {
        let mut problems = Vec::new();
        let value = match value {
            None | Some(serde_json::Value::Null) => return (Layer::default(), problems),
            Some(v) => v.get("bodyguard").unwrap_or(v),
        };
        let settings: ClientSettings = match serde_json::from_value(value.clone()) {
            Ok(s) => s,
            Err(e) => {
                problems.push(format!("the settings cannot be used: {e}"));
                return (Layer::default(), problems);
            }
        };
        let mut severities = BTreeMap::new();
        for (code, level) in settings.rules {
            if check_code(&code, &mut problems) {
                severities.insert(code, level_severity(level));
            }
        }
        let mut kinds = Vec::new();
        for k in settings.kinds {
            match (FileGlob::new(&k.files), Kind::from_name(&k.kind)) {
                (Ok(glob), Some(kind)) => kinds.push((glob, kind)),
                (Err(e), _) => problems.push(format!("kinds: `{}`: {e}", k.files)),
                (_, None) => problems.push(format!(
                    "kinds: unknown kind `{}` (kinds are: {})",
                    crate::core::diagnostic::snippet(&k.kind),
                    Kind::ALL.map(Kind::name).join(", ")
                )),
            }
        }
        (
            Layer {
                run: settings.run,
                severities,
                inventory: settings.inventory,
                kinds,
            },
            problems,
        )
    }
}
