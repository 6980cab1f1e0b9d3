//! `kuzzle/invalid-id` (declared by the profile pack) on the role and profile ids of a
//! securities file: they are document ids (users get a generated one when empty).

use super::{singular, Securities, SecuritiesPack};
use crate::core::pointer::pointer_join;
use crate::core::RuleMeta;
use crate::rules::kuzzle_profile::{INVALID_ID, MAX_ID_BYTES};
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

/// `kuzzle/invalid-id` as the securities pack runs it.
pub struct InvalidId;

impl Rule<SecuritiesPack> for InvalidId {
    fn meta(&self) -> &'static RuleMeta {
        &INVALID_ID
    }
    fn run(&self, file: &Securities<'_>, cx: &mut RuleContext<'_>) {
        for (section, entries) in [("roles", file.roles), ("profiles", file.profiles)] {
            for m in entries {
                let what = singular(section);
                let (message, help): (String, &str) = if m.key().is_empty() {
                    (
                        format!("the {what} id is empty"),
                        "Kuzzle answers `api.assert.missing_argument` \"Missing argument \"_id\".\"",
                    )
                } else if m.key() == "_search" {
                    (
                        format!("no {what} can be named `_search`"),
                        "Kuzzle answers `services.storage.search_as_an_id`",
                    )
                } else if m.key().len() > MAX_ID_BYTES {
                    (
                        format!("the {what} id is {} bytes long", m.key().len()),
                        "Elasticsearch refuses document ids longer than 512 bytes (UTF-8)",
                    )
                } else {
                    continue;
                };
                cx.report(
                    &INVALID_ID,
                    m.key_span(),
                    &pointer_join(&format!("/{section}"), m.key()),
                    message,
                )
                .help = Some(help.into());
            }
        }
    }
}
