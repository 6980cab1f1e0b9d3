//! The panic guard: a rule that panics leaves the document reported as not checked, and the
//! server goes on.

use super::*;
use crate::core::source::SourceFile;
use crate::core::Kind;
use crate::Checker;
use lsp_server::{Message, RequestId};
use serde_json::json;
use std::time::Duration;

/// Checks as usual, except that it panics on a body mentioning `boom`.
fn fragile(checker: &Checker, source: SourceFile, kind: Option<Kind>) -> crate::Report {
    if source.text().contains("boom") {
        panic!("a rule failed");
    }
    checker.check_source(source, kind)
}

fn send(conn: &Connection, message: serde_json::Value) {
    conn.sender
        .send(serde_json::from_value(message).unwrap())
        .unwrap();
}

/// Messages up to the response to request `id`.
fn until_response(conn: &Connection, id: i32) -> Vec<Message> {
    let mut out = Vec::new();
    loop {
        let m = conn.receiver.recv_timeout(Duration::from_secs(30)).unwrap();
        let done = matches!(&m, Message::Response(r) if r.id == RequestId::from(id));
        out.push(m);
        if done {
            return out;
        }
    }
}

fn last_diagnostics(messages: &[Message], uri: &str) -> Option<serde_json::Value> {
    messages.iter().rev().find_map(|m| match m {
        Message::Notification(n)
            if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri =>
        {
            Some(n.params["diagnostics"].clone())
        }
        _ => None,
    })
}

#[test]
fn a_panicking_rule_is_reported_and_the_server_goes_on() {
    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || serve_with(&server, ServerArgs::default(), fragile));
    send(
        &client,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    until_response(&client, 1);
    send(
        &client,
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    let uri = "file:///nowhere/profile.json";
    let open = |text: &str, version: i32| {
        if version == 1 {
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": "json", "version": 1, "text": text}}})
        } else {
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}]}})
        }
    };
    let hover = |id: i32| {
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}})
    };
    send(
        &client,
        open(r#"{"policies": [{"roleId": "r", "restrictedTo": []}]}"#, 1),
    );
    send(&client, hover(2));
    let found = last_diagnostics(&until_response(&client, 2), uri).unwrap();
    assert_eq!(found[0]["code"], "kuzzle/empty-restricted-to");

    // The rule panics: one diagnostic says the file was not checked; the log says so too.
    send(
        &client,
        open(
            r#"{"policies": [{"roleId": "boom", "restrictedTo": []}]}"#,
            2,
        ),
    );
    send(&client, hover(3));
    let messages = until_response(&client, 3);
    let found = last_diagnostics(&messages, uri).unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .contains("could not check this file"));
    assert!(messages.iter().any(|m| matches!(m,
        Message::Notification(n) if n.method == "window/logMessage"
            && n.params["message"].as_str().unwrap().contains("not checked"))));

    // The next change is checked as usual.
    send(
        &client,
        open(
            r#"{"policies": [{"roleId": "r", "restrictedTo": [{"index": "a"}]}]}"#,
            3,
        ),
    );
    send(&client, hover(4));
    let found = last_diagnostics(&until_response(&client, 4), uri).unwrap();
    assert_eq!(found, json!([]));

    send(
        &client,
        json!({"jsonrpc": "2.0", "id": 5, "method": "shutdown"}),
    );
    until_response(&client, 5);
    send(&client, json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(thread.join().unwrap(), Ok(()));
}
