//! `bodyguard server` end to end, over lsp-server's in-memory connection with typed
//! requests: what a client sends, what it gets back.

use bodyguard::unstable::server::documents::path_to_uri;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A client driving a server thread.
struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<Result<(), String>>>,
    next_id: i32,
    /// Every notification the server sent, in order.
    received: Vec<Notification>,
    /// Everything the server sent, as JSON text.
    transcript: String,
}

impl Client {
    fn start(root: &Path, init: Value) -> Client {
        Client::start_with(
            root,
            init,
            bodyguard::unstable::server::ServerArgs::default(),
        )
    }

    fn start_with(
        root: &Path,
        init: Value,
        args: bodyguard::unstable::server::ServerArgs,
    ) -> Client {
        let (server_side, client_side) = Connection::memory();
        let server =
            std::thread::spawn(move || bodyguard::unstable::server::serve(&server_side, args));
        let mut client = Client {
            conn: client_side,
            server: Some(server),
            next_id: 0,
            received: Vec::new(),
            transcript: String::new(),
        };
        let params = InitializeParams {
            workspace_folders: Some(vec![WorkspaceFolder {
                uri: uri(root),
                name: "fixture".into(),
            }]),
            initialization_options: Some(init),
            capabilities: ClientCapabilities {
                workspace: Some(WorkspaceClientCapabilities {
                    did_change_watched_files: Some(DidChangeWatchedFilesClientCapabilities {
                        dynamic_registration: Some(true),
                        relative_pattern_support: None,
                    }),
                    workspace_edit: Some(WorkspaceEditClientCapabilities {
                        document_changes: Some(true),
                        resource_operations: Some(vec![ResourceOperationKind::Create]),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            },
            ..Default::default()
        };
        let result = client.request::<req::Initialize>(params);
        let sync = result.capabilities.text_document_sync;
        assert!(
            matches!(sync, Some(TextDocumentSyncCapability::Options(ref o)) if o.change == Some(TextDocumentSyncKind::INCREMENTAL)),
            "{sync:?}"
        );
        client.notify::<notif::Initialized>(InitializedParams {});
        client
    }

    fn receive(&mut self) -> Message {
        let message = self
            .conn
            .receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers");
        self.transcript
            .push_str(&serde_json::to_string(&message).unwrap());
        message
    }

    fn request<R: req::Request>(&mut self, params: R::Params) -> R::Result {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.conn
            .sender
            .send(Request::new(id.clone(), R::METHOD.into(), params).into())
            .unwrap();
        loop {
            match self.receive() {
                Message::Response(r) if r.id == id => {
                    let result = r.response_result.expect("a result");
                    return serde_json::from_value(result).unwrap();
                }
                Message::Response(r) => panic!("unexpected response {r:?}"),
                Message::Notification(n) => self.received.push(n),
                // client/registerCapability
                Message::Request(r) => self
                    .conn
                    .sender
                    .send(Response::new_ok(r.id, ()).into())
                    .unwrap(),
            }
        }
    }

    fn notify<N: notif::Notification>(&self, params: N::Params) {
        self.conn
            .sender
            .send(Notification::new(N::METHOD.into(), params).into())
            .unwrap();
    }

    /// Wait until the server has handled everything sent so far (it checks before
    /// answering a request).
    fn sync(&mut self) {
        let nowhere: Uri = "file:///nowhere.json".parse().unwrap();
        let _ = self.request::<req::HoverRequest>(HoverParams {
            text_document_position_params: TextDocumentPositionParams::new(
                TextDocumentIdentifier::new(nowhere),
                Position::new(0, 0),
            ),
            work_done_progress_params: Default::default(),
        });
    }

    fn publications(&self, uri: &Uri) -> Vec<PublishDiagnosticsParams> {
        self.received
            .iter()
            .filter(|n| n.method == notif::PublishDiagnostics::METHOD)
            .filter_map(|n| {
                serde_json::from_value::<PublishDiagnosticsParams>(n.params.clone()).ok()
            })
            .filter(|p| p.uri == *uri)
            .collect()
    }

    /// The diagnostics the client holds for `uri` now.
    fn diagnostics(&mut self, uri: &Uri) -> Vec<Diagnostic> {
        self.sync();
        self.publications(uri)
            .pop()
            .map(|p| p.diagnostics)
            .unwrap_or_default()
    }

    fn open(&self, uri: &Uri, text: &str) {
        let language = if uri.as_str().ends_with(".jsonc") {
            "jsonc"
        } else {
            "json"
        };
        self.notify::<notif::DidOpenTextDocument>(DidOpenTextDocumentParams {
            text_document: TextDocumentItem::new(uri.clone(), language.into(), 1, text.into()),
        });
    }

    fn change(&self, uri: &Uri, version: i32, range: Option<Range>, text: &str) {
        self.notify::<notif::DidChangeTextDocument>(DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier::new(uri.clone(), version),
            content_changes: vec![TextDocumentContentChangeEvent {
                range,
                range_length: None,
                text: text.into(),
            }],
        });
    }

    fn code_actions(
        &mut self,
        uri: &Uri,
        range: Range,
        only: Option<Vec<CodeActionKind>>,
    ) -> Vec<CodeAction> {
        let actions = self.request::<req::CodeActionRequest>(CodeActionParams {
            text_document: TextDocumentIdentifier::new(uri.clone()),
            range,
            context: CodeActionContext {
                diagnostics: Vec::new(),
                only,
                trigger_kind: None,
            },
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        });
        actions
            .unwrap_or_default()
            .into_iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => a,
                CodeActionOrCommand::Command(c) => panic!("a command: {c:?}"),
            })
            .collect()
    }

    fn hover(&mut self, uri: &Uri, position: Position) -> Option<Hover> {
        self.request::<req::HoverRequest>(HoverParams {
            text_document_position_params: TextDocumentPositionParams::new(
                TextDocumentIdentifier::new(uri.clone()),
                position,
            ),
            work_done_progress_params: Default::default(),
        })
    }

    fn shutdown(mut self) {
        self.request::<req::Shutdown>(());
        self.notify::<notif::Exit>(());
        let result = self
            .server
            .take()
            .unwrap()
            .join()
            .expect("the server thread ends");
        assert_eq!(result, Ok(()));
    }
}

fn uri(path: &Path) -> Uri {
    path_to_uri(path).expect("a file URI")
}

/// A fresh workspace folder with `files`.
fn workspace(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bodyguard-server-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let dir = std::fs::canonicalize(&dir).unwrap();
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// `text` with `edits` applied; positions counted in UTF-16 units, independently of the
/// server's own conversion.
fn apply(text: &str, edits: &[TextEdit]) -> String {
    let offset = |p: Position| -> usize {
        let mut line_start = 0;
        for _ in 0..p.line {
            line_start += text[line_start..]
                .find('\n')
                .map_or(text.len() - line_start, |i| i + 1);
        }
        let mut units = 0;
        for (i, c) in text[line_start..].char_indices() {
            if units >= p.character || c == '\n' {
                return line_start + i;
            }
            units += c.len_utf16() as u32;
        }
        text.len()
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(e.range.start),
                offset(e.range.end),
                e.new_text.as_str(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, new);
    }
    out
}

fn edits_for(action: &CodeAction, uri: &Uri) -> Vec<TextEdit> {
    action.edit.as_ref().unwrap().changes.as_ref().unwrap()[uri].clone()
}

fn code_of(d: &Diagnostic) -> &str {
    match &d.code {
        Some(NumberOrString::String(s)) => s,
        other => panic!("no code: {other:?}"),
    }
}

const PROFILE: &str = "{\"policies\": [{\"roleId\": \"éditeur🔑\", \"restrictedTo\": []}]}\n";

#[test]
fn open_change_and_close() {
    let root = workspace("open", &[]);
    let path = root.join("profiles/editor.json");
    let doc = uri(&path);
    let mut client = Client::start(&root, Value::Null);
    client.open(&doc, PROFILE);
    let found = client.diagnostics(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(code_of(d), "kuzzle/empty-restricted-to");
    assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR));
    assert_eq!(d.source.as_deref(), Some("bodyguard"));
    assert!(d
        .code_description
        .as_ref()
        .unwrap()
        .href
        .as_str()
        .ends_with("/docs/rules/kuzzle/empty-restricted-to.md"));
    // `[]` after "éditeur🔑" (é: two bytes, one UTF-16 unit; 🔑: four bytes, two units):
    // byte column 57, UTF-16 column 54.
    let bytes = PROFILE.find("[]").unwrap();
    assert_eq!(bytes, 57);
    assert_eq!(
        d.range,
        Range::new(Position::new(0, 54), Position::new(0, 56))
    );
    // The same finding and message as the command line's checker.
    let report = bodyguard::Checker::new().check_source(
        bodyguard::SourceFile::new("profiles/editor.json", PROFILE),
        None,
    );
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(d.message, &*report.diagnostics[0].message);

    // Change: the restriction names an index now.
    client.change(
        &doc,
        2,
        Some(Range::new(Position::new(0, 54), Position::new(0, 56))),
        "[{\"index\": \"shop\"}]",
    );
    assert_eq!(client.diagnostics(&doc), []);
    let last = client.publications(&doc).pop().unwrap();
    assert_eq!(last.version, Some(2));

    // A whole-text change brings the finding back; closing clears it.
    client.change(&doc, 3, None, PROFILE);
    assert_eq!(client.diagnostics(&doc).len(), 1);
    client.notify::<notif::DidCloseTextDocument>(DidCloseTextDocumentParams {
        text_document: TextDocumentIdentifier::new(doc.clone()),
    });
    assert_eq!(client.diagnostics(&doc), []);
    client.shutdown();
}

#[test]
fn a_file_that_is_not_a_body_shows_nothing() {
    let root = workspace("not-body", &[]);
    let doc = uri(&root.join("package.json"));
    let mut client = Client::start(&root, Value::Null);
    client.open(&doc, "{\"name\": \"x\", \"version\": \"1.0.0\"}");
    assert_eq!(client.diagnostics(&doc), []);
    assert!(client.publications(&doc).is_empty());
    // It becomes a body: findings; a syntax error while typing keeps it one; then it stops
    // being a body: cleared.
    client.change(&doc, 2, None, PROFILE);
    assert_eq!(client.diagnostics(&doc).len(), 1);
    client.change(&doc, 3, None, "{\"policies\": [");
    let found = client.diagnostics(&doc);
    assert!(
        found.iter().all(|d| code_of(d) == "json/syntax") && !found.is_empty(),
        "{found:?}"
    );
    client.change(&doc, 4, None, "{\"name\": \"x\"}");
    assert_eq!(client.diagnostics(&doc), []);
    client.shutdown();
}

#[test]
fn quick_fix_and_fix_all() {
    let text = "{\n  \"_id\": \"editor\",\n  \"policies\": [\n    {\"roleId\": \"editor\", \"restrictedTo\": [{\"index\": \"shop\", \"collections\": [\"orders\", \"orders\"]}]}\n  ]\n}\n";
    let root = workspace("fixes", &[]);
    let path = root.join("editor.json");
    let doc = uri(&path);
    let mut client = Client::start(&root, Value::Null);
    client.open(&doc, text);
    let found = client.diagnostics(&doc);
    let codes: Vec<&str> = found.iter().map(code_of).collect();
    assert_eq!(
        codes,
        ["kuzzle/ignored-body-key", "kuzzle/duplicate-collection"]
    );

    // The quick fix of the duplicate collection: exactly its edit.
    let dup = found[1].clone();
    let actions = client.code_actions(&doc, dup.range, Some(vec![CodeActionKind::QUICKFIX]));
    let fix = actions
        .iter()
        .find(|a| {
            a.diagnostics.as_ref().is_some_and(|d| d[0] == dup) && a.is_preferred == Some(true)
        })
        .expect("a quick fix");
    assert_eq!(fix.kind, Some(CodeActionKind::QUICKFIX));
    let fixed = apply(text, &edits_for(fix, &doc));
    assert!(fixed.contains("\"collections\": [\"orders\"]"), "{fixed}");
    assert!(fixed.contains("\"_id\""));

    // Fix all: the same text as `bodyguard check --fix`.
    let whole = Range::new(Position::new(0, 0), Position::new(6, 0));
    let actions = client.code_actions(
        &doc,
        whole,
        Some(vec![CodeActionKind::new("source.fixAll.bodyguard")]),
    );
    assert_eq!(actions.len(), 1, "{actions:?}");
    let all = apply(text, &edits_for(&actions[0], &doc));
    let expected = bodyguard::unstable::fix::fix_until_stable(
        &bodyguard::Checker::new(),
        "editor.json",
        text,
        None,
        |_| true,
    );
    assert!(expected.applied >= 2);
    assert_eq!(all, expected.text);
    // Only the changed parts are sent, not the whole text.
    assert!(edits_for(&actions[0], &doc)
        .iter()
        .all(|e| e.new_text.len() < 20));

    // The fixed text, sent back, is clean.
    client.change(&doc, 2, None, &all);
    assert_eq!(client.diagnostics(&doc), []);
    client.shutdown();
}

#[test]
fn hover_explains_the_rule() {
    let root = workspace("hover", &[]);
    let doc = uri(&root.join("editor.json"));
    let mut client = Client::start(&root, Value::Null);
    client.open(&doc, PROFILE);
    let d = client.diagnostics(&doc).remove(0);
    let hover = client.hover(&doc, Position::new(0, 55)).expect("a hover");
    let HoverContents::Markup(m) = hover.contents else {
        panic!("markup")
    };
    let rule = bodyguard::unstable::rules::by_code("kuzzle/empty-restricted-to").unwrap();
    assert!(m.value.contains(&d.message));
    assert!(m
        .value
        .contains(bodyguard::unstable::docs::explain_text(rule).trim_end()));
    assert_eq!(hover.range, Some(d.range));
    // Nothing to say away from a finding.
    assert!(client.hover(&doc, Position::new(0, 3)).is_none());
    client.shutdown();
}

#[test]
fn settings_are_layered() {
    let root = workspace(
        "layers",
        &[(
            "bodyguard.toml",
            "[rules]\n\"kuzzle/empty-restricted-to\" = \"warning\"\n",
        )],
    );
    let doc = uri(&root.join("editor.json"));
    // bodyguard.toml over the defaults.
    let mut client = Client::start(&root, Value::Null);
    client.open(&doc, PROFILE);
    assert_eq!(
        client.diagnostics(&doc)[0].severity,
        Some(DiagnosticSeverity::WARNING)
    );
    client.shutdown();

    // Flags are the lowest layer: bodyguard.toml wins over them.
    let flags = bodyguard::unstable::server::ServerArgs {
        rules: vec!["kuzzle/empty-restricted-to=off".into()],
        ..Default::default()
    };
    let mut client = Client::start_with(&root, Value::Null, flags);
    client.open(&doc, PROFILE);
    assert_eq!(
        client.diagnostics(&doc)[0].severity,
        Some(DiagnosticSeverity::WARNING)
    );
    client.shutdown();

    // initializationOptions over bodyguard.toml, didChangeConfiguration over both.
    let init = json!({"rules": {"kuzzle/empty-restricted-to": "info"}});
    let mut client = Client::start(&root, init);
    client.open(&doc, PROFILE);
    assert_eq!(
        client.diagnostics(&doc)[0].severity,
        Some(DiagnosticSeverity::INFORMATION)
    );
    client.notify::<notif::DidChangeConfiguration>(DidChangeConfigurationParams {
        settings: json!({"bodyguard": {"rules": {"kuzzle/empty-restricted-to": "off"}}}),
    });
    assert_eq!(client.diagnostics(&doc), []);
    client.notify::<notif::DidChangeConfiguration>(DidChangeConfigurationParams {
        settings: json!({"bodyguard": {"rules": {"kuzzle/empty-restricted-to": "error"}}}),
    });
    assert_eq!(
        client.diagnostics(&doc)[0].severity,
        Some(DiagnosticSeverity::ERROR)
    );

    // Bad settings: a message; the entry is left out (the layers below apply again).
    client.notify::<notif::DidChangeConfiguration>(DidChangeConfigurationParams {
        settings: json!({"bodyguard": {"rules": {"kuzzle/no-such-rule": "off"}}}),
    });
    assert_eq!(
        client.diagnostics(&doc)[0].severity,
        Some(DiagnosticSeverity::INFORMATION)
    );
    assert!(client
        .received
        .iter()
        .any(|n| n.method == notif::ShowMessage::METHOD
            && n.params.to_string().contains("kuzzle/no-such-rule")));
    client.shutdown();
}

#[test]
fn a_broken_configuration_is_one_diagnostic_on_it() {
    let root = workspace(
        "broken-config",
        &[("bodyguard.toml", "[rules]\n\"json/bom\" = \"fatal\"\n")],
    );
    let toml = root.join("bodyguard.toml");
    let doc = uri(&root.join("editor.json"));
    let mut client = Client::start(&root, Value::Null);
    client.open(&doc, PROFILE);
    // The body is still checked (with the defaults) ...
    assert_eq!(client.diagnostics(&doc).len(), 1);
    // ... and the configuration says what is wrong, where.
    let on_toml = client.diagnostics(&uri(&toml));
    assert_eq!(on_toml.len(), 1, "{on_toml:?}");
    assert_eq!(code_of(&on_toml[0]), "config/invalid");
    assert_eq!(on_toml[0].range.start.line, 1);

    // Fixed on disk; the watcher says so: the problem is cleared, the new settings apply.
    std::fs::write(&toml, "[rules]\n\"kuzzle/empty-restricted-to\" = \"off\"\n").unwrap();
    client.notify::<notif::DidChangeWatchedFiles>(DidChangeWatchedFilesParams {
        changes: vec![FileEvent::new(uri(&toml), FileChangeType::CHANGED)],
    });
    assert_eq!(client.diagnostics(&uri(&toml)), []);
    assert_eq!(client.diagnostics(&doc), []);

    // Changed again and saved in the editor.
    std::fs::write(
        &toml,
        "[rules]\n\"kuzzle/empty-restricted-to\" = \"info\"\n",
    )
    .unwrap();
    client.notify::<notif::DidSaveTextDocument>(DidSaveTextDocumentParams {
        text_document: TextDocumentIdentifier::new(uri(&toml)),
        text: None,
    });
    assert_eq!(
        client.diagnostics(&doc)[0].severity,
        Some(DiagnosticSeverity::INFORMATION)
    );

    // The file vanishes: back to the defaults.
    std::fs::remove_file(&toml).unwrap();
    client.notify::<notif::DidChangeWatchedFiles>(DidChangeWatchedFilesParams {
        changes: vec![FileEvent::new(uri(&toml), FileChangeType::DELETED)],
    });
    assert_eq!(
        client.diagnostics(&doc)[0].severity,
        Some(DiagnosticSeverity::ERROR)
    );
    client.shutdown();
}

#[test]
fn kinds_and_inventories_from_the_configuration() {
    let root = workspace(
        "kinds",
        &[
            (
                "bodyguard.toml",
                "inventory = [\"inventory/mappings.json\"]\n[[kinds]]\nfiles = \"security/*.json\"\nkind = \"kuzzle-profile\"\n",
            ),
            ("inventory/mappings.json", "{\"shop\": {\"orders\": {\"properties\": {}}}}"),
        ],
    );
    let doc = uri(&root.join("security/p.json"));
    let mut client = Client::start(&root, Value::Null);
    // Nothing in the content says "profile": the [[kinds]] glob does.
    client.open(&doc, "{\"policies\": {}}");
    let found = client.diagnostics(&doc);
    assert_eq!(
        found.iter().map(code_of).collect::<Vec<_>>(),
        ["schema/type"]
    );
    // The inventory: an index the target does not have.
    client.change(
        &doc,
        2,
        None,
        "{\"policies\": [{\"roleId\": \"admin\", \"restrictedTo\": [{\"index\": \"shp\"}]}]}",
    );
    let found = client.diagnostics(&doc);
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("shp") && d.message.contains("index")),
        "{found:?}"
    );
    client.shutdown();
}

