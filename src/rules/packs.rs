//! The one registry of the packs of each kind. Adding a kind is one pack here.

use super::pack::AnyPack;
use super::{ci, kuzzle_profile, kuzzle_role, kuzzle_securities};
use crate::core::Kind;

/// The pack checking each kind (a kind is listed by exactly one pack). The body pack
/// ([`super::body::BodyPack`]) runs for every kind, after it.
pub static PACKS: &[&dyn AnyPack] = &[
    &kuzzle_profile::PROFILE_BODIES,
    &kuzzle_role::RolePack,
    &kuzzle_securities::SecuritiesEntry,
    &ci::CiPack,
];

/// The pack checking `kind`.
pub fn pack_for(kind: Kind) -> Option<&'static dyn AnyPack> {
    PACKS.iter().copied().find(|p| p.kinds().contains(&kind))
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
