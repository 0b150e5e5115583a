//! Parameter sets: an ordered list of `name=value` pairs as they travel on the wire.
//!
//! Names are unique. Lookups go through an index sorted by name (length first, see `Key`), so
//! building a set of `n` fields takes `O(n log n)` name comparisons and a lookup `O(log n)`: a hostile body of many
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
///
/// Every name and value lives in one string (`text`), so a parsed body costs three
/// allocations whatever its field count; `spans` locates each pair in it.
#[derive(Debug, Clone, Default)]
pub struct Params {
    text: String,
    /// `(name start, name end, value start, value end)` in `text`, in order.
    spans: Vec<[u32; 4]>,
    /// The pairs sorted by name (see [`Key`]).
    index: Vec<Entry>,
    /// Bytes of `text` no span points at any more (replaced or removed values).
    dead: usize,
}

impl PartialEq for Params {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}
impl Eq for Params {}

/// The index's order: by length, then by the first eight bytes read as a number, then by the
/// rest. Nearly every comparison ends at the two integers. (The index is private; sign orders
/// are the pipeline's.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    len: u32,
    prefix: u64,
}

impl Key {
    fn of(name: &str) -> Key {
        let mut prefix = 0u64;
        for (i, &b) in name.as_bytes().iter().take(8).enumerate() {
            prefix |= u64::from(b) << (56 - 8 * i);
        }
        Key {
            len: u32::try_from(name.len()).unwrap_or(u32::MAX),
            prefix,
        }
    }
}

