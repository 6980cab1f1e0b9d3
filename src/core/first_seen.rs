//! The first occurrence of each name in a list, for the rules that report repeats.

use std::collections::HashMap;

/// Lists this short are scanned; longer ones are hashed, so a long list stays linear.
const SCAN_LIMIT: usize = 16;

/// The first occurrence (e.g. its span) of each name seen so far. Most lists in a body hold
/// a few names: those are compared in place, without hashing.
pub struct FirstSeen<'a, V> {
    few: Vec<(&'a str, V)>,
    many: HashMap<&'a str, V>,
}

impl<V> Default for FirstSeen<'_, V> {
    fn default() -> Self {
        FirstSeen {
            few: Vec::new(),
            many: HashMap::new(),
        }
    }
}

impl<'a, V: Copy> FirstSeen<'a, V> {
    /// An empty record.
    pub fn new() -> Self {
        FirstSeen::default()
    }

    /// The first occurrence of `name` when it was seen before; otherwise records `at` as its
    /// first occurrence and returns `None`.
    pub fn repeat_of(&mut self, name: &'a str, at: V) -> Option<V> {
        if self.many.is_empty() {
            if let Some((_, first)) = self.few.iter().find(|(seen, _)| *seen == name) {
                return Some(*first);
            }
            if self.few.len() < SCAN_LIMIT {
                self.few.push((name, at));
                return None;
            }
            self.many.extend(self.few.drain(..));
        }
        match self.many.get(name) {
            Some(first) => Some(*first),
            None => {
                self.many.insert(name, at);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_first_occurrence_in_short_and_long_lists() {
        for len in [3, SCAN_LIMIT, SCAN_LIMIT + 1, 100] {
            let names: Vec<String> = (0..len).map(|i| format!("n{i}")).collect();
            let mut seen = FirstSeen::new();
            for (i, name) in names.iter().enumerate() {
                assert_eq!(seen.repeat_of(name, i), None, "{len}");
            }
            for (i, name) in names.iter().enumerate().rev() {
                assert_eq!(seen.repeat_of(name, 1000 + i), Some(i), "{len}");
            }
        }
    }
}
