//! `explain-access` and `diff` on the 10 MB securities file of `python3 benches/generate.py`
//! (target: under a second each), end to end through the binary and through the library.
//!
//! `cargo bench --bench access` measures; `cargo test --benches` runs each case once.

use bodyguard::unstable::access::{diff::diff, load, rights, Builtins, Securities, Subject};
use bodyguard::unstable::parse::{parse, Syntax};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/benches/data/big/securities-10mb.json"
);

fn model(text: &str) -> Securities {
    let mut diagnostics = Vec::new();
    let document = parse(text, Syntax::Json, &mut diagnostics);
    let root = document.root().expect("valid JSON");
    let mut s = Securities::builtin(Builtins::Fresh);
    load::add_file(&mut s, "securities.json", root).expect("a securities file");
    s
}

/// The generated file with every policy naming a role the file defines (the generator
/// names roles at random), so that every profile and user resolves to real rights.
fn resolved(text: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
    let roles: Vec<String> = v["roles"].as_object().unwrap().keys().cloned().collect();
    let mut n = 0;
    for p in v["profiles"].as_object_mut().unwrap().values_mut() {
        for policy in p["policies"].as_array_mut().into_iter().flatten() {
            if policy.get("roleId").is_some() {
                policy["roleId"] = roles[n % roles.len()].clone().into();
                n += 7;
            }
        }
    }
    serde_json::to_string_pretty(&v).unwrap()
}

/// The same file after a review's worth of changes: some roles gain `document:delete`,
/// some lose `search`.
fn changed(text: &str) -> String {
    text.replacen(
        "\"get\": true",
        "\"get\": true, \"deleteByQuery\": true",
        300,
    )
    .replacen("\"search\": true", "\"search\": false", 300)
}

fn run(args: &[&Path]) {
    let status = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("run bodyguard");
    assert!(status.code().is_some_and(|c| c <= 1), "{status}");
}

fn access(c: &mut Criterion) {
    let Ok(text) = std::fs::read_to_string(BIG) else {
        eprintln!("skipping the 10 MB access benchmarks: run `python3 benches/generate.py` first");
        return;
    };
    let text = resolved(&text);
    let new_text = changed(&text);
    let dir = std::env::temp_dir().join(format!("bodyguard-bench-access-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let old_path: PathBuf = dir.join("old.json");
    let new_path: PathBuf = dir.join("new.json");
    std::fs::write(&old_path, &text).unwrap();
    std::fs::write(&new_path, &new_text).unwrap();

    let mut group = c.benchmark_group("access-10mb");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("explain-access (binary, every profile and user)", |b| {
        b.iter(|| run(&[Path::new("explain-access"), &old_path]))
    });
    group.bench_function("explain-access --request (binary)", |b| {
        b.iter(|| {
            run(&[
                Path::new("explain-access"),
                &old_path,
                Path::new("--user"),
                Path::new("user-7"),
                Path::new("--request"),
                Path::new("document:get"),
                Path::new("--index"),
                Path::new("shop"),
            ])
        })
    });
    group.bench_function("diff (binary)", |b| {
        b.iter(|| run(&[Path::new("diff"), &old_path, &new_path]))
    });
    group.bench_function("model (library)", |b| b.iter(|| model(black_box(&text))));
    let (old, new) = (model(&text), model(&new_text));
    group.bench_function("rights of every profile and user (library)", |b| {
        b.iter(|| {
            let keys = rights::universe([&old]);
            let table = rights::RoleTable::new(&old, &keys);
            let mut n = 0;
            for id in old.profiles.keys() {
                n += rights::rights(&old, &table, Subject::Profile(id))
                    .unwrap()
                    .len();
            }
            for id in old.users.keys() {
                n += rights::rights(&old, &table, Subject::User(id))
                    .unwrap()
                    .len();
            }
            n
        })
    });
    group.bench_function("diff (library)", |b| {
        b.iter(|| diff(black_box(&old), black_box(&new)))
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, access);
criterion_main!(benches);
