//! CMPay return codes of both manual generations (OrderQuery: C01088, D22201, …;
//! DirectPayConfirm: MCG01088, RPM22201, …) and the bank table with ASCII codes.

use crate::codes::{Bank, CodeInfo};
use crate::error::Error;

/// One meaning, with its code in each generation.
struct Entry {
    codes: &'static [&'static str],
    zh: &'static str,
    en: &'static str,
    hint_zh: &'static str,
    hint_en: &'static str,
    success: bool,
    retryable: bool,
}

const fn e(
    codes: &'static [&'static str],
    zh: &'static str,
    en: &'static str,
    hint_zh: &'static str,
    hint_en: &'static str,
    retryable: bool,
) -> Entry {
    Entry {
        codes,
        zh,
        en,
        hint_zh,
        hint_en,
        success: false,
        retryable,
    }
}

const FIX: &str = "检查并修正请求中的该字段后重新下单。";
const FIX_EN: &str = "Fix that field in the request and send it again.";

static ENTRIES: &[Entry] = &[
    Entry {
        codes: &["000000", "MCG00000"],
        zh: "交易成功",
        en: "Success",
        hint_zh: "请求成功；订单查询的支付结果见 status 字段。",
        hint_en: "The request succeeded; for OrderQuery the payment result is in `status`.",
        success: true,
        retryable: false,
    },
    e(&["C01088", "MCG01088"], "退货金额域非法", "Refund amount field is invalid", FIX, FIX_EN, false),
    e(&["C01081", "MCG01081"], "产品名称域越界", "productName is too long", "productName 最长 50 个字符。", "productName is at most 50 characters.", false),
    e(&["C01033", "MCG01033"], "产品名称域为空", "productName is empty", "productName 必填。", "productName is required.", false),
    e(&["C01030", "MCG01030"], "有效期单位域不合法", "periodUnit is invalid", "periodUnit 只能是 00 分、01 小时、02 日、03 月。", "periodUnit must be 00 (minutes), 01 (hours), 02 (days) or 03 (months).", false),
    e(&["C01028", "MCG01028"], "有效期数量域为 0", "period is 0", "period 须为正整数。", "period must be a positive integer.", false),
    e(&["C01027", "MCG01027"], "有效期数量域为空", "period is empty", "period 必填。", "period is required.", false),
    e(&["C01025", "MCG01025"], "订单日期域不合法", "orderDate is invalid", "orderDate 格式为 YYYYMMDD。", "orderDate must be YYYYMMDD.", false),
    e(&["C01024", "MCG01024"], "订单日期域为空", "orderDate is empty", "orderDate 必填。", "orderDate is required.", false),
    e(&["C01019", "MCG01019"], "币种域取值不合法", "currency is invalid", "currency 只能是 00（CNY）。", "currency must be 00 (CNY).", false),
    e(&["C01018", "MCG01018"], "币种域为空", "currency is empty", "currency 必填，填 00。", "currency is required: send 00.", false),
    e(&["C01014", "MCG01014"], "订单金额域为空", "amount is empty", "amount 必填，以分为单位的整数。", "amount is required, an integer number of fen.", false),
    e(&["D99981", "RPM99981"], "订单已过期", "Order has expired", "超过 period/periodUnit 设定的有效期；用新的订单号重新下单。", "Past the validity set by period/periodUnit; place a new order with a new orderId.", false),
    e(&["D23190", "RPM23190"], "退款日期超过最大有效期", "Refund date is past the maximum period", "该订单已不能退款。", "The order can no longer be refunded.", false),
    e(&["D22407", "RPM22407"], "退款金额大于可退款金额", "Refund amount exceeds the refundable amount", "检查已退款金额。", "Check what has already been refunded.", false),
    e(&["D22401", "RPM22401"], "退货金额大于可退货金额", "Return amount exceeds the returnable amount", "检查已退货金额。", "Check what has already been returned.", false),
    e(
        &["D22208", "RPM22208"],
        "订单状态异常",
        "Order state is abnormal",
        "除订单号不能重复外，requestId 也不能重复；详询 cmpay 网站。",
        "Besides orderId, requestId must never repeat either; send a new requestId.",
        false,
    ),
    e(
        &["D22201", "RPM22201"],
        "订单不存在",
        "Order does not exist",
        "刚下单时可稍后再查；否则检查 orderId 与 merchantId。",
        "Just after ordering, query again a little later; otherwise check orderId and merchantId.",
        true,
    ),
    e(
        &["D22224", "RPM22224"],
        "账户支付方式不正确",
        "Payment method not allowed for the account",
        "没开通网银网关权限时检查 type 值及 bankAbbr；请联系 CMPAY。",
        "Without e-bank gateway rights, check `type` and `bankAbbr`; ask CMPay to enable it.",
        false,
    ),
    e(&["D77040", "RPM77040"], "商户没有开通此类交易的权限", "Merchant not enabled for this transaction type", "联系和包开通。", "Ask CMPay to enable it.", false),
    e(&["E22160"], "该银行充值业务未开通", "Bank top-up not enabled", "一般是银行代码 bankAbbr 写错。", "Usually a wrong bank code in bankAbbr.", false),
    e(
        &["IPS0008"],
        "签名不符",
        "Signature mismatch",
        "一般由中文编码引起：签名用 UTF-8 字节，characterSet 只决定 URL 编码（00/01 为 GBK，02 为 UTF-8）。",
        "Usually the charset of Chinese fields: sign over UTF-8 bytes; characterSet only decides the URL encoding (00/01 GBK, 02 UTF-8).",
        false,
    ),
    e(
        &["IPS0001"],
        "商户编号或密钥不对",
        "Merchant id or key is wrong",
        "一般是商户编号 merchantId 或密钥 signKey 不对。",
        "Usually a wrong merchantId or signKey.",
        false,
    ),
];

