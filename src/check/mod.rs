//! The checker: parse → detect kind → schema pass → rule pass, for one body at a time.

use crate::core::diagnostic::Diagnostic;
use crate::core::source::SourceFile;
use crate::core::Kind;
use crate::kind;
use crate::parse::{self, Syntax};
use crate::rules;
use crate::schema::SchemaSet;
use std::sync::Arc;

mod beside;
mod fixing;
mod passes;
pub use beside::wait_for_freed_trees;
pub(crate) use fixing::Parsed;
mod kept;
mod placeholders;
use crate::core::fix_plan::Spill;
use beside::{drop_beside, masked, Masked, Split};
pub(crate) use kept::Kept;

use crate::core::report::Report;
use crate::core::settings::Settings;

/// Checks bodies. Build it once (schemas are compiled here) and reuse it; it is `Sync`, so
/// one checker can serve many threads.
///
/// ```
/// use bodyguard::{Checker, Kind, Severity};
///
/// let checker = Checker::new();
/// let report = checker.check(Kind::KuzzleRole, r#"{"controllers": {"document": {"actions": {"create": "yes"}}}}"#);
/// assert!(!report.passes(Severity::Error)); // `"yes"` is not a boolean
/// ```
pub struct Checker {
    schemas: SchemaSet,
    settings: Settings,
    /// Per kind (in [`Kind::ALL`] order): is any rule of its pack on? When none is, the
    /// pack's rules are skipped (they could only report findings that are dropped).
    packs_on: [bool; Kind::ALL.len()],
    /// Texts of at least this many bytes are checked on two threads ([`PARALLEL_FROM`]).
    parallel_from: usize,
}

/// A text of at least this many bytes (an editor's big file, usually) is checked on two
/// threads: its secret values are looked up beside the schema and rule passes, a securities
/// file's `security/*` rules run beside its other rules, and its tree is freed on a thread
/// of its own afterwards. Smaller texts are checked on the calling thread only: a run over
/// many files already keeps every core busy with one file each.
pub(crate) const PARALLEL_FROM: usize = 256 << 10;

impl Default for Checker {
    fn default() -> Self {
        Checker::new()
    }
}

impl Checker {
    /// A checker with default settings.
    pub fn new() -> Checker {
        Checker::with_settings(Settings::default())
    }

    /// A checker with `settings`.
    ///
    /// ```
    /// use bodyguard::{Checker, Kind, Settings, Severity};
    ///
    /// let mut settings = Settings::default();
    /// settings.severities.insert("kuzzle/unknown-role".into(), None); // switch a rule off
    /// let checker = Checker::with_settings(settings);
    /// let report = checker.check(Kind::KuzzleProfile, r#"{"policies": [{"roleId": "editor"}]}"#);
    /// assert!(report.passes(Severity::Warning));
    /// ```
    pub fn with_settings(settings: Settings) -> Checker {
        // The embedded schemas are generated from the models and compiled in tests; each is
        // compiled when a body of its kind is first checked.
        let schemas = SchemaSet::lazy();
        let packs_on = Kind::ALL
            .map(|kind| rules::pack_rules(kind).any(|rule| settings.severity_of(rule).is_some()));
        Checker {
            schemas,
            settings,
            packs_on,
            parallel_from: PARALLEL_FROM,
        }
    }

    /// This checker, checking texts of at least `bytes` bytes on two threads (tests force
    /// both ways on the same text: `0` always, `usize::MAX` never).
    #[cfg(test)]
    pub(crate) fn with_parallel_from(mut self, bytes: usize) -> Checker {
        self.parallel_from = bytes;
        self
    }

    /// The settings of this checker.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The compiled schemas (an unstable type: see [`crate::unstable::schema`]).
    pub fn schemas(&self) -> &SchemaSet {
        &self.schemas
    }

    /// Check `text` as a body of `kind`.
    ///
    /// ```
    /// use bodyguard::{Checker, Kind};
    ///
    /// let report = Checker::new().check(Kind::CiConnector, r#"{"connectorName": "sales"}"#);
    /// for d in &report.diagnostics {
    ///     println!("{} {} at {}: {}", d.severity, d.code(), d.pointer, d.message);
    /// }
    /// ```
    pub fn check(&self, kind: Kind, text: &str) -> Report {
        self.check_source(SourceFile::new("<body>", text), Some(kind))
    }

