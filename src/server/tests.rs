//! The panic guard: a rule that panics leaves the document reported as not checked, and the
//! server goes on. Re-checks: after any sequence of edits, a document shows what a cold check
//! of its text shows.

use super::*;
use crate::core::source::SourceFile;
use crate::core::Kind;
use crate::Checker;
use lsp_server::{Message, RequestId};
use serde_json::json;
use std::time::Duration;

/// Checks as usual, except that it panics on a body mentioning `boom`.
fn fragile(
    checker: &Checker,
    source: SourceFile,
    kind: Option<Kind>,
    kept: &mut crate::check::Kept,
) -> crate::Report {
    if source.text().contains("boom") {
        panic!("a rule failed");
    }
    checker.check_source_kept(source, kind, kept)
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

/// A client of a server started on the in-memory connection, keeping the diagnostics last
/// published for each document.
struct Session {
    client: Connection,
    thread: Option<std::thread::JoinHandle<Result<(), String>>>,
    next_id: i32,
    published: std::collections::HashMap<String, serde_json::Value>,
}

impl Session {
    /// Start a server with `init` as `initializationOptions`.
    fn start(init: serde_json::Value) -> Session {
        let (server, client) = Connection::memory();
        let thread = std::thread::spawn(move || {
            serve_with(&server, ServerArgs::default(), workspace::default_check)
        });
        let mut session = Session {
            client,
            thread: Some(thread),
            next_id: 1,
            published: Default::default(),
        };
        session.request(json!({"method": "initialize", "params": {
            "capabilities": {}, "initializationOptions": init}}));
        send(
            &session.client,
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        );
        session
    }

    /// Send a request (`params` holds its `method` and `params`) and read every message
    /// up to its response.
    fn request(&mut self, mut message: serde_json::Value) {
        let id = self.next_id;
        self.next_id += 1;
        message["jsonrpc"] = json!("2.0");
        message["id"] = json!(id);
        send(&self.client, message);
        for m in until_response(&self.client, id) {
            if let Message::Notification(n) = m {
                if n.method == "textDocument/publishDiagnostics" {
                    let uri = n.params["uri"].as_str().unwrap().to_string();
                    self.published.insert(uri, n.params["diagnostics"].clone());
                }
            }
        }
    }

    fn notify(&self, method: &str, params: serde_json::Value) {
        send(
            &self.client,
            json!({"jsonrpc": "2.0", "method": method, "params": params}),
        );
    }

    /// What the client shows for `uri` once every message sent so far is handled (a
    /// hover request is the barrier: requests are answered after what came before them).
    fn diagnostics(&mut self, uri: &str) -> serde_json::Value {
        self.request(json!({"method": "textDocument/hover", "params": {
            "textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}}));
        self.published
            .get(uri)
            .cloned()
            .unwrap_or_else(|| json!([]))
    }

    fn stop(mut self) {
        self.request(json!({"method": "shutdown"}));
        self.notify("exit", json!(null));
        let thread = self.thread.take().unwrap();
        assert_eq!(thread.join().unwrap(), Ok(()));
    }
}

/// The LSP position (line, UTF-16 column) of byte `offset` of `text`.
fn lsp_position(text: &str, offset: usize) -> serde_json::Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |n| n + 1);
    let character: usize = before[start..].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

/// The one range edit turning `old` into `new` (common prefix and suffix kept), as a client
/// sends it.
fn range_edit(old: &str, new: &str) -> serde_json::Value {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let mut suffix = old[prefix..]
        .bytes()
        .rev()
        .zip(new[prefix..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    json!({
        "range": {"start": lsp_position(old, prefix), "end": lsp_position(old, old.len() - suffix)},
        "text": &new[prefix..new.len() - suffix],
    })
}

/// The library's (and `bodyguard check`'s) findings on `text`, as the server publishes them.
fn library_check(uri: &str, text: &str) -> Vec<serde_json::Value> {
    let report = Checker::new().check_source(SourceFile::new("securities.json", text), None);
    let index = documents::LineIndex::new(text);
    let uri: lsp_types::Uri = uri.parse().unwrap();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let lsp = diagnostics::to_lsp(d, &uri, text, &index, &[]);
            serde_json::to_value(lsp).unwrap()
        })
        .collect()
}

/// A securities file whose roles, profiles and users are listed; users' names are not ASCII
/// (UTF-16 columns differ from bytes) and they carry passwords (masked).
fn securities(roles: &[(&str, &str)], profiles: &[(&str, &str)]) -> String {
    let roles: Vec<String> = roles
        .iter()
        .map(|(id, body)| format!("    \"{id}\": {body}"))
        .collect();
    let profiles: Vec<String> = profiles
        .iter()
        .map(|(id, body)| format!("    \"{id}\": {body}"))
        .collect();
    format!(
        "{{\n  \"roles\": {{\n{}\n  }},\n  \"profiles\": {{\n{}\n  }},\n  \"users\": {{\n    \"ana\": {{\"content\": {{\"profileIds\": [\"reader\"], \"name\": \"Anaïs — été 🌞\"}}, \"credentials\": {{\"local\": {{\"username\": \"ana\", \"password\": \"hunter2-not-real\"}}}}}},\n    \"bob\": {{\"content\": {{\"profileIds\": [\"writer\", \"ghost\"]}}, \"credentials\": {{\"local\": {{\"username\": \"bob\", \"password\": \"hunter3-not-real\"}}}}}}\n  }}\n}}\n",
        roles.join(",\n"),
        profiles.join(",\n")
    )
}

const READ: &str = r#"{"controllers": {"document": {"actions": {"get": true, "search": true}}}}"#;
const WRITE: &str = r#"{"controllers": {"document": {"actions": {"create": true, "update": true}}, "security": {"actions": {"createUser": true}}}}"#;
const ADMIN: &str = r#"{"controllers": {"*": {"actions": {"*": true}}}}"#;

/// After every step of a sequence of edits and settings changes, the diagnostics a long-lived
/// server shows for a document are exactly those of a server started afresh on the same
/// text and settings: nothing kept between changes shows through.
#[test]
fn every_recheck_equals_a_cold_check() {
    let uri = "file:///nowhere/security/securities.json";
    let reader = r#"{"policies": [{"roleId": "read", "restrictedTo": [{"index": "shop", "collections": ["orders", "orders"]}]}]}"#;
    let writer = r#"{"policies": [{"roleId": "write"}, {"roleId": "read", "restrictedTo": [{"index": "shop"}]}]}"#;
    let base = securities(
        &[("read", READ), ("write", WRITE)],
        &[("reader", reader), ("writer", writer)],
    );
    let broken = base.replacen("\"write\": {", "\"write\": ", 1);
    let writer_empty =
        r#"{"policies": [{"roleId": "write"}, {"roleId": "read", "restrictedTo": []}]}"#;
    // (what the step does, the text after it, settings sent with didChangeConfiguration)
    let steps: Vec<(&str, String, Option<serde_json::Value>)> = vec![
        ("open", base.clone(), None),
        (
            "add a role",
            securities(
                &[("read", READ), ("write", WRITE), ("root", ADMIN)],
                &[("reader", reader), ("writer", writer)],
            ),
            None,
        ),
        (
            "remove a role",
            securities(
                &[("write", WRITE), ("root", ADMIN)],
                &[("reader", reader), ("writer", writer)],
            ),
            None,
        ),
        (
            "rename a role",
            securities(
                &[("reading", READ), ("write", WRITE), ("root", ADMIN)],
                &[("reader", reader), ("writer", writer)],
            ),
            None,
        ),
        (
            "change a profile's policies",
            securities(
                &[("read", READ), ("write", WRITE), ("root", ADMIN)],
                &[("reader", reader), ("writer", writer_empty)],
            ),
            None,
        ),
        ("break the JSON", broken.clone(), None),
        ("repair it", base.clone(), None),
        (
            "change the settings",
            base.clone(),
            Some(
                json!({"rules": {"kuzzle/duplicate-collection": "off", "kuzzle/securities-unknown-profile": "info"}}),
            ),
        ),
        (
            "edit under the new settings",
            securities(
                &[("read", READ), ("write", WRITE)],
                &[("reader", reader), ("writer", writer_empty)],
            ),
            None,
        ),
        ("settings back", base.clone(), Some(json!({}))),
    ];

    let mut warm = Session::start(json!({}));
    let mut settings = json!({});
    let mut text = String::new();
    let mut shown = Vec::new();
    for (version, (step, new, new_settings)) in steps.into_iter().enumerate() {
        let version = version as i32 + 1;
        if version == 1 {
            warm.notify(
                "textDocument/didOpen",
                json!({"textDocument": {
                "uri": uri, "languageId": "json", "version": 1, "text": new}}),
            );
        } else if new != text {
            warm.notify(
                "textDocument/didChange",
                json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [range_edit(&text, &new)]}),
            );
        }
        if let Some(s) = new_settings {
            warm.notify(
                "workspace/didChangeConfiguration",
                json!({"settings": {"bodyguard": s.clone()}}),
            );
            settings = s;
        }
        text = new;
        let found = warm.diagnostics(uri);

        let mut cold = Session::start(settings.clone());
        cold.notify(
            "textDocument/didOpen",
            json!({"textDocument": {
            "uri": uri, "languageId": "json", "version": 1, "text": text}}),
        );
        let expected = cold.diagnostics(uri);
        cold.stop();
        let library = library_check(uri, &text);
        if expected == json!([]) && library.iter().any(|d| d["code"] == "json/syntax") {
            // A broken file opened cold is not known to be a body: the server shows nothing
            // until it parses. A body that breaks while edited keeps its syntax error: the
            // command line's check of the text.
            assert_eq!(found, json!(library), "after {step:?}");
        } else {
            assert_eq!(found, expected, "after {step:?}");
        }
        if settings == json!({}) {
            // One engine with the command line: the same findings, messages and places.
            assert_eq!(found, json!(library), "after {step:?}, against the library");
        }
        shown.push((step, found));
    }
    warm.stop();

    // The sequence exercises what it says: findings come and go between the steps.
    let codes = |step: &str| -> Vec<String> {
        let (_, found) = shown.iter().find(|(s, _)| *s == step).unwrap();
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let has = |step: &str, code: &str| codes(step).iter().any(|c| c == code);
    assert!(has("open", "kuzzle/duplicate-collection"));
    assert!(has("open", "security/create-user-not-restricted"));
    assert!(!has("open", "kuzzle/securities-unknown-role"));
    assert!(has("remove a role", "kuzzle/securities-unknown-role"));
    assert!(has("rename a role", "kuzzle/securities-unknown-role"));
    assert!(has(
        "change a profile's policies",
        "kuzzle/empty-restricted-to"
    ));
    assert_eq!(codes("break the JSON"), ["json/syntax"]);
    assert_eq!(codes("repair it"), codes("open"));
    assert!(!has("change the settings", "kuzzle/duplicate-collection"));
    assert!(has(
        "edit under the new settings",
        "kuzzle/empty-restricted-to"
    ));
    assert_eq!(codes("settings back"), codes("open"));
    let severity = |step: &str, code: &str| {
        let (_, found) = shown.iter().find(|(s, _)| *s == step).unwrap();
        found
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .unwrap()["severity"]
            .clone()
    };
    assert_eq!(
        severity("open", "kuzzle/securities-unknown-profile"),
        json!(1)
    );
    assert_eq!(
        severity("change the settings", "kuzzle/securities-unknown-profile"),
        json!(3)
    );
}
