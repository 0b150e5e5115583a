//! The mistakes that apply to one message, stage by stage, most common first within a stage.
//! Each is kept only when it changes what would be signed.

use base64::Engine as _;

use crate::clpay::{self, TdesOptions};
use crate::form::{percent_decode, percent_encode, Charset};
use crate::pipeline::{Assembly, Digest, Empty, KeyUse, Order};
use crate::util;

use super::mistake::{Added, KeySlip, Mistake, Slip};
use super::recipe::{Message, Recipe};
use super::target::Target;

/// What the catalogue needs besides the message.
pub(crate) struct Given<'a> {
    /// The charset the input's percent-escapes were decoded with.
    pub charset: Charset,
    /// The MD5 key, when given.
    pub key: Option<&'a str>,
    /// The clpayment 3DES key, when given.
    pub tdes_key: Option<&'a str>,
}

/// Every mistake that applies, stage by stage.
pub(crate) fn catalogue(m: &Message, target: &Target, given: &Given) -> Vec<Mistake> {
    let mut out = Vec::new();
    selection(m, target, &mut out);
    order(m, &mut out);
    values(m, given, &mut out);
    assembly(m, &mut out);
    if m.pipeline.key != KeyUse::Rsa {
        if let Some(k) = given.key {
            key(m, k, given.tdes_key, &mut out);
        }
    }
    if m.names.iter().any(|n| !m.params.value(n).is_ascii()) {
        out.push(Mistake::Gbk);
    }
    if m.pipeline.key != KeyUse::Rsa {
        digest(m, &mut out);
    }
    out
}

fn selection(m: &Message, target: &Target, out: &mut Vec<Mistake>) {
    let p = &m.pipeline;
    for (name, value) in m.params.iter() {
        if name == p.signature_field || m.names.contains(&name) {
            continue;
        }
        let why = if p.never_signed.contains(&name) {
            Added::Certificate
        } else if m.fields.iter().any(|f| f.name == name) {
            Added::Unsigned
        } else {
            Added::Unknown
        };
        out.push(Mistake::Add {
            name: name.to_owned(),
            value: value.to_owned(),
            why,
        });
    }
    let counts = |v: &str| p.assembly.names || !v.is_empty();
    for name in &m.names {
        if counts(m.params.value(name)) {
            out.push(Mistake::Remove((*name).to_owned()));
        }
    }
    let empties = m
        .names
        .iter()
        .filter(|n| m.params.value(n).is_empty())
        .count();
    if p.empty == Empty::Kept && p.assembly.names && empties > 1 {
        out.push(Mistake::DropEmpty);
    }
    if p.assembly.names {
        out.push(Mistake::Add {
            name: p.signature_field.to_owned(),
            value: String::new(),
            why: Added::Signature,
        });
    }
    for (label, fields) in target.others() {
        let mut names = p.signed_names(fields);
        names.retain(|n| counts(m.params.value(n)));
        let mut ours = m.names.clone();
        ours.retain(|n| counts(m.params.value(n)));
        if names != ours {
            out.push(Mistake::OtherMessage(label, fields));
        }
    }
}

/// The other orders, each kept when it changes the order of this message's fields (judged by
/// running the recipe, as the search will).
fn order(m: &Message, out: &mut Vec<Mistake>) {
    let mut seen: Vec<Vec<String>> = vec![m.names.iter().map(|n| (*n).to_owned()).collect()];
    for mistake in [
        Mistake::Order(Order::ByName),
        Mistake::Order(Order::Table),
        Mistake::Order(Order::Received),
        Mistake::Reversed,
        Mistake::Order(Order::ByNameIgnoringCase),
    ] {
        let names: Vec<String> = {
            let mut r = Recipe::correct(m, b"");
            mistake.apply(m, &mut r);
            let pairs = r.pairs(m);
            pairs.into_iter().map(|(n, _)| n.to_owned()).collect()
        };
        if !seen.contains(&names) {
            seen.push(names);
            out.push(mistake);
        }
    }
}

/// The charset other than `cs`.
fn other(cs: Charset) -> Charset {
    match cs {
        Charset::Utf8 => Charset::Gbk,
        Charset::Gbk => Charset::Utf8,
    }
}

