//! `jsonschema` errors → typed findings on the exact key or value.

use super::finding::{Path, SchemaErrorKind, SchemaFinding, Segment};
use super::shadowed::Shadowed;
use super::tree::{Part, View};
use crate::core::diagnostic::{did_you_mean, snippet};
use crate::core::limit::FindingLimit;
use crate::core::pointer::unescape_pointer_segment;
use crate::core::source::Span;
use crate::core::text::article;
use crate::parse::{Member, MemberIndex, Node, Value as NodeValue};
use compact_str::{format_compact, CompactString};
use jsonschema::error::{TypeKind, ValidationErrorKind as K};
use jsonschema::ValidationError;
use serde_json::Value;
use std::collections::HashMap;

/// Follow a schema path (with `$ref`s already resolved by the validator, or not) in `schema`.
fn schema_at<'s>(schema: &'s Value, path: &str) -> Option<&'s Value> {
    let mut cur = schema;
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let seg = unescape_pointer_segment(raw);
        cur = follow_ref(schema, cur);
        cur = match cur {
            Value::Object(o) => o.get(seg.as_ref())?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(follow_ref(schema, cur))
}

fn follow_ref<'s>(root: &'s Value, mut cur: &'s Value) -> &'s Value {
    for _ in 0..8 {
        match cur
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(pointer) => match root.pointer(pointer) {
                Some(target) => cur = target,
                None => break,
            },
            None => break,
        }
    }
    cur
}

/// The keys a schema object accepts at `schema_path`'s parent (for did-you-mean).
fn accepted_keys<'s>(schema: &'s Value, schema_path: &str) -> Vec<&'s str> {
    let parent = schema_path.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
    schema_at(schema, parent)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|props| {
            props
                .keys()
                .map(String::as_str)
                .filter(|k| *k != "$schema")
                .collect()
        })
        .unwrap_or_default()
}

fn opening_brace(node: Node<'_>) -> Span {
    Span::new(node.span().start as usize, node.span().start as usize + 1)
}

fn type_list(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => article(t.as_str()),
        TypeKind::Multiple(set) => {
            let names: Vec<String> = set.iter().map(|t| article(t.as_str())).collect();
            names.join(" or ")
        }
    }
}

