//! Whole messages: requests built as form bodies in the charset `characterSet` names, notifies
//! and responses decoded (UTF-8 or GBK), verified, and their `amtItem` / `payUrl` parsed.

use super::payurl::PayUrl;
use super::schema::{Direction, Message};
use super::sign::{self, Keys, SigEncoding};
use crate::error::{Error, Result};
use crate::form::{self, Charset};
use crate::params::Params;
use crate::schema;

/// The charset a request's form body is percent-encoded in: `characterSet` 00 (the default)
/// and 01 are GBK, 02 is UTF-8. Messages without `characterSet` are UTF-8.
pub fn request_charset(message: &Message, params: &Params) -> Result<Charset> {
    if !message.fields.iter().any(|f| f.name == "characterSet") {
        return Ok(Charset::Utf8);
    }
    match params.get("characterSet") {
        None | Some("") | Some("00") | Some("01") => Ok(Charset::Gbk),
        Some("02") => Ok(Charset::Utf8),
        Some(_) => Err(Error::BadCharset {
            field: "characterSet".into(),
        }),
    }
}

/// The message `message_id` names, or the one `params` are (recognised from `type`).
fn pick(message_id: Option<&str>, params: &Params) -> Result<&'static Message> {
    match message_id {
        Some(id) => sign::message(id),
        None => sign::recognise(params),
    }
}

/// A request ready to send.
#[derive(Debug, Clone)]
pub struct Request {
    /// The message.
    pub message: &'static Message,
    /// The parameters as sent, in message order, `hmac` last.
    pub params: Params,
    /// The signature's steps.
    pub trace: sign::Trace,
    /// The form body, percent-encoded in `charset`.
    pub body: String,
    /// The charset of the body.
    pub charset: Charset,
}

/// Validates (required fields, lengths, formats, enumerations, no unknown field), signs and
/// encodes a request. `message_id` may be `None` to recognise it from `type`.
pub fn build_request(
    message_id: Option<&str>,
    mut params: Params,
    keys: &Keys,
    enc: SigEncoding,
) -> Result<Request> {
    params.remove("hmac");
    let message = pick(message_id, &params)?;
    if message.direction != Direction::Request {
        return Err(Error::unknown(format!("{} is not a request", message.id)));
    }
    let charset = request_charset(message, &params)?;
    build(message, params, keys, enc, charset)
}

/// The gateway's side of [`build_request`], for a local sandbox or a test double: validates,
/// signs and form-encodes any message (a response or a notify as the gateway sends it), in
/// `charset` (a request's default is the one its `characterSet` names; otherwise UTF-8).
pub fn build_message(
    message_id: &str,
    mut params: Params,
    keys: &Keys,
    enc: SigEncoding,
    charset: Option<Charset>,
) -> Result<Request> {
    params.remove("hmac");
    let message = sign::message(message_id)?;
    let charset = match charset {
        Some(c) => c,
        None => request_charset(message, &params)?,
    };
    build(message, params, keys, enc, charset)
}

fn build(
    message: &'static Message,
    params: Params,
    keys: &Keys,
    enc: SigEncoding,
    charset: Charset,
) -> Result<Request> {
    const CERTS: &[&str] = &["merchantCert", "serverCert"];
    if refusal(message, &params) {
        for f in message.fields {
            let v = params.get(f.name);
            if !left_out(v, f.name) {
                f.check(v)?;
            }
        }
        if let Some((k, _)) = params
            .iter()
            .find(|(k, _)| !message.fields.iter().any(|f| f.name == *k) && !CERTS.contains(k))
        {
            return Err(Error::UnknownField {
                field: k.to_owned(),
            });
        }
    } else {
        schema::validate(message.fields, &params, true, CERTS)?;
    }
    let trace = sign::sign_trace(message, &params, keys, enc)?;
    let mut ordered = Params::new();
    for f in message.fields {
        if let Some(v) = params.get(f.name) {
            ordered.set(f.name, v)?;
        }
    }
    for cert in ["merchantCert", "serverCert"] {
        if let Some(v) = params.get(cert) {
            ordered.set(cert, v)?;
        }
    }
    ordered.set("hmac", trace.hmac.clone())?;
    let body = form::encode_form(&ordered, charset)?;
    Ok(Request {
        message,
        params: ordered,
        trace,
        body,
        charset,
    })
}

/// The CMPay service address every request is posted to.
pub const SERVICE_URL: &str = "https://ipos.10086.cn/ips/cmpayService";

/// What a merchant answers a notify with once it is processed (otherwise CMPay retries).
pub const NOTIFY_ACK: &str = "SUCCESS";

