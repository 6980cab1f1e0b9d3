//! JSON Pointers for the findings a cross-file rule makes from facts, which hold spans only.

use crate::core::report::Report;
use crate::core::source::Span;
use crate::parse::{Syntax, Tree};

/// The pointers of spans of one report's text: the text is parsed again on the first one
/// asked for (most reports have no cross-file finding, and their facts need no pointer).
pub struct FactPointers<'r> {
    report: &'r Report,
    tree: Option<Option<Tree>>,
}

impl<'r> FactPointers<'r> {
    /// The pointers of `report`'s text.
    pub fn new(report: &'r Report) -> FactPointers<'r> {
        FactPointers { report, tree: None }
    }

    /// The JSON Pointer of the value at `span` (empty when the text no longer parses).
    pub fn at(&mut self, span: Span) -> String {
        let report = self.report;
        let tree = self.tree.get_or_insert_with(|| {
            crate::parse::parse_shared(
                &report.source.shared_text(),
                Syntax::for_path(report.source.name()),
                None,
                &mut Vec::new(),
            )
            .tree
        });
        tree.as_ref()
            .and_then(|t| crate::parse::pointer_to(t.root(), span))
            .unwrap_or_default()
    }
}
