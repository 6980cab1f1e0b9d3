//! Rules: metadata (code, severity, docs) and the semantic checks per kind.
//!
//! Every diagnostic bodyguard emits belongs to a rule declared with `declare_rule!`; its doc
//! comment is the single source of `bodyguard explain`, `bodyguard rules`, `docs/rules/` and
//! SARIF rule metadata. Rule packs live in sub-modules, one per API.

pub mod body;
pub mod ci;
pub mod fact_pointers;
pub mod kuzzle_profile;
pub mod kuzzle_request;
pub mod kuzzle_role;
pub mod kuzzle_securities;
pub mod pack;
mod packs;
mod registry;
pub mod remove;
pub mod request;
pub mod security;

use crate::core::builtin;
use crate::core::rule::{FixAvailability, RuleMeta, SUGGESTION_BUDGET};
pub use packs::{pack_for, PACKS};
pub use registry::{all, by_code};

use crate::core::diagnostic::Diagnostic;
use crate::core::edit::Fix;
use crate::core::source::{SourceFile, Span};
use crate::core::Kind;
use crate::parse::{Document, Node, Tree, Value};
use crate::schema::finding::SchemaFinding;

/// What a rule sees: the file, its tree, its kind, and where to report.
pub struct RuleContext<'a> {
    /// The source file.
    pub source: &'a SourceFile,
    /// The parsed document (comments included).
    pub document: &'a Document,
    /// The root value.
    pub root: Node<'a>,
    /// The detected or requested kind.
    pub kind: Kind,
    /// Settings of this run (severities, inventory, ...).
    pub settings: &'a crate::core::Settings,
    /// The request the body is sent with, when checked through a route.
    pub request: Option<&'a crate::core::request::RequestInfo>,
    /// Facts recorded for cross-file rules.
    pub facts: Vec<crate::core::Fact>,
    /// How many secret values ([`crate::secrets::find`]) the body holds as written, when the
    /// checker has counted them (a pack's rewrites change key and value case only, never
    /// whether a value is secret).
    pub secret_values: Option<usize>,
    /// Candidates `suggest` may still compare in this file (bounds did-you-mean work).
    suggestion_budget: std::cell::Cell<usize>,
    diagnostics: &'a mut Vec<Diagnostic>,
    retracted: usize,
    /// Where [`RuleContext::report`] puts a finding of a rule that is off, or one left out
    /// by the limit of findings per rule.
    discarded: Option<Diagnostic>,
    /// What became of the finding reported last.
    last: Last,
    /// `--fix`: where a finding left out by the limit goes once its rule has decorated it,
    /// so that its fix is collected (see [`crate::core::fix_plan::Spill`]).
    pub(crate) spill: Option<&'a (dyn Fn(&Diagnostic) + Sync)>,
    /// Counts the findings of each rule against the file's limit.
    limit: crate::core::limit::FindingLimit,
    /// False when no rule of [`pack_rules`]`(kind)` is on: [`check`] then skips the pack.
    pub(crate) pack_on: bool,
    /// True when a pack may run independent groups of its rules side by side
    /// ([`RuleContext::beside`]): the checker says so for big texts.
    pub(crate) parallel: bool,
    /// True in the context of [`RuleContext::beside`]'s second group.
    beside: bool,
}

