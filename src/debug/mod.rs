//! The signature debugger's engine: read what a developer pastes, recognise the gateway and
//! message, lay out the sign source with invisible characters made visible, recompute the
//! signature, and on a mismatch say why. The page in `www/` only renders this report.

mod diagnose;
mod input;

pub use diagnose::{diagnose, DiagKeys, Hint};
pub use input::{parse_input, Input};

use serde::Serialize;

use crate::clpay::{self, Md5Key, Part};
use crate::cmpay::{self, Message};
use crate::error::{Error, Result};
use crate::params::Params;
use crate::schema::Field;

/// What is being checked.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// A clpayment interface and part.
    Clpay {
        interface: &'static clpay::Interface,
        part: Part,
    },
    /// A CMPay message.
    Cmpay { message: &'static Message },
}

impl Target {
    /// Parses `clpay:<interface>[:response]` or `cmpay:<messageId>`.
    pub fn parse(spec: &str) -> Result<Self> {
        let mut it = spec.split(':');
        match (it.next(), it.next(), it.next()) {
            (Some("clpay"), Some(id), part) => Ok(Target::Clpay {
                interface: clpay::interface(id)?,
                part: if part == Some("response") {
                    Part::Response
                } else {
                    Part::Request
                },
            }),
            (Some("cmpay"), Some(id), None) => Ok(Target::Cmpay {
                message: cmpay::message(id)?,
            }),
            _ => Err(Error::unknown(
                "a target is clpay:<interface>[:response] or cmpay:<message>",
            )),
        }
    }

    /// `clpay:<id>[:response]` or `cmpay:<id>`.
    pub fn spec(&self) -> String {
        match self {
            Target::Clpay {
                interface,
                part: Part::Response,
            } => format!("clpay:{}:response", interface.id),
            Target::Clpay { interface, .. } => format!("clpay:{}", interface.id),
            Target::Cmpay { message } => format!("cmpay:{}", message.id),
        }
    }

    /// The fields of the message.
    pub fn fields(&self) -> &'static [Field] {
        match self {
            Target::Clpay { interface, part } => interface.fields(*part),
            Target::Cmpay { message } => message.fields,
        }
    }

    /// `sign` or `hmac`.
    pub fn signature_field(&self) -> &'static str {
        match self {
            Target::Clpay { .. } => "sign",
            Target::Cmpay { .. } => "hmac",
        }
    }

    /// Other messages of the same gateway, with a label, for the "wrong message" diagnosis.
    pub(crate) fn others(&self) -> Vec<(String, &'static [Field])> {
        match self {
            Target::Clpay { interface, part } => clpay::INTERFACES
                .iter()
                .flat_map(|i| [(i, Part::Request), (i, Part::Response)])
                .filter(|(i, p)| (i.id != interface.id || p != part) && !i.fields(*p).is_empty())
                .map(|(i, p)| {
                    let label = format!(
                        "{} {}{}",
                        i.section,
                        i.id,
                        if p == Part::Response { " response" } else { "" }
                    );
                    (label, i.fields(p))
                })
                .collect(),
            Target::Cmpay { message } => cmpay::MESSAGES
                .iter()
                .filter(|m| m.id != message.id)
                .map(|m| (m.id.to_owned(), m.fields))
                .collect(),
        }
    }
}

/// Recognises gateway and message: CMPay by `type`, clpayment by its field set (the interface
/// whose table covers most fields and leaves fewest unexplained or missing).
pub fn recognise(params: &Params) -> Result<Target> {
    candidates(params, false)
        .into_iter()
        .next()
        .ok_or_else(|| Error::unknown("no gateway message has these fields"))
}

