//! Big documents are validated a run of entries at a time.
//!
//! The validator collects every error of a pass before it gives the first, about 500 bytes
//! each, and its unknown-key error lists every unknown key of an object as a `String`: one
//! pass over a big document with an error in every entry held several times the document.
//! So a container whose records take more than [`WINDOW_WORDS`] words is cut into runs of
//! entries that take at most that many (an entry bigger than that is a run of its own, and
//! is cut in turn), and the validator is shown one run at a time ([`Part`]):
//!
//! - the first pass shows the first run of every container that is cut;
//! - then, for each such container in document order and each of its later runs, one pass
//!   shows that run, under ancestors that each show only their entry on the way to it.
//!
//! Beside its run, an object shows its members whose key the schema names somewhere
//! ([`KnownKeys`]), empty when they are containers, so that `required`, `additionalProperties`
//! and the `if` of a conditional see the keys and scalar values they would see in the whole
//! object (`tests::kind_schemas_can_be_windowed` checks that the schemas of the kinds read
//! nothing else of an object beside its entries). Each error is kept by one pass only: the
//! first pass keeps the errors that name no member shown beside a run; a later pass keeps
//! those inside its container, named by its run.

use super::shadowed::Shadowed;
use super::tree::{Part, Run, View};
use crate::core::pointer::escape_pointer_segment;
use crate::parse::{Node, Value as NodeValue};
use serde_json::Value;
use std::collections::HashSet;

/// A container whose records take more words than this (4 bytes each, about 3 a scalar) is
/// validated a run of entries at a time: a pass holds the errors of at most about 5,000
/// entries.
pub(super) const WINDOW_WORDS: usize = 16 * 1024;

/// The keys a schema names anywhere, in `properties` or in `required`: the members an object
/// shows beside its run.
#[derive(Debug, Default)]
pub(super) struct KnownKeys(HashSet<Box<str>>);

impl KnownKeys {
    /// The keys `schema` names.
    pub(super) fn of(schema: &Value) -> KnownKeys {
        fn walk(schema: &Value, out: &mut HashSet<Box<str>>) {
            match schema {
                Value::Object(map) => {
                    for (keyword, value) in map {
                        match (keyword.as_str(), value) {
                            ("properties", Value::Object(named)) => {
                                for (key, sub) in named {
                                    out.insert(key.as_str().into());
                                    walk(sub, out);
                                }
                            }
                            ("required", Value::Array(keys)) => {
                                out.extend(keys.iter().filter_map(Value::as_str).map(Into::into));
                            }
                            ("definitions" | "$defs", Value::Object(named)) => {
                                named.values().for_each(|sub| walk(sub, out));
                            }
                            _ => walk(value, out),
                        }
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        let mut keys = HashSet::new();
        walk(schema, &mut keys);
        KnownKeys(keys)
    }

    fn contains(&self, key: &str) -> bool {
        self.0.contains(key)
    }

    /// How many keys (for tests).
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.0.len()
    }
}

/// A container cut into runs.
struct Cut {
    id: u32,
    runs: Vec<Run>,
    /// Its members (an object's) not hidden by a later duplicate whose key the schema
    /// names: (position, id).
    known: Vec<(u32, u32)>,
    /// Its steps from the root, in [`Plan::steps`] (kept for a container of several runs).
    steps: std::ops::Range<usize>,
}

/// One step down from a container to one of its entries.
#[derive(Clone, Copy)]
struct Step {
    container: u32,
    entry: u32,
    position: u32,
    is_object: bool,
}

/// A pass after the first: run `run` of the cut container `cut`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Pass {
    cut: usize,
    run: usize,
}

/// Which containers of a document are cut into runs, and the passes that show them.
pub(super) struct Plan<'a> {
    root: Node<'a>,
    /// Every container bigger than the budget, in document order (so by id).
    cuts: Vec<Cut>,
    steps: Vec<Step>,
    /// What the first pass shows of each container of several runs, by id.
    first: Vec<(u32, Part)>,
}

/// The words of records of `node` and everything in it.
fn words(node: Node<'_>) -> usize {
    node.ids_end() - node.id()
}

impl<'a> Plan<'a> {
    /// Cut the containers of `root` whose records take more than `budget` words. Members
    /// hidden by a later duplicate are never shown, so never looked into.
    pub(super) fn new(
        root: Node<'a>,
        shadowed: &Shadowed,
        known: &KnownKeys,
        budget: usize,
    ) -> Plan<'a> {
        let mut plan = Plan {
            root,
            cuts: Vec::new(),
            steps: Vec::new(),
            first: Vec::new(),
        };
        if words(root) <= budget {
            return plan;
        }
        let mut path: Vec<Step> = Vec::new();
        // (container, steps to it, the step into it)
        let mut stack: Vec<(Node<'a>, usize, Option<Step>)> = vec![(root, 0, None)];
        let mut bigger: Vec<(Node<'a>, Step)> = Vec::new();
        while let Some((node, depth, step)) = stack.pop() {
            path.truncate(depth.saturating_sub(1));
            path.extend(step);
            let mut runs: Vec<Run> = Vec::new();
            let mut taken = 0;
            let mut add = |id: usize, position: usize, size: usize| match runs.last_mut() {
                Some(run) if taken + size <= budget => {
                    run.count += 1;
                    taken += size;
                }
                _ => {
                    runs.push(Run {
                        first: id as u32,
                        start: position as u32,
                        count: 1,
                    });
                    taken = size;
                }
            };
            let mut known_members = Vec::new();
            bigger.clear();
            let step_to = |entry: Node<'_>, position: usize, is_object: bool| Step {
                container: node.id() as u32,
                entry: entry.id() as u32,
                position: position as u32,
                is_object,
            };
            match node.value() {
                NodeValue::Object(members) => {
                    for (position, m) in members.iter().enumerate() {
                        let size = words(m.value());
                        add(m.id(), position, size);
                        if shadowed.hides(m) {
                            continue;
                        }
                        if known.contains(m.key()) {
                            known_members.push((position as u32, m.id() as u32));
                        }
                        if size > budget {
                            bigger.push((m.value(), step_to(m.value(), position, true)));
                        }
                    }
                }
                NodeValue::Array(items) => {
                    for (position, item) in items.iter().enumerate() {
                        let size = words(item);
                        add(item.id(), position, size);
                        if size > budget {
                            bigger.push((item, step_to(item, position, false)));
                        }
                    }
                }
                _ => continue,
            }
            let steps = if runs.len() > 1 {
                let start = plan.steps.len();
                plan.steps.extend_from_slice(&path);
                start..plan.steps.len()
            } else {
                0..0
            };
            plan.cuts.push(Cut {
                id: node.id() as u32,
                runs,
                known: known_members,
                steps,
            });
            // Reversed, so that containers are taken in document order.
            for &(child, step) in bigger.iter().rev() {
                stack.push((child, path.len() + 1, Some(step)));
            }
        }
        plan.cuts.sort_by_key(|c| c.id);
        plan.first = plan
            .cuts
            .iter()
            .filter(|c| c.runs.len() > 1)
            .map(|c| (c.id, c.part(0)))
            .collect();
        plan
    }

