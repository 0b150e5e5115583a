//! The debugger's report: what the page shows.

use serde::Serialize;

use crate::params::Params;
use crate::schema::Field;

use super::diagnose::{Coverage, Explanation};
use super::tokens::{marks, Token};

/// One row of the fields table.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldRow {
    /// The name.
    pub name: String,
    /// The manual's label, for known fields.
    pub label: Option<&'static str>,
    /// The value (decoded).
    pub value: String,
    /// Whether the message's table has this field.
    pub known: bool,
    /// Whether it is signed.
    pub signed: bool,
    /// 1-based position in the sign source.
    pub position: Option<usize>,
    /// Validation problems.
    pub problems: Vec<String>,
    /// Suspicious characters (`space`, `fullwidth`, `plus`, `percent`, `nonascii`, …).
    pub marks: Vec<&'static str>,
}

/// A labelled intermediate value.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// What it is.
    pub label: &'static str,
    /// Its value.
    pub value: String,
}

/// The debugger's report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// `clpay` or `cmpay`.
    pub gateway: &'static str,
    /// The target spec (`clpay:tradeNotify`, `cmpay:offlineNotify`).
    pub target: String,
    /// Manual section and title.
    pub title: String,
    /// Whether the target was recognised (not chosen by the caller).
    pub recognised: bool,
    /// The input format found.
    pub format: &'static str,
    /// The charset percent-escapes were decoded with.
    pub charset: &'static str,
    /// The clpayment response envelope (`code`, `msg`), when pasted.
    pub envelope: Option<(String, String)>,
    /// The fields, received ones first, then signed fields that are missing.
    pub fields: Vec<FieldRow>,
    /// The sign source (the key is never in it).
    pub source: String,
    /// The sign source, piece by piece.
    pub tokens: Vec<Token>,
    /// Intermediate values.
    pub steps: Vec<Step>,
    /// `sign` or `hmac`.
    pub signature_field: &'static str,
    /// The signature computed with the key given.
    pub expected: Option<String>,
    /// The signature in the input.
    pub received: Option<String>,
    /// `match`, `mismatch`, `no-signature`, `no-key`.
    pub verdict: &'static str,
    /// On a mismatch, the explanations that reproduce the received signature, best first.
    pub diagnosis: Vec<Explanation>,
    /// On a mismatch, what the search covered.
    pub search: Option<Coverage>,
}

/// The fields table: received fields first, then signed or required fields that are missing.
pub(crate) fn field_rows(
    fields: &[Field],
    params: &Params,
    order: &[&str],
    never_signed: &[&str],
) -> Vec<FieldRow> {
    let position = |name: &str| order.iter().position(|n| *n == name).map(|p| p + 1);
    let mut rows = Vec::new();
    for (name, value) in params.iter() {
        let f = fields.iter().find(|f| f.name == name);
        let mut problems = Vec::new();
        match f {
            Some(f) => problems.extend(f.check(Some(value)).err().map(|e| e.to_string())),
            None if !never_signed.contains(&name) => {
                problems.push("not a field of this message: it is not signed".into())
            }
            None => {}
        }
        rows.push(FieldRow {
            name: name.to_owned(),
            label: f.map(|f| f.label),
            value: value.to_owned(),
            known: f.is_some(),
            signed: f.is_some_and(|f| f.signed),
            position: position(name),
            problems,
            marks: marks(value),
        });
    }
    for f in fields
        .iter()
        .filter(|f| !params.contains(f.name) && (f.signed || f.required))
    {
        rows.push(FieldRow {
            name: f.name.to_owned(),
            label: Some(f.label),
            value: String::new(),
            known: true,
            signed: f.signed,
            position: position(f.name),
            problems: f
                .check(None)
                .err()
                .map(|e| e.to_string())
                .into_iter()
                .collect(),
            marks: vec!["absent"],
        });
    }
    rows
}
