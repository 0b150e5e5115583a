//! The V2.2 `sign`: signed fields sorted by name, `k=v&k=v`, `&KEY=<md5Key>`, MD5, uppercase hex.

use super::schema::{Interface, Part, INTERFACES};
use crate::error::{Error, Result};
use crate::form::{self, Charset};
use crate::params::Params;
use crate::pipeline::{Assembly, Digest, Empty, KeyUse, Order, Output, Pipeline};
use crate::schema::{self, Field, Format};

/// How clpayment signs (NOTES.md): the fields marked 是否参与签名=是, sorted by name, written
/// `k=v` joined by `&` (a missing or empty value as `k=`), `&KEY=<md5Key>` appended, MD5 of the
/// UTF-8 bytes, uppercase hex.
pub const PIPELINE: Pipeline = Pipeline {
    gateway: "clpay",
    signature_field: "sign",
    never_signed: &["sign"],
    order: Order::ByName,
    empty: Empty::Kept,
    assembly: Assembly::PAIRS,
    key: KeyUse::Appended("&KEY="),
    bytes: Charset::Utf8,
    digest: Digest::Md5,
    output: Output::HexUpper,
};

/// A clpayment `md5Key`. Its `Debug` shows only the length.
#[derive(Clone)]
pub struct Md5Key(Vec<u8>);

impl Md5Key {
    /// Wraps a key. The manual asks for 32 to 64 letters and digits but its own examples use
    /// shorter keys, so only an empty key is refused.
    pub fn new(key: &str) -> Result<Self> {
        if key.is_empty() {
            return Err(Error::bad_key("key", "the md5Key is empty"));
        }
        Ok(Md5Key(key.as_bytes().to_vec()))
    }
}

impl core::fmt::Debug for Md5Key {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Md5Key({} bytes)", self.0.len())
    }
}

/// Looks up an interface by id (`tradeNotify`, `ebank`, …).
pub fn interface(id: &str) -> Result<&'static Interface> {
    INTERFACES
        .iter()
        .find(|i| i.id == id)
        .ok_or_else(|| Error::unknown(interface_ids_hint()))
}

/// "unknown interface: one of payout, balance, …": the ids, never the text given.
fn interface_ids_hint() -> String {
    let ids: Vec<&str> = INTERFACES.iter().map(|i| i.id).collect();
    format!("unknown clpayment interface: use one of {}", ids.join(", "))
}

/// The names of the signed fields, in sign order (byte order of the names).
pub fn signed_names(fields: &[Field]) -> Vec<&'static str> {
    PIPELINE.signed_names(fields)
}

/// The sign source without the key: `k=v&k=v` over the signed fields, a missing field as `k=`.
pub fn sign_source(fields: &[Field], params: &Params) -> String {
    PIPELINE.source(fields, params)
}

/// The `sign` of a parameter set for a message.
pub fn sign(fields: &[Field], params: &Params, key: &Md5Key) -> String {
    // The source is UTF-8, which every text can be written in.
    PIPELINE.sign(fields, params, &key.0).unwrap_or_default()
}

/// Checks the `sign` field of `params` in constant time. The gateway sends uppercase hex and
/// requires it, so a lowercase `sign` does not verify. A missing `sign` is an error.
pub fn verify(fields: &[Field], params: &Params, key: &Md5Key) -> Result<bool> {
    let received = params
        .get("sign")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::missing("sign"))?;
    Ok(PIPELINE.verify(fields, params, &key.0, received))
}

/// Verifies the signature, then the signed fields against their schema: a valid `sign` over
/// fields that break their format, enumeration or required-ness is not a valid message.
/// Returns `(valid, reason)`.
pub fn check_signed(
    fields: &[Field],
    params: &Params,
    key: &Md5Key,
) -> Result<(bool, Option<Error>)> {
    if !verify(fields, params, key)? {
        return Ok((
            false,
            Some(Error::BadSignature {
                field: "sign".into(),
            }),
        ));
    }
    let mut next = 0;
    let broken = fields
        .iter()
        .filter(|f| f.signed)
        .find_map(|f| f.check(params.get_near(f.name, &mut next)).err());
    Ok((broken.is_none(), broken))
}

