//! Baselines: record today's findings once (`--write-baseline FILE`), then fail only on new
//! ones (`--baseline FILE`).
//!
//! A finding's fingerprint hashes its code, file path, JSON Pointer and message, never its
//! line or column, so reformatting a file or moving keys around keeps it known.

use crate::core::diagnostic::Diagnostic;
use crate::Report;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Hash of code, file, pointer and message (16 hex digits).
    pub fingerprint: String,
    /// Rule code, for people reading the file.
    pub code: String,
    /// File, for people reading the file.
    pub file: String,
    /// JSON Pointer, for people reading the file.
    pub pointer: String,
}

/// A baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version (1).
    pub version: u32,
    /// Recorded findings, sorted.
    pub findings: Vec<Entry>,
}

/// The file path as fingerprinted: `/`-separated, without a leading `./`.
pub fn normalize_path(name: &str) -> String {
    let name = name.replace('\\', "/");
    let mut s = name.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

/// 64-bit FNV-1a: small, stable across versions and platforms.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0u8)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The fingerprint of `d` found in file `file`.
pub fn fingerprint(file: &str, d: &Diagnostic) -> String {
    format!(
        "{:016x}",
        fnv1a(&[d.code(), &normalize_path(file), &d.pointer, &d.message])
    )
}

impl Baseline {
    /// A baseline holding every finding of `reports`.
    pub fn of(reports: &[Report]) -> Baseline {
        let mut findings: Vec<Entry> = reports
            .iter()
            .flat_map(|r| {
                r.diagnostics.iter().map(|d| Entry {
                    fingerprint: fingerprint(r.source.name(), d),
                    code: d.code().to_string(),
                    file: normalize_path(r.source.name()),
                    pointer: d.pointer.to_string(),
                })
            })
            .collect();
        findings.sort_by(|a, b| {
            (&a.file, &a.pointer, &a.code, &a.fingerprint).cmp(&(
                &b.file,
                &b.pointer,
                &b.code,
                &b.fingerprint,
            ))
        });
        Baseline {
            version: 1,
            findings,
        }
    }

    /// Read a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = crate::files::read(path)
            .map_err(|(e, _)| format!("cannot read the baseline {}: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a bodyguard baseline: {e}", path.display()))
    }

    /// Write the baseline as pretty JSON, atomically.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        crate::fsutil::write_atomic(path, text.as_bytes()).map_err(Into::into)
    }

    /// Remove the findings the baseline knows from `reports` (each recorded finding hides
    /// one occurrence). Returns how many were hidden.
    pub fn filter(&self, reports: &mut [Report]) -> usize {
        let mut budget: HashMap<&str, usize> = HashMap::new();
        for e in &self.findings {
            *budget.entry(e.fingerprint.as_str()).or_default() += 1;
        }
        let mut hidden = 0;
        for r in reports.iter_mut() {
            let name = r.source.name().to_string();
            r.diagnostics.retain(|d| {
                let fp = fingerprint(&name, d);
                match budget.get_mut(fp.as_str()) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        hidden += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        hidden
    }
}
