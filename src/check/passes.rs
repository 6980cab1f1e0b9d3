//! The schema and rule passes over a parsed document: the tree normalized by its pack,
//! findings pointed into the file as written, those of `--fix` past the limit handed over.

use super::beside::{masked, Masked, Split};
use super::fixing::Offer;
use super::{placeholders, Checker};
use crate::core::diagnostic::Diagnostic;
use crate::core::fix_plan::Spill;
use crate::core::limit::LimitedFindings;
use crate::core::source::{SourceFile, Span};
use crate::core::Kind;
use crate::kind;
use crate::parse;
use crate::rules::{self, RuleContext};
use crate::schema::finding::SchemaFinding;
use crate::suppress::Suppressions;

impl Checker {
    /// Schema and rule passes over a parsed document (which has a root); with `split.mask`,
    /// also the secret values of the tree as written, looked up beside the passes.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn check_tree(
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
}
