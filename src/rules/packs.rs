//! The one registry of the packs of each kind. Adding a kind is one pack here.
//!
//! The packs not yet split into one rule per file are wrapped as [`Walker`]s: their rules are
//! still found by one walker per pack (being moved to the [`super::pack::Pack`] shape).

use super::pack::AnyPack;
use super::{ci, kuzzle_profile, kuzzle_role, kuzzle_securities, security, RuleContext};
use crate::core::{Diagnostic, Kind};
use crate::parse::Node;

/// The pack checking each kind (a kind is listed by exactly one pack). The body pack
/// ([`super::body::BodyPack`]) runs for every kind, after it.
pub static PACKS: &[&dyn AnyPack] = &[
    &kuzzle_profile::PROFILE_BODIES,
    &Walker {
        kinds: &[Kind::KuzzleRole],
        check: kuzzle_role::check,
        refine: |_, root, d| kuzzle_role::refine_schema(root, d),
    },
    &Walker {
        kinds: &[Kind::KuzzleSecurities],
        // The file's own rules, then the access rules over the whole file.
        check: |cx| {
            kuzzle_securities::check(cx);
            security::check(cx);
        },
        refine: |_, root, d| kuzzle_securities::refine_schema(root, d),
    },
    &Walker {
        kinds: &[Kind::CiProfileType, Kind::CiConnector],
        check: ci::check,
        refine: ci::refine_schema,
    },
];

/// The pack checking `kind`.
pub fn pack_for(kind: Kind) -> Option<&'static dyn AnyPack> {
    PACKS.iter().copied().find(|p| p.kinds().contains(&kind))
}

/// A pack whose rules are found by one walker function (checks `enabled` itself).
struct Walker {
    kinds: &'static [Kind],
    check: fn(&mut RuleContext<'_>),
    refine: fn(Kind, &Node, &mut [Diagnostic]),
}

impl AnyPack for Walker {
    fn kinds(&self) -> &'static [Kind] {
        self.kinds
    }
    fn check(&self, cx: &mut RuleContext<'_>) {
        (self.check)(cx);
    }
    fn refine_schema(&self, kind: Kind, root: &Node, diagnostics: &mut [Diagnostic]) {
        (self.refine)(kind, root, diagnostics);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_exactly_one_pack() {
        for kind in Kind::ALL {
            let n = PACKS.iter().filter(|p| p.kinds().contains(&kind)).count();
            assert_eq!(n, 1, "{kind}");
        }
    }
}