#[test]
fn cross_file_findings_point_at_the_other_file() {
    let roles = "{\n  \"roles\": {\n    \"shop-admin\": {\"controllers\": {\"security\": {\"actions\": {\"createUser\": true}}}}\n  }\n}\n";
    let root = workspace("cross", &[("security/roles.json", roles)]);
    let doc = uri(&root.join("profiles/shop.json"));
    let mut client = Client::start(&root, Value::Null);
    // The roles file is not open: it is read from the workspace folder.
    client.open(
        &doc,
        "{\"policies\": [{\"roleId\": \"shop-admin\", \"restrictedTo\": [{\"index\": \"shop\"}]}]}",
    );
    let found = client.diagnostics(&doc);
    let d = found
        .iter()
        .find(|d| code_of(d) == "kuzzle/restricted-index-less-role")
        .expect("the cross-file finding");
    let related = d.related_information.as_ref().expect("related information");
    assert_eq!(
        related[0].location.uri,
        uri(&root.join("security/roles.json"))
    );
    assert_eq!(related[0].location.range.start, Position::new(2, 35));
    assert!(related[0].message.contains("security"));

    // The role file is opened and loses its security grant: the finding goes away.
    let roles_uri = uri(&root.join("security/roles.json"));
    client.open(&roles_uri, roles);
    client.change(&roles_uri, 2, None, &roles.replace("security", "document"));
    let found = client.diagnostics(&doc);
    assert!(
        found
            .iter()
            .all(|d| code_of(d) != "kuzzle/restricted-index-less-role"),
        "{found:?}"
    );
    client.shutdown();
}

