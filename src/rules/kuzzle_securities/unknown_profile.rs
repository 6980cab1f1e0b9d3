//! `kuzzle/securities-unknown-profile`: a user names a profile that exists nowhere.

use super::view::{report_unknown, Reference};
use super::{Securities, SecuritiesPack};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Flags a user profile id (`content.profileIds`) that names no profile of the file, no
    /// built-in profile (`admin`, `default`, `anonymous`) and no profile of the inventory.
    ///
    /// ## Why is this bad?
    /// Kuzzle refuses the user with `security.profile.not_found`. Profiles are loaded before
    /// users, so a user may use a profile of the same file. Profile ids are case-sensitive.
    ///
    /// ## Example
    /// ```json
    /// {"users": {"jdoe": {"content": {"profileIds": ["editors"]}}}}
    /// ```
    /// Use instead: define `editors` under `profiles`, or use an existing profile.
    ///
    /// ## Fix
    /// The closest known name is offered as an unsafe fix: shown in the output, never applied
    /// by `--fix`, because only the author knows which name was meant.
    pub static SECURITIES_UNKNOWN_PROFILE = {
        code: "kuzzle/securities-unknown-profile",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::Sometimes,
        summary: "a user has a profile that is neither in the file, built in, nor in the inventory",
    }
}

/// `kuzzle/securities-unknown-profile` as its pack runs it.
pub struct UnknownProfile;

impl Rule<SecuritiesPack> for UnknownProfile {
    fn meta(&self) -> &'static RuleMeta {
        &SECURITIES_UNKNOWN_PROFILE
    }
    fn run(&self, file: &Securities<'_>, cx: &mut RuleContext<'_>) {
        let known = &file.known;
        for u in &file.users {
            for (i, idn) in u.profile_ids().iter().enumerate() {
                let Some(id) = idn.as_str() else { continue };
                if known.profiles.contains(id) {
                    continue;
                }
                report_unknown(
                    cx,
                    &SECURITIES_UNKNOWN_PROFILE,
                    idn,
                    &format!("{}/content/profileIds/{i}", u.pointer()),
                    id,
                    &known.profiles,
                    Reference::Profile,
                    known.inventory_profiles,
                );
            }
        }
    }
}