/// The plausible targets for a parameter set, best first; `responses_only` for the `data` of
/// a clpayment JSON response.
pub fn candidates(params: &Params, responses_only: bool) -> Vec<Target> {
    if let Ok(m) = cmpay::recognise(params) {
        return vec![Target::Cmpay { message: m }];
    }
    // Equal scores go to the more common interface (tradeQuery before the identical 2.5.4, …).
    const PREFERRED: &[&str] = &[
        "tradeNotify",
        "payoutNotify",
        "tradeQuery",
        "payoutQuery",
        "ebank",
        "scan",
        "cashier",
        "payout",
    ];
    let rank = |id: &str| {
        PREFERRED
            .iter()
            .position(|p| *p == id)
            .unwrap_or(PREFERRED.len())
    };
    let mut scored: Vec<(i64, usize, Target)> = Vec::new();
    for i in clpay::INTERFACES {
        for part in [Part::Request, Part::Response] {
            if responses_only && part == Part::Request {
                continue;
            }
            let fields = i.fields(part);
            let known = params
                .iter()
                .filter(|(k, _)| fields.iter().any(|f| f.name == *k))
                .count() as i64;
            if known == 0 {
                continue;
            }
            let unknown = params
                .iter()
                .filter(|(k, _)| *k != "sign" && !fields.iter().any(|f| f.name == *k))
                .count() as i64;
            let missing = fields
                .iter()
                .filter(|f| (f.required || f.signed) && !params.contains(f.name))
                .count() as i64;
            scored.push((
                known * 4 - unknown * 6 - missing,
                rank(i.id),
                Target::Clpay { interface: i, part },
            ));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, t)| t).collect()
}

/// One piece of the sign source as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// The text (for invisible characters, a visible stand-in is chosen by the page from `kind`).
    pub text: String,
    /// `name`, `sep`, `value`, `space`, `tab`, `newline`, `fullwidth`, `plus`, `percent`,
    /// `nonascii`, `invisible` or `key`.
    pub kind: &'static str,
    /// The field the piece belongs to.
    pub field: Option<String>,
}

fn char_kind(c: char) -> &'static str {
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