#[test]
fn ignore_this_finding() {
    let root = workspace("ignore", &[]);
    let mut client = Client::start(&root, Value::Null);
    // .jsonc: a comment above the line, with a reason to write.
    let jsonc = uri(&root.join("editor.jsonc"));
    let text = "{\n  \"policies\": [\n    {\"roleId\": \"editor\", \"restrictedTo\": []}\n  ]\n}\n";
    client.open(&jsonc, text);
    let d = client.diagnostics(&jsonc).remove(0);
    let actions = client.code_actions(&jsonc, d.range, None);
    let ignore = actions
        .iter()
        .find(|a| a.title.contains("bodyguard-ignore"))
        .expect("an ignore action");
    let commented = apply(text, &edits_for(ignore, &jsonc));
    assert_eq!(
        commented,
        "{\n  \"policies\": [\n    // bodyguard-ignore: kuzzle/empty-restricted-to <reason>\n    {\"roleId\": \"editor\", \"restrictedTo\": []}\n  ]\n}\n"
    );
    client.change(
        &jsonc,
        2,
        None,
        &commented.replace("<reason>", "read by the 2019 client"),
    );
    assert_eq!(client.diagnostics(&jsonc), []);

    // .json: an [[ignore]] entry of a new bodyguard.toml.
    let json = uri(&root.join("profiles/editor.json"));
    client.open(&json, PROFILE);
    let d = client.diagnostics(&json).remove(0);
    let actions = client.code_actions(&json, d.range, None);
    let ignore = actions
        .iter()
        .find(|a| a.title.contains("bodyguard.toml"))
        .expect("an ignore action");
    let toml = root.join("bodyguard.toml");
    let Some(DocumentChanges::Operations(ops)) = &ignore.edit.as_ref().unwrap().document_changes
    else {
        panic!("file operations: {ignore:?}")
    };
    assert!(
        matches!(&ops[0], DocumentChangeOperation::Op(ResourceOp::Create(c)) if c.uri == uri(&toml))
    );
    let DocumentChangeOperation::Edit(edit) = &ops[1] else {
        panic!("an edit")
    };
    let OneOf::Left(entry) = &edit.edits[0] else {
        panic!("a text edit")
    };
    assert_eq!(
        entry.new_text,
        "[[ignore]]\ncode = \"kuzzle/empty-restricted-to\"\nfiles = \"profiles/editor.json\"\npointer = \"/policies/0/restrictedTo\"\nreason = \"<reason>\"\n"
    );
    // Written (as the editor would) with a reason, and saved: the finding is suppressed.
    std::fs::write(&toml, entry.new_text.replace("<reason>", "reviewed")).unwrap();
    client.notify::<notif::DidSaveTextDocument>(DidSaveTextDocumentParams {
        text_document: TextDocumentIdentifier::new(uri(&toml)),
        text: None,
    });
    assert_eq!(client.diagnostics(&json), []);

    // With a bodyguard.toml in place, the entry is appended to it.
    client.change(&json, 2, None, &PROFILE.replace("editor", "writer"));
    let _ = client.diagnostics(&json);
    let profile2 = uri(&root.join("profiles/other.json"));
    client.open(&profile2, PROFILE);
    let d = client.diagnostics(&profile2).remove(0);
    let actions = client.code_actions(&profile2, d.range, None);
    let ignore = actions
        .iter()
        .find(|a| a.title.contains("bodyguard.toml"))
        .unwrap();
    let edits = edits_for(ignore, &uri(&toml));
    let before = std::fs::read_to_string(&toml).unwrap();
    let after = apply(&before, &edits);
    assert!(after.starts_with(&before));
    assert!(after.ends_with("\n\n[[ignore]]\ncode = \"kuzzle/empty-restricted-to\"\nfiles = \"profiles/other.json\"\npointer = \"/policies/0/restrictedTo\"\nreason = \"<reason>\"\n"), "{after}");
    client.shutdown();
}

