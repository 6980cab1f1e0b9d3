//! `body/schema-key`: a top-level `"$schema"` member would be sent to the API.

use super::{Body, BodyPack};
use crate::core::edit::{Edit, Fix};
use crate::core::{FixAvailability, RuleMeta, Severity, Span};
use crate::declare_rule;
use crate::parse::Member;
use crate::rules::pack::Rule;
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
            if m.key != "$schema" {
                continue;
            }
            let edit = removal(body.text, body.members, i);
            cx.report(
                &SCHEMA_KEY,
                m.key_span,
                "/$schema",
                "`$schema` would be sent to the API with the body",
            )
            .with_help_text("keep it for your editor and strip it before sending, or associate the schema in the editor's settings")
            .fix = edit.map(|e| Box::new(Fix::safe(vec![e], "remove the `$schema` member")));
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

/// The edit deleting member `i` of an object with its separating comma, keeping the rest of
/// the layout: a member alone on its lines goes with those lines.
fn removal(text: &str, members: &[Member], i: usize) -> Option<Edit> {
    let m = members.get(i)?;
    let bytes = text.as_bytes();
    let start = m.key_span.start as usize;
    let end = m.value.span.end as usize;
    let skip_ws = |mut at: usize| {
        while at < bytes.len() && matches!(bytes[at], b' ' | b'\t') {
            at += 1;
        }
        at
    };
    let after = skip_ws(end);
    if i + 1 < members.len() {
        // Delete through the comma that follows.
        if bytes.get(after) != Some(&b',') {
            return None;
        }
        let mut to = skip_ws(after + 1);
        let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
        let alone = text[line_start..start].trim().is_empty();
        let mut from = start;
        if alone && bytes.get(to) == Some(&b'\n') {
            from = line_start;
            to += 1;
        } else if bytes.get(to) == Some(&b'\r') && bytes.get(to + 1) == Some(&b'\n') && alone {
            from = line_start;
            to += 2;
        }
        Some(Edit::delete(Span::new(from, to)))
    } else if i > 0 {
        // Last member: delete from the end of the previous value.
        let prev_end = members[i - 1].value.span.end as usize;
        let comma = text[prev_end..start].find(',')? + prev_end;
        Some(Edit::delete(Span::new(comma, end)))
    } else {
        // The only member: leave `{}`-shaped whitespace alone.
        Some(Edit::delete(Span::new(start, end)))
    }
}
