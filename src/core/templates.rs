//! Which template placeholders bodyguard recognises (`{tenantIndex}`, `${index}`, `<index>`,
//! `{{index}}`) and their sample values: part of the settings. Finding them in a body is
//! `crate::templates`'s job.

use std::collections::BTreeMap;

/// The placeholder syntaxes bodyguard knows by default; `NAME` stands for the name.
pub const DEFAULT_PATTERNS: [&str; 4] = ["{{NAME}}", "${NAME}", "{NAME}", "<NAME>"];

/// One placeholder syntax: the text before and after the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    pub(crate) open: String,
    close: String,
}

/// Which placeholders to recognise, and the sample values to check in their place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    /// Longest opening text first, so `{{x}}` is not read as `{x}` plus a brace.
    pub(crate) patterns: Vec<Pattern>,
    /// Placeholder name → sample value.
    pub(crate) samples: BTreeMap<String, String>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates::new(DEFAULT_PATTERNS, BTreeMap::new()).unwrap_or(Templates {
            patterns: Vec::new(),
            samples: BTreeMap::new(),
        })
    }
}

impl Templates {
    /// Placeholders written as `patterns` (each holds `NAME` once, with text before and
    /// after it), and sample values by placeholder name.
    pub fn new<S: AsRef<str>>(
        patterns: impl IntoIterator<Item = S>,
        samples: BTreeMap<String, String>,
    ) -> Result<Templates, String> {
        let mut parsed = Vec::new();
        for p in patterns {
            let p = p.as_ref();
            let Some((open, close)) = p.split_once("NAME") else {
                return Err(format!("placeholder pattern `{p}` has no `NAME`"));
            };
            if open.is_empty() || close.is_empty() || close.contains("NAME") {
                return Err(format!(
                    "placeholder pattern `{p}` needs text before and after one `NAME`, e.g. `{{NAME}}`"
                ));
            }
            parsed.push(Pattern {
                open: open.to_string(),
                close: close.to_string(),
            });
        }
        parsed.sort_by_key(|p| std::cmp::Reverse(p.open.len()));
        Ok(Templates {
            patterns: parsed,
            samples,
        })
    }

    /// No placeholder is recognised.
    pub fn none() -> Templates {
        Templates {
            patterns: Vec::new(),
            samples: BTreeMap::new(),
        }
    }

    /// The placeholders of `text`: `(byte range, name)`, in order.
    pub fn find<'a>(&self, text: &'a str) -> Vec<(std::ops::Range<usize>, &'a str)> {
        let mut found = Vec::new();
        if self.patterns.is_empty() {
            return found;
        }
        let mut i = 0;
        'outer: while i < text.len() {
            let rest = &text[i..];
            for p in &self.patterns {
                if !rest.starts_with(&p.open) {
                    continue;
                }
                let inner = &rest[p.open.len()..];
                let Some(end) = inner.find(&p.close) else {
                    continue;
                };
                let name = &inner[..end];
                let trimmed = name.trim();
                // `{{ name }}` is often spaced; `{ x}` or `< 3` are not placeholders.
                let spacing_ok = p.open.starts_with("{{") || !name.starts_with(char::is_whitespace);
                let plausible = !trimmed.is_empty()
                    && name.len() <= 100
                    && spacing_ok
                    && !name.contains(['{', '}', '<', '>', '"', '\n']);
                if plausible {
                    let len = p.open.len() + end + p.close.len();
                    found.push((i..i + len, trimmed));
                    i += len;
                    continue 'outer;
                }
            }
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
        found
    }

    /// `text` with every placeholder replaced by its sample, when each has one.
    pub(crate) fn with_samples(
        &self,
        text: &str,
        found: &[(std::ops::Range<usize>, &str)],
    ) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (range, name) in found {
            out.push_str(&text[at..range.start]);
            out.push_str(self.samples.get(*name)?);
            at = range.end;
        }
        out.push_str(&text[at..]);
        Some(out)
    }
}
