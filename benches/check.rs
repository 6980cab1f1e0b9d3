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

criterion_group!(benches, bodies);
criterion_main!(benches);
