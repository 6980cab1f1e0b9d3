//! Secret values are masked in every output even when the file does not parse, and every
//! shape of credential is masked (numbers, misspelt keys, bearer tokens, URLs with a
//! password, spaced or URL-encoded connection-string parts), in `check` (every format,
//! `--diff`) and `request` (a body file, a Kuzzle JSON request, the URL).

use std::path::{Path, PathBuf};
use std::process::Command;

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("masking-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const FORMATS: &[&str] = &["human", "json", "json-lines", "sarif", "github", "junit"];

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let all = format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.code(), all)
}

fn assert_hidden(what: &str, out: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!out.contains(s), "{what} prints `{s}`:\n{out}");
    }
}

/// Bodies that do not parse, each with the secret parts that must never be printed.
const BROKEN: &[(&str, &str, &[&str])] = &[
    (
        "missing-comma.json",
        r#"{"users":{"u":{"credentials":{"local":{"username":"u","password":"Pw123" "x":1}}}}}"#,
        &["Pw123"],
    ),
    (
        "unquoted.json",
        "{\"users\": {\"u\": {\"credentials\": {\"local\": {\"username\": \"u\", \"password\": Pw123}}}}}",
        &["Pw123"],
    ),
    (
        "unquoted-spaces.json",
        "{\"password\": Pw 123 Zq9Secret,\n \"x\": 1}",
        &["Pw 123", "Zq9Secret"],
    ),
    (
        "unterminated.json",
        "{\"credentials\": {\"local\": {\"password\": \"Pw123secret\n}}}",
        &["Pw123secret"],
    ),
    (
        "invalid-escape.json",
        r#"{"connectorType": "AzureBlob", "connectorProperties": {"connectionKeyVaultUrl": "DefaultEndpointsProtocol=https;AccountKey=XsecretKEY\q"}}"#,
        &["XsecretKEY"],
    ),
    (
        "connection-string-parts.json",
        "{\"a\": \"Server=x;Password=PwPart1;\" \"b\": \"Endpoint=sb://x/;SharedAccessKey=SakPart2\",, \"c\": \"SharedAccessSignature=SasPart3\", \"d\": \"https://x?sv=1&sig=SigPart4\"]",
        &["PwPart1", "SakPart2", "SasPart3", "SigPart4"],
    ),
    (
        "missing-colon.json",
        "{\"users\": {\"u\": {\"credentials\": {\"local\": {\"password\" \"NoColon99\"}}}}}",
        &["NoColon99"],
    ),
    (
        "array.json",
        "{\"tokens\": [\"TokOne111\", \"TokTwo222\"] \"x\": }",
        &["TokOne111", "TokTwo222"],
    ),
    (
        "comment.json",
        "{\n  // password: CommentPw9\n  \"a\": 1,,\n}",
        &["CommentPw9"],
    ),
];

#[test]
fn a_file_that_does_not_parse_shows_no_secret_in_check() {
    let dir = temp_dir("broken-check");
    for (name, text, secrets) in BROKEN {
        std::fs::write(dir.join(name), text).unwrap();
        for format in FORMATS {
            let (code, out) = run(&dir, &["check", name, "--no-config", "--format", format]);
            assert_eq!(code, Some(1), "{name} {format}: {out}");
            assert!(out.contains("json/syntax"), "{name} {format}: {out}");
            assert_hidden(&format!("{name} --format {format}"), &out, secrets);
        }
        for extra in [&["--diff"][..], &["--statistics"], &["--fix"]] {
            let (_, out) = run(&dir, &[&["check", name, "--no-config"][..], extra].concat());
            assert_hidden(&format!("{name} {extra:?}"), &out, secrets);
        }
        // The frame still shows the text around the error.
        let (_, out) = run(&dir, &["check", name, "--no-config"]);
        assert!(out.contains(" │ "), "{name}: no code frame:\n{out}");
    }
}

