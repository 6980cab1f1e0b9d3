//! Rules about the body as a whole, for every kind: what editors need in a file but the
//! API must not receive.

use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::fix::Fix;
use crate::kind::Kind;
use crate::parse::Node;
use crate::rules::{FixAvailability, RuleContext, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a top-level `"$schema"` member. bodyguard accepts it for editor association
    /// (and uses it to tell the kind of the file when it names one of bodyguard's schemas),
    /// then reports it because the body would be sent with it.
    ///
    /// ## Why is this bad?
    /// The APIs do not know `$schema`: Kuzzle stores it in the profile or role as an extra
    /// key, and Customer Insights rejects or ignores it. Strip it before sending, or
    /// associate the schema through the editor's settings instead (`json.schemas`).
    ///
    /// ## Example
    /// ```json
    /// {"$schema": "https://raw.githubusercontent.com/bodyguard-dev/bodyguard/main/schemas/kuzzle-profile.schema.json",
    ///  "policies": [{"roleId": "editor"}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor"}]}
    /// ```
    ///
    /// ## Fix
    /// Removing the member is safe: no API reads it. Switch the rule off in
    /// `bodyguard.toml` (`"body/schema-key" = "off"`) when your sending code strips it.
    pub static SCHEMA_KEY = {
        code: "body/schema-key",
        kinds: [],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "a `$schema` member would be sent to the API",
    }
}

/// The rules of this module, sorted by code.
pub static RULES: &[&RuleMeta] = &[&SCHEMA_KEY];

/// The kind named by a top-level `$schema` that points at one of bodyguard's schemas
/// (`…/kuzzle-profile.schema.json`, by URL or relative path).
pub fn kind_from_schema_key(root: &Node) -> Option<Kind> {
    let url = root.get("$schema")?.as_str()?;
    let file = url.rsplit(['/', '\\']).next()?;
    let name = file.strip_suffix(".schema.json")?;
    Kind::from_name(name)
}

/// Run the rules of this module.
pub fn check(cx: &mut RuleContext<'_>) {
    if !cx.enabled(&SCHEMA_KEY) {
        return;
    }
    let Some(members) = cx.root.as_object() else {
        return;
    };
    for (i, m) in members.iter().enumerate() {
        if m.key != "$schema" {
            continue;
        }
        let edit =
            crate::fix::remove_member(crate::fix::Layout::of(cx.source, cx.document), cx.root, i);
        cx.report(
            &SCHEMA_KEY,
            m.key_span,
            "/$schema",
            "`$schema` would be sent to the API with the body",
        )
        .with_help_text("keep it for your editor and strip it before sending, or associate the schema in the editor's settings")
        .fix = edit.map(|e| Box::new(Fix::safe(e, "remove the `$schema` member")));
    }
}

trait HelpText {
    fn with_help_text(&mut self, text: &'static str) -> &mut Self;
}

impl HelpText for crate::Diagnostic {
    fn with_help_text(&mut self, text: &'static str) -> &mut Self {
        self.help = Some(text.into());
        self
    }
}
