//! Typed request bodies (serde + schemars). These types are the single source of truth for the
//! JSON Schemas in `schemas/`; they know nothing about diagnostics.

pub mod ci;
pub mod kuzzle;

use crate::core::kind::Kind;

/// A typed body and the [`Kind`] it is checked as ([`crate::Checker::check_model`]).
///
/// ```
/// use bodyguard::models::kuzzle::Role;
/// use bodyguard::{Body, Kind};
///
/// assert_eq!(Role::KIND, Kind::KuzzleRole);
/// ```
pub trait Body: serde::Serialize {
    /// The kind of body.
    const KIND: Kind;
}

macro_rules! bodies {
    ($($model:ty => $kind:ident,)*) => {
        $(impl Body for $model {
            const KIND: Kind = Kind::$kind;
        })*
    };
}

bodies! {
    kuzzle::Profile => KuzzleProfile,
    kuzzle::Role => KuzzleRole,
    kuzzle::Securities => KuzzleSecurities,
    ci::ProfileTypeBody => CiProfileType,
    ci::ProfileTypeDefinition => CiProfileType,
    ci::ProfileResourceFormat => CiProfileType,
    ci::ConnectorBody => CiConnector,
    ci::Connector => CiConnector,
    ci::ConnectorResourceFormat => CiConnector,
}
