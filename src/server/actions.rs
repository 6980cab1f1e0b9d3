//! Code actions: the fix of each finding, every safe fix at once (`source.fixAll.bodyguard`),
//! and "ignore this finding" (a comment in `.jsonc`, an `[[ignore]]` entry in
//! `bodyguard.toml` for `.json`). Nothing is applied by the server itself.

use super::diagnostics::Finding;
use super::documents::{path_to_uri, Document, LineIndex};
use super::workspace::Effective;
use crate::core::edit::Applicability;
use crate::core::Kind;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CreateFile, CreateFileOptions,
    DocumentChangeOperation, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    Position, Range, ResourceOp, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The kind of the fix-all action.
pub const FIX_ALL: CodeActionKind = CodeActionKind::new("source.fixAll.bodyguard");

/// What the code actions of one request need besides the document.
pub struct Context<'a> {
    /// The settings in force for the document.
    pub effective: &'a Effective,
    /// The kind the document was checked as.
    pub kind: Option<Kind>,
    /// The name the document is checked under.
    pub name: &'a str,
    /// The `bodyguard.toml` text as the editor has it, when it is open.
    pub open_toml: Option<(&'a Uri, &'a str)>,
    /// Whether the client can create files in a workspace edit.
    pub can_create_files: bool,
    /// The requested kinds (`None`: any).
    pub only: Option<&'a [CodeActionKind]>,
}

impl Context<'_> {
    fn wants(&self, kind: &CodeActionKind) -> bool {
        self.only.is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind
                        .as_str()
                        .strip_prefix(o.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
    }
}

fn edit_of(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

fn action(
    title: String,
    kind: CodeActionKind,
    f: Option<&Finding>,
    edit: WorkspaceEdit,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics: f.map(|f| vec![f.lsp.clone()]),
        edit: Some(edit),
        is_preferred: None,
        ..Default::default()
    })
}

/// Codes a suppression cannot or should not silence.
fn ignorable(code: &str) -> bool {
    !(code.starts_with("suppression/")
        || code.starts_with("config/")
        || code.starts_with("io/")
        || matches!(code, "json/syntax" | "json/empty" | "kind/undetected"))
}

/// The code actions for `range` of `doc`.
pub fn code_actions(
    doc: &Document,
    findings: &[Finding],
    range: Range,
    cx: &Context<'_>,
) -> Vec<CodeActionOrCommand> {
    let start = doc.index.offset(&doc.text, range.start) as u32;
    let end = doc.index.offset(&doc.text, range.end) as u32;
    let mut out = Vec::new();
    let quickfix = cx.wants(&CodeActionKind::QUICKFIX);
    for f in findings {
        let d = &f.diagnostic;
        let Some(span) = d.span else { continue };
        if span.start > end || span.end < start {
            continue;
        }
        if !quickfix {
            break;
        }
        if let Some(fix) = &d.fix {
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit {
                    range: doc
                        .index
                        .range(&doc.text, e.span.start as usize, e.span.end as usize),
                    new_text: e.replacement.clone(),
                })
                .collect();
            let safe = fix.applicability == Applicability::Safe;
            let title = if safe {
                fix.title.clone()
            } else {
                format!("{} (unsafe: review the change)", fix.title)
            };
            if let CodeActionOrCommand::CodeAction(mut a) = action(
                title,
                CodeActionKind::QUICKFIX,
                Some(f),
                edit_of(&doc.uri, edits),
            ) {
                a.is_preferred = Some(safe);
                out.push(CodeActionOrCommand::CodeAction(a));
            }
        }
        if ignorable(d.code()) {
            if let Some(a) = ignore_action(doc, f, span.start as usize, cx) {
                out.push(a);
            }
        }
    }
    if cx.wants(&FIX_ALL) && (cx.only.is_some() || findings.iter().any(has_safe_fix)) {
        if let Some(a) = fix_all(doc, findings, cx) {
            out.push(a);
        }
    }
    out
}

fn has_safe_fix(f: &Finding) -> bool {
    f.diagnostic
        .fix
        .as_ref()
        .is_some_and(|fix| fix.applicability == Applicability::Safe)
}

/// Every safe fix, applied until nothing changes, as edits of the changed parts only.
fn fix_all(doc: &Document, findings: &[Finding], cx: &Context<'_>) -> Option<CodeActionOrCommand> {
    if !findings.iter().any(has_safe_fix) {
        return None;
    }
    let relative = cx.effective.relative(doc.path.as_deref());
    let fixed =
        crate::fix::fix_until_stable(&cx.effective.checker, cx.name, &doc.text, cx.kind, |d| {
            !cx.effective.is_ignored(relative.as_deref(), d)
        });
    if fixed.broke || fixed.text == doc.text {
        return None;
    }
    let edits = minimal_edits(&doc.text, &doc.index, &fixed.text);
    Some(action(
        format!(
            "Fix all safe bodyguard findings ({} fix{})",
            fixed.applied,
            if fixed.applied == 1 { "" } else { "es" }
        ),
        FIX_ALL,
        None,
        edit_of(&doc.uri, edits),
    ))
}

