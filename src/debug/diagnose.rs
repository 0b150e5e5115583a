//! Why a signature does not match: try the known ways merchants get it wrong and keep those that
//! reproduce the received signature, most common first.

use md5::{Digest, Md5};
use serde::Serialize;

use super::Target;
use crate::clpay::{self, TdesOptions};
use crate::cmpay;
use crate::cmpay::sign::hmac_md5;
use crate::form::{percent_decode, percent_encode, Charset};
use crate::params::Params;
use crate::util;

/// One explanation that reproduces the received signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hint {
    /// Stable id: `hex-case`, `field-signed-extra`, `field-not-signed`, `field-order`,
    /// `message-type`, `percent-not-decoded`, `percent-decoded-twice`, `plus-space`,
    /// `whitespace`, `gbk-bytes`, `key-whitespace`, `key-form`, `card-encrypted`, `card-plain`,
    /// or `key-wrong` when nothing reproduces it.
    pub id: &'static str,
    /// The field concerned, when there is one.
    pub field: Option<String>,
    /// What happened, in Chinese.
    pub zh: String,
    /// What happened, in English.
    pub en: String,
}

/// The key material a diagnosis may use.
pub struct DiagKeys<'a> {
    /// MD5 key (clpayment `md5Key`, CMPay `signKey`).
    pub key: Option<&'a str>,
    /// CMPay RSA: the platform's public key (verification of variants).
    pub rsa: Option<&'a cmpay::Keys>,
    /// clpayment 3DES key for the encrypted-versus-plain check.
    pub tdes_key: Option<&'a str>,
}

/// How a variant is signed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Normal,
    Gbk,
    /// The key string differs (whitespace, case…).
    Key,
    /// clpayment: `&key=` instead of `&KEY=`.
    LowerLabel,
    /// clpayment: the key appended with no `&KEY=`.
    NoLabel,
    /// CMPay: one HMAC-MD5 with the key (what the manual suggests).
    SingleHmac,
    /// CMPay: MD5 of the source followed by the key.
    PlainMd5,
}

struct Variant {
    id: &'static str,
    field: Option<String>,
    pairs: Vec<(String, String)>,
    mode: Mode,
    key: Option<String>,
    zh: String,
    en: String,
}

fn clpay_digest(pairs: &[(String, String)], key: &str, mode: Mode, cs: Charset) -> String {
    let mut src: String = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    match mode {
        Mode::LowerLabel => src.push_str("&key="),
        Mode::NoLabel => {}
        _ => src.push_str("&KEY="),
    }
    src.push_str(key);
    let bytes = cs
        .encode(&src, "source")
        .map(|b| b.into_owned())
        .unwrap_or_else(|_| src.into_bytes());
    util::hex(&Md5::digest(&bytes), true)
}

fn cmpay_digest(pairs: &[(String, String)], key: &str, mode: Mode, cs: Charset) -> String {
    let src: String = pairs.iter().map(|(_, v)| v.as_str()).collect();
    let bytes = cs
        .encode(&src, "source")
        .map(|b| b.into_owned())
        .unwrap_or_else(|_| src.clone().into_bytes());
    let hmac_hex = |k: &[u8], d: &[u8]| util::hex(&hmac_md5(k, d), false);
    match mode {
        Mode::SingleHmac => hmac_hex(key.as_bytes(), &bytes),
        Mode::PlainMd5 => {
            let mut all = bytes;
            all.extend_from_slice(key.as_bytes());
            util::hex(&Md5::digest(&all), false)
        }
        // Two chained HMAC-MD5 over the (possibly GBK) source bytes.
        _ => hmac_hex(key.as_bytes(), hmac_hex(b"", &bytes).as_bytes()),
    }
}

fn v(
    id: &'static str,
    field: Option<&str>,
    pairs: Vec<(String, String)>,
    zh: String,
    en: String,
) -> Variant {
    Variant {
        id,
        field: field.map(str::to_owned),
        pairs,
        mode: Mode::Normal,
        key: None,
        zh,
        en,
    }
}

/// The signed pairs, in sign order, for a field list.
fn sign_pairs(
    target: &Target,
    params: &Params,
    fields: &[crate::schema::Field],
) -> Vec<(String, String)> {
    match target {
        Target::Clpay { .. } => clpay::signed_names(fields)
            .into_iter()
            .map(|n| (n.to_owned(), params.value(n).to_owned()))
            .collect(),
        Target::Cmpay { .. } => fields
            .iter()
            .filter(|f| f.signed)
            .map(|f| (f.name.to_owned(), params.value(f.name).to_owned()))
            .collect(),
    }
}

