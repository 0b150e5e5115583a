//! How a gateway signs, as data: which fields are signed and in what order, how the sign source
//! is assembled, where the key goes, which bytes are hashed, the digest and the output encoding.
//!
//! Each gateway describes its signature once, as a [`Pipeline`] (`clpay::PIPELINE`,
//! `cmpay::PIPELINE_MD5`, `cmpay::PIPELINE_RSA`). Signing, verification, validation, the
//! debugger's sign source and its diagnosis all run these functions; the diagnosis changes one
//! or two stages of the description (a mistake) and runs it again. No other code assembles a
//! sign source or computes a digest.

use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest as _, Md5};
use sha1::Sha1;

use crate::form::Charset;
use crate::params::Params;
use crate::schema::Field;
use crate::util;

/// The order the signed fields are taken in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The order of the message's table (CMPay: the manual's document order).
    Table,
    /// Sorted by name, byte order (clpayment).
    ByName,
    /// Sorted by name ignoring ASCII case (a mistake: a case-insensitive sort).
    ByNameIgnoringCase,
    /// The order the fields arrived in; fields not received follow in table order (a mistake).
    Received,
}

/// What a missing or empty value contributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Empty {
    /// The field stays: `name=` in a `name=value` source, nothing in a values-only one.
    Kept,
    /// The field is left out entirely, separators and name included (a mistake for both
    /// gateways; some SDKs of other gateways do it).
    Dropped,
}

/// How the sign source is written from the ordered fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assembly {
    /// Whether each field is written `name` + `pair` + `value` (otherwise the value alone).
    pub names: bool,
    /// Between a name and its value (`=`).
    pub pair: &'static str,
    /// Between two fields (`&`, or nothing).
    pub join: &'static str,
}

impl Assembly {
    /// `name=value` joined by `&` (clpayment).
    pub const PAIRS: Assembly = Assembly {
        names: true,
        pair: "=",
        join: "&",
    };
    /// The values concatenated, no separator (CMPay).
    pub const VALUES: Assembly = Assembly {
        names: false,
        pair: "",
        join: "",
    };
}

/// Where the key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyUse {
    /// Appended to the source after a label (clpayment `&KEY=`).
    Appended(&'static str),
    /// Written before the source, followed by a label (a mistake).
    Prepended(&'static str),
    /// The key of the digest's HMAC (CMPay).
    HmacKey,
    /// No secret key in the digest: RSA signs the digest with the private key.
    Rsa,
}

/// The digest of the source bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    /// MD5 (clpayment, the key being part of the source).
    Md5,
    /// One HMAC-MD5 with the key (a mistake for CMPay: what its manual suggests).
    HmacMd5,
    /// CMPay: `HMAC-MD5(key, hex(HMAC-MD5("", source)))`, lowercase hex in between.
    HmacMd5Chained,
    /// SHA-1 (a mistake for both MD5 gateways).
    Sha1,
    /// CMPay signType=RSA: SHA-1, signed with RSA PKCS#1 v1.5 (SHA1withRSA).
    RsaSha1,
}

/// How the signature is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Lowercase hex (CMPay).
    HexLower,
    /// Uppercase hex (clpayment).
    HexUpper,
    /// Base64.
    Base64,
}

/// One gateway's signature, stage by stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pipeline {
    /// `clpay` or `cmpay`.
    pub gateway: &'static str,
    /// The field the signature travels in (`sign`, `hmac`).
    pub signature_field: &'static str,
    /// Fields that never take part, whatever the table says (the signature, certificates).
    pub never_signed: &'static [&'static str],
    /// Field order.
    pub order: Order,
    /// What a missing or empty value contributes.
    pub empty: Empty,
    /// How the source is written.
    pub assembly: Assembly,
    /// Where the key goes.
    pub key: KeyUse,
    /// The bytes hashed: the source's encoding.
    pub bytes: Charset,
    /// The digest.
    pub digest: Digest,
    /// How the signature is written.
    pub output: Output,
}

/// A piece of a sign source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A field name.
    Name(&'a str),
    /// A separator (`=`, `&`).
    Sep(&'static str),
    /// A field's value: `(name, value)`.
    Value(&'a str, &'a str),
}

impl<'a> Piece<'a> {
    /// The text the piece contributes.
    pub fn text(&self) -> &'a str {
        match *self {
            Piece::Name(t) | Piece::Sep(t) | Piece::Value(_, t) => t,
        }
    }
}

/// A digest: up to 20 bytes (SHA-1), without allocating.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Hash {
    bytes: [u8; 20],
    len: usize,
}

impl Hash {
    fn new(b: &[u8]) -> Self {
        let mut bytes = [0u8; 20];
        let len = b.len().min(20);
        if let (Some(dst), Some(src)) = (bytes.get_mut(..len), b.get(..len)) {
            dst.copy_from_slice(src);
        }
        Hash { bytes, len }
    }

