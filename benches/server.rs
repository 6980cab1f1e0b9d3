//! `bodyguard server`: a 1 MB securities file re-checked after a one-character-range edit,
//! measured from the `didChange` notification to the `publishDiagnostics` that follows it
//! (the edit toggles one finding, so every change publishes); then edits that break the
//! syntax and repair it, one after the other (each publishes); next to the library's own
//! check of the same text.
//!
//! `cargo bench --bench server` measures; `cargo test --benches` runs it once.

use criterion::{criterion_group, criterion_main, Criterion};

// `bodyguard server` runs in the `bodyguard` binary, whose allocator is mimalloc: the server
// measured here allocates the same way.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::*;
use std::time::{Duration, Instant};

#[path = "support/server_body.rs"]
mod server_body;
use server_body::body;

fn send(conn: &Connection, message: Message) {
    conn.sender.send(message).unwrap();
}

/// Wait for the `publishDiagnostics` of `version`; returns how many findings it has.
fn published(conn: &Connection, version: i32) -> usize {
    loop {
        let message = conn.receiver.recv_timeout(Duration::from_secs(60)).unwrap();
        if let Message::Notification(n) = message {
            if n.method == notif::PublishDiagnostics::METHOD {
                let p: PublishDiagnosticsParams = serde_json::from_value(n.params).unwrap();
                if p.version == Some(version) {
                    return p.diagnostics.len();
                }
            }
        }
    }
}

fn recheck(c: &mut Criterion) {
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
    loop {
        if let Message::Response(_) = client.receiver.recv().unwrap() {
            break;
        }
    }
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
    let base = published(&client, 1);

    // The `{"index": "shop"}` of the last profile, as a UTF-16 range (the text is ASCII up to
    // there... except the users' names, which come after it).
    let at = text.rfind("{\"index\": \"shop\"}").unwrap();
    let line = text[..at].matches('\n').count() as u32;
    let column = (at - text[..at].rfind('\n').map_or(0, |n| n + 1)) as u32;
    let full = "{\"index\": \"shop\"}";
    let mut version = 1;
    let present = std::cell::Cell::new(true);
    let mut edit = |client: &Connection| {
        version += 1;
        let (range, new) = if present.get() {
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
        present.set(!present.get());
        send(client, server_body::change(&uri, version, range, new));
        let found = published(client, version);
        assert_eq!(found, if present.get() { base } else { base + 1 });
    };

    let mut group = c.benchmark_group("server");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function(format!("recheck-1mb ({} bytes)", text.len()), |b| {
        b.iter_custom(|iterations| {
            let start = Instant::now();
            for _ in 0..iterations {
                edit(&client);
            }
            start.elapsed()
        })
    });
    // Typing breaks the syntax now and then: the closing brace of that restriction removed
    // (a syntax error: the whole text is parsed and masked from the text) and put back (the
    // text parses again, whole, and its tree is kept for the edits after it).
    if !present.get() {
        edit(&client);
    }
    let brace = Position::new(line, column + full.len() as u32 - 1);
    let broken = std::cell::Cell::new(false);
    let mut break_or_fix = |client: &Connection| {
        version += 1;
        let (range, new) = if broken.get() {
            (Range::new(brace, brace), "}")
        } else {
            (
                Range::new(brace, Position::new(line, brace.character + 1)),
                "",
            )
        };
        broken.set(!broken.get());
        send(client, server_body::change(&uri, version, range, new));
        let found = published(client, version);
        if broken.get() {
            assert!(found >= 1 && found != base, "the syntax error is shown");
        } else {
            assert_eq!(found, base);
        }
    };
    group.bench_function("recheck-1mb-syntax-error-and-back", |b| {
        b.iter_custom(|iterations| {
            let start = Instant::now();
            for _ in 0..iterations {
                break_or_fix(&client);
            }
            start.elapsed()
        })
    });
    if broken.get() {
        break_or_fix(&client);
    }

    // The floor: the library's own check of the same text, as `bodyguard check` runs it.
    let checker = bodyguard::Checker::new();
    group.bench_function("library-check-1mb", |b| {
        b.iter(|| {
            checker.check_source(
                bodyguard::SourceFile::new("security/securities.json", text.clone()),
                None,
            )
        })
    });
    group.finish();
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

criterion_group!(benches, recheck);
criterion_main!(benches);
