//! Hover on a finding: what is wrong, what to do, and the rule's explanation.

use super::diagnostics::Finding;
use super::documents::Document;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

/// The hover at `position` of `doc`, when a finding covers it.
pub fn hover(doc: &Document, findings: &[Finding], position: Position) -> Option<Hover> {
    let offset = doc.index.offset(&doc.text, position) as u32;
    let here: Vec<&Finding> = findings
        .iter()
        .filter(|f| {
            f.diagnostic
                .span
                .is_some_and(|s| s.start <= offset && offset <= s.end.max(s.start + 1))
        })
        .collect();
    let first = here.first()?;
    let mut text = String::new();
    let mut explained: Vec<&str> = Vec::new();
    for f in &here {
        let d = &f.diagnostic;
        text.push_str(&format!(
            "**{}** `{}`: {}\n\n",
            d.severity,
            d.code(),
            d.message
        ));
        if let Some(help) = &d.help {
            text.push_str(&format!("help: {help}\n\n"));
        }
        if let Some(fix) = &d.fix {
            text.push_str(&format!("fix available: {}\n\n", fix.title));
        }
    }
    for f in &here {
        let rule = f.diagnostic.meta;
        if explained.contains(&rule.code) {
            continue;
        }
        explained.push(rule.code);
        text.push_str("---\n\n");
        text.push_str(&crate::docs::explain_text(rule));
        text.push_str(&format!("\n[Documentation]({})\n\n", rule.url()));
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text.trim_end().to_string() + "\n",
        }),
        range: Some(first.lsp.range),
    })
}
