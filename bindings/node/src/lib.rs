//! The native half of bodyguard's Node.js package: a [`Checker`] built from JavaScript
//! options, checking a body, a Kuzzle request or an HTTP request synchronously and answering
//! with plain findings (and, when asked, the readable report with code frames).
//!
//! Everything JavaScript-specific (serialising objects, the error class, the adapters) lives
//! in `index.js`; this file only converts between N-API values and bodyguard's library API.

use bodyguard::unstable::config::{Config, Ignore};
use bodyguard::unstable::render::human::{self, HumanOptions};
use bodyguard::Inventory;
use bodyguard::RequestReport;
use bodyguard::{Checker, Kind, Report, Settings, Severity};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Rust allocations of the addon (bodies, trees, findings) go through mimalloc, as in the
/// `bodyguard` binary; JavaScript values are V8's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Bodies longer than this (in UTF-8 bytes) are refused with a `TypeError` instead of being
/// checked: far beyond any request a Kuzzle or Azure server accepts, and a bound on the memory
/// one call can take.
pub const MAX_BODY_BYTES: u32 = 64 * 1024 * 1024;

/// What `new NativeChecker(options)` accepts (validated in JavaScript first).
#[napi(object)]
pub struct NativeOptions {
    /// Rule code → `off`, `info`, `warning` or `error`.
    pub rules: Option<BTreeMap<String, String>>,
    /// Path of a `bodyguard.toml`: its `[rules]`, `inventory`, `[[ignore]]` and
    /// `max-findings-per-rule` entries apply.
    pub config: Option<String>,
    /// Inventory files or kourou dump directories.
    pub inventory_paths: Option<Vec<String>>,
    /// Inventories given inline, as JSON texts (mappings, securities or kourou dumps).
    pub inventory_texts: Option<Vec<String>>,
}

/// One finding, as JavaScript sees it.
#[napi(object)]
pub struct Finding {
    /// Rule code, e.g. `schema/unknown-key`.
    pub code: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// What is wrong.
    pub message: String,
    /// JSON Pointer of the value in the body (`""` for the whole body or the request line).
    pub pointer: String,
    /// 1-based line in the checked text; `null` when the finding has no place.
    pub line: Either<u32, Null>,
    /// 1-based column (characters); `null` when the finding has no place.
    pub column: Either<u32, Null>,
    /// How to fix it, or `null`.
    pub help: Either<String, Null>,
    /// Documentation of the rule.
    pub url: String,
    /// What the line and column refer to: `<body>`, `<request>` or the name given.
    pub source: String,
}

/// The answer to one check.
#[napi(object)]
pub struct NativeResult {
    /// Findings, request line first, each group sorted by position.
    pub findings: Vec<Finding>,
    /// The readable report (code frames, no colour, secrets masked), only when a finding
    /// reaches the `render_at` level given to the call.
    pub rendered: Option<String>,
}

/// A configured checker. JavaScript keeps one per distinct options object.
#[napi]
pub struct NativeChecker {
    checker: Checker,
    ignores: Vec<Ignore>,
}

fn type_error(message: impl Into<String>) -> Error {
    Error::new(Status::InvalidArg, message.into())
}

fn level(name: &str) -> Result<Option<Severity>> {
    match name {
        "off" => Ok(None),
        other => Severity::parse(other).map(Some).ok_or_else(|| {
            type_error(format!(
                "bodyguard: unknown severity `{other}` (expected off, info, warning or error)"
            ))
        }),
    }
}

fn config_error(path: &str, error: bodyguard::unstable::config::ConfigError) -> Error {
    let report = error.into_report();
    let text = render(std::slice::from_ref(&report));
    Error::new(
        Status::InvalidArg,
        format!("bodyguard: {path} cannot be used:\n{text}"),
    )
}

fn render(reports: &[Report]) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&human::render(
            r,
            HumanOptions {
                color: false,
                width: 100,
            },
        ));
    }
    out.truncate(out.trim_end().len());
    out
}

#[napi]
impl NativeChecker {
    /// Build a checker: `bodyguard.toml` first, then `rules` on top, inventories added.
    #[napi(constructor)]
    pub fn new(options: NativeOptions) -> Result<Self> {
        let mut settings = Settings::default();
        let mut ignores = Vec::new();
        let mut inventory_paths: Vec<std::path::PathBuf> = Vec::new();
        if let Some(path) = &options.config {
            let config: Config = bodyguard::unstable::config::load(Path::new(path))
                .map_err(|e| config_error(path, e))?;
            settings.severities = config.severities.clone();
            settings.max_findings_per_rule =
                bodyguard::unstable::config::findings_limit(config.max_findings_per_rule);
            inventory_paths.extend(config.inventory.iter().cloned());
            ignores = config.ignores;
        }
        for (code, name) in options.rules.iter().flatten() {
            if bodyguard::unstable::rules::by_code(code).is_none() {
                return Err(type_error(format!(
                    "bodyguard: unknown rule `{code}` (see `bodyguard rules`)"
                )));
            }
            settings.severities.insert(code.clone(), level(name)?);
        }
        inventory_paths.extend(options.inventory_paths.iter().flatten().map(Into::into));
        let texts = options.inventory_texts.unwrap_or_default();
        if !inventory_paths.is_empty() || !texts.is_empty() {
            let mut inventory = Inventory::default();
            for p in &inventory_paths {
                inventory
                    .add_path(p)
                    .map_err(|e| type_error(format!("bodyguard: {e}")))?;
            }
            for (i, text) in texts.iter().enumerate() {
                let name = format!("<inventory {i}>");
                let value: serde_json::Value = serde_json::from_str(text)
                    .map_err(|e| type_error(format!("bodyguard: {name}: {e}")))?;
                inventory
                    .add_value(&value, &name)
                    .map_err(|e| type_error(format!("bodyguard: {e}")))?;
                inventory.sources.push(name);
            }
            settings.inventory = Some(Arc::new(inventory));
        }
        Ok(NativeChecker {
            checker: Checker::with_settings(settings),
            ignores,
        })
    }