impl Request {
    /// The address to post the request to.
    pub fn url(&self) -> &'static str {
        SERVICE_URL
    }

    /// The `Content-Type` of the body: a form in the request's charset.
    pub fn content_type(&self) -> &'static str {
        match self.charset {
            Charset::Utf8 => "application/x-www-form-urlencoded; charset=UTF-8",
            Charset::Gbk => "application/x-www-form-urlencoded; charset=GBK",
        }
    }
}

/// The five amounts of `amtItem`, in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AmtItem {
    /// `CNY_AMT`: cash.
    pub cny: u64,
    /// `CMY_AMT`: prepaid card.
    pub cmy: u64,
    /// `RED_AMT`: electronic coupons.
    pub red: u64,
    /// `VCH_AMT`: vouchers.
    pub vch: u64,
    /// `POT_CHG_AMT`: points.
    pub pot_chg: u64,
}

/// `{ cny, cmy, red, vch, potChg, total }`.
impl serde::Serialize for AmtItem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("AmtItem", 6)?;
        st.serialize_field("cny", &self.cny)?;
        st.serialize_field("cmy", &self.cmy)?;
        st.serialize_field("red", &self.red)?;
        st.serialize_field("vch", &self.vch)?;
        st.serialize_field("potChg", &self.pot_chg)?;
        st.serialize_field("total", &self.total())?;
        st.end()
    }
}

impl AmtItem {
    /// Parses `CNY_AMT=xx#CMY_AMT=xx#RED_AMT=xx#VCH_AMT=xx#POT_CHG_AMT=xx` (any order; an
    /// absent part is 0). Strict, because the hmac does not separate `amtItem` from its
    /// neighbours: each part is `NAME=digits`, each name at most once, amounts without
    /// leading zeros, nothing else (no spaces, no empty parts).
    pub fn parse(text: &str) -> Result<Self> {
        let bad = |reason| Error::BadFormat {
            field: "amtItem".into(),
            reason,
        };
        let mut a = AmtItem::default();
        let mut seen = [false; 5];
        for part in text.split('#') {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| bad("each part is NAME=amount"))?;
            let canonical = !v.is_empty()
                && v.len() <= 15
                && v.bytes().all(|b| b.is_ascii_digit())
                && !(v.len() > 1 && v.starts_with('0'));
            if !canonical {
                return Err(bad("amounts are integers in fen, without leading zeros"));
            }
            let n: u64 = v.parse().map_err(|_| bad("amounts are integers in fen"))?;
            let (slot, i) = match k {
                "CNY_AMT" => (&mut a.cny, 0),
                "CMY_AMT" => (&mut a.cmy, 1),
                "RED_AMT" => (&mut a.red, 2),
                "VCH_AMT" => (&mut a.vch, 3),
                "POT_CHG_AMT" => (&mut a.pot_chg, 4),
                _ => {
                    return Err(bad(
                        "names are CNY_AMT, CMY_AMT, RED_AMT, VCH_AMT and POT_CHG_AMT",
                    ))
                }
            };
            if seen.get(i).copied().unwrap_or(true) {
                return Err(bad("each name appears once"));
            }
            if let Some(s) = seen.get_mut(i) {
                *s = true;
            }
            *slot = n;
        }
        Ok(a)
    }

    /// The sum of the five amounts.
    pub fn total(&self) -> u64 {
        self.cny + self.cmy + self.red + self.vch + self.pot_chg
    }

    /// Parses `amtItem` and checks it adds up to `amount`.
    pub fn parse_checked(text: &str, amount: &str) -> Result<Self> {
        let a = AmtItem::parse(text)?;
        let amount: u64 = amount.trim().parse().map_err(|_| Error::BadAmount {
            field: "amount".into(),
        })?;
        if a.total() != amount {
            return Err(Error::Inconsistent {
                field: "amtItem".into(),
                reason: format!(
                    "its amounts add up to {}, not to amount {amount}",
                    a.total()
                ),
            });
        }
        Ok(a)
    }
}

/// A verified (or not) notify or response.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The message recognised (or given).
    pub message: &'static Message,
    /// Whether the `hmac` matches and the signed fields keep the message's schema (formats,
    /// enumerations, required fields, `amtItem` adding up to `amount`, a well-formed `payUrl`).
    pub valid: bool,
    /// Why it is not valid: `BAD_SIGNATURE`, or the first schema error of a signed field.
    pub reason: Option<Error>,
    /// The fields as received (decoded).
    pub fields: Params,
    /// The charset the body was decoded with.
    pub charset: Charset,
    /// `amtItem`, parsed and checked against `amount` (valid messages that carry it).
    pub amt_item: Option<AmtItem>,
    /// `payUrl`, parsed (valid DirectPayConfirm responses that carry it).
    pub pay_url: Option<PayUrl>,
    /// The body to answer with: `SUCCESS` for notifies.
    pub ack: Option<&'static str>,
}

