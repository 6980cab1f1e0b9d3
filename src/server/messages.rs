//! What the server does with each request and notification of the client.

use super::documents::Document;
use super::settings::{Layer, Run};
use super::{actions, documents, hover};
use super::{is_config, Open, Outcome, Server};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{MessageType, Uri};
use std::path::PathBuf;

impl Server<'_> {
    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    pub(super) fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params).into());
    }

    pub(super) fn log(&self, typ: MessageType, message: String) {
        self.notify::<notif::LogMessage>(lsp_types::LogMessageParams { typ, message });
    }

    pub(super) fn register_watchers(&self) {
        if !self.watch {
            return;
        }
        let watchers = ["**/bodyguard.toml", "**/*.json", "**/*.jsonc"]
            .map(|g| lsp_types::FileSystemWatcher {
                glob_pattern: lsp_types::GlobPattern::String(g.to_string()),
                kind: None,
            })
            .to_vec();
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = lsp_types::RegistrationParams {
            registrations: vec![lsp_types::Registration {
                id: "bodyguard-watched-files".into(),
                method: notif::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.send(
            Request::new(
                RequestId::from("bodyguard-register-watchers".to_string()),
                req::RegisterCapability::METHOD.into(),
                params,
            )
            .into(),
        );
    }

    pub(super) fn main_loop(&mut self) -> Result<(), String> {
        loop {
            let Ok(first) = self.connection.receiver.recv() else {
                return Ok(());
            };
            // Everything already waiting is applied before anything is checked.
            let mut batch = vec![first];
            batch.extend(self.connection.receiver.try_iter());
            for message in batch {
                match message {
                    Message::Request(request) => {
                        self.flush();
                        self.request(request);
                    }
                    // Exit code 1 without a shutdown first, as the protocol says.
                    Message::Notification(n) if n.method == notif::Exit::METHOD => {
                        return match self.shutting_down {
                            true => Ok(()),
                            false => Err("exit without shutdown".into()),
                        };
                    }
                    Message::Notification(n) => {
                        let method = n.method.clone();
                        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            self.notification(n)
                        }));
                        if done.is_err() {
                            self.log(
                                MessageType::ERROR,
                                format!("internal error handling {method}"),
                            );
                        }
                    }
                    Message::Response(_) => {}
                }
            }
            self.flush();
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        if self.shutting_down {
            self.send(
                Response::new_err(id, ErrorCode::InvalidRequest as i32, "shutting down".into())
                    .into(),
            );
            return;
        }
        let method = request.method.clone();
        let response =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.answer(request)))
                .unwrap_or_else(|_| {
                    self.log(
                        MessageType::ERROR,
                        format!("internal error answering {method}"),
                    );
                    Err((ErrorCode::InternalError, "bodyguard: internal error".into()))
                });
        let response = match response {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(response.into());
    }

    fn answer(&mut self, request: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        fn params<R: lsp_types::request::Request>(
            request: Request,
        ) -> Result<R::Params, (ErrorCode, String)> {
            serde_json::from_value(request.params)
                .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
        }
        let json = |v: Result<serde_json::Value, serde_json::Error>| {
            v.map_err(|e| (ErrorCode::InternalError, e.to_string()))
        };
        match request.method.as_str() {
            req::Shutdown::METHOD => {
                self.shutting_down = true;
                Ok(serde_json::Value::Null)
            }
            req::HoverRequest::METHOD => {
                let p = params::<req::HoverRequest>(request)?;
                let uri = p.text_document_position_params.text_document.uri;
                self.ensure_current(uri.as_str());
                let hover = self.documents.get(uri.as_str()).and_then(|open| {
                    hover::hover(
                        &open.doc,
                        &open.findings,
                        p.text_document_position_params.position,
                    )
                });
                json(serde_json::to_value(hover))
            }
            req::CodeActionRequest::METHOD => {
                let p = params::<req::CodeActionRequest>(request)?;
                let actions = self.code_actions(&p);
                json(serde_json::to_value(actions))
            }
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("bodyguard does not answer {}", request.method),
            )),
        }
    }

    fn code_actions(
        &mut self,
        p: &lsp_types::CodeActionParams,
    ) -> Option<Vec<lsp_types::CodeActionOrCommand>> {
        let uri = p.text_document.uri.as_str();
        self.ensure_current(uri);
        let open = self.documents.get(uri)?;
        let checked = open.checked.as_ref()?;
        let Outcome::Body(report) = &checked.outcome else {
            return Some(Vec::new());
        };
        let toml_uri = checked
            .effective
            .config_path
            .as_deref()
            .and_then(documents::path_to_uri);
        let open_toml = toml_uri
            .as_ref()
            .and_then(|u| self.open_toml_text(u).map(|text| (u, text)));
        let cx = actions::Context {
            effective: &checked.effective,
            kind: report.kind,
            name: &checked.name,
            open_toml,
            can_create_files: self.can_create_files,
            only: p.context.only.as_deref(),
        };
        let mut found = actions::code_actions(&open.doc, &open.findings, p.range, &cx);
        // No action may carry a secret value of the body, even in an edit.
        let mut ignored = Vec::new();
        let document = crate::parse::parse(
            &open.doc.text,
            crate::parse::Syntax::for_path(&checked.name),
            &mut ignored,
        );
        let spans = crate::secrets::mask_spans(&open.doc.text, &document);
        let secrets: Vec<&str> = spans
            .iter()
            .filter_map(|s| open.doc.text.get(s.range()))
            .collect();
        found.retain(|a| actions::holds_no_secret(a, &secrets));
        Some(found)
    }

    /// The text of an open `bodyguard.toml` (the editor's, unsaved changes included).
    fn open_toml_text(&self, uri: &Uri) -> Option<&str> {
        let path = documents::uri_to_path(uri)?;
        self.configs
            .values()
            .find(|d| d.path.as_deref() == Some(path.as_path()))
            .map(|d| d.text.as_str())
    }

    fn notification(&mut self, n: Notification) {
        fn params<N: lsp_types::notification::Notification>(n: Notification) -> Option<N::Params> {
            serde_json::from_value(n.params).ok()
        }
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                let Some(p) = params::<notif::DidOpenTextDocument>(n) else {
                    return;
                };
                let item = p.text_document;
                if documents::uri_to_path(&item.uri).is_some_and(|p| is_config(&p)) {
                    let key = item.uri.as_str().to_string();
                    let doc = Document::new(item.uri, item.language_id, item.version, item.text);
                    self.configs.insert(key, doc);
                    return;
                }
                if !documents::is_json(&item.uri, &item.language_id) {
                    return;
                }
                let key = item.uri.as_str().to_string();
                let doc = Document::new(item.uri, item.language_id, item.version, item.text);
                self.documents.insert(
                    key,
                    Open {
                        doc,
                        checked: None,
                        findings: Vec::new(),
                        was_body: false,
                        dirty: true,
                        kept: Default::default(),
                    },
                );
            }
            notif::DidChangeTextDocument::METHOD => {
                let Some(p) = params::<notif::DidChangeTextDocument>(n) else {
                    return;
                };
                if let Some(doc) = self.configs.get_mut(p.text_document.uri.as_str()) {
                    doc.apply(p.text_document.version, p.content_changes);
                    return;
                }
                let path = documents::uri_to_path(&p.text_document.uri);
                let run = self.workspace.effective_for(path.as_deref()).run;
                let Some(open) = self.documents.get_mut(p.text_document.uri.as_str()) else {
                    return;
                };
                open.doc.apply(p.text_document.version, p.content_changes);
                if run == Run::OnType {
                    open.dirty = true;
                }
            }
            notif::DidSaveTextDocument::METHOD => {
                let Some(p) = params::<notif::DidSaveTextDocument>(n) else {
                    return;
                };
                let path = documents::uri_to_path(&p.text_document.uri);
                if path.as_deref().is_some_and(is_config) {
                    self.configuration_changed();
                } else if let Some(open) = self.documents.get_mut(p.text_document.uri.as_str()) {
                    open.dirty = true;
                }
            }
            notif::DidCloseTextDocument::METHOD => {
                let Some(p) = params::<notif::DidCloseTextDocument>(n) else {
                    return;
                };
                self.configs.remove(p.text_document.uri.as_str());
                if let Some(open) = self.documents.remove(p.text_document.uri.as_str()) {
                    self.publish(&open.doc.uri, None, Vec::new());
                    if let Some(path) = &open.doc.path {
                        self.workspace.refresh_file(path);
                    }
                    self.cross_dirty = true;
                }
            }
            notif::DidChangeWatchedFiles::METHOD => {
                let Some(p) = params::<notif::DidChangeWatchedFiles>(n) else {
                    return;
                };
                for change in p.changes {
                    let Some(path) = documents::uri_to_path(&change.uri) else {
                        continue;
                    };
                    if is_config(&path) {
                        self.configuration_changed();
                    } else if self.workspace.scanned {
                        self.workspace.refresh_file(&path);
                        self.cross_dirty = true;
                    }
                }
            }
            notif::DidChangeConfiguration::METHOD => {
                let Some(p) = params::<notif::DidChangeConfiguration>(n) else {
                    return;
                };
                let (layer, problems) = Layer::from_client(Some(&p.settings));
                self.workspace.client = layer;
                self.workspace.messages.extend(problems);
                self.configuration_changed();
            }
            notif::DidChangeWorkspaceFolders::METHOD => {
                let Some(p) = params::<notif::DidChangeWorkspaceFolders>(n) else {
                    return;
                };
                let removed: Vec<PathBuf> = p
                    .event
                    .removed
                    .iter()
                    .filter_map(|f| documents::uri_to_path(&f.uri))
                    .collect();
                self.workspace.folders.retain(|f| !removed.contains(f));
                self.workspace.folders.extend(
                    p.event
                        .added
                        .iter()
                        .filter_map(|f| documents::uri_to_path(&f.uri)),
                );
                self.configuration_changed();
            }
            _ => {}
        }
    }
}
