//! `bodyguard server`: the Language Server Protocol over stdio.
//!
//! One engine with the command line: the same checker, rules, severities, messages and
//! masking. A synchronous loop (`lsp-server`) reads every message already waiting, applies
//! them in order, then checks what changed and publishes; a burst of edits is checked once.
//!
//! - [`documents`]: open documents, UTF-16 positions, file URIs;
//! - [`settings`]: flags, `initializationOptions`, `workspace/didChangeConfiguration`;
//! - [`workspace`]: `bodyguard.toml` per file, the layered settings, cross-file facts of the
//!   files on disk;
//! - [`diagnostics`], [`actions`], [`hover`]: what the client is sent.

pub mod actions;
pub mod diagnostics;
pub mod documents;
pub mod hover;
pub mod settings;
pub mod workspace;

pub use settings::ServerArgs;

use diagnostics::Finding;
use documents::Document;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, HoverProviderCapability,
    InitializeParams, MessageType, PublishDiagnosticsParams, SaveOptions, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities,
};
use settings::{Layer, Run};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use workspace::{CheckFn, Effective, Workspace};

/// Run the server on stdin/stdout until the client says `exit`; returns the exit code.
pub fn run(args: ServerArgs) -> i32 {
    // A panic is caught and reported on the document; its message may quote a body, so only
    // its place goes to the log (stderr, which editors show as the server's log).
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!("bodyguard server: internal error{place}");
    }));
    let (connection, io_threads) = Connection::stdio();
    let result = serve(&connection, args);
    drop(connection);
    match result {
        Ok(()) => {
            let _ = io_threads.join();
            0
        }
        Err(e) => {
            eprintln!("bodyguard server: {e}");
            1
        }
    }
}

/// Serve one client on `connection` (the initialize handshake, then every message until
/// `exit` or the end of the connection).
pub fn serve(connection: &Connection, args: ServerArgs) -> Result<(), String> {
    serve_with(connection, args, workspace::default_check)
}

fn serve_with(connection: &Connection, args: ServerArgs, check: CheckFn) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(p) => p,
        Err(e) => {
            let message = format!("invalid initialize parameters: {e}");
            let _ = connection.sender.send(
                Response::new_err(id, ErrorCode::InvalidParams as i32, message.clone()).into(),
            );
            return Err(message);
        }
    };
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, actions::FIX_ALL]),
            ..Default::default()
        })),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp_types::OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..Default::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "bodyguard", "version": env!("CARGO_PKG_VERSION")},
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;

    let cwd = std::env::current_dir().unwrap_or_default();
    let (flags, mut problems) = Layer::from_args(&args, &cwd);
    let mut folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| documents::uri_to_path(&f.uri))
        .collect();
    #[allow(deprecated)]
    if folders.is_empty() {
        folders.extend(params.root_uri.as_ref().and_then(documents::uri_to_path));
    }
    let mut workspace = Workspace::new(folders, flags, check);
    let (init, init_problems) = Layer::from_client(params.initialization_options.as_ref());
    workspace.init = init;
    problems.extend(init_problems);
    workspace.messages.extend(problems);
    let caps = &params.capabilities;
    let mut server = Server {
        connection,
        workspace,
        documents: BTreeMap::new(),
        configs: HashMap::new(),
        published: HashMap::new(),
        watch: caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false),
        can_create_files: caps
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&lsp_types::ResourceOperationKind::Create)),
        cross_dirty: true,
        shutting_down: false,
    };
    server.register_watchers();
    server.main_loop()
}

/// The result of the last check of an open document.
enum Outcome {
    /// A body: its report (per-file findings).
    Body(crate::Report),
    /// Not a body bodyguard knows: nothing is shown.
    NotBody,
    /// A rule failed: the document is reported as not checked.
    Failed,
}

struct Checked {
    version: i32,
    effective: Arc<Effective>,
    name: String,
    outcome: Outcome,
}

struct Open {
    doc: Document,
    checked: Option<Checked>,
    /// The findings shown (per-file and cross-file, severities and ignores applied).
    findings: Vec<Finding>,
    /// The document was a body at its last check that parsed.
    was_body: bool,
    /// Changed since its last check, and to be checked at the next flush.
    dirty: bool,
}

struct Server<'a> {
    connection: &'a Connection,
    workspace: Workspace,
    /// Open JSON documents, by URI.
    documents: BTreeMap<String, Open>,
    /// Open `bodyguard.toml` files, by URI (for edits that add an `[[ignore]]` entry).
    configs: HashMap<String, Document>,
    /// What was last published, by URI (documents and configuration files).
    published: HashMap<String, Vec<lsp_types::Diagnostic>>,
    /// The client accepts file watchers registered by the server.
    watch: bool,
    /// The client applies workspace edits that create files.
    can_create_files: bool,
    /// Cross-file findings must be computed again.
    cross_dirty: bool,
    shutting_down: bool,
}

fn is_config(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == crate::config::FILE_NAME)
}

impl Server<'_> {
    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params).into());
    }

    fn log(&self, typ: MessageType, message: String) {
        self.notify::<notif::LogMessage>(lsp_types::LogMessageParams { typ, message });
    }

    fn register_watchers(&self) {
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

    fn main_loop(&mut self) -> Result<(), String> {
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

    /// A `bodyguard.toml`, the client's settings or the folders changed: everything is
    /// looked up and checked again.
    fn configuration_changed(&mut self) {
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
        let (effective, result) =
            workspace.check_text(path.as_deref(), &name, open.doc.text.clone());
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
    fn ensure_current(&mut self, uri: &str) {
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
    fn flush(&mut self) {
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
    fn publish(
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

#[cfg(test)]
mod tests;
