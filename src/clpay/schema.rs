//! Every interface of the clpayment merchant manual V2.2, as data.
//!
//! Field names, labels, signed/required/encrypted marks, formats, limits and enumerations are
//! those of the manual's tables (sections 2.2 to 2.12). The `sign` field itself is implicit.

use super::codes::BANK_CODES;
use crate::schema::{Field, Format};

/// Which side of an interface a field list describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// What the merchant sends (for a notify: what the platform sends).
    Request,
    /// The `data` object of the platform's JSON response.
    Response,
}

/// One interface of the manual.
#[derive(Debug, Clone, Copy)]
pub struct Interface {
    /// Stable id used by the API (`tradeNotify`, `ebank`, …).
    pub id: &'static str,
    /// Section of the manual.
    pub section: &'static str,
    /// Title in the manual (Chinese).
    pub title: &'static str,
    /// Request address in the manual; empty for notifies (they go to the merchant's URL).
    pub url: &'static str,
    /// `false` where the manual marks the interface 不支持 (not supported by the platform).
    pub supported: bool,
    /// Whether this is a notify the platform sends to the merchant.
    pub notify: bool,
    /// Request (or notify) fields.
    pub request: &'static [Field],
    /// Response `data` fields; empty when the response is a page or a redirect.
    pub response: &'static [Field],
}

/// `{ id, section, title, url, supported, notify, request, response, ack }`.
impl serde::Serialize for Interface {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Interface", 9)?;
        st.serialize_field("id", self.id)?;
        st.serialize_field("section", self.section)?;
        st.serialize_field("title", self.title)?;
        st.serialize_field("url", self.url)?;
        st.serialize_field("supported", &self.supported)?;
        st.serialize_field("notify", &self.notify)?;
        st.serialize_field("request", self.request)?;
        st.serialize_field("response", self.response)?;
        st.serialize_field("ack", &self.ack())?;
        st.end()
    }
}

impl Interface {
    /// The fields of one part.
    pub fn fields(&self, part: Part) -> &'static [Field] {
        match part {
            Part::Request => self.request,
            Part::Response => self.response,
        }
    }

    /// The body a merchant answers a notify with (`None` for interfaces that are not notifies).
    pub fn ack(&self) -> Option<&'static str> {
        match self.id {
            "tradeNotify" => Some(r#"{"code":"00"}"#),
            "payoutNotify" => Some("success"),
            _ => None,
        }
    }
}

const fn f(name: &'static str, label: &'static str) -> Field {
    Field::new(name, label)
}
const DT: Format = Format::DateTime14;
const AMT: Format = Format::Amount;
const MERCHANT_CODE: Field = f("merchantCode", "商户号")
    .signed()
    .required()
    .format(Format::Digits(None));
const MERCHANT_CODE_10: Field = MERCHANT_CODE.format(Format::Digits(Some(10)));
const NONCE: Field = f("nonceStr", "随机数")
    .signed()
    .required()
    .format(Format::Alnum(Some(32)));
const OUT_ORDER_ID: Field = f("outOrderId", "商户订单号").signed().required().max(50);
const OUT_ORDER_ID_50: Field = OUT_ORDER_ID.format(Format::OrderNo);
const TOTAL_AMOUNT: Field = f("totalAmount", "金额").signed().required().format(AMT);
const GOODS_NAME: Field = f("goodsName", "商品名称").max(20);
const GOODS_DESCRIPTION: Field = f("goodsDescription", "商品描述").max(50);
const GOODS_EXPLAIN: Field = f("goodsExplain", "商品描述").max(50);
const EXT: Field = f("ext", "扩展字段");
const R_MERCHANT_CODE: Field = f("merchantCode", "商户号").signed();
const R_OUT_ORDER_ID: Field = f("outOrderId", "商户订单号").signed();
const R_ORDER_ID: Field = f("orderId", "付款订单号").signed();
const R_TOTAL_AMOUNT: Field = f("totalAmount", "金额").signed().format(AMT);
const R_FEE: Field = f("fee", "手续费").signed().amount0();
const R_TRANS_TIME: Field = f("transTime", "交易时间").format(DT);

const PAYOUT_REQ: &[Field] = &[
    MERCHANT_CODE_10,
    NONCE,
    OUT_ORDER_ID_50,
    TOTAL_AMOUNT,
    f("intoCardNo", "收款账号").signed().required(),
    f("intoCardName", "收款账户名").signed().required(),
    f("intoCardType", "收款账户类型")
        .signed()
        .required()
        .one_of(&["1", "2"]),
    f("bankCode", "收款开户行行号")
        .signed()
        .format(Format::Empty),
    f("type", "到账类型")
        .signed()
        .required()
        .one_of(&["03", "04"]),
    f("bankName", "收款人开户行名称")
        .signed()
        .format(Format::Empty),
    f("remark", "备注"),
];
const PAYOUT_RESP: &[Field] = &[
    R_MERCHANT_CODE,
    R_OUT_ORDER_ID,
    R_TOTAL_AMOUNT,
    R_ORDER_ID,
    R_FEE,
];

