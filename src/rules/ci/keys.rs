//! The canonical keys of each object position, and the rewrite renaming case variants to
//! them before the schema pass (reporting `ci/key-case` and `ci/key-case-conflict`).
//!
//! The service's specification, examples and recorded traffic use camelCase keys, while the
//! hub documentation writes PascalCase (`ConnectorType`, `StrongIds`). bodyguard accepts a key
//! that differs from the canonical one only by case, warns, and renames it in the tree so that
//! the schema pass and the other rules see the canonical key. Only object positions whose keys
//! are API property names are renamed: user-data maps (localized texts keyed by locale,
//! `attributes`, `localizedAttributes`, `localizedValueNames`) are left alone.

use super::key_shapes::{shape_of, Child, Key};
use super::view::{push_pointer_index, push_pointer_segment};
use super::{key_case, key_case_conflict};
use crate::core::limit::LimitedFindings;
use crate::core::Kind;
use crate::parse::{Members, Node, Rewrites, Tree, Value};
use Child::{Arr, Leaf, Obj};

/// Rename case variants of known keys to their canonical spelling, reporting each. Returns
/// true when a key was renamed.
pub(crate) fn normalize(kind: Kind, tree: &mut Tree, out: &mut LimitedFindings<'_>) -> bool {
    let root = tree.root();
    let Some(shape) = shape_of(kind, root).filter(|shape| !is_canonical(root, shape)) else {
        return false;
    };
    let mut rewrites = Rewrites::default();
    let renamed = rename_all(root, shape, out, &mut rewrites);
    tree.rewrite(rewrites);
    renamed
}

/// The full pass of [`normalize`]: renames and reports under `root`, whose keys are `shape`.
fn rename_all(
    root: Node<'_>,
    shape: &'static [Key],
    out: &mut LimitedFindings<'_>,
    rewrites: &mut Rewrites,
) -> bool {
    let mut pointers = Pointers {
        written: String::with_capacity(64),
        renamed: false,
    };
    normalize_object(root, &mut pointers, shape, out, rewrites);
    pointers.renamed
}

/// True when [`normalize_object`] would neither rename nor report anything under `node`:
/// in every object at a known position, each key is spelled as its canonical key or matches
/// none whatever the case, and no two keys differ only by case. Keys are all ASCII and
/// objects small (otherwise the full pass decides). This is the usual body, and it is
/// answered without building a pointer or allocating.
fn is_canonical(node: Node<'_>, shape: &'static [Key]) -> bool {
    let Value::Object(members) = node.value() else {
        return true;
    };
    if members.len() > PAIRWISE_KEYS {
        return false;
    }
    // Each key read once (an object here has at most `PAIRWISE_KEYS`).
    let mut keys: smallvec::SmallVec<[&str; PAIRWISE_KEYS]> = smallvec::SmallVec::new();
    for m in members.iter() {
        let key = m.key();
        if !key.is_ascii()
            || keys
                .iter()
                .any(|b| b.len() == key.len() && b.eq_ignore_ascii_case(key) && *b != key)
        {
            return false;
        }
        let child = match shape.iter().find(|k| k.0 == key) {
            Some(k) => k.1,
            None if shape.iter().any(|k| k.0.eq_ignore_ascii_case(key)) => return false,
            None => Leaf,
        };
        let clean = match child {
            Leaf => true,
            Obj(inner) => is_canonical(m.value(), inner),
            Arr(inner) => match m.value().value() {
                Value::Array(items) => items.iter().all(|item| is_canonical(item, inner)),
                _ => true,
            },
        };
        if !clean {
            return false;
        }
        keys.push(key);
    }
    true
}

/// The pointer of the member being normalized, as written, and whether a key was renamed.
struct Pointers {
    written: String,
    renamed: bool,
}

