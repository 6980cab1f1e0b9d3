//! The texts of a [`super::Tree`] that are not read from its text: keys and strings holding
//! an escape (unescaped by the parser) and those a pass rewrote.
//!
//! A text is kept once and looked up by the offset of its opening quote. A rewrite gives
//! many keys the same few texts (a pack renaming a million `FieldName` keys to `fieldName`):
//! such a key costs the 8 bytes of its entry, not a copy of the text.

use std::collections::HashMap;

/// Texts by the offset of their opening quote.
#[derive(Debug, Default, Clone)]
pub(crate) struct Texts {
    /// Offset → index in `texts`.
    by_offset: HashMap<u32, u32>,
    /// The texts; several offsets may share one.
    texts: Vec<Box<str>>,
}

impl Texts {
    /// The text at `offset`.
    #[inline]
    pub(crate) fn get(&self, offset: u32) -> Option<&str> {
        let i = *self.by_offset.get(&offset)?;
        self.texts.get(i as usize).map(|t| &**t)
    }

    /// Set the text at `offset` (a text of its own).
    pub(crate) fn insert(&mut self, offset: u32, text: Box<str>) {
        let i = self.push(text);
        self.by_offset.insert(offset, i);
    }

    /// Keep `text` without giving it an offset yet; [`Texts::share`] gives it one or more.
    pub(crate) fn push(&mut self, text: Box<str>) -> u32 {
        self.texts.push(text);
        (self.texts.len() - 1) as u32
    }

    /// Give `offset` the text [`Texts::push`] returned `index` for.
    pub(crate) fn share(&mut self, offset: u32, index: u32) {
        self.by_offset.insert(offset, index);
    }

    /// Keep only the texts whose offset `keep` maps to a new offset (`None` drops it), then
    /// add `other`'s (offsets unchanged). Texts no offset uses any longer are let go.
    pub(crate) fn remap(&mut self, keep: impl Fn(u32) -> Option<u32>, other: Texts) {
        let old = std::mem::take(self);
        // Old index → new index, for the texts still used.
        let mut moved: HashMap<u32, u32> = HashMap::new();
        let mut texts: Vec<Option<Box<str>>> = old.texts.into_iter().map(Some).collect();
        for (offset, i) in old.by_offset {
            let Some(offset) = keep(offset) else { continue };
            let index = match moved.get(&i) {
                Some(&index) => index,
                None => {
                    let text = texts[i as usize].take().unwrap_or_default();
                    let index = self.push(text);
                    moved.insert(i, index);
                    index
                }
            };
            self.by_offset.insert(offset, index);
        }
        let base = self.texts.len() as u32;
        self.texts.extend(other.texts);
        self.by_offset
            .extend(other.by_offset.into_iter().map(|(o, i)| (o, base + i)));
    }
}

#[cfg(test)]
mod tests {
    use super::Texts;

    #[test]
    fn shared_texts_are_kept_once_and_remapped_with_their_offsets() {
        let mut texts = Texts::default();
        texts.insert(1, "a\"b".into());
        let shared = texts.push("fieldName".into());
        texts.share(10, shared);
        texts.share(20, shared);
        assert_eq!(texts.get(1), Some("a\"b"));
        assert_eq!(texts.get(20), Some("fieldName"));
        assert_eq!(texts.get(2), None);
        assert_eq!(texts.texts.len(), 2);

        let mut other = Texts::default();
        other.insert(5, "new".into());
        // Offset 1 is dropped, the others move by 100.
        texts.remap(|o| (o != 1).then_some(o + 100), other);
        assert_eq!(texts.get(1), None);
        assert_eq!(texts.get(110), Some("fieldName"));
        assert_eq!(texts.get(120), Some("fieldName"));
        assert_eq!(texts.get(5), Some("new"));
        // The dropped text is gone, the shared one kept once.
        assert_eq!(texts.texts.len(), 2);
    }
}