impl Entry {
    fn info(&self, code: &'static str) -> CodeInfo {
        CodeInfo {
            code,
            meaning_zh: self.zh,
            meaning_en: self.en,
            hint_zh: self.hint_zh,
            hint_en: self.hint_en,
            success: self.success,
            retryable: self.retryable,
        }
    }
}

/// Looks up a return code of either generation (case-insensitive).
pub fn code(code: &str) -> Option<CodeInfo> {
    let c = code.trim();
    ENTRIES.iter().find_map(|e| {
        e.codes
            .iter()
            .find(|x| x.eq_ignore_ascii_case(c))
            .map(|x| e.info(x))
    })
}

/// The field codes of the DirectPayConfirm manual (new generation), by field: the code for a
/// field that is missing or empty, and the one for a value it refuses (`None`: the manuals
/// list none, or only the one). The OrderQuery manual's generation is read off [`ENTRIES`].
const FIELD_CODES: &[(&str, &str, Option<&str>)] = &[
    ("amount", "MCG01014", None),
    ("currency", "MCG01018", Some("MCG01019")),
    ("orderDate", "MCG01024", Some("MCG01025")),
    ("period", "MCG01027", Some("MCG01028")),
    ("periodUnit", "MCG01030", Some("MCG01030")),
    ("productName", "MCG01033", Some("MCG01081")),
];

/// The return code the gateway answers a request with (the gateway's side, for a sandbox):
/// `000000` for a valid request, `IPS0008` for a wrong `hmac`, the field's own code where the
/// manuals list one (in the OrderQuery manual's generation for OrderQuery, the DirectPayConfirm
/// manual's otherwise), and `IPS0001`, their code for a wrong merchant request, for the rest.
pub fn request_code(message_id: &str, reason: Option<&Error>) -> &'static str {
    let Some(reason) = reason else {
        return "000000";
    };
    if matches!(reason, Error::BadSignature { .. }) {
        return "IPS0008";
    }
    let missing = matches!(reason, Error::MissingField { .. });
    let new = FIELD_CODES
        .iter()
        .find(|(f, _, _)| Some(*f) == reason.field())
        .and_then(|(_, empty, bad)| if missing { Some(*empty) } else { *bad });
    let Some(new) = new else {
        return "IPS0001";
    };
    if !message_id.starts_with("orderQuery") {
        return new;
    }
    ENTRIES
        .iter()
        .find(|e| e.codes.contains(&new))
        .and_then(|e| e.codes.first().copied())
        .unwrap_or(new)
}

/// Every code of both generations.
pub fn codes() -> Vec<CodeInfo> {
    ENTRIES
        .iter()
        .flat_map(|e| e.codes.iter().map(move |c| e.info(c)))
        .collect()
}

macro_rules! banks {
    ($($code:literal $name:literal),* $(,)?) => {
        /// The bank table of the manuals, ASCII codes only (the OCR put Cyrillic letters in a
        /// dozen), each bank once.
        pub static BANKS: &[Bank] = &[$(Bank { code: $code, name: $name, supported: None }),*];
        /// The codes of [`BANKS`], the enumeration of `bankAbbr` in requests.
        pub static BANK_CODES: &[&str] = &[$($code),*];
    };
}

