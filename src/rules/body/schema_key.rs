//! `body/schema-key`: a top-level `"$schema"` member would be sent to the API.

use super::{Body, BodyPack};
use crate::core::edit::Fix;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::remove::{remove, Layout};
use crate::rules::RuleContext;

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

/// `body/schema-key` as its pack runs it.
pub struct SchemaKey;

impl Rule<BodyPack> for SchemaKey {
    fn meta(&self) -> &'static RuleMeta {
        &SCHEMA_KEY
    }
    fn run(&self, body: &Body<'_>, cx: &mut RuleContext<'_>) {
        for (i, m) in body.members.iter().enumerate() {
            if m.key() != "$schema" {
                continue;
            }
            let edit = remove(Layout::of(cx.source, cx.document), cx.root, i);
            cx.report(
                &SCHEMA_KEY,
                m.key_span(),
                "/$schema",
                "`$schema` would be sent to the API with the body",
            )
            .with_help_text("keep it for your editor and strip it before sending, or associate the schema in the editor's settings")
            .fix = edit.map(|e| Box::new(Fix::safe(e, "remove the `$schema` member")));
        }
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
