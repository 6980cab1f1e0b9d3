//! Rules about the body as a whole, for every kind: what editors need in a file but the
//! API must not receive. One rule per file; [`BodyPack`] runs them.

mod schema_key;
mod template_placeholder;

pub use schema_key::SCHEMA_KEY;
pub(crate) use template_placeholder::placeholder_finding;
pub use template_placeholder::TEMPLATE_PLACEHOLDER;

use super::pack::{Pack, Rule};
use super::RuleContext;
use crate::core::{Kind, RuleMeta};
use crate::parse::{Members, Node};

/// The rules of this pack, sorted by code (one line per rule file).
static PACK_RULES: &[&dyn Rule<BodyPack>] = &[&schema_key::SchemaKey];

/// The metadata of the rules of this pack, sorted by code.
pub static RULES: &[&RuleMeta] = &[&SCHEMA_KEY, &TEMPLATE_PLACEHOLDER];

/// The pack of body-wide rules (runs for every kind, after the kind's own pack).
pub struct BodyPack;

/// What the body rules look at: the top-level members.
pub struct Body<'a> {
    /// The members of the top-level object.
    pub members: Members<'a>,
}

impl Pack for BodyPack {
    type View<'a> = Body<'a>;
    fn kinds(&self) -> &'static [Kind] {
        &[]
    }
    fn rules(&self) -> &'static [&'static dyn Rule<Self>] {
        PACK_RULES
    }
    fn view<'a>(&self, cx: &RuleContext<'a>) -> Option<Body<'a>> {
        Some(Body {
            members: cx.root.as_object()?,
        })
    }
}

/// Run the rules of this pack.
pub fn check(cx: &mut RuleContext<'_>) {
    super::pack::run(&BodyPack, cx);
}

/// The kind named by a top-level `$schema` that points at one of bodyguard's schemas
/// (`…/kuzzle-profile.schema.json`, by URL or relative path).
pub fn kind_from_schema_key(root: Node<'_>) -> Option<Kind> {
    let url = root.get("$schema")?.as_str()?;
    let file = url.rsplit(['/', '\\']).next()?;
    let name = file.strip_suffix(".schema.json")?;
    Kind::from_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_metadata_lists_agree() {
        let codes: Vec<&str> = PACK_RULES.iter().map(|r| r.meta().code).collect();
        // `body/template-placeholder` is reported by the checker, not run by the pack.
        let metas: Vec<&str> = RULES
            .iter()
            .map(|r| r.code)
            .filter(|c| *c != TEMPLATE_PLACEHOLDER.code)
            .collect();
        assert_eq!(codes, metas);
    }
}