    /// The digest's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

impl core::fmt::Debug for Hash {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Hash({})", util::hex(self.as_bytes(), false))
    }
}

/// HMAC-MD5 (RFC 2104).
pub(crate) fn hmac_md5(key: &[u8], data: &[u8]) -> [u8; 16] {
    let mut m = hmac_md5_new(key);
    m.update(data);
    m.finalize().into_bytes().into()
}

fn hmac_md5_new(key: &[u8]) -> Hmac<Md5> {
    // Keying costs two MD5 blocks (the padded key XOR ipad, and opad): the states of the last
    // few keys are kept (CMPay keys one HMAC with the empty key, the other with the signKey).
    HMAC_KEYS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, h)) = cache.iter().find(|(k, _)| util::ct_eq(k, key)) {
            return h.clone();
        }
        // HMAC accepts keys of any length; the fallback is never taken.
        let h = <Hmac<Md5> as KeyInit>::new_from_slice(key)
            .unwrap_or_else(|_| <Hmac<Md5> as KeyInit>::new(&Default::default()));
        if cache.len() == 4 {
            cache.remove(0);
        }
        cache.push((key.to_vec(), h.clone()));
        h
    })
}

std::thread_local! {
    /// Keyed HMAC-MD5 states of the last keys used.
    static HMAC_KEYS: core::cell::RefCell<Vec<(Vec<u8>, Hmac<Md5>)>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// A running digest fed piece by piece.
enum Hasher {
    Md5(Md5),
    Hmac(Hmac<Md5>),
    Sha1(Sha1),
}

/// Collects the many small pieces of a source into blocks before they reach the digest (one
/// digest call per 256 bytes rather than one per name, separator and value).
struct Buffered<'h> {
    hasher: &'h mut Hasher,
    buf: [u8; 256],
    len: usize,
}

impl Buffered<'_> {
    fn write(&mut self, b: &[u8]) {
        let end = self.len + b.len();
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(b);
            self.len = end;
        } else {
            self.flush();
            if b.len() >= self.buf.len() {
                self.hasher.update(b);
            } else {
                self.write(b);
            }
        }
    }

    fn flush(&mut self) {
        self.hasher
            .update(self.buf.get(..self.len).unwrap_or_default());
        self.len = 0;
    }
}

impl Hasher {
    fn update(&mut self, b: &[u8]) {
        match self {
            Hasher::Md5(h) => h.update(b),
            Hasher::Hmac(h) => h.update(b),
            Hasher::Sha1(h) => h.update(b),
        }
    }
}

impl Pipeline {
    /// Whether a table field takes part.
    pub fn signs(&self, f: &Field) -> bool {
        f.signed && !self.never_signed.contains(&f.name)
    }

