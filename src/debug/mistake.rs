//! A mistake is a change to one stage of the pipeline, with what it means in Chinese and English.

use crate::form::Charset;
use crate::pipeline::{Assembly, Digest, Empty, KeyUse, Order, Output};
use crate::schema::Field;

use super::recipe::{Message, Recipe};
use super::stage::Stage;

/// Why a field was signed that should not be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Added {
    /// A field of the message that is not signed.
    Unsigned,
    /// Not a field of the message: a framework or the query string added it.
    Unknown,
    /// The signature field itself, empty.
    Signature,
    /// A certificate field (CMPay `merchantCert`, `serverCert`).
    Certificate,
}

/// How a value was changed before signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slip {
    /// The text as received, still percent-encoded.
    Raw,
    /// Percent-encoded in a charset.
    Encoded(Charset),
    /// Percent-decoded once more, in a charset.
    DecodedAgain(Charset),
    /// Percent-decoded in the other charset.
    OtherCharset(Charset),
    /// `+` and space swapped.
    PlusSpace,
    /// Leading and trailing whitespace removed.
    Trimmed,
    /// A space added at the end.
    Padded,
    /// Full-width characters made half-width.
    HalfWidth,
    /// Half-width characters made full-width.
    FullWidth,
    /// A number written another way (`1.00` for `100`).
    Number,
    /// A 3DES card field signed in plain text.
    CardPlain,
    /// A card field signed encrypted but sent plain.
    CardEncrypted,
}

/// How the key's text was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeySlip {
    Trimmed,
    Newline,
    InnerSpace,
    Upper,
    Lower,
    HexDecoded,
    Base64Decoded,
    /// The 3DES key given in its place.
    OtherKey,
}

/// A change to one stage of the pipeline.
#[derive(Debug, Clone)]
pub(crate) enum Mistake {
    Add {
        name: String,
        value: String,
        why: Added,
    },
    Remove(String),
    DropEmpty,
    OtherMessage(String, &'static [Field]),
    Order(Order),
    /// The fields in the reverse of the gateway's order.
    Reversed,
    Value {
        name: String,
        value: String,
        slip: Slip,
    },
    AllValues(Vec<(String, String)>, Slip),
    Assembly(Assembly),
    KeyPlace(KeyUse),
    KeyLabel(&'static str),
    Key(Vec<u8>, KeySlip),
    Gbk,
    Digest(KeyUse, Digest),
    Output(Output),
}

impl Mistake {
    /// The stage the mistake changes.
    pub(crate) fn stage(&self) -> Stage {
        match self {
            Mistake::Add { .. } | Mistake::Remove(_) | Mistake::DropEmpty => Stage::Selection,
            Mistake::OtherMessage(..) => Stage::Selection,
            Mistake::Order(_) | Mistake::Reversed => Stage::Order,
            Mistake::Value { .. } | Mistake::AllValues(..) => Stage::Values,
            Mistake::Assembly(_) | Mistake::KeyPlace(_) => Stage::Assembly,
            Mistake::KeyLabel(_) | Mistake::Key(..) => Stage::Key,
            Mistake::Gbk => Stage::Bytes,
            Mistake::Digest(..) => Stage::Digest,
            Mistake::Output(_) => Stage::Output,
        }
    }

    /// The field concerned, when there is one.
    pub(crate) fn field(&self) -> Option<&str> {
        match self {
            Mistake::Add { name, .. } | Mistake::Remove(name) | Mistake::Value { name, .. } => {
                Some(name)
            }
            _ => None,
        }
    }

    /// Applies the mistake to a recipe; `false` when it does not apply there (the field was
    /// left out, the key is not appended, another mistake already moved the key).
    pub(crate) fn apply<'m>(&'m self, m: &Message, r: &mut Recipe<'m>) -> bool {
        let keyed = m.pipeline.key != KeyUse::Rsa;
        match self {
            Mistake::Add { name, value, .. } => r.add = Some((name, value)),
            Mistake::Remove(name) => r.remove = Some(name),
            Mistake::DropEmpty => r.pipeline.empty = Empty::Dropped,
            Mistake::OtherMessage(_, fields) => r.fields = fields,
            Mistake::Order(o) => r.pipeline.order = *o,
            Mistake::Reversed => r.reversed = true,
            Mistake::Value { name, value, .. } => {
                if r.remove == Some(name.as_str()) {
                    return false;
                }
                r.value = Some((name, value));
            }
            Mistake::AllValues(values, _) => r.values = Some(values),
            Mistake::Assembly(a) => r.pipeline.assembly = *a,
            Mistake::KeyPlace(k) => r.pipeline.key = *k,
            Mistake::KeyLabel(label) => match r.pipeline.key {
                KeyUse::Appended(_) => r.pipeline.key = KeyUse::Appended(label),
                _ => return false,
            },
            Mistake::Key(bytes, _) => r.key = bytes,
            Mistake::Gbk => r.pipeline.bytes = Charset::Gbk,
            Mistake::Digest(k, d) => {
                if r.pipeline.key != m.pipeline.key || !keyed {
                    return false;
                }
                r.pipeline.key = *k;
                r.pipeline.digest = *d;
            }
            Mistake::Output(_) => return false,
        }
        true
    }
}