banks! {
    "ICBC" "工商银行", "CMB" "招商银行", "CCB" "建设银行", "ABC" "农业银行", "BOC" "中国银行",
    "SPDB" "上海浦东发展银行", "BCOM" "交通银行", "CMBC" "民生银行", "CEBB" "光大银行",
    "GDB" "广东发展银行", "ECITIC" "中信银行", "HXB" "华夏银行", "CIB" "兴业银行",
    "PSBC" "邮政储蓄银行", "SDB" "深圳发展银行", "BBGB" "广西北部湾银行", "BEA" "东亚银行",
    "CBHB" "渤海银行", "CDRCB" "成都农村商业银行", "CQRCB" "重庆农村商业银行", "DGB" "东莞银行",
    "DLB" "大连银行", "DYCCB" "东营市商业银行", "FDB" "富滇银行", "GZB" "广州银行", "HBB" "河北银行",
    "HKB" "汉口银行", "HZB" "杭州银行", "LTCCB" "浙江泰隆商业银行", "HSB" "徽商银行",
    "BJRCB" "北京农商银行", "HUNRCU" "湖南农村信用社", "JJB" "九江银行", "JSB" "江苏银行",
    "NBB" "宁波银行", "NXB" "宁夏银行", "QLB" "齐鲁银行", "QSB" "齐商银行", "RZB" "日照银行",
    "SCB" "渣打银行", "SDRCB" "顺德农村商业银行", "SHRCB" "上海农村商业银行", "SJB" "盛京银行",
    "SPABANK" "平安银行", "SRB" "上饶银行", "SZB" "苏州银行", "SZRCB" "深圳农村商业银行",
    "TACCB" "泰安市商业银行", "WHCCB" "威海市商业银行", "WLMQCCB" "乌鲁木齐市商业银行",
    "WZB" "温州银行", "XMB" "厦门银行", "YCCCB" "宜昌市商业银行", "ZHRCU" "珠海市农村信用合作社",
    "ZJCCB" "浙商银行", "ZJGRCB" "张家港农商银行", "NCB" "南洋商业银行", "NJCB" "南京银行",
    "BOB" "北京银行",
}

/// Finds a bank by code or name.
pub fn bank(query: &str) -> Option<&'static Bank> {
    crate::codes::find_bank(BANKS, query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_codes() {
        let missing = |f: &str| Error::MissingField { field: f.into() };
        assert_eq!(request_code("directPayConfirmRequest", None), "000000");
        let sig = Error::BadSignature {
            field: "hmac".into(),
        };
        assert_eq!(request_code("orderQueryRequest", Some(&sig)), "IPS0008");
        assert_eq!(
            request_code("directPayConfirmRequest", Some(&missing("productName"))),
            "MCG01033"
        );
        // The OrderQuery manual's generation for OrderQuery.
        assert_eq!(
            request_code("orderQueryRequest", Some(&missing("amount"))),
            "C01014"
        );
        let long = Error::TooLong {
            field: "productName".into(),
            max: 50,
        };
        assert_eq!(
            request_code("directPayConfirmRequest", Some(&long)),
            "MCG01081"
        );
        // A field the manuals give no code for, and a value with no code of its own.
        assert_eq!(
            request_code("directPayConfirmRequest", Some(&missing("notifyUrl"))),
            "IPS0001"
        );
        let amount = Error::BadAmount {
            field: "amount".into(),
        };
        assert_eq!(
            request_code("directPayConfirmRequest", Some(&amount)),
            "IPS0001"
        );
        // Every code named is one of the table's.
        for (_, empty, bad) in FIELD_CODES {
            assert!(code(empty).is_some() && bad.is_none_or(|b| code(b).is_some()));
        }
    }

    #[test]
    fn bank_table_is_clean() {
        assert_eq!(BANKS.len(), 59);
        let mut seen = std::collections::HashSet::new();
        for b in BANKS {
            assert!(b.code.bytes().all(|c| c.is_ascii_uppercase()), "{}", b.code);
            assert!(seen.insert(b.code), "duplicate {}", b.code);
        }
        for code in [
            "CMB", "CCB", "BOC", "BCOM", "CMBC", "HXB", "CBHB", "XMB", "YCCCB", "HBB", "HKB", "BOB",
        ] {
            assert!(bank(code).is_some(), "{code}");
        }
        assert_eq!(bank("渤海银行").map(|b| b.code), Some("CBHB"));
    }

    #[test]
    fn both_generations() {
        let old = code("C01088").unwrap();
        let new = code("MCG01088").unwrap();
        assert_eq!(old.meaning_zh, new.meaning_zh);
        assert_eq!(code("rpm22201").map(|c| c.retryable), Some(true));
        assert!(code("IPS0008").unwrap().hint_en.contains("charset"));
        assert!(code("IPS0001").unwrap().hint_zh.contains("密钥"));
        assert!(code("000000").unwrap().success && code("MCG00000").unwrap().success);
        assert_eq!(code("E22160").map(|c| c.retryable), Some(false));
        assert!(code("X").is_none());
    }
}