fn display_value(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{}`", snippet(s)),
        other => format!("`{}`", snippet(&other.to_string())),
    }
}

/// How the findings of a pass find the members its errors name.
pub(super) struct Members<'s, 'a> {
    /// Members by key, in objects of more than a few.
    index: MemberIndex<'a>,
    /// Set when the validator read the tree (not a `Value`, whose keys are sorted): it then
    /// lists an object's unknown keys in the order of its members, skipping these members,
    /// hidden by a later duplicate key.
    in_tree_order: Option<&'s Shadowed>,
    /// What the pass showed of the tree, when it showed some containers in part.
    view: Option<&'s View<'s>>,
    /// The entries of the runs errors looked into, by container id.
    runs: HashMap<usize, RunIndex<'a>>,
}

/// The entries of a run, for errors that name them.
enum RunIndex<'a> {
    /// An object's members not hidden by a later duplicate, by key.
    Keys(HashMap<&'a str, u32>),
    /// An array's elements, in order.
    Items(Vec<u32>),
}

/// How far ahead of the previous key [`Members::member_from`] looks for the next one before
/// asking the index.
const SCAN_AHEAD: usize = 64;

impl<'s, 'a> Members<'s, 'a> {
    /// Members found for a pass of the validator over the tree (`in_tree_order`, with its
    /// hidden duplicates) or over a `Value` (`None`), which showed `view` of the tree.
    pub(super) fn new(in_tree_order: Option<&'s Shadowed>, view: Option<&'s View<'s>>) -> Self {
        Members {
            index: MemberIndex::new(),
            in_tree_order,
            view,
            runs: HashMap::new(),
        }
    }

    fn part(&self, container: Node<'a>) -> Option<&'s Part> {
        self.view.and_then(|view| view.part(container))
    }

    /// The member of `object` named `key` that the validator was shown in a run or whole;
    /// `None` for a member shown beside a run (its errors belong to another pass).
    fn member(&mut self, object: Node<'a>, key: &str) -> Option<Member<'a>> {
        let Some(part) = self.part(object) else {
            return self.index.member(object, key);
        };
        let members = object.as_object()?;
        if part.names_extra(members, key) {
            return None;
        }
        let shadowed = self.in_tree_order;
        let index = self.runs.entry(object.id()).or_insert_with(|| {
            let mut keys = HashMap::new();
            for m in part.members(members).iter() {
                if !shadowed.is_some_and(|s| s.hides(m)) {
                    keys.insert(m.key(), m.id() as u32);
                }
            }
            RunIndex::Keys(keys)
        });
        match index {
            RunIndex::Keys(keys) => keys.get(key).map(|&id| members.with_id(id as usize)),
            RunIndex::Items(_) => None,
        }
    }

    /// The element of `array` the validator saw at `index`, and its position in the array.
    fn element(&mut self, array: Node<'a>, index: usize) -> Option<(usize, Node<'a>)> {
        let items = array.as_array()?;
        let Some(part) = self.part(array) else {
            return Some((index, items.get(index)?));
        };
        let run = self.runs.entry(array.id()).or_insert_with(|| {
            RunIndex::Items(part.items(items).iter().map(|n| n.id() as u32).collect())
        });
        match run {
            RunIndex::Items(ids) => {
                let id = *ids.get(index)?;
                Some((part.run.start as usize + index, items.with_id(id as usize)))
            }
            RunIndex::Keys(_) => None,
        }
    }

    /// The member of `object` named `key`: the one [`MemberIndex::member`] finds. The keys one
    /// error of the tree names come in member order, usually next to each other, so each is
    /// looked for among the few members after the one before (`from`, updated), and a wide
    /// object of unknown keys needs no index (13 MB for 600,000 keys). A key not among them
    /// goes to the index, and the scan resumes after it: each key costs at most
    /// `SCAN_AHEAD` comparisons.
    fn member_from(
        &mut self,
        object: Node<'a>,
        key: &str,
        from: &mut Option<Member<'a>>,
    ) -> Option<Member<'a>> {
        let members = object.as_object()?;
        if self
            .part(object)
            .is_some_and(|part| part.names_extra(members, key))
        {
            return None;
        }
        let scanned = self.in_tree_order.and_then(|shadowed| {
            let matches = |m: &Member<'_>| m.key() == key && !shadowed.hides(*m);
            match *from {
                None => members.iter().take(SCAN_AHEAD).find(matches),
                Some(last) => members.iter_after(last.id()).take(SCAN_AHEAD).find(matches),
            }
        });
        let found = match scanned {
            Some(member) => member,
            None => self.member(object, key)?,
        };
        *from = Some(found);
        Some(found)
    }
}

/// The node at the instance location `pointer` and the steps to it, keys and indexes told
/// apart by the tree (a key `"0"` of an object stays a key).
fn locate<'a>(
    root: Node<'a>,
    pointer: &str,
    members: &mut Members<'_, 'a>,
) -> Option<(Node<'a>, Path<'a>)> {
    let mut node = root;
    let mut path = Path::new();
    if pointer.is_empty() {
        return Some((node, path));
    }
    for raw in pointer.strip_prefix('/')?.split('/') {
        let segment = unescape_pointer_segment(raw);
        match node.value() {
            NodeValue::Object(_) => {
                let member = members.member(node, &segment)?;
                path.push(Segment::Key(member.key()));
                node = member.value();
            }
            NodeValue::Array(_) => {
                let (i, element) = members.element(node, segment.parse().ok()?)?;
                node = element;
                path.push(Segment::Index(u32::try_from(i).ok()?));
            }
            _ => return None,
        }
    }
    Some((node, path))
}

/// Where the findings of a schema pass go: those the file's limit of findings per rule
/// keeps are appended to `out`.
pub(super) struct Found<'o, 'a> {
    pub(super) out: &'o mut Vec<SchemaFinding<'a>>,
    pub(super) limit: &'o mut FindingLimit,
}

impl<'a> Found<'_, 'a> {
    fn push(&mut self, finding: SchemaFinding<'a>) {
        if self
            .limit
            .keep(finding.rule, Some(finding.span), || finding.pointer())
        {
            self.out.push(finding);
        }
    }
}

/// Map one validation error to findings appended to `out`.
/// Members are found through `index`, so the findings of a wide object cost one lookup each.
pub(super) fn push_findings<'a>(
    error: &ValidationError<'_>,
    schema: &Value,
    root: Node<'a>,
    members: &mut Members<'_, 'a>,
    out: &mut Found<'_, 'a>,
) {
    let Some((node, path)) = locate(root, error.instance_path().as_str(), members) else {
        return;
    };
    let span = node.span();
    let message: CompactString = match error.kind() {
        K::Type { kind } => {
            let found = node.json_type();
            let finding = SchemaFinding::new(
                SchemaErrorKind::Type { found },
                path,
                span,
                format_compact!(
                    "expected {}, found {}",
                    type_list(kind),
                    article(found.as_str())
                ),
            );
            out.push(finding.with_label(format_compact!("{} here", found.as_str())));
            return;
        }
        K::Required { property } => {
            let key = property.as_str().unwrap_or_default();
            let mut finding = SchemaFinding::new(
                SchemaErrorKind::Required { key: key.into() },
                path,
                opening_brace(node),
                format_compact!("missing required key `{}`", snippet(key)),
            )
            .with_label(format_compact!("this object has no `{}`", snippet(key)));
            if let Some(m) = node
                .as_object()
                .and_then(|ms| ms.iter().find(|m| m.key().eq_ignore_ascii_case(key)))
            {
                finding = finding.with_help(format!(
                    "`{}` differs from `{key}` only by case",
                    snippet(m.key())
                ));
            }
            out.push(finding);
            return;
        }
        K::AdditionalProperties { unexpected } => {
            let accepted = accepted_keys(schema, error.schema_path().as_str());
            let rule = &crate::core::builtin::SCHEMA_UNKNOWN_KEY;
            let mut from = None;
            for key in unexpected {
                // Past the limit, the key is counted without being looked up or compared.
                if out.limit.is_past(rule) {
                    out.limit.leave_out(rule);
                    continue;
                }
                let Some(member) = members.member_from(node, key, &mut from) else {
                    continue;
                };
                let help = match did_you_mean(key, accepted.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if !accepted.is_empty() && accepted.len() <= 8 => {
                        format!(
                            "accepted keys here: {}",
                            accepted
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                    None => "remove it".into(),
                };
                let finding = SchemaFinding::new(
                    SchemaErrorKind::UnknownKey { key: member.key() },
                    path.clone(),
                    member.key_span(),
                    format_compact!("unknown key `{}`", snippet(key)),
                );
                out.push(finding.with_label("not accepted here").with_help(help));
            }
            return;
        }
        K::Enum { options } => {
            let listed = options
                .as_array()
                .map(|a| a.iter().map(display_value).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            let mut finding = SchemaFinding::new(
                SchemaErrorKind::Enum,
                path,
                span,
                format_compact!("{} is not one of {listed}", value_text(node)),
            )
            .with_label("not an accepted value");
            if let (Some(s), Some(opts)) = (node.as_str(), options.as_array()) {
                if let Some(hit) = opts
                    .iter()
                    .filter_map(Value::as_str)
                    .find(|o| o.eq_ignore_ascii_case(s))
                {
                    finding = finding.with_help(format!("the accepted spelling is `{hit}`"));
                }
            }
            out.push(finding);
            return;
        }
        K::Constant { expected_value } => {
            let message = format_compact!("expected {}", display_value(expected_value));
            out.push(SchemaFinding::new(
                SchemaErrorKind::Enum,
                path,
                span,
                message,
            ));
            return;
        }
        K::MinLength { limit } if *limit == 1 => "empty string".into(),
        K::MinLength { limit } => format_compact!("shorter than {limit} characters"),
        K::MaxLength { limit } => format_compact!("longer than {limit} characters"),
        K::MinItems { limit } if *limit == 1 => "empty array: at least one entry is needed".into(),
        K::MinItems { limit } => format_compact!("fewer than {limit} entries"),
        K::MaxItems { limit } => format_compact!("more than {limit} entries"),
        K::MinProperties { limit } if *limit == 1 => {
            "empty object: at least one key is needed".into()
        }
        K::MinProperties { limit } => format_compact!("fewer than {limit} keys"),
        K::MaxProperties { limit } => format_compact!("more than {limit} keys"),
        K::Minimum { limit } => format_compact!("must be at least {limit}"),
        K::Maximum { limit } => format_compact!("must be at most {limit}"),
        K::ExclusiveMinimum { limit } => format_compact!("must be greater than {limit}"),
        K::ExclusiveMaximum { limit } => format_compact!("must be less than {limit}"),
        K::Pattern { pattern } => {
            format_compact!("does not match the pattern `{}`", snippet(pattern))
        }
        K::Format { format } => format_compact!("not a valid {format}"),
        K::UniqueItems => "entries must be unique".into(),
        // if/then and $ref are resolved by the validator; these only appear for hand-written schemas.
        K::OneOfNotValid { .. } | K::AnyOf { .. } => "does not match any accepted form".into(),
        other => format_compact!("breaks the schema keyword `{}`", other.keyword()),
    };
    out.push(SchemaFinding::new(
        SchemaErrorKind::Constraint,
        path,
        span,
        message,
    ));
}

/// A short rendering of a scalar value for messages (strings quoted and cut).
fn value_text(node: Node<'_>) -> String {
    match node.value() {
        NodeValue::String(s) => format!("`{}`", snippet(s)),
        NodeValue::Number(n) => format!("`{}`", snippet(n)),
        NodeValue::Bool(b) => format!("`{b}`"),
        NodeValue::Null => "`null`".into(),
        _ => format!("this {}", node.type_name()),
    }
}
