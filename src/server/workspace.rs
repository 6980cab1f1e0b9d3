//! The workspace: the settings in force for each file (layers and `bodyguard.toml`), and
//! what the files on disk contribute to cross-file rules.

use super::settings::{Layer, Run};
use crate::check::Kept;
use crate::config::{Config, FileGlob};
use crate::core::diagnostic::Diagnostic;
use crate::core::source::{SourceFile, Span};
use crate::core::Kind;
use crate::{Checker, Report, Settings};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a body is checked; replaced in tests to exercise the panic guard. `Kept` holds the
/// tree of the document's previous check.
pub(crate) type CheckFn = fn(&Checker, SourceFile, Option<Kind>, &mut Kept) -> Report;

/// The checker's own entry point for a document checked again and again.
pub(crate) fn default_check(
    checker: &Checker,
    source: SourceFile,
    kind: Option<Kind>,
    kept: &mut Kept,
) -> Report {
    checker.check_source_kept(source, kind, kept)
}

/// Run `check`, turning a panic into `None` (the document is then reported as not
/// checked; the server goes on).
pub(crate) fn guarded(
    check: CheckFn,
    checker: &Checker,
    source: SourceFile,
    kind: Option<Kind>,
    kept: &mut Kept,
) -> Option<Report> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check(checker, source, kind, kept)
    }))
    .ok()
}

/// The settings in force for the files under one `bodyguard.toml` (or none) and one
/// workspace folder.
pub struct Effective {
    /// A checker built with the layered severities and inventory.
    pub checker: Checker,
    /// The `bodyguard.toml` in force, when there is one and it is valid.
    pub config: Option<Arc<Config>>,
    /// Where a `bodyguard.toml` was found, valid or not.
    pub config_path: Option<PathBuf>,
    /// The workspace folder, which client-side globs and inventory paths are relative to.
    pub folder: Option<PathBuf>,
    /// File globs → kind from the client's settings (before those of `bodyguard.toml`).
    kinds: Vec<(FileGlob, Kind)>,
    /// When to check.
    pub run: Run,
}

impl Effective {
    /// The kind the settings give `path`, if any.
    pub fn kind_for(&self, path: Option<&Path>) -> Option<Kind> {
        let path = path?;
        if let Some(folder) = &self.folder {
            if let Ok(rel) = path.strip_prefix(folder) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if let Some((_, kind)) = self.kinds.iter().find(|(g, _)| g.matches(&rel)) {
                    return Some(*kind);
                }
            }
        }
        let config = self.config.as_ref()?;
        config.kind_for(&config.relative(path))
    }

    /// The path of `path` for the `[[ignore]]` globs of `bodyguard.toml`.
    pub fn relative(&self, path: Option<&Path>) -> Option<String> {
        Some(self.config.as_ref()?.relative(path?))
    }

    /// True when an `[[ignore]]` entry suppresses `d` in the file at `relative`.
    pub fn is_ignored(&self, relative: Option<&str>, d: &Diagnostic) -> bool {
        match (&self.config, relative) {
            (Some(c), Some(rel)) => c.ignores.iter().any(|ig| ig.suppresses(rel, d)),
            _ => false,
        }
    }
}

/// What a file on disk contributes to cross-file rules: its report, with its facts and
/// without its findings.
#[derive(Clone)]
pub struct FileFacts {
    /// The file.
    pub path: PathBuf,
    /// Name, text (masked) and facts.
    pub report: Report,
}

/// One finding of a cross-file rule on an open document, with the places in other files
/// it refers to.
pub struct CrossFinding {
    /// The finding (default severity; the document's settings are applied by the caller).
    pub diagnostic: Diagnostic,
    /// Places in other files: file, its text, span and what is there.
    pub related: Vec<(Option<PathBuf>, Arc<SourceFile>, Span, String)>,
}

