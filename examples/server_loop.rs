//! The re-check of `benches/server.rs` N times, without criterion: the loop to count under
//! callgrind, whose instruction counts do not drift with the machine's load the way times do.
//! Run: `valgrind --tool=callgrind cargo run --release --example server_loop -- N`; the
//! difference between N and 0 edits, divided by N, is the cost of one re-check (the server's
//! and the in-memory client's threads together).

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::*;
use std::time::Duration;

// The allocator of the `bodyguard` binary, as in the benchmark.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../benches/support/server_body.rs"]
mod server_body;
use server_body::body;

fn send(conn: &Connection, message: Message) {
    conn.sender.send(message).unwrap();
}

/// Wait for the `publishDiagnostics` of `version`.
fn published(conn: &Connection, version: i32) {
    loop {
        let message = conn
            .receiver
            .recv_timeout(Duration::from_secs(600))
            .unwrap();
        if let Message::Notification(n) = message {
            if n.method == notif::PublishDiagnostics::METHOD
                && n.params.get("version").and_then(|v| v.as_i64()) == Some(version as i64)
            {
                return;
            }
        }
    }
}

fn main() {
    let n: i32 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| {
            eprintln!("usage: server_loop N");
            std::process::exit(2);
        });
    let text = body();
    let (server_side, client) = Connection::memory();
    let server = std::thread::spawn(move || {
        bodyguard::unstable::server::serve(
            &server_side,
            bodyguard::unstable::server::ServerArgs::default(),
        )
    });
    let init = InitializeParams::default();
    send(
        &client,
        Request::new(RequestId::from(1), req::Initialize::METHOD.into(), init).into(),
    );
    while !matches!(client.receiver.recv().unwrap(), Message::Response(_)) {}
    send(
        &client,
        Notification::new(notif::Initialized::METHOD.into(), InitializedParams {}).into(),
    );
    let uri: Uri = "file:///bench/security/securities.json".parse().unwrap();
    send(
        &client,
        Notification::new(
            notif::DidOpenTextDocument::METHOD.into(),
            DidOpenTextDocumentParams {
                text_document: TextDocumentItem::new(uri.clone(), "json".into(), 1, text.clone()),
            },
        )
        .into(),
    );
    published(&client, 1);
    let at = text.rfind("{\"index\": \"shop\"}").unwrap();
    let line = text[..at].matches('\n').count() as u32;
    let column = (at - text[..at].rfind('\n').map_or(0, |n| n + 1)) as u32;
    let full = "{\"index\": \"shop\"}";
    let mut present = true;
    for version in 2..2 + n {
        let (range, new) = if present {
            (
                Range::new(
                    Position::new(line, column),
                    Position::new(line, column + full.len() as u32),
                ),
                "",
            )
        } else {
            (
                Range::new(Position::new(line, column), Position::new(line, column)),
                full,
            )
        };
        present = !present;
        send(&client, server_body::change(&uri, version, range, new));
        published(&client, version);
    }
    send(
        &client,
        Request::new(RequestId::from(2), req::Shutdown::METHOD.into(), ()).into(),
    );
    send(
        &client,
        Notification::new(notif::Exit::METHOD.into(), ()).into(),
    );
    server.join().unwrap().unwrap();
}
