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
mod renamed;
pub mod request;
pub mod security;

use crate::core::builtin;
use crate::core::rule::{FixAvailability, RuleMeta, SUGGESTION_BUDGET};
pub use packs::{pack_for, PACKS};
pub use registry::{all, by_code};
pub use renamed::RenamedPointers;

use crate::core::diagnostic::Diagnostic;
use crate::core::edit::Fix;
use crate::core::source::{SourceFile, Span};
use crate::core::Kind;
use crate::parse::{Document, Node, Tree};
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
