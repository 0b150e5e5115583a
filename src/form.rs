//! Wire formats: `application/x-www-form-urlencoded` bodies in UTF-8 or GBK, and JSON objects.

use std::borrow::Cow;

use crate::error::{Error, Result};
use serde_json::value::RawValue;

use crate::params::{Params, MAX_BODY_LEN, MAX_FIELDS};

/// The charsets the gateways use on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// UTF-8 (clpayment always; CMPay `characterSet=02`).
    Utf8,
    /// GBK (CMPay `characterSet=00`, the default, and `01` GB2312, a subset of GBK).
    Gbk,
}

impl Charset {
    /// Parses a charset name: `UTF-8` (any case, with or without the dash), `GBK` or `GB2312`.
    /// An unknown name is a [`Error::BadCharset`] naming `field`.
    pub fn from_name(name: &str, field: &str) -> Result<Self> {
        match name.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "utf8" => Ok(Charset::Utf8),
            "gbk" | "gb2312" | "cp936" => Ok(Charset::Gbk),
            _ => Err(Error::BadCharset {
                field: field.to_owned(),
            }),
        }
    }

    /// The charset's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Charset::Utf8 => "UTF-8",
            Charset::Gbk => "GBK",
        }
    }

    /// Decodes bytes strictly: malformed input is a [`Error::BadEncoding`] naming `field`.
    pub fn decode(self, bytes: &[u8], field: &str) -> Result<String> {
        let mut out = String::new();
        if self.decode_into(bytes, &mut out) {
            Ok(out)
        } else {
            Err(Error::BadEncoding {
                field: field.to_owned(),
                charset: self.name(),
            })
        }
    }

    /// Decodes bytes strictly onto the end of `out`; `false` (and `out` unchanged) when they
    /// are malformed. ASCII is the same in both charsets and is copied as it is.
    pub(crate) fn decode_into(self, bytes: &[u8], out: &mut String) -> bool {
        if let Ok(s) = std::str::from_utf8(bytes) {
            if self == Charset::Utf8 || s.is_ascii() {
                out.push_str(s);
                return true;
            }
        }
        match self {
            Charset::Utf8 => false,
            Charset::Gbk => {
                match encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes) {
                    Some(s) => {
                        out.push_str(&s);
                        true
                    }
                    None => false,
                }
            }
        }
    }

    /// Encodes text; a character GBK cannot represent is a [`Error::BadEncoding`].
    pub fn encode<'a>(self, text: &'a str, field: &str) -> Result<std::borrow::Cow<'a, [u8]>> {
        match self {
            Charset::Utf8 => Ok(std::borrow::Cow::Borrowed(text.as_bytes())),
            Charset::Gbk => {
                let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
                if unmappable {
                    Err(Error::BadEncoding {
                        field: field.to_owned(),
                        charset: "GBK",
                    })
                } else {
                    Ok(bytes)
                }
            }
        }
    }
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `input` percent-decoded: itself when it holds no `%` or `+`, else decoded into `scratch`.
fn percent_decoded<'a>(input: &'a [u8], scratch: &'a mut Vec<u8>) -> Result<&'a [u8]> {
    if !input.iter().any(|&b| b == b'%' || b == b'+') {
        return Ok(input);
    }
    scratch.clear();
    let mut i = 0;
    while let Some(&b) = input.get(i) {
        match b {
            b'+' => scratch.push(b' '),
            b'%' => {
                let hi = input.get(i + 1).copied().and_then(hex_val);
                let lo = input.get(i + 2).copied().and_then(hex_val);
                match (hi, lo) {
                    (Some(h), Some(l)) => scratch.push(h << 4 | l),
                    _ => return Err(Error::bad_body(format!("bad percent escape at byte {i}"))),
                }
                i += 2;
            }
            _ => scratch.push(b),
        }
        i += 1;
    }
    Ok(scratch)
}

/// Percent-decodes bytes (`+` is a space); a `%` not followed by two hex digits is an error.
pub fn percent_decode(input: &[u8]) -> Result<Vec<u8>> {
    let mut scratch = Vec::new();
    percent_decoded(input, &mut scratch).map(<[u8]>::to_vec)
}

