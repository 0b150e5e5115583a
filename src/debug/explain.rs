//! What each mistake means, in Chinese and English, with a stable id.

use crate::pipeline::{Assembly, Digest, KeyUse, Order, Output};

use super::mistake::{Added, KeySlip, Mistake, Slip};

/// A mistake's stable id and its explanation: `(id, zh, en)`.
pub(crate) type Text = (&'static str, String, String);

fn t(id: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Text {
    (id, zh.into(), en.into())
}

/// Explains a mistake; `gateway` is `clpay` or `cmpay`.
pub(crate) fn explain(m: &Mistake, gateway: &str) -> Text {
    match m {
        Mistake::Add { name, why, .. } => added(name, *why),
        Mistake::Remove(n) => t(
            "field-not-signed",
            format!("字段 {n} 应参与签名，却被漏掉了"),
            format!("`{n}` must be signed but was left out"),
        ),
        Mistake::DropEmpty => t(
            "empty-left-out",
            "空值字段被排除在签名之外；应以 name= 的形式参与签名",
            "Empty fields were left out; they must be signed as `name=`",
        ),
        Mistake::OtherMessage(label, _) => t(
            "message-type",
            format!("按 {label} 的字段表签名了；报文类型或接口选错"),
            format!("Signed with the field list of {label}: wrong message type or interface"),
        ),
        Mistake::Order(o) => order(Some(*o), gateway),
        Mistake::Reversed => order(None, gateway),
        Mistake::Value { name, value, slip } => value_slip(Some(name), value, *slip),
        Mistake::AllValues(_, slip) => value_slip(None, "", *slip),
        Mistake::Assembly(a) => assembly(*a),
        Mistake::KeyPlace(k) => key_place(*k),
        Mistake::KeyLabel(l) => t(
            "key-label-case",
            format!("拼接的是 {l}；必须是大写 &KEY="),
            format!("`{l}` was appended; it must be `&KEY=`"),
        ),
        Mistake::Key(_, slip) => key(*slip),
        Mistake::Gbk => t(
            "gbk-bytes",
            "签名原文按 GBK 字节计算了；应使用 UTF-8 字节",
            "The sign source was hashed as GBK bytes; it must be UTF-8",
        ),
        Mistake::Digest(k, d) => digest(*k, *d, gateway),
        Mistake::Output(o) => output(*o),
    }
}

fn added(n: &str, why: Added) -> Text {
    match why {
        Added::Unsigned => t(
            "field-signed-extra",
            format!("字段 {n} 不应参与签名，却被签入了"),
            format!("`{n}` was signed but must not be"),
        ),
        Added::Certificate => t(
            "field-signed-extra",
            format!("证书字段 {n} 从不参与签名，却被签入了"),
            format!("The certificate field `{n}` never takes part, but was signed"),
        ),
        Added::Unknown => t(
            "field-extra-param",
            format!("{n} 不是该报文的字段（框架或查询串附加的参数），却被签入了"),
            format!("`{n}` is not a field of this message (a framework or the query string added it), but was signed"),
        ),
        Added::Signature => t(
            "signature-signed",
            format!("签名字段 {n} 自身（空值）被签入了"),
            format!("The signature field `{n}` itself (empty) was signed"),
        ),
    }
}

/// An order mistake; `None` for the gateway's order reversed.
fn order(o: Option<Order>, gateway: &str) -> Text {
    let (zh_right, en_right) = if gateway == "clpay" {
        (
            "应按字段名升序（字节序）排序",
            "they must be sorted by name (byte order)",
        )
    } else {
        (
            "应按文档的字段顺序",
            "they must follow the manual's field order",
        )
    };
    let (id, zh, en) = match o {
        Some(Order::ByName) => (
            "order-alphabetical",
            "字段按名称字母顺序排列了",
            "The fields were sorted by name",
        ),
        Some(Order::ByNameIgnoringCase) => (
            "order-case",
            "字段按名称排序时忽略了大小写",
            "The fields were sorted by name ignoring case",
        ),
        Some(Order::Table) => (
            "order-table",
            "字段按文档表格的顺序拼接了",
            "The fields follow the manual's table order",
        ),
        Some(Order::Received) => (
            "order-received",
            "字段按收到的顺序拼接了",
            "The fields were joined in the order received",
        ),
        None => (
            "order-reversed",
            "字段顺序被颠倒了",
            "The fields were joined in reverse order",
        ),
    };
    t(id, format!("{zh}；{zh_right}"), format!("{en}; {en_right}"))
}

fn value_slip(name: Option<&str>, value: &str, slip: Slip) -> Text {
    let (id, zh, en) = match slip {
        Slip::Raw | Slip::Encoded(_) | Slip::DecodedAgain(_) | Slip::OtherCharset(_) => {
            encoding_slip(slip)
        }
        _ => edit_slip(value, slip),
    };
    match name {
        Some(n) => t(id, format!("字段 {n} {zh}"), format!("`{n}` {en}")),
        None => t(id, format!("所有字段值{zh}"), format!("Every value {en}")),
    }
}

/// Slips of percent-encoding: `(id, zh, en)` to follow the field's name.
fn encoding_slip(slip: Slip) -> (&'static str, String, String) {
    let (id, zh, en) = match slip {
        Slip::Encoded(cs) => (
            "percent-not-decoded",
            format!(
                "签名时用的是 URL 编码（{}）后的文本；应先解码再签名",
                cs.name()
            ),
            format!(
                "was signed percent-encoded ({}); decode first, then sign",
                cs.name()
            ),
        ),
        Slip::DecodedAgain(cs) => (
            "percent-decoded-twice",
            format!("被 URL 解码了两次（{}）", cs.name()),
            format!("was percent-decoded twice ({})", cs.name()),
        ),
        Slip::OtherCharset(cs) => (
            "charset-mixup",
            format!("按 {} 解码了，与报文的字符集不符", cs.name()),
            format!(
                "was percent-decoded as {}, which is not the message's charset",
                cs.name()
            ),
        ),
        _ => (
            "percent-not-decoded",
            "签名时用的是收到的 URL 编码文本；应先解码再签名".into(),
            "was signed as received, percent-encoded; decode first, then sign".into(),
        ),
    };
    (id, zh, en)
}

/// Slips that edit the text: `(id, zh, en)` to follow the field's name.
fn edit_slip(value: &str, slip: Slip) -> (&'static str, String, String) {
    let (id, zh, en): (_, &str, &str) = match slip {
        Slip::PlusSpace => (
            "plus-space",
            "中的 + 与空格被互换（表单解码把 + 变成了空格）",
            "was signed with `+` and space swapped (form decoding turns `+` into a space)",
        ),
        Slip::Trimmed => (
            "whitespace",
            "的首尾空白在签名时被去掉了",
            "was signed with its leading and trailing whitespace trimmed",
        ),
        Slip::Padded => (
            "padded",
            "签名时末尾多了一个空格",
            "was signed with an extra trailing space",
        ),
        Slip::HalfWidth => (
            "fullwidth",
            "中的全角字符签名时被转成了半角",
            "was signed with its full-width characters made half-width",
        ),
        Slip::FullWidth => (
            "fullwidth",
            "中的半角字符签名时被转成了全角",
            "was signed with half-width characters made full-width",
        ),
        Slip::CardPlain => (
            "card-plain",
            "签名时用的是明文；应先 3DES 加密，对密文签名",
            "was signed in plain text; encrypt it first and sign the ciphertext",
        ),
        Slip::CardEncrypted => (
            "card-encrypted",
            "签名用的是密文，但报文里发送的是明文；发送与签名都应是密文",
            "was signed encrypted but sent in plain text; send and sign the ciphertext",
        ),
        _ => {
            return (
                "number-format",
                format!("的数字格式被改写了（签名用的是 {value}）"),
                format!("was signed as a reformatted number ({value})"),
            )
        }
    };
    (id, zh.into(), en.into())
}

fn assembly(a: Assembly) -> Text {
    if a == Assembly::VALUES {
        return t(
            "assembly-values",
            "只拼接了字段值，没有 name= 与 &；应拼接为 name=value&…",
            "Only the values were joined; the source is `name=value` joined by `&`",
        );
    }
    if a == Assembly::PAIRS {
        return t(
            "assembly-pairs",
            "按 name=value&… 拼接了；和包只按顺序拼接字段值，无分隔符",
            "The source was written `name=value&…`; CMPay joins the values only, with no separator",
        );
    }
    let j = if a.join == "\n" { "\\n" } else { a.join };
    t(
        "separator",
        format!("字段之间用了 “{j}” 分隔"),
        format!("The fields were joined with `{j}`"),
    )
}

fn key_place(k: KeyUse) -> Text {
    let (zh, en) = match k {
        KeyUse::Appended("") => (
            "密钥直接拼在原文后，缺少 &KEY=",
            "The key was appended without `&KEY=`",
        ),
        KeyUse::Appended("&") => (
            "密钥前只有 &，缺少 KEY=",
            "The key was appended after `&` alone, without `KEY=`",
        ),
        KeyUse::Appended(_) => (
            "密钥前缺少 &",
            "The key was appended after `KEY=` without the `&`",
        ),
        _ => ("密钥被放在了原文前面", "The key was put before the source"),
    };
    t("key-label", zh, en)
}

fn key(slip: KeySlip) -> Text {
    match slip {
        KeySlip::Trimmed => t(
            "key-whitespace",
            "密钥首尾有空白字符（复制时带入的空格或换行）",
            "The key has leading or trailing whitespace (a space or newline copied with it)",
        ),
        KeySlip::Newline => t(
            "key-whitespace",
            "签名时密钥末尾多了一个换行（从文件读取未去掉）",
            "The key was used with a trailing newline (read from a file without trimming)",
        ),
        KeySlip::InnerSpace => t(
            "key-whitespace",
            "密钥中间有空白字符",
            "The key has whitespace inside it",
        ),
        KeySlip::Upper => t(
            "key-case",
            "密钥大小写被改变（转成了大写）",
            "The key's case was changed (uppercased)",
        ),
        KeySlip::Lower => t(
            "key-case",
            "密钥大小写被改变（转成了小写）",
            "The key's case was changed (lowercased)",
        ),
        KeySlip::HexDecoded => t(
            "key-encoding",
            "密钥被当作十六进制解码后使用",
            "The key was hex-decoded before use",
        ),
        KeySlip::Base64Decoded => t(
            "key-encoding",
            "密钥被当作 Base64 解码后使用",
            "The key was base64-decoded before use",
        ),
        KeySlip::OtherKey => t(
            "key-other",
            "签名用的是 3DES 密钥，而不是签名密钥",
            "The 3DES key was used where the signing key belongs",
        ),
    }
}

fn digest(k: KeyUse, d: Digest, gateway: &str) -> Text {
    let right = if gateway == "clpay" {
        (
            "clpayment 是 MD5(原文&KEY=密钥)",
            "clpayment is MD5(source&KEY=key)",
        )
    } else {
        ("和包实际是两次链式 HMAC-MD5", "CMPay chains two HMAC-MD5")
    };
    let (id, zh, en) = match (k, d) {
        (KeyUse::HmacKey, Digest::HmacMd5) => (
            "single-hmac",
            "只做了一次 HMAC-MD5(密钥, 原文)",
            "Signed with a single HMAC-MD5(key, source)",
        ),
        (KeyUse::HmacKey, Digest::HmacMd5Chained) => (
            "chained-hmac",
            "用了和包的两次链式 HMAC-MD5",
            "Signed with CMPay's two chained HMAC-MD5",
        ),
        (KeyUse::Prepended(_), _) => (
            "md5-key-source",
            "用了 MD5(密钥+原文)",
            "Signed as MD5(key + source)",
        ),
        (_, Digest::Sha1) => (
            "sha1",
            "用了 SHA-1 而不是 MD5",
            "Signed with SHA-1 instead of MD5",
        ),
        (KeyUse::Appended("&KEY="), _) => (
            "clpay-digest",
            "用了 MD5(原文&KEY=密钥)（clpayment 的算法）",
            "Signed as MD5(source&KEY=key), clpayment's way",
        ),
        _ => (
            "md5-source-key",
            "用了 MD5(原文+密钥)",
            "Signed as MD5(source + key)",
        ),
    };
    t(
        id,
        format!("{zh}；{}", right.0),
        format!("{en}; {}", right.1),
    )
}

fn output(o: Output) -> Text {
    match o {
        Output::HexLower => t(
            "hex-case",
            "签名值是小写十六进制；应为大写",
            "The signature is lowercase hex; it must be uppercase",
        ),
        Output::HexUpper => t(
            "hex-case",
            "签名值是大写十六进制；应为小写",
            "The signature is uppercase hex; it must be lowercase",
        ),
        Output::Base64 => t(
            "base64",
            "签名值是 Base64；应为十六进制",
            "The signature is base64; it must be hex",
        ),
    }
}