/// A request ready to send.
#[derive(Debug, Clone)]
pub struct SignedRequest {
    /// The interface it is for.
    pub interface: &'static Interface,
    /// The parameters as sent, `sign` last.
    pub params: Params,
    /// The sign source without the key.
    pub sign_source: String,
    /// The signature.
    pub sign: String,
    /// The `application/x-www-form-urlencoded` body (UTF-8).
    pub body: String,
}

/// The `Content-Type` of every clpayment request body.
pub const REQUEST_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=UTF-8";

impl SignedRequest {
    /// The `Content-Type` to send the body with.
    pub fn content_type(&self) -> &'static str {
        REQUEST_CONTENT_TYPE
    }
}

/// Validates a request (required fields, formats, enumerations, no unknown field), fills in the
/// fields that must be sent empty, signs it and encodes the form body. A `sign` already in
/// `params` is replaced.
pub fn sign_request(interface_id: &str, mut params: Params, key: &Md5Key) -> Result<SignedRequest> {
    let interface = interface(interface_id)?;
    if interface.notify {
        return Err(Error::unknown(format!(
            "{} is a notify, not a request",
            interface.id
        )));
    }
    params.remove("sign");
    for f in interface
        .request
        .iter()
        .filter(|f| f.format == Format::Empty)
    {
        if !params.contains(f.name) {
            params.set(f.name, "")?;
        }
    }
    schema::validate(interface.request, &params, true, &[])?;
    let sign_source = sign_source(interface.request, &params);
    let sign = sign(interface.request, &params, key);
    params.set("sign", sign.clone())?;
    let body = form::encode_form(&params, Charset::Utf8)?;
    Ok(SignedRequest {
        interface,
        params,
        sign_source,
        sign,
        body,
    })
}

/// A verified (or not) notify.
#[derive(Debug, Clone)]
pub struct Notify {
    /// `tradeNotify` (2.8) or `payoutNotify` (2.7).
    pub interface: &'static Interface,
    /// Whether the signature matches and the signed fields keep the schema.
    pub valid: bool,
    /// Why it is not valid: `BAD_SIGNATURE`, or the schema error of the first signed field that
    /// breaks its format, enumeration or required-ness.
    pub reason: Option<Error>,
    /// The fields as received, `sign` included.
    pub fields: Params,
    /// The body to answer with once the notify is processed.
    pub ack: &'static str,
}

/// The fields that tell the notifies apart, checked in order: `state` belongs to the payout
/// notify, `instructCode` or `transType` to the trade notify.
pub const NOTIFY_MARKERS: &[(&str, &str)] = &[
    ("state", "payoutNotify"),
    ("instructCode", "tradeNotify"),
    ("transType", "tradeNotify"),
];

/// Recognises a notify from its fields (see [`NOTIFY_MARKERS`]).
pub fn recognise_notify(params: &Params) -> Result<&'static Interface> {
    recognise_notify_by(|name| params.contains(name))
}

/// Recognises a notify given a test for the presence of a field, for callers that hold the
/// notify in another form (a JS object).
pub fn recognise_notify_by(has: impl Fn(&str) -> bool) -> Result<&'static Interface> {
    match NOTIFY_MARKERS.iter().find(|(field, _)| has(field)) {
        Some((_, id)) => interface(id),
        None => Err(Error::unknown(
            "not a clpayment notify: it has no state, instructCode or transType",
        )),
    }
}

