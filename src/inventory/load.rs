//! Loading an [`Inventory`] from the files a Kuzzle project already has.
//!
//! Accepted inputs (detected from their content):
//! - raw mappings files (`admin:loadMappings`, `--mappings`):
//!   `{"<index>": {"<collection>": {"properties": {...}, "dynamic"?, "_meta"?, ...}}}`;
//! - framework mappings files (`app.import.mappings()`):
//!   `{"<index>": {"<collection>": {"mappings": {...}, "settings"?: {...}}}}`;
//! - kourou dumps: `{"type": "mappings", "content": <framework mappings>}`,
//!   `{"type": "roles", "content": {"<id>": <role>}}`, `{"type": "profiles", "content": {...}}`
//!   (other dump types, such as users, are skipped);
//! - securities files `{"roles"?, "profiles"?, "users"?}`: role and profile ids;
//! - a directory: a kourou dump tree, walked for `*.json` files (`<index>/<collection>/mappings.json`,
//!   `roles.json`, `profiles.json`); files of other shapes in it are skipped.
//!
//! Non-native controllers used by the roles of an inventory are recorded as declared plugin
//! controllers: the target accepted roles using them.

use super::{Inventory, BUILTIN_PROFILES, BUILTIN_ROLES};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

/// An inventory file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryError {
    /// The file (or directory).
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for InventoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "inventory {}: {}", self.path, self.message)
    }
}

impl std::error::Error for InventoryError {}

/// Keys a raw collection mapping may have (Kuzzle's `_checkMappings`), plus those of older
/// Elasticsearch mappings that still name a collection.
const RAW_KEYS: [&str; 4] = ["properties", "_meta", "dynamic", "dynamic_templates"];
const FRAMEWORK_KEYS: [&str; 2] = ["mappings", "settings"];

/// Build an inventory from files and directories (see the module docs for the formats).
pub fn from_paths<P: AsRef<Path>>(paths: &[P]) -> Result<Inventory, InventoryError> {
    from_paths_limited(paths, crate::files::DEFAULT_MAX_FILE_SIZE)
}

/// [`from_paths`], reading no file larger than `max_file_size` bytes.
pub fn from_paths_limited<P: AsRef<Path>>(
    paths: &[P],
    max_file_size: u64,
) -> Result<Inventory, InventoryError> {
    let mut inv = Inventory::default();
    for p in paths {
        inv.add_path_limited(p.as_ref(), max_file_size)?;
    }
    Ok(inv)
}

impl Inventory {
    /// What exists on the target, read from the files a Kuzzle project already has:
    /// mappings files (raw or framework), kourou dumps (files or dump directories) and
    /// securities files, detected from their content. A file that cannot be read or used is
    /// an error naming it.
    ///
    /// ```
    /// use bodyguard::{Checker, Inventory, Kind, Settings};
    /// use std::sync::Arc;
    ///
    /// # fn main() -> Result<(), bodyguard::InventoryError> {
    /// // `{"shop": {"orders": {"properties": {…}}, "customers": {…}}, "logs": {…}}`
    /// let inventory = Inventory::from_paths(&["fixtures/inventory/raw-mappings.json"])?;
    /// let checker = Checker::with_settings(Settings {
    ///     inventory: Some(Arc::new(inventory)),
    ///     ..Settings::default()
    /// });
    /// let body = r#"{"policies": [{"roleId": "default", "restrictedTo": [{"index": "shopp"}]}]}"#;
    /// let report = checker.check(Kind::KuzzleProfile, body);
    /// assert_eq!(report.diagnostics[0].code(), "kuzzle/unknown-index");
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_paths<P: AsRef<Path>>(paths: &[P]) -> Result<Inventory, InventoryError> {
        from_paths(paths)
    }

    /// Add what a file or a kourou dump directory says exists.
    pub fn add_path(&mut self, path: &Path) -> Result<(), InventoryError> {
        self.add_path_limited(path, crate::files::DEFAULT_MAX_FILE_SIZE)
    }

