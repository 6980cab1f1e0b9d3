//! Rule documentation, rendered from the rules' own doc comments.

use crate::core::RuleMeta;
use crate::rules;

/// `bodyguard explain CODE`: header lines, then the rule's documentation.
pub fn explain_text(rule: &RuleMeta) -> String {
    let kinds = rule.kinds_text(", ");
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
                r.kinds_text(","),
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
        let kinds = r.kinds_text(", ");
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

/// Every rule documentation page, as `(relative path, text)`: `<family>/<name>.md` per
/// rule and `README.md`, the index. `bodyguard docs --write docs/rules` writes them.
pub fn rule_pages() -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = rules::all()
        .map(|r| (format!("{}.md", r.code), rule_page(r)))
        .collect();
    let mut index = String::from(
        "# bodyguard rules\n\nGenerated from the rules' own documentation by \
         `bodyguard docs --write docs/rules`; do not edit by hand.\n\n",
    );
    index.push_str(&rules_markdown());
    pages.push(("README.md".into(), index));
    pages
}

/// The pages under `dir` that are missing, differ from [`rule_pages`], or belong to no rule.
pub fn stale_pages(dir: &std::path::Path) -> Vec<String> {
    let pages = rule_pages();
    let mut stale = Vec::new();
    for (rel, text) in &pages {
        let current = std::fs::read_to_string(dir.join(rel)).unwrap_or_default();
        if &current != text {
            stale.push(format!("{rel} is out of date"));
        }
    }
    let known: std::collections::BTreeSet<&str> = pages.iter().map(|(r, _)| r.as_str()).collect();
    for family in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if !family.path().is_dir() {
            continue;
        }
        for page in std::fs::read_dir(family.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let rel = format!(
                "{}/{}",
                family.file_name().to_string_lossy(),
                page.file_name().to_string_lossy()
            );
            if !known.contains(rel.as_str()) {
                stale.push(format!("{rel} documents no rule"));
            }
        }
    }
    stale
}

/// `schemas/catalog.json`: the schemas in SchemaStore's catalog format.
pub fn catalog_text() -> String {
    use crate::core::Kind;
    let file_match = |k: Kind| -> Vec<&'static str> {
        match k {
            Kind::KuzzleProfile => vec!["**/profiles/*.json", "*.kuzzle-profile.json"],
            Kind::KuzzleRole => vec!["**/roles/*.json", "*.kuzzle-role.json"],
            Kind::KuzzleSecurities => vec!["securities.json", "*.kuzzle-securities.json"],
            Kind::CiProfileType => vec!["**/profile-types/*.json", "*.ci-profile-type.json"],
            Kind::CiConnector => vec!["**/connectors/*.json", "*.ci-connector.json"],
        }
    };
    let mut schemas: Vec<serde_json::Value> = Kind::ALL
        .into_iter()
        .map(|k| {
            serde_json::json!({
                "name": format!("bodyguard: {}", k.title()),
                "description": format!("{} request body, as checked by bodyguard", k.title()),
                "fileMatch": file_match(k),
                "url": crate::schema::generate::schema_id(k),
            })
        })
        .collect();
    schemas.push(serde_json::json!({
        "name": "bodyguard.toml",
        "description": "Configuration of bodyguard: kinds, inventory, rule levels, ignores",
        "fileMatch": ["bodyguard.toml"],
        "url": format!("{}bodyguard-toml.schema.json", crate::schema::generate::SCHEMA_BASE_URL),
    }));
    let catalog = serde_json::json!({
        "$schema": "https://json.schemastore.org/schema-catalog.json",
        "version": 1,
        "schemas": schemas,
    });
    let mut text = serde_json::to_string_pretty(&catalog).unwrap_or_default();
    text.push('\n');
    text
}
