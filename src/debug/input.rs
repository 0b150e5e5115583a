//! What a developer pastes: a query string, a form body (UTF-8 or GBK percent-encoding), JSON,
//! a full URL, `key=value` lines, or a clpayment JSON response.

use crate::error::{Error, Result};
use crate::form::{self, percent_decode, Charset};
use crate::params::Params;

/// Parsed input.
#[derive(Debug, Clone)]
pub struct Input {
    /// The fields, decoded.
    pub params: Params,
    /// For percent-encoded input: each field's text before decoding.
    pub raw: Params,
    /// `url`, `query`, `form`, `json`, `lines` or `clpay-response`.
    pub format: &'static str,
    /// The charset the percent-escapes were decoded with.
    pub charset: Charset,
    /// For a clpayment response: its `code` and `msg`.
    pub envelope: Option<(String, String)>,
}

/// Parses pasted text.
pub fn parse_input(text: &str) -> Result<Input> {
    form::check_len(text.as_bytes())?;
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return Err(Error::bad_body("nothing to read"));
    }
    if t.starts_with('{') {
        return parse_json(t);
    }
    if t.starts_with("http://") || t.starts_with("https://") {
        let query = t.split_once('?').map(|(_, q)| q).unwrap_or("");
        let query = query.split_once('#').map(|(q, _)| q).unwrap_or(query);
        let mut i = parse_form_text(query)?;
        i.format = "url";
        return Ok(i);
    }
    let lines: Vec<&str> = t
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    if lines.len() > 1
        && lines.iter().all(|l| l.contains('=') || l.contains(':'))
        && !t.contains('&')
    {
        let mut params = Params::new();
        for l in lines {
            let (k, v) = l
                .split_once('=')
                .or_else(|| l.split_once(':'))
                .unwrap_or((l, ""));
            params.insert_new(k.trim().to_owned(), v.to_owned())?;
        }
        return Ok(Input {
            raw: params.clone(),
            params,
            format: "lines",
            charset: Charset::Utf8,
            envelope: None,
        });
    }
    parse_form_text(t)
}

fn parse_form_text(t: &str) -> Result<Input> {
    let t = t.strip_prefix('?').unwrap_or(t);
    let encoded = t.contains('%') || t.contains('+');
    let mut raw = Params::new();
    for part in t.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        raw.insert_new(k.trim().to_owned(), v.to_owned())?;
    }
    if raw.is_empty() {
        return Err(Error::bad_body("no fields"));
    }
    let mut charset = Charset::Utf8;
    let mut bytes = Vec::new();
    for (_, v) in raw.iter() {
        bytes.push(percent_decode(v.as_bytes())?);
    }
    if bytes.iter().any(|b| std::str::from_utf8(b).is_err()) {
        charset = Charset::Gbk;
    }
    let mut params = Params::new();
    for ((k, _), b) in raw.iter().zip(bytes) {
        let name = charset.decode(&percent_decode(k.as_bytes())?, "body")?;
        params.insert_new(name, charset.decode(&b, k)?)?;
    }
    Ok(Input {
        params,
        raw,
        format: if encoded { "form" } else { "query" },
        charset,
        envelope: None,
    })
}

fn parse_json(t: &str) -> Result<Input> {
    let top = form::JsonObject::parse(t)?;
    let has_code = top.get("code").is_some();
    let inner_text: Option<String> = match top.get("data") {
        Some(raw) if has_code => match form::json_kind(raw) {
            form::JsonKind::Object => Some(raw.get().to_owned()),
            form::JsonKind::String => serde_json::from_str::<String>(raw.get())
                .ok()
                .filter(|s| s.trim_start().starts_with('{')),
            _ => None,
        },
        _ => None,
    };
    let scalar = |name: &str| -> String {
        top.get(name)
            .and_then(|v| form::json_scalar(name, v).ok().flatten())
            .unwrap_or_default()
    };
    if let Some(inner) = inner_text {
        if let Ok(data) = form::JsonObject::parse(&inner) {
            let params = data.to_params()?;
            return Ok(Input {
                raw: params.clone(),
                params,
                format: "clpay-response",
                charset: Charset::Utf8,
                envelope: Some((scalar("code"), scalar("msg"))),
            });
        }
    }
    let params = top.to_params()?;
    Ok(Input {
        raw: params.clone(),
        params,
        format: "json",
        charset: Charset::Utf8,
        envelope: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(parse_input("a=1&b=2").unwrap().format, "query");
        assert_eq!(
            parse_input("a=%E5%92%8C&b=x+y").unwrap().params.get("a"),
            Some("和")
        );
        let gbk = parse_input("a=%BA%CD").unwrap();
        assert_eq!(
            (gbk.charset, gbk.params.get("a")),
            (Charset::Gbk, Some("和"))
        );
        let url = parse_input("https://x.test/n?a=1&b=2#frag").unwrap();
        assert_eq!((url.format, url.params.get("b")), ("url", Some("2")));
        let lines = parse_input("a=1\nb = x=y\n").unwrap();
        assert_eq!(
            (lines.format, lines.params.get("b")),
            ("lines", Some(" x=y"))
        );
        let r = parse_input(r#"{"code":"00","msg":"ok","data":{"amount":5}}"#).unwrap();
        assert_eq!(
            (r.format, r.params.get("amount")),
            ("clpay-response", Some("5"))
        );
        assert_eq!(parse_input("   ").unwrap_err().code(), "BAD_BODY");
    }
}