/// Compares the tails of two names of the same length, byte by byte (inlined: short names
/// cost no call to `memcmp`).
fn tail_cmp(a: &[u8], b: &[u8]) -> core::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// One pair in the index: its key and its position in `spans`.
#[derive(Debug, Clone, Copy)]
struct Entry {
    key: Key,
    pos: u16,
}

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

    /// An empty set with room for `bytes` of names and values.
    pub(crate) fn with_capacity(bytes: usize) -> Self {
        Params {
            text: String::with_capacity(bytes),
            spans: Vec::with_capacity(32),
            index: Vec::new(),
            dead: 0,
        }
    }

    /// Builds a set from pairs, rejecting a name given twice and more than [`MAX_FIELDS`]
    /// pairs.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Self> {
        let mut p = Params::new();
        for (k, v) in pairs {
            p.push(k.as_ref(), v.as_ref())?;
        }
        p.seal()
    }

    /// Builds a set from pairs in order: one sort of the names finds a name given twice.
    pub fn from_vec(pairs: Vec<(String, String)>) -> Result<Self> {
        if pairs.len() > MAX_FIELDS {
            return Err(too_many(pairs.len()));
        }
        let bytes = pairs.iter().map(|(k, v)| k.len() + v.len()).sum();
        let mut p = Params::with_capacity(bytes);
        for (k, v) in &pairs {
            p.push(k, v)?;
        }
        p.seal()
    }

    /// Appends a pair without indexing it (parsers call [`Params::seal`] once at the end);
    /// more than [`MAX_FIELDS`] pairs is an error.
    pub(crate) fn push(&mut self, name: &str, value: &str) -> Result<()> {
        let n0 = self.text.len();
        self.text.push_str(name);
        let n1 = self.text.len();
        self.text.push_str(value);
        self.push_span(n0, n1)
    }

    /// The text buffer, for a parser to write a name and then a value into; it calls
    /// [`Params::push_span`] with where they start.
    pub(crate) fn text_mut(&mut self) -> &mut String {
        &mut self.text
    }

    /// Records the pair written into the text from `name_start`, its value from
    /// `value_start` to the end.
    pub(crate) fn push_span(&mut self, name_start: usize, value_start: usize) -> Result<()> {
        if self.spans.len() >= MAX_FIELDS {
            return Err(too_many(self.spans.len() + 1));
        }
        let end = self.text.len();
        let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        self.spans
            .push([at(name_start), at(value_start), at(value_start), at(end)]);
        Ok(())
    }

    /// Indexes the pairs pushed: one sort of the names finds a name given twice.
    pub(crate) fn seal(mut self) -> Result<Self> {
        let mut index: Vec<Entry> = (0..self.spans.len() as u16)
            .map(|pos| Entry {
                key: Key::of(self.name(pos)),
                pos,
            })
            .collect();
        let order = |a: &Entry, b: &Entry| {
            a.key
                .cmp(&b.key)
                .then_with(|| tail_cmp(self.name_tail(a.pos), self.name_tail(b.pos)))
        };
        index.sort_unstable_by(|a, b| {
            tick(1);
            order(a, b)
        });
        for w in index.windows(2) {
            if let [a, b] = w {
                tick(1);
                if order(a, b).is_eq() {
                    return Err(Error::DuplicateField {
                        field: self.name(a.pos).to_owned(),
                    });
                }
            }
        }
        self.index = index;
        Ok(self)
    }

    fn slice(&self, start: u32, end: u32) -> &str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    fn name(&self, i: u16) -> &str {
        self.spans
            .get(usize::from(i))
            .map_or("", |s| self.slice(s[0], s[1]))
    }

    /// The bytes of a name after the eight its key holds (equal keys, equal lengths).
    fn name_tail(&self, i: u16) -> &[u8] {
        let b = self.text.as_bytes();
        self.spans
            .get(usize::from(i))
            .and_then(|s| b.get(s[0] as usize + 8..s[1] as usize))
            .unwrap_or_default()
    }

    fn value_at(&self, i: u16) -> &str {
        self.spans
            .get(usize::from(i))
            .map_or("", |s| self.slice(s[2], s[3]))
    }

    /// Where `name` is, or where it would go, in the index.
    fn find(&self, name: &str) -> core::result::Result<usize, usize> {
        let key = Key::of(name);
        self.index.binary_search_by(|e| {
            tick(1);
            e.key.cmp(&key).then_with(|| {
                tail_cmp(
                    self.name_tail(e.pos),
                    name.as_bytes().get(8..).unwrap_or_default(),
                )
            })
        })
    }

    /// Adds a pair; a name already present is a [`Error::DuplicateField`].
    pub fn insert_new(&mut self, name: String, value: String) -> Result<()> {
        match self.find(&name) {
            Ok(_) => Err(Error::DuplicateField { field: name }),
            Err(at) => self.push_at(at, &name, &value),
        }
    }

    fn push_at(&mut self, at: usize, name: &str, value: &str) -> Result<()> {
        let pos = self.spans.len() as u16;
        self.push(name, value)?;
        self.index.insert(
            at,
            Entry {
                key: Key::of(name),
                pos,
            },
        );
        Ok(())
    }

    /// Sets a value, replacing an existing one in place or appending. Past [`MAX_FIELDS`]
    /// fields a new name is an error.
    pub fn set(&mut self, name: &str, value: impl Into<String>) -> Result<()> {
        let value = value.into();
        match self.find(name) {
            Ok(at) => {
                let i = self
                    .index
                    .get(at)
                    .map_or(usize::MAX, |e| usize::from(e.pos));
                let start = self.text.len();
                self.text.push_str(&value);
                let end = self.text.len();
                if let Some(s) = self.spans.get_mut(i) {
                    self.dead += (s[3] - s[2]) as usize;
                    s[2] = u32::try_from(start).unwrap_or(u32::MAX);
                    s[3] = u32::try_from(end).unwrap_or(u32::MAX);
                }
                self.compact_if_mostly_dead();
                Ok(())
            }
            Err(at) => self.push_at(at, name, &value),
        }
    }

    /// Rewrites `text` with only the live names and values once the dead text (old values left
    /// behind by `set` and `remove`) outweighs the live: repeated edits cost memory in
    /// proportion to the set's size, and the rewrite is paid for by the edits before it.
    fn compact_if_mostly_dead(&mut self) {
        if self.dead <= self.text.len() / 2 + 64 {
            return;
        }
        self.dead = 0;
        let mut text = String::with_capacity(self.text_len());
        for s in self.spans.iter_mut() {
            let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
            let name = self.text.get(s[0] as usize..s[1] as usize).unwrap_or("");
            let value = self.text.get(s[2] as usize..s[3] as usize).unwrap_or("");
            let n0 = text.len();
            text.push_str(name);
            let v0 = text.len();
            text.push_str(value);
            *s = [at(n0), at(v0), at(v0), at(text.len())];
        }
        self.text = text;
    }

    /// Removes a field, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let at = self.find(name).ok()?;
        let i = self.index.remove(at).pos;
        for e in self.index.iter_mut() {
            if e.pos > i {
                e.pos -= 1;
            }
        }
        let value = self.value_at(i).to_owned();
        let i = usize::from(i);
        let removed = (i < self.spans.len()).then(|| self.spans.remove(i))?;
        self.dead += (removed[1] - removed[0] + removed[3] - removed[2]) as usize;
        self.compact_if_mostly_dead();
        Some(value)
    }

    /// The value of a field, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        let at = self.find(name).ok()?;
        Some(self.value_at(self.index.get(at)?.pos))
    }

    /// The value of a field, looked for first at position `*next`: a caller walking a table
    /// of fields in the order the gateway sends them finds each one there with one comparison
    /// (`*next` moves past it), and any other in the index.
    pub fn get_near(&self, name: &str, next: &mut usize) -> Option<&str> {
        let here = self.spans.get(*next).filter(|s| {
            self.text.as_bytes().get(s[0] as usize..s[1] as usize) == Some(name.as_bytes())
        });
        if let Some(s) = here {
            *next += 1;
            return Some(self.slice(s[2], s[3]));
        }
        let at = self.find(name).ok()?;
        let pos = self.index.get(at)?.pos;
        *next = usize::from(pos) + 1;
        Some(self.value_at(pos))
    }

    /// The value of a field, empty when absent (how both gateways sign a missing field).
    pub fn value(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }

    /// The pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.spans
            .iter()
            .map(|s| (self.slice(s[0], s[1]), self.slice(s[2], s[3])))
    }

    /// The names and values, back to back, in order (for sizing an output).
    pub fn text_len(&self) -> usize {
        self.spans
            .iter()
            .map(|s| (s[1] - s[0] + s[3] - s[2]) as usize)
            .sum()
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are no fields.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
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
    fn repeated_sets_keep_the_text_small_and_params_stay_send_and_sync() {
        let mut p = Params::from_pairs([("a", "1"), ("b", "2")]).unwrap();
        for i in 0..10_000 {
            p.set("a", format!("value {i}")).unwrap();
            p.remove("c");
            p.set("c", "x").unwrap();
        }
        assert_eq!(p.get("a"), Some("value 9999"));
        assert_eq!(p.get("b"), Some("2"));
        assert!(p.text.len() <= 2 * p.text_len() + 128, "{}", p.text.len());
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Params>();
        send_sync::<crate::cmpay::Keys>();
    }

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
