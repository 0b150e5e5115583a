//! Parameter sets: an ordered list of `name=value` pairs as they travel on the wire.

use crate::error::{Error, Result};

/// The largest raw body (notify or response) this crate parses: 64 KiB. Real gateway
/// messages are under 4 KiB; the limit keeps a hostile body from costing much.
pub const MAX_BODY_LEN: usize = 64 * 1024;

/// An ordered set of parameters. Names are unique; the order is the order received or given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// An empty set.
    pub fn new() -> Self {
        Params(Vec::new())
    }

    /// Builds a set from pairs, rejecting a name given twice.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Self> {
        let mut p = Params::new();
        for (k, v) in pairs {
            p.insert_new(k.into(), v.into())?;
        }
        Ok(p)
    }

    /// Adds a pair; a name already present is a [`Error::BadBody`].
    pub fn insert_new(&mut self, name: String, value: String) -> Result<()> {
        if self.get(&name).is_some() {
            return Err(Error::bad_body(format!("field `{name}` appears twice")));
        }
        self.0.push((name, value));
        Ok(())
    }

    /// Sets a value, replacing an existing one in place or appending.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name.to_owned(), value)),
        }
    }

    /// Removes a field, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let i = self.0.iter().position(|(k, _)| k == name)?;
        Some(self.0.remove(i).1)
    }

    /// The value of a field, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of a field, empty when absent (how both gateways sign a missing field).
    pub fn value(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }

    /// The pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no fields.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether a field is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}
