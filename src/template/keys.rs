//! Mappings found by key in constant time once they are large, so that reading, comparing and
//! writing a template stays linear in the size of its largest mapping (100,000 outputs or tags
//! are legal input).
//!
//! Small mappings (almost all of them) are scanned: below [`SCAN`] entries a scan is faster than
//! hashing and allocates nothing. Keys come from untrusted templates, so the index uses the
//! standard library's randomly seeded hasher.

use std::collections::HashMap;
use std::fmt;

/// Up to this many entries, a linear scan.
const SCAN: usize = 16;

/// The entries of a borrowed mapping, found by key.
pub(crate) struct KeyIndex<'a, V> {
    entries: &'a [(String, V)],
    /// Key → position of its first entry; `None` while the mapping is small.
    index: Option<HashMap<&'a str, usize>>,
}

impl<'a, V> KeyIndex<'a, V> {
    pub(crate) fn new(entries: &'a [(String, V)]) -> Self {
        let index = (entries.len() > SCAN).then(|| {
            let mut index = HashMap::with_capacity(entries.len());
            for (i, (key, _)) in entries.iter().enumerate() {
                index.entry(key.as_str()).or_insert(i);
            }
            index
        });
        KeyIndex { entries, index }
    }

    /// The value of the first entry called `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&'a V> {
        let position = match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| k == key),
        };
        position.map(|i| &self.entries[i].1)
    }
}

/// Entries in order under unique keys, found by key: a [`super::Section`] and a mapping being
/// written.
#[derive(Clone)]
pub(crate) struct OrderedMap<T> {
    entries: Vec<(String, T)>,
    /// Key → position; empty while there are at most [`SCAN`] entries.
    index: HashMap<String, usize>,
}

impl<T> Default for OrderedMap<T> {
    fn default() -> Self {
        OrderedMap {
            entries: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T> OrderedMap<T> {
    /// The position of the entry called `key`.
    pub(crate) fn position(&self, key: &str) -> Option<usize> {
        if self.entries.len() <= SCAN {
            self.entries.iter().position(|(k, _)| k == key)
        } else {
            self.index.get(key).copied()
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&T> {
        self.position(key).map(|i| &self.entries[i].1)
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        self.position(key).map(|i| &mut self.entries[i].1)
    }

    /// Adds an entry at the end and returns its value; if `key` is taken, gives `value` back
    /// and changes nothing.
    pub(crate) fn push(&mut self, key: String, value: T) -> Result<&mut T, T> {
        if self.position(&key).is_some() {
            return Err(value);
        }
        self.entries.push((key, value));
        let last = self.entries.len() - 1;
        match last + 1 {
            n if n <= SCAN => {}
            n if n == SCAN + 1 => self.reindex(),
            _ => {
                self.index.insert(self.entries[last].0.clone(), last);
            }
        }
        Ok(&mut self.entries[last].1)
    }

    /// Removes the entry called `key`, keeping the order of the others.
    pub(crate) fn remove(&mut self, key: &str) -> Option<T> {
        let position = self.position(key)?;
        let (_, value) = self.entries.remove(position);
        self.reindex();
        Some(value)
    }

    pub(crate) fn entries(&self) -> &[(String, T)] {
        &self.entries
    }

    pub(crate) fn into_entries(self) -> Vec<(String, T)> {
        self.entries
    }

    fn reindex(&mut self) {
        self.index.clear();
        if self.entries.len() > SCAN {
            self.index.extend(
                self.entries
                    .iter()
                    .enumerate()
                    .map(|(i, (key, _))| (key.clone(), i)),
            );
        }
    }
}

/// Entries with unique keys, in order; a repeated key keeps the first entry's place and the last
/// entry's value.
impl<T> FromIterator<(String, T)> for OrderedMap<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(entries: I) -> Self {
        let mut map = OrderedMap::default();
        for (key, value) in entries {
            match map.position(&key) {
                Some(i) => map.entries[i].1 = value,
                None => {
                    // Cannot fail: the key is not there.
                    let _ = map.push(key, value);
                }
            }
        }
        map
    }
}

impl<T: PartialEq> PartialEq for OrderedMap<T> {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl<T: fmt::Debug> fmt::Debug for OrderedMap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_maps_find_every_key_and_refuse_repeats() {
        for n in [0, 1, SCAN, SCAN + 1, 200] {
            let mut map = OrderedMap::default();
            for i in 0..n {
                assert_eq!(map.push(format!("k{i}"), i), Ok(&mut i.clone()));
            }
            for i in 0..n {
                assert_eq!(map.get(&format!("k{i}")), Some(&i), "n = {n}");
                assert_eq!(map.push(format!("k{i}"), 0), Err(0));
            }
            assert_eq!(map.get("absent"), None);
            if n > 0 {
                assert_eq!(map.remove("k0"), Some(0));
                assert_eq!(map.get("k0"), None);
                assert_eq!(map.entries().len(), n - 1);
                for i in 1..n {
                    assert_eq!(map.get(&format!("k{i}")), Some(&i), "n = {n} after remove");
                }
            }
            let entries: Vec<(String, usize)> = (0..n).map(|i| (format!("k{i}"), i)).collect();
            let index = KeyIndex::new(&entries);
            for i in 0..n {
                assert_eq!(index.get(&format!("k{i}")), Some(&i));
            }
            assert_eq!(index.get("absent"), None);
        }
    }

    #[test]
    fn collecting_keeps_the_first_place_and_the_last_value() {
        let map: OrderedMap<u8> = [("a", 1), ("b", 2), ("a", 3)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        assert_eq!(
            map.into_entries(),
            [("a".to_owned(), 3), ("b".to_owned(), 2)]
        );
    }
}