    /// Check an in-memory value as a body of `kind`. Locations refer to its pretty-printed form
    /// (with `serde_json`'s key order; [`Checker::check_model`] keeps a model's field order).
    ///
    /// ```
    /// use bodyguard::{Checker, Kind};
    ///
    /// let value = serde_json::json!({"policies": []});
    /// let report = Checker::new().check_value(Kind::KuzzleProfile, &value);
    /// assert!(report.diagnostics.iter().any(|d| d.code() == "kuzzle/empty-policies"));
    /// ```
    pub fn check_value(&self, kind: Kind, value: &serde_json::Value) -> Report {
        let text = serde_json::to_string_pretty(value).unwrap_or_default();
        self.check_source(SourceFile::new("<value>", text), Some(kind))
    }

    /// Check a named source. Without `kind`, the kind is sniffed from the content.
    ///
    /// ```
    /// use bodyguard::{Checker, Kind, SourceFile};
    ///
    /// let source = SourceFile::new("roles/editor.json", r#"{"controllers": {"*": {"actions": {"*": true}}}}"#);
    /// let report = Checker::new().check_source(source, None);
    /// assert_eq!(report.kind, Some(Kind::KuzzleRole));
    /// ```
    pub fn check_source(&self, source: SourceFile, kind: Option<Kind>) -> Report {
        self.check_source_with(source, kind, None)
    }

    /// Apply this checker's severities and ordering to request-line findings.
    pub(crate) fn finish_request(&self, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        self.finish(&mut diagnostics);
        diagnostics
    }

    /// Check a named source sent with a recognised request (`request` tells the rules the
    /// id in the URL, the query arguments, ...).
    pub fn check_source_with(
        &self,
        source: SourceFile,
        kind: Option<Kind>,
        request: Option<&crate::RequestInfo>,
    ) -> Report {
        self.check_source_spilling(source, kind, request, None, None)
    }

    /// [`Checker::check_source_with`], handing the findings left out by the limit to `spill`
    /// (see [`Checker::check_for_fixes`]).
    fn check_source_spilling(
        &self,
        source: SourceFile,
        kind: Option<Kind>,
        request: Option<&crate::RequestInfo>,
        spill: Option<&Spill<'_>>,
        parsed: Option<fixing::Parsed>,
    ) -> Report {
        let (document, scanned, diagnostics) = match parsed {
            Some(p) => (p.document, p.scanned, p.diagnostics),
            None => {
                let mut diagnostics = Vec::new();
                let syntax = Syntax::for_path(source.name());
                let (document, scanned) =
                    self.parse(&source.shared_text(), syntax, &mut diagnostics);
                (document, scanned, diagnostics)
            }
        };
        let parallel = source.text().len() >= self.parallel_from;
        let (report, document, _) = self.check_parsed(
            source,
            kind,
            request,
            (document, scanned),
            diagnostics,
            spill,
        );
        if parallel {
            drop_beside(document);
        } else {
            drop(document);
        }
        report
    }

