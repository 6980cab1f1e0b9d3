//! Checking a text that is edited and checked again and again (an editor's open file):
//! the tree of the previous check is kept, and an edit re-parses only the value it touches.

use super::beside::drop_beside;
use super::Checker;
use crate::core::diagnostic::Diagnostic;
use crate::core::report::Report;
use crate::core::source::SourceFile;
use crate::core::Kind;
use crate::parse::{self, Syntax};

/// The tree of the text an edited source was checked with last, kept by
/// [`Checker::check_source_kept`] for the next check of the same source.
#[derive(Debug)]
pub(crate) struct Kept {
    tree: Option<KeptTree>,
    /// Keep the trees of texts shorter than this only: a tree takes several times its
    /// text, and a text this big is held compressed between reads (see
    /// [`crate::core::source::PARK_MIN_LEN`]). 0 keeps nothing (a text checked once).
    below: usize,
    /// How many checks re-parsed only part of their text.
    #[cfg(test)]
    pub(crate) patched: usize,
}

impl Default for Kept {
    fn default() -> Kept {
        Kept {
            tree: None,
            below: crate::core::source::PARK_MIN_LEN,
            #[cfg(test)]
            patched: 0,
        }
    }
}

impl Kept {
    /// For a text checked once: [`Checker::check_source_kept`] then keeps no tree.
    pub(crate) fn once() -> Kept {
        Kept {
            below: 0,
            ..Kept::default()
        }
    }

    /// Keeping the trees of texts shorter than `bytes` only.
    #[cfg(test)]
    pub(crate) fn below(bytes: usize) -> Kept {
        Kept {
            below: bytes,
            ..Kept::default()
        }
    }
}

#[derive(Debug)]
struct KeptTree {
    /// The text parsed.
    text: String,
    syntax: Syntax,
    /// Its tree, as written (no pack rewrote it).
    document: parse::Document,
    /// What its parse found (a BOM, duplicate keys, numbers out of range).
    found: Vec<Diagnostic>,
}

impl Checker {
    /// Check a named source as [`Checker::check_source`] does, for a text that is edited and
    /// checked again and again (an editor's open file): `kept` holds the tree of the text
    /// checked last, and only the value holding the edit is parsed again when that is
    /// certain to give the same tree (`parse::reparse`). The findings are those of
    /// [`Checker::check_source`].
    pub(crate) fn check_source_kept(
        &self,
        source: SourceFile,
        kind: Option<Kind>,
        kept: &mut Kept,
    ) -> Report {
        let syntax = Syntax::for_path(source.name());
        // A big tree is freed on a thread of its own, a small one here.
        let parallel = source.text().len() >= self.parallel_from;
        let free = |document: parse::Document| {
            if parallel {
                drop_beside(document)
            } else {
                drop(document)
            }
        };
        let reused = match kept.tree.take() {
            Some(mut tree) if tree.syntax == syntax => {
                match parse::TextEdit::between(&tree.text, source.text()) {
                    None => Some((tree.document, tree.found)),
                    Some(edit)
                        if parse::reparse(
                            &mut tree.document,
                            &mut tree.found,
                            source.text(),
                            edit,
                        ) =>
                    {
                        #[cfg(test)]
                        {
                            kept.patched += 1;
                        }
                        Some((tree.document, tree.found))
                    }
                    Some(_) => {
                        free(tree.document);
                        None
                    }
                }
            }
            Some(tree) => {
                free(tree.document);
                None
            }
            None => None,
        };
        let (document, scanned, diagnostics) = match reused {
            Some((document, found)) => (document, None, found),
            None => {
                let mut found = Vec::new();
                let (document, scanned) = self.parse(&source.shared_text(), syntax, &mut found);
                (document, scanned, found)
            }
        };
        // A text that parsed is kept with what its parse found; one that did not is parsed
        // whole next time.
        let keep = source.text().len() < kept.below && document.root().is_some();
        let kept_text = keep.then(|| (source.text().to_owned(), diagnostics.clone()));
        let (report, document, as_written) =
            self.check_parsed(source, kind, None, (document, scanned), diagnostics, None);
        match kept_text {
            Some((text, found)) if as_written => {
                kept.tree = Some(KeptTree {
                    text,
                    syntax,
                    document,
                    found,
                })
            }
            _ => free(document),
        }
        report
    }
}
