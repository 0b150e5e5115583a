//! The messages the page offers, and a valid signed example of each.

use crate::clpay::{self, Md5Key};
use crate::cmpay;
use crate::error::Result;
use crate::params::Params;
use crate::schema::{Field, Format};

use super::target::Target;

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

fn text_value(target: &Target, name: &str) -> String {
    match name {
        "merchantId" => "888009941120001".into(),
        "merchantCode" => "1000000001".into(),
        "amtItem" => "CNY_AMT=100#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0".into(),
        "payUrl" => "url<hi:=>https://ipos.10086.cn/ips/FormTrans3<hi:$$>method<hi:=>post<hi:$$>sessionId<hi:=>2011010199999".into(),
        "returnCode" if matches!(target, Target::Cmpay { .. }) => "000000".into(),
        "returnCode" => "00".into(),
        "message" | "msg" => "SUCCESS".into(),
        "ipAddress" | "ip" => "127.0.0.1".into(),
        "mobile" => "138****0773".into(),
        "payDate" => "20240102030405".into(),
        "url" => "https://qr.example/pay/123".into(),
        n if n.ends_with("Url") => format!("https://merchant.example/{n}"),
        n if n.contains("Name") || n.contains("Desc") || n.contains("Explain") || n == "remark" => "示例商品".into(),
        _ => "demo1".into(),
    }
}

fn sample_value(target: &Target, f: &Field) -> String {
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
        Format::Alnum(Some(n)) => "PaysignSampleNonce0123456789abcdefghijklmnop"
            .chars()
            .take(n)
            .collect(),
        Format::Alnum(None) => "DEV01".into(),
        Format::OrderNo => "ORDER-20240102-0001".into(),
        Format::Empty => String::new(),
        Format::Mobile => "138****0773".into(),
        Format::ReturnCode => "000000".into(),
        Format::AmtItem => "CNY_AMT=100#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0".into(),
        Format::Text => text_value(target, f.name),
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
