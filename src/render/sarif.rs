//! SARIF 2.1.0, for code-scanning services. Rule metadata comes from the rule registry;
//! columns count Unicode code points (`columnKind: unicodeCodePoints`).

use crate::core::diagnostic::Severity;
use crate::render::Lazy;
use crate::Report;
use serde::Serialize;
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
    super::to_string(|out| write(reports, out))
}

/// Write the whole run as one SARIF log, result by result.
pub fn write(reports: &[Report], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let rules: Vec<&'static crate::core::RuleMeta> = crate::rules::all().collect();
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
    let results = reports.iter().flat_map(|r| {
        let rules = &rules;
        r.diagnostics.iter().map(move |d| {
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
            result
        })
    });
    let tool = json!({"driver": {
        "name": "bodyguard",
        "version": env!("CARGO_PKG_VERSION"),
        "informationUri": "https://github.com/bodyguard-dev/bodyguard",
        "rules": descriptors,
    }});
    let log = Log {
        schema: SARIF_SCHEMA,
        runs: [Run {
            column_kind: "unicodeCodePoints",
            results: Lazy::new(results),
            tool,
        }],
        version: "2.1.0",
    };
    super::write_json(out, &log, true)?;
    out.write_all(b"\n")
}

/// The log; fields in the sorted order the rest of the document uses.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    results: Lazy<'a, Value>,
    tool: Value,
}
