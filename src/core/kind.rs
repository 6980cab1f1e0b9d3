//! The kinds of body bodyguard knows (finding a file's kind from its content is
//! `kind::sniff`, above the parser).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A kind of request body (CLI `--kind`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Kuzzle v2 security profile (`security:createOrReplaceProfile`).
    KuzzleProfile,
    /// Kuzzle v2 security role (`security:createOrReplaceRole`).
    KuzzleRole,
    /// Kuzzle securities file (`admin:loadSecurities`, `--securities`).
    KuzzleSecurities,
    /// Customer Insights profile type (`PUT …/manage/model/profiles/<name>`).
    CiProfileType,
    /// Customer Insights data connector (`PUT …/manage/connectors/<name>`).
    CiConnector,
}

impl Kind {
    /// Every kind, in a stable order.
    pub const ALL: [Kind; 5] = [
        Kind::KuzzleProfile,
        Kind::KuzzleRole,
        Kind::KuzzleSecurities,
        Kind::CiProfileType,
        Kind::CiConnector,
    ];
    /// The CLI and file name, e.g. `kuzzle-profile`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::KuzzleProfile => "kuzzle-profile",
            Kind::KuzzleRole => "kuzzle-role",
            Kind::KuzzleSecurities => "kuzzle-securities",
            Kind::CiProfileType => "ci-profile-type",
            Kind::CiConnector => "ci-connector",
        }
    }
    /// Parse a kind name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
    /// Human title.
    pub fn title(self) -> &'static str {
        match self {
            Kind::KuzzleProfile => "Kuzzle security profile",
            Kind::KuzzleRole => "Kuzzle security role",
            Kind::KuzzleSecurities => "Kuzzle securities file",
            Kind::CiProfileType => "Customer Insights profile type",
            Kind::CiConnector => "Customer Insights connector",
        }
    }
    /// True for the Customer Insights kinds.
    pub fn is_customer_insights(self) -> bool {
        matches!(self, Kind::CiProfileType | Kind::CiConnector)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