impl<'a> RuleContext<'a> {
    /// A context reporting into `diagnostics`.
    pub fn new(
        source: &'a SourceFile,
        document: &'a Document,
        root: Node<'a>,
        kind: Kind,
        settings: &'a crate::core::Settings,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Self {
        RuleContext {
            source,
            document,
            root,
            kind,
            settings,
            request: None,
            facts: Vec::new(),
            secret_values: None,
            suggestion_budget: std::cell::Cell::new(SUGGESTION_BUDGET),
            diagnostics,
            retracted: 0,
            discarded: None,
            last: Last::Dropped,
            spill: None,
            limit: settings.finding_limit(),
            pack_on: true,
            parallel: false,
            beside: false,
        }
    }
    /// Run `first` on this context and `second` on a context of its own, on another thread
    /// when [`RuleContext::parallel`] allows it; their findings and facts are kept in the
    /// order of `first` then `second`, as if they had run one after the other.
    ///
    /// `second` must not depend on what `first` reported: it neither suggests names (the
    /// suggestion budget is the file's, spent in order) nor retracts findings.
    pub(crate) fn beside<S: FnOnce(&mut RuleContext<'_>) + Send>(
        &mut self,
        first: impl FnOnce(&mut RuleContext<'a>),
        second: S,
    ) {
        // A fix run collects the fixes and counts the findings on this thread.
        if !self.parallel || self.spill.is_some() || crate::core::tally::is_on() {
            first(self);
            second(self);
            return;
        }
        let (source, document, root, kind, settings, request) = (
            self.source,
            self.document,
            self.root,
            self.kind,
            self.settings,
            self.request,
        );
        let (secret_values, pack_on) = (self.secret_values, self.pack_on);
        // Taken by the thread when it starts; still here when none could be started.
        let second = std::sync::Mutex::new(Some(second));
        let run_second = |second: &std::sync::Mutex<Option<S>>| {
            let mut found = Vec::new();
            let mut facts = Vec::new();
            let taken = second.lock().ok().and_then(|mut s| s.take());
            if let Some(second) = taken {
                let mut cx = RuleContext::new(source, document, root, kind, settings, &mut found);
                cx.request = request;
                cx.secret_values = secret_values;
                cx.pack_on = pack_on;
                cx.beside = true;
                second(&mut cx);
                debug_assert_eq!(cx.retracted, 0, "the second group retracts nothing");
                facts = std::mem::take(&mut cx.facts);
                let summaries: Vec<Diagnostic> = cx.limit.summaries().collect();
                found.extend(summaries);
            }
            (found, facts)
        };
        let (found, facts) = std::thread::scope(|scope| {
            let side = std::thread::Builder::new()
                .name("bodyguard-rules".into())
                .spawn_scoped(scope, || run_second(&second));
            first(self);
            match side {
                Ok(side) => side
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread could be started: the second group runs here, after the first.
                Err(_) => run_second(&second),
            }
        });
        self.diagnostics.extend(found);
        self.facts.extend(facts);
    }
    /// Whether `rule` is switched on for this run.
    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.settings.severity_of(rule).is_some()
    }
    /// Report a finding of `rule` on `span`; returns it for further decoration.
    ///
    /// Check [`RuleContext::enabled`] first: the finding of a rule that is off is dropped
    /// here (it neither shows nor supersedes a schema finding), so that skipping a pack whose
    /// rules are all off changes nothing.
    pub fn report(
        &mut self,
        rule: &'static RuleMeta,
        span: Span,
        pointer: &str,
        message: impl AsRef<str>,
    ) -> &mut Diagnostic {
        let diagnostic = Diagnostic::new(rule, message)
            .with_span(span)
            .with_pointer(pointer);
        self.spill_discarded();
        if !self.enabled(rule) {
            self.last = Last::Dropped;
            return self.discarded.insert(diagnostic);
        }
        if !self.limit.keep(rule, Some(span), || pointer.into()) {
            self.last = Last::LeftOut;
            return self.discarded.insert(diagnostic);
        }
        self.last = Last::Held;
        self.diagnostics.push(diagnostic);
        self.diagnostics.last_mut().expect("just pushed") // ok: pushed on the line above
    }
    /// Give the fix `make` builds to the finding reported last, when it is held or its fix is
    /// collected for `--fix`: a finding left out by the limit needs none otherwise, and
    /// building a fix can cost more than finding what it fixes.
    pub fn fix_last(&mut self, make: impl FnOnce() -> Option<Fix>) {
        let finding = match self.last {
            Last::Held => self.diagnostics.last_mut(),
            Last::LeftOut if self.spill.is_some() => self.discarded.as_mut(),
            _ => None,
        };
        if let Some(finding) = finding {
            finding.fix = make().map(Box::new);
        }
    }
    /// Hand the finding left out last to `--fix`'s collection of fixes.
    fn spill_discarded(&mut self) {
        if let (Last::LeftOut, Some(spill), Some(finding)) =
            (self.last, self.spill, self.discarded.as_ref())
        {
            spill(finding);
        }
        self.last = Last::Dropped;
    }
    /// The closest of `candidates` to `word` (see [`crate::core::diagnostic::did_you_mean`]), within
    /// a per-file budget: a file with thousands of unknown names against a large inventory
    /// still checks in linear time; past the budget, findings carry no suggestion.
    pub fn suggest<'c>(
        &self,
        word: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) -> Option<&'c str> {
        debug_assert!(
            !self.beside,
            "`RuleContext::beside`'s second group suggests nothing"
        );
        let mut left = self.suggestion_budget.get();
        let hit = crate::core::diagnostic::did_you_mean_within(word, candidates, &mut left);
        self.suggestion_budget.set(left);
        hit
    }
    /// Record a fact for cross-file rules.
    pub fn fact(&mut self, key: &'static str, value: &str, span: Span) {
        self.facts.push(crate::core::Fact {
            key,
            value: value.into(),
            span,
        });
    }
    /// Push a fully built diagnostic (dropped when its rule is off, and counted against the
    /// limit of findings per rule, as in [`RuleContext::report`]).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.spill_discarded();
        if !self.enabled(diagnostic.meta) {
            return;
        }
        let (meta, span) = (diagnostic.meta, diagnostic.span);
        if !self.limit.keep(meta, span, || diagnostic.pointer.clone()) {
            self.last = Last::LeftOut;
            self.discarded = Some(diagnostic);
            return;
        }
        self.last = Last::Held;
        self.diagnostics.push(diagnostic);
    }
    /// The diagnostics reported so far for this file (schema pass included).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.diagnostics
    }
    /// Drop earlier findings a route makes moot (e.g. `updateProfile` does not require
    /// `policies`). Only for schema findings: rule findings are never retracted.
    pub fn retain_diagnostics(&mut self, mut keep: impl FnMut(&Diagnostic) -> bool) {
        let before = self.diagnostics.len();
        self.diagnostics
            .retain(|d| d.meta.family() != "schema" || keep(d));
        self.retracted += before - self.diagnostics.len();
    }
    /// Report, for each rule with findings left out by the limit of findings per rule, how
    /// many were (see [`crate::core::limit`]). Called once the rules have run.
    pub(crate) fn report_left_out(&mut self) {
        self.spill_discarded();
        self.diagnostics.extend(self.limit.summaries());
    }
    /// How many earlier findings [`RuleContext::retain_diagnostics`] dropped.
    pub fn retracted(&self) -> usize {
        self.retracted
    }
}

