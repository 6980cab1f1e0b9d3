//! Who can do what: one model of Kuzzle's rights, read from roles, profiles, users and
//! securities files, and used by `explain-access`, `diff` and the `security/*` rules.
//!
//! The semantics are Kuzzle 2.56.0's (`Funnel.checkRights` → `User.isActionAllowed`), checked
//! against Kuzzle's own verdicts (`tests/access_agreement.rs`):
//! - a role allows `controller:action` when its entry for the controller (`ms` and
//!   `memoryStorage` are one controller, the `ms` entry answering for both; an explicit
//!   controller hides `*`) has the action, or else `*`, set to the boolean `true`;
//! - a profile is the union of its policies, a user the union of its profiles: a `false`
//!   never overrides another policy's `true`;
//! - a policy's restrictions (`restrictedTo`) become a map index → sorted collections,
//!   merged per index within the policy (a collection list narrows a whole-index entry of the
//!   same policy, never of another), with falsy indexes dropped; an empty map restricts
//!   nothing;
//! - restrictions only apply to requests that carry an index; a request with an index but
//!   no collection passes the collection lists of that index;
//! - the anonymous user (`-1`) has the profile `anonymous`; on a fresh install the built-in
//!   roles `admin`, `default` and `anonymous` allow everything.

pub mod diff;
pub mod escalation;
pub mod eval;
pub mod load;
pub mod model;
pub mod native;
pub mod rights;
pub mod securities;

pub use eval::{evaluate, Subject, Verdict};
pub use model::{Request, Target};
pub use securities::{Builtins, Securities};