/// Edits turning `old` into `new`: changed lines, with their common start and end trimmed.
fn minimal_edits(old: &str, index: &LineIndex, new: &str) -> Vec<TextEdit> {
    fn line_starts(text: &str) -> Vec<usize> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        if *starts.last().unwrap_or(&0) != text.len() {
            starts.push(text.len());
        }
        starts
    }
    let (old_lines, new_lines) = (line_starts(old), line_starts(new));
    let at = |starts: &[usize], line: usize, len: usize| starts.get(line).copied().unwrap_or(len);
    let diff = similar::TextDiff::configure()
        .timeout(std::time::Duration::from_secs(1))
        .diff_lines(old, new);
    let mut edits = Vec::new();
    for op in diff.ops() {
        if op.tag() == similar::DiffTag::Equal {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        let (mut os, mut oe) = (
            at(&old_lines, o.start, old.len()),
            at(&old_lines, o.end, old.len()),
        );
        let (mut ns, mut ne) = (
            at(&new_lines, n.start, new.len()),
            at(&new_lines, n.end, new.len()),
        );
        // Trim what both sides share, on character boundaries.
        while os < oe && ns < ne && old.as_bytes()[os] == new.as_bytes()[ns] {
            os += 1;
            ns += 1;
        }
        while !old.is_char_boundary(os) || !new.is_char_boundary(ns) {
            os -= 1;
            ns -= 1;
        }
        while oe > os && ne > ns && old.as_bytes()[oe - 1] == new.as_bytes()[ne - 1] {
            oe -= 1;
            ne -= 1;
        }
        while !old.is_char_boundary(oe) || !new.is_char_boundary(ne) {
            oe += 1;
            ne += 1;
        }
        edits.push(TextEdit {
            range: index.range(old, os, oe),
            new_text: new[ns..ne].to_string(),
        });
    }
    edits
}

/// "Ignore this finding": a comment above its line in `.jsonc`, an `[[ignore]]` entry of
/// `bodyguard.toml` for `.json`.
fn ignore_action(
    doc: &Document,
    f: &Finding,
    offset: usize,
    cx: &Context<'_>,
) -> Option<CodeActionOrCommand> {
    let code = f.diagnostic.code();
    if doc.is_jsonc() {
        let line = doc.index.position(&doc.text, offset).line;
        let start = doc.index.offset(&doc.text, Position::new(line, 0));
        let indent: String = doc.text[start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let newline = if doc.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let text = format!(
            "{indent}// {} {code} <reason>{newline}",
            crate::suppress::DIRECTIVE
        );
        let at = Position::new(line, 0);
        let edit = edit_of(
            &doc.uri,
            vec![TextEdit {
                range: Range::new(at, at),
                new_text: text,
            }],
        );
        return Some(action(
            format!("Ignore `{code}` on this line (bodyguard-ignore comment)"),
            CodeActionKind::QUICKFIX,
            Some(f),
            edit,
        ));
    }
    let path = doc.path.as_deref()?;
    let pointer = &f.diagnostic.pointer;
    let (toml, relative) = match (&cx.effective.config_path, &cx.effective.config) {
        (Some(toml), Some(config)) => (toml.clone(), config.relative(path)),
        (Some(_), None) => return None, // a broken bodyguard.toml: fix it first
        (None, _) => {
            let dir: PathBuf = cx
                .effective
                .folder
                .clone()
                .or_else(|| path.parent().map(Path::to_path_buf))?;
            let rel = path.strip_prefix(&dir).ok()?;
            (
                dir.join(crate::config::FILE_NAME),
                rel.to_string_lossy().replace('\\', "/"),
            )
        }
    };
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut entry = format!(
        "[[ignore]]\ncode = {}\nfiles = {}\n",
        quote(code),
        quote(&globset::escape(&relative))
    );
    if !pointer.is_empty() {
        entry.push_str(&format!("pointer = {}\n", quote(pointer)));
    }
    entry.push_str("reason = \"<reason>\"\n");
    let title = format!("Ignore `{code}` here in bodyguard.toml");
    let uri = path_to_uri(&toml)?;
    if toml.is_file() || cx.open_toml.is_some() {
        let (uri, text) = match cx.open_toml {
            Some((uri, text)) => (uri.clone(), text.to_string()),
            None => (uri, std::fs::read_to_string(&toml).ok()?),
        };
        let index = LineIndex::new(&text);
        let end = index.position(&text, text.len());
        let sep = if text.is_empty() {
            ""
        } else if text.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        let edit = edit_of(
            &uri,
            vec![TextEdit {
                range: Range::new(end, end),
                new_text: format!("{sep}{entry}"),
            }],
        );
        return Some(action(title, CodeActionKind::QUICKFIX, Some(f), edit));
    }
    if !cx.can_create_files {
        return None;
    }
    let edit = WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(vec![
            DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            })),
            DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: vec![OneOf::Left(TextEdit {
                    range: Range::default(),
                    new_text: entry,
                })],
            }),
        ])),
        ..Default::default()
    };
    Some(action(title, CodeActionKind::QUICKFIX, Some(f), edit))
}

/// True when no text an action would send or show holds one of `secrets`.
pub fn holds_no_secret(action: &CodeActionOrCommand, secrets: &[&str]) -> bool {
    let CodeActionOrCommand::CodeAction(a) = action else {
        return true;
    };
    let has = |text: &str| secrets.iter().any(|s| !s.is_empty() && text.contains(s));
    if has(&a.title) {
        return false;
    }
    let Some(edit) = &a.edit else { return true };
    let mut texts: Vec<&str> = Vec::new();
    if let Some(changes) = &edit.changes {
        texts.extend(changes.values().flatten().map(|e| e.new_text.as_str()));
    }
    if let Some(DocumentChanges::Operations(ops)) = &edit.document_changes {
        for op in ops {
            if let DocumentChangeOperation::Edit(e) = op {
                texts.extend(e.edits.iter().map(|e| match e {
                    OneOf::Left(e) => e.new_text.as_str(),
                    OneOf::Right(e) => e.text_edit.new_text.as_str(),
                }));
            }
        }
    }
    !texts.into_iter().any(has)
}
