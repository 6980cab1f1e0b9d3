//! The checker: parse → detect kind → schema pass → rule pass, for one body at a time.

use crate::core::builtin;
use crate::diagnostic::Diagnostic;
use crate::kind::{self, Kind};
use crate::parse::{self, Syntax};
use crate::rules::{self, RuleContext};
use crate::schema::SchemaSet;
use crate::source::{SourceFile, Span};
use std::sync::Arc;

pub use crate::core::report::Report;
pub use crate::core::settings::Settings;

/// Checks bodies. Build it once (schemas are compiled here) and reuse it; it is `Sync`, so
/// one checker can serve many threads.
pub struct Checker {
    schemas: SchemaSet,
    settings: Settings,
    /// Per kind (in [`Kind::ALL`] order): is any rule of its pack on? When none is, the
    /// pack's rules are skipped (they could only report findings that are dropped).
    packs_on: [bool; Kind::ALL.len()],
}

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
        }
    }

    /// The settings of this checker.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The compiled schemas.
    pub fn schemas(&self) -> &SchemaSet {
        &self.schemas
    }

    /// Check `text` as a body of `kind`.
    pub fn check(&self, kind: Kind, text: &str) -> Report {
        self.check_source(SourceFile::new("<body>", text), Some(kind))
    }

    /// Check an in-memory value as a body of `kind`. Locations refer to its pretty-printed form.
    pub fn check_value(&self, kind: Kind, value: &serde_json::Value) -> Report {
        let text = serde_json::to_string_pretty(value).unwrap_or_default();
        self.check_source(SourceFile::new("<value>", text), Some(kind))
    }

    /// Check a named source. Without `kind`, the kind is sniffed from the content.
    pub fn check_source(&self, source: SourceFile, kind: Option<Kind>) -> Report {
        self.check_source_with(source, kind, None)
    }

    /// Apply this checker's severities and ordering to request-line findings.
    pub fn finish_request(&self, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
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
        let mut source = source;
        let mut diagnostics = Vec::new();
        let mut facts = Vec::new();
        let syntax = Syntax::for_path(source.name());
        let mut document = parse::parse(source.text(), syntax, &mut diagnostics);
        // The tree owns every key and string: a big text waits compressed until something
        // reads it (rendering, usually), when the tree's memory is long given back.
        source.park();
        let source = Arc::new(source);
        // Outputs show source lines in code frames: secret values are masked once, below.
        // They are looked up on the tree as written, before any rule pack rewrites it.
        let secrets: Vec<Span> = crate::secrets::spans(document.root.as_ref());
        let mut detected = kind;
        if let Some(root) = &document.root {
            detected = kind
                .or_else(|| rules::body::kind_from_schema_key(root))
                .or_else(|| kind::sniff(root));
            match detected {
                Some(kind) => {
                    facts = self.check_tree(
                        &source,
                        &mut document,
                        kind,
                        request,
                        secrets.len(),
                        &mut diagnostics,
                    )
                }
                None => diagnostics.push(
                    Diagnostic::new(&builtin::UNDETECTED_KIND, "cannot tell what kind of body this is")
                        .with_span(Span::new(root.span.start as usize, root.span.start as usize + 1))
                        .with_help(
                            "pass `--kind` (kuzzle-profile, kuzzle-role, kuzzle-securities, ci-profile-type, \
                             ci-connector) or map the file to a kind in bodyguard.toml",
                        ),
                ),
            }
        }
        crate::suppress::apply(&source, &document, &self.settings, &mut diagnostics);
        drop(document);
        self.finish(&mut diagnostics);
        let source = if secrets.is_empty() {
            source
        } else {
            // Masked in place when nothing else holds the text (the usual case): a big file
            // is not copied. A parked text is masked when it is unpacked.
            let mut file = Arc::try_unwrap(source)
                .unwrap_or_else(|shared| SourceFile::new(shared.name(), shared.text()));
            file.mask(&secrets);
            Arc::new(file)
        };
        Report {
            source,
            kind: detected,
            diagnostics,
            facts,
        }
    }

    /// Schema and rule passes over a parsed document (which has a root).
    fn check_tree(
        &self,
        source: &SourceFile,
        document: &mut parse::Document,
        kind: Kind,
        request: Option<&crate::RequestInfo>,
        secret_values: usize,
        out: &mut Vec<Diagnostic>,
    ) -> Vec<crate::core::Fact> {
        // The parser reports every repeated key; with no finding from it and no key renamed
        // by a pack, the schema pass needs not look for members hidden by a later duplicate.
        let unique_keys = out.is_empty() && !rules::rewrites_tree(kind);
        // The rule pack rewrites the tree in place (no copy): rules then see the rewritten
        // tree both as `cx.root` and as `cx.document.root`.
        if let Some(root) = document.root.as_mut() {
            rules::normalize(kind, root, out);
        }
        let document = &*document;
        let Some(root) = document.root.as_ref() else {
            return Vec::new();
        };
        let first_schema = out.len();
        self.schemas
            .validate_tree_keys(kind, root, unique_keys, out);
        if out.len() > first_schema {
            rules::refine_schema(kind, root, &mut out[first_schema..]);
        }
        let first_rule = out.len();
        let mut cx = RuleContext::new(source, document, root, kind, &self.settings, out);
        cx.pack_on = self.pack_on(kind);
        cx.request = request;
        cx.secret_values = Some(secret_values);
        rules::check(&mut cx);
        rules::body::check(&mut cx);
        let facts = std::mem::take(&mut cx.facts);
        let first_rule = first_rule - cx.retracted();
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
        facts
    }

    /// True when some rule of the pack checking `kind` is on.
    fn pack_on(&self, kind: Kind) -> bool {
        Kind::ALL
            .iter()
            .position(|k| *k == kind)
            .is_none_or(|i| self.packs_on[i])
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
        diagnostics.sort_by_key(|d| {
            (
                d.span.map(|s| (s.start, s.end)).unwrap_or((0, 0)),
                d.meta.code,
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checker_is_send_and_sync() {
        fn assert_sync<T: Send + Sync>() {}
        assert_sync::<Checker>();
    }
}
