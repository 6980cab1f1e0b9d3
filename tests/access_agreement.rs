//! The access model agrees with Kuzzle's own verdicts.
//!
//! `tests/data/access/rights-generated.json`: generated securities files and requests
//! (`gen.js`), each answered by Kuzzle 2.56.0's `Funnel.checkRights` (recorded once with
//! `record.js`). `cases-rights.json` / `expected-rights.json`: the hand-written rights cases
//! of the Kuzzle oracle and its recorded answers.

use bodyguard::unstable::access::{evaluate, load, Builtins, Request, Securities, Subject, Target};
use bodyguard::unstable::parse::{parse, Syntax};
use serde_json::Value;
use std::path::Path;

fn data(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/access")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The model of a Kuzzle whose environment is `env` (roles, profiles, users, as a
/// securities file) once `body` is loaded.
fn model(env: &Value, body: Option<&Value>) -> Securities {
    let mut s = Securities::builtin(Builtins::Fresh);
    for (name, v) in [("environment", Some(env)), ("securities", body)] {
        let Some(v) = v else { continue };
        let text = v.to_string();
        let mut diags = Vec::new();
        let document = parse(&text, Syntax::Json, &mut diags);
        let root = document.root().expect("valid JSON");
        load::add_file(&mut s, name, root).expect("a securities body");
    }
    s
}

fn request(r: &Value) -> Request {
    let text = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
    let targets = r
        .pointer("/args/targets")
        .and_then(Value::as_array)
        .map(|ts| {
            ts.iter()
                .map(|t| Target {
                    index: t.get("index").and_then(Value::as_str).map(str::to_string),
                    collections: t.get("collections").and_then(Value::as_array).map(|cs| {
                        cs.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    }),
                })
                .collect()
        })
        .unwrap_or_default();
    Request {
        controller: text("controller").unwrap(),
        action: text("action").unwrap(),
        index: text("index"),
        collection: text("collection"),
        targets,
    }
}

/// The model's answer: `Some(allowed)`, or `None` when the user or profile is unknown.
fn answer(s: &Securities, r: &Value) -> Option<bool> {
    let req = request(r);
    let subject = match (r.get("user"), r.get("profile")) {
        (Some(u), _) => Subject::User(u.as_str().unwrap()),
        (_, Some(p)) => Subject::Profile(p.as_str().unwrap()),
        _ => panic!("no subject in {r}"),
    };
    evaluate(s, subject, &req).ok().map(|v| v.allowed)
}

#[test]
fn agrees_with_kuzzle_on_generated_requests() {
    let d = data("rights-generated.json");
    let env = &d["environment"];
    let mut total = 0;
    let mut wrong = Vec::new();
    for case in d["cases"].as_array().unwrap() {
        let s = model(env, Some(&case["securities"]));
        for r in case["requests"].as_array().unwrap() {
            total += 1;
            let want = r["allowed"].as_bool();
            let got = answer(&s, r);
            if got != want {
                wrong.push(format!(
                    "{}: {r}: Kuzzle {want:?}, model {got:?}",
                    case["label"]
                ));
            }
        }
    }
    assert!(total >= 2000, "only {total} generated requests");
    eprintln!(
        "access model: {}/{total} generated requests agree with Kuzzle",
        total - wrong.len()
    );
    assert!(
        wrong.is_empty(),
        "{} disagreements:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn agrees_with_kuzzle_on_the_oracle_cases() {
    let cases = data("cases-rights.json");
    let expected = data("expected-rights.json");
    // The oracle's environment: built-in roles and profiles, roles r1 and r2, user admin.
    let env: Value = serde_json::json!({
        "roles": {"r1": {"controllers": {"*": {"actions": {"*": true}}}},
                  "r2": {"controllers": {"*": {"actions": {"*": true}}}}},
        "users": {"admin": {"content": {"profileIds": ["admin"]}}}
    });
    let mut total = 0;
    let mut wrong = Vec::new();
    for (case, exp) in cases
        .as_array()
        .unwrap()
        .iter()
        .zip(expected.as_array().unwrap())
    {
        assert_eq!(case["label"], exp["label"]);
        let loaded = exp["load"].is_null() || exp["load"]["loaded"] == Value::Bool(true);
        let s = if loaded {
            model(&env, case.get("securities"))
        } else {
            // A failed load: Kuzzle answers on what it stored before failing, which the
            // oracle read back (`roles`, `profiles`, `users`).
            let stored = serde_json::json!({
                "roles": exp["roles"].as_object().unwrap().iter()
                    .filter(|(_, v)| v.get("error").is_none())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<serde_json::Map<_, _>>(),
                "profiles": exp["profiles"].as_object().unwrap().iter()
                    .filter(|(_, v)| v.get("error").is_none())
                    .map(|(k, v)| (k.clone(), serde_json::json!({"policies": v["policies"]})))
                    .collect::<serde_json::Map<_, _>>(),
                "users": exp["users"].as_object().unwrap().iter()
                    .filter(|(k, v)| k.as_str() != "-1" && v.get("error").is_none())
                    .map(|(k, v)| (k.clone(), serde_json::json!({"content": {"profileIds": v["profileIds"]}})))
                    .collect::<serde_json::Map<_, _>>(),
            });
            model(&env, Some(&stored))
        };
        for (r, res) in case["requests"]
            .as_array()
            .unwrap()
            .iter()
            .zip(exp["results"].as_array().unwrap())
        {
            total += 1;
            let want = res["allowed"].as_bool();
            let got = answer(&s, r);
            if got != want {
                wrong.push(format!("{}: Kuzzle {want:?}, model {got:?}", res["label"]));
            }
        }
    }
    assert_eq!(total, 55);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