    /// Check `body` (text, or UTF-8 bytes) as a body of `kind`. `name` names it in findings
    /// and selects `[[ignore]]` entries; `render_at` asks for the readable report when a
    /// finding reaches that severity.
    #[napi]
    pub fn check(
        &self,
        kind: String,
        body: Either<String, Uint8Array>,
        name: Option<String>,
        render_at: Option<String>,
    ) -> Result<NativeResult> {
        let kind = Kind::from_name(&kind).ok_or_else(|| {
            type_error(format!(
                "bodyguard: unknown kind `{kind}` (expected kuzzle-profile, kuzzle-role, kuzzle-securities, ci-profile-type or ci-connector)"
            ))
        })?;
        let name = name.unwrap_or_else(|| "<body>".into());
        let report = match body {
            Either::A(text) => self.check_text(kind, &name, text),
            Either::B(bytes) => match std::str::from_utf8(&bytes) {
                Ok(text) => self.check_text(kind, &name, text.to_owned()),
                Err(e) => {
                    return Err(type_error(format!(
                        "bodyguard: the body is not valid UTF-8 (first bad byte at offset {})",
                        e.valid_up_to()
                    )))
                }
            },
        }?;
        self.answer(vec![report], render_at.as_deref())
    }

    /// Check a Kuzzle request given as JSON text (`{controller, action, _id, body, …}`), as
    /// `bodyguard request --json-request` does. Positions are in `text`.
    #[napi]
    pub fn check_kuzzle_request(
        &self,
        text: String,
        render_at: Option<String>,
    ) -> Result<NativeResult> {
        size_ok(text.len())?;
        let report = bodyguard::unstable::request::kuzzle::check_json_request(
            &self.checker,
            "<request>",
            &text,
        );
        self.answer_request(report, render_at.as_deref())
    }

    /// Check an HTTP request (method, URL, body text), as `bodyguard request` does.
    #[napi]
    pub fn check_http_request(
        &self,
        method: String,
        url: String,
        body: String,
        render_at: Option<String>,
    ) -> Result<NativeResult> {
        size_ok(body.len() + url.len())?;
        let report = bodyguard::check_request(&self.checker, &method, &url, "<body>", &body);
        self.answer_request(report, render_at.as_deref())
    }
}

fn size_ok(len: usize) -> Result<()> {
    if len > MAX_BODY_BYTES as usize {
        return Err(type_error(format!(
            "bodyguard: the body is {len} bytes; bodies up to {MAX_BODY_BYTES} bytes are checked"
        )));
    }
    Ok(())
}

impl NativeChecker {
    fn check_text(&self, kind: Kind, name: &str, text: String) -> Result<Report> {
        size_ok(text.len())?;
        Ok(self
            .checker
            .check_source(bodyguard::SourceFile::new(name, text), Some(kind)))
    }

    fn answer_request(
        &self,
        report: RequestReport,
        render_at: Option<&str>,
    ) -> Result<NativeResult> {
        let RequestReport { request, body } = report;
        let mut reports = vec![request];
        reports.extend(body);
        self.answer(reports, render_at)
    }

    fn answer(&self, mut reports: Vec<Report>, render_at: Option<&str>) -> Result<NativeResult> {
        if !self.ignores.is_empty() {
            for r in &mut reports {
                let name = r.source.name().to_string();
                r.diagnostics
                    .retain(|d| !self.ignores.iter().any(|ig| ig.suppresses(&name, d)));
            }
        }
        let render_at = render_at.map(level).transpose()?.flatten();
        let mut findings = Vec::new();
        for r in &reports {
            for d in &r.diagnostics {
                let at = d.span.map(|s| r.source.line_col(s.start as usize));
                findings.push(Finding {
                    code: d.code().to_string(),
                    severity: d.severity.as_str().to_string(),
                    message: d.message.to_string(),
                    pointer: d.pointer.to_string(),
                    line: at.map_or(Either::B(Null), |a| Either::A(a.line as u32)),
                    column: at.map_or(Either::B(Null), |a| Either::A(a.column as u32)),
                    help: d
                        .help
                        .as_ref()
                        .map_or(Either::B(Null), |h| Either::A(h.to_string())),
                    url: d.url(),
                    source: r.source.name().to_string(),
                });
            }
        }
        let rendered = render_at
            .filter(|l| reports.iter().any(|r| !r.passes(*l)))
            .map(|_| render(&reports));
        Ok(NativeResult { findings, rendered })
    }
}

/// Every rule: `{code, severity, summary}` (default severities), for documentation and checks
/// of options.
#[napi(object)]
pub struct RuleInfo {
    /// Rule code.
    pub code: String,
    /// Default severity.
    pub severity: String,
    /// One-line description.
    pub summary: String,
}

/// The rules bodyguard knows, with their default severities.
#[napi]
pub fn rules() -> Vec<RuleInfo> {
    bodyguard::unstable::rules::all()
        .map(|r| RuleInfo {
            code: r.code.to_string(),
            severity: r.severity.as_str().to_string(),
            summary: r.summary.to_string(),
        })
        .collect()
}

/// The JSON Schema (draft-07) of a kind, as text.
#[napi]
pub fn schema(kind: String) -> Result<String> {
    let kind = Kind::from_name(&kind)
        .ok_or_else(|| type_error(format!("bodyguard: unknown kind `{kind}`")))?;
    Ok(bodyguard::unstable::schema::committed_schema(kind).to_string())
}
