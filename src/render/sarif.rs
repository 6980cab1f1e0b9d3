//! SARIF 2.1.0, for code-scanning services. Rule metadata comes from the rule registry;
//! columns count Unicode code points (`columnKind: unicodeCodePoints`).

use crate::core::diagnostic::Severity;
use crate::render::json_text::JsonText;
use crate::Report;

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
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/');
    if path.bytes().all(plain) {
        return path;
    }
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
    // The log, `{"$schema", "runs": [{"columnKind", "results", "tool"}], "version"}` (keys in
    // sorted order), as serde_json's pretty printer writes it; the results are rendered
    // piece by piece on every core (see `render::pieces`).
    out.write_all(b"{\n  \"$schema\": ")?;
    super::write_json(out, &SARIF_SCHEMA, super::Layout::Compact)?;
    out.write_all(b",\n  \"runs\": [\n    {\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [")?;
    let threads = super::pieces::threads_for(reports);
    let first = reports.iter().position(|r| !r.diagnostics.is_empty());
    super::pieces::write_pieces(reports, false, threads, out, |piece, text: &mut Vec<u8>| {
        let r = &reports[piece.report];
        text.reserve(piece.findings.len() * 1024);
        for i in piece.findings.clone() {
            let first = Some(piece.report) == first && i == 0;
            text.extend_from_slice(if first { b"\n        " } else { b",\n        " });
            let d = &r.diagnostics[i];
            let index = rule_index.get(d.code()).copied();
            write_result(
                &mut JsonText::new(text, Some(4)),
                r,
                d,
                &uris[piece.report],
                index,
            );
        }
    })?;
    out.write_all(if first.is_some() {
        b"\n      ],\n      \"tool\": "
    } else {
        b"],\n      \"tool\": "
    })?;
    let mut tool = Vec::new();
    write_tool(&mut JsonText::new(&mut tool, Some(3)), &rules);
    out.write_all(&tool)?;
    out.write_all(b"\n    }\n  ],\n  \"version\": \"2.1.0\"\n}\n")
}

/// Append the `tool` object: bodyguard and every rule's descriptor, keys in sorted order.
fn write_tool(w: &mut JsonText, rules: &[&'static crate::core::RuleMeta]) {
    w.open(b'{');
    w.key("driver");
    w.open(b'{');
    w.key("informationUri");
    w.string("https://github.com/bodyguard-dev/bodyguard");
    w.key("name");
    w.string("bodyguard");
    w.key("rules");
    w.open(b'[');
    let mut docs = Vec::new();
    for rule in rules {
        // The documentation is written four times: escaped once.
        docs.clear();
        crate::render::json_text::push_escaped(&rule.docs_text(), &mut docs);
        w.item();
        w.open(b'{');
        w.key("defaultConfiguration");
        w.open(b'{');
        w.key("level");
        w.string(level(rule.severity));
        w.close(b'}');
        for key in ["fullDescription", "help"] {
            w.key(key);
            w.open(b'{');
            w.key("markdown");
            w.escaped_string(&docs);
            w.key("text");
            w.escaped_string(&docs);
            w.close(b'}');
        }
        w.key("helpUri");
        w.string(&rule.url());
        w.key("id");
        w.string(rule.code);
        w.key("name");
        w.string(rule.code);
        w.key("properties");
        w.open(b'{');
        w.key("fixable");
        w.string(rule.fix.as_str());
        w.close(b'}');
        w.key("shortDescription");
        w.open(b'{');
        w.key("text");
        w.string(rule.summary);
        w.close(b'}');
        w.close(b'}');
    }
    w.close(b']');
    w.key("version");
    w.string(env!("CARGO_PKG_VERSION"));
    w.close(b'}');
    w.close(b'}');
}

/// Append the SARIF result of `d`, a finding of `r` in the file at `uri`: its fields in
/// sorted order, as the rest of the log.
fn write_result(
    w: &mut JsonText,
    r: &Report,
    d: &crate::core::diagnostic::Diagnostic,
    uri: &str,
    rule_index: Option<usize>,
) {
    w.open(b'{');
    w.key("level");
    w.string(level(d.severity));
    w.key("locations");
    w.open(b'[');
    w.item();
    w.open(b'{');
    w.key("physicalLocation");
    w.open(b'{');
    w.key("artifactLocation");
    w.open(b'{');
    w.key("uri");
    w.string(uri);
    w.close(b'}');
    if let Some(span) = d.span {
        let loc = crate::render::json::location(r, span);
        w.key("region");
        w.open(b'{');
        w.key("byteLength");
        w.number(u64::from(loc.length));
        w.key("byteOffset");
        w.number(u64::from(loc.offset));
        w.key("endColumn");
        w.number(loc.end_column as u64);
        w.key("endLine");
        w.number(loc.end_line as u64);
        w.key("startColumn");
        w.number(loc.column as u64);
        w.key("startLine");
        w.number(loc.line as u64);
        w.close(b'}');
    }
    w.close(b'}');
    w.close(b'}');
    w.close(b']');
    w.key("message");
    w.open(b'{');
    w.key("text");
    match d.help.as_deref() {
        Some(help) => w.string_of(&[&d.message, "\nhelp: ", help]),
        None => w.string(&d.message),
    }
    w.close(b'}');
    if !d.pointer.is_empty() {
        w.key("properties");
        w.open(b'{');
        w.key("pointer");
        w.string(&d.pointer);
        w.close(b'}');
    }
    w.key("ruleId");
    w.string(d.code());
    if let Some(index) = rule_index {
        w.key("ruleIndex");
        w.number(index as u64);
    }
    w.close(b'}');
}
