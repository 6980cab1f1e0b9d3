//! `jsonschema` errors → diagnostics on the exact key or value.

use crate::core::builtin;
use crate::core::diagnostic::{did_you_mean, snippet, Diagnostic};
use crate::core::pointer::{pointer_join, unescape_pointer_segment};
use crate::core::source::Span;
use crate::core::text::article;
use crate::parse::{MemberIndex, Node};
use jsonschema::error::{TypeKind, ValidationErrorKind as K};
use jsonschema::ValidationError;
use serde_json::Value;

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

fn opening_brace(node: &Node) -> Span {
    Span::new(node.span.start as usize, node.span.start as usize + 1)
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

fn found(node: &Node) -> String {
    article(node.type_name())
}

fn display_value(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{}`", snippet(s)),
        other => format!("`{}`", snippet(&other.to_string())),
    }
}

/// Map one validation error to diagnostics appended to `out`.
/// Members are found through `index`, so the findings of a wide object cost one lookup each.
pub(super) fn push_diagnostics<'a>(
    error: &ValidationError<'_>,
    schema: &Value,
    root: &'a Node,
    index: &mut MemberIndex<'a>,
    out: &mut Vec<Diagnostic>,
) {
    let pointer = error.instance_path().as_str().to_string();
    let schema_path = error.schema_path().as_str();
    let Some(located) = index.pointer(root, &pointer) else {
        return;
    };
    let node = located.node;
    let span = node.span;
    let d = match error.kind() {
        K::Type { kind } => Diagnostic::new(
            &builtin::SCHEMA_TYPE,
            format!("expected {}, found {}", type_list(kind), found(node)),
        )
        .with_span(span)
        .with_label_text(format!("{} here", node.type_name())),
        K::Required { property } => {
            let key = property.as_str().unwrap_or_default();
            let mut d = Diagnostic::new(
                &builtin::SCHEMA_REQUIRED,
                format!("missing required key `{}`", snippet(key)),
            )
            .with_span(opening_brace(node))
            .with_label_text(format!("this object has no `{}`", snippet(key)));
            if let Some(m) = node
                .as_object()
                .and_then(|ms| ms.iter().find(|m| m.key.eq_ignore_ascii_case(key)))
            {
                d = d.with_help(format!(
                    "`{}` differs from `{key}` only by case",
                    snippet(&m.key)
                ));
            }
            d.with_pointer(pointer_join(&pointer, key))
        }
        K::AdditionalProperties { unexpected } => {
            let accepted = accepted_keys(schema, schema_path);
            for key in unexpected {
                let Some(member) = index.member(node, key) else {
                    continue;
                };
                let mut d = Diagnostic::new(
                    &builtin::SCHEMA_UNKNOWN_KEY,
                    format!("unknown key `{}`", snippet(key)),
                )
                .with_span(member.key_span)
                .with_pointer(pointer_join(&pointer, key))
                .with_label_text("not accepted here");
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
                d = d.with_help(help);
                out.push(d);
            }
            return;
        }
        K::Enum { options } => {
            let listed = options
                .as_array()
                .map(|a| a.iter().map(display_value).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            let mut d = Diagnostic::new(
                &builtin::SCHEMA_ENUM,
                format!("{} is not one of {listed}", value_text(node)),
            )
            .with_span(span)
            .with_label_text("not an accepted value");
            if let (Some(s), Some(opts)) = (node.as_str(), options.as_array()) {
                if let Some(hit) = opts
                    .iter()
                    .filter_map(Value::as_str)
                    .find(|o| o.eq_ignore_ascii_case(s))
                {
                    d = d.with_help(format!("the accepted spelling is `{hit}`"));
                }
            }
            d
        }
        K::Constant { expected_value } => Diagnostic::new(
            &builtin::SCHEMA_ENUM,
            format!("expected {}", display_value(expected_value)),
        )
        .with_span(span),
        K::MinLength { limit } if *limit == 1 => {
            Diagnostic::new(&builtin::SCHEMA_CONSTRAINT, "empty string").with_span(span)
        }
        K::MinLength { limit } => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            format!("shorter than {limit} characters"),
        )
        .with_span(span),
        K::MaxLength { limit } => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            format!("longer than {limit} characters"),
        )
        .with_span(span),
        K::MinItems { limit } if *limit == 1 => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            "empty array: at least one entry is needed",
        )
        .with_span(span),
        K::MinItems { limit } => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            format!("fewer than {limit} entries"),
        )
        .with_span(span),
        K::MaxItems { limit } => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            format!("more than {limit} entries"),
        )
        .with_span(span),
        K::MinProperties { limit } if *limit == 1 => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            "empty object: at least one key is needed",
        )
        .with_span(span),
        K::MinProperties { limit } => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            format!("fewer than {limit} keys"),
        )
        .with_span(span),
        K::MaxProperties { limit } => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            format!("more than {limit} keys"),
        )
        .with_span(span),
        K::Minimum { limit } => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            format!("must be at least {limit}"),
        )
        .with_span(span),
        K::Maximum { limit } => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            format!("must be at most {limit}"),
        )
        .with_span(span),
        K::ExclusiveMinimum { limit } => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            format!("must be greater than {limit}"),
        )
        .with_span(span),
        K::ExclusiveMaximum { limit } => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            format!("must be less than {limit}"),
        )
        .with_span(span),
        K::Pattern { pattern } => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            format!("does not match the pattern `{}`", snippet(pattern)),
        )
        .with_span(span),
        K::Format { format } => {
            Diagnostic::new(&builtin::SCHEMA_CONSTRAINT, format!("not a valid {format}"))
                .with_span(span)
        }
        K::UniqueItems => {
            Diagnostic::new(&builtin::SCHEMA_CONSTRAINT, "entries must be unique").with_span(span)
        }
        // if/then and $ref are resolved by the validator; these only appear for hand-written schemas.
        K::OneOfNotValid { .. } | K::AnyOf { .. } => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            "does not match any accepted form",
        )
        .with_span(span),
        other => Diagnostic::new(
            &builtin::SCHEMA_CONSTRAINT,
            format!("breaks the schema keyword `{}`", other.keyword()),
        )
        .with_span(span),
    };
    let d = if d.pointer.is_empty() {
        d.with_pointer(pointer)
    } else {
        d
    };
    out.push(d);
}

/// A short rendering of a scalar value for messages (strings quoted and cut).
fn value_text(node: &Node) -> String {
    match &node.value {
        crate::parse::NodeValue::String(s) => format!("`{}`", snippet(s)),
        crate::parse::NodeValue::Number(n) => format!("`{}`", snippet(n)),
        crate::parse::NodeValue::Bool(b) => format!("`{b}`"),
        crate::parse::NodeValue::Null => "`null`".into(),
        _ => format!("this {}", node.type_name()),
    }
}