/// Verifies a notify given as parsed parameters. `kind` forces `tradeNotify` or
/// `payoutNotify`; `None` recognises it.
pub fn verify_notify_params(params: Params, key: &Md5Key, kind: Option<&str>) -> Result<Notify> {
    let interface = match kind {
        Some(id) => interface(id).and_then(|i| {
            if i.notify {
                Ok(i)
            } else {
                Err(Error::unknown(format!(
                    "{} is not a notify: use tradeNotify or payoutNotify",
                    i.id
                )))
            }
        })?,
        None => recognise_notify(&params)?,
    };
    let (valid, reason) = check_signed(interface.request, &params, key)?;
    let ack = interface.ack().unwrap_or_default();
    Ok(Notify {
        interface,
        valid,
        reason,
        fields: params,
        ack,
    })
}

/// Verifies a notify given as the raw body (form-encoded or JSON, UTF-8), read as the request's
/// `Content-Type` says when it is given (see [`form::ContentType`]).
pub fn verify_notify(
    body: &[u8],
    key: &Md5Key,
    kind: Option<&str>,
    content_type: Option<&str>,
) -> Result<Notify> {
    let ct = form::ContentType::parse_opt(content_type)?;
    verify_notify_params(form::parse_body(body, Charset::Utf8, &ct)?, key, kind)
}

/// The gateway's side of a request, for a local sandbox or a test double: a raw request body
/// checked as the platform would, the schema first (required fields, signed or not, formats,
/// enumerations: the platform answers 09007), then the `sign` (09003). `ack` is empty.
pub fn verify_request(
    interface_id: &str,
    body: &[u8],
    key: &Md5Key,
    content_type: Option<&str>,
) -> Result<Notify> {
    let interface = interface(interface_id)?;
    if interface.notify {
        return Err(Error::unknown(format!(
            "{} is a notify, not a request",
            interface.id
        )));
    }
    let ct = form::ContentType::parse_opt(content_type)?;
    let params = form::parse_body(body, Charset::Utf8, &ct)?;
    // The whole schema once, then the signature alone (check_signed would check the signed
    // fields' schema again).
    let reason = match schema::validate(interface.request, &params, false, &[]) {
        Err(e) => Some(e),
        Ok(()) if !verify(interface.request, &params, key)? => Some(Error::BadSignature {
            field: "sign".into(),
        }),
        Ok(()) => None,
    };
    Ok(Notify {
        interface,
        valid: reason.is_none(),
        reason,
        fields: params,
        ack: "",
    })
}

/// A platform JSON response `{"code","msg","data"}`.
#[derive(Debug, Clone)]
pub struct Response {
    /// `code` (`00` is success).
    pub code: String,
    /// `msg`.
    pub msg: String,
    /// The fields of `data`, when present.
    pub data: Option<Params>,
    /// Whether `data` is present, its `sign` matches and its signed fields keep the schema.
    pub valid: bool,
    /// Why it is not valid: `BAD_SIGNATURE`, or the schema error of the first signed field that
    /// breaks its format, enumeration or required-ness; `MISSING_FIELD` `data` when absent.
    pub reason: Option<Error>,
}

impl Response {
    /// Whether the platform reports success: `code` `00`.
    pub fn success(&self) -> bool {
        self.code == "00"
    }
}

