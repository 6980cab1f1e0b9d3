//! `kuzzle/refresh-value`: a `refresh` argument Kuzzle turns into `wait_for`.

use crate::core::text::snippet;
use crate::core::{Diagnostic, FixAvailability, Kind, RuleMeta, Severity, Span};
use crate::declare_rule;
use crate::parse::Value;
use crate::rules::kuzzle_request::{value_text, KuzzleRequest, KuzzleRoute};
use crate::rules::request::RequestRule;

declare_rule! {
    /// ## What it does
    /// Reports a `refresh` argument other than `wait_for` or `false`.
    ///
    /// ## Why is this bad?
    /// Kuzzle never rejects `refresh`: it turns `false`, `"false"` and `null` into `false`
    /// and **anything else** into `wait_for`, including `true`, `"true"`, `""` (a bare
    /// `?refresh`), `1` or a typo. `refresh=fasle` therefore waits for the refresh.
    ///
    /// ## Example
    /// ```text
    /// PUT /profiles/editor?refresh=true
    /// ```
    /// Use instead:
    /// ```text
    /// PUT /profiles/editor?refresh=wait_for
    /// ```
    pub static REFRESH_VALUE = {
        code: "kuzzle/refresh-value",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleRole],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`refresh` other than `wait_for` or `false`",
    }
}

/// Reports the `refresh` query parameter or JSON request field.
pub struct RefreshValue;

impl RequestRule<KuzzleRoute> for RefreshValue {
    fn meta(&self) -> &'static RuleMeta {
        &REFRESH_VALUE
    }
    fn run(&self, request: &KuzzleRequest<'_>, out: &mut Vec<Diagnostic>) {
        match *request {
            KuzzleRequest::Http { line, .. } => {
                if let Some(p) = line.param("refresh") {
                    let v = p.value.as_deref().unwrap_or("");
                    if v != "wait_for" && v != "false" {
                        out.push(refresh_finding(&format!("`{}`", snippet(v)), p.span));
                    }
                }
            }
            KuzzleRequest::Json { root, kind, .. } => {
                if kind == Kind::KuzzleSecurities {
                    return;
                }
                if let Some(r) = root.get("refresh") {
                    let ok = match r.value() {
                        Value::Null => true,
                        Value::Bool(b) => !b,
                        Value::String(s) => s == "wait_for" || s == "false",
                        _ => false,
                    };
                    if !ok {
                        out.push(refresh_finding(&format!("`{}`", value_text(r)), r.span()));
                    }
                }
            }
        }
    }
}

fn refresh_finding(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        &REFRESH_VALUE,
        format!("`refresh` {value} is treated as `wait_for`"),
    )
    .with_span(span)
    .with_help("Kuzzle turns false, \"false\" and null into `false` and anything else into `wait_for`; write `wait_for` or `false`")
}
