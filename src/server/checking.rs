//! Checking the documents that changed, and publishing their findings.

use super::diagnostics::Finding;
use super::workspace::Workspace;
use super::{diagnostics, documents, workspace};
use super::{Checked, Open, Outcome, Server};
use lsp_types::notification as notif;
use lsp_types::{MessageType, PublishDiagnosticsParams, Uri};
use std::collections::HashMap;
use std::path::Path;

impl Server<'_> {
    /// A `bodyguard.toml`, the client's settings or the folders changed: everything is
    /// looked up and checked again.
    pub(super) fn configuration_changed(&mut self) {
        self.workspace.invalidate();
        for open in self.documents.values_mut() {
            open.dirty = true;
        }
        self.cross_dirty = true;
    }

    /// Check `open`'s current text (not published here).
    fn check(workspace: &mut Workspace, open: &mut Open) -> bool {
        let path = open.doc.path.clone();
        let name = match &path {
            Some(p) => workspace.display_name(p),
            None => open.doc.uri.as_str().to_string(),
        };
        // The syntax follows the name: a `jsonc` document without the extension gets it.
        let name =
            if open.doc.language_id == "jsonc" && !name.to_ascii_lowercase().ends_with(".jsonc") {
                format!("{name}.jsonc")
            } else {
                name
            };
        let (effective, result) = workspace.check_text(
            path.as_deref(),
            &name,
            open.doc.text.clone(),
            &mut open.kept,
        );
        let outcome = match result {
            None => Outcome::Failed,
            Some(report) => {
                let parsed = !report
                    .diagnostics
                    .iter()
                    .any(|d| matches!(d.code(), "json/syntax" | "json/empty"));
                if report.kind.is_some() || (!parsed && open.was_body) {
                    if parsed {
                        open.was_body = true;
                    }
                    Outcome::Body(report)
                } else {
                    if parsed {
                        open.was_body = false;
                    }
                    Outcome::NotBody
                }
            }
        };
        let failed = matches!(outcome, Outcome::Failed);
        open.checked = Some(Checked {
            version: open.doc.version,
            effective,
            name,
            outcome,
        });
        open.dirty = false;
        failed
    }

    /// Before answering about a document: check it when its text changed since its last
    /// check (with `run = onSave`, changes are not checked as they come).
    pub(super) fn ensure_current(&mut self, uri: &str) {
        let Some(open) = self.documents.get_mut(uri) else {
            return;
        };
        if open
            .checked
            .as_ref()
            .is_some_and(|c| c.version == open.doc.version)
        {
            return;
        }
        Self::check(&mut self.workspace, open);
        let findings = assemble(open, Vec::new());
        open.findings = findings;
    }

    /// Check what changed, run the cross-file rules, publish what differs from what the
    /// client has.
    pub(super) fn flush(&mut self) {
        if !self.workspace.scanned {
            let scanned =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.workspace.scan()));
            if scanned.is_err() {
                self.workspace.scanned = true;
                self.log(
                    MessageType::ERROR,
                    "internal error reading the workspace".into(),
                );
            }
            self.cross_dirty = true;
        }
        let mut failed = Vec::new();
        for open in self.documents.values_mut() {
            if open.dirty {
                if Self::check(&mut self.workspace, open) {
                    failed.push(open.doc.uri.as_str().to_string());
                }
                self.cross_dirty = true;
            }
        }
        for uri in failed {
            self.log(
                MessageType::ERROR,
                format!("bodyguard could not check {uri}: internal error; the document is reported as not checked"),
            );
        }
        if self.cross_dirty {
            self.cross_dirty = false;
            let keys: Vec<String> = self.documents.keys().cloned().collect();
            let cross = {
                let open: Vec<(Option<&Path>, &crate::Report)> = keys
                    .iter()
                    .filter_map(|k| {
                        let o = &self.documents[k];
                        match &o.checked.as_ref()?.outcome {
                            Outcome::Body(r) => Some((o.doc.path.as_deref(), r)),
                            _ => None,
                        }
                    })
                    .collect();
                let with_body: Vec<&String> = keys
                    .iter()
                    .filter(|k| {
                        matches!(
                            self.documents[*k].checked.as_ref().map(|c| &c.outcome),
                            Some(Outcome::Body(_))
                        )
                    })
                    .collect();
                let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    self.workspace.cross_file(&open)
                }))
                .unwrap_or_default();
                let mut by_key: HashMap<String, Vec<workspace::CrossFinding>> = HashMap::new();
                for (k, f) in with_body.into_iter().zip(found) {
                    by_key.insert(k.clone(), f);
                }
                by_key
            };
            let mut cross = cross;
            for key in keys {
                let open = self.documents.get_mut(&key).expect("listed above"); // ok: keys were taken from self.documents just above, nothing removed since
                let findings = assemble(open, cross.remove(&key).unwrap_or_default());
                open.findings = findings;
                let lsp: Vec<lsp_types::Diagnostic> =
                    match open.checked.as_ref().map(|c| &c.outcome) {
                        Some(Outcome::Failed) => vec![diagnostics::not_checked()],
                        _ => open.findings.iter().map(|f| f.lsp.clone()).collect(),
                    };
                let (uri, version) = (open.doc.uri.clone(), open.doc.version);
                self.publish(&uri, Some(version), lsp);
            }
        }
        self.publish_config_problems();
        for message in std::mem::take(&mut self.workspace.messages) {
            self.notify::<notif::ShowMessage>(lsp_types::ShowMessageParams {
                typ: MessageType::WARNING,
                message: format!("bodyguard: {message}"),
            });
        }
    }

    fn publish_config_problems(&mut self) {
        let mut current: HashMap<String, (Uri, Vec<lsp_types::Diagnostic>)> = HashMap::new();
        for (path, report) in &self.workspace.config_problems {
            let Some(uri) = documents::path_to_uri(path) else {
                continue;
            };
            let text = report.source.text();
            let index = documents::LineIndex::new(text);
            let lsp = report
                .diagnostics
                .iter()
                .map(|d| diagnostics::to_lsp(d, &uri, text, &index, &[]))
                .collect();
            current.insert(uri.as_str().to_string(), (uri, lsp));
        }
        // Configuration files published before and fine now are cleared.
        let stale: Vec<String> = self
            .published
            .keys()
            .filter(|k| k.ends_with(crate::config::FILE_NAME) && !current.contains_key(*k))
            .cloned()
            .collect();
        for key in stale {
            if let Ok(uri) = key.parse::<Uri>() {
                self.publish(&uri, None, Vec::new());
            }
        }
        for (_, (uri, lsp)) in current {
            self.publish(&uri, None, lsp);
        }
    }

    /// Send `diagnostics` for `uri` unless the client already has exactly these.
    pub(super) fn publish(
        &mut self,
        uri: &Uri,
        version: Option<i32>,
        diagnostics: Vec<lsp_types::Diagnostic>,
    ) {
        let key = uri.as_str().to_string();
        let unchanged = match self.published.get(&key) {
            Some(old) => *old == diagnostics,
            None => diagnostics.is_empty(),
        };
        if unchanged {
            return;
        }
        if diagnostics.is_empty() {
            self.published.remove(&key);
        } else {
            self.published.insert(key, diagnostics.clone());
        }
        self.notify::<notif::PublishDiagnostics>(PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        });
    }
}

