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

declare_rule! {
    /// ## What it does
    /// Points out a template placeholder in a body built at run time: `{tenantIndex}`,
    /// `${index}`, `<index>` or `{{index}}`, once per distinct placeholder and file. The
    /// strings and keys holding a placeholder are not judged by the other rules (a placeholder
    /// is never "an invalid name"), unless `bodyguard.toml` gives a sample value for it, which
    /// is then checked in its place:
    ///
    /// ```toml
    /// [templates]
    /// patterns = ["{NAME}", "${NAME}", "<NAME>", "{{NAME}}"]   # the default
    /// samples = { tenantIndex = "tenant-a" }
    /// ```
    ///
    /// ## Why is this bad?
    /// It is not: the info says which values bodyguard could not check, so that a literal
    /// `"{tenantIndex}"` sent by mistake is not missed. Give samples to have the values
    /// checked, or switch the rule off.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "reader", "restrictedTo": [{"index": "{tenantIndex}"}]}]}
    /// ```
    /// Use instead: keep the template, and give the placeholder a sample value in
    /// `bodyguard.toml` to have the restriction checked:
    /// ```toml
    /// [templates]
    /// samples = { tenantIndex = "tenant-a" }
    /// ```
    pub static TEMPLATE_PLACEHOLDER = {
        code: "body/template-placeholder",
        kinds: [],
        severity: Severity::Info,
        fix: FixAvailability::None,
        summary: "a template placeholder: the value is filled in at run time",
    }
}

/// The rules of this module, sorted by code.
pub static RULES: &[&RuleMeta] = &[&SCHEMA_KEY, &TEMPLATE_PLACEHOLDER];

/// The finding for one distinct placeholder of a file.
pub(crate) fn placeholder_finding(
    p: &crate::templates::Placeholder,
) -> crate::diagnostic::Diagnostic {
    let places = if p.count == 1 {
        String::new()
    } else {
        format!(" ({} places)", p.count)
    };
    let (message, help) = match &p.sample {
        Some(sample) => (
            format!("template placeholder `{}`{places}: checked with its sample `{sample}`", p.text),
            "the sample comes from `[templates] samples` in bodyguard.toml",
        ),
        None => (
            format!("template placeholder `{}`{places}: the value is filled in at run time and not checked", p.text),
            "give it a sample value in bodyguard.toml (`[templates] samples = { name = \"value\" }`) to have the rules check it",
        ),
    };
    crate::diagnostic::Diagnostic::new(&TEMPLATE_PLACEHOLDER, message)
        .with_span(p.span)
        .with_pointer(&p.pointer)
        .with_help(help)
}

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