/// Percent-encodes text the way Java's `URLEncoder` does (the gateways' own servers are Java):
/// `A-Z a-z 0-9 - _ . *` stay, a space becomes `+`, every other byte of the charset is `%XX`.
pub fn percent_encode(text: &str, charset: Charset, field: &str) -> Result<String> {
    let bytes = charset.encode(text, field)?;
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes.iter() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(crate::util::hex_digit(b >> 4, true));
                out.push(crate::util::hex_digit(b, true));
            }
        }
    }
    Ok(out)
}

/// Builds a form body from parameters, in their order.
pub fn encode_form(params: &Params, charset: Charset) -> Result<String> {
    let mut out = String::new();
    for (k, v) in params.iter() {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&percent_encode(k, charset, k)?);
        out.push('=');
        out.push_str(&percent_encode(v, charset, k)?);
    }
    Ok(out)
}

/// Parses a form body: pairs split on `&`, name and value on the first `=`, each
/// percent-decoded and then decoded from `charset`. A name given twice, more than
/// [`MAX_FIELDS`] pairs and a body over [`MAX_BODY_LEN`] are errors. The work is linear in the
/// body's length (plus one sort of the names).
pub fn parse_form(body: &[u8], charset: Charset) -> Result<Params> {
    check_len(body)?;
    let body = body.strip_prefix(b"?").unwrap_or(body);
    let mut params = Params::with_capacity(body.len());
    // The body as text when its bytes read the same in `charset` as in UTF-8: a name or value
    // without escapes is then copied as it is (most of them), the others decoded.
    let text = std::str::from_utf8(body)
        .ok()
        .filter(|t| charset == Charset::Utf8 || t.is_ascii());
    // One buffer for the percent-decoded bytes of every escaped name and value in turn.
    let mut scratch = Vec::new();
    // One pass over the bytes, a word at a time: where each pair ends and whether it has
    // escapes.
    let (mut start, mut escaped) = (0, false);
    for i in memchr::memchr3_iter(b'&', b'%', b'+', body).chain([body.len()]) {
        if body.get(i).is_some_and(|&b| b != b'&') {
            escaped = true;
            continue;
        }
        let s = start;
        start = i + 1;
        let part = body.get(s..i).unwrap_or_default();
        if part.is_empty() {
            continue;
        }
        let eq = memchr::memchr(b'=', part).map(|e| s + e);
        let name_end = eq.unwrap_or(i);
        let value_start = eq.map_or(i, |e| e + 1);
        check_pair(&params, name_end == s)?;
        // '&' and '=' are ASCII, so the cuts are character boundaries of the text.
        let plain = text
            .filter(|_| !escaped)
            .and_then(|t| Some((t.get(s..name_end)?, t.get(value_start..i)?)));
        escaped = false;
        match plain {
            Some((k, v)) => params.push(k, v)?,
            None => {
                let k = body.get(s..name_end).unwrap_or_default();
                let v = body.get(value_start..i).unwrap_or_default();
                push_pair(&mut params, k, v, charset, &mut scratch)?;
            }
        }
    }
    if params.is_empty() {
        return Err(Error::bad_body("no fields"));
    }
    params.seal()
}

/// Refuses a pair past [`MAX_FIELDS`] or with an empty name.
fn check_pair(params: &Params, empty_name: bool) -> Result<()> {
    if params.len() == MAX_FIELDS {
        return Err(Error::TooManyFields {
            count: MAX_FIELDS + 1,
            limit: MAX_FIELDS,
        });
    }
    if empty_name {
        return Err(Error::bad_body("a pair has an empty name"));
    }
    Ok(())
}

/// Decodes a raw `name=value` pair onto the parameters.
fn push_pair(
    params: &mut Params,
    k: &[u8],
    v: &[u8],
    charset: Charset,
    scratch: &mut Vec<u8>,
) -> Result<()> {
    let bad = |field: &str| Error::BadEncoding {
        field: field.to_owned(),
        charset: charset.name(),
    };
    let name_start = params.text_mut().len();
    if !charset.decode_into(percent_decoded(k, scratch)?, params.text_mut()) {
        return Err(bad("body"));
    }
    // Not empty: the caller refused an empty name, and every escape decodes to a byte.
    let value_start = params.text_mut().len();
    let value = percent_decoded(v, scratch)?;
    if !charset.decode_into(value, params.text_mut()) {
        return Err(bad(params.text_mut().get(name_start..).unwrap_or("")));
    }
    params.push_span(name_start, value_start)
}