    /// The names of the signed fields of a table, in sign order.
    pub fn signed_names(&self, fields: &[Field]) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = fields
            .iter()
            .filter(|f| self.signs(f))
            .map(|f| f.name)
            .collect();
        match self.order {
            // Already in table order.
            Order::Table => {}
            Order::ByName => names.sort_unstable(),
            _ => self.order_names(fields, &mut names, None),
        }
        names
    }

    /// Puts names in this pipeline's order. `Table` keeps table fields in table order and the
    /// others after them by name; `Received` needs the message as received. Each name's sort key
    /// is computed once (positions are looked up, not searched for in every comparison), and one
    /// sort serves every order.
    pub fn order_names(&self, fields: &[Field], names: &mut [&str], received: Option<&Params>) {
        if self.order == Order::ByName {
            names.sort_unstable();
            return;
        }
        let table = |n: &str| {
            fields
                .iter()
                .position(|f| f.name == n)
                .unwrap_or(usize::MAX)
        };
        let arrived = |n: &str| {
            received
                .and_then(|p| p.iter().position(|(k, _)| k == n))
                .unwrap_or(usize::MAX)
        };
        let mut keyed: Vec<(usize, usize, Vec<u8>, &str)> = names
            .iter()
            .map(|&n| match self.order {
                Order::Table => (table(n), 0, Vec::new(), n),
                Order::Received => (arrived(n), table(n), Vec::new(), n),
                Order::ByNameIgnoringCase => (0, 0, n.to_ascii_lowercase().into_bytes(), n),
                Order::ByName => (0, 0, n.as_bytes().to_vec(), n),
            })
            .collect();
        keyed.sort_unstable();
        for (slot, (_, _, _, n)) in names.iter_mut().zip(keyed) {
            *slot = n;
        }
    }

    /// The signed `(name, value)` pairs of a message, in sign order. A table-ordered pipeline
    /// (CMPay) walks the table as it is, without collecting the names.
    fn signed_pairs<'a>(
        &'a self,
        fields: &'a [Field],
        params: &'a Params,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let in_table = self.order == Order::Table;
        let ordered = (!in_table).then(|| self.signed_names(fields));
        let table = fields
            .iter()
            .filter(move |f| in_table && self.signs(f))
            .map(|f| f.name);
        let mut next = 0;
        ordered
            .into_iter()
            .flatten()
            .chain(table)
            .map(move |n| (n, params.get_near(n, &mut next).unwrap_or("")))
    }

    /// Walks the source (without the key) piece by piece from ordered `(name, value)` pairs.
    pub fn pieces<'a>(
        &self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        mut put: impl FnMut(Piece<'a>),
    ) {
        let a = self.assembly;
        let mut first = true;
        for (name, value) in pairs {
            if self.empty == Empty::Dropped && value.is_empty() {
                continue;
            }
            if !first && !a.join.is_empty() {
                put(Piece::Sep(a.join));
            }
            first = false;
            if a.names {
                put(Piece::Name(name));
                if !a.pair.is_empty() {
                    put(Piece::Sep(a.pair));
                }
            }
            put(Piece::Value(name, value));
        }
    }

    /// Writes the source (without the key) from ordered `(name, value)` pairs.
    pub fn assemble<'a>(
        &self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        mut put: impl FnMut(&[u8]),
    ) {
        self.pieces(pairs, |p| put(p.text().as_bytes()));
    }

    /// The sign source (without the key) of a message's signed fields.
    pub fn source(&self, fields: &[Field], params: &Params) -> String {
        self.source_of(self.signed_pairs(fields, params))
    }

    /// The sign source (without the key) of ordered pairs.
    pub fn source_of<'a>(&self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
        let mut s = Vec::new();
        self.assemble(pairs, |b| s.extend_from_slice(b));
        // Every piece is a &str, so the concatenation is valid UTF-8.
        String::from_utf8(s).unwrap_or_default()
    }

    /// The digest of ordered pairs with a key (for RSA, the SHA-1 to be signed; the key is
    /// unused). The source is streamed into the digest when its bytes are UTF-8. `None` when
    /// the source cannot be written in the pipeline's charset (GBK).
    pub fn hash<'a>(
        &self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        key: &[u8],
    ) -> Option<Hash> {
        match self.bytes {
            Charset::Utf8 => Some(self.hash_with(key, |hasher| {
                let mut h = Buffered {
                    hasher,
                    buf: [0; 256],
                    len: 0,
                };
                self.assemble(pairs, |b| h.write(b));
                h.flush();
            })),
            Charset::Gbk => {
                let source = self.source_of(pairs);
                let bytes = Charset::Gbk.encode(&source, "source").ok()?;
                Some(self.hash_with(key, |h| h.update(&bytes)))
            }
        }
    }

    /// The digest of a message's signed fields.
    pub fn hash_message(&self, fields: &[Field], params: &Params, key: &[u8]) -> Option<Hash> {
        self.hash(self.signed_pairs(fields, params), key)
    }

    /// The digest of a sign source already written (for a display of the steps).
    pub fn hash_source(&self, source: &str, key: &[u8]) -> Option<Hash> {
        let bytes = self.bytes.encode(source, "source").ok()?;
        Some(self.hash_with(key, |h| h.update(&bytes)))
    }

    fn hash_with(&self, key: &[u8], source: impl FnOnce(&mut Hasher)) -> Hash {
        let mut h = match self.digest {
            Digest::Md5 => Hasher::Md5(Md5::new()),
            Digest::Sha1 | Digest::RsaSha1 => Hasher::Sha1(Sha1::new()),
            Digest::HmacMd5 if self.key == KeyUse::HmacKey => Hasher::Hmac(hmac_md5_new(key)),
            Digest::HmacMd5 | Digest::HmacMd5Chained => Hasher::Hmac(hmac_md5_new(b"")),
        };
        if let KeyUse::Prepended(label) = self.key {
            h.update(key);
            h.update(label.as_bytes());
        }
        source(&mut h);
        if let KeyUse::Appended(label) = self.key {
            h.update(label.as_bytes());
            h.update(key);
        }
        match h {
            Hasher::Md5(h) => Hash::new(&h.finalize()),
            Hasher::Sha1(h) => Hash::new(&h.finalize()),
            Hasher::Hmac(h) => {
                let d: [u8; 16] = h.finalize().into_bytes().into();
                if self.digest == Digest::HmacMd5Chained {
                    let k = if self.key == KeyUse::HmacKey {
                        key
                    } else {
                        b""
                    };
                    Hash::new(&hmac_md5(k, util::hex(&d, false).as_bytes()))
                } else {
                    Hash::new(&d)
                }
            }
        }
    }

    /// Writes a digest as the pipeline's output says.
    pub fn encode(&self, hash: &[u8]) -> String {
        encode(self.output, hash)
    }

    /// The signature of a message's signed fields (MD5 pipelines; RSA signs elsewhere).
    pub fn sign(&self, fields: &[Field], params: &Params, key: &[u8]) -> Option<String> {
        self.hash_message(fields, params, key)
            .map(|h| self.encode(h.as_bytes()))
    }

    /// Checks a received signature in constant time, exactly as written (hex case included).
    pub fn verify(&self, fields: &[Field], params: &Params, key: &[u8], received: &str) -> bool {
        let Some(hash) = self.hash_message(fields, params, key) else {
            return false;
        };
        match self.output {
            Output::HexLower | Output::HexUpper => {
                // Written into a stack buffer: no String per verification.
                let mut out = [0u8; 40];
                let n = util::hex_into(hash.as_bytes(), self.output == Output::HexUpper, &mut out);
                util::ct_eq(out.get(..n).unwrap_or_default(), received.as_bytes())
            }
            Output::Base64 => {
                util::ct_eq(self.encode(hash.as_bytes()).as_bytes(), received.as_bytes())
            }
        }
    }
}

