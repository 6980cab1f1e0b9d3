//! The checker: parse → detect kind → schema pass → rule pass, for one body at a time.

use crate::core::diagnostic::Diagnostic;
use crate::core::source::{SourceFile, Span};
use crate::core::Kind;
use crate::kind;
use crate::parse::{self, Syntax};
use crate::rules::{self, RuleContext};
use crate::schema::finding::SchemaFinding;
use crate::schema::SchemaSet;
use std::sync::Arc;

mod beside;
mod fixing;
pub use beside::wait_for_freed_trees;
pub(crate) use fixing::Parsed;
mod kept;
mod placeholders;
use crate::core::fix_plan::Spill;
use crate::core::limit::LimitedFindings;
use crate::suppress::Suppressions;
use beside::{drop_beside, masked, Masked, Split};
use fixing::Offer;
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

    /// Schema and rule passes over a parsed document (which has a root); with `split.mask`,
    /// also the secret values of the tree as written, looked up beside the passes.
    #[allow(clippy::too_many_arguments)]
    fn check_tree(
        &self,
        source: &SourceFile,
        document: &mut parse::Document,
        kind: Kind,
        request: Option<&crate::RequestInfo>,
        secret_values: Option<usize>,
        split: Split,
        out: &mut Vec<Diagnostic>,
        spill: Option<&Spill<'_>>,
    ) -> (Vec<crate::core::Fact>, Option<Masked>) {
        // The parser reports every repeated key; with no finding from it and no key renamed
        // by a pack, the schema pass needs not look for members hidden by a later duplicate.
        let parsed_unique = out.is_empty();
        // The rule pack rewrites the tree in place (no copy): rules then see the rewritten
        // tree both as `cx.root` and as `cx.document.root`.
        let first_normalize = out.len();
        // Kept within the limit as they are made; `--fix` is offered those left out (their
        // pointers are as written: a key-case finding names the key it renames).
        let suppressions = spill.map(|_| Suppressions::of(source, document));
        let no_renames = rules::RenamedPointers::none();
        let key_offer = spill
            .zip(suppressions.as_ref())
            .map(|(spill, suppressions)| Offer {
                spill,
                suppressions,
                renamed: &no_renames,
                dump: None,
                unchecked: None,
            });
        let hand_key_over = |d: &Diagnostic| {
            if let Some(o) = &key_offer {
                o.offer(d)
            }
        };
        let renamed_keys = {
            let mut found = LimitedFindings::new(
                out,
                self.settings.finding_limit(),
                key_offer
                    .is_some()
                    .then_some(&hand_key_over as &dyn Fn(&Diagnostic)),
            );
            let renamed = match document.tree.as_mut() {
                Some(tree) => rules::normalize(kind, tree, &mut found),
                None => false,
            };
            found.finish();
            renamed
        };
        let unique_keys = parsed_unique && !renamed_keys;

        // A kourou dump (`{"type": "roles", "content": {…}}`) is checked as the securities
        // file `{"roles": {…}}`; pointers are then given back in the dump's own terms.
        let first_dump = out.len();
        let dump = match (kind, document.tree.as_mut()) {
            (Kind::KuzzleSecurities, Some(tree)) => kind::dump_as_securities(tree),
            _ => None,
        };
        // Strings built at run time (`{tenantIndex}`) are not judged; samples go in their place.
        let without_openers = document.strings_without_openers;
        let placeholders = match document.tree.as_mut() {
            Some(tree) => crate::templates::apply(&self.settings.templates, tree, without_openers),
            None => crate::templates::Found::default(),
        };
        let document = &*document;
        let Some(root) = document.root() else {
            return (Vec::new(), None);
        };
        let renamed = rules::RenamedPointers::new(root, source.text(), renamed_keys);
        let offer = |unchecked| {
            Some(Offer {
                spill: spill?,
                suppressions: suppressions.as_ref()?,
                renamed: &renamed,
                dump: None,
                unchecked,
            })
        };
        let first_schema = out.len();
        // `--fix`: the fixes of rule findings left out by the limit are collected as the
        // findings the passes hold are filtered below.
        let rules_offer = offer(Some(&placeholders.unchecked)).map(|o| Offer { dump, ..o });
        let hand_over = |d: &Diagnostic| {
            if let Some(o) = &rules_offer {
                o.offer(d)
            }
        };
        // The tree is not rewritten from here on: with `split.mask` (no pack rewrote it), it
        // is the tree as written, and its secret values are looked up on another thread.
        let passes = |out: &mut Vec<Diagnostic>| {
            let mut findings = Vec::new();
            let mut limit = self.settings.finding_limit();
            self.schemas
                .validate_tree_keys(kind, root, unique_keys, &mut limit, &mut findings);
            if !findings.is_empty() {
                // Sharpened while typed, then reported.
                rules::refine_schema(kind, root, &mut findings);
                out.extend(findings.into_iter().map(SchemaFinding::into_diagnostic));
                out.extend(limit.summaries());
            }
            let first_rule = out.len();
            let mut cx = RuleContext::new(source, document, root, kind, &self.settings, out);
            cx.pack_on = self.pack_on(kind);
            cx.request = request;
            cx.secret_values = secret_values;
            cx.parallel = split.rules;
            if rules_offer.is_some() {
                cx.spill = Some(&hand_over);
            }
            rules::check(&mut cx);
            rules::body::check(&mut cx);
            cx.report_left_out();
            let facts = std::mem::take(&mut cx.facts);
            (facts, first_rule - cx.retracted())
        };
        let (passes, masked) = if split.mask {
            std::thread::scope(|scope| {
                let beside = std::thread::Builder::new()
                    .name("bodyguard-mask".into())
                    .spawn_scoped(scope, || masked(source.text(), document))
                    .ok();
                let passes = passes(out);
                // A failed start leaves the lookup to the caller; a panic there is this
                // check's.
                let masked =
                    beside.map(|side| side.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
                (passes, masked)
            })
        } else {
            // A small text: no thread scope to set up.
            (passes(out), None)
        };
        let (facts, first_rule) = passes;
        let first_rule = first_rule
            - placeholders::drop_on_placeholders(&placeholders, out, first_schema, first_rule);
        if let Some(severity) = self
            .settings
            .severity_of(&rules::body::TEMPLATE_PLACEHOLDER)
        {
            let first_placeholder = out.len();
            out.extend(
                placeholders
                    .placeholders
                    .iter()
                    .map(|p| rules::body::placeholder_finding(p).with_severity(severity)),
            );
            self.keep_within_limit(out, first_placeholder);
        }
        if !renamed.is_empty() {
            // Key-case findings already point at keys as written; translating them is a no-op.
            for d in out[first_normalize..].iter_mut() {
                if let Some(p) = renamed.as_written(&d.pointer) {
                    d.pointer = p.into();
                }
            }
        }
        if let Some(section) = dump {
            let from = format!("/{section}");
            // The pointer under `/content`, when it is in the section.
            let renamed = |pointer: &str| {
                (pointer.starts_with(&from)
                    && matches!(pointer.as_bytes().get(from.len()), None | Some(b'/')))
                .then(|| format!("/content{}", &pointer[from.len()..]))
            };
            for d in &mut out[first_dump..] {
                if let Some(p) = renamed(&d.pointer) {
                    d.pointer = p.into();
                }
            }
        }
        // A rule that explains a node supersedes the generic schema finding on the same span.
        let rule_spans: Vec<Span> = out[first_rule..].iter().filter_map(|d| d.span).collect();
        let mut i = 0;
        out.retain(|d| {
            let keep = !(i < first_rule
                && d.meta.family() == "schema"
                && d.span.is_some_and(|s| rule_spans.contains(&s)));
            i += 1;
            keep
        });
        (facts, masked)
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