const WITHDRAW_REQ: &[Field] = &[
    MERCHANT_CODE_10,
    NONCE,
    OUT_ORDER_ID_50,
    TOTAL_AMOUNT,
    f("remark", "提现备注"),
];
const WITHDRAW_RESP: &[Field] = &[R_MERCHANT_CODE, R_OUT_ORDER_ID, R_TOTAL_AMOUNT, R_ORDER_ID];

const BALANCE_REQ: &[Field] = &[MERCHANT_CODE, NONCE];
const BALANCE_RESP: &[Field] = &[
    f("balance", "账户余额").signed().amount0(),
    f("availableBalance", "账户可用余额").signed().amount0(),
    f("frozenBalance", "账户冻结余额").signed().amount0(),
    R_MERCHANT_CODE,
];

const CASHIER_REQ: &[Field] = &[
    MERCHANT_CODE,
    OUT_ORDER_ID,
    f("outUserId", "外部会员号").signed(),
    f("totalAmount", "支付金额").signed().required().format(AMT),
    GOODS_NAME,
    GOODS_DESCRIPTION,
    f("merchantOrderTime", "商户订单创建时间")
        .signed()
        .required()
        .format(DT),
    f("latestPayTime", "最晚支付时间").format(DT),
    f("merUrl", "商户取货 URL").required(),
    f("notifyUrl", "通知商户服务端地址").signed().required(),
    f("randomStr", "随机字符串").required(),
    EXT,
];

const SCAN_REQ: &[Field] = &[
    f("model", "模块名").required().one_of(&["QR_CODE"]),
    MERCHANT_CODE,
    OUT_ORDER_ID,
    f("deviceNo", "设备号").max(32).format(Format::Alnum(None)),
    f("amount", "支付金额").signed().required().format(AMT),
    GOODS_NAME,
    GOODS_EXPLAIN,
    EXT,
    f("orderCreateTime", "商户订单创建时间")
        .signed()
        .required()
        .format(DT),
    f("lastPayTime", "最晚支付时间").format(DT),
    f("noticeUrl", "通知商户服务端地址").signed().required(),
    f("goodsMark", "商品标记"),
    f("isSupportCredit", "是否支持信用卡")
        .signed()
        .required()
        .one_of(&["1", "0"]),
    f("payChannel", "渠道编码")
        .required()
        .one_of(&["21", "30", "31", "38", "39"]),
    f("ip", "ip 地址").required(),
];
const SCAN_RESP: &[Field] = &[
    R_MERCHANT_CODE,
    R_OUT_ORDER_ID,
    f("orderId", "支付订单号").signed(),
    f("url", "二维码支付地址").signed(),
];

const BIND_REQ: &[Field] = &[
    MERCHANT_CODE,
    OUT_ORDER_ID,
    f("cardNo", "银行卡号").signed().required().encrypted(),
    f("cardName", "持卡人姓名").signed().required().encrypted(),
    f("identityCardId", "持卡人身份证号码")
        .signed()
        .required()
        .encrypted(),
    f("phoneNo", "银行预留手机号")
        .signed()
        .required()
        .encrypted(),
    f("randomStr", "随机数").signed().required(),
];
const BIND_RESP: &[Field] = &[
    R_MERCHANT_CODE.required(),
    R_OUT_ORDER_ID.required(),
    f("orderId", "认证订单号").signed().required(),
    f("payTime", "交易时间").signed().required().format(DT),
    f("status", "订单状态")
        .signed()
        .required()
        .one_of(&["00", "01"]),
];