#[test]
fn a_file_that_does_not_parse_shows_no_secret_in_request() {
    let dir = temp_dir("broken-request");
    for (name, text, secrets) in BROKEN {
        std::fs::write(dir.join(name), text).unwrap();
        for format in FORMATS {
            let (code, out) = run(
                &dir,
                &[
                    "request",
                    "PUT",
                    "/profiles/p1",
                    "--body",
                    name,
                    "--format",
                    format,
                ],
            );
            assert_eq!(code, Some(1), "{name} {format}: {out}");
            assert_hidden(&format!("request {name} --format {format}"), &out, secrets);
        }
    }
    // A Kuzzle JSON request: its `jwt` and the body's secrets, parsed or not.
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJfaWQiOiJhZG1pbiJ9.SigNaTuReJwT";
    for (name, text) in [
        (
            "req-ok.json",
            format!(
                "{{\"controller\": \"security\", \"action\": \"createOrReplaceProfile\", \"_id\": \"p1\", \"jwt\": \"{jwt}\", \"body\": {{\"policies\": [{{\"roleId\": \"a\"}}], \"password\": \"ReqPw1234\", \"rateLimit\": -1}}}}"
            ),
        ),
        (
            "req-broken.json",
            format!(
                "{{\"controller\": \"security\", \"action\": \"createOrReplaceProfile\", \"_id\": \"p1\", \"jwt\": \"{jwt}\" \"body\": {{\"password\": \"ReqPw1234\"}}}}"
            ),
        ),
    ] {
        std::fs::write(dir.join(name), &text).unwrap();
        for format in FORMATS {
            let (code, out) = run(&dir, &["request", "--json-request", name, "--format", format]);
            assert_eq!(code, Some(1), "{name} {format}: {out}");
            assert_hidden(
                &format!("request --json-request {name} --format {format}"),
                &out,
                &["SigNaTuReJwT", "eyJfaWQiOiJhZG1pbiJ9", "ReqPw1234"],
            );
        }
    }
}

/// Credential shapes in a body that parses, each with the part that must never be printed.
fn shapes() -> String {
    [
        r#""credentials": {"local": {"username": "u", "password": 987654321}}"#,
        r#""pasword": "NearMiss1""#,
        r#""passwd": "NearMiss2""#,
        r#""pwd": "NearMiss3""#,
        r#""db_pass": "NearMiss4""#,
        r#""clientSecret": "NearMiss5""#,
        r#""refresh_token": "NearMiss6""#,
        r#""apiKey": "NearMiss7""#,
        r#""secert": "NearMiss8""#,
        r#""x-api-key": "NearMiss9""#,
        r#""headers": {"h": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.BearerSig1"}"#,
        r#""note": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyIn0.BareJwtSig2""#,
        r#""endpoint": "https://admin:UrlPw99@host.example/x""#,
        r#""cs": "DefaultEndpointsProtocol=https;AccountKey = SpaceKey99;AccountName=a""#,
        r#""sas": "https://a.blob.core.windows.net/c?sv=1&sig%3DEncSig99""#,
        r#""q": "https://x/cb?client_secret=QuerySecret7&state=1""#,
        r#""pem": "-----BEGIN RSA PRIVATE KEY-----PemBody77""#,
        r#""basic": ["Basic YWRtaW46QmFzaWNQdzE=" ]"#,
    ]
    .join(",\n  ")
}

const SHAPE_SECRETS: &[&str] = &[
    "987654321",
    "NearMiss",
    "BearerSig1",
    "BareJwtSig2",
    "UrlPw99",
    "SpaceKey99",
    "EncSig99",
    "QuerySecret7",
    "PemBody77",
    "YWRtaW46QmFzaWNQdzE",
];

