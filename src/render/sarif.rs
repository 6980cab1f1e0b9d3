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
    let rule_index: std::collections::HashMap<&str, usize> =
        rules.iter().enumerate().map(|(i, m)| (m.code, i)).collect();
    let rule_index = &rule_index;
    // Each file's address, computed once per file.
    let uris: Vec<String> = reports
        .iter()
        .map(|r| {
            if r.diagnostics.is_empty() {
                String::new()
            } else {
                uri(r.source.name())
            }
        })
        .collect();
    let results = reports.iter().zip(&uris).flat_map(|(r, uri)| {
        r.diagnostics.iter().map(move |d| SarifResult {
            level: level(d.severity),
            locations: [Location {
                physical_location: Physical {
                    artifact_location: Artifact { uri },
                    region: d.span.map(|span| {
                        let loc = crate::render::json::location(r, span);
                        Region {
                            byte_length: loc.length,
                            byte_offset: loc.offset,
                            end_column: loc.end_column,
                            end_line: loc.end_line,
                            start_column: loc.column,
                            start_line: loc.line,
                        }
                    }),
                },
            }],
            message: Message {
                text: MessageText {
                    message: &d.message,
                    help: d.help.as_deref(),
                },
            },
            properties: (!d.pointer.is_empty()).then_some(Properties {
                pointer: &d.pointer,
            }),
            rule_id: d.code(),
            rule_index: rule_index.get(d.code()).copied(),
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
    results: Lazy<'a, SarifResult<'a>>,
    tool: Value,
}

/// One result; fields in sorted order, as the rest of the log.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Message<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: Physical<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical<'a> {
    artifact_location: Artifact<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct Artifact<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    byte_length: u32,
    byte_offset: u32,
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

#[derive(Serialize)]
struct Message<'a> {
    text: MessageText<'a>,
}

/// The message and its help (`MESSAGE\nhelp: HELP`), written without joining them first.
struct MessageText<'a> {
    message: &'a str,
    help: Option<&'a str>,
}

impl Serialize for MessageText<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.help {
            Some(help) => serializer.collect_str(&format_args!("{}\nhelp: {help}", self.message)),
            None => serializer.serialize_str(self.message),
        }
    }
}

#[derive(Serialize)]
struct Properties<'a> {
    pointer: &'a str,
}