fn value_tokens(value: &str, field: &str, out: &mut Vec<Token>) {
    let bytes: Vec<char> = value.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes.get(i).copied().unwrap_or(' ');
        let mut kind = char_kind(c);
        let mut text = c.to_string();
        if c == '%'
            && bytes.get(i + 1).is_some_and(char::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(char::is_ascii_hexdigit)
        {
            text.extend(bytes.get(i + 1..i + 3).unwrap_or_default());
            i += 2;
        } else if c == '%' {
            kind = "value";
        }
        i += 1;
        match out.last_mut() {
            Some(t) if t.kind == kind && kind == "value" && t.field.as_deref() == Some(field) => {
                t.text.push_str(&text)
            }
            _ => out.push(Token {
                text,
                kind,
                field: Some(field.to_owned()),
            }),
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
    pub diagnosis: Vec<Hint>,
}

/// What the page passes in.
#[derive(Debug, Clone, Default)]
pub struct Request<'a> {
    /// The pasted text.
    pub input: &'a str,
    /// `clpay:<id>[:response]` / `cmpay:<id>`, or `None` to recognise.
    pub target: Option<&'a str>,
    /// MD5 key (clpayment md5Key / CMPay signKey).
    pub key: Option<&'a str>,
    /// CMPay RSA: the platform's public key or certificate.
    pub public_key: Option<&'a str>,
    /// clpayment 3DES key, for the encrypted-versus-plain check.
    pub tdes_key: Option<&'a str>,
}

/// Recognises the target; with a key, among the close candidates the one whose signature
/// matches wins (several clpayment interfaces share field names).
fn recognise_with_key(params: &Params, key: Option<&str>, responses_only: bool) -> Result<Target> {
    let all = candidates(params, responses_only);
    let first = *all
        .first()
        .ok_or_else(|| Error::unknown("no gateway message has these fields"))?;
    let (Some(key), Some(received)) = (key.filter(|k| !k.is_empty()), params.get("sign")) else {
        return Ok(first);
    };
    let Ok(k) = Md5Key::new(key) else {
        return Ok(first);
    };
    Ok(all
        .iter()
        .take(6)
        .find(|t| {
            crate::util::ct_eq(
                clpay::sign(t.fields(), params, &k).as_bytes(),
                received.as_bytes(),
            )
        })
        .copied()
        .unwrap_or(first))
}

/// Analyses pasted input.
pub fn analyse(req: &Request) -> Result<Report> {
    let input = parse_input(req.input)?;
    let (target, recognised) = match req.target.filter(|t| !t.is_empty()) {
        Some(spec) => (Target::parse(spec)?, false),
        None => (
            recognise_with_key(&input.params, req.key, input.envelope.is_some())?,
            true,
        ),
    };
    let params = &input.params;
    let fields = target.fields();
    let sig_field = target.signature_field();
    let key = req.key.filter(|k| !k.is_empty());

    // Sign order and source.
    let order: Vec<&'static str> = match target {
        Target::Clpay { .. } => clpay::signed_names(fields),
        Target::Cmpay { .. } => fields.iter().filter(|f| f.signed).map(|f| f.name).collect(),
    };
    let mut tokens = Vec::new();
    let source = match target {
        Target::Clpay { .. } => {
            for (i, name) in order.iter().enumerate() {
                if i > 0 {
                    tokens.push(Token {
                        text: "&".into(),
                        kind: "sep",
                        field: None,
                    });
                }
                tokens.push(Token {
                    text: (*name).to_owned(),
                    kind: "name",
                    field: Some((*name).to_owned()),
                });
                tokens.push(Token {
                    text: "=".into(),
                    kind: "sep",
                    field: None,
                });
                value_tokens(params.value(name), name, &mut tokens);
            }
            tokens.push(Token {
                text: "&KEY=".into(),
                kind: "sep",
                field: None,
            });
            tokens.push(Token {
                text: "••••••".into(),
                kind: "key",
                field: None,
            });
            clpay::sign_source(fields, params)
        }
        Target::Cmpay { message } => {
            for name in &order {
                tokens.push(Token {
                    text: String::new(),
                    kind: "sep",
                    field: Some((*name).to_owned()),
                });
                value_tokens(params.value(name), name, &mut tokens);
            }
            cmpay::sign_source(message, params)
        }
    };

    // Fields table.
    let mut rows = Vec::new();
    for (name, value) in params.iter() {
        let f = fields.iter().find(|f| f.name == name);
        let mut problems = Vec::new();
        if let Some(f) = f {
            if let Err(e) = f.check(Some(value)) {
                problems.push(e.to_string());
            }
        } else if name != sig_field && !matches!(name, "merchantCert" | "serverCert") {
            problems.push("not a field of this message: it is not signed".into());
        }
        rows.push(FieldRow {
            name: name.to_owned(),
            label: f.map(|f| f.label),
            value: value.to_owned(),
            known: f.is_some(),
            signed: f.is_some_and(|f| f.signed),
            position: order.iter().position(|n| *n == name).map(|p| p + 1),
            problems,
            marks: marks(value),
        });
    }
    for f in fields
        .iter()
        .filter(|f| !params.contains(f.name) && (f.signed || f.required))
    {
        let mut problems = Vec::new();
        if let Err(e) = f.check(None) {
            problems.push(e.to_string());
        }
        rows.push(FieldRow {
            name: f.name.to_owned(),
            label: Some(f.label),
            value: String::new(),
            known: true,
            signed: f.signed,
            position: order.iter().position(|n| *n == f.name).map(|p| p + 1),
            problems,
            marks: vec!["absent"],
        });
    }

    // Recompute.
    let received = params
        .get(sig_field)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let mut steps = Vec::new();
    let mut expected = None;
    let mut rsa_keys = None;
    let mut rsa_valid = None;
    match target {
        Target::Clpay { .. } => {
            if let Some(k) = key {
                let sign = clpay::sign(fields, params, &Md5Key::new(k)?);
                steps.push(Step {
                    label: "MD5(source&KEY=…), uppercase hex",
                    value: sign.clone(),
                });
                expected = Some(sign);
            }
        }
        Target::Cmpay { message } => {
            if params.get("signType") == Some("RSA") {
                if let Some(pk) = req.public_key.filter(|p| !p.trim().is_empty()) {
                    let mut keys = cmpay::Keys::default();
                    keys.set_server_key(pk)?;
                    if received.is_some() {
                        rsa_valid = Some(cmpay::verify(message, params, &keys)?);
                    }
                    rsa_keys = Some(keys);
                }
            } else if let Some(k) = key {
                let (inner, hmac) =
                    cmpay::md5_hmac(&cmpay::sign_source(message, params), k.as_bytes());
                steps.push(Step {
                    label: "inner = HMAC-MD5(key = \"\", source), hex",
                    value: inner,
                });
                steps.push(Step {
                    label: "hmac = HMAC-MD5(signKey, inner), hex",
                    value: hmac.clone(),
                });
                expected = Some(hmac);
            }
        }
    }
    let verdict = match (&received, &expected, rsa_valid) {
        (None, _, _) => "no-signature",
        (Some(r), Some(e), _) if crate::util::ct_eq(r.as_bytes(), e.as_bytes()) => "match",
        (Some(_), Some(_), _) => "mismatch",
        (Some(_), None, Some(true)) => "match",
        (Some(_), None, Some(false)) => "mismatch",
        (Some(_), None, None) => "no-key",
    };
    let diagnosis = if verdict == "mismatch" {
        let keys = DiagKeys {
            key,
            rsa: rsa_keys.as_ref(),
            tdes_key: req.tdes_key.filter(|k| !k.is_empty()),
        };
        diagnose(
            &target,
            params,
            &input.raw,
            received.as_deref().unwrap_or_default(),
            expected.as_deref(),
            &keys,
        )
    } else {
        Vec::new()
    };
    let title = match target {
        Target::Clpay { interface, part } => {
            format!(
                "clpayment {} {}{}",
                interface.section,
                interface.title,
                if part == Part::Response {
                    " · 响应 data"
                } else {
                    ""
                }
            )
        }
        Target::Cmpay { message } => format!("CMPay {} ({})", message.id, message.section),
    };
    Ok(Report {
        gateway: if matches!(target, Target::Clpay { .. }) {
            "clpay"
        } else {
            "cmpay"
        },
        target: target.spec(),
        title,
        recognised,
        format: input.format,
        charset: input.charset.name(),
        envelope: input.envelope,
        fields: rows,
        source,
        tokens,
        steps,
        signature_field: sig_field,
        expected,
        received,
        verdict,
        diagnosis,
    })
}

