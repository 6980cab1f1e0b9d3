//! Build settings of the `bodyguard` executable.
//!
//! On Linux with glibc, the executable is linked at a fixed address (`-no-pie`): a
//! position-independent one must have about 21,000 pointers in its tables patched by the
//! loader at every start, which writes to some hundred pages and was a fifth of the time of a
//! one-file check. Libraries, heap and stack keep their randomised addresses. Building with
//! `BODYGUARD_PIE=1` in the environment links a position-independent executable instead.
//! Only the executable is affected: the library and the Node.js package are built as before.

fn main() {
    println!("cargo:rerun-if-env-changed=BODYGUARD_PIE");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" && std::env::var_os("BODYGUARD_PIE").is_none() {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
