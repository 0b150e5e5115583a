//! Parameter sets: an ordered list of `name=value` pairs as they travel on the wire.
//!
//! Names are unique. Lookups go through an index sorted by name, so building a set of `n`
//! fields takes `O(n log n)` name comparisons and a lookup `O(log n)`: a hostile body of many
//! fields costs work in proportion to its size, never to the square of its field count.

use crate::error::{Error, Result};
use crate::work::tick;

/// The largest raw body (notify or response) this crate parses: 64 KiB. Real gateway
/// messages are under 4 KiB; the limit keeps a hostile body from costing much.
pub const MAX_BODY_LEN: usize = 64 * 1024;

/// The most fields a parameter set may have. The largest message of either gateway has 30
/// fields; a body or object with more is refused (`TOO_MANY_FIELDS`) before it is indexed.
pub const MAX_FIELDS: usize = 256;

/// An ordered set of parameters. Names are unique; the order is the order received or given.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
    /// Positions in `pairs`, sorted by name.
    index: Vec<u16>,
}

impl PartialEq for Params {
    fn eq(&self, other: &Self) -> bool {
        self.pairs == other.pairs
    }
}
impl Eq for Params {}

fn too_many(count: usize) -> Error {
    Error::TooManyFields {
        count,
        limit: MAX_FIELDS,
    }
}

impl Params {
    /// An empty set.
    pub fn new() -> Self {
        Params::default()
    }

    /// Builds a set from pairs, rejecting a name given twice and more than [`MAX_FIELDS`]
    /// pairs.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Self> {
        let mut v = Vec::new();
        for (k, val) in pairs {
            if v.len() == MAX_FIELDS {
                return Err(too_many(MAX_FIELDS + 1));
            }
            v.push((k.into(), val.into()));
        }
        Params::from_vec(v)
    }

    /// Builds a set from pairs in order: one sort of the names finds a name given twice.
    pub fn from_vec(pairs: Vec<(String, String)>) -> Result<Self> {
        if pairs.len() > MAX_FIELDS {
            return Err(too_many(pairs.len()));
        }
        // MAX_FIELDS fits in u16.
        let mut index: Vec<u16> = (0..pairs.len() as u16).collect();
        let name = |i: u16| pairs.get(usize::from(i)).map_or("", |(k, _)| k.as_str());
        index.sort_unstable_by(|&a, &b| {
            tick(1);
            name(a).cmp(name(b))
        });
        for w in index.windows(2) {
            if let [a, b] = w {
                tick(1);
                if name(*a) == name(*b) {
                    return Err(Error::DuplicateField {
                        field: name(*a).to_owned(),
                    });
                }
            }
        }
        Ok(Params { pairs, index })
    }

    /// Where `name` is, or where it would go, in the index.
    fn find(&self, name: &str) -> core::result::Result<usize, usize> {
        self.index.binary_search_by(|&i| {
            tick(1);
            self.pairs
                .get(usize::from(i))
                .map_or("", |(k, _)| k.as_str())
                .cmp(name)
        })
    }

    /// Adds a pair; a name already present is a [`Error::DuplicateField`].
    pub fn insert_new(&mut self, name: String, value: String) -> Result<()> {
        match self.find(&name) {
            Ok(_) => Err(Error::DuplicateField { field: name }),
            Err(at) => self.push_at(at, name, value),
        }
    }

    fn push_at(&mut self, at: usize, name: String, value: String) -> Result<()> {
        if self.pairs.len() >= MAX_FIELDS {
            return Err(too_many(self.pairs.len() + 1));
        }
        self.index.insert(at, self.pairs.len() as u16);
        self.pairs.push((name, value));
        Ok(())
    }

    /// Sets a value, replacing an existing one in place or appending. Past [`MAX_FIELDS`]
    /// fields a new name is an error.
    pub fn set(&mut self, name: &str, value: impl Into<String>) -> Result<()> {
        let value = value.into();
        match self.find(name) {
            Ok(at) => {
                let slot = self
                    .index
                    .get(at)
                    .and_then(|&i| self.pairs.get_mut(usize::from(i)));
                if let Some(slot) = slot {
                    slot.1 = value;
                }
                Ok(())
            }
            Err(at) => self.push_at(at, name.to_owned(), value),
        }
    }

    /// Removes a field, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let at = self.find(name).ok()?;
        let i = self.index.remove(at);
        for j in self.index.iter_mut() {
            if *j > i {
                *j -= 1;
            }
        }
        let i = usize::from(i);
        (i < self.pairs.len()).then(|| self.pairs.remove(i).1)
    }

    /// The value of a field, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        let at = self.find(name).ok()?;
        let i = usize::from(*self.index.get(at)?);
        self.pairs.get(i).map(|(_, v)| v.as_str())
    }

    /// The value of a field, empty when absent (how both gateways sign a missing field).
    pub fn value(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }

    /// The pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no fields.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Whether a field is present.
    pub fn contains(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_follows_edits() {
        let mut p = Params::from_pairs([("b", "1"), ("a", "2"), ("c", "3")]).unwrap();
        assert_eq!(p.get("a"), Some("2"));
        assert_eq!(p.remove("b").as_deref(), Some("1"));
        assert_eq!(
            (p.get("a"), p.get("c"), p.get("b")),
            (Some("2"), Some("3"), None)
        );
        p.set("b", "4").unwrap();
        p.set("a", "5").unwrap();
        assert_eq!(
            p.iter().collect::<Vec<_>>(),
            [("a", "5"), ("c", "3"), ("b", "4")]
        );
        assert_eq!(
            p.insert_new("c".into(), "x".into()).unwrap_err().code(),
            "DUPLICATE_FIELD"
        );
        let many = (0..=MAX_FIELDS).map(|i| (format!("f{i}"), String::new()));
        assert_eq!(
            Params::from_pairs(many).unwrap_err().code(),
            "TOO_MANY_FIELDS"
        );
    }
}
