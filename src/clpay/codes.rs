//! clpayment's response codes (manual chapter 4) and its e-bank bank list (chapter 5).

use crate::codes::{Bank, CodeInfo};
use crate::error::Error;

/// The response codes the manual names.
pub static CODES: &[CodeInfo] = &[
    CodeInfo {
        code: "00",
        meaning_zh: "成功",
        meaning_en: "Success",
        hint_zh: "对请求而言仅表示平台已受理，最终状态以异步通知或查询为准。",
        hint_en: "For a request this only means the platform accepted it; the final state comes from the notify or a query.",
        success: true,
        retryable: false,
    },
    CodeInfo {
        code: "09003",
        meaning_zh: "验签失败",
        meaning_en: "Signature verification failed",
        hint_zh: "商户号与密钥不匹配；参与签名的字段多了或少了；未按 key 升序排序；未在末尾拼接 &KEY=md5Key（KEY 大写）；sign 未转大写。",
        hint_en: "Merchant code and key do not match; a field signed that should not be (or the reverse); keys not sorted; `&KEY=<md5Key>` (uppercase KEY) not appended; sign not uppercased.",
        success: false,
        retryable: false,
    },
    CodeInfo {
        code: "09007",
        meaning_zh: "请求报文异常",
        meaning_en: "Malformed request",
        hint_zh: "金额须为正整数（分）；时间须为 14 位连续数字；必填字段为空或取值不对；须以 form 表单提交；参数多了或少了；bankCardType 只能是 00、01 或 03。",
        hint_en: "Amounts must be positive integers in fen; times 14 consecutive digits; a required field empty or wrong; the body must be a form post; a field too many or too few; bankCardType must be 00, 01 or 03.",
        success: false,
        retryable: false,
    },
    CodeInfo {
        code: "30014",
        meaning_zh: "非法访问 ip",
        meaning_en: "IP address not allowed",
        hint_zh: "出款请求的服务器 IP 须由平台技术人员加入白名单。",
        hint_en: "Payout requests must come from an IP the platform has whitelisted; ask its support to add yours.",
        success: false,
        retryable: false,
    },
];

/// Looks up a response code.
pub fn code(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code == code.trim())
}

/// The response code the platform answers a request with (the gateway's side, for a
/// sandbox), given why the request is not valid: `00` when it is, `09003` for a wrong `sign`,
/// `09007` (a malformed request) for a schema error.
pub fn request_code(reason: Option<&Error>) -> &'static str {
    match reason {
        None => "00",
        Some(Error::BadSignature { .. }) => "09003",
        Some(_) => "09007",
    }
}

/// The e-bank (2.6 `bankCode`) list of chapter 5, debit cards, with support status.
pub static BANKS: &[Bank] = &[
    Bank {
        code: "ICBC",
        name: "中国工商银行",
        supported: Some(true),
    },
    Bank {
        code: "CMB",
        name: "招商银行",
        supported: Some(true),
    },
    Bank {
        code: "ABC",
        name: "中国农业银行",
        supported: Some(true),
    },
    Bank {
        code: "CCB",
        name: "中国建设银行",
        supported: Some(true),
    },
    Bank {
        code: "BCCB",
        name: "北京银行",
        supported: Some(false),
    },
    Bank {
        code: "BCM",
        name: "交通银行",
        supported: Some(false),
    },
    Bank {
        code: "CIB",
        name: "兴业银行",
        supported: Some(true),
    },
    Bank {
        code: "CMBC",
        name: "中国民生银行",
        supported: Some(false),
    },
    Bank {
        code: "CEB",
        name: "光大银行",
        supported: Some(true),
    },
    Bank {
        code: "BOC",
        name: "中国银行",
        supported: Some(true),
    },
    Bank {
        code: "PAB",
        name: "平安银行",
        supported: Some(false),
    },
    Bank {
        code: "CITIC",
        name: "中信银行",
        supported: Some(true),
    },
    Bank {
        code: "GDB",
        name: "广发银行",
        supported: Some(true),
    },
    Bank {
        code: "BOS",
        name: "上海银行",
        supported: Some(false),
    },
    Bank {
        code: "PSBC",
        name: "中国邮政",
        supported: Some(true),
    },
    Bank {
        code: "SPDB",
        name: "浦发",
        supported: Some(true),
    },
    Bank {
        code: "HXB",
        name: "华夏",
        supported: Some(true),
    },
];

/// The codes of [`BANKS`], the enumeration of the e-bank `bankCode` field.
pub static BANK_CODES: &[&str] = &[
    "ICBC", "CMB", "ABC", "CCB", "BCCB", "BCM", "CIB", "CMBC", "CEB", "BOC", "PAB", "CITIC", "GDB",
    "BOS", "PSBC", "SPDB", "HXB",
];

/// Finds an e-bank bank by code or name.
pub fn bank(query: &str) -> Option<&'static Bank> {
    crate::codes::find_bank(BANKS, query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_codes() {
        assert_eq!(request_code(None), "00");
        assert_eq!(
            request_code(Some(&Error::BadSignature {
                field: "sign".into()
            })),
            "09003"
        );
        assert_eq!(
            request_code(Some(&Error::MissingField {
                field: "outOrderId".into()
            })),
            "09007"
        );
    }

    #[test]
    fn bank_codes_match_table() {
        assert_eq!(BANK_CODES.len(), BANKS.len());
        for (c, b) in BANK_CODES.iter().zip(BANKS) {
            assert_eq!(*c, b.code);
            assert!(c.is_ascii());
        }
        assert_eq!(bank("cmb").map(|b| b.name), Some("招商银行"));
        assert_eq!(bank("交通银行").map(|b| b.supported), Some(Some(false)));
        assert_eq!(code("09003").map(|c| c.retryable), Some(false));
    }
}
