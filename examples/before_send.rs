//! Check a body right before sending it, and refuse to send it when bodyguard finds an
//! error. Run: `cargo run -q --example before_send` (prints the findings, exits 1).

use bodyguard::{Checker, HumanOptions, Kind, Severity};

fn main() {
    // Build the checker once (it compiles the schemas) and reuse it: it is Send + Sync.
    let checker = Checker::new();

    let body = r#"{
  "policies": [
    {"roleId": "editor", "restrictedTo": [{"index": "shop", "colections": ["orders"]}]}
  ]
}"#;
    let report = checker.check(Kind::KuzzleProfile, body);

    if !report.passes(Severity::Error) {
        // Code frames, as the command line prints them (secret values are masked).
        eprint!("{}", report.render_human(HumanOptions::default()));
        for d in &report.diagnostics {
            eprintln!(
                "{} {} at {}: {}",
                d.severity,
                d.code(),
                d.pointer,
                d.message
            );
        }
        std::process::exit(1);
    }
    println!("sending the profile");
}