    /// What the first pass shows: the first run of each container that is cut.
    pub(super) fn first_view<'v>(&'v self, shadowed: &'v Shadowed) -> View<'v> {
        View::new(shadowed, &self.first, Vec::new())
    }

    /// The passes after the first, in document order.
    pub(super) fn later_passes(&self) -> impl Iterator<Item = Pass> + '_ {
        self.cuts
            .iter()
            .enumerate()
            .flat_map(|(cut, c)| (1..c.runs.len()).map(move |run| Pass { cut, run }))
    }

    /// What `pass` shows: its run of its container, under ancestors that each show their
    /// entry on the way to it and their known members, empty.
    pub(super) fn view<'v>(&'v self, pass: Pass, shadowed: &'v Shadowed) -> View<'v> {
        let cut = &self.cuts[pass.cut];
        let mut parts = vec![(cut.id, cut.part(pass.run))];
        for step in &self.steps[cut.steps.clone()] {
            let run = Run {
                first: step.entry,
                start: step.position,
                count: 1,
            };
            let extras = self
                .cut(step.container)
                .map(|c| {
                    c.known
                        .iter()
                        .filter(|&&(_, id)| id != step.entry)
                        .map(|&(_, id)| id)
                        .collect()
                })
                .unwrap_or_default();
            parts.push((step.container, Part { run, extras }));
        }
        parts.sort_by_key(|&(id, _)| id);
        View::new(shadowed, &self.first, parts)
    }

    /// Where the container of `pass` is, as the validator names it in that pass: its
    /// ancestors show one entry each, so an array's is its first.
    pub(super) fn pointer(&self, pass: Pass) -> String {
        let cut = &self.cuts[pass.cut];
        let mut pointer = String::new();
        for step in &self.steps[cut.steps.clone()] {
            pointer.push('/');
            if step.is_object {
                let key = self
                    .root
                    .with_id(step.container as usize)
                    .as_object()
                    .map(|m| m.with_id(step.entry as usize).key())
                    .unwrap_or_default();
                pointer.push_str(&escape_pointer_segment(key));
            } else {
                pointer.push('0');
            }
        }
        pointer
    }

    fn cut(&self, id: u32) -> Option<&Cut> {
        self.cuts
            .binary_search_by_key(&id, |c| c.id)
            .ok()
            .map(|i| &self.cuts[i])
    }

    /// How many containers are cut into several runs (for tests).
    #[cfg(test)]
    pub(super) fn cut_containers(&self) -> usize {
        self.first.len()
    }
}

impl Cut {
    /// Run `run`, and the known members outside it.
    fn part(&self, run: usize) -> Part {
        let shown = self.runs[run];
        let inside = shown.start..shown.start + shown.count;
        Part {
            run: shown,
            extras: self
                .known
                .iter()
                .filter(|(position, _)| !inside.contains(position))
                .map(|&(_, id)| id)
                .collect(),
        }
    }
}
