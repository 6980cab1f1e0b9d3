//! The one list of every rule.

use super::RuleMeta;

/// Every rule bodyguard has, grouped by pack, each pack sorted by code.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    let packs: [&[&'static RuleMeta]; 9] = [
        super::builtin::RULES,
        super::body::RULES,
        crate::core::builtin::config::RULES,
        crate::core::builtin::suppression::RULES,
        super::kuzzle_profile::RULES,
        super::kuzzle_role::RULES,
        super::kuzzle_securities::RULES,
        super::ci::RULES,
        super::security::RULES,
    ];
    packs.into_iter().flat_map(|p| p.iter().copied())
}

/// The rule with this code.
pub fn by_code(code: &str) -> Option<&'static RuleMeta> {
    all().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for r in all() {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            let (family, name) = r.code.split_once('/').expect("family/name");
            assert!(!family.is_empty() && !name.is_empty());
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{}",
                r.code
            );
            assert!(r.docs.contains("## What it does"), "{} lacks docs", r.code);
            assert!(
                r.docs.contains("## Why is this bad?"),
                "{} lacks docs",
                r.code
            );
        }
    }
}