/// Parses and verifies a JSON response of an interface. `data` may be an object or a string
/// holding one; numbers are signed as written. A name given twice, at either level, is refused.
pub fn verify_response(interface_id: &str, body: &[u8], key: &Md5Key) -> Result<Response> {
    let interface = interface(interface_id)?;
    let top = form::JsonObject::parse(form::json_text(body)?)?;
    // A name given twice is refused at the top level too.
    top.check_unique()?;
    let text = |name: &str| -> Result<Option<String>> {
        match top.get(name) {
            None => Ok(None),
            Some(v) => form::json_scalar(name, v),
        }
    };
    let code = text("code")?.ok_or_else(|| Error::missing("code"))?;
    let msg = text("msg")?.unwrap_or_default();
    let not_object = || Error::BadType {
        field: "data".into(),
        expected: "a JSON object",
    };
    let data = match top.get("data") {
        None => None,
        Some(raw) => match form::json_kind(raw) {
            form::JsonKind::Null => None,
            form::JsonKind::Object => Some(form::JsonObject::parse(raw.get())?.to_params()?),
            form::JsonKind::String => {
                let s: String = serde_json::from_str(raw.get())
                    .map_err(|_| Error::bad_body("invalid JSON string"))?;
                if s.trim().is_empty() {
                    None
                } else {
                    let inner = form::JsonObject::parse(&s).map_err(|e| match e {
                        Error::BadBody { .. } => not_object(),
                        e => e,
                    })?;
                    Some(inner.to_params()?)
                }
            }
            _ => return Err(not_object()),
        },
    };
    let fields = interface.fields(Part::Response);
    let (valid, reason) = match &data {
        Some(d) => check_signed(fields, d, key)?,
        None => (false, Some(Error::missing("data"))),
    };
    Ok(Response {
        code,
        msg,
        data,
        valid,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_2_8_notify() {
        let body = br#"{"instructCode":"150211000000000018","merchantCode":"1000000267","outOrderId":"80904482661769148113436093416980","sign":"69C0A709C58C7E7BFA5CF5B7F8D690C0","totalAmount":1,"transTime":"20150211155604","transType":"00200"}"#;
        let key = Md5Key::new("123456ABDDFF").unwrap();
        let n = verify_notify(body, &key, None, None).unwrap();
        assert!(n.valid);
        assert_eq!(n.interface.id, "tradeNotify");
        assert_eq!(n.ack, r#"{"code":"00"}"#);
        let wrong = Md5Key::new("123456ABDDFE").unwrap();
        assert!(!verify_notify(body, &wrong, None, None).unwrap().valid);
    }

    #[test]
    fn verify_request_is_the_platform_side() {
        let key = Md5Key::new("123456ADSEF").unwrap();
        let q = Params::from_pairs([
            ("merchantCode", "1000000001"),
            ("outOrderId", "OIBrOdZ1K7ZYBAJSfWSZsYtl"),
        ])
        .unwrap();
        let signed = sign_request("tradeQuery", q, &key).unwrap();
        let ct = Some("application/x-www-form-urlencoded");
        let ok = verify_request("tradeQuery", signed.body.as_bytes(), &key, ct).unwrap();
        assert!(ok.valid && ok.reason.is_none() && ok.ack.is_empty());
        let forged = signed.body.replace("OIBr", "XIBr");
        let bad = verify_request("tradeQuery", forged.as_bytes(), &key, ct).unwrap();
        assert_eq!(bad.reason.unwrap().code(), "BAD_SIGNATURE");
        // The schema comes first: a missing field is named even though the sign is wrong too.
        let missing =
            verify_request("tradeQuery", b"merchantCode=1000000001&sign=00", &key, ct).unwrap();
        assert_eq!(missing.reason.unwrap().code(), "MISSING_FIELD");
        assert!(verify_request("tradeNotify", b"a=1", &key, ct).is_err());
    }

    #[test]
    fn request_errors() {
        let key = Md5Key::new("k").unwrap();
        let p = Params::from_pairs([("merchantCode", "1000000001")]).unwrap();
        assert_eq!(
            sign_request("tradeQuery", p.clone(), &key)
                .unwrap_err()
                .code(),
            "MISSING_FIELD"
        );
        assert_eq!(
            sign_request("nope", p.clone(), &key).unwrap_err().code(),
            "UNKNOWN_MESSAGE"
        );
        assert_eq!(
            sign_request("tradeNotify", p, &key).unwrap_err().code(),
            "UNKNOWN_MESSAGE"
        );
        let p =
            Params::from_pairs([("merchantCode", "1"), ("outOrderId", "a"), ("x", "1")]).unwrap();
        assert_eq!(
            sign_request("tradeQuery", p, &key).unwrap_err().code(),
            "UNKNOWN_FIELD"
        );
        assert_eq!(Md5Key::new("").unwrap_err().code(), "BAD_KEY");
    }
}
