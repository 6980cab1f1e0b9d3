//! Unit tests of `access::load`.

use super::*;
use crate::access::rights::universe;
use crate::access::Builtins;
use crate::parse::Syntax;

const FILE: &str = r#"{
      "roles": {
        "anonymous": {"controllers": {"*": {"actions": {"*": true}}}},
        "named": {"controllers": {"document": {"actions": {"get": true}}}},
        "unnamed": {"controllers": {
          "my-plugin/jobs": {"actions": {"run": true}},
          "ms": {"actions": {"get": true, "frobnicate": true}}
        }},
        "default": {"controllers": {"document": {"actions": {"search": true}}}}
      },
      "profiles": {"p": {"policies": [{"roleId": "named"}]}},
      "users": {
        "t": {"content": {"profileIds": ["nobody"]}},
        "w": {"content": {"profileIds": ["p", "default"]}},
        "v": {"content": {"profileIds": ["p"]}},
        "u": {"content": {"profileIds": ["p"]}}
      }
    }"#;

fn load(read: fn(&mut Securities, &str, Node<'_>) -> Result<Added, String>) -> Securities {
    let document = crate::parse::parse(FILE, Syntax::Json, &mut Vec::new());
    let root = document.root().unwrap();
    let mut s = Securities::builtin(Builtins::Reset);
    let added = read(&mut s, "s.json", root).unwrap();
    assert_eq!((added.roles, added.profiles, added.users), (4, 1, 4));
    s
}

#[test]
fn an_analysis_of_profiles_reads_only_the_roles_and_users_it_names() {
    let every = load(add_file);
    let named = load(add_file_for_profiles);
    let ids = |s: &Securities| s.roles.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        ids(&every),
        ["admin", "anonymous", "default", "named", "unnamed"]
    );
    // `default` is named by the built-in profile `default`, `anonymous` always read.
    assert_eq!(ids(&named), ["admin", "anonymous", "default", "named"]);
    for id in ids(&named) {
        assert_eq!(named.roles[&id], every.roles[&id], "{id}");
    }
    assert_eq!(named.profiles, every.profiles);
    // The first user (by id) holding each profile: `u` for `p`, `w` for `default`; `t`
    // holds none.
    let users = |s: &Securities| s.users.keys().cloned().collect::<Vec<_>>();
    assert_eq!(users(&every), ["t", "u", "v", "w"]);
    assert_eq!(users(&named), ["u", "w"]);
    for id in users(&named) {
        assert_eq!(named.users[&id], every.users[&id], "{id}");
    }
    let key = |c: &str, a: &str| (c.to_string(), a.to_string());
    assert_eq!(
        named.unread_role_keys.iter().cloned().collect::<Vec<_>>(),
        [
            key("memoryStorage", "frobnicate"),
            key("my-plugin/jobs", "*"),
            key("my-plugin/jobs", "run"),
        ]
    );
    // Every action an analysis enumerates is still there.
    assert_eq!(universe([&named]), universe([&every]));
    assert!(universe([&every]).contains(&key("my-plugin/jobs", "run")));
}