fn reorder(target: &Target, mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    if matches!(target, Target::Clpay { .. }) {
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
    }
    pairs
}

fn with_value(pairs: &[(String, String)], name: &str, value: String) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.clone(), if k == name { value.clone() } else { v.clone() }))
        .collect()
}

/// Every candidate, most common mistake first.
fn candidates(target: &Target, params: &Params, raw: &Params, keys: &DiagKeys) -> Vec<Variant> {
    let fields = target.fields();
    let base = sign_pairs(target, params, fields);
    let signed: Vec<&str> = base.iter().map(|(k, _)| k.as_str()).collect();
    let is_cmpay = matches!(target, Target::Cmpay { .. });
    let sig_name = target.signature_field();
    let mut out = Vec::new();

    // Key with stray whitespace.
    if let Some(key) = keys.key {
        for (k, zh, en) in [
            (
                key.trim().to_owned(),
                "密钥首尾有空白字符（复制时带入的空格或换行）",
                "The key has leading or trailing whitespace (a space or newline copied with it)",
            ),
            (
                format!("{key}\n"),
                "签名时密钥末尾多了一个换行（从文件读取未去掉）",
                "The key was used with a trailing newline (read from a file without trimming)",
            ),
            (
                key.split_whitespace().collect::<String>(),
                "密钥中间有空白字符",
                "The key has whitespace inside it",
            ),
        ] {
            if k != key {
                out.push(Variant {
                    mode: Mode::Key,
                    key: Some(k),
                    ..v("key-whitespace", None, base.clone(), zh.into(), en.into())
                });
            }
        }
    }

    // Field order (the order received rather than the required one).
    let received_order: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| signed.contains(k))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    if received_order.iter().map(|(k, _)| k).ne(base
        .iter()
        .filter(|(k, _)| params.contains(k))
        .map(|(k, _)| k))
    {
        let (zh, en) = if is_cmpay {
            (
                "字段按收到的顺序而不是文档顺序拼接",
                "Values were joined in the order received, not in the manual's field order",
            )
        } else {
            (
                "参与签名的字段没有按 key 升序排序",
                "The signed fields were not sorted by name",
            )
        };
        out.push(v(
            "field-order",
            None,
            received_order.clone(),
            zh.into(),
            en.into(),
        ));
    }

    // A field signed that should not be.
    for (name, value) in params.iter() {
        if signed.contains(&name) || name == sig_name {
            continue;
        }
        let mut pairs = base.clone();
        pairs.push((name.to_owned(), value.to_owned()));
        out.push(v(
            "field-signed-extra",
            Some(name),
            reorder(target, pairs),
            format!("字段 {name} 不应参与签名，却被签入了"),
            format!("`{name}` was signed but must not be"),
        ));
    }

    // A field not signed that should be (and empty fields left out).
    for (name, value) in &base {
        let pairs: Vec<_> = base.iter().filter(|(k, _)| k != name).cloned().collect();
        if is_cmpay && value.is_empty() {
            continue; // an empty value contributes nothing to CMPay's source
        }
        out.push(v(
            "field-not-signed",
            Some(name),
            pairs,
            format!("字段 {name} 应参与签名，却被漏掉了"),
            format!("`{name}` must be signed but was left out"),
        ));
    }
    if !is_cmpay && base.iter().any(|(_, v)| v.is_empty()) {
        out.push(v(
            "field-not-signed",
            None,
            base.iter()
                .filter(|(_, v)| !v.is_empty())
                .cloned()
                .collect(),
            "空值字段被排除在签名之外；应以 key= 的形式参与签名".into(),
            "Empty fields were left out; they must be signed as `key=`".into(),
        ));
    }

    // Another message type's field list.
    for (label, other) in target.others() {
        let pairs = sign_pairs(target, params, other);
        if pairs != base {
            out.push(v(
                "message-type",
                None,
                pairs,
                format!("按 {label} 的字段表签名了；报文类型或接口选错"),
                format!("Signed with the field list of {label}: wrong message type or interface"),
            ));
        }
    }

    // Per-field value mistakes.
    for (name, value) in &base {
        if value.is_empty() {
            continue;
        }
        // The text as received (when it came percent-encoded), then re-encoded in each charset.
        let mut encodings: Vec<(String, &str)> = Vec::new();
        if let Some(r) = raw.get(name).filter(|r| r != value) {
            encodings.push((r.to_owned(), "as received"));
        }
        for cs in [Charset::Utf8, Charset::Gbk] {
            if let Ok(enc) = percent_encode(value, cs, name) {
                if &enc != value && !encodings.iter().any(|(e, _)| *e == enc) {
                    encodings.push((enc, cs.name()));
                }
            }
        }
        for (enc, how) in encodings {
            out.push(v(
                "percent-not-decoded",
                Some(name),
                with_value(&base, name, enc),
                format!("字段 {name} 签名时用的是 URL 编码（{how}）后的文本，应先解码再签名"),
                format!("`{name}` was signed percent-encoded ({how}); decode first, then sign"),
            ));
        }
        if value.contains('%') {
            if let Ok(bytes) = percent_decode(value.as_bytes()) {
                for cs in [Charset::Utf8, Charset::Gbk] {
                    if let Ok(dec) = cs.decode(&bytes, name) {
                        if &dec != value {
                            out.push(v(
                                "percent-decoded-twice",
                                Some(name),
                                with_value(&base, name, dec),
                                format!("字段 {name} 被 URL 解码了两次"),
                                format!("`{name}` was percent-decoded twice"),
                            ));
                        }
                    }
                }
            }
        }
        if value.contains(' ') || value.contains('+') {
            let swapped: String = value
                .chars()
                .map(|c| match c {
                    ' ' => '+',
                    '+' => ' ',
                    c => c,
                })
                .collect();
            out.push(v(
                "plus-space",
                Some(name),
                with_value(&base, name, swapped),
                format!("字段 {name} 中的 + 与空格被互换（表单解码把 + 变成了空格）"),
                format!(
                    "`{name}`: `+` and space were swapped (form decoding turns `+` into a space)"
                ),
            ));
        }
        if value.trim() != value {
            out.push(v(
                "whitespace",
                Some(name),
                with_value(&base, name, value.trim().to_owned()),
                format!("字段 {name} 的首尾空白在签名时被去掉了"),
                format!("`{name}` was signed with its leading/trailing whitespace trimmed"),
            ));
        }
    }
    let trimmed: Vec<_> = base
        .iter()
        .map(|(k, v)| (k.clone(), v.trim().to_owned()))
        .collect();
    if trimmed != base {
        out.push(v(
            "whitespace",
            None,
            trimmed,
            "签名时所有值都去掉了首尾空白".into(),
            "Every value was trimmed before signing".into(),
        ));
    }
    for (name, value) in &base {
        let padded = format!("{value} ");
        out.push(v(
            "whitespace",
            Some(name),
            with_value(&base, name, padded),
            format!("字段 {name} 签名时末尾多了一个空格"),
            format!("`{name}` was signed with an extra trailing space"),
        ));
    }

    // GBK bytes instead of UTF-8.
    if base.iter().any(|(_, v)| !v.is_ascii()) {
        out.push(Variant {
            mode: Mode::Gbk,
            ..v(
                "gbk-bytes",
                None,
                base.clone(),
                "签名原文按 GBK 字节计算了；应使用 UTF-8 字节".into(),
                "The sign source was hashed as GBK bytes; it must be UTF-8".into(),
            )
        });
    }

    // The key in the wrong form.
    if let Some(key) = keys.key {
        let mut forms = vec![
            (
                key.to_uppercase(),
                "密钥大小写被改变（转成了大写）",
                "The key's case was changed (uppercased)",
            ),
            (
                key.to_lowercase(),
                "密钥大小写被改变（转成了小写）",
                "The key's case was changed (lowercased)",
            ),
        ];
        if let Some(b) = util::unhex(key) {
            if let Ok(s) = String::from_utf8(b) {
                forms.push((
                    s,
                    "密钥被当作十六进制解码后使用",
                    "The key was hex-decoded before use",
                ));
            }
        }
        for (k, zh, en) in forms {
            if k != key {
                out.push(Variant {
                    mode: Mode::Key,
                    key: Some(k),
                    ..v("key-form", None, base.clone(), zh.into(), en.into())
                });
            }
        }
        if is_cmpay {
            out.push(Variant {
                mode: Mode::SingleHmac,
                ..v(
                    "key-form",
                    None,
                    base.clone(),
                    "只做了一次 HMAC-MD5(signKey, 原文)；和包实际是两次链式 HMAC-MD5".into(),
                    "Signed with a single HMAC-MD5(signKey, source); CMPay chains two HMAC-MD5"
                        .into(),
                )
            });
            out.push(Variant {
                mode: Mode::PlainMd5,
                ..v(
                    "key-form",
                    None,
                    base.clone(),
                    "用了 MD5(原文+signKey)；和包实际是两次链式 HMAC-MD5".into(),
                    "Signed as MD5(source + signKey); CMPay chains two HMAC-MD5".into(),
                )
            });
        } else {
            out.push(Variant {
                mode: Mode::LowerLabel,
                ..v(
                    "key-form",
                    None,
                    base.clone(),
                    "拼接的是 &key=（小写）；必须是大写 &KEY=".into(),
                    "`&key=` (lowercase) was appended; it must be `&KEY=`".into(),
                )
            });
            out.push(Variant {
                mode: Mode::NoLabel,
                ..v(
                    "key-form",
                    None,
                    base.clone(),
                    "密钥直接拼在原文后，缺少 &KEY=".into(),
                    "The key was appended without `&KEY=`".into(),
                )
            });
        }
    }

    // Encrypted versus plain card values (clpayment).
    if let (Target::Clpay { .. }, Some(tk)) = (target, keys.tdes_key) {
        for f in fields.iter().filter(|f| f.encrypted && f.signed) {
            let value = params.value(f.name);
            if value.is_empty() {
                continue;
            }
            let opts = TdesOptions::default();
            if let Ok(plain) = clpay::decrypt(value, tk, &opts) {
                out.push(v(
                    "card-plain",
                    Some(f.name),
                    with_value(&base, f.name, plain),
                    format!(
                        "字段 {} 签名时用的是明文；应先 3DES 加密，对密文签名",
                        f.name
                    ),
                    format!(
                        "`{}` was signed in plain text; encrypt it first and sign the ciphertext",
                        f.name
                    ),
                ));
            } else if let Ok(enc) = clpay::encrypt(value, tk, &opts) {
                out.push(v(
                    "card-encrypted",
                    Some(f.name),
                    with_value(&base, f.name, enc),
                    format!("字段 {} 签名用的是密文，但报文里发送的是明文；发送与签名都应是密文", f.name),
                    format!("`{}` was signed encrypted but sent in plain text; send and sign the ciphertext", f.name),
                ));
            }
        }
    }
    out
}