pub(crate) fn check_len(body: &[u8]) -> Result<()> {
    if body.len() > MAX_BODY_LEN {
        return Err(Error::BodyTooLarge {
            len: body.len(),
            limit: MAX_BODY_LEN,
        });
    }
    Ok(())
}

/// Whether a body looks like JSON (its first non-blank byte is `{`).
pub fn looks_like_json(body: &[u8]) -> bool {
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// What a request's `Content-Type` says of its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ContentType {
    /// `Some(true)` for JSON (`application/json`, `…+json`), `Some(false)` for a form
    /// (`application/x-www-form-urlencoded`), `None` for any other type: the body decides.
    pub json: Option<bool>,
    /// The `charset` parameter, when it names a charset this crate knows.
    pub charset: Option<Charset>,
}

impl ContentType {
    /// [`ContentType::parse`] of an optional header; no header is the default (no media type,
    /// no charset).
    pub fn parse_opt(header: Option<&str>) -> Result<Self> {
        header
            .map(Self::parse)
            .unwrap_or_else(|| Ok(Self::default()))
    }

    /// Parses a `Content-Type` header value. Unknown media types are not an error (the body's
    /// first byte then decides); an unknown `charset` is a [`Error::BadCharset`].
    pub fn parse(header: &str) -> Result<Self> {
        let mut parts = header.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let json =
            if media == "application/json" || media == "text/json" || media.ends_with("+json") {
                Some(true)
            } else if media == "application/x-www-form-urlencoded" {
                Some(false)
            } else {
                None
            };
        let mut charset = None;
        for p in parts {
            if let Some((k, v)) = p.split_once('=') {
                if k.trim().eq_ignore_ascii_case("charset") {
                    let v = v.trim().trim_matches('"');
                    charset = Some(Charset::from_name(v, "contentType")?);
                }
            }
        }
        Ok(ContentType { json, charset })
    }

    /// Whether to read `body` as JSON: as the content type says, or by its first byte when the
    /// type says neither. A body that contradicts its type is a [`Error::BadBody`]: a JSON
    /// object sent as a form, or a form sent as JSON.
    pub fn body_is_json(&self, body: &[u8]) -> Result<bool> {
        let sniffed = looks_like_json(body);
        match self.json {
            None => Ok(sniffed),
            Some(true) if !sniffed => Err(Error::bad_body(
                "the content type says JSON but the body is not a JSON object",
            )),
            Some(false) if sniffed => Err(Error::bad_body(
                "the content type says form-encoded but the body is a JSON object",
            )),
            Some(json) => Ok(json),
        }
    }
}

/// A JSON object as its members in document order, each value as the exact text written:
/// a name given twice stays visible (and is refused when the members become parameters), and
/// numbers keep their literal form (`1e0` stays `1e0`, `1012000000000000352` every digit).
pub(crate) struct JsonObject<'a>(pub(crate) Vec<(Cow<'a, str>, &'a RawValue)>);

/// A JSON string borrowed from the text when it has no escapes, decoded otherwise.
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        struct V<'a>(core::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> core::result::Result<Text<'a>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> core::result::Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> core::result::Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V(core::marker::PhantomData))
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for JsonObject<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        struct Members<'a>(core::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Members<'a> {
            type Value = JsonObject<'a>;
            fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> core::result::Result<Self::Value, M::Error> {
                let mut members = Vec::new();
                while let Some(Text(k)) = map.next_key::<Text<'a>>()? {
                    if members.len() == MAX_FIELDS {
                        return Err(serde::de::Error::custom(TOO_MANY));
                    }
                    members.push((k, map.next_value::<&'a RawValue>()?));
                }
                Ok(JsonObject(members))
            }
        }
        d.deserialize_map(Members(core::marker::PhantomData))
    }
}

const TOO_MANY: &str = "too many fields";

impl<'a> JsonObject<'a> {
    /// Parses JSON text that must be an object.
    pub(crate) fn parse(text: &'a str) -> Result<Self> {
        serde_json::from_str::<JsonObject>(text).map_err(|e| {
            if e.to_string().starts_with(TOO_MANY) {
                Error::TooManyFields {
                    count: MAX_FIELDS + 1,
                    limit: MAX_FIELDS,
                }
            } else if e.is_data() {
                Error::bad_body("the JSON body is not an object")
            } else {
                Error::bad_body(format!(
                    "invalid JSON at line {} column {}",
                    e.line(),
                    e.column()
                ))
            }
        })
    }

