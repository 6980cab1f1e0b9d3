//! Single-body check cost through the library, with plain `serde_json` parsing as the floor.
//!
//! `cargo bench --bench check` measures; `cargo test --benches` runs each case once.

use bodyguard::{Checker, Kind, SourceFile};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

const PROFILE: &str = include_str!("../fixtures/valid/kuzzle-profile/editor-restricted.json");
const PROFILE_TYPE: &str = include_str!("../fixtures/valid/ci-profile-type/contact-hub.json");
const CONNECTOR: &str = include_str!("../fixtures/valid/ci-connector/crm-arm.json");

fn bodies(c: &mut Criterion) {
    let checker = Checker::new();
    let cases = [
        (
            "kuzzle-profile",
            Kind::KuzzleProfile,
            "profile.json",
            PROFILE,
        ),
        (
            "ci-profile-type",
            Kind::CiProfileType,
            "contact.json",
            PROFILE_TYPE,
        ),
        ("ci-connector", Kind::CiConnector, "crm.json", CONNECTOR),
    ];
    for (name, kind, file, text) in cases {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("check", |b| {
            b.iter(|| {
                let report =
                    checker.check_source(SourceFile::new(file, black_box(text)), Some(kind));
                assert!(report.is_clean());
                report
            })
        });
        group.bench_function("check-sniffed", |b| {
            b.iter(|| checker.check_source(SourceFile::new(file, black_box(text)), None))
        });
        group.bench_function("serde_json-floor", |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(text)))
        });
        group.finish();
    }
}

/// The 10 MB securities file of `python3 benches/generate.py`, when it has been generated.
fn big_file(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/data/big/securities-10mb.json"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipping the 10 MB case: run `python3 benches/generate.py` first");
        return;
    };
    let checker = Checker::new();
    let mut group = c.benchmark_group("securities-10mb");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("check", |b| {
        b.iter(|| {
            checker.check_source(
                SourceFile::new("securities.json", black_box(text.as_str())),
                Some(Kind::KuzzleSecurities),
            )
        })
    });
    group.bench_function("serde_json-floor", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)))
    });
    group.finish();
}

criterion_group!(benches, bodies, big_file);
criterion_main!(benches);
