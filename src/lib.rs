//! bodyguard checks the bodies of create-or-replace API requests (Kuzzle security profiles,
//! roles and securities files; Customer Insights profile types and connectors) **before they
//! are sent**, and says exactly what is wrong, where, why, and how to fix it.
//!
//! ```
//! use bodyguard::{Checker, Kind};
//!
//! let checker = Checker::new(); // build once, reuse
//! let report = checker.check(Kind::KuzzleProfile, r#"{"policies": [{"roleId": "editor", "restrictedTo": "shop"}]}"#);
//! assert!(!report.is_clean());
//! assert_eq!(report.diagnostics[0].code(), "schema/type");
//! ```
//!
//! The stable API is what this page lists at the top level: [`Checker`] and its
//! [`Settings`] (severities, an [`Inventory`] of what exists on the target, read with
//! [`Inventory::from_paths`]), the [`Kind`]s of body, the [`Report`] of a check with its
//! [`Diagnostic`]s (shown to a person with [`Report::render_human`], fixed with
//! [`Report::fixed_text`]), [`check_request`] for a body together with its route and
//! [`check_json_request`] for a Kuzzle request in its JSON form, and the typed [`models`]
//! ([`Checker::check_model`]). Everything under [`unstable`] is the crate's inside, public
//! for its own tests, tools and bindings: it may change in any release.

pub(crate) mod access;
pub(crate) mod baseline;
pub(crate) mod check;
mod check_model;
pub(crate) mod cli;
pub(crate) mod config;
pub(crate) mod core;
pub(crate) mod docs;
pub(crate) mod files;
pub(crate) mod fix;
pub(crate) mod fsutil;
pub(crate) mod inventory;
pub(crate) mod kind;
pub mod models;
pub(crate) mod parallel;
pub(crate) mod parse;
pub(crate) mod project;
pub(crate) mod render;
pub(crate) mod request;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod secrets;
pub(crate) mod server;
pub(crate) mod suppress;
pub(crate) mod templates;
#[cfg(test)]
mod test_support;

pub use crate::core::diagnostic::{Label, Labels};
pub use crate::core::edit::{Applicability, Edit, Fix};
pub use crate::core::inventory::Inventory;
pub use crate::core::report::Fact;
pub use crate::core::request::RequestInfo;
pub use crate::core::rule::{FixAvailability, RuleMeta};
pub use crate::core::source::LineCol;
pub use crate::core::templates::Templates;
pub use crate::core::{Diagnostic, Kind, Report, Settings, Severity, SourceFile, Span};
pub use check::Checker;
pub use inventory::InventoryError;
pub use models::Body;
pub use render::human::HumanOptions;
pub use request::kuzzle::check_json_request;
pub use request::{check_request, RequestReport};

pub(crate) use crate::core::rule::declare_rule;

/// The crate's inside: the modules its command line, language server, tests, benchmarks,
/// fuzz targets and the Node.js binding use. **Not part of the stable API**: any of it may
/// change or go in any release. An application needs only the items at the top of the
/// crate.
pub mod unstable {
    /// Kuzzle's access model: what roles, profiles and users grant.
    pub mod access {
        pub use crate::access::*;
    }
    /// The command line (`bodyguard`'s `main`).
    pub mod cli {
        pub use crate::cli::*;
    }
    /// `bodyguard.toml`.
    pub mod config {
        pub use crate::config::*;
    }
    /// The lint core: rule metadata, diagnostics, edits, source files, built-in codes.
    pub mod core {
        pub use crate::core::*;
    }
    /// Rule documentation pages.
    pub mod docs {
        pub use crate::docs::*;
    }
    /// Reading files.
    pub mod files {
        pub use crate::files::*;
    }
    /// Fixing until stable, diffs.
    pub mod fix {
        pub use crate::fix::*;
    }
    /// Atomic writes.
    pub mod fsutil {
        pub use crate::fsutil::*;
    }
    /// Reading inventories.
    pub mod inventory {
        pub use crate::inventory::*;
    }
    /// The JSON/JSONC parser and its tree.
    pub mod parse {
        pub use crate::parse::*;
    }
    /// Cross-file rules.
    pub mod project {
        pub use crate::project::*;
    }
    /// The output formats.
    pub mod render {
        pub use crate::render::*;
    }
    /// Request routes.
    pub mod request {
        pub use crate::request::*;
    }
    /// The rules and their packs.
    pub mod rules {
        pub use crate::rules::*;
    }
    /// The schema pass and the JSON Schemas.
    pub mod schema {
        pub use crate::schema::*;
    }
    /// Finding and masking secret values.
    pub mod secrets {
        pub use crate::secrets::*;
    }
    /// The language server.
    pub mod server {
        pub use crate::server::*;
    }
}