    /// The value of a member (the first, if the name is given twice; duplicates are refused
    /// by [`JsonObject::to_params`]).
    pub(crate) fn get(&self, name: &str) -> Option<&'a RawValue> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
    }

    /// The members whose values are scalars, as parameters in document order (`null` members
    /// are absent); a name given twice is a [`Error::DuplicateField`].
    pub(crate) fn to_params(&self) -> Result<Params> {
        let mut params =
            Params::with_capacity(self.0.iter().map(|(k, v)| k.len() + v.get().len()).sum());
        let mut dropped = false;
        for (k, v) in &self.0 {
            match json_scalar_text(k, v) {
                Ok(Some(s)) => params.push(k, &s)?,
                Ok(None) => dropped = true,
                // A name given twice is reported before what is wrong with one of its values.
                Err(e) => return Err(self.check_unique().err().unwrap_or(e)),
            }
        }
        // Sealing finds duplicates among the kept members; only when a `null` member was
        // dropped must the names be checked on their own (no second index on the hot path).
        if dropped {
            self.check_unique()?;
        }
        params.seal()
    }

    /// Refuses a name given twice among every member (null and nested ones included).
    pub(crate) fn check_unique(&self) -> Result<()> {
        Params::from_pairs(self.0.iter().map(|(k, _)| (k, ""))).map(|_| ())
    }
}

/// The kind of a JSON value, from its first byte.
pub(crate) enum JsonKind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

pub(crate) fn json_kind(v: &RawValue) -> JsonKind {
    match v.get().as_bytes().first() {
        Some(b'n') => JsonKind::Null,
        Some(b't' | b'f') => JsonKind::Bool,
        Some(b'"') => JsonKind::String,
        Some(b'[') => JsonKind::Array,
        Some(b'{') => JsonKind::Object,
        _ => JsonKind::Number,
    }
}

/// Converts one JSON value to the text a gateway signs: strings decoded, numbers exactly as
/// written, booleans as words. `null` is `None` (the field is treated as absent).
pub(crate) fn json_scalar(field: &str, v: &RawValue) -> Result<Option<String>> {
    json_scalar_text(field, v).map(|t| t.map(Cow::into_owned))
}

/// [`json_scalar`], borrowing a string without escapes from the JSON text.
fn json_scalar_text<'a>(field: &str, v: &'a RawValue) -> Result<Option<Cow<'a, str>>> {
    let raw = v.get();
    match json_kind(v) {
        JsonKind::Null => Ok(None),
        JsonKind::Bool | JsonKind::Number => Ok(Some(Cow::Borrowed(raw))),
        // serde_json has checked the string: without a backslash its text is its value.
        JsonKind::String if !raw.contains('\\') => Ok(raw
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .map(Cow::Borrowed)),
        JsonKind::String => serde_json::from_str::<String>(raw)
            .map(|s| Some(Cow::Owned(s)))
            .map_err(|_| Error::bad_body("invalid JSON string")),
        JsonKind::Array | JsonKind::Object => Err(Error::BadType {
            field: field.to_owned(),
            expected: "a string or a number",
        }),
    }
}

/// Checks the size and the UTF-8 of a JSON body.
pub(crate) fn json_text(body: &[u8]) -> Result<&str> {
    check_len(body)?;
    std::str::from_utf8(body).map_err(|_| Error::BadEncoding {
        field: "body".into(),
        charset: "UTF-8",
    })
}

/// Parses a JSON body (an object of scalars) to parameters, refusing a name given twice.
pub fn parse_json(body: &[u8]) -> Result<Params> {
    JsonObject::parse(json_text(body)?)?.to_params()
}

/// Parameters as a JSON object of strings, in order.
pub fn params_to_json(params: &Params) -> String {
    let mut out = String::with_capacity(
        params
            .iter()
            .map(|(k, v)| k.len() + v.len() + 6)
            .sum::<usize>()
            + 2,
    );
    out.push('{');
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(&mut out, k);
        out.push(':');
        push_json_string(&mut out, v);
    }
    out.push('}');
    out
}