/// Runs the diagnosis. `received` is the signature in the message; `expected` what the correct
/// computation gives (MD5 modes). Returns the hints that reproduce `received`, best first, or a
/// single `key-wrong` hint when none does.
pub fn diagnose(
    target: &Target,
    params: &Params,
    raw: &Params,
    received: &str,
    expected: Option<&str>,
    keys: &DiagKeys,
) -> Vec<Hint> {
    let mut hints: Vec<Hint> = Vec::new();
    fn push(hints: &mut Vec<Hint>, h: Hint) {
        if !hints.iter().any(|x| x.id == h.id && x.field == h.field) {
            hints.push(h);
        }
    }
    if let Some(e) = expected {
        if e != received && e.eq_ignore_ascii_case(received) {
            let (zh, en) = if received.chars().any(|c| c.is_ascii_lowercase()) {
                (
                    "签名值是小写十六进制；应转为大写",
                    "The signature is lowercase hex; it must be uppercase",
                )
            } else {
                (
                    "签名值是大写十六进制；应为小写",
                    "The signature is uppercase hex; it must be lowercase",
                )
            };
            push(
                &mut hints,
                Hint {
                    id: "hex-case",
                    field: None,
                    zh: zh.into(),
                    en: en.into(),
                },
            );
        }
    }
    let rsa = matches!(target, Target::Cmpay { .. }) && params.get("signType") == Some("RSA");
    for c in candidates(target, params, raw, keys) {
        let hit = if rsa {
            match (keys.rsa, c.mode) {
                (Some(k), Mode::Normal) => {
                    let src: String = c.pairs.iter().map(|(_, v)| v.as_str()).collect();
                    cmpay::sign::verify_rsa_source(&src, received, k).unwrap_or(false)
                }
                _ => false,
            }
        } else {
            let Some(key) = c.key.as_deref().or(keys.key) else {
                continue;
            };
            let cs = if c.mode == Mode::Gbk {
                Charset::Gbk
            } else {
                Charset::Utf8
            };
            let digest = match target {
                Target::Clpay { .. } => clpay_digest,
                Target::Cmpay { .. } => cmpay_digest,
            };
            let got = digest(&c.pairs, key, c.mode, cs);
            got.eq_ignore_ascii_case(received) && !got.is_empty()
        };
        if hit {
            push(
                &mut hints,
                Hint {
                    id: c.id,
                    field: c.field,
                    zh: c.zh,
                    en: c.en,
                },
            );
        }
    }
    if hints.is_empty() {
        push(&mut hints, Hint {
            id: "key-wrong",
            field: None,
            zh: "没有任何常见错误能重现收到的签名：最可能是密钥不对（或商户号与密钥不匹配）".into(),
            en: "No known mistake reproduces the received signature: the key is the likely cause (or it belongs to another merchant)".into(),
        });
    }
    hints
}