/// What became of the finding a [`RuleContext`] was given last.
#[derive(Debug, Clone, Copy)]
enum Last {
    /// Held in the file's findings.
    Held,
    /// Left out by the limit of findings per rule.
    LeftOut,
    /// Its rule is off, or there is none yet.
    Dropped,
}

/// Rewrite the tree before the schema pass (e.g. canonical key case for Customer Insights).
/// Findings about what was rewritten go to `out`. True when a key was renamed: findings then
/// point into the file as written through [`RenamedPointers`].
pub fn normalize(
    kind: Kind,
    tree: &mut Tree,
    out: &mut crate::core::limit::LimitedFindings<'_>,
) -> bool {
    rewrites_tree(kind) && ci::normalize(kind, tree, out)
}

/// Pointers to a tree whose keys [`normalize`] renamed, given back as the file spells them.
/// Nothing is kept per renamed key: a pointer is walked down the tree, and each member on
/// the way whose key the text spells otherwise takes that spelling. The members of a wide
/// object are found through a table of their keys, made the first time one is asked.
pub struct RenamedPointers<'t> {
    /// The root of the renamed tree; `None` when nothing was renamed.
    root: Option<Node<'t>>,
    /// The text the tree was parsed from.
    text: &'t str,
    /// Tables of the keys of wide objects (by [`Node::id`]): member positions by key hash.
    wide: std::sync::Mutex<
        std::collections::HashMap<usize, std::sync::Arc<hashbrown::HashTable<u32>>>,
    >,
}