#[test]
fn every_shape_of_credential_is_masked_in_every_output() {
    let dir = temp_dir("shapes");
    let inner = shapes();
    // One line (every frame shows all of it), and one member a line with a BOM and
    // `$schema` to fix (the diff shows them as context).
    let one_line = format!(
        "{{\"policies\": [{{\"roleId\": \"a\"}}], \"users\": {{\"u\": {{\"profileIds\": [\"p\"], \"content\": {{}}, {}}}}}}}",
        inner.replace(",\n  ", ", ")
    );
    let multi = format!(
        "\u{feff}{{\n  \"$schema\": \"x\",\n  {inner},\n  \"policies\": [{{\"roleId\": \"a\"}}]\n}}\n"
    );
    std::fs::write(dir.join("one.json"), &one_line).unwrap();
    std::fs::write(dir.join("multi.json"), &multi).unwrap();
    std::fs::write(
        dir.join("multi.jsonc"),
        multi.replace("\"x\",", "\"x\", // token: CommentTok5"),
    )
    .unwrap();
    let mut secrets = SHAPE_SECRETS.to_vec();
    secrets.push("CommentTok5");
    for kind in ["kuzzle-securities", "kuzzle-profile"] {
        for format in FORMATS {
            let (code, out) = run(
                &dir,
                &[
                    "check",
                    ".",
                    "--no-config",
                    "--kind",
                    kind,
                    "--format",
                    format,
                    "--fail-level",
                    "warning",
                ],
            );
            assert_eq!(code, Some(1), "{kind} {format}: {out}");
            assert_hidden(&format!("{kind} --format {format}"), &out, &secrets);
        }
        let (code, out) = run(
            &dir,
            &["check", ".", "--no-config", "--kind", kind, "--diff"],
        );
        assert_eq!(code, Some(1), "{kind} --diff: {out}");
        assert!(out.contains("-  \"$schema\""), "{out}");
        assert!(out.contains(" \"pasword\": \"*********\""), "{out}");
        assert_hidden(&format!("{kind} --diff"), &out, &secrets);
    }
    // The frames really show the lines (masked), so the check is not vacuous.
    let (_, out) = run(
        &dir,
        &[
            "check",
            "one.json",
            "--no-config",
            "--kind",
            "kuzzle-securities",
        ],
    );
    assert!(out.contains("\"pasword\": \"*********\""), "{out}");
    assert!(out.contains("\"password\": *********"), "{out}");
}

#[test]
fn a_request_url_shows_no_credential() {
    let dir = temp_dir("url");
    std::fs::write(
        dir.join("c.json"),
        r#"{"connectorType": "AzureBlob", "connectorProperties": {"connectionKeyVaultUrl": "https://v.vault.azure.net/secrets/b"}}"#,
    )
    .unwrap();
    for url in [
        "https://admin:UrlPw99@hub.api.azurecustomerinsights.com/manage/connectors/c1?api-version=2017-04-26&sig%3DEncSig99",
        "https://admin:UrlPw99@nowhere.example/x?client_secret=QuerySecret7",
    ] {
        for format in FORMATS {
            let (code, out) = run(&dir, &["request", "PUT", url, "--body", "c.json", "--format", format]);
            assert!(code.is_some_and(|c| c <= 1), "{url} {format}: {out}");
            assert_hidden(
                &format!("request {url} --format {format}"),
                &out,
                &["UrlPw99", "EncSig99", "QuerySecret7"],
            );
        }
    }
}

#[test]
fn messages_never_repeat_a_masked_value() {
    // A value under a credential's key that a rule echoes (an unknown profile id).
    let checker = bodyguard::Checker::new();
    let text = r#"{"users": {"u": {"profileIds": ["Echo5ecret"], "content": {}, "credentials": {"local": {"username": "u", "password": "Echo5ecret"}}}}, "profiles": {}, "roles": {}}"#;
    let report = checker.check(bodyguard::Kind::KuzzleSecurities, text);
    assert!(!report.diagnostics.is_empty());
    for d in &report.diagnostics {
        let all = format!(
            "{} {:?} {:?} {:?} {}",
            d.message, d.help, d.label, d.labels, d.pointer
        );
        assert!(!all.contains("Echo5ecret"), "{}: {all}", d.code());
    }
}
