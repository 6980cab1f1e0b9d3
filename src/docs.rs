//! Rule documentation, rendered from the rules' own doc comments.

use crate::rules::{self, RuleMeta};

/// `bodyguard explain CODE`: header lines, then the rule's documentation.
pub fn explain_text(rule: &RuleMeta) -> String {
    let kinds = if rule.kinds.is_empty() {
        "any".to_string()
    } else {
        rule.kinds
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "# {code}\n\n{summary}\n\n- Applies to: {kinds}\n- Default severity: {severity}\n- Fixable: {fix}\n\n{docs}",
        code = rule.code,
        summary = rule.summary,
        severity = rule.severity,
        fix = rule.fix.as_str(),
        docs = rule.docs_text(),
    )
}

/// `bodyguard rules`: an aligned table of every rule.
pub fn rules_table() -> String {
    let rows: Vec<[String; 5]> = rules::all()
        .map(|r| {
            [
                r.code.to_string(),
                if r.kinds.is_empty() {
                    "any".into()
                } else {
                    r.kinds
                        .iter()
                        .map(|k| k.name())
                        .collect::<Vec<_>>()
                        .join(",")
                },
                r.severity.to_string(),
                r.fix.as_str().to_string(),
                r.summary.to_string(),
            ]
        })
        .collect();
    let header = ["CODE", "KIND", "SEVERITY", "FIX", "SUMMARY"].map(String::from);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(rows.iter()) {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows.iter()) {
        for (w, cell) in widths.iter().zip(row.iter()) {
            out.push_str(&format!("{cell:<w$}  ", w = *w));
        }
        out.push_str(&row[4]);
        out.push('\n');
    }
    out
}

/// `bodyguard rules --format markdown`.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "| code | applies to | severity | fixable | summary |\n|---|---|---|---|---|\n",
    );
    for r in rules::all() {
        let kinds = if r.kinds.is_empty() {
            "any".into()
        } else {
            r.kinds
                .iter()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "| [`{}`]({}.md) | {} | {} | {} | {} |\n",
            r.code,
            r.code,
            kinds,
            r.severity,
            r.fix.as_str(),
            r.summary.replace('|', "\\|")
        ));
    }
    out
}

/// `bodyguard rules --format json`.
pub fn rules_json() -> String {
    let rules: Vec<serde_json::Value> = rules::all()
        .map(|r| {
            serde_json::json!({
                "code": r.code,
                "kinds": r.kinds.iter().map(|k| k.name()).collect::<Vec<_>>(),
                "severity": r.severity,
                "fix": r.fix.as_str(),
                "summary": r.summary,
                "url": r.url(),
                "docs": r.docs_text(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&rules).unwrap_or_default()
}

/// The committed Markdown page of a rule (`docs/rules/<code>.md`).
pub fn rule_page(rule: &RuleMeta) -> String {
    explain_text(rule)
}
