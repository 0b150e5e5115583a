//! Wire formats: `application/x-www-form-urlencoded` bodies in UTF-8 or GBK, and JSON objects.

use crate::error::{Error, Result};
use crate::params::{Params, MAX_BODY_LEN};

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
    pub fn from_name(name: &str) -> Result<Self> {
        match name.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "utf8" => Ok(Charset::Utf8),
            "gbk" | "gb2312" | "cp936" => Ok(Charset::Gbk),
            _ => Err(Error::BadCharset {
                value: name.to_owned(),
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
        let bad = || Error::BadEncoding {
            field: field.to_owned(),
            charset: self.name(),
        };
        match self {
            Charset::Utf8 => String::from_utf8(bytes.to_vec()).map_err(|_| bad()),
            Charset::Gbk => encoding_rs::GBK
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|s| s.into_owned())
                .ok_or_else(bad),
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

/// Percent-decodes one form component (`+` is a space) to bytes.
pub fn percent_decode(input: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while let Some(&b) = input.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = input.get(i + 1).copied().and_then(hex_val);
                let lo = input.get(i + 2).copied().and_then(hex_val);
                match (hi, lo) {
                    (Some(h), Some(l)) => out.push(h << 4 | l),
                    _ => return Err(Error::bad_body(format!("bad percent escape at byte {i}"))),
                }
                i += 2;
            }
            _ => out.push(b),
        }
        i += 1;
    }
    Ok(out)
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
/// percent-decoded and then decoded from `charset`. A name given twice is an error.
pub fn parse_form(body: &[u8], charset: Charset) -> Result<Params> {
    check_len(body)?;
    let body = body.strip_prefix(b"?").unwrap_or(body);
    let mut params = Params::new();
    for part in body.split(|&b| b == b'&') {
        if part.is_empty() {
            continue;
        }
        let (k, v) = match part.iter().position(|&b| b == b'=') {
            Some(i) => {
                let (k, rest) = part.split_at(i);
                (k, rest.get(1..).unwrap_or_default())
            }
            None => (part, &b""[..]),
        };
        let name = charset.decode(&percent_decode(k)?, "body")?;
        if name.is_empty() {
            return Err(Error::bad_body("a pair has an empty name"));
        }
        let value = charset.decode(&percent_decode(v)?, &name)?;
        params.insert_new(name, value)?;
    }
    if params.is_empty() {
        return Err(Error::bad_body("no fields"));
    }
    Ok(params)
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

/// Converts one JSON value to the text a gateway signs: strings as they are, numbers in their
/// literal form (no float rounding: `1012000000000000352` stays exact), booleans as words.
/// `null` is `None` (the field is treated as absent).
pub(crate) fn json_scalar(field: &str, v: &serde_json::Value) -> Result<Option<String>> {
    use serde_json::Value;
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Array(_) | Value::Object(_) => Err(Error::BadType {
            field: field.to_owned(),
            expected: "a string or a number",
        }),
    }
}

/// Parses a JSON body to a `serde_json` object, with the size and UTF-8 checks.
pub(crate) fn parse_json_object(body: &[u8]) -> Result<serde_json::Map<String, serde_json::Value>> {
    check_len(body)?;
    let text = std::str::from_utf8(body).map_err(|_| Error::BadEncoding {
        field: "body".into(),
        charset: "UTF-8",
    })?;
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(m)) => Ok(m),
        Ok(_) => Err(Error::bad_body("JSON body is not an object")),
        Err(e) => Err(Error::bad_body(format!(
            "invalid JSON at line {} column {}",
            e.line(),
            e.column()
        ))),
    }
}

/// Flattens a JSON object of scalars to parameters, in document order.
pub(crate) fn json_to_params(map: &serde_json::Map<String, serde_json::Value>) -> Result<Params> {
    let mut params = Params::new();
    for (k, v) in map {
        if let Some(s) = json_scalar(k, v)? {
            params.insert_new(k.clone(), s)?;
        }
    }
    Ok(params)
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

/// Parses a raw body, JSON or form-encoded, to parameters.
pub fn parse_body(body: &[u8], charset: Charset) -> Result<Params> {
    if looks_like_json(body) {
        json_to_params(&parse_json_object(body)?)
    } else {
        parse_form(body, charset)
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
            "BAD_BODY"
        );
        let big = vec![b'a'; MAX_BODY_LEN + 1];
        assert_eq!(
            parse_body(&big, Charset::Utf8).unwrap_err().code(),
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
        let p = parse_body(
            br#"{"a":1012000000000000352,"b":"x","c":null}"#,
            Charset::Utf8,
        )
        .unwrap();
        assert_eq!(p.get("a"), Some("1012000000000000352"));
        assert_eq!(p.get("c"), None);
    }
}