impl Pipeline {
    /// The pipeline in words, stage by stage: `(stage, description)`. The README's table of
    /// how each gateway signs is this, checked by a test.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        let never: Vec<String> = self.never_signed.iter().map(|n| format!("`{n}`")).collect();
        let fields = format!(
            "those marked signed in the message's table; never {}",
            never.join(", ")
        );
        let order = match self.order {
            Order::ByName => "sorted by name (byte order)",
            Order::ByNameIgnoringCase => "sorted by name, ignoring case",
            Order::Table => "the message's table order",
            Order::Received => "as received",
        };
        let empty = match (self.empty, self.assembly.names) {
            (Empty::Kept, true) => "written `name=`",
            (Empty::Kept, false) => "contributes nothing",
            (Empty::Dropped, _) => "left out",
        };
        let assembly = match (self.assembly.names, self.assembly.join) {
            (true, j) => format!("`name{}value` joined by `{j}`", self.assembly.pair),
            (false, "") => "values concatenated, no separator".to_owned(),
            (false, j) => format!("values joined by `{j}`"),
        };
        let key = match self.key {
            KeyUse::Appended(l) => format!("`{l}` and the key appended"),
            KeyUse::Prepended(l) => format!("the key and `{l}` before the source"),
            KeyUse::HmacKey => "the HMAC key".to_owned(),
            KeyUse::Rsa => "the merchant's RSA private key signs the digest".to_owned(),
        };
        let digest = match self.digest {
            Digest::Md5 => "MD5",
            Digest::HmacMd5 => "HMAC-MD5(key, source)",
            Digest::HmacMd5Chained => "HMAC-MD5(key, lowercase hex of HMAC-MD5(\"\", source))",
            Digest::Sha1 => "SHA-1",
            Digest::RsaSha1 => "SHA1withRSA (PKCS#1 v1.5)",
        };
        let output = match (self.output, self.digest) {
            (Output::HexLower, Digest::RsaSha1) => "lowercase hex (base64 accepted)",
            (Output::HexLower, _) => "lowercase hex",
            (Output::HexUpper, _) => "uppercase hex",
            (Output::Base64, _) => "base64",
        };
        vec![
            ("fields", fields),
            ("order", order.to_owned()),
            ("empty values", empty.to_owned()),
            ("assembly", assembly),
            ("key", key),
            ("bytes", self.bytes.name().to_owned()),
            ("digest", digest.to_owned()),
            ("output", output.to_owned()),
        ]
    }
}

/// Writes a digest in an output encoding.
pub fn encode(output: Output, hash: &[u8]) -> String {
    use base64::Engine as _;
    match output {
        Output::HexLower => util::hex(hash, false),
        Output::HexUpper => util::hex(hash, true),
        Output::Base64 => base64::engine::general_purpose::STANDARD.encode(hash),
    }
}

#[cfg(test)]
mod tests {
    use crate::{clpay, cmpay};

    /// The README's table of how each gateway signs is the pipelines' own description.
    #[test]
    fn readme_describes_the_pipelines() {
        let columns = [
            clpay::sign::PIPELINE.describe(),
            cmpay::sign::PIPELINE_MD5.describe(),
            cmpay::sign::PIPELINE_RSA.describe(),
        ];
        let mut table =
            String::from("| stage | clpayment | CMPay, signType=MD5 | CMPay, signType=RSA |\n|---|---|---|---|\n");
        for (i, (stage, _)) in columns[0].iter().enumerate() {
            let cells: Vec<&str> = columns.iter().map(|c| c[i].1.as_str()).collect();
            table.push_str(&format!("| {stage} | {} |\n", cells.join(" | ")));
        }
        let readme = include_str!("../README.md");
        assert!(readme.contains(&table), "README should contain:\n{table}");
    }
}
