//! Checks one typical body N times with a reused `Checker`, or parses it N times with
//! `serde_json`, after one untimed first call: the loop `benches/instructions.sh` runs under
//! callgrind. Run: `cargo run --release --example check_loop -- BODY MODE N`, where BODY is
//! `kuzzle-profile`, `ci-profile-type` or `ci-connector` (the bodies of `benches/check.rs`)
//! and MODE is `check` or `serde`.

use std::hint::black_box;

use bodyguard::{Checker, Kind, SourceFile};

const PROFILE: &str = include_str!("../fixtures/valid/kuzzle-profile/editor-restricted.json");
const PROFILE_TYPE: &str = include_str!("../fixtures/valid/ci-profile-type/contact-hub.json");
const CONNECTOR: &str = include_str!("../fixtures/valid/ci-connector/crm-arm.json");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [body, mode, n] = args.as_slice() else {
        eprintln!("usage: check_loop kuzzle-profile|ci-profile-type|ci-connector check|serde N");
        std::process::exit(2);
    };
    let (kind, file, text) = match body.as_str() {
        "kuzzle-profile" => (Kind::KuzzleProfile, "profile.json", PROFILE),
        "ci-profile-type" => (Kind::CiProfileType, "contact.json", PROFILE_TYPE),
        "ci-connector" => (Kind::CiConnector, "crm.json", CONNECTOR),
        other => {
            eprintln!("unknown body {other:?}");
            std::process::exit(2);
        }
    };
    let Ok(n) = n.parse::<u64>() else {
        eprintln!("N must be a number, not {n:?}");
        std::process::exit(2);
    };
    match mode.as_str() {
        "check" => {
            let checker = Checker::new();
            let check = || {
                let report =
                    checker.check_source(SourceFile::new(file, black_box(text)), Some(kind));
                assert!(report.is_clean(), "{body} has findings");
                black_box(report);
            };
            // The first call compiles the kind's schema: start-up, like building the checker.
            check();
            for _ in 0..n {
                check();
            }
        }
        "serde" => {
            let parse = || {
                black_box(serde_json::from_str::<serde_json::Value>(black_box(text)).unwrap());
            };
            parse();
            for _ in 0..n {
                parse();
            }
        }
        other => {
            eprintln!("unknown mode {other:?}");
            std::process::exit(2);
        }
    }
}
