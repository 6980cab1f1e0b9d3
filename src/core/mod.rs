//! The lint core: the vocabulary every other layer speaks. It imports nothing from the rest
//! of the crate (see `ARCHITECTURE.md` and `tests/layers.rs`).

pub mod builtin;
pub mod diagnostic;
pub mod edit;
pub mod first_seen;
pub mod fix_plan;
pub mod inventory;
pub mod kind;
pub mod limit;
pub mod pointer;
pub mod report;
pub mod request;
pub mod rule;
pub mod settings;
pub mod source;
pub mod tally;
pub mod templates;
pub mod text;

pub use diagnostic::{Diagnostic, Severity};
pub use kind::Kind;
pub use report::{Fact, Report};
pub use rule::{FixAvailability, RuleMeta};
pub use settings::Settings;
pub use source::{SourceFile, Span};