/// A message the debugger can check: its `spec` (`cmpay:<message>`, `clpay:<interface>` or
/// `clpay:<interface>:response`) and a label.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TargetInfo {
    /// What `DebugRequest.target` takes.
    pub spec: String,
    /// What the page shows.
    pub label: String,
}

/// Every target the page offers.
pub fn targets() -> Vec<TargetInfo> {
    let mut out = Vec::new();
    for m in cmpay::MESSAGES {
        out.push(TargetInfo {
            spec: format!("cmpay:{}", m.id),
            label: format!("CMPay · {} ({})", m.id, m.types.join(" / ")),
        });
    }
    for i in clpay::INTERFACES {
        let flag = if i.supported { "" } else { " (不支持)" };
        out.push(TargetInfo {
            spec: format!("clpay:{}", i.id),
            label: format!("clpayment · {} {}{flag}", i.section, i.title),
        });
        if !i.response.is_empty() {
            out.push(TargetInfo {
                spec: format!("clpay:{}:response", i.id),
                label: format!("clpayment · {} {} · 响应 data{flag}", i.section, i.title),
            });
        }
    }
    out
}

fn sample_value(target: &Target, f: &Field) -> String {
    use crate::schema::Format;
    if let Some(first) = f.allowed.first() {
        return match f.name {
            "characterSet" => "02".into(),
            "signType" => "MD5".into(),
            "bankCode" | "bankAbbr" => "ICBC".into(),
            _ => (*first).to_owned(),
        };
    }
    let v = match f.format {
        Format::Amount if f.zero_ok && f.name == "fee" => "0".to_owned(),
        Format::Amount => "100".into(),
        Format::Count => "1".into(),
        Format::DateTime14 => "20240102030405".into(),
        Format::Date8 => "20240102".into(),
        Format::Digits(Some(n)) => format!("1{}1", "0".repeat(n.saturating_sub(2))),
        Format::Digits(None) => "1000000001".into(),
        Format::Alnum(Some(n)) => "PaysignSampleNonce0123456789abcdefghijklmnop".chars().take(n).collect(),
        Format::Alnum(None) => "DEV01".into(),
        Format::OrderNo => "ORDER-20240102-0001".into(),
        Format::Empty => String::new(),
        Format::Mobile => "138****0773".into(),
        Format::ReturnCode => "000000".into(),
        Format::AmtItem => "CNY_AMT=100#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0".into(),
        Format::Text => match f.name {
            "merchantId" => "888009941120001".into(),
            "merchantCode" => "1000000001".into(),
            "amtItem" => "CNY_AMT=100#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0".into(),
            "payUrl" => "url<hi:=>https://ipos.10086.cn/ips/FormTrans3<hi:$$>method<hi:=>post<hi:$$>sessionId<hi:=>2011010199999".into(),
            "returnCode" => if matches!(target, Target::Cmpay { .. }) { "000000" } else { "00" }.into(),
            "message" | "msg" => "SUCCESS".into(),
            "ipAddress" | "ip" => "127.0.0.1".into(),
            "mobile" => "138****0773".into(),
            "payDate" => "20240102030405".into(),
            "url" => "https://qr.example/pay/123".into(),
            n if n.ends_with("Url") => format!("https://merchant.example/{n}"),
            n if n.contains("Name") || n.contains("Desc") || n.contains("Explain") || n == "remark" => "示例商品".into(),
            _ => "demo1".into(),
        },
    };
    match f.max_len {
        Some(m) => v.chars().take(m).collect(),
        None => v,
    }
}

