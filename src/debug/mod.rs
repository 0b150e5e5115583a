//! The signature debugger's engine: read what a developer pastes, recognise the gateway and
//! message, lay out the sign source with invisible characters made visible, recompute the
//! signature, and on a mismatch search the pipeline's mistakes for why. The page in `www/`
//! only renders this report.
//!
//! The parts: [`target`] (what is checked), [`input`] (what was pasted), `recipe` (the
//! gateway's pipeline as a sender may have run it), `stage` and `mistake` (a change to one
//! stage), `catalogue` (the mistakes that apply to a message), `search` (single and paired
//! mistakes within a budget), `diagnose` and `diff` (the explanations), `report` (the page's
//! data). Nothing here assembles a source or computes a digest: [`crate::pipeline`] does.

mod catalogue;
mod diagnose;
mod diff;
mod explain;
pub mod input;
mod mistake;
mod recipe;
mod report;
mod sample;
mod search;
mod stage;
pub mod target;
mod tokens;

pub use diagnose::{diagnose, Case, Coverage, DiagKeys, Explanation, MistakeInfo};
pub use diff::{Diff, Segment};
pub use input::{parse_input, Input};
pub use report::{FieldRow, Report, Step};
pub use sample::{sample, targets, TargetInfo};
pub use search::Budget;
pub use stage::Stage;
pub use target::{candidates, recognise, Target};
pub use tokens::{marks, Token};

use crate::cmpay;
use crate::error::Result;
use crate::params::Params;
use crate::pipeline::{Digest, KeyUse};

use recipe::{Message, Recipe};

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
    /// How long the diagnosis may search.
    pub budget: Budget<'a>,
}

/// The signature recomputed: the steps shown, the expected value (MD5) or the RSA verdict.
struct Recomputed {
    steps: Vec<Step>,
    expected: Option<String>,
    rsa_keys: Option<cmpay::Keys>,
    rsa_valid: Option<bool>,
}

fn recompute(
    target: &Target,
    params: &Params,
    req: &Request,
    received: bool,
) -> Result<Recomputed> {
    let pipeline = target.pipeline(params);
    let mut r = Recomputed {
        steps: Vec::new(),
        expected: None,
        rsa_keys: None,
        rsa_valid: None,
    };
    let key = req.key.filter(|k| !k.is_empty());
    match (pipeline.key, target) {
        (KeyUse::Rsa, Target::Cmpay { message }) => {
            if let Some(pk) = req.public_key.filter(|p| !p.trim().is_empty()) {
                let mut keys = cmpay::Keys::default();
                keys.set_server_key(pk)?;
                if received {
                    r.rsa_valid = Some(cmpay::verify(message, params, &keys)?);
                }
                r.rsa_keys = Some(keys);
            }
        }
        _ => {
            let Some(k) = key else { return Ok(r) };
            let sig = pipeline
                .sign(target.fields(), params, k.as_bytes())
                .unwrap_or_default();
            let label = match pipeline.digest {
                Digest::HmacMd5Chained => {
                    // The intermediate value the gateway's chained HMAC hides.
                    let source = pipeline.source(target.fields(), params);
                    let inner = crate::pipeline::hmac_md5(b"", source.as_bytes());
                    r.steps.push(Step {
                        label: "inner = HMAC-MD5(key = \"\", source), hex",
                        value: crate::util::hex(&inner, false),
                    });
                    "hmac = HMAC-MD5(signKey, inner), hex"
                }
                _ => "MD5(source&KEY=…), uppercase hex",
            };
            r.steps.push(Step {
                label,
                value: sig.clone(),
            });
            r.expected = Some(sig);
        }
    }
    Ok(r)
}

fn verdict(received: Option<&str>, r: &Recomputed) -> &'static str {
    match (received, &r.expected, r.rsa_valid) {
        (None, _, _) => "no-signature",
        (Some(x), Some(e), _) if crate::util::ct_eq(x.as_bytes(), e.as_bytes()) => "match",
        (Some(_), Some(_), _) | (Some(_), None, Some(false)) => "mismatch",
        (Some(_), None, Some(true)) => "match",
        (Some(_), None, None) => "no-key",
    }
}

/// Analyses pasted input.
pub fn analyse(req: &Request) -> Result<Report> {
    let input = parse_input(req.input)?;
    let (target, recognised) = match req.target.filter(|t| !t.is_empty()) {
        Some(spec) => (Target::parse(spec)?, false),
        None => (
            target::recognise_with_key(&input.params, req.key, input.envelope.is_some())?,
            true,
        ),
    };
    let params = &input.params;
    let pipeline = target.pipeline(params);
    let sig_field = pipeline.signature_field;
    let m = Message::new(params, &input.raw, target.fields(), pipeline);
    let received = params.get(sig_field).filter(|s| !s.is_empty());
    let re = recompute(&target, params, req, received.is_some())?;
    let verdict = verdict(received, &re);
    let (diagnosis, search) = if verdict == "mismatch" {
        let keys = DiagKeys {
            key: req.key.filter(|k| !k.is_empty()),
            rsa: re.rsa_keys.as_ref(),
            tdes_key: req.tdes_key.filter(|k| !k.is_empty()),
        };
        let case = Case {
            target: &target,
            params,
            raw: &input.raw,
            charset: input.charset,
            received: received.unwrap_or_default(),
        };
        let (d, c) = diagnose(&case, &keys, &req.budget);
        (d, Some(c))
    } else {
        (Vec::new(), None)
    };
    Ok(Report {
        gateway: target.gateway(),
        target: target.spec(),
        title: target.title(),
        recognised,
        format: input.format,
        charset: input.charset.name(),
        envelope: input.envelope.clone(),
        fields: report::field_rows(target.fields(), params, &m.names, pipeline.never_signed),
        source: pipeline.source_of(m.names.iter().map(|n| (*n, params.value(n)))),
        tokens: Recipe::correct(&m, b"").tokens(&m),
        steps: re.steps,
        signature_field: sig_field,
        expected: re.expected,
        received: received.map(str::to_owned),
        verdict,
        diagnosis,
        search,
    })
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
