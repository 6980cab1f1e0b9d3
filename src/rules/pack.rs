//! How rules are dispatched: a [`Pack`] per kind (or per concern) holds its rules, builds the
//! typed view they run over once per file, and runs each rule that is switched on. A rule
//! never asks whether it is on.

use super::RuleContext;
use crate::core::{Kind, RuleMeta};
use crate::parse::Node;
use crate::schema::finding::SchemaFinding;

/// One rule: its declaration (`declare_rule!`, whose doc comment is the `explain`
/// text) and the function that finds it over its pack's view. A rule file holds exactly one.
pub trait Rule<P: Pack>: Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Report the rule's findings in `view` through `cx` (only called when the rule is on).
    fn run(&self, view: &P::View<'_>, cx: &mut RuleContext<'_>);
}

/// A group of rules over one typed view of the body.
pub trait Pack: Sync + Sized + 'static {
    /// What the rules look at, computed once per file (e.g. a profile's policies).
    type View<'a>;
    /// The kinds it checks; empty means every kind.
    fn kinds(&self) -> &'static [Kind];
    /// Its rules, sorted by code.
    fn rules(&self) -> &'static [&'static dyn Rule<Self>];
    /// The view of `cx`'s body, or `None` when there is nothing for the rules to look at.
    fn view<'a>(&self, cx: &RuleContext<'a>) -> Option<Self::View<'a>>;
    /// Sharpen the schema findings of its kind (name the API's own error, say what the server
    /// really does), matching on their typed kind and steps. Most packs keep them as they are.
    fn refine_schema(&self, _kind: Kind, _root: Node<'_>, _findings: &mut [SchemaFinding<'_>]) {}
    /// Record what cross-file rules need to know about the file, whichever rules are on.
    /// Most packs record nothing.
    fn record_facts(&self, _cx: &mut RuleContext<'_>) {}
}

/// A pack as the checker sees it, whatever its view (see [`super::PACKS`]).
pub trait AnyPack: Sync {
    /// The kinds it checks; empty means every kind.
    fn kinds(&self) -> &'static [Kind];
    /// Run its rules that are on.
    fn check(&self, cx: &mut RuleContext<'_>);
    /// See [`Pack::refine_schema`].
    fn refine_schema(&self, kind: Kind, root: Node<'_>, findings: &mut [SchemaFinding<'_>]);
}

impl<P: Pack> AnyPack for P {
    fn kinds(&self) -> &'static [Kind] {
        Pack::kinds(self)
    }
    fn check(&self, cx: &mut RuleContext<'_>) {
        run(self, cx);
        Pack::record_facts(self, cx);
    }
    fn refine_schema(&self, kind: Kind, root: Node<'_>, findings: &mut [SchemaFinding<'_>]) {
        Pack::refine_schema(self, kind, root, findings);
    }
}

/// Build `pack`'s view once, then run each of its rules that is on, in order.
pub fn run<P: Pack>(pack: &P, cx: &mut RuleContext<'_>) {
    let rules = pack.rules();
    if !rules.iter().any(|r| cx.enabled(r.meta())) {
        return;
    }
    let Some(view) = pack.view(cx) else {
        return;
    };
    for rule in rules {
        if cx.enabled(rule.meta()) {
            rule.run(&view, cx);
        }
    }
}
