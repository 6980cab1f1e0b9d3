//! Finding secret values in a body, so that no output ever prints them.
//!
//! Detection is deliberately broad (key names and value shapes); rules decide what to
//! report, while masking applies to every output whatever rules are switched on.

mod credential;
mod find;
mod mask;
mod scan;
mod withheld;

pub use credential::{is_secret_like_key, secret_shaped, url_password_spans};
pub use find::{find, is_secret_key, marker_in, Secret, SecretReason};
pub use mask::{mask, mask_shared, mask_spans, mask_text};
pub use scan::scan;
pub use withheld::{Withheld, SUBSTRING_LIMIT};