/// Settings, configurations and the cross-file facts of the files on disk.
pub struct Workspace {
    /// Workspace folders, as the client named them.
    pub folders: Vec<PathBuf>,
    /// Layers, lowest first: flags, initializationOptions, didChangeConfiguration
    /// (`bodyguard.toml` sits between the first two).
    pub flags: Layer,
    /// From `initializationOptions`.
    pub init: Layer,
    /// From `workspace/didChangeConfiguration`.
    pub client: Layer,
    /// Directory → the `bodyguard.toml` in force there.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    effective: HashMap<(Option<PathBuf>, Option<PathBuf>), Arc<Effective>>,
    /// `bodyguard.toml` files that cannot be used (or whose inventory cannot be read):
    /// their findings, by file.
    pub config_problems: BTreeMap<PathBuf, Report>,
    /// Facts of the files on disk under the workspace folders, by path.
    pub files: BTreeMap<PathBuf, FileFacts>,
    /// Whether the folders were scanned since the last change of configuration.
    pub scanned: bool,
    /// Messages for the user (bad settings, unreadable inventories), taken by the server.
    pub messages: Vec<String>,
    /// How bodies are checked.
    pub(crate) check: CheckFn,
}

impl Workspace {
    /// A workspace over `folders` with the flags' layer.
    pub(crate) fn new(folders: Vec<PathBuf>, flags: Layer, check: CheckFn) -> Workspace {
        Workspace {
            folders,
            flags,
            init: Layer::default(),
            client: Layer::default(),
            discovered: HashMap::new(),
            effective: HashMap::new(),
            config_problems: BTreeMap::new(),
            files: BTreeMap::new(),
            scanned: false,
            messages: Vec::new(),
            check,
        }
    }

    /// Forget every configuration and setting derived from them (a `bodyguard.toml` or the
    /// client's settings changed); the folders are scanned again.
    pub fn invalidate(&mut self) {
        self.discovered.clear();
        self.effective.clear();
        self.config_problems.clear();
        self.files.clear();
        self.scanned = false;
    }

    /// The workspace folder holding `path` (the deepest one).
    pub fn folder_of(&self, path: &Path) -> Option<&PathBuf> {
        self.folders
            .iter()
            .filter(|f| path.starts_with(f))
            .max_by_key(|f| f.as_os_str().len())
    }

    /// The name findings use for `path`: relative to its workspace folder, else the path.
    pub fn display_name(&self, path: &Path) -> String {
        match self.folder_of(path).and_then(|f| path.strip_prefix(f).ok()) {
            Some(rel) => rel.to_string_lossy().replace('\\', "/"),
            None => path.to_string_lossy().into_owned(),
        }
    }

