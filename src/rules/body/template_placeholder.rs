//! `body/template-placeholder`: a placeholder in a body built at run time. The checker
//! reports it (placeholders are found before the packs run, so that no rule judges them);
//! this file holds its declaration, docs and finding.

use crate::core::{FixAvailability, Severity};
use crate::declare_rule;

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

/// The finding for one distinct placeholder of a file.
pub(crate) fn placeholder_finding(
    p: &crate::templates::Placeholder,
) -> crate::core::diagnostic::Diagnostic {
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
    crate::core::diagnostic::Diagnostic::new(&TEMPLATE_PLACEHOLDER, message)
        .with_span(p.span)
        .with_pointer(&p.pointer)
        .with_help(help)
}