/// The findings shown for `open`: its own and `cross` (cross-file), with the document's
/// severities and `[[ignore]]` entries applied, sorted by position.
fn assemble(open: &Open, cross: Vec<workspace::CrossFinding>) -> Vec<Finding> {
    let Some(checked) = &open.checked else {
        return Vec::new();
    };
    let Outcome::Body(report) = &checked.outcome else {
        return Vec::new();
    };
    let effective = &checked.effective;
    let settings = effective.checker.settings();
    let relative = effective.relative(open.doc.path.as_deref());
    let mut all: Vec<(crate::Diagnostic, Vec<_>)> = report
        .diagnostics
        .iter()
        .map(|d| (d.clone(), Vec::new()))
        .collect();
    for c in cross {
        let mut d = c.diagnostic;
        let Some(level) = settings.severity_of(d.meta) else {
            continue;
        };
        if settings.severities.contains_key(d.meta.code) {
            d.severity = level;
        }
        all.push((d, c.related));
    }
    all.retain(|(d, _)| !effective.is_ignored(relative.as_deref(), d));
    all.sort_by_key(|(d, _)| {
        (
            d.span.map(|s| (s.start, s.end)).unwrap_or((0, 0)),
            d.meta.code,
        )
    });
    all.into_iter()
        .map(|(d, related)| {
            let lsp =
                diagnostics::to_lsp(&d, &open.doc.uri, &open.doc.text, &open.doc.index, &related);
            Finding { diagnostic: d, lsp }
        })
        .collect()
}
