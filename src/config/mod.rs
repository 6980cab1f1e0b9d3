//! `bodyguard.toml`: file globs → kind, inventory paths, per-rule severity and ignores.
//!
//! The file is looked up from the working directory upwards (or given with `--config`).
//! Globs are relative to the directory holding the file; a glob without `/` matches the
//! file name at any depth.

use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::source::{SourceFile, Span};
use crate::core::Kind;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The file name looked up from the working directory upwards.
pub const FILE_NAME: &str = "bodyguard.toml";

use crate::core::builtin::config::INVALID;

mod file;
mod matching;

pub use file::*;
pub use matching::*;

/// A loaded, validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The directory globs and inventory paths are relative to.
    pub root: PathBuf,
    /// `root`, absolute and canonical, for matching.
    root_abs: PathBuf,
    /// The configuration file itself (for diagnostics on it).
    pub source: Arc<SourceFile>,
    /// File globs → kind, first match wins.
    pub kinds: Vec<KindGlob>,
    /// Inventory files, resolved against `root`.
    pub inventory: Vec<PathBuf>,
    /// Per-code severity (`None` = off), for [`crate::Settings::severities`].
    pub severities: BTreeMap<String, Option<Severity>>,
    /// Ignore entries.
    pub ignores: Vec<Ignore>,
    /// Template placeholders, for [`crate::Settings::templates`].
    pub templates: crate::core::templates::Templates,
    /// Declared plugins, added to the inventory.
    pub plugins: Vec<PluginEntry>,
    /// The largest file read (`max-file-size`), when set.
    pub max_file_size: Option<u64>,
    /// The findings of one rule a file shows at most (`max-findings-per-rule`), when set.
    pub max_findings_per_rule: Option<usize>,
}

/// [`crate::Settings::max_findings_per_rule`] for a configured value (`0`: no limit), or
/// the default when none is.
pub fn findings_limit(configured: Option<usize>) -> Option<usize> {
    match configured {
        Some(0) => None,
        Some(n) => Some(n),
        None => Some(crate::core::limit::DEFAULT_MAX_FINDINGS_PER_RULE),
    }
}

/// A configuration that cannot be used: the file and located diagnostics (`config/invalid`).
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// The file, as read.
    pub source: Arc<SourceFile>,
    /// What is wrong, with spans into `source`.
    pub diagnostics: Vec<Diagnostic>,
}

impl ConfigError {
    /// The error as a report on the configuration file, for the renderers.
    pub fn into_report(self) -> crate::Report {
        crate::Report {
            source: self.source,
            kind: None,
            diagnostics: self.diagnostics,
            facts: Vec::new(),
            skipped: false,
        }
    }
}

/// Look for `bodyguard.toml` in `start` and its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Read and validate the configuration at `path`.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let cwd = std::env::current_dir().ok();
    let cwd = cwd
        .as_deref()
        .map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf()));
    let shown = cwd
        .as_deref()
        .and_then(|d| path.strip_prefix(d).ok())
        .unwrap_or(path);
    let name = shown.display().to_string();
    let text = match crate::files::read(path) {
        Ok(t) => t,
        Err((e, _)) => {
            return Err(ConfigError {
                source: Arc::new(SourceFile::new(name.clone(), "")),
                diagnostics: vec![Diagnostic::new(
                    &INVALID,
                    format!("{name}: cannot read the configuration: {e}"),
                )],
            })
        }
    };
    let root = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    parse(SourceFile::new(name, text), &root)
}

