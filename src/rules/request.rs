//! How request-level rules are dispatched: the rules about the request a body is sent with
//! (its method, URL, query parameters, or the fields of a Kuzzle JSON request) live beside
//! the other rules of their kind, one per file, and run over that route's typed view of the
//! request ([`RequestView`]). `src/request/` recognises the route and builds the view; the
//! lists of rules are [`crate::rules::ci::REQUEST_RULES`] for Customer Insights routes, and
//! [`crate::rules::kuzzle_profile::REQUEST_RULES`] then
//! [`crate::rules::kuzzle_securities::REQUEST_RULES`] for Kuzzle's, over the view of
//! [`crate::rules::kuzzle_request`].

use crate::core::{Diagnostic, RuleMeta};

/// A route's typed view of a request, built once per request (e.g. the Customer Insights
/// API, kind and name segment of the URL).
pub trait RequestView: 'static {
    /// What the rules look at.
    type Of<'a>;
}

/// One request-level rule: its declaration (`declare_rule!`) and the function that
/// finds it over the route's view. A rule file holds exactly one.
pub trait RequestRule<V: RequestView>: Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Push the rule's findings about `request` to `out` (only called when the rule is on).
    fn run(&self, request: &V::Of<'_>, out: &mut Vec<Diagnostic>);
}

/// Run each rule of `rules` that `enabled` says is on, in order.
pub fn run<V: RequestView>(
    rules: &[&dyn RequestRule<V>],
    request: &V::Of<'_>,
    enabled: impl Fn(&RuleMeta) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    for rule in rules {
        if enabled(rule.meta()) {
            rule.run(request, out);
        }
    }
}
