//! Every role, profile and user known to an analysis: Kuzzle's built-ins, overridden by the
//! input files in order (a later definition replaces an earlier one, as `loadSecurities` and
//! `createOrReplace*` do).

use super::model::{ActionRight, ControllerRights, NewPolicy, Origin, Profile, Role, User};
use std::collections::{BTreeMap, BTreeSet};

/// Which built-in roles Kuzzle has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Builtins {
    /// A fresh install: `admin`, `default` and `anonymous` all allow every action
    /// (`security.default.role` of Kuzzle's configuration).
    #[default]
    Fresh,
    /// After `security:createFirstAdmin` with `reset: true`: `default` and `anonymous` are
    /// restricted to Kuzzle's `security.standard` roles.
    Reset,
}

/// The kuid Kuzzle gives the anonymous user (a client that sent no token).
pub const ANONYMOUS_KUID: &str = "-1";

/// Roles, profiles and users by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Securities {
    /// Roles by id.
    pub roles: BTreeMap<String, Role>,
    /// Profiles by id.
    pub profiles: BTreeMap<String, Profile>,
    /// Users by kuid (the anonymous user is not listed: see [`Securities::user`]).
    pub users: BTreeMap<String, User>,
    /// Names of the input files, indexed by [`Origin::File`]'s `file`.
    pub files: Vec<String>,
    /// The controller and action names of the roles a file defines but that were not read
    /// into `roles` ([`add_file_for_profiles`](super::load::add_file_for_profiles)): what
    /// [`universe`](super::rights::universe) enumerates beyond Kuzzle's native actions.
    pub unread_role_keys: BTreeSet<(String, String)>,
}

fn star_role(id: &str) -> Role {
    role(id, &[("*", &[("*", true)])])
}

fn role(id: &str, controllers: &[(&str, &[(&str, bool)])]) -> Role {
    Role {
        id: id.into(),
        controllers: Some(
            controllers
                .iter()
                .map(|(c, actions)| ControllerRights {
                    name: (*c).into(),
                    actions: Some(
                        actions
                            .iter()
                            .map(|(a, allowed)| ActionRight {
                                name: (*a).into(),
                                allowed: *allowed,
                                span: None,
                            })
                            .collect(),
                    ),
                    span: None,
                })
                .collect(),
        ),
        origin: Origin::Builtin,
    }
}

impl Securities {
    /// Kuzzle's built-in roles and profiles (`admin`, `default`, `anonymous`).
    pub fn builtin(builtins: Builtins) -> Securities {
        let mut s = Securities::default();
        match builtins {
            Builtins::Fresh => {
                for id in ["admin", "default", "anonymous"] {
                    s.roles.insert(id.into(), star_role(id));
                }
            }
            Builtins::Reset => {
                s.roles.insert("admin".into(), star_role("admin"));
                s.roles.insert(
                    "default".into(),
                    role(
                        "default",
                        &[
                            (
                                "auth",
                                &[
                                    ("checkToken", true),
                                    ("getCurrentUser", true),
                                    ("getMyRights", true),
                                    ("logout", true),
                                    ("updateSelf", true),
                                ],
                            ),
                            ("server", &[("publicApi", true)]),
                        ],
                    ),
                );
                s.roles.insert(
                    "anonymous".into(),
                    role(
                        "anonymous",
                        &[
                            (
                                "auth",
                                &[
                                    ("checkToken", true),
                                    ("getCurrentUser", true),
                                    ("getMyRights", true),
                                    ("login", true),
                                ],
                            ),
                            ("server", &[("publicApi", true), ("openapi", true)]),
                        ],
                    ),
                );
            }
        }
        for id in ["admin", "default", "anonymous"] {
            let mut profile = Profile::new(id, Origin::Builtin, false);
            profile.push_policy(NewPolicy {
                role_id: Some(id),
                ..NewPolicy::default()
            });
            s.profiles.insert(id.into(), profile);
        }
        s
    }

    /// The user with this kuid. `-1` and `anonymous` (unless a user has that id) are the
    /// anonymous user, whose only profile is `anonymous`.
    pub fn user(&self, kuid: &str) -> Option<User> {
        if let Some(u) = self.users.get(kuid) {
            return Some(u.clone());
        }
        (kuid == ANONYMOUS_KUID || kuid == "anonymous").then(|| User {
            id: ANONYMOUS_KUID.into(),
            profile_ids: vec!["anonymous".into()],
            origin: Origin::Builtin,
        })
    }

    /// The name of the file an entry comes from, or `built-in`.
    pub fn origin_name(&self, origin: &Origin) -> String {
        match origin {
            Origin::File { file, pointer, .. } => format!(
                "{}#{pointer}",
                self.files.get(*file).map_or("?", String::as_str)
            ),
            Origin::Builtin => "built-in".into(),
        }
    }
}
