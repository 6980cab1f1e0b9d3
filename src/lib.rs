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

pub mod access;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod config;
pub mod core;
pub mod docs;
pub mod files;
pub mod fix;
pub mod fsutil;
pub mod inventory;
pub mod kind;
pub mod models;
pub mod parallel;
pub mod parse;
pub mod project;
pub mod render;
pub mod request;
pub mod rules;
pub mod schema;
pub mod secrets;
pub mod server;
pub mod suppress;
pub mod templates;
#[cfg(test)]
mod test_support;

// The core modules under their historical paths (`crate::diagnostic`, ...), so code written
// against them keeps compiling; new code names `crate::core::…`.
pub use crate::core::{diagnostic, source};

pub use crate::core::request::RequestInfo;
pub use crate::core::{Diagnostic, Kind, Report, Settings, Severity, SourceFile, Span};
pub use check::Checker;
pub use request::check_request;
