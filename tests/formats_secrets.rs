//! No output format ever prints a secret value: not in messages, code frames, fixes,
//! annotations, diffs or statistics.

use std::path::{Path, PathBuf};
use std::process::Command;

const PASSWORD: &str = "Hunter2-Sup3rSecret";
const ACCOUNT_KEY: &str = "c2VjcmV0LWtleS12YWx1ZS1ub3QtdG8tYmUtcHJpbnRlZA==";

fn fixture_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("formats-secrets");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let body = format!(
        "\u{feff}{{\n  \"$schema\": \"../schemas/ci-connector.schema.json\",\n  \"connectorName\": \"blob\",\n  \"connectorType\": \"AzureBlob\",\n  \"connectorProperties\": {{\n    \"connectionKeyVaultUrl\": \"DefaultEndpointsProtocol=https;AccountName=x;AccountKey={ACCOUNT_KEY}\",\n    \"password\": \"{PASSWORD}\",\n    \"password\": \"{PASSWORD}\"\n  }}\n}}\n"
    );
    std::fs::write(dir.join("connector.json"), &body).unwrap();
    std::fs::write(dir.join("connector.jsonc"), &body).unwrap();
    dir
}

fn assert_no_secret(what: &str, out: &[u8]) {
    let out = String::from_utf8_lossy(out);
    assert!(
        !out.contains(PASSWORD),
        "{what} prints the password:\n{out}"
    );
    assert!(
        !out.contains(ACCOUNT_KEY),
        "{what} prints the account key:\n{out}"
    );
    assert!(
        !out.contains("Sup3r"),
        "{what} prints part of the password:\n{out}"
    );
}

#[test]
fn no_format_prints_a_secret() {
    let dir = fixture_dir();
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["human", "json", "json-lines", "sarif", "github", "junit"] {
        runs.push(vec!["check", ".", "--format", format]);
        runs.push(vec!["check", ".", "--format", format, "--statistics"]);
    }
    runs.push(vec!["check", ".", "--color", "always"]);
    runs.push(vec!["check", ".", "--diff"]);
    runs.push(vec!["check", ".", "--write-baseline", "baseline.json"]);
    for args in &runs {
        let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
            .args(args)
            .arg("--no-config")
            .current_dir(&dir)
            .output()
            .unwrap();
        let what = args.join(" ");
        assert!(
            o.status.code().is_some_and(|c| c <= 1),
            "{what}: {:?}",
            o.status
        );
        assert_no_secret(&what, &o.stdout);
        assert_no_secret(&what, &o.stderr);
    }
    let baseline = std::fs::read(dir.join("baseline.json")).unwrap();
    assert_no_secret("the baseline file", &baseline);
    // The runs found something to say about the file, so the check is not vacuous.
    let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(["check", "connector.json", "--format", "json", "--no-config"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["summary"]["errors"].as_u64().unwrap() >= 1, "{v}");
}
