//! SARIF 2.1.0, for code-scanning services. Rule metadata comes from the rule registry;
//! columns count Unicode code points (`columnKind: unicodeCodePoints`).

use crate::diagnostic::Severity;
use crate::Report;
use serde_json::{json, Value};

/// The `$schema` written into the log.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encode what may not appear in a relative URI reference.
fn uri(path: &str) -> String {
    let path = crate::baseline::normalize_path(path);
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The whole run as one SARIF log.
pub fn render(reports: &[Report]) -> String {
    let rules: Vec<&'static crate::rules::RuleMeta> = crate::rules::all().collect();
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|r| {
            let docs = r.docs_text();
            json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": docs, "markdown": docs},
                "help": {"text": docs, "markdown": docs},
                "helpUri": r.url(),
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"fixable": r.fix.as_str()},
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            let rule_index = rules.iter().position(|m| m.code == d.code());
            let mut physical = json!({"artifactLocation": {"uri": uri(r.source.name())}});
            if let Some(span) = d.span {
                let loc = crate::render::json::location(r, span);
                physical["region"] = json!({
                    "startLine": loc.line,
                    "startColumn": loc.column,
                    "endLine": loc.end_line,
                    "endColumn": loc.end_column,
                    "byteOffset": loc.offset,
                    "byteLength": loc.length,
                });
            }
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(&format!("\nhelp: {help}"));
            }
            let mut result = json!({
                "ruleId": d.code(),
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{"physicalLocation": physical}],
            });
            if let Some(i) = rule_index {
                result["ruleIndex"] = json!(i);
            }
            if !d.pointer.is_empty() {
                result["properties"] = json!({"pointer": d.pointer});
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "bodyguard",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/bodyguard-dev/bodyguard",
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