fn normalize_object<'t>(
    node: Node<'t>,
    pointers: &mut Pointers,
    shape: &'static [Key],
    out: &mut LimitedFindings<'_>,
    rewrites: &mut Rewrites,
) {
    let Value::Object(members) = node.value() else {
        return;
    };
    // Which keys appear in more than one spelling? (Keys are renamed after the pass.)
    let spellings = Spellings::of(members);
    for (i, member) in members.iter().enumerate() {
        let (earlier, conflict) = spellings.conflicts(i);
        let written = member.key();
        let canonical = canonical_key(shape, written);
        // The member's pointer, in place at the end of `pointer` until the next member; only
        // written when something is reported on the member or below it.
        let written_len = pointers.written.len();
        let renamed = canonical.is_some_and(|k| written != k.0);
        let inner = canonical.is_some_and(|k| !matches!(k.1, Leaf));
        if earlier.is_some() || renamed || inner {
            push_pointer_segment(&mut pointers.written, written);
        }
        pointers.renamed |= renamed;
        // Findings on the member point at it as written.
        let pointer = pointers.written.as_str();
        if let (Some(earlier), Some(first), Some(this)) = (
            earlier.and_then(|j| members.get(j)),
            earlier.and_then(|j| spellings.written(j)),
            spellings.written(i),
        ) {
            out.push(key_case_conflict::finding(
                first,
                this,
                member.key_span(),
                earlier.key_span(),
                pointer,
            ));
        }
        if let Some(key) = canonical {
            if written != key.0 {
                if !conflict {
                    out.push(key_case::finding(
                        written,
                        key.0,
                        member.key_span(),
                        pointer,
                    ));
                }
                rewrites.rename_key(member, key.0);
            }
            match key.1 {
                Leaf => {}
                Obj(inner) => normalize_object(member.value(), pointers, inner, out, rewrites),
                Arr(inner) => {
                    if let Value::Array(items) = member.value().value() {
                        let written_array_len = pointers.written.len();
                        for (n, item) in items.iter().enumerate() {
                            push_pointer_index(&mut pointers.written, n);
                            normalize_object(item, pointers, inner, out, rewrites);
                            pointers.written.truncate(written_array_len);
                        }
                    }
                }
            }
        }
        pointers.written.truncate(written_len);
    }
}