/// A valid example of a message, signed with `key` (and, for encrypted clpayment card
/// fields, encrypted with `tdes_key`), as a UTF-8 form body.
pub fn sample(spec: &str, key: &str, tdes_key: &str) -> Result<String> {
    let target = Target::parse(spec)?;
    let mut p = Params::new();
    for f in target.fields().iter().filter(|f| f.signed || f.required) {
        let mut v = sample_value(&target, f);
        if f.encrypted {
            v = clpay::encrypt("6222021234567890123", tdes_key, &Default::default())?;
        }
        p.set(f.name, v)?;
    }
    if let Target::Cmpay { message } = target {
        if let Some(t) = message.types.first() {
            p.set("type", *t)?;
        }
    }
    let sig = match target {
        Target::Clpay { .. } => clpay::sign(target.fields(), &p, &Md5Key::new(key)?),
        Target::Cmpay { message } => cmpay::sign(message, &p, &cmpay::Keys::md5(key)?)?,
    };
    p.set(target.signature_field(), sig)?;
    crate::form::encode_form(&p, crate::Charset::Utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_is_valid_and_recognised_as_itself() {
        for TargetInfo { spec, .. } in targets() {
            let body = sample(&spec, "demo-key", "paysign-demo-3des-key-24").unwrap();
            let r = analyse(&Request {
                input: &body,
                key: Some("demo-key"),
                target: Some(&spec),
                ..Default::default()
            })
            .unwrap();
            assert_eq!(r.verdict, "match", "{spec}");
            for row in &r.fields {
                assert!(
                    row.problems.is_empty(),
                    "{spec}: {} {:?}",
                    row.name,
                    row.problems
                );
            }
        }
    }
}
