//! The sign source piece by piece, with invisible and suspicious characters named, so the page
//! can make them visible.

use serde::Serialize;

/// One piece of a sign source as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Token {
    /// The text (for invisible characters, a visible stand-in is chosen by the page from `kind`).
    pub text: String,
    /// `name`, `sep`, `value`, `space`, `tab`, `newline`, `fullwidth`, `plus`, `percent`,
    /// `nonascii`, `invisible` or `key`.
    pub kind: &'static str,
    /// The field the piece belongs to.
    pub field: Option<String>,
}

impl Token {
    pub(crate) fn new(text: impl Into<String>, kind: &'static str, field: Option<&str>) -> Self {
        Token {
            text: text.into(),
            kind,
            field: field.map(str::to_owned),
        }
    }
}

/// What kind of character the page should make visible.
pub(crate) fn char_kind(c: char) -> &'static str {
    match c {
        ' ' => "space",
        '\t' => "tab",
        '\n' | '\r' => "newline",
        '+' => "plus",
        '%' => "percent",
        '\u{3000}' | '\u{ff01}'..='\u{ff5e}' => "fullwidth",
        '\u{200b}'..='\u{200f}' | '\u{feff}' | '\u{00a0}' | '\u{2028}' | '\u{2029}' => "invisible",
        c if !c.is_ascii() => "nonascii",
        _ => "value",
    }
}

/// Splits a value into tokens: runs of plain characters, and one token per suspicious one
/// (`%XX` escapes kept whole).
pub(crate) fn value_tokens(value: &str, field: &str, out: &mut Vec<Token>) {
    let chars: Vec<char> = value.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        let mut kind = char_kind(c);
        let mut text = c.to_string();
        if c == '%'
            && chars.get(i + 1).is_some_and(char::is_ascii_hexdigit)
            && chars.get(i + 2).is_some_and(char::is_ascii_hexdigit)
        {
            text.extend(chars.get(i + 1..i + 3).unwrap_or_default());
            i += 2;
        } else if c == '%' {
            kind = "value";
        }
        i += 1;
        match out.last_mut() {
            Some(t) if t.kind == kind && kind == "value" && t.field.as_deref() == Some(field) => {
                t.text.push_str(&text)
            }
            _ => out.push(Token::new(text, kind, Some(field))),
        }
    }
}

/// Marks of suspicious characters in a value.
pub fn marks(value: &str) -> Vec<&'static str> {
    let mut m: Vec<&'static str> = Vec::new();
    if value.trim() != value {
        m.push("edge-whitespace");
    }
    for c in value.chars() {
        let k = char_kind(c);
        if k != "value" && !m.contains(&k) {
            m.push(k);
        }
    }
    if let Some(i) = value.find('%') {
        let hexes = value
            .get(i + 1..i + 3)
            .is_some_and(|h| h.chars().all(|c| c.is_ascii_hexdigit()));
        if !hexes {
            m.retain(|k| *k != "percent");
        }
    }
    m
}