/// The fields 2.5.2 and 2.5.3 share, in the manual's order.
macro_rules! quick_pay_common {
    ($($rest:expr),* $(,)?) => {
        &[
            MERCHANT_CODE,
            OUT_ORDER_ID,
            f("outUserId", "商户用户编号").signed(),
            f("totalAmount", "支付金额").signed().required().format(AMT),
            GOODS_NAME,
            GOODS_DESCRIPTION,
            f("merchantOrderTime", "商户订单创建时间").signed().required().format(DT),
            f("latestPayTime", "最晚支付时间").format(DT),
            f("merUrl", "商户取货 URL").required(),
            f("notifyUrl", "通知商户服务端地址").signed().required(),
            f("randomStr", "随机字符串").required(),
            EXT,
            $($rest),*
        ]
    };
}
const QUICK_PAY_REQ: &[Field] = quick_pay_common![
    f("payType", "支付类型")
        .signed()
        .required()
        .one_of(&["0031", "0032"]),
    f("payAccount", "支付卡号").signed().required().encrypted(),
    f("phoneNumber", "支付卡银行预留手机号")
        .signed()
        .required()
        .encrypted(),
    f("settleAccount", "结算银行卡号")
        .signed()
        .required()
        .encrypted(),
    f("settleAccountName", "结算卡持卡人姓名")
        .signed()
        .required()
        .encrypted(),
    f("credentialNumber", "结算卡持卡人身份证")
        .signed()
        .required()
        .encrypted(),
    f("settlePhoneNumber", "结算卡银行预留手机号")
        .signed()
        .encrypted(),
];
const QUICK_PAY_OTHER_REQ: &[Field] =
    quick_pay_common![f("payAccount", "支付卡号").signed().required().encrypted()];

const QUERY_REQ: &[Field] = &[MERCHANT_CODE, OUT_ORDER_ID];
const TRADE_QUERY_RESP: &[Field] = &[
    R_MERCHANT_CODE,
    R_OUT_ORDER_ID,
    R_TRANS_TIME,
    f("transType", "交易类型"),
    f("instructCode", "支付订单号"),
    f("amount", "金额").signed().format(AMT),
    f("replyCode", "状态码").signed(),
    EXT,
];

const EBANK_REQ: &[Field] = &[
    MERCHANT_CODE,
    OUT_ORDER_ID,
    f("totalAmount", "支付金额").signed().required().format(AMT),
    GOODS_NAME,
    GOODS_EXPLAIN,
    f("orderCreateTime", "商户订单创建时间")
        .signed()
        .required()
        .format(DT),
    f("lastPayTime", "最晚支付时间").signed().format(DT),
    f("merUrl", "商户取货 URL").required(),
    f("noticeUrl", "通知商户服务端地址").required(),
    f("bankCode", "支付银行代码").required().one_of(BANK_CODES),
    // The table says "01: 借记卡"; the FAQ (4.5) accepts 00, 01 or 03.
    f("bankCardType", "支付银行卡类型")
        .required()
        .one_of(&["00", "01", "03"]),
    f("merchantChannel", "商户渠道编码"),
    EXT,
];

const PAYOUT_NOTIFY: &[Field] = &[
    R_MERCHANT_CODE.required(),
    R_OUT_ORDER_ID.required(),
    R_ORDER_ID.required(),
    f("state", "付款状态")
        .signed()
        .required()
        .one_of(&["00", "02"]),
    R_TRANS_TIME.signed().required(),
    R_TOTAL_AMOUNT.required(),
    R_FEE.required(),
    f("errorMsg", "错误信息"),
];

const TRADE_NOTIFY: &[Field] = &[
    R_MERCHANT_CODE.required(),
    f("instructCode", "交易订单号").signed().required(),
    f("transType", "交易类型")
        .signed()
        .required()
        .one_of(&["00200"]),
    f("outOrderId", "商户订单").signed().required(),
    R_TRANS_TIME.signed().required(),
    f("totalAmount", "消费金额").signed().required().format(AMT),
    EXT,
];

const PAYOUT_QUERY_REQ: &[Field] = &[MERCHANT_CODE_10, OUT_ORDER_ID_50, NONCE];
const PAYOUT_QUERY_RESP: &[Field] = &[
    R_MERCHANT_CODE,
    R_OUT_ORDER_ID,
    R_ORDER_ID,
    f("state", "付款状态").signed().one_of(&["00", "01", "02"]),
    R_TRANS_TIME.signed(),
    R_TOTAL_AMOUNT,
    R_FEE,
    f("errorMsg", "错误信息"),
];

const REFUND_REQ: &[Field] = &[
    MERCHANT_CODE,
    f("orderId", "原交易订单号").signed().required(),
    OUT_ORDER_ID,
    f("amount", "退款金额").signed().required().format(AMT),
    f("remark", "退款备注"),
    f("applicant", "退款申请人"),
];
const REFUND_RESP: &[Field] = &[
    R_MERCHANT_CODE,
    f("oriInstructCode", "原交易订单号").signed(),
    f("returnInstructCode", "退货订单号").signed(),
    f("returnTransTime", "退货时间").signed().format(DT),
    f("amount", "退款金额").signed().format(AMT),
];