/// Decodes a raw form body: in `charset` when given (else the content type's charset), else
/// UTF-8 when the bytes are valid UTF-8 and GBK otherwise. A `Content-Type` that says JSON is
/// refused: CMPay sends forms.
pub fn decode_body(
    body: &[u8],
    charset: Option<Charset>,
    content_type: Option<&str>,
) -> Result<(Params, Charset)> {
    let ct = form::ContentType::parse_opt(content_type)?;
    if ct.json == Some(true) || form::looks_like_json(body) {
        return Err(Error::bad_body("CMPay messages are form-encoded, not JSON"));
    }
    match charset.or(ct.charset) {
        Some(c) => Ok((form::parse_form(body, c)?, c)),
        None => match form::parse_form(body, Charset::Utf8) {
            Ok(p) => Ok((p, Charset::Utf8)),
            Err(Error::BadEncoding { .. }) => {
                Ok((form::parse_form(body, Charset::Gbk)?, Charset::Gbk))
            }
            Err(e) => Err(e),
        },
    }
}

/// Verifies parsed parameters. `message_id` forces the message; `None` recognises it from
/// `type`. Fields other than the message's and `hmac` / `merchantCert` / `serverCert` are kept
/// but never signed.
pub fn verify_params(
    message_id: Option<&str>,
    params: Params,
    keys: &Keys,
    charset: Charset,
) -> Result<Verified> {
    let message = pick(message_id, &params)?;
    let (mut amt_item, mut pay_url) = (None, None);
    let reason = if !sign::verify(message, &params, keys)? {
        Some(Error::BadSignature {
            field: "hmac".into(),
        })
    } else {
        // The hmac concatenates values with no separator, so characters moved from one field
        // to its neighbour keep it: only the schema tells such a message from the real one.
        let checked = (|| -> Result<()> {
            let mut next = 0;
            let refused = refusal(message, &params);
            for f in message.fields.iter().filter(|f| f.signed) {
                let v = params.get_near(f.name, &mut next);
                if !(refused && left_out(v, f.name)) {
                    f.check(v)?;
                }
            }
            if let Some(a) = params.get("amtItem").filter(|a| !a.is_empty()) {
                amt_item = Some(AmtItem::parse_checked(a, params.value("amount"))?);
            }
            check_paid_by(message, &params)?;
            if let Some(p) = params.get("payUrl").filter(|p| !p.is_empty()) {
                pay_url = Some(PayUrl::parse(p)?);
            }
            Ok(())
        })();
        checked.err()
    };
    if reason.is_some() {
        (amt_item, pay_url) = (None, None);
    }
    Ok(Verified {
        message,
        valid: reason.is_none(),
        reason,
        fields: params,
        charset,
        amt_item,
        pay_url,
        ack: message.ack(),
    })
}

/// A successful payment notify names how it was paid: `bankAbbr` for a bank (gateway)
/// payment, `mobile` for a wallet payment (the manual: mobile is empty for gateway payments).
/// Without this, either value could be moved whole into `orderId` next to it, hmac unchanged.
fn check_paid_by(message: &Message, params: &Params) -> Result<()> {
    let paid = message.direction == Direction::Notify && params.get("status") == Some("SUCCESS");
    if paid && params.value("bankAbbr").is_empty() && params.value("mobile").is_empty() {
        return Err(Error::Inconsistent {
            field: "bankAbbr".into(),
            reason: "a successful payment names its bank (bankAbbr) or the payer's mobile".into(),
        });
    }
    Ok(())
}

/// The fields every response carries; a refusal (a response whose `returnCode` is not a
/// success) may leave the others out, as the gateway does when it has no order to describe.
const ENVELOPE: &[&str] = &[
    "merchantId",
    "requestId",
    "returnCode",
    "message",
    "signType",
    "type",
    "version",
];

/// Whether a message is a response refusing the request (`returnCode` set and not 000000 /
/// MCG00000): its fields beyond [`ENVELOPE`] are then optional, but still checked when present.
fn refusal(message: &Message, params: &Params) -> bool {
    message.direction == Direction::Response
        && params
            .get("returnCode")
            .is_some_and(|c| !c.is_empty() && c != "000000" && c != "MCG00000")
}

/// Whether a refusal's field is left out: absent or empty, and not one of [`ENVELOPE`].
fn left_out(value: Option<&str>, name: &str) -> bool {
    value.is_none_or(str::is_empty) && !ENVELOPE.contains(&name)
}