/// The key whose opening quote is at byte `quote` of `text`, unescaped.
fn written_key(text: &str, quote: usize) -> Option<std::borrow::Cow<'_, str>> {
    let bytes = text.as_bytes();
    let mut i = quote + 1;
    let mut escaped = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => break,
            b'\\' => {
                escaped = true;
                i += 2;
            }
            _ => i += 1,
        }
    }
    let raw = text.get(quote + 1..i)?;
    if !escaped {
        return Some(raw.into());
    }
    serde_json::from_str::<String>(text.get(quote..=i)?)
        .ok()
        .map(Into::into)
}

/// Objects of more members than this have a table of their keys made when walked.
const WALKED_MEMBERS: usize = 16;

impl<'t> RenamedPointers<'t> {
    /// Pointers into `root`, parsed from `text`, when `renamed` (else none is translated).
    pub fn new(root: Node<'t>, text: &'t str, renamed: bool) -> RenamedPointers<'t> {
        RenamedPointers {
            root: renamed.then_some(root),
            text,
            wide: Default::default(),
        }
    }

    /// No pointer is translated.
    pub fn none() -> RenamedPointers<'t> {
        RenamedPointers {
            root: None,
            text: "",
            wide: Default::default(),
        }
    }

    /// True when nothing was renamed.
    pub fn is_empty(&self) -> bool {
        self.root.is_none()
    }

    /// `pointer` (with renamed keys) as written in the file: each of its segments that names
    /// a renamed member spelled as the file spells it; `None` when no segment does.
    pub fn as_written(&self, pointer: &str) -> Option<String> {
        let mut node = self.root?;
        let mut rest = pointer.strip_prefix('/')?;
        let mut written = String::with_capacity(pointer.len());
        let mut renamed = false;
        loop {
            let (raw, tail) = match rest.split_once('/') {
                Some((raw, tail)) => (raw, Some(tail)),
                None => (rest, None),
            };
            let segment = crate::core::pointer::unescape_pointer_segment(raw);
            written.push('/');
            let next = match node.value() {
                Value::Object(members) => self.member(node, members, &segment).map(|m| {
                    match written_key(self.text, m.key_span().start as usize) {
                        Some(key) if *key != *m.key() => {
                            renamed = true;
                            written.push_str(&crate::core::pointer::escape_pointer_segment(&key));
                        }
                        _ => written.push_str(raw),
                    }
                    m.value()
                }),
                Value::Array(items) => segment
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .inspect(|_| written.push_str(raw)),
                _ => None,
            };
            match (next, tail) {
                (Some(next), Some(tail)) => {
                    node = next;
                    rest = tail;
                }
                (Some(_), None) => break,
                (None, _) => {
                    // Past the tree (a member a finding says is missing): as it is.
                    written.push_str(raw);
                    if let Some(tail) = tail {
                        written.push('/');
                        written.push_str(tail);
                    }
                    break;
                }
            }
        }
        renamed.then_some(written)
    }

    /// The member of `object` named `key` (the last one when the key repeats).
    fn member(
        &self,
        object: Node<'t>,
        members: crate::parse::Members<'t>,
        key: &str,
    ) -> Option<crate::parse::Member<'t>> {
        if members.len() <= WALKED_MEMBERS {
            return members.named(key);
        }
        let hash = |key: &str| {
            use std::hash::BuildHasher;
            foldhash::fast::FixedState::with_seed(0x6b65_7973).hash_one(key)
        };
        let table = {
            let mut wide = self
                .wide
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            std::sync::Arc::clone(wide.entry(object.id()).or_insert_with(|| {
                let mut table = hashbrown::HashTable::new();
                let key_at = |i: u32| members.get(i as usize).map_or("", |m| m.key());
                for (i, m) in members.iter().enumerate() {
                    let h = hash(m.key());
                    match table.find_mut(h, |&j| key_at(j) == m.key()) {
                        Some(last) => *last = i as u32,
                        None => {
                            table.insert_unique(h, i as u32, |&j| hash(key_at(j)));
                        }
                    }
                }
                std::sync::Arc::new(table)
            }))
        };
        let i = *table.find(hash(key), |&i| {
            members.get(i as usize).is_some_and(|m| m.key() == key)
        })?;
        members.get(i as usize)
    }
}

