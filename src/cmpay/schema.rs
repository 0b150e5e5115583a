//! The CMPay 2.0.0 messages, as data, with their fields in sign order (NOTES.md: the order the
//! gateway really signs, which for the OrderQuery response includes `payType`).

use super::codes::BANK_CODES;
use crate::schema::{Field, Format};

/// Which way a message travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Merchant to CMPay.
    Request,
    /// CMPay's synchronous answer.
    Response,
    /// CMPay to the merchant (page redirect or server call).
    Notify,
}

/// One message of the manuals.
#[derive(Debug, Clone, Copy)]
pub struct Message {
    /// Stable id used by the API (`offlineNotify`, `directPayConfirmRequest`, …).
    pub id: &'static str,
    /// The values of `type` this message is sent with.
    pub types: &'static [&'static str],
    /// Which way it travels.
    pub direction: Direction,
    /// Manual and section.
    pub section: &'static str,
    /// Fields in sign order. `hmac`, `merchantCert` and `serverCert` are not among them: they
    /// never take part in the signature.
    pub fields: &'static [Field],
}

/// `{ id, types, section, direction, fields, ack }`.
impl serde::Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Message", 6)?;
        st.serialize_field("id", self.id)?;
        st.serialize_field("types", self.types)?;
        st.serialize_field("section", self.section)?;
        st.serialize_field(
            "direction",
            match self.direction {
                Direction::Request => "request",
                Direction::Response => "response",
                Direction::Notify => "notify",
            },
        )?;
        st.serialize_field("fields", self.fields)?;
        st.serialize_field("ack", &self.ack())?;
        st.end()
    }
}

impl Message {
    /// The body a merchant answers with: `SUCCESS` for notifies.
    pub fn ack(&self) -> Option<&'static str> {
        (self.direction == Direction::Notify).then_some(super::message::NOTIFY_ACK)
    }
}

const fn f(name: &'static str, label: &'static str) -> Field {
    Field::new(name, label).signed()
}

const SIGN_TYPES: &[&str] = &["MD5", "RSA"];
const VERSION: Field = f("version", "版本号").required().max(10).one_of(&["2.0.0"]);
const SIGN_TYPE: Field = f("signType", "签名方式")
    .required()
    .max(3)
    .one_of(SIGN_TYPES);
// merchantId is 15 digits (888009941120001) and payNo digits: the fixed length is what keeps
// digits from moving between them in the separator-less hmac.
const MERCHANT_ID: Field = f("merchantId", "商户编号")
    .required()
    .max(50)
    .format(Format::Digits(Some(15)));
const REQUEST_ID: Field = f("requestId", "商户请求号").required().max(50);
const ORDER_ID: Field = f("orderId", "商户订单号").required().max(50);
const RETURN_CODE: Field = f("returnCode", "返回码")
    .required()
    .max(10)
    .format(Format::ReturnCode);
const PAY_NO: Field = f("payNo", "流水号")
    .required()
    .max(50)
    .format(Format::Digits(None));
const AMOUNT_PAID: Field = f("amount", "支付金额").required().max(10).amount0();
const AMT_ITEM: Field = f("amtItem", "金额明细")
    .required()
    .max(256)
    .format(Format::AmtItem);
const BANK_ABBR: Field = f("bankAbbr", "支付银行").max(8).one_of(BANK_CODES);
const MOBILE: Field = f("mobile", "支付手机号").max(15).format(Format::Mobile);
const PAY_DATE: Field = f("payDate", "支付时间")
    .required()
    .max(20)
    .format(Format::DateTime14);
const RESERVED1: Field = f("reserved1", "保留字段1").max(256);
const RESERVED2: Field = f("reserved2", "保留字段2").max(256);
const STATUS: Field = f("status", "支付结果")
    .required()
    .max(10)
    .one_of(&["SUCCESS", "FAILED"]);
const ORDER_DATE: Field = f("orderDate", "订单提交日期")
    .required()
    .max(10)
    .format(Format::Date8);
const FEE: Field = f("fee", "费用").required().max(10).amount0();

const ORDER_QUERY_REQ: &[Field] = &[
    MERCHANT_ID,
    REQUEST_ID,
    SIGN_TYPE,
    f("type", "接口类型")
        .required()
        .max(20)
        .one_of(&["OrderQuery"]),
    VERSION,
    ORDER_ID,
];

const ORDER_QUERY_RESP: &[Field] = &[
    MERCHANT_ID,
    PAY_NO,
    RETURN_CODE,
    f("message", "返回码描述信息").max(256),
    SIGN_TYPE,
    f("type", "接口类型")
        .required()
        .max(20)
        .one_of(&["OrderQuery"]),
    VERSION,
    AMOUNT_PAID,
    AMT_ITEM,
    BANK_ABBR,
    MOBILE,
    ORDER_ID,
    PAY_DATE,
    RESERVED1,
    RESERVED2,
    STATUS,
    // Not in the manual's table; real responses sign it when present (NOTES.md).
    f("payType", "支付方式"),
    ORDER_DATE,
    FEE,
];