#[test]
fn no_secret_reaches_the_client() {
    let secret = "c2VjcmV0LWtleS1ub3QtcmVhbA==";
    let text = format!(
        "{{\n  \"connectorName\": \"sales\",\n  \"ConnectorType\": \"AzureBlob\",\n  \"connectorProperties\": {{\n    \"connectionKeyVaultUrl\": \"DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey={secret}\"\n  }}\n}}\n"
    );
    let root = workspace("secrets", &[]);
    let doc = uri(&root.join("connectors/sales.json"));
    let mut client = Client::start(&root, Value::Null);
    client.open(&doc, &text);
    let found = client.diagnostics(&doc);
    assert!(found.iter().any(|d| code_of(d) == "ci/secret"), "{found:?}");
    assert!(
        found.iter().any(|d| code_of(d) == "ci/key-case"),
        "{found:?}"
    );
    let everything = Range::new(Position::new(0, 0), Position::new(8, 0));
    let actions = client.code_actions(&doc, everything, None);
    assert!(actions
        .iter()
        .any(|a| a.kind == Some(CodeActionKind::new("source.fixAll.bodyguard"))));
    for d in &found {
        let _ = client.hover(&doc, d.range.start);
    }
    assert!(!client.transcript.contains(secret));
    assert!(!client.transcript.contains("c2VjcmV0"));
    client.shutdown();
}

