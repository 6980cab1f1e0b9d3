//! The notes on what Kuzzle drops or rejects, written while a profile is read.

/// Whether the notes on what Kuzzle drops or rejects are written (see [`Profile::notes`](crate::access::model::Profile::notes)).
/// Only `explain-access` shows them, and a `restrictedTo` of thousands of entries can write
/// one for each: a model read for the rules skips them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notes {
    /// Every note is written.
    Written,
    /// None is.
    Skipped,
}

/// The notes of a profile being read, when they are written.
pub(super) struct NoteList(Option<Vec<String>>);

impl NoteList {
    pub(super) fn new(notes: Notes) -> NoteList {
        NoteList((notes == Notes::Written).then(Vec::new))
    }
    /// Add the note `note` makes, when notes are written.
    pub(super) fn push(&mut self, note: impl FnOnce() -> String) {
        if let Some(list) = &mut self.0 {
            list.push(note());
        }
    }
    /// True when notes are written.
    pub(super) fn written(&self) -> bool {
        self.0.is_some()
    }
    pub(super) fn into_list(self) -> Vec<String> {
        self.0.unwrap_or_default()
    }
}