/// Appends a JSON string literal.
pub(crate) fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(crate::util::hex_digit((c as u32 >> 4) as u8, false));
                out.push(crate::util::hex_digit(c as u32 as u8, false));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Parses a raw body, JSON or form-encoded, to parameters: as `content_type` says, or (when it
/// says neither) JSON when the first non-blank byte is `{`.
pub fn parse_body(body: &[u8], charset: Charset, content_type: &ContentType) -> Result<Params> {
    if content_type.body_is_json(body)? {
        parse_json(body)
    } else {
        parse_form(body, content_type.charset.unwrap_or(charset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_gbk() {
        let p = Params::from_pairs([("productName", "和包 测试+&=")]).unwrap();
        let body = encode_form(&p, Charset::Gbk).unwrap();
        assert_eq!(body, "productName=%BA%CD%B0%FC+%B2%E2%CA%D4%2B%26%3D");
        assert_eq!(parse_form(body.as_bytes(), Charset::Gbk).unwrap(), p);
    }

    #[test]
    fn bad_escape_and_utf8() {
        assert_eq!(
            parse_form(b"a=%G1", Charset::Utf8).unwrap_err().code(),
            "BAD_BODY"
        );
        assert_eq!(
            parse_form(b"a=%FF", Charset::Utf8).unwrap_err().code(),
            "BAD_ENCODING"
        );
        assert_eq!(
            parse_form(b"a=1&a=2", Charset::Utf8).unwrap_err().code(),
            "DUPLICATE_FIELD"
        );
        let big = vec![b'a'; MAX_BODY_LEN + 1];
        assert_eq!(
            parse_body(&big, Charset::Utf8, &ContentType::default())
                .unwrap_err()
                .code(),
            "BODY_TOO_LARGE"
        );
    }

    #[test]
    fn json_output_round_trips() {
        let p = Params::from_pairs([("a\"b", "x\\y\n\u{1}z中")]).unwrap();
        let back: serde_json::Value = serde_json::from_str(&params_to_json(&p)).unwrap();
        assert_eq!(back["a\"b"], "x\\y\n\u{1}z中");
    }

    #[test]
    fn json_numbers_exact() {
        let p =
            parse_json(br#"{"a":1012000000000000352,"b":"x\u0041","c":null,"d":1e0,"e":-1.50}"#)
                .unwrap();
        assert_eq!(p.get("a"), Some("1012000000000000352"));
        assert_eq!(p.get("b"), Some("xA"));
        assert_eq!(p.get("c"), None);
        assert_eq!(p.get("d"), Some("1e0"));
        assert_eq!(p.get("e"), Some("-1.50"));
    }

    #[test]
    fn json_duplicates_and_shapes() {
        for (body, code) in [
            (&br#"{"a":"1","a":"2"}"#[..], "DUPLICATE_FIELD"),
            (br#"{"a":null,"a":"2"}"#, "DUPLICATE_FIELD"),
            (br#"{"a":{},"a":"2"}"#, "DUPLICATE_FIELD"),
            (br#"[1]"#, "BAD_BODY"),
            (br#"{"a":"#, "BAD_BODY"),
            (br#"{"a":[1]}"#, "BAD_TYPE"),
        ] {
            assert_eq!(parse_json(body).unwrap_err().code(), code);
        }
        let many: String = (0..=MAX_FIELDS).map(|i| format!(",\"f{i}\":1")).collect();
        let many = format!("{{\"x\":1{many}}}");
        assert_eq!(
            parse_json(many.as_bytes()).unwrap_err().code(),
            "TOO_MANY_FIELDS"
        );
    }

    #[test]
    fn content_type_decides() {
        let json = ContentType::parse("application/json; charset=utf-8").unwrap();
        let form = ContentType::parse("application/x-www-form-urlencoded;charset=GBK").unwrap();
        assert_eq!(form.charset, Some(Charset::Gbk));
        assert!(json.body_is_json(b" {}").unwrap());
        assert_eq!(json.body_is_json(b"a=1").unwrap_err().code(), "BAD_BODY");
        assert_eq!(form.body_is_json(b"{}").unwrap_err().code(), "BAD_BODY");
        assert!(!form.body_is_json(b"a={").unwrap());
        let other = ContentType::parse("text/plain").unwrap();
        assert!(other.body_is_json(b"{}").unwrap());
        assert_eq!(
            ContentType::parse("text/plain; charset=latin1")
                .unwrap_err()
                .code(),
            "BAD_CHARSET"
        );
    }
}
