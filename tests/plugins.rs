//! Plugins declared in bodyguard.toml: their controllers (with their actions), the roles
//! they register and the strategies they provide are known, instead of warned about.

use std::path::Path;
use std::process::Command;

const SECURITIES: &str = r#"{
  "roles": {
    "assets": {"controllers": {"device-manager/assets": {"actions": {"get": true, "delete": true}}}},
    "devices": {"controllers": {"device-manager/devices": {"actions": {"get": true}}}}
  },
  "profiles": {"readers": {"policies": [{"roleId": "asset-reader"}, {"roleId": "assets"}]}},
  "users": {"jdoe": {"content": {"profileIds": ["readers"]}, "credentials": {"oauth": {"id": "x"}}}}
}
"#;

/// `LINE:COL SEVERITY CODE` of each finding, and the help texts.
fn run(toml: Option<&str>) -> (Vec<String>, String) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("plugins-{}", toml.is_some()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("securities.json"), SECURITIES).unwrap();
    if let Some(t) = toml {
        std::fs::write(dir.join("bodyguard.toml"), t).unwrap();
    }
    let o = Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(["check", "securities.json", "--format", "json-lines"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let mut helps = String::new();
    let found = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            helps.push_str(v["help"].as_str().unwrap_or_default());
            helps.push('\n');
            format!(
                "{}:{} {} {}",
                v["location"]["line"],
                v["location"]["column"],
                v["severity"].as_str().unwrap(),
                v["code"].as_str().unwrap()
            )
        })
        .collect();
    (found, helps)
}

#[test]
fn undeclared_plugins_warn_and_say_how_to_declare_them() {
    let (found, helps) = run(None);
    assert_eq!(
        found,
        [
            "3:32 warning kuzzle/role-unknown-controller",
            "4:33 warning kuzzle/role-unknown-controller",
            "6:52 error kuzzle/securities-unknown-role",
            "7:78 warning kuzzle/securities-unknown-strategy",
        ],
        "{found:#?}"
    );
    assert!(
        helps.contains("declare the plugin's controllers in bodyguard.toml (`[[plugins]]`"),
        "{helps}"
    );
    assert!(
        helps.contains("declare a plugin's roles in bodyguard.toml (`[[plugins]] roles`)"),
        "{helps}"
    );
}

#[test]
fn declared_plugins_are_known_and_their_actions_checked() {
    let (found, _) = run(Some(
        "[[plugins]]\nname = \"device-manager\"\ncontrollers = { assets = [\"create\", \"get\"] }\nroles = [\"asset-reader\"]\nstrategies = [\"oauth\"]\n",
    ));
    assert_eq!(
        found,
        [
            // `delete` is no action of the declared controller.
            "3:83 error kuzzle/role-unknown-action",
            // Only `assets` was declared.
            "4:33 warning kuzzle/role-unknown-controller",
        ],
        "{found:#?}"
    );
    // A plugin declared without controllers makes all of its controllers known.
    let (found, _) = run(Some("[[plugins]]\nname = \"device-manager\"\nroles = [\"asset-reader\"]\nstrategies = [\"oauth\"]\n"));
    assert!(found.is_empty(), "{found:#?}");
}