/// Parse and validate configuration text; `root` is the directory it applies to.
pub fn parse(source: SourceFile, root: &Path) -> Result<Config, ConfigError> {
    let source = Arc::new(source);
    let mut errors = Vec::new();
    let invalid = |span: Option<Span>, message: String, help: Option<String>| {
        let mut d = Diagnostic::new(&INVALID, message);
        d.span = span;
        d.help = help.map(Into::into);
        d
    };
    let file: ConfigFile = match toml::from_str(source.text()) {
        Ok(f) => f,
        Err(e) => {
            let span = e.span().map(|r| Span::new(r.start, r.end));
            let message = e.message().trim().to_string();
            let help = if message.contains("unknown field") {
                Some("see `schemas/bodyguard-toml.schema.json` for every key".to_string())
            } else if message.contains("missing field `reason`") {
                Some("every ignore needs a `reason` saying why the finding is accepted".into())
            } else if message.contains("unknown variant") {
                Some("a rule level is one of `off`, `info`, `warning`, `error`".into())
            } else {
                None
            };
            return Err(ConfigError {
                diagnostics: vec![invalid(span, message, help)],
                source,
            });
        }
    };
    let span_of = |r: std::ops::Range<usize>| Some(Span::new(r.start, r.end));
    let unknown_code = |code: &str| {
        let codes: Vec<&str> = crate::rules::all().map(|r| r.code).collect();
        let mut help = "`bodyguard rules` lists every rule".to_string();
        if let Some(s) = crate::core::diagnostic::did_you_mean(code, codes.iter().copied()) {
            help = format!("did you mean `{s}`? {help}");
        }
        (
            format!("unknown rule `{}`", crate::core::diagnostic::snippet(code)),
            Some(help),
        )
    };

    let mut kinds = Vec::new();
    for entry in &file.kinds {
        let glob = FileGlob::new(entry.files.get_ref());
        let kind = Kind::from_name(entry.kind.get_ref());
        match (glob, kind) {
            (Ok(files), Some(kind)) => kinds.push(KindGlob { files, kind }),
            (Err(m), _) => errors.push(invalid(span_of(entry.files.span()), m, None)),
            (_, None) => {
                let names = Kind::ALL.map(Kind::name);
                let mut help = format!("kinds are: {}", names.join(", "));
                if let Some(s) = crate::core::diagnostic::did_you_mean(
                    entry.kind.get_ref(),
                    names.iter().copied(),
                ) {
                    help = format!("did you mean `{s}`? {help}");
                }
                errors.push(invalid(
                    span_of(entry.kind.span()),
                    format!(
                        "unknown kind `{}`",
                        crate::core::diagnostic::snippet(entry.kind.get_ref())
                    ),
                    Some(help),
                ));
            }
        }
    }

    let mut severities = BTreeMap::new();
    for (code, level) in &file.rules {
        if crate::rules::by_code(code.get_ref()).is_none() {
            let (m, h) = unknown_code(code.get_ref());
            errors.push(invalid(span_of(code.span()), m, h));
            continue;
        }
        severities.insert(code.get_ref().clone(), level.get_ref().severity());
    }

    let mut ignores = Vec::new();
    for entry in &file.ignore {
        let span = entry.span();
        let entry = entry.get_ref();
        let mut ok = true;
        if crate::rules::by_code(entry.code.get_ref()).is_none() {
            let (m, h) = unknown_code(entry.code.get_ref());
            errors.push(invalid(span_of(entry.code.span()), m, h));
            ok = false;
        }
        let files = match FileGlob::new(entry.files.get_ref()) {
            Ok(g) => Some(g),
            Err(m) => {
                errors.push(invalid(span_of(entry.files.span()), m, None));
                None
            }
        };
        if entry.reason.get_ref().trim().is_empty() {
            errors.push(invalid(
                span_of(entry.reason.span()),
                "the reason of an ignore is empty".into(),
                Some("say why the finding is accepted".into()),
            ));
            ok = false;
        }
        if let Some(p) = &entry.pointer {
            if !p.get_ref().is_empty() && !p.get_ref().starts_with('/') {
                errors.push(invalid(
                    span_of(p.span()),
                    "a JSON Pointer starts with `/`".into(),
                    Some(format!(
                        "write `/{}`",
                        crate::core::diagnostic::snippet(p.get_ref())
                    )),
                ));
                ok = false;
            }
        }
        if let (true, Some(files)) = (ok, files) {
            ignores.push(Ignore {
                code: entry.code.get_ref().clone(),
                files,
                pointer: entry.pointer.as_ref().map(|p| p.get_ref().clone()),
                reason: entry.reason.get_ref().clone(),
                span: Span::new(span.start, span.end),
            });
        }
    }

    let mut templates = crate::core::templates::Templates::default();
    if let Some(t) = &file.templates {
        let patterns: Vec<String> = match &t.patterns {
            Some(p) => p.get_ref().clone(),
            None => crate::core::templates::DEFAULT_PATTERNS
                .iter()
                .map(|p| p.to_string())
                .collect(),
        };
        match crate::core::templates::Templates::new(patterns, t.samples.clone()) {
            Ok(ts) => templates = ts,
            Err(m) => errors.push(invalid(
                t.patterns.as_ref().and_then(|p| span_of(p.span())),
                m,
                Some("write each pattern with `NAME` where the name goes, e.g. `{{NAME}}`".into()),
            )),
        }
    }
    let max_file_size = match &file.max_file_size {
        None => None,
        Some(size) => {
            let parsed = match size.get_ref() {
                SizeValue::Bytes(0) => Err("the size is 0: nothing could be read".to_string()),
                SizeValue::Bytes(n) => Ok(*n),
                SizeValue::Text(t) => crate::files::parse_size(t),
            };
            match parsed {
                Ok(n) => Some(n),
                Err(m) => {
                    errors.push(invalid(span_of(size.span()), m, None));
                    None
                }
            }
        }
    };

    if !errors.is_empty() {
        return Err(ConfigError {
            source,
            diagnostics: errors,
        });
    }
    Ok(Config {
        templates,
        plugins: file.plugins.clone(),
        root: root.to_path_buf(),
        root_abs: absolute(root),
        kinds,
        inventory: file
            .inventory
            .iter()
            .map(|p| root.join(p.get_ref()))
            .collect(),
        severities,
        ignores,
        source,
        max_file_size,
        max_findings_per_rule: file.max_findings_per_rule,
    })
}