// "商户退货订号与退货订单号，二者必填一个": neither is required alone.
const REFUND_QUERY_REQ: &[Field] = &[
    MERCHANT_CODE,
    f("orderId", "退货订单号").signed(),
    f("outOrderId", "商户退货订单号").signed(),
];
const REFUND_QUERY_RESP: &[Field] = &[
    R_MERCHANT_CODE,
    f("outOrderId", "商户退货订单号").signed(),
    f("amount", "退款金额").signed().format(AMT),
    f("orderId", "退货订单号").signed(),
    f("transTime", "退货交易时间").signed().format(DT),
    f("transType", "退货交易类型").signed().one_of(&["00500"]),
    f("replyCode", "退货状态")
        .signed()
        .one_of(&["00", "01", "90", "02"]),
];

const fn iface(
    id: &'static str,
    section: &'static str,
    title: &'static str,
    url: &'static str,
    request: &'static [Field],
    response: &'static [Field],
) -> Interface {
    Interface {
        id,
        section,
        title,
        url,
        supported: true,
        notify: false,
        request,
        response,
    }
}
const fn unsupported(mut i: Interface) -> Interface {
    i.supported = false;
    i
}
const fn notify(mut i: Interface) -> Interface {
    i.notify = true;
    i
}

/// Every interface of the manual, in the manual's order.
pub static INTERFACES: &[Interface] = &[
    iface(
        "payout",
        "2.2.1",
        "付款到银行卡",
        "http://expand.clpayment.com/payment/payment.do",
        PAYOUT_REQ,
        PAYOUT_RESP,
    ),
    unsupported(iface(
        "withdraw",
        "2.2.2",
        "商户提现(不支持)",
        "http://expand.clpayment.com/payment/withdraw.do",
        WITHDRAW_REQ,
        WITHDRAW_RESP,
    )),
    iface(
        "balance",
        "2.2.3",
        "账户余额查询",
        "http://expand.clpayment.com/payment/merBalance.do",
        BALANCE_REQ,
        BALANCE_RESP,
    ),
    iface(
        "cashier",
        "2.3",
        "收银台（网银+扫码）",
        "http://expand.clpayment.com/onlinebank/createOrder.do",
        CASHIER_REQ,
        &[],
    ),
    iface(
        "scan",
        "2.4",
        "扫码支付",
        "http://gateway.clpayment.com/scan/entrance.do",
        SCAN_REQ,
        SCAN_RESP,
    ),
    iface(
        "bindCard",
        "2.5.1",
        "绑卡（实名认证）",
        "http://expand.clpayment.com/sameQuickPay/bind.do",
        BIND_REQ,
        BIND_RESP,
    ),
    iface(
        "quickPay",
        "2.5.2",
        "快捷支付接口（同名）",
        "http://expand.clpayment.com/quick/font/createTxOrder.do",
        QUICK_PAY_REQ,
        &[],
    ),
    iface(
        "quickPayOther",
        "2.5.3",
        "快捷支付接口（非同名）",
        "http://expand.clpayment.com/quick/font/createOrder.do",
        QUICK_PAY_OTHER_REQ,
        &[],
    ),
    iface(
        "quickPayQuery",
        "2.5.4",
        "快捷支付状态查询",
        "http://expand.clpayment.com/query/queryOrder.do",
        QUERY_REQ,
        TRADE_QUERY_RESP,
    ),
    iface(
        "ebank",
        "2.6",
        "网银支付接口",
        "http://gateway.clpayment.com/ebank/pay.do",
        EBANK_REQ,
        &[],
    ),
    notify(iface(
        "payoutNotify",
        "2.7",
        "出款异步通知",
        "",
        PAYOUT_NOTIFY,
        &[],
    )),
    notify(iface(
        "tradeNotify",
        "2.8",
        "交易异步通知",
        "",
        TRADE_NOTIFY,
        &[],
    )),
    iface(
        "payoutQuery",
        "2.9",
        "出款状态查询",
        "http://expand.clpayment.com/payment/queryState.do",
        PAYOUT_QUERY_REQ,
        PAYOUT_QUERY_RESP,
    ),
    iface(
        "tradeQuery",
        "2.10",
        "交易查询",
        "http://gateway.clpayment.com/ebank/queryOrder.do",
        QUERY_REQ,
        TRADE_QUERY_RESP,
    ),
    unsupported(iface(
        "refund",
        "2.11",
        "退货接口（不支持）",
        "http://gateway.clpayment.com/ebank/return.do",
        REFUND_REQ,
        REFUND_RESP,
    )),
    unsupported(iface(
        "refundQuery",
        "2.12",
        "退货查询（不支持）",
        "http://gateway.clpayment.com/ebank/queryReturnState.do",
        REFUND_QUERY_REQ,
        REFUND_QUERY_RESP,
    )),
];