const DIRECT_PAY_TYPES: &[&str] = &["DirectPayConfirm", "DirectPay", "WAPDirectPayConfirm"];

const DIRECT_PAY_REQ: &[Field] = &[
    f("characterSet", "字符集")
        .max(2)
        .one_of(&["00", "01", "02"]),
    f("callbackUrl", "页面返回URL").required().max(100),
    f("notifyUrl", "后台通知URL").required().max(100),
    f("ipAddress", "IP地址").required().max(15),
    MERCHANT_ID,
    REQUEST_ID,
    SIGN_TYPE,
    f("type", "接口类型")
        .required()
        .max(20)
        .one_of(DIRECT_PAY_TYPES),
    VERSION,
    f("amount", "订单金额")
        .required()
        .max(10)
        .format(Format::Amount),
    BANK_ABBR,
    f("currency", "币种").required().max(3).one_of(&["00"]),
    f("orderDate", "订单提交日期")
        .required()
        .max(8)
        .format(Format::Date8),
    ORDER_ID,
    f("merAcDate", "商户会计日期")
        .required()
        .max(8)
        .format(Format::Date8),
    f("period", "有效期数量")
        .required()
        .max(3)
        .format(Format::Count),
    f("periodUnit", "有效期单位")
        .required()
        .max(2)
        .one_of(&["00", "01", "02", "03"]),
    f("merchantAbbr", "商户展示名称").max(50),
    f("productDesc", "商品描述").max(256),
    f("productId", "商品编号").max(50),
    f("productName", "商品名称").required().max(50),
    f("productNum", "商品数量").max(5).format(Format::Count),
    RESERVED1,
    RESERVED2,
    f("userToken", "用户标识").max(64),
    f("showUrl", "商品展示地址").max(400),
    f("couponsFlag", "营销工具使用控制")
        .max(2)
        .one_of(&["00", "10", "20", "30", "40"]),
];

const DIRECT_PAY_RESP: &[Field] = &[
    MERCHANT_ID,
    REQUEST_ID,
    SIGN_TYPE,
    f("type", "接口类型")
        .required()
        .max(20)
        .one_of(DIRECT_PAY_TYPES),
    VERSION,
    RETURN_CODE,
    f("message", "返回码描述信息").required().max(256),
    // Signed raw, with its <hi:…> markers.
    f("payUrl", "订单支付地址").max(256),
];

/// The field list of both notifies.
macro_rules! notify_fields {
    ($type:expr) => {
        &[
            MERCHANT_ID,
            PAY_NO,
            RETURN_CODE,
            f("message", "返回码描述信息").max(256),
            SIGN_TYPE,
            f("type", "接口类型").required().max(20).one_of(&[$type]),
            VERSION,
            AMOUNT_PAID,
            AMT_ITEM,
            BANK_ABBR,
            MOBILE,
            ORDER_ID,
            PAY_DATE,
            f("accountDate", "会计日期")
                .required()
                .max(8)
                .format(Format::Date8),
            RESERVED1,
            RESERVED2,
            STATUS,
            ORDER_DATE,
            FEE,
        ]
    };
}

/// Every message, requests first.
pub static MESSAGES: &[Message] = &[
    Message {
        id: "orderQueryRequest",
        types: &["OrderQuery"],
        direction: Direction::Request,
        section: "订单查询 6.3",
        fields: ORDER_QUERY_REQ,
    },
    Message {
        id: "orderQueryResponse",
        types: &["OrderQuery"],
        direction: Direction::Response,
        section: "订单查询 7.2",
        fields: ORDER_QUERY_RESP,
    },
    Message {
        id: "directPayConfirmRequest",
        types: DIRECT_PAY_TYPES,
        direction: Direction::Request,
        section: "即时到帐 6.1",
        fields: DIRECT_PAY_REQ,
    },
    Message {
        id: "directPayConfirmResponse",
        types: DIRECT_PAY_TYPES,
        direction: Direction::Response,
        section: "即时到帐 6.2",
        fields: DIRECT_PAY_RESP,
    },
    Message {
        id: "pageNotify",
        types: &["PageNotify"],
        direction: Direction::Notify,
        section: "即时到帐 7.2",
        fields: notify_fields!("PageNotify"),
    },
    Message {
        id: "offlineNotify",
        types: &["OfflineNotify"],
        direction: Direction::Notify,
        section: "即时到帐 8.2",
        fields: notify_fields!("OfflineNotify"),
    },
];

/// The fields that never take part in the signature.
pub const UNSIGNED: &[&str] = &["hmac", "merchantCert", "serverCert"];