/// Whether [`normalize`] may rewrite a tree of `kind` (rename keys, ...).
pub fn rewrites_tree(kind: Kind) -> bool {
    kind.is_customer_insights()
}

/// Let a rule pack sharpen the schema findings of its kind (name the API's own error id,
/// explain what the server really does).
pub fn refine_schema(kind: Kind, root: Node<'_>, findings: &mut [SchemaFinding<'_>]) {
    if let Some(pack) = pack_for(kind) {
        pack.refine_schema(kind, root, findings);
    }
}

/// Every rule [`check`] may report for a body of `kind` (the packs call into each other:
/// a securities file holds profiles and roles). When none of them is on and no request
/// comes with the body, [`check`] has nothing to do (see `RuleContext::pack_on`).
pub fn pack_rules(kind: Kind) -> impl Iterator<Item = &'static RuleMeta> {
    static CI: [&[&RuleMeta]; 1] = [ci::RULES];
    static KUZZLE: [&[&RuleMeta]; 4] = [
        kuzzle_profile::RULES,
        kuzzle_role::RULES,
        kuzzle_securities::RULES,
        security::RULES,
    ];
    let packs: &'static [&'static [&'static RuleMeta]] = if kind.is_customer_insights() {
        &CI
    } else {
        &KUZZLE
    };
    packs.iter().flat_map(|p| p.iter().copied())
}

/// Run the semantic rules of `cx.kind`.
pub fn check(cx: &mut RuleContext<'_>) {
    // With every rule of the pack off, nothing it reports would show; but a request may make
    // schema findings moot (`retain_diagnostics`) whatever rules are on.
    if !cx.pack_on && cx.request.is_none() {
        return;
    }
    if let Some(pack) = pack_for(cx.kind) {
        pack.check(cx);
    }
}

#[cfg(test)]
mod tests {
    use super::RenamedPointers;
    use crate::parse::{parse, Rewrites, Syntax};

    #[test]
    fn a_pointer_takes_the_spelling_of_each_renamed_segment() {
        // Keys as written; the tree is renamed as `normalize` would, the third object wide.
        let wide: Vec<String> = (0..20).map(|i| format!("\"K{i}\": {i}")).collect();
        let text = format!(
            r#"{{"Fields": [{{"FieldName": "a"}}, {{"fieldType": "y"}}], "Type\u004eame": "t", "w": {{{}}}}}"#,
            wide.join(", ")
        );
        let mut diagnostics = Vec::new();
        let mut document = parse(&text, Syntax::Json, &mut diagnostics);
        let tree = document.tree.as_mut().unwrap();
        let root = tree.root();
        let mut rewrites = Rewrites::default();
        let fields = root.member("Fields").unwrap();
        rewrites.rename_key(fields, "fields");
        let first = fields.value().as_array().unwrap().get(0).unwrap();
        rewrites.rename_key(first.member("FieldName").unwrap(), "fieldName");
        rewrites.rename_key(root.member("TypeName").unwrap(), "typeName");
        let w = root.get("w").unwrap();
        rewrites.rename_key(w.member("K7").unwrap(), "k7");
        tree.rewrite(rewrites);

        let root = document.root().unwrap();
        let renamed = RenamedPointers::new(root, &text, true);
        let cases = [
            ("/fields/0/fieldName", Some("/Fields/0/FieldName")),
            ("/fields/0/fieldName/x", Some("/Fields/0/FieldName/x")),
            ("/fields/1/fieldType", Some("/Fields/1/fieldType")),
            ("/fields/7/fieldType", Some("/Fields/7/fieldType")),
            ("/fields", Some("/Fields")),
            // An escaped key is given unescaped.
            ("/typeName", Some("/TypeName")),
            // A wide object's members are found through a table of its keys.
            ("/w/k7", Some("/w/K7")),
            ("/w/K8", None),
            ("/fieldsX/0", None),
            ("/typeNames", None),
            ("", None),
        ];
        for (pointer, written) in cases {
            assert_eq!(renamed.as_written(pointer).as_deref(), written, "{pointer}");
        }
        assert!(RenamedPointers::new(root, &text, false)
            .as_written("/fields")
            .is_none());
        assert!(RenamedPointers::none().as_written("/fields").is_none());
    }
}
