//! Which files a configuration speaks of: file globs, kind globs, ignore entries, names
//! relative to the configuration's folder, and the tracking of ignores that matched nothing.

use super::Config;
use crate::core::builtin::config::UNUSED_IGNORE;
use crate::core::diagnostic::Diagnostic;
use crate::core::source::Span;
use crate::core::Kind;
use std::path::{Path, PathBuf};

/// A compiled file glob.
#[derive(Debug, Clone)]
pub struct FileGlob {
    pub(super) pattern: String,
    matcher: globset::GlobMatcher,
    /// The glob names a path (has a `/`), not only a file name.
    pub(super) has_dir: bool,
}

impl FileGlob {
    /// Compile `text`.
    pub fn new(text: &str) -> Result<FileGlob, String> {
        let text = text.strip_prefix("./").unwrap_or(text);
        crate::files::compile_glob(text)
            .map(|matcher| FileGlob {
                pattern: text.to_string(),
                matcher,
                has_dir: text.contains('/'),
            })
            .map_err(|e| format!("invalid glob: {e}"))
    }
    /// Whether `relative` (a `/`-separated path relative to the config directory) matches.
    pub fn matches(&self, relative: &str) -> bool {
        if self.has_dir {
            self.matcher.is_match(relative)
        } else {
            let name = relative.rsplit('/').next().unwrap_or(relative);
            self.matcher.is_match(name)
        }
    }
}

/// A `[[kinds]]` entry, compiled.
#[derive(Debug, Clone)]
pub struct KindGlob {
    /// Files.
    pub files: FileGlob,
    /// Their kind.
    pub kind: Kind,
}

/// An `[[ignore]]` entry, compiled.
#[derive(Debug, Clone)]
pub struct Ignore {
    /// Rule code.
    pub code: String,
    /// Files.
    pub files: FileGlob,
    /// JSON Pointer prefix (`None`: the whole file).
    pub pointer: Option<String>,
    /// Why.
    pub reason: String,
    /// The entry in `bodyguard.toml`.
    pub span: Span,
}

impl Ignore {
    /// Whether the entry suppresses `d` in the file at `relative`.
    pub fn suppresses(&self, relative: &str, d: &Diagnostic) -> bool {
        d.code() == self.code
            && self.files.matches(relative)
            && self.pointer.as_deref().is_none_or(|p| {
                p.is_empty()
                    || d.pointer == p
                    || d.pointer
                        .strip_prefix(p)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }
}

/// Names files relative to the configuration directory, as [`Config::relative`] does;
/// from [`Config::relative_names`].
pub struct RelativeNames<'a> {
    pub(super) config: &'a Config,
    /// Directory as given → canonical directory (`None`: could not be made canonical).
    pub(super) dirs: std::collections::HashMap<PathBuf, Option<PathBuf>>,
}

impl RelativeNames<'_> {
    /// The path of `file` relative to the configuration directory (see
    /// [`Config::relative`]).
    pub fn relative(&mut self, file: &Path) -> String {
        match self.canonical(file) {
            Some(abs) => self.config.relative_to_root(file, &abs),
            None => self.config.relative(file),
        }
    }

    /// What `canonicalize(file)` gives, when it can be had from the canonical directory:
    /// `file` exists and is no symbolic link, so only its directory has links to resolve.
    fn canonical(&mut self, file: &Path) -> Option<PathBuf> {
        let name = file.file_name()?;
        let dir = match file.parent() {
            Some(d) if d.as_os_str().is_empty() => Path::new("."),
            Some(d) => d,
            None => return None,
        };
        if std::fs::symlink_metadata(file)
            .ok()?
            .file_type()
            .is_symlink()
        {
            return None;
        }
        let canonical_dir = match self.dirs.get(dir) {
            Some(d) => d.as_ref()?,
            None => {
                let d = std::fs::canonicalize(dir).ok();
                self.dirs.entry(dir.to_path_buf()).or_insert(d).as_ref()?
            }
        };
        Some(canonical_dir.join(name))
    }
}

/// Applies the ignore entries over a run and reports the stale ones.
#[derive(Debug)]
pub struct IgnoreTracker<'a> {
    config: &'a Config,
    used: Vec<bool>,
    matched_file: Vec<bool>,
}

impl<'a> IgnoreTracker<'a> {
    /// A tracker over `config`'s ignores.
    pub fn new(config: &'a Config) -> Self {
        IgnoreTracker {
            config,
            used: vec![false; config.ignores.len()],
            matched_file: vec![false; config.ignores.len()],
        }
    }

    /// Remove the findings of `report` (file at `relative`) that an entry suppresses.
    pub fn apply(&mut self, relative: &str, report: &mut crate::Report) {
        for (i, ignore) in self.config.ignores.iter().enumerate() {
            if ignore.files.matches(relative) {
                self.matched_file[i] = true;
            }
        }
        let ignores = &self.config.ignores;
        let used = &mut self.used;
        report.diagnostics.retain(|d| {
            match ignores.iter().position(|ig| ig.suppresses(relative, d)) {
                Some(i) => {
                    used[i] = true;
                    false
                }
                None => true,
            }
        });
    }

    /// `config/unused-ignore` findings on the configuration file, for entries whose glob
    /// matched a checked file but which suppressed nothing. `enabled` tells whether a rule
    /// ran at all in this run.
    pub fn unused(&self, settings: &crate::Settings) -> Option<crate::Report> {
        let level = settings.severity_of(&UNUSED_IGNORE)?;
        let mut diagnostics = Vec::new();
        for (i, ignore) in self.config.ignores.iter().enumerate() {
            let rule_ran = crate::rules::by_code(&ignore.code)
                .is_some_and(|r| settings.severity_of(r).is_some());
            if self.used[i] || !rule_ran {
                continue;
            }
            if !self.matched_file[i] {
                // Not checked in this run; stale only when no file on disk matches any more.
                if self.config.matches_no_file(&ignore.files) {
                    diagnostics.push(
                        Diagnostic::new(
                            &UNUSED_IGNORE,
                            format!(
                                "this ignore of `{}` names files that do not exist",
                                ignore.code
                            ),
                        )
                        .with_span(ignore.span)
                        .with_severity(level)
                        .with_label_text("no file matches `files`")
                        .with_help("delete the entry, or fix its `files` glob if the files moved"),
                    );
                }
                continue;
            }
            diagnostics.push(
                Diagnostic::new(
                    &UNUSED_IGNORE,
                    format!("this ignore of `{}` suppressed no finding", ignore.code),
                )
                .with_span(ignore.span)
                .with_severity(level)
                .with_label_text("nothing to suppress here any more")
                .with_help("delete the entry, or fix its `files`/`pointer` if the finding moved"),
            );
        }
        (!diagnostics.is_empty()).then(|| crate::Report {
            source: self.config.source.clone(),
            kind: None,
            diagnostics,
            facts: Vec::new(),
            skipped: false,
        })
    }
}