/// A value's text decoded in a charset, invalid bytes replaced (what a lenient decoder gives).
fn lossy(bytes: &[u8], cs: Charset) -> String {
    match cs {
        Charset::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        Charset::Gbk => encoding_rs::GBK
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The ways one value may have been changed: `(slip, value as signed)`.
fn slips(value: &str, raw: Option<&str>, given: &Given) -> Vec<(Slip, String)> {
    let mut v: Vec<(Slip, String)> = Vec::new();
    if let Some(r) = raw {
        v.push((Slip::Raw, r.to_owned()));
        if r.contains('%') {
            if let Ok(bytes) = percent_decode(r.as_bytes()) {
                v.push((
                    Slip::OtherCharset(other(given.charset)),
                    lossy(&bytes, other(given.charset)),
                ));
            }
        }
    }
    for cs in [Charset::Utf8, Charset::Gbk] {
        if let Ok(enc) = percent_encode(value, cs, "value") {
            // Form encoding writes a space `+`; encodeURIComponent and RFC 3986 write `%20`.
            let component = enc.replace('+', "%20");
            v.push((Slip::Encoded(cs), enc));
            v.push((Slip::Encoded(cs), component));
        }
    }
    if value.contains('%') {
        if let Ok(bytes) = percent_decode(value.as_bytes()) {
            for cs in [Charset::Utf8, Charset::Gbk] {
                if let Ok(dec) = cs.decode(&bytes, "value") {
                    v.push((Slip::DecodedAgain(cs), dec));
                }
            }
        }
    }
    let swap = |c| match c {
        ' ' => '+',
        '+' => ' ',
        c => c,
    };
    v.push((Slip::PlusSpace, value.chars().map(swap).collect()));
    v.push((Slip::Trimmed, value.trim().to_owned()));
    v.push((Slip::HalfWidth, value.chars().map(half_width).collect()));
    if !value.is_ascii() {
        v.push((Slip::FullWidth, value.chars().map(full_width).collect()));
    }
    for n in numbers(value) {
        v.push((Slip::Number, n));
    }
    v
}

fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        c => c,
    }
}

fn full_width(c: char) -> char {
    if c.is_ascii_alphanumeric() {
        char::from_u32(c as u32 + 0xfee0).unwrap_or(c)
    } else {
        c
    }
}

/// A number written the other ways merchants write it: fen as yuan (`100` → `1.00`), with
/// decimals, without leading zeros; yuan as fen.
fn numbers(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !v.is_empty() && v.len() <= 15 && v.bytes().all(|b| b.is_ascii_digit()) {
        let n: u64 = v.parse().unwrap_or(0);
        out.push(format!("{}.{:02}", n / 100, n % 100));
        out.push(format!("{v}.00"));
        out.push(n.to_string());
    } else if let Some((int, frac)) = v.split_once('.') {
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 13 && s.bytes().all(|b| b.is_ascii_digit());
        if digits(int) && digits(frac) && frac.len() <= 2 {
            let fen: u64 = int.parse::<u64>().unwrap_or(0) * 100
                + format!("{frac:0<2}").parse::<u64>().unwrap_or(0);
            out.push(fen.to_string());
            out.push(int.to_owned());
        }
    }
    out
}

fn values(m: &Message, given: &Given, out: &mut Vec<Mistake>) {
    for name in &m.names {
        let value = m.params.value(name);
        let raw = m.raw.get(name).filter(|r| *r != value);
        let mut seen: Vec<String> = vec![value.to_owned()];
        let card = m.fields.iter().any(|f| f.name == *name && f.encrypted);
        let mut all = if value.is_empty() {
            Vec::new()
        } else {
            slips(value, raw, given)
        };
        if let (true, Some(tk)) = (card && !value.is_empty(), given.tdes_key) {
            all.extend(card_slips(value, tk));
        }
        all.push((Slip::Padded, format!("{value} ")));
        for (slip, v) in all {
            if !seen.contains(&v) {
                seen.push(v.clone());
                let name = (*name).to_owned();
                out.push(Mistake::Value {
                    name,
                    value: v,
                    slip,
                });
            }
        }
    }
    for slip in [Slip::Trimmed, Slip::Raw, Slip::Encoded(Charset::Utf8)] {
        let changed: Vec<(String, String)> = m
            .names
            .iter()
            .filter_map(|n| {
                let v = m.params.value(n);
                let s = match slip {
                    Slip::Trimmed => v.trim().to_owned(),
                    Slip::Raw => m.raw.get(n).unwrap_or(v).to_owned(),
                    _ => percent_encode(v, Charset::Utf8, "value").ok()?,
                };
                (s != v).then(|| ((*n).to_owned(), s))
            })
            .collect();
        if changed.len() > 1 {
            out.push(Mistake::AllValues(changed, slip));
        }
    }
}