#[test]
fn bad_input_never_stops_the_server() {
    let root = workspace("bad", &[]);
    let mut client = Client::start(&root, Value::Null);
    let doc = uri(&root.join("profiles/p.json"));
    client.open(&doc, PROFILE);
    assert_eq!(client.diagnostics(&doc).len(), 1);
    // Garbage, NUL bytes, a change past the end of the text, a huge document.
    client.change(&doc, 2, None, "\u{0}\u{1}{{{{[[[\"\u{feff}");
    let _ = client.diagnostics(&doc);
    client.change(
        &doc,
        3,
        Some(Range::new(Position::new(40, 9), Position::new(99, 0))),
        "}",
    );
    let _ = client.diagnostics(&doc);
    let mut huge = String::from("{\"policies\": [");
    while huge.len() < 2 << 20 {
        huge.push_str("{\"roleId\": \"r\", \"restrictedTo\": []},");
    }
    huge.push_str("{\"roleId\": \"last\"}]}");
    client.change(&doc, 4, None, &huge);
    let found = client.diagnostics(&doc);
    assert!(found.len() > 1000);
    // Requests about documents never opened, malformed parameters: answered.
    let gone = uri(&root.join("never-opened.json"));
    assert!(client
        .code_actions(&gone, Range::default(), None)
        .is_empty());
    client.next_id += 1;
    client
        .conn
        .sender
        .send(
            Request::new(
                RequestId::from(client.next_id),
                req::HoverRequest::METHOD.into(),
                json!({"bad": 1}),
            )
            .into(),
        )
        .unwrap();
    loop {
        if let Message::Response(r) = client.receive() {
            assert!(r.response_result.is_err());
            break;
        }
    }
    // Still serving.
    client.change(&doc, 5, None, PROFILE);
    assert_eq!(client.diagnostics(&doc).len(), 1);
    client.shutdown();
}