    /// [`Inventory::add_path`], reading no file larger than `max_file_size` bytes.
    pub fn add_path_limited(
        &mut self,
        path: &Path,
        max_file_size: u64,
    ) -> Result<(), InventoryError> {
        let name = path.display().to_string();
        let err = |message: String| InventoryError {
            path: name.clone(),
            message,
        };
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, 0, &mut files).map_err(|e| err(e.to_string()))?;
            files.sort();
            let mut used = 0;
            for f in &files {
                let value = read_json(f, max_file_size)?;
                if self.add_dump_member(&value, &f.display().to_string())? {
                    used += 1;
                }
            }
            if used == 0 {
                return Err(err(
                    "no kourou dump file in this directory (expected `<index>/<collection>/mappings.json`, `roles.json` or `profiles.json`)".into(),
                ));
            }
            self.sources.push(name);
            return Ok(());
        }
        let value = read_json(path, max_file_size)?;
        self.add_value(&value, &name)?;
        self.sources.push(name);
        Ok(())
    }

    /// Add what one parsed inventory file says exists; `name` is used in error messages.
    pub fn add_value(&mut self, value: &Value, name: &str) -> Result<(), InventoryError> {
        let err = |message: String| InventoryError {
            path: name.to_string(),
            message,
        };
        let Some(obj) = value.as_object() else {
            return Err(err(format!(
                "expected a JSON object, found {}",
                type_name(value)
            )));
        };
        if obj.get("type").is_some_and(Value::is_string) && obj.contains_key("content") {
            if self.add_dump_member(value, name)? {
                return Ok(());
            }
            return Err(err(format!(
                "kourou dump of type `{}`: only `mappings`, `roles` and `profiles` dumps describe what exists",
                obj.get("type").and_then(Value::as_str).unwrap_or_default()
            )));
        }
        if obj.is_empty() {
            // `{}` (an empty securities or mappings file) says nothing about what exists.
            return Ok(());
        }
        let profile = obj.get("policies").is_some_and(Value::is_array);
        let role = obj
            .get("controllers")
            .and_then(Value::as_object)
            .is_some_and(|cs| cs.values().any(|c| c.get("actions").is_some()));
        if profile || role {
            return Err(err(format!(
                "this is {} body, not an inventory (use a mappings file, a securities file or a kourou dump)",
                if profile { "a profile" } else { "a role" }
            )));
        }
        // A securities file, or a Kuzzle import file (also `mappings`, `userMappings`).
        if obj
            .keys()
            .all(|k| crate::kind::SECURITIES_KEYS.contains(&k.as_str()))
        {
            if let Some(Value::Object(mappings)) = obj.get("mappings") {
                self.add_mappings(mappings, name)?;
            }
            return self.add_securities(obj, name);
        }
        self.add_mappings(obj, name)
    }

    /// A file inside a dump tree: returns whether it was a usable dump.
    fn add_dump_member(&mut self, value: &Value, name: &str) -> Result<bool, InventoryError> {
        let err = |message: String| InventoryError {
            path: name.to_string(),
            message,
        };
        let Some(obj) = value.as_object() else {
            return Ok(false);
        };
        let (Some(kind), Some(content)) =
            (obj.get("type").and_then(Value::as_str), obj.get("content"))
        else {
            return Ok(false);
        };
        match kind {
            "mappings" => {
                let content = content
                    .as_object()
                    .ok_or_else(|| err("`content` of a mappings dump must be an object".into()))?;
                self.add_mappings(content, name)?;
            }
            "roles" => {
                let content = content
                    .as_object()
                    .ok_or_else(|| err("`content` of a roles dump must be an object".into()))?;
                self.add_roles(content);
            }
            "profiles" => {
                let content = content
                    .as_object()
                    .ok_or_else(|| err("`content` of a profiles dump must be an object".into()))?;
                self.add_profiles(content);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn add_securities(
        &mut self,
        obj: &Map<String, Value>,
        name: &str,
    ) -> Result<(), InventoryError> {
        for section in ["roles", "profiles"] {
            match obj.get(section) {
                None => {}
                Some(Value::Object(m)) if section == "roles" => self.add_roles(m),
                Some(Value::Object(m)) => self.add_profiles(m),
                Some(other) => {
                    return Err(InventoryError {
                        path: name.to_string(),
                        message: format!(
                            "securities file: `{section}` must be an object, found {}",
                            type_name(other)
                        ),
                    })
                }
            }
        }
        Ok(())
    }

    fn add_roles(&mut self, roles: &Map<String, Value>) {
        let set = self
            .roles
            .get_or_insert_with(|| BUILTIN_ROLES.iter().map(|s| s.to_string()).collect());
        set.extend(roles.keys().cloned());
        for role in roles.values() {
            if let Some(controllers) = role.get("controllers").and_then(Value::as_object) {
                for c in controllers.keys() {
                    if c != "*" && crate::rules::kuzzle_role::native_actions(c).is_none() {
                        self.plugins.insert(c.clone());
                    }
                }
            }
        }
    }

    fn add_profiles(&mut self, profiles: &Map<String, Value>) {
        let set = self
            .profiles
            .get_or_insert_with(|| BUILTIN_PROFILES.iter().map(|s| s.to_string()).collect());
        set.extend(profiles.keys().cloned());
    }

    fn add_mappings(&mut self, obj: &Map<String, Value>, name: &str) -> Result<(), InventoryError> {
        let err = |message: String| InventoryError {
            path: name.to_string(),
            message,
        };
        // `{collection: {mappings, settings}}`: collections without their index level.
        let collection_level = !obj.is_empty()
            && obj.values().all(|v| {
                v.as_object().is_some_and(|c| {
                    c.get("mappings").is_some_and(Value::is_object)
                        && c.keys().all(|k| FRAMEWORK_KEYS.contains(&k.as_str()))
                })
            });
        if collection_level {
            return Err(err(
                "this looks like collection mappings without their index level; an inventory mappings file is `{\"<index>\": {\"<collection>\": {...}}}`".into(),
            ));
        }
        let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (index, collections) in obj {
            let Some(collections) = collections.as_object() else {
                return Err(err(format!(
                    "not a mappings file: index `{}` must map collection names to mappings, found {}",
                    crate::core::diagnostic::snippet(index),
                    type_name(collections)
                )));
            };
            let entry = found.entry(index.clone()).or_default();
            for (collection, mapping) in collections {
                match mapping {
                    Value::Object(m)
                        if m.keys().all(|k| {
                            RAW_KEYS.contains(&k.as_str()) || FRAMEWORK_KEYS.contains(&k.as_str())
                        }) =>
                    {
                        entry.insert(collection.clone());
                    }
                    Value::Object(m) => {
                        let bad = m
                            .keys()
                            .find(|k| {
                                !RAW_KEYS.contains(&k.as_str())
                                    && !FRAMEWORK_KEYS.contains(&k.as_str())
                            })
                            .cloned()
                            .unwrap_or_default();
                        return Err(err(format!(
                            "not a mappings file: `{}`/`{}` has key `{}` (a collection mapping has `properties`, `dynamic`, `_meta`, `dynamic_templates`, or `mappings` and `settings`)",
                            crate::core::diagnostic::snippet(index),
                            crate::core::diagnostic::snippet(collection),
                            crate::core::diagnostic::snippet(&bad)
                        )));
                    }
                    Value::Array(_) => {
                        return Err(err(format!(
                            "not a mappings file: `{}`/`{}` holds an array (a fixtures file?)",
                            crate::core::diagnostic::snippet(index),
                            crate::core::diagnostic::snippet(collection)
                        )))
                    }
                    other => {
                        return Err(err(format!(
                            "not a mappings file: `{}`/`{}` must be a mapping object, found {}",
                            crate::core::diagnostic::snippet(index),
                            crate::core::diagnostic::snippet(collection),
                            type_name(other)
                        )))
                    }
                }
            }
        }
        let indexes = self.indexes.get_or_insert_with(BTreeMap::new);
        for (index, collections) in found {
            indexes.entry(index).or_default().extend(collections);
        }
        Ok(())
    }

    /// Declare a plugin (`bodyguard.toml` `[[plugins]]`): its controllers with their actions
    /// (a name without `/` is prefixed with `<plugin>/`; no controller listed: every
    /// `<plugin>/…` controller is known), the roles it registers and the authentication
    /// strategies it provides.
    pub fn declare_plugin(
        &mut self,
        name: &str,
        controllers: &BTreeMap<String, Vec<String>>,
        roles: &[String],
        strategies: &[String],
    ) {
        if controllers.is_empty() {
            self.plugins.insert(name.to_string());
        }
        for (controller, actions) in controllers {
            let full = if controller.contains('/') {
                controller.clone()
            } else {
                format!("{name}/{controller}")
            };
            self.plugins.insert(full.clone());
            self.plugin_actions
                .entry(full)
                .or_default()
                .extend(actions.iter().cloned());
        }
        self.plugin_roles.extend(roles.iter().cloned());
        self.plugins.extend(strategies.iter().cloned());
    }

    /// One line for summaries, e.g. `3 indexes, 5 collections, 6 roles, 5 profiles from 2 files`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(ix) = &self.indexes {
            let collections: usize = ix.values().map(BTreeSet::len).sum();
            parts.push(format!(
                "{} index{}, {collections} collection{}",
                ix.len(),
                if ix.len() == 1 { "" } else { "es" },
                if collections == 1 { "" } else { "s" }
            ));
        }
        if let Some(r) = &self.roles {
            parts.push(format!(
                "{} role{}",
                r.len(),
                if r.len() == 1 { "" } else { "s" }
            ));
        }
        if let Some(p) = &self.profiles {
            parts.push(format!(
                "{} profile{}",
                p.len(),
                if p.len() == 1 { "" } else { "s" }
            ));
        }
        let declared = self.plugin_actions.len() + self.plugin_roles.len();
        if declared > 0 {
            parts.push(format!(
                "{} plugin controller{} and {} plugin role{} declared",
                self.plugin_actions.len(),
                if self.plugin_actions.len() == 1 {
                    ""
                } else {
                    "s"
                },
                self.plugin_roles.len(),
                if self.plugin_roles.len() == 1 {
                    ""
                } else {
                    "s"
                }
            ));
        }
        if parts.is_empty() {
            parts.push("nothing".into());
        }
        let n = self.sources.len();
        format!(
            "{} from {n} source{}",
            parts.join(", "),
            if n == 1 { "" } else { "s" }
        )
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn read_json(path: &Path, max_file_size: u64) -> Result<Value, InventoryError> {
    let name = path.display().to_string();
    let text =
        crate::files::read_limited(path, max_file_size).map_err(|(message, _)| InventoryError {
            path: name.clone(),
            message,
        })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    serde_json::from_str(text).map_err(|e| InventoryError {
        path: name,
        message: format!("not valid JSON: {e}"),
    })
}

/// Collect `*.json` files under `dir` (kourou dump trees are at most 3 levels deep).
fn walk(dir: &Path, depth: usize, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    if depth > 4 {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, depth + 1, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}