/// The key of `shape` that `key` spells, whatever its case. The keys of a shape differ by
/// more than case, so an exact match, the usual case, is the only match.
fn canonical_key(shape: &'static [Key], key: &str) -> Option<&'static Key> {
    shape
        .iter()
        .find(|k| k.0 == key)
        .or_else(|| shape.iter().find(|k| k.0.eq_ignore_ascii_case(key)))
}

/// The keys of one object that are spelled otherwise by another key of the same object
/// (`connectorType` and `ConnectorType`). Such pairs are rare: only the keys of a lowercase
/// form written more than one way are recorded.
struct Spellings {
    /// Those keys, by position.
    spelled: Vec<Spelled>,
}

/// A key whose lowercase form is written more than one way in its object.
struct Spelled {
    /// Its position in the object.
    position: u32,
    /// The first earlier key of its form spelled otherwise.
    earlier: Option<u32>,
    /// The key as written (keys are renamed after the pass).
    written: Box<str>,
}

/// Objects up to this many keys compare every pair of keys (no allocation on a clean body);
/// larger ones find each key's lowercase form by a hash, so the pass stays linear.
const PAIRWISE_KEYS: usize = 32;

impl Spellings {
    fn of(members: Members<'_>) -> Spellings {
        let none = Spellings {
            spelled: Vec::new(),
        };
        if members.len() <= PAIRWISE_KEYS {
            let keys: smallvec::SmallVec<[&str; PAIRWISE_KEYS]> =
                members.iter().map(|m| m.key()).collect();
            let any = keys
                .iter()
                .enumerate()
                .any(|(i, a)| keys[..i].iter().any(|b| same_lowercase(a, b) && a != b));
            if !any {
                return none;
            }
        }
        // Each lowercase form once, by a hash of the form: its first key (record and
        // position) and the first position where it is spelled otherwise. Each key is read
        // once, and a form costs 12 bytes.
        let key = |record: u32| members.with_id(record as usize).key();
        let hasher = foldhash::fast::RandomState::default();
        let hash = |k: &str| lowercase_hash(&hasher, k);
        let mut forms: hashbrown::HashTable<Form> = hashbrown::HashTable::new();
        let mut mixed = false;
        for (position, m) in (0u32..).zip(members.iter()) {
            let k = m.key();
            let h = hash(k);
            match forms.find_mut(h, |f| same_lowercase(key(f.record), k)) {
                Some(form) => {
                    if form.other == NONE && key(form.record) != k {
                        form.other = position;
                        mixed = true;
                    }
                }
                None => {
                    let form = Form {
                        record: m.id() as u32,
                        position,
                        other: NONE,
                    };
                    forms.insert_unique(h, form, |f| hash(key(f.record)));
                }
            }
        }
        if !mixed {
            return none;
        }
        let mut spelled = Vec::new();
        for (position, m) in (0u32..).zip(members.iter()) {
            let k = m.key();
            let Some(form) = forms.find(hash(k), |f| same_lowercase(key(f.record), k)) else {
                continue;
            };
            if form.other == NONE {
                continue;
            }
            let earlier = if k == key(form.record) {
                Some(form.other).filter(|&o| o < position)
            } else {
                Some(form.position)
            };
            spelled.push(Spelled {
                position,
                earlier,
                written: k.into(),
            });
        }
        Spellings { spelled }
    }

    fn find(&self, i: usize) -> Option<&Spelled> {
        let i = u32::try_from(i).ok()?;
        self.spelled
            .binary_search_by_key(&i, |s| s.position)
            .ok()
            .map(|at| &self.spelled[at])
    }

    /// The first earlier key spelled otherwise than key `i`, and whether any key is.
    fn conflicts(&self, i: usize) -> (Option<usize>, bool) {
        match self.find(i) {
            Some(s) => (s.earlier.map(|e| e as usize), true),
            None => (None, false),
        }
    }

    /// Key `i` as written, when its form is written more than one way.
    fn written(&self, i: usize) -> Option<&str> {
        self.find(i).map(|s| &*s.written)
    }
}

/// A lowercase form of the keys of one object.
struct Form {
    /// The record of its first key ([`Member::id`]).
    record: u32,
    /// That key's position.
    position: u32,
    /// The first position where the form is spelled otherwise ([`NONE`]: nowhere).
    other: u32,
}

/// No position.
const NONE: u32 = u32::MAX;

/// The hash of a key's lowercase form.
fn lowercase_hash(hasher: &foldhash::fast::RandomState, key: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = hasher.build_hasher();
    // The same bytes go in either way, so that an ASCII key and a non-ASCII one with the
    // same form (`kind`, and `Kind` with a Kelvin sign) hash alike.
    if key.is_ascii() {
        key.bytes().for_each(|b| h.write_u8(b.to_ascii_lowercase()));
    } else {
        key.to_lowercase().bytes().for_each(|b| h.write_u8(b));
    }
    h.finish()
}

/// True when two keys have the same lowercase form.
fn same_lowercase(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use crate::core::edit::apply;
    use crate::rules::ci::key_shapes::*;
    use crate::{Checker, Kind};

    #[test]
    fn pascal_case_keys_are_renamed_and_checked() {
        let text = r#"{"ConnectorName": "blob1", "ConnectorType": "AzureBlob", "ConnectorProperties": {"ConnectionKeyVaultUrl": "https://kv-sales.vault.azure.net/secrets/s"}}"#;
        let report = Checker::new().check(Kind::CiConnector, text);
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code()).collect();
        assert_eq!(codes, ["ci/key-case"; 4], "{:?}", report.diagnostics);
        let fixes: Vec<_> = report
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_deref())
            .collect();
        let (fixed, n) = apply(text, fixes);
        assert_eq!(n, 4);
        assert_eq!(
            fixed,
            r#"{"connectorName": "blob1", "connectorType": "AzureBlob", "connectorProperties": {"connectionKeyVaultUrl": "https://kv-sales.vault.azure.net/secrets/s"}}"#
        );
        assert!(Checker::new().check(Kind::CiConnector, &fixed).is_clean());
    }

    #[test]
    fn user_maps_are_not_renamed() {
        let text = r#"{"apiEntitySetName": "C", "strongIds": [{"strongIdName": "K", "keyPropertyNames": ["Id"]}],
            "fields": [{"fieldName": "Id", "fieldType": "Edm.String"}],
            "attributes": {"FieldName": ["x"]}, "localizedAttributes": {"TypeName": {"en-us": "x"}}}"#;
        let report = Checker::new().check(Kind::CiProfileType, text);
        assert!(report.is_clean(), "{:?}", report.diagnostics);
    }

    #[test]
    fn shape_keys_differ_by_more_than_case() {
        for shape in [
            ENUM_VALUE,
            FIELD,
            STRONG_ID,
            PROFILE_TYPE,
            CRM_ENTITY,
            SALESFORCE_SETTING,
            SALESFORCE_TABLE,
            EXCHANGE_PROFILE_TYPE,
            OUTBOUND_ENTITY,
            SEARCH_TOPIC,
            CONNECTOR_PROPERTIES,
            CONNECTOR,
            PROFILE_ARM,
            CONNECTOR_ARM,
        ] {
            for (i, a) in shape.iter().enumerate() {
                for b in &shape[..i] {
                    assert!(!a.0.eq_ignore_ascii_case(b.0), "{} / {}", a.0, b.0);
                }
            }
        }
    }

    /// The quick answer for a clean body agrees with the full pass: on every fixture, a tree
    /// it calls canonical gets no finding and no rename from the full pass, and a tree the
    /// full pass changes is never called canonical.
    #[test]
    fn canonical_trees_are_those_the_full_pass_leaves_alone() {
        use super::*;
        let (mut canonical, mut changed) = (0, 0);
        let own = [
            r#"{"foo": 1, "Foo": 2}"#,
            r#"{"fields": [{"fieldName": "a"}, {"FieldName": "b"}]}"#,
            r#"{"properties": {"connectorProperties": {"entities": [{"IsProfile": true}]}}}"#,
            r#"{"connectorProperties": {"usersetting": {"SalesforceConnectionStringSecretUrl": "x"}}}"#,
            r#"{"properties": {"strongIds": [{"keyPropertyNames": [], "displayname": "x"}]}}"#,
            r#"{"attributes": {"FieldName": [], "fieldname": []}, "fields": [{"enumValidValues": [{"Value": 1}]}]}"#,
            "{\"\u{212A}ind\": 1, \"kind\": 2}",
        ];
        let texts = crate::test_support::fixture_texts()
            .into_iter()
            .chain(own.map(|t| (std::path::PathBuf::from(t), t.to_string())));
        for (path, text) in texts {
            let mut ignored = Vec::new();
            let syntax = crate::parse::Syntax::Jsonc;
            let document = crate::parse::parse(&text, syntax, &mut ignored);
            let Some(root) = document.root() else {
                continue;
            };
            for kind in [Kind::CiProfileType, Kind::CiConnector] {
                let shape = shape_of(kind, root).unwrap();
                let mut out = Vec::new();
                let mut found = LimitedFindings::new(
                    &mut out,
                    crate::core::limit::FindingLimit::new(None),
                    None,
                );
                let renamed = rename_all(root, shape, &mut found, &mut Rewrites::default());
                let untouched = found.is_empty() && !renamed;
                if is_canonical(root, shape) {
                    assert!(untouched, "{} as {kind}: {out:?}", path.display());
                    canonical += 1;
                }
                if !untouched {
                    changed += 1;
                }
            }
        }
        assert!(canonical > 100 && changed >= 12, "{canonical} {changed}");
    }

    #[test]
    fn conflicts_compare_unicode_lowercase() {
        // The Kelvin sign lowercases to an ASCII `k`: the two keys differ only by case.
        let text = "{\"\u{212A}ind\": 1, \"kind\": 2}";
        let report = Checker::new().check(Kind::CiProfileType, text);
        let conflicts: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code() == "ci/key-case-conflict")
            .collect();
        assert_eq!(conflicts.len(), 1, "{:?}", report.diagnostics);
        assert_eq!(conflicts[0].pointer, "/kind");
    }

    #[test]
    fn conflicts_are_found_whichever_spelling_comes_first() {
        for text in [
            r#"{"ConnectorType": "CRM", "connectorType": "AzureBlob", "connectorProperties": {"connectionKeyVaultUrl": "https://kv-sales.vault.azure.net/secrets/s"}}"#,
            r#"{"connectorType": "CRM", "ConnectorType": "AzureBlob", "connectorProperties": {"connectionKeyVaultUrl": "https://kv-sales.vault.azure.net/secrets/s"}}"#,
        ] {
            let report = Checker::new().check(Kind::CiConnector, text);
            let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code()).collect();
            assert_eq!(codes, ["ci/key-case-conflict"], "{text}");
            assert_eq!(report.diagnostics[0].span.unwrap().start, 25);
        }
    }
}
