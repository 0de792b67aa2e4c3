//! [`Section`]: a template section's entries by name, in order.

use super::keys::OrderedMap;

/// A template section: entries by name (logical id, parameter name, …) in order, names unique.
/// Finding an entry by name takes constant time, however large the section.
#[derive(Debug, Clone, PartialEq)]
pub struct Section<T> {
    pub(super) entries: OrderedMap<T>,
}

impl<T> Default for Section<T> {
    fn default() -> Self {
        Section {
            entries: OrderedMap::default(),
        }
    }
}

impl<T> Section<T> {
    /// An empty section.
    pub fn new() -> Self {
        Self::default()
    }

    /// The entry called `name`.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.entries.get(name)
    }

    /// The entry called `name`, to change it.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut T> {
        self.entries.get_mut(name)
    }

    /// Whether there is an entry called `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.entries.position(name).is_some()
    }

    /// Adds `value` as `name` at the end; if `name` is taken, replaces that entry in place and
    /// returns the old value.
    pub fn insert(&mut self, name: impl Into<String>, value: T) -> Option<T> {
        let name = name.into();
        match self.entries.get_mut(&name) {
            Some(slot) => Some(std::mem::replace(slot, value)),
            None => {
                // Cannot fail: `name` is not there.
                let _ = self.entries.push(name, value);
                None
            }
        }
    }

    /// Removes the entry called `name`, keeping the order of the others.
    pub fn remove(&mut self, name: &str) -> Option<T> {
        self.entries.remove(name)
    }

    /// The entries in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &T)> {
        self.into_iter()
    }

    /// The names in order.
    pub fn names(&self) -> impl ExactSizeIterator<Item = &str> {
        self.entries.entries().iter().map(|(k, _)| k.as_str())
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.entries().len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.entries().is_empty()
    }
}

impl<'a, T> IntoIterator for &'a Section<T> {
    type Item = (&'a str, &'a T);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (String, T)>, fn(&'a (String, T)) -> Self::Item>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.entries().iter().map(|(k, v)| (k.as_str(), v))
    }
}
