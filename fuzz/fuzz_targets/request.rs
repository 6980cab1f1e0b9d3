//! See `fuzz/paths.rs`: `request`.

#![no_main]

#[path = "../paths.rs"]
mod paths;

libfuzzer_sys::fuzz_target!(|data: &[u8]| paths::request(data));
