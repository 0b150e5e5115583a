//! A recipe is the gateway's pipeline with up to two of its stages changed by mistakes: what the
//! sender may have run. It is run through the same pipeline functions as the signer.

use crate::params::Params;
use crate::pipeline::{Hash, KeyUse, Piece, Pipeline};
use crate::schema::Field;

use super::tokens::{value_tokens, Token};

/// What every recipe of one diagnosis shares: the message as received and the right way to sign.
pub(crate) struct Message<'a> {
    /// The fields, decoded.
    pub params: &'a Params,
    /// Each field's text before percent-decoding, when the input was percent-encoded.
    pub raw: &'a Params,
    /// The message's table.
    pub fields: &'static [Field],
    /// The gateway's pipeline for it.
    pub pipeline: Pipeline,
    /// The signed names in sign order, computed once.
    pub names: Vec<&'a str>,
}

impl<'a> Message<'a> {
    pub(crate) fn new(
        params: &'a Params,
        raw: &'a Params,
        fields: &'static [Field],
        pipeline: Pipeline,
    ) -> Self {
        let names = pipeline.signed_names(fields);
        Message {
            params,
            raw,
            fields,
            pipeline,
            names,
        }
    }
}

/// The pipeline as a sender may have run it.
#[derive(Clone)]
pub(crate) struct Recipe<'m> {
    /// The stages after field selection (order, assembly, key use, bytes, digest).
    pub pipeline: Pipeline,
    /// The table the fields were selected from (another message's, by mistake).
    pub fields: &'static [Field],
    /// A field signed that should not be: `(name, value)`.
    pub add: Option<(&'m str, &'m str)>,
    /// A signed field left out.
    pub remove: Option<&'m str>,
    /// One field's value as the sender had it.
    pub value: Option<(&'m str, &'m str)>,
    /// Every value as the sender had it.
    pub values: Option<&'m [(String, String)]>,
    /// The key as the sender had it.
    pub key: &'m [u8],
    /// Whether the fields were taken in the reverse of the recipe's order.
    pub reversed: bool,
}

impl<'m> Recipe<'m> {
    /// The right way: the gateway's pipeline with the key given.
    pub(crate) fn correct(m: &Message, key: &'m [u8]) -> Self {
        Recipe {
            pipeline: m.pipeline,
            fields: m.fields,
            add: None,
            remove: None,
            value: None,
            values: None,
            key,
            reversed: false,
        }
    }

    /// Whether the names or their order differ from the message's.
    fn reselects(&self, m: &Message) -> bool {
        self.add.is_some()
            || self.remove.is_some()
            || !core::ptr::eq(self.fields, m.fields)
            || self.pipeline.order != m.pipeline.order
            || self.reversed
    }

    /// The names signed, in the order signed.
    fn names<'a>(&'a self, m: &'a Message<'m>) -> Vec<&'a str>
    where
        'm: 'a,
    {
        if !self.reselects(m) {
            return m.names.clone();
        }
        let mut names: Vec<&str> = self
            .fields
            .iter()
            .filter(|f| self.pipeline.signs(f) && Some(f.name) != self.remove)
            .map(|f| f.name)
            .collect();
        if let Some((n, _)) = self.add {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        self.pipeline
            .order_names(self.fields, &mut names, Some(m.params));
        if self.reversed {
            names.reverse();
        }
        names
    }

    /// The value signed for a name.
    fn value_of<'a>(&'a self, m: &'a Message<'m>, name: &str) -> &'a str
    where
        'm: 'a,
    {
        if let Some(all) = self.values {
            if let Some((_, v)) = all.iter().find(|(k, _)| k == name) {
                return v;
            }
        }
        match (self.value, self.add) {
            (Some((n, v)), _) if n == name => v,
            (_, Some((n, v))) if n == name => v,
            _ => m.params.value(name),
        }
    }

    /// The `(name, value)` pairs signed, in order.
    pub(crate) fn pairs<'a>(&'a self, m: &'a Message<'m>) -> Vec<(&'a str, &'a str)>
    where
        'm: 'a,
    {
        self.names(m)
            .into_iter()
            .map(|n| (n, self.value_of(m, n)))
            .collect()
    }

    /// Runs the recipe: the digest it gives (for RSA, the SHA-1 signed).
    pub(crate) fn run(&self, m: &Message<'m>) -> Option<Hash> {
        self.pipeline.hash(self.pairs(m), self.key)
    }

    /// The source as the page shows it, piece by piece, the key masked.
    pub(crate) fn tokens(&self, m: &Message<'m>) -> Vec<Token> {
        let mut out = Vec::new();
        let key = |out: &mut Vec<Token>| out.push(Token::new("••••••", "key", None));
        if let KeyUse::Prepended(label) = self.pipeline.key {
            key(&mut out);
            out.push(Token::new(label, "sep", None));
        }
        let pairs = self.pairs(m);
        let names = self.pipeline.assembly.names;
        self.pipeline.pieces(pairs, |p| match p {
            Piece::Name(n) => out.push(Token::new(n, "name", Some(n))),
            Piece::Sep(s) => out.push(Token::new(s, "sep", None)),
            Piece::Value(n, v) => {
                // Values-only sources mark where each field starts (nothing else shows it).
                if !names {
                    out.push(Token::new("", "sep", Some(n)));
                }
                value_tokens(v, n, &mut out);
            }
        });
        if let KeyUse::Appended(label) = self.pipeline.key {
            out.push(Token::new(label, "sep", None));
            key(&mut out);
        }
        out
    }
}
