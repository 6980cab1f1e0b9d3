//! See `fuzz/paths.rs`: `project`.

#![no_main]

#[path = "../paths.rs"]
mod paths;

libfuzzer_sys::fuzz_target!(|data: &[u8]| paths::project(data));