/// A card field signed plain (it arrived encrypted) or encrypted (it arrived plain).
fn card_slips(value: &str, tdes_key: &str) -> Vec<(Slip, String)> {
    let opts = TdesOptions::default();
    match clpay::decrypt(value, tdes_key, &opts) {
        Ok(plain) => vec![(Slip::CardPlain, plain)],
        Err(_) => clpay::encrypt(value, tdes_key, &opts)
            .map(|enc| vec![(Slip::CardEncrypted, enc)])
            .unwrap_or_default(),
    }
}

fn assembly(m: &Message, out: &mut Vec<Mistake>) {
    let a = m.pipeline.assembly;
    let others: &[Assembly] = if a.names {
        &[
            Assembly::VALUES,
            Assembly {
                join: "",
                ..Assembly::PAIRS
            },
            Assembly {
                join: ",",
                ..Assembly::PAIRS
            },
            Assembly {
                join: "|",
                ..Assembly::PAIRS
            },
        ]
    } else {
        &[
            Assembly::PAIRS,
            Assembly {
                join: "&",
                ..Assembly::VALUES
            },
            Assembly {
                join: "|",
                ..Assembly::VALUES
            },
            Assembly {
                join: ",",
                ..Assembly::VALUES
            },
        ]
    };
    out.extend(others.iter().map(|a| Mistake::Assembly(*a)));
    if let KeyUse::Appended(_) = m.pipeline.key {
        for label in ["", "&", "KEY="] {
            out.push(Mistake::KeyPlace(KeyUse::Appended(label)));
        }
    }
}

fn key(m: &Message, key: &str, tdes_key: Option<&str>, out: &mut Vec<Mistake>) {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut forms: Vec<(KeySlip, Vec<u8>)> = vec![
        (KeySlip::Trimmed, key.trim().into()),
        (KeySlip::Newline, format!("{key}\n").into_bytes()),
        (
            KeySlip::InnerSpace,
            key.split_whitespace().collect::<String>().into_bytes(),
        ),
        (KeySlip::Upper, key.to_uppercase().into_bytes()),
        (KeySlip::Lower, key.to_lowercase().into_bytes()),
    ];
    if let Some(b) = util::unhex(key.trim()) {
        forms.push((KeySlip::HexDecoded, b));
    }
    if let Ok(b) = b64.decode(key.trim()) {
        forms.push((KeySlip::Base64Decoded, b));
    }
    if let Some(t) = tdes_key {
        forms.push((KeySlip::OtherKey, t.as_bytes().to_vec()));
    }
    let mut seen: Vec<Vec<u8>> = vec![key.as_bytes().to_vec()];
    for (slip, bytes) in forms {
        if !seen.contains(&bytes) && !bytes.is_empty() {
            seen.push(bytes.clone());
            out.push(Mistake::Key(bytes, slip));
        }
    }
    if let KeyUse::Appended(_) = m.pipeline.key {
        out.push(Mistake::KeyLabel("&key="));
        out.push(Mistake::KeyLabel("&Key="));
    }
}

fn digest(m: &Message, out: &mut Vec<Mistake>) {
    let wrong: &[(KeyUse, Digest)] = if m.pipeline.gateway == "clpay" {
        &[
            (KeyUse::HmacKey, Digest::HmacMd5),
            (KeyUse::Prepended(""), Digest::Md5),
            (KeyUse::Appended("&KEY="), Digest::Sha1),
            (KeyUse::HmacKey, Digest::HmacMd5Chained),
        ]
    } else {
        &[
            (KeyUse::HmacKey, Digest::HmacMd5),
            (KeyUse::Appended(""), Digest::Md5),
            (KeyUse::Prepended(""), Digest::Md5),
            (KeyUse::Appended(""), Digest::Sha1),
            (KeyUse::Appended("&KEY="), Digest::Md5),
        ]
    };
    out.extend(wrong.iter().map(|(k, d)| Mistake::Digest(*k, *d)));
}
