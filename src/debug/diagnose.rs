//! Why a signature does not match: search the pipeline's mistakes and explain the smallest
//! sets that reproduce the received signature, the top one with a diff of the sign sources.

use serde::Serialize;

use crate::cmpay;
use crate::form::Charset;
use crate::params::Params;
use crate::pipeline::KeyUse;

use super::catalogue::{catalogue, Given};
use super::diff::{diff, Diff};
use super::explain::explain;
use super::mistake::Mistake;
use super::recipe::{Message, Recipe};
use super::search::{search, Budget, Found, Goal, Outcome};
use super::stage::Stage;
use super::target::Target;

/// One mistake of an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MistakeInfo {
    /// Stable id (`order-received`, `single-hmac`, `hex-case`, …).
    pub id: &'static str,
    /// The stage it changes.
    pub stage: Stage,
    /// The field concerned, when there is one.
    pub field: Option<String>,
    /// What happened, in Chinese.
    pub zh: String,
    /// What happened, in English.
    pub en: String,
}

/// One explanation that reproduces the received signature: one or two mistakes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The mistakes' ids joined by `+` (`key-wrong` or `search-incomplete` when none).
    pub id: String,
    /// The first mistake's field.
    pub field: Option<String>,
    /// The mistakes, in pipeline order.
    pub mistakes: Vec<MistakeInfo>,
    /// All of it in Chinese.
    pub zh: String,
    /// All of it in English.
    pub en: String,
    /// For the best explanation: the correct sign source beside the one signed.
    pub diff: Option<Diff>,
}

/// What the search covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Variants of the pipeline run.
    pub tried: usize,
    /// Variants in the complete search (every mistake, every pair from different stages).
    pub total: usize,
    /// Whether the search ran to the end within its budget.
    pub complete: bool,
}

/// The key material a diagnosis may use.
pub struct DiagKeys<'a> {
    /// MD5 key (clpayment `md5Key`, CMPay `signKey`).
    pub key: Option<&'a str>,
    /// CMPay RSA: the platform's public key.
    pub rsa: Option<&'a cmpay::Keys>,
    /// clpayment 3DES key.
    pub tdes_key: Option<&'a str>,
}

/// What a diagnosis reads.
pub struct Case<'a> {
    /// The message checked.
    pub target: &'a Target,
    /// Its fields, decoded.
    pub params: &'a Params,
    /// Its fields as pasted, before percent-decoding.
    pub raw: &'a Params,
    /// The charset the percent-escapes were decoded with.
    pub charset: Charset,
    /// The signature received.
    pub received: &'a str,
}

/// Runs the diagnosis: the explanations, best first, and what the search covered.
pub fn diagnose(case: &Case, keys: &DiagKeys, budget: &Budget) -> (Vec<Explanation>, Coverage) {
    let pipeline = case.target.pipeline(case.params);
    let m = Message::new(case.params, case.raw, case.target.fields(), pipeline);
    let rsa = pipeline.key == KeyUse::Rsa;
    let goal = if rsa {
        keys.rsa
            .and_then(|k| cmpay::sign::recover_rsa_sha1(case.received, k))
            .map(|d| Goal::recovered(d, pipeline.output))
    } else {
        Some(Goal::written(case.received, pipeline.output))
    };
    let key = if rsa { Some("") } else { keys.key };
    let (Some(goal), Some(key)) = (goal, key) else {
        return (
            vec![nothing(rsa, None)],
            Coverage {
                tried: 0,
                total: 0,
                complete: true,
            },
        );
    };
    let given = Given {
        charset: case.charset,
        key: keys.key,
        tdes_key: keys.tdes_key,
    };
    let cat = catalogue(&m, case.target, &given);
    let outcome = search(&m, &cat, key.as_bytes(), &goal, budget);
    let coverage = Coverage {
        tried: outcome.tried,
        total: outcome.total,
        complete: outcome.complete,
    };
    if outcome.found.is_empty() {
        return (vec![nothing(rsa, Some(&outcome))], coverage);
    }
    let out = outcome
        .found
        .iter()
        .enumerate()
        .map(|(i, f)| explanation(&m, &cat, f, key.as_bytes(), i == 0))
        .collect();
    (out, coverage)
}

fn explanation(
    m: &Message,
    cat: &[Mistake],
    f: &Found,
    key: &[u8],
    with_diff: bool,
) -> Explanation {
    let gateway = m.pipeline.gateway;
    let output = f.output.map(Mistake::Output);
    let mistakes: Vec<&Mistake> = f
        .mistakes
        .iter()
        .filter_map(|i| cat.get(*i))
        .chain(output.as_ref())
        .collect();
    let infos: Vec<MistakeInfo> = mistakes
        .iter()
        .map(|mk| {
            let (id, zh, en) = explain(mk, gateway);
            MistakeInfo {
                id,
                stage: mk.stage(),
                field: mk.field().map(str::to_owned),
                zh,
                en,
            }
        })
        .collect();
    let diff = with_diff.then(|| {
        let correct = Recipe::correct(m, key);
        let mut signed = correct.clone();
        for mk in &mistakes {
            mk.apply(m, &mut signed);
        }
        diff(&correct.tokens(m), &signed.tokens(m))
    });
    let join = |f: fn(&MistakeInfo) -> &str, sep| infos.iter().map(f).collect::<Vec<_>>().join(sep);
    Explanation {
        id: join(|i| i.id, "+"),
        field: infos.iter().find_map(|i| i.field.clone()),
        zh: join(|i| &i.zh, "；并且"),
        en: join(|i| &i.en, "; and "),
        mistakes: infos,
        diff,
    }
}

/// The answer when no explanation reproduces the signature.
fn nothing(rsa: bool, outcome: Option<&Outcome>) -> Explanation {
    let (id, zh, en) = match outcome {
        None if rsa => ("key-wrong", "签名无法用该公钥解开：签名不是与此证书配对的私钥所签，或签名被截断、改写".to_owned(), "The signature does not open with this public key: it was not made by the private key of this certificate, or it was cut or altered".to_owned()),
        None => ("no-key", "没有密钥，无法诊断".to_owned(), "No key: nothing to diagnose with".to_owned()),
        Some(o) if o.complete => ("key-wrong", format!("试遍了全部 {} 种单个错误与跨阶段的成对错误，没有一种能重现收到的签名：最可能是密钥不对（或商户号与密钥不匹配）", o.tried), format!("All {} variants were tried, every single mistake and every pair from different stages, and none reproduces the received signature: the key is the likely cause (or it belongs to another merchant)", o.tried)),
        Some(o) => ("search-incomplete", format!("时间预算内只试了 {} / {} 种变体，没有找到能重现签名的解释；未试完，不能断定是密钥问题", o.tried, o.total), format!("Only {} of {} variants were tried within the time budget and none reproduces the signature; the search did not finish, so the key is not yet the likely cause", o.tried, o.total)),
    };
    Explanation {
        id: id.into(),
        field: None,
        mistakes: Vec::new(),
        zh,
        en,
        diff: None,
    }
}