/// The Lua side of the Neovim test: start the server with Neovim's own client, open the
/// body, wait for the findings, apply the quick fix of the first one, wait again, and write
/// what Neovim saw as JSON.
const NVIM_SCRIPT: &str = r#"
local result = {}
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, OUT)
  vim.cmd("qall!")
end
local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    cmd = { BIN, "server" },
    root_dir = ROOT,
    workspace_folders = { { uri = vim.uri_from_fname(ROOT), name = "fixture" } },
  })
  vim.cmd("edit " .. vim.fn.fnameescape(FILE))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  local function seen()
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local lsp = (d.user_data or {}).lsp or {}
      table.insert(out, {
        lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity,
        message = d.message, source = d.source, code = d.code or lsp.code,
      })
    end
    return out
  end
  result.before = seen()
  local first = vim.diagnostic.get(buf)[1]
  vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = {}, only = { "quickfix" } }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 20000)
  local chosen
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      if action.isPreferred and not chosen then chosen = action end
    end
  end
  result.title = chosen and chosen.title
  vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
  vim.wait(30000, function() return #vim.diagnostic.get(buf) == 0 end, 20)
  result.lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  result.after = seen()
  vim.lsp.stop_client(client_id)
end)
if not ok then result.error = tostring(err) end
finish()
"#;