/// The gateway's side of a request, for a local sandbox or a test double: a raw request body
/// checked as the gateway would, the schema first (required fields, formats, enumerations:
/// the gateway answers a field's own code), then the `hmac`. `message_id` forces the message;
/// `None` recognises it from `type`. Errors only for what is not a request at all.
pub fn verify_request(
    message_id: Option<&str>,
    body: &[u8],
    keys: &Keys,
    charset: Option<Charset>,
    content_type: Option<&str>,
) -> Result<Verified> {
    let (params, charset) = decode_body(body, charset, content_type)?;
    let message = pick(message_id, &params)?;
    if message.direction != Direction::Request {
        return Err(Error::unknown(format!("{} is not a request", message.id)));
    }
    // The whole schema once (a request carries no amtItem or payUrl), then the signature.
    let reason = match schema::validate(message.fields, &params, false, &[]) {
        Err(e) => Some(e),
        Ok(()) if !sign::verify(message, &params, keys)? => Some(Error::BadSignature {
            field: "hmac".into(),
        }),
        Ok(()) => None,
    };
    Ok(Verified {
        message,
        valid: reason.is_none(),
        reason,
        fields: params,
        charset,
        amt_item: None,
        pay_url: None,
        ack: None,
    })
}

/// Verifies a raw notify or response body (see [`decode_body`] for the charset).
pub fn verify_body(
    message_id: Option<&str>,
    body: &[u8],
    keys: &Keys,
    charset: Option<Charset>,
    content_type: Option<&str>,
) -> Result<Verified> {
    let (params, charset) = decode_body(body, charset, content_type)?;
    verify_params(message_id, params, keys, charset)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gateway's side: a refusal carries only the envelope, and verifies; a success
    /// response without its order fields is refused when built and invalid when received.
    #[test]
    fn refusals_carry_the_envelope_only() {
        let keys =
            Keys::md5("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/").unwrap();
        let envelope = [
            ("merchantId", "888009941120001"),
            ("returnCode", "D22201"),
            ("message", "订单不存在"),
            ("signType", "MD5"),
            ("type", "OrderQuery"),
            ("version", "2.0.0"),
        ];
        let built = build_message(
            "orderQueryResponse",
            Params::from_pairs(envelope).unwrap(),
            &keys,
            SigEncoding::Hex,
            Some(Charset::Gbk),
        )
        .unwrap();
        let v = verify_body(None, built.body.as_bytes(), &keys, None, None).unwrap();
        assert_eq!(v.message.id, "orderQueryResponse");
        assert!(v.valid, "{:?}", v.reason);
        // The same fields with a success code: amount, payNo, … are required.
        let mut ok = Params::from_pairs(envelope).unwrap();
        ok.set("returnCode", "000000").unwrap();
        let e = build_message(
            "orderQueryResponse",
            ok.clone(),
            &keys,
            SigEncoding::Hex,
            None,
        )
        .unwrap_err();
        assert_eq!(e.code(), "MISSING_FIELD");
        let hmac = sign::sign(sign::message("orderQueryResponse").unwrap(), &ok, &keys).unwrap();
        ok.set("hmac", hmac).unwrap();
        let v = verify_params(None, ok, &keys, Charset::Utf8).unwrap();
        assert!(!v.valid);
        assert_eq!(v.reason.unwrap().code(), "MISSING_FIELD");
        // Present fields of a refusal are still checked, and unknown ones refused.
        let mut bad = Params::from_pairs(envelope).unwrap();
        bad.set("amount", "1e2").unwrap();
        assert_eq!(
            build_message("orderQueryResponse", bad, &keys, SigEncoding::Hex, None)
                .unwrap_err()
                .code(),
            "BAD_AMOUNT"
        );
        let mut extra = Params::from_pairs(envelope).unwrap();
        extra.set("x", "1").unwrap();
        assert_eq!(
            build_message("orderQueryResponse", extra, &keys, SigEncoding::Hex, None)
                .unwrap_err()
                .code(),
            "UNKNOWN_FIELD"
        );
        // The gateway side of a request: missing fields make it invalid, not an error.
        let e = verify_request(None, b"type=OrderQuery&version=2.0.0", &keys, None, None).unwrap();
        assert!(!e.valid);
    }

    #[test]
    fn amt_item() {
        let a = AmtItem::parse_checked(
            "CNY_AMT=100#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0",
            "100",
        )
        .unwrap();
        assert_eq!(a.cny, 100);
        assert_eq!(
            AmtItem::parse_checked("CNY_AMT=90#RED_AMT=10", "100")
                .unwrap()
                .red,
            10
        );
        assert_eq!(
            AmtItem::parse_checked("CNY_AMT=90", "100")
                .unwrap_err()
                .code(),
            "INCONSISTENT"
        );
        assert_eq!(
            AmtItem::parse("CNY_AMT=1.5").unwrap_err().code(),
            "BAD_FORMAT"
        );
        assert_eq!(AmtItem::parse("FOO=1").unwrap_err().code(), "BAD_FORMAT");
    }
}
