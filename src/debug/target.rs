//! What is being checked: a clpayment interface part or a CMPay message, recognised from the
//! fields when the page does not say.

use crate::clpay::{self, Md5Key, Part};
use crate::cmpay::{self, Message};
use crate::error::{Error, Result};
use crate::params::Params;
use crate::pipeline::Pipeline;
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

    /// `clpay` or `cmpay`.
    pub fn gateway(&self) -> &'static str {
        match self {
            Target::Clpay { .. } => "clpay",
            Target::Cmpay { .. } => "cmpay",
        }
    }

    /// Manual section and title, as the page shows them.
    pub fn title(&self) -> String {
        match self {
            Target::Clpay { interface, part } => format!(
                "clpayment {} {}{}",
                interface.section,
                interface.title,
                if *part == Part::Response {
                    " · 响应 data"
                } else {
                    ""
                }
            ),
            Target::Cmpay { message } => format!("CMPay {} ({})", message.id, message.section),
        }
    }

    /// The fields of the message.
    pub fn fields(&self) -> &'static [Field] {
        match self {
            Target::Clpay { interface, part } => interface.fields(*part),
            Target::Cmpay { message } => message.fields,
        }
    }

    /// How this message is signed: CMPay's RSA pipeline when `signType` says RSA.
    pub fn pipeline(&self, params: &Params) -> Pipeline {
        match self {
            Target::Clpay { .. } => clpay::sign::PIPELINE,
            Target::Cmpay { .. } => *cmpay::sign::pipeline_for(params),
        }
    }

    /// `sign` or `hmac`.
    pub fn signature_field(&self) -> &'static str {
        match self {
            Target::Clpay { .. } => clpay::sign::PIPELINE.signature_field,
            Target::Cmpay { .. } => cmpay::sign::PIPELINE_MD5.signature_field,
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
                    let response = if p == Part::Response { " response" } else { "" };
                    (format!("{} {}{response}", i.section, i.id), i.fields(p))
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

/// Equal scores go to the more common interface (tradeQuery before the identical 2.5.4, …).
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

/// How well a field table explains a parameter set: known fields count, unknown and missing
/// ones cost.
fn score(fields: &[Field], params: &Params) -> Option<i64> {
    let has = |k: &str| fields.iter().any(|f| f.name == k);
    let known = params.iter().filter(|(k, _)| has(k)).count() as i64;
    if known == 0 {
        return None;
    }
    let unknown = params
        .iter()
        .filter(|(k, _)| *k != "sign" && !has(k))
        .count() as i64;
    let missing = fields
        .iter()
        .filter(|f| (f.required || f.signed) && !params.contains(f.name))
        .count() as i64;
    Some(known * 4 - unknown * 6 - missing)
}

/// The plausible targets for a parameter set, best first; `responses_only` for the `data` of
/// a clpayment JSON response.
pub fn candidates(params: &Params, responses_only: bool) -> Vec<Target> {
    if let Ok(m) = cmpay::recognise(params) {
        return vec![Target::Cmpay { message: m }];
    }
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
            if let Some(s) = score(i.fields(part), params) {
                scored.push((s, rank(i.id), Target::Clpay { interface: i, part }));
            }
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, t)| t).collect()
}

/// Recognises the target; with a key, among the close candidates the one whose signature
/// matches wins (several clpayment interfaces share field names).
pub(crate) fn recognise_with_key(
    params: &Params,
    key: Option<&str>,
    responses_only: bool,
) -> Result<Target> {
    let all = candidates(params, responses_only);
    let first = *all
        .first()
        .ok_or_else(|| Error::unknown("no gateway message has these fields"))?;
    let Some(Ok(k)) = key.map(Md5Key::new) else {
        return Ok(first);
    };
    Ok(all
        .iter()
        .take(6)
        .find(|t| clpay::verify(t.fields(), params, &k).unwrap_or(false))
        .copied()
        .unwrap_or(first))
}