#[test]
fn neovim_shows_the_findings_and_applies_a_fix() {
    let Ok(version) = std::process::Command::new("nvim").arg("--version").output() else {
        eprintln!("SKIPPED neovim_shows_the_findings_and_applies_a_fix: `nvim` is not installed (CI installs it: .ci/lsp.sh)");
        return;
    };
    assert!(version.status.success());
    let line = "{\"policies\": [{\"roleId\": \"éditeur🔑\", \"restrictedTo\": [{\"index\": \"shop\", \"collections\": [\"orders\", \"orders\"]}]}]}";
    let root = workspace("neovim", &[("profiles/editor.json", &format!("{line}\n"))]);
    let out = root.join("result.json");
    let script = root.join("test.lua");
    let lua_string = |s: &Path| format!("{:?}", s.to_str().unwrap());
    std::fs::write(
        &script,
        format!(
            "BIN = {}\nROOT = {}\nFILE = {}\nOUT = {}\n{NVIM_SCRIPT}",
            lua_string(Path::new(env!("CARGO_BIN_EXE_bodyguard"))),
            lua_string(&root),
            lua_string(&root.join("profiles/editor.json")),
            lua_string(&out),
        ),
    )
    .unwrap();
    let mut child = std::process::Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(&root)
        .stdin(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("nvim did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let result: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(result.get("error").is_none(), "{result:#}");
    let before = result["before"].as_array().unwrap();
    assert_eq!(before.len(), 1, "{result:#}");
    let d = &before[0];
    assert_eq!(d["code"], "kuzzle/duplicate-collection");
    assert_eq!(d["source"], "bodyguard");
    assert_eq!(d["severity"], 2, "a warning: {d}");
    // Neovim turns the server's UTF-16 columns back into byte columns: they must land on
    // the second "orders", after "éditeur🔑".
    let second = line.rfind("\"orders\"").unwrap();
    assert_eq!(d["lnum"], 0);
    assert_eq!(d["col"], second);
    assert_eq!(d["end_col"], second + "\"orders\"".len());
    // The quick fix, applied by Neovim, fixes the body; the finding goes away.
    assert!(
        result["title"].as_str().unwrap().contains("orders"),
        "{result:#}"
    );
    let fixed = result["lines"][0].as_str().unwrap();
    assert!(fixed.contains("\"collections\": [\"orders\"]"), "{fixed}");
    assert!(fixed.contains("éditeur🔑"));
    assert_eq!(result["after"], json!([]));
}

#[test]
fn run_on_save_checks_on_open_and_save_only() {
    let root = workspace("on-save", &[]);
    let doc = uri(&root.join("editor.json"));
    let mut client = Client::start(&root, json!({"run": "onSave"}));
    client.open(&doc, PROFILE);
    assert_eq!(client.diagnostics(&doc).len(), 1);
    let fixed = PROFILE.replace("[]", "[{\"index\": \"shop\"}]");
    client.change(&doc, 2, None, &fixed);
    // Not checked on change: the client still has the finding ...
    assert_eq!(client.diagnostics(&doc).len(), 1);
    // ... but hover and code actions answer about the text as it is now.
    assert!(client.hover(&doc, Position::new(0, 55)).is_none());
    client.notify::<notif::DidSaveTextDocument>(DidSaveTextDocumentParams {
        text_document: TextDocumentIdentifier::new(doc.clone()),
        text: None,
    });
    assert_eq!(client.diagnostics(&doc), []);
    client.shutdown();
}
