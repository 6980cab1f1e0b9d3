//! The layers of `src/` import only downward, and no module imports itself through others.
//!
//! Each file of `src/` belongs to a layer by its path ([`LAYERS`]). Every `crate::…` path in a
//! file (a `use` or an inline path; `$crate::` in macros too) is resolved to the file that
//! defines it, following the re-exports of `src/lib.rs`, and must not sit in a higher layer.
//! Between top-level modules (`core`, `parse`, `rules`, `check`, …), references must form no
//! cycle. Test modules (from a top-level `#[cfg(test)]` line to the end of the file, and the
//! `tests.rs` files a module declares with `#[cfg(test)] mod tests;`) are not read: a unit test
//! may build a whole `Checker`.
//!
//! | layer | paths | may import |
//! |-------|-------|------------|
//! | 0 core | `src/core/` | nothing of the crate |
//! | 1 parse | `src/parse/`, `src/models/` | core |
//! | 2 analysis | `src/schema/`, `src/secrets/`, `src/kind.rs` | parse, core |
//! | 3 packs | `src/rules/` | analysis, parse, core |
//! | 4 checker | `src/check/`, `src/check_model.rs`, `src/project.rs`, `src/config/`, `src/files/`, `src/fix.rs`, `src/suppress.rs`, `src/baseline.rs`, `src/inventory/`, `src/request/`, `src/docs.rs`, `src/fsutil.rs`, `src/parallel.rs` | every layer below |
//! | 5 front-ends | `src/cli/`, `src/render/`, `src/lib.rs`, `src/main.rs` | everything |
//!
//! A new file gets the layer of its directory; a new top-level module must be added to the
//! table here (the test fails on a file it cannot place) and to `ARCHITECTURE.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layer names, bottom first.
const NAMES: [&str; 6] = ["core", "parse", "analysis", "packs", "checker", "front-end"];

/// Path prefix (relative to the repository root) → layer. The longest match wins.
const LAYERS: &[(&str, usize)] = &[
    ("src/core/", 0),
    ("src/parse/", 1),
    ("src/models/", 1),
    ("src/schema/", 2),
    ("src/secrets/", 2),
    ("src/kind.rs", 2),
    ("src/templates.rs", 2),
    ("src/access/", 2),
    ("src/rules/", 3),
    ("src/check/", 4),
    ("src/check_model.rs", 4),
    ("src/project.rs", 4),
    ("src/config/", 4),
    ("src/files/", 4),
    ("src/fix.rs", 4),
    ("src/suppress.rs", 4),
    ("src/baseline.rs", 4),
    ("src/inventory/", 4),
    ("src/request/", 4),
    ("src/docs.rs", 4),
    ("src/fsutil.rs", 4),
    ("src/parallel.rs", 4),
    ("src/test_support.rs", 5),
    ("src/cli/", 5),
    ("src/render/", 5),
    ("src/server/", 5),
    ("src/lib.rs", 5),
    ("src/main.rs", 5),
];

/// Modules being written on other branches, placed before they land here. Remove an entry
/// once its module exists (then it is placed by [`LAYERS`]).
const PENDING: &[(&str, usize)] = &[];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src/")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` relative to the root, with `/` separators.
fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .expect("under the root")
        .to_string_lossy()
        .replace('\\', "/")
}

fn layer_of(rel: &str) -> Option<usize> {
    LAYERS
        .iter()
        .filter(|(prefix, _)| rel == *prefix || rel.starts_with(prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, layer)| *layer)
}

/// The top-level module of a file: `src/rules/ci/keys.rs` → `rules`, `src/lib.rs` → `lib`.
fn unit_of(rel: &str) -> String {
    let rest = rel.strip_prefix("src/").unwrap_or(rel);
    let first = rest.split('/').next().unwrap_or(rest);
    first.trim_end_matches(".rs").to_string()
}

/// True for a `tests.rs` that its parent module (`dir/mod.rs` or `dir.rs` for
/// `dir/tests.rs`) declares as `#[cfg(test)] mod tests;`: a module's unit tests, kept in a
/// file of their own.
fn is_unit_test_file(rel: &str, files: &[(String, String)]) -> bool {
    let Some(dir) = rel.strip_suffix("/tests.rs") else {
        return false;
    };
    let parents = [format!("{dir}/mod.rs"), format!("{dir}.rs")];
    files
        .iter()
        .filter(|(path, _)| parents.contains(path))
        .any(|(_, text)| text.contains("#[cfg(test)]\nmod tests;"))
}

/// The text without comments and without the trailing test module.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|next| next.starts_with("mod ") && next.ends_with('{'))
        {
            break;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        let code = match line.find(" //") {
            Some(i) => &line[..i],
            None => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Every path written after `crate::` (groups `crate::{a, b::c}` expanded), as segments.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `my_crate::`
        }
        for path in expand(rest) {
            if !path.is_empty() {
                out.push(path);
            }
        }
    }
    out
}

/// Parse one path (or group) at the start of `s`.
fn expand(s: &str) -> Vec<Vec<String>> {
    let mut segments = Vec::new();
    let mut s = s;
    loop {
        if let Some(group) = s.strip_prefix('{') {
            let mut depth = 1;
            let mut end = group.len();
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let inner = &group[..end];
            let mut out = Vec::new();
            for item in split_top(inner) {
                for tail in expand(item.trim()) {
                    let mut path = segments.clone();
                    path.extend(tail);
                    out.push(path);
                }
            }
            if out.is_empty() {
                out.push(segments);
            }
            return out;
        }
        let len = s
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(s.len());
        if len == 0 {
            break;
        }
        segments.push(s[..len].to_string());
        s = &s[len..];
        match s.strip_prefix("::") {
            Some(next) => s = next,
            None => break,
        }
    }
    vec![segments]
}

fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// Where a module path lives: the longest prefix of `segments` that names a file.
fn resolve_file(segments: &[String]) -> Option<String> {
    for n in (1..=segments.len()).rev() {
        let base = format!("src/{}", segments[..n].join("/"));
        for candidate in [format!("{base}.rs"), format!("{base}/mod.rs")] {
            if root().join(&candidate).is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Names the crate root re-exports (`pub use x::y::{A, b}` in `src/lib.rs`) and the exported
/// macros, mapped to the module path that defines them.
fn root_names(files: &[(String, String)]) -> BTreeMap<String, Vec<String>> {
    let mut names = BTreeMap::new();
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).expect("read src/lib.rs");
    for stmt in code_of(&lib).split(';') {
        let stmt = stmt.trim();
        let Some(rest) = stmt
            .strip_prefix("pub use ")
            .or_else(|| stmt.strip_prefix("pub(crate) use "))
        else {
            continue;
        };
        let rest = rest.strip_prefix("crate::").unwrap_or(rest);
        for path in expand(rest.trim()) {
            if let Some(last) = path.last() {
                names.insert(last.clone(), path.clone());
            }
        }
    }
    for (rel, text) in files {
        let mut rest = text.as_str();
        while let Some(i) = rest.find("#[macro_export]") {
            rest = &rest[i..];
            if let Some(j) = rest.find("macro_rules! ") {
                let name: String = rest[j + "macro_rules! ".len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let module = rel
                    .trim_start_matches("src/")
                    .trim_end_matches(".rs")
                    .trim_end_matches("/mod")
                    .split('/')
                    .map(str::to_string)
                    .collect();
                names.insert(name, module);
            }
            rest = &rest["#[macro_export]".len()..];
        }
    }
    names
}

#[test]
fn layers_import_only_downward_and_modules_form_no_cycle() {
    let mut paths = Vec::new();
    rust_files(&root().join("src"), &mut paths);
    let files: Vec<(String, String)> = paths
        .iter()
        .map(|p| (rel(p), std::fs::read_to_string(p).expect("read source")))
        .collect();
    let aliases = root_names(&files);

    let mut problems = Vec::new();
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (file, text) in &files {
        let Some(layer) = layer_of(file) else {
            problems.push(format!(
                "{file}: not in the layer table of tests/layers.rs (add its path there)"
            ));
            continue;
        };
        if file == "src/lib.rs" {
            continue; // the root declares and re-exports every module
        }
        if is_unit_test_file(file, &files) {
            continue;
        }
        let from = unit_of(file);
        let mut seen = BTreeSet::new();
        for mut path in crate_paths(&code_of(text)) {
            // Follow the root's re-exports (`crate::Report`, `crate::diagnostic::…`) to the
            // module that defines the item.
            for _ in 0..4 {
                match aliases.get(&path[0]) {
                    Some(target) if resolve_file(&path[..1]).is_none() => {
                        let mut full = target.clone();
                        full.extend(path.drain(1..));
                        path = full;
                    }
                    _ => break,
                }
            }
            let (target_layer, target_unit, shown) = match resolve_file(&path) {
                Some(target) => match layer_of(&target) {
                    Some(l) => (l, unit_of(&target), target),
                    None => continue, // reported as a file of its own
                },
                None => match PENDING.iter().find(|(m, _)| *m == path[0]) {
                    Some((m, l)) => (*l, m.to_string(), format!("{m} (pending)")),
                    None => {
                        problems.push(format!("{file}: cannot place `crate::{}`", path.join("::")));
                        continue;
                    }
                },
            };
            if target_layer > layer && seen.insert(shown.clone()) {
                problems.push(format!(
                    "{file} ({}) imports {shown} ({}): `crate::{}`",
                    NAMES[layer],
                    NAMES[target_layer],
                    path.join("::")
                ));
            }
            if target_unit != from {
                edges
                    .entry(from.clone())
                    .or_default()
                    .entry(target_unit)
                    .or_insert_with(|| format!("{file}: crate::{}", path.join("::")));
            }
        }
    }

    for cycle in cycles(&edges) {
        let mut lines = vec![format!("module cycle: {}", cycle.join(" → "))];
        for pair in cycle.windows(2) {
            lines.push(format!("    {}", edges[&pair[0]][&pair[1]]));
        }
        problems.push(lines.join("\n"));
    }

    assert!(
        problems.is_empty(),
        "layering broken (see the table in tests/layers.rs and ARCHITECTURE.md):\n{}",
        problems.join("\n")
    );
}

/// One cycle per strongly connected component of more than one module, as `a → b → … → a`.
fn cycles(edges: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<Vec<String>> {
    let reach = |start: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start.to_string()];
        while let Some(n) = stack.pop() {
            for next in edges.get(&n).into_iter().flat_map(|m| m.keys()) {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for start in edges.keys() {
        if done.contains(start) || !reach(start).contains(start) {
            continue;
        }
        // Shortest way back to `start` (breadth first), for a readable report.
        let mut prev: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start.clone()]);
        'search: while let Some(n) = queue.pop_front() {
            for next in edges.get(&n).into_iter().flat_map(|m| m.keys()) {
                if next == start {
                    prev.insert(format!("{start}#end"), n.clone());
                    break 'search;
                }
                if !prev.contains_key(next) {
                    prev.insert(next.clone(), n.clone());
                    queue.push_back(next.clone());
                }
            }
        }
        let mut cycle = vec![start.clone()];
        let mut at = prev[&format!("{start}#end")].clone();
        while &at != start {
            cycle.push(at.clone());
            at = prev[&at].clone();
        }
        cycle.push(start.clone());
        cycle.reverse();
        for m in &cycle {
            done.insert(m.clone());
        }
        out.push(cycle);
    }
    out
}