    fn discover(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.discovered.get(dir) {
            return found.clone();
        }
        let found = crate::config::discover(dir);
        self.discovered.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// The settings in force for `path` (`None`: a document that is not a file).
    pub fn effective_for(&mut self, path: Option<&Path>) -> Arc<Effective> {
        let toml = path.and_then(Path::parent).and_then(|d| self.discover(d));
        let folder = path.and_then(|p| self.folder_of(p).cloned());
        let key = (toml, folder);
        if let Some(e) = self.effective.get(&key) {
            return e.clone();
        }
        let e = Arc::new(self.build(key.0.clone(), key.1.clone()));
        self.effective.insert(key, e.clone());
        e
    }

    fn build(&mut self, toml: Option<PathBuf>, folder: Option<PathBuf>) -> Effective {
        let config = toml.as_ref().and_then(|p| match crate::config::load(p) {
            Ok(c) => {
                self.config_problems.remove(p);
                Some(Arc::new(c))
            }
            Err(e) => {
                self.config_problems.insert(p.clone(), e.into_report());
                None
            }
        });
        let base = folder
            .clone()
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let mut severities = self.flags.severities.clone();
        let mut inventory = self.flags.inventory.clone().map(|i| (i, None));
        if let Some(c) = &config {
            severities.extend(c.severities.clone());
            if !c.inventory.is_empty() {
                inventory = Some((c.inventory.clone(), toml.clone()));
            }
        }
        let mut run = self.flags.run.unwrap_or_default();
        let mut kinds = Vec::new();
        for layer in [&self.client, &self.init] {
            kinds.extend(layer.kinds.iter().cloned());
        }
        for layer in [&self.init, &self.client] {
            severities.extend(layer.severities.clone());
            if let Some(paths) = &layer.inventory {
                inventory = Some((paths.iter().map(|p| base.join(p)).collect(), None));
            }
            run = layer.run.unwrap_or(run);
        }
        let inventory = match inventory {
            None => None,
            Some((paths, from_toml)) => match crate::inventory::from_paths(&paths) {
                Ok(inv) => Some(Arc::new(inv)),
                Err(e) => {
                    let message = format!("{e}; the reference checks that need it are skipped");
                    match (from_toml, &config) {
                        (Some(path), Some(c)) => {
                            let d =
                                Diagnostic::new(&crate::core::builtin::config::INVALID, message)
                                    .with_span(Span::new(0, 0));
                            self.config_problems.insert(
                                path,
                                Report {
                                    source: c.source.clone(),
                                    kind: None,
                                    diagnostics: vec![d],
                                    facts: Vec::new(),
                                    skipped: false,
                                },
                            );
                        }
                        _ => self.messages.push(message),
                    }
                    None
                }
            },
        };
        // Plugins declared in bodyguard.toml join the inventory, as on the command line.
        let plugins = config.as_ref().map_or(&[][..], |c| &c.plugins[..]);
        let inventory = if plugins.is_empty() {
            inventory
        } else {
            let mut inv = inventory.map_or_else(Default::default, |i| (*i).clone());
            for p in plugins {
                inv.declare_plugin(&p.name, &p.controllers, &p.roles, &p.strategies);
            }
            Some(Arc::new(inv))
        };
        let settings = Settings {
            severities,
            select: None,
            inventory,
            templates: config
                .as_ref()
                .map(|c| c.templates.clone())
                .unwrap_or_default(),
            max_findings_per_rule: crate::config::findings_limit(
                config.as_ref().and_then(|c| c.max_findings_per_rule),
            ),
        };
        Effective {
            checker: Checker::with_settings(settings),
            config,
            config_path: toml,
            folder,
            kinds,
            run,
        }
    }

    /// Check the text of `path` as the workspace's settings say.
    pub(crate) fn check_text(
        &mut self,
        path: Option<&Path>,
        name: &str,
        text: String,
        kept: &mut Kept,
    ) -> (Arc<Effective>, Option<Report>) {
        let effective = self.effective_for(path);
        let kind = effective.kind_for(path);
        let result = guarded(
            self.check,
            &effective.checker,
            SourceFile::new(name, text),
            kind,
            kept,
        );
        (effective, result)
    }

    /// Read `path` from disk again and record its facts (or forget it when it is gone or
    /// contributes none).
    pub fn refresh_file(&mut self, path: &Path) {
        self.files.remove(path);
        if self.folder_of(path).is_none() {
            return;
        }
        let Ok(text) = crate::files::read(path) else {
            return;
        };
        let name = self.display_name(path);
        if let (_, Some(mut report)) = self.check_text(Some(path), &name, text, &mut Kept::once()) {
            if !report.facts.is_empty() {
                report.diagnostics = Vec::new();
                self.files.insert(
                    path.to_path_buf(),
                    FileFacts {
                        path: path.to_path_buf(),
                        report,
                    },
                );
            }
        }
    }

    /// Check every `*.json` and `*.jsonc` file of the folders for cross-file facts.
    pub fn scan(&mut self) {
        self.files.clear();
        let folders: Vec<String> = self
            .folders
            .iter()
            .filter(|f| f.is_dir())
            .map(|f| f.to_string_lossy().into_owned())
            .collect();
        if !folders.is_empty() {
            let (paths, _) = crate::files::collect(&folders);
            for path in paths {
                self.refresh_file(&path);
            }
        }
        self.scanned = true;
    }

    /// Run the cross-file rules over the files on disk with the open documents in place of
    /// their saved versions; returns the findings on each open document, in `open` order.
    pub fn cross_file(&self, open: &[(Option<&Path>, &Report)]) -> Vec<Vec<CrossFinding>> {
        // (sort key, path, report, index in `open`)
        let mut entries: Vec<(String, Option<PathBuf>, &Report, Option<usize>)> = Vec::new();
        for f in self.files.values() {
            if open.iter().any(|(p, _)| *p == Some(f.path.as_path())) {
                continue;
            }
            let key = f.path.to_string_lossy().into_owned();
            entries.push((key, Some(f.path.clone()), &f.report, None));
        }
        for (i, (path, report)) in open.iter().enumerate() {
            let key = match path {
                Some(p) => p.to_string_lossy().into_owned(),
                None => format!("\u{10FFFF}{}", report.source.name()),
            };
            entries.push((key, path.map(Path::to_path_buf), report, Some(i)));
        }
        // The run order of `bodyguard check` over the folder: by path.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut reports: Vec<Report> = entries
            .iter()
            .map(|(_, _, r, _)| Report {
                source: r.source.clone(),
                kind: r.kind,
                diagnostics: Vec::new(),
                facts: r.facts.clone(),
                skipped: r.skipped,
            })
            .collect();
        let mut out: Vec<Vec<CrossFinding>> = open.iter().map(|_| Vec::new()).collect();
        if reports.iter().all(|r| r.facts.is_empty()) {
            return out;
        }
        crate::project::check(&mut reports, &Settings::default());
        for (i, report) in reports.iter_mut().enumerate() {
            let Some(slot) = entries[i].3 else { continue };
            for d in std::mem::take(&mut report.diagnostics) {
                let related = related_places(&d, i, &entries);
                out[slot].push(CrossFinding {
                    diagnostic: d,
                    related,
                });
            }
        }
        out
    }
}

/// The places in other files a cross-file finding on entry `own` refers to.
fn related_places(
    d: &Diagnostic,
    own: usize,
    entries: &[(String, Option<PathBuf>, &Report, Option<usize>)],
) -> Vec<(Option<PathBuf>, Arc<SourceFile>, Span, String)> {
    use crate::rules::ci::FACT_API_ENTITY_SET_NAME;
    use crate::rules::kuzzle_profile::FACT_RESTRICTED_ROLE;
    use crate::rules::kuzzle_role::FACT_ROLE_INDEX_LESS;
    let report = entries[own].2;
    let fact_here = |key: &str| {
        report
            .facts
            .iter()
            .find(|f| f.key == key && Some(f.span) == d.span)
    };
    let mut out = Vec::new();
    match d.code() {
        "kuzzle/restricted-index-less-role" => {
            let Some(fact) = fact_here(FACT_RESTRICTED_ROLE) else {
                return out;
            };
            for (j, (_, path, other, _)) in entries.iter().enumerate() {
                if j == own {
                    continue;
                }
                if let Some(g) = other
                    .facts
                    .iter()
                    .find(|g| g.key == FACT_ROLE_INDEX_LESS && g.value == fact.value)
                {
                    let controller = other.source.slice(g.span).trim_matches('"').to_string();
                    out.push((
                        path.clone(),
                        other.source.clone(),
                        g.span,
                        format!(
                            "role `{}` grants `{}` actions here",
                            crate::core::diagnostic::snippet(&fact.value),
                            crate::core::diagnostic::snippet(&controller)
                        ),
                    ));
                    break;
                }
            }
        }
        "ci/duplicate-api-entity-set-name" => {
            let Some(fact) = fact_here(FACT_API_ENTITY_SET_NAME) else {
                return out;
            };
            let lower = fact.value.to_lowercase();
            for (j, (_, path, other, _)) in entries.iter().enumerate() {
                if j == own {
                    continue;
                }
                if let Some(g) = other
                    .facts
                    .iter()
                    .find(|g| g.key == FACT_API_ENTITY_SET_NAME && g.value.to_lowercase() == lower)
                {
                    out.push((
                        path.clone(),
                        other.source.clone(),
                        g.span,
                        "first used here".to_string(),
                    ));
                    break;
                }
            }
        }
        _ => {}
    }
    out
}
