//! The help of the findings on names the inventory does not know.

use crate::core::text::snippet;
use crate::rules::RuleContext;

/// The help of `kuzzle/unknown-index` and `kuzzle/unknown-collection` on what `strict`
/// changes.
pub(super) fn strict_note(cx: &RuleContext<'_>) -> &'static str {
    let strict = cx
        .request
        .is_some_and(|r| r.args.iter().any(|(k, _)| k == "strict"));
    if strict {
        "with `strict`, Kuzzle rejects the profile"
    } else {
        "without `strict`, Kuzzle accepts the profile and this restriction grants nothing; with `strict`, it rejects it"
    }
}

/// `did you mean` text for a name missing from `known`, calling out a case-only difference.
pub(super) fn unknown_help(cx: &RuleContext<'_>, name: &str, what: &str, known: &[&str]) -> String {
    if let Some(hit) = known
        .iter()
        .find(|k| k.to_lowercase() == name.to_lowercase())
    {
        return format!(
            "`{}` differs from the existing {what} `{hit}` only by case: Kuzzle matches names exactly",
            snippet(name)
        );
    }
    match cx.suggest(name, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None if known.is_empty() => format!("the inventory knows no {what}"),
        None if known.len() <= 8 => format!(
            "known: {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!("the inventory has {} others", known.len()),
    }
}
