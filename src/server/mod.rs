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
//!
//! The server itself: `messages` (requests and notifications from the client) and
//! `checking` (checking what changed and publishing).

pub mod actions;
mod checking;
pub mod diagnostics;
pub mod documents;
pub mod hover;
mod messages;
pub mod settings;
pub mod workspace;

pub use settings::ServerArgs;

use diagnostics::Finding;
use documents::Document;
use lsp_server::{Connection, ErrorCode, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, HoverProviderCapability,
    InitializeParams, SaveOptions, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};
use settings::Layer;
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
    /// The tree of its last check, for the next one to re-parse only what changed.
    kept: crate::check::Kept,
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

#[cfg(test)]
mod tests;