    /// Check a source parsed into `document` (with `diagnostics` from the parse, and its
    /// secret values looked up from the text when [`Checker::parse`] did). Gives the
    /// document back, and whether its tree is still the parse of the text as written (no pack
    /// or template rewrote it).
    fn check_parsed(
        &self,
        source: SourceFile,
        kind: Option<Kind>,
        request: Option<&crate::RequestInfo>,
        (mut document, scanned): (parse::Document, Option<Masked>),
        mut diagnostics: Vec<Diagnostic>,
        spill: Option<&Spill<'_>>,
    ) -> (Report, parse::Document, bool) {
        let mut facts = Vec::new();
        let syntax = Syntax::for_path(source.name());
        // Strict parsing failed and nothing claims the file: read it leniently (comments,
        // trailing commas) to tell a broken body (the syntax error stands) from another
        // tool's file (`tsconfig.json`, `.vscode/settings.json`), which is skipped. A file
        // unreadable even so keeps its syntax error: it may be a broken body.
        let lenient = (kind.is_none() && syntax == Syntax::Json)
            .then(|| parse::reread_as_jsonc(source.text(), &document))
            .flatten();
        let mut detected = kind;
        let mut skipped = false;
        if let Some(root) = document.root() {
            detected = kind
                .or_else(|| rules::body::kind_from_schema_key(root))
                .or_else(|| kind::sniff(root));
            skipped = detected.is_none();
        } else if let Some(root) = lenient.as_ref().map(parse::Tree::root) {
            detected = rules::body::kind_from_schema_key(root).or_else(|| kind::sniff(root));
            skipped = detected.is_none();
        }
        let parallel = source.text().len() >= self.parallel_from;
        let may_rewrite = match (document.root(), detected, skipped) {
            (Some(root), Some(kind), false) => self.may_rewrite(kind, root),
            _ => false,
        };
        // Outputs show source lines in code frames: secret values are masked once, below,
        // and withheld from messages. They are looked up on the tree as written, before any
        // rule pack rewrites it, or on the text when it does not parse. A big text whose
        // tree no pack rewrites (and which is not parked) has them looked up beside the
        // schema and rule passes.
        let mask_beside = parallel
            && source.text().len() < crate::core::source::PARK_MIN_LEN
            && document.root().is_some()
            && detected.is_some()
            && !may_rewrite;
        let mut masked = match scanned {
            Some(scanned) if document.root().is_none() => Some(scanned),
            _ => (!mask_beside).then(|| masked(source.text(), &document)),
        };
        let source = Arc::new(source);
        if let (Some(kind), false, true) = (detected, skipped, document.root().is_some()) {
            let split = Split {
                mask: mask_beside,
                rules: parallel,
            };
            let secret_values = masked.as_ref().map(|(secrets, _)| secrets.len());
            let (found, beside) = self.check_tree(
                &source,
                &mut document,
                kind,
                request,
                secret_values,
                split,
                &mut diagnostics,
                spill,
            );
            facts = found;
            if beside.is_some() {
                masked = beside;
            }
        }
        let (secrets, withheld) = match masked {
            Some(masked) => masked,
            None => self::masked(source.text(), &document),
        };
        if skipped {
            diagnostics.clear();
            facts.clear();
        }
        crate::suppress::apply(&source, &document, &self.settings, &mut diagnostics);
        self.finish(&mut diagnostics);
        withheld.scrub_diagnostics(&mut diagnostics);
        // The tree reads the text until it is dropped. From here on the report keeps a big
        // text compressed (rendering unpacks it), so the text goes with the tree. Nothing
        // else holds the source now (the usual case): it is not copied.
        let mut file = Arc::try_unwrap(source)
            .unwrap_or_else(|shared| SourceFile::new(shared.name(), shared.text()));
        file.park();
        if !secrets.is_empty() {
            // A parked text is masked when it is unpacked; a plain one that the tree still
            // reads is copied first.
            file.mask(&secrets);
        }
        let source = Arc::new(file);
        let report = Report {
            source,
            kind: detected,
            diagnostics,
            facts,
            skipped,
        };
        (report, document, !may_rewrite)
    }

    /// True when the passes over a tree of `kind` may rewrite it (key case, a kourou dump,
    /// template samples), so that secret values must be looked up before they run.
    fn may_rewrite(&self, kind: Kind, root: parse::Node<'_>) -> bool {
        rules::rewrites_tree(kind)
            || (kind == Kind::KuzzleSecurities && kind::dump_section(root).is_some())
            || crate::templates::may_rewrite(&self.settings.templates)
    }

    /// True when some rule of the pack checking `kind` is on.
    fn pack_on(&self, kind: Kind) -> bool {
        Kind::ALL
            .iter()
            .position(|k| *k == kind)
            .is_none_or(|i| self.packs_on[i])
    }

    /// Keep the findings of `out[from..]` (made in one step, with few findings as a rule)
    /// within the limit of findings per rule, and say how many were left out.
    fn keep_within_limit(&self, out: &mut Vec<Diagnostic>, from: usize) {
        let mut limit = self.settings.finding_limit();
        let mut i = 0;
        out.retain(|d| {
            i += 1;
            i <= from || limit.keep(d.meta, d.span, || d.pointer.clone())
        });
        out.extend(limit.summaries());
    }

    fn finish(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain_mut(|d| match self.settings.severity_of(d.meta) {
            Some(level) => {
                if self.settings.severities.contains_key(d.meta.code) {
                    d.severity = level;
                }
                true
            }
            None => false,
        });
        crate::core::diagnostic::sort_by_position(diagnostics);
    }
}

#[cfg(test)]
mod tests;