/// `p` made absolute: canonical when it exists, else joined to the working directory.
fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    })
}

impl Config {
    /// The path of `file` relative to the configuration directory, `/`-separated, for
    /// glob matching. Files outside that directory keep their path as given.
    pub fn relative(&self, file: &Path) -> String {
        self.relative_to_root(file, &absolute(file))
    }

    /// [`Config::relative`] of `file`, whose absolute path is `file_abs`.
    fn relative_to_root(&self, file: &Path, file_abs: &Path) -> String {
        let rel = file_abs
            .strip_prefix(&self.root_abs)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| file.to_path_buf());
        let text = rel.to_string_lossy().replace('\\', "/");
        text.strip_prefix("./").unwrap_or(&text).to_string()
    }

    /// [`Config::relative`] for many files: each directory is made canonical once, and a
    /// file that is not a symbolic link costs one `lstat` rather than a lookup of every
    /// component of its path.
    pub fn relative_names(&self) -> RelativeNames<'_> {
        RelativeNames {
            config: self,
            dirs: std::collections::HashMap::new(),
        }
    }

    /// True when `files` names a path (has a `/`) and no file under the configuration
    /// directory matches it. A bare file-name glob matches at any depth and is not looked up.
    pub fn matches_no_file(&self, files: &FileGlob) -> bool {
        if !files.has_dir {
            return false;
        }
        let pattern = self.root.join(files.pattern.as_str());
        let mut any = false;
        let _ = crate::files::glob_paths(&pattern.to_string_lossy(), &mut |p, is_dir| {
            any = !is_dir && p.is_file();
            !any
        });
        !any
    }

    /// The kind `[[kinds]]` maps `relative` to.
    pub fn kind_for(&self, relative: &str) -> Option<Kind> {
        self.kinds
            .iter()
            .find(|k| k.files.matches(relative))
            .map(|k| k.kind)
    }
}

/// The JSON Schema of `bodyguard.toml`, for editors (Taplo / Even Better TOML).
pub fn schema_text() -> String {
    let mut schema = crate::schema::generate::settings()
        .into_generator()
        .into_root_schema_for::<ConfigFile>();
    let obj = schema.ensure_object();
    // Rule codes as completions (and validation) of the `[rules]` keys.
    let codes: Vec<serde_json::Value> = crate::rules::all().map(|r| r.code.into()).collect();
    if let Some(rules) = obj
        .get_mut("properties")
        .and_then(|p| p.get_mut("rules"))
        .and_then(|r| r.as_object_mut())
    {
        rules.insert("propertyNames".into(), serde_json::json!({ "enum": codes }));
    }
    obj.insert(
        "$id".into(),
        format!(
            "{}bodyguard-toml.schema.json",
            crate::schema::generate::SCHEMA_BASE_URL
        )
        .into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests;
