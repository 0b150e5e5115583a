//! JS bindings of the CMPay gateway.

use js_sys::Object;
use wasm_bindgen::prelude::*;
#[cfg(feature = "rsa")]
use wasm_bindgen::JsCast;

use super::convert::{
    bad_type, err, opt_prop, opt_string_arg, params_arg, params_to_object, set, string_arg, to_js,
    unpack_params, JsResult, Packed,
};
#[cfg(feature = "rsa")]
use crate::cmpay::RsaKey;
use crate::cmpay::{self, Keys, Message, PayUrl, SigEncoding, Verified};
use crate::error::Error;
use crate::form::Charset;

/// The message named by `message_id`, or the one `params` are (recognised from `type`).
fn message_for(params: &crate::params::Params, message_id: &JsValue) -> JsResult<&'static Message> {
    match opt_string_arg(message_id, "messageId")? {
        Some(id) => cmpay::message(&id),
        None => cmpay::recognise(params),
    }
    .map_err(err)
}

/// The packed result of a verification (see [`Packed`]): message, valid (`1` or empty), reason,
/// charset, amtItem's six amounts, payUrl, ack (objects as JSON, absent ones empty), the return
/// code when it is a known one, then the fields' names and values.
fn verified_out(v: &Verified) -> String {
    let mut out = Packed::with_capacity(v.fields.text_len() * 2 + 128);
    out.str(v.message.id);
    out.str(if v.valid { "1" } else { "" });
    out.json(v.reason.as_ref());
    out.str(v.charset.name());
    // amtItem as its six numbers (cny, cmy, red, vch, potChg, total), which the face reads
    // faster than JSON.
    match &v.amt_item {
        Some(a) => out.amounts(&[a.cny, a.cmy, a.red, a.vch, a.pot_chg, a.total()]),
        None => out.str(""),
    }
    out.json(v.pay_url.as_ref());
    out.str(v.ack.unwrap_or_default());
    // The code whose info the face adds (it keeps each code's info once).
    let code = v
        .fields
        .get("returnCode")
        .filter(|c| cmpay::codes::code(c).is_some());
    out.str(code.unwrap_or_default());
    out.params(&v.fields);
    out.finish()
}

/// `options.signatureEncoding`: `hex` (the default) or `base64`.
fn sig_encoding(options: &JsValue) -> JsResult<SigEncoding> {
    match opt_prop(options, "signatureEncoding", "options")?.as_deref() {
        None | Some("hex") => Ok(SigEncoding::Hex),
        Some("base64") => Ok(SigEncoding::Base64),
        Some(_) => Err(err(Error::BadOption {
            field: "signatureEncoding".into(),
            allowed: &["hex", "base64"],
        })),
    }
}

/// `options.charset` of a raw body: `UTF-8`, `GBK` (or an alias), or `auto` / absent to detect.
fn charset_option(charset: Option<String>) -> crate::Result<Option<Charset>> {
    charset
        .filter(|c| !c.eq_ignore_ascii_case("auto"))
        .map(|c| Charset::from_name(&c, "options.charset"))
        .transpose()
}

/// A built message as the object `buildRequest` and `buildMessage` answer.
fn request_out(r: cmpay::Request) -> JsValue {
    let o = Object::new();
    set(&o, "contentType", r.content_type());
    set(&o, "message", r.message.id);
    set(&o, "url", r.url());
    set(&o, "params", params_to_object(&r.params));
    set(&o, "signSource", r.trace.source);
    set(
        &o,
        "inner",
        r.trace.inner.map(JsValue::from).unwrap_or(JsValue::NULL),
    );
    set(&o, "hmac", r.trace.hmac);
    set(&o, "body", r.body);
    set(&o, "charset", r.charset.name());
    o.into()
}

/// A CMPay merchant: the MD5 `signKey` and/or the RSA keys, parsed once.
#[wasm_bindgen(js_name = Cmpay)]
pub struct CmpayJs {
    keys: Keys,
}

#[wasm_bindgen(js_class = Cmpay)]
impl CmpayJs {
    /// `new Cmpay(signKey)` or `new Cmpay({ signKey?, privateKey?, serverCert? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string | CmpayKeysInput")] keys: JsValue,
    ) -> JsResult<CmpayJs> {
        let k = if let Some(s) = keys.as_string() {
            Keys::md5(&s)
        } else if keys.is_object() && !js_sys::Array::is_array(&keys) {
            Keys::from_parts(
                opt_prop(&keys, "signKey", "keys")?.as_deref(),
                opt_prop(&keys, "privateKey", "keys")?.as_deref(),
                opt_prop(&keys, "serverCert", "keys")?.as_deref(),
            )
        } else {
            return Err(bad_type("keys", "a signKey string or an object of keys"));
        }
        .map_err(err)?;
        Ok(CmpayJs { keys: k })
    }

    /// What was found in the RSA keys given: `{ privateKey?: KeyInfo, serverCert?: KeyInfo }`.
    #[wasm_bindgen(getter, js_name = keyInfo, unchecked_return_type = "{ privateKey?: CmpayKeyInfo; serverCert?: CmpayKeyInfo }")]
    pub fn key_info(&self) -> JsValue {
        to_js(self.keys.info())
    }

    /// The `hmac` of a parameter set (mode from `signType`); the message is recognised from
    /// `type` unless given.
    pub fn sign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ParamsInput")] params: JsValue,
        #[wasm_bindgen(js_name = messageId, unchecked_param_type = "CmpayMessageId | undefined")]
        message_id: JsValue,
    ) -> JsResult<String> {
        Ok(self.trace(&params, &message_id, SigEncoding::Hex)?.hmac)
    }

    /// Every step of the signature: `{ source, inner, hmac }` (`inner` only in MD5 mode).
    #[wasm_bindgen(js_name = signTrace, unchecked_return_type = "CmpayTrace")]
    pub fn sign_trace(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ParamsInput")] params: JsValue,
        #[wasm_bindgen(js_name = messageId, unchecked_param_type = "CmpayMessageId | undefined")]
        message_id: JsValue,
    ) -> JsResult<JsValue> {
        let t = self.trace(&params, &message_id, SigEncoding::Hex)?;
        let o = Object::new();
        set(&o, "source", t.source);
        set(
            &o,
            "inner",
            t.inner.map(JsValue::from).unwrap_or(JsValue::NULL),
        );
        set(&o, "hmac", t.hmac);
        Ok(o.into())
    }

    /// Whether `params.hmac` is the signature of the other fields.
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ParamsInput")] params: JsValue,
        #[wasm_bindgen(js_name = messageId, unchecked_param_type = "CmpayMessageId | undefined")]
        message_id: JsValue,
    ) -> JsResult<bool> {
        let p = params_arg(&params, "params")?;
        let m = message_for(&p, &message_id)?;
        cmpay::verify(m, &p, &self.keys).map_err(err)
    }

    /// Validates, signs and form-encodes a request in the charset `characterSet` names.
    #[wasm_bindgen(js_name = buildRequest, unchecked_return_type = "CmpayRequest")]
    pub fn build_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ParamsInput")] params: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "{ message?: CmpayMessageId; signatureEncoding?: \"hex\" | \"base64\" } | undefined"
        )]
        options: JsValue,
    ) -> JsResult<JsValue> {
        let (message, enc) = if options.is_undefined() || options.is_null() {
            (None, SigEncoding::Hex)
        } else if options.is_object() {
            (
                opt_prop(&options, "message", "options")?,
                sig_encoding(&options)?,
            )
        } else {
            return Err(bad_type("options", "an object"));
        };
        let r = cmpay::build_request(
            message.as_deref(),
            params_arg(&params, "params")?,
            &self.keys,
            enc,
        )
        .map_err(err)?;
        Ok(request_out(r))
    }

    /// The gateway's side of `buildRequest`, for a sandbox: validates, signs and form-encodes
    /// any message (a response, a notify) in `options.charset` (`UTF-8`, the default, or
    /// `GBK`; a request's default is the one its `characterSet` names).
    #[wasm_bindgen(js_name = buildMessage, unchecked_return_type = "CmpayRequest")]
    pub fn build_message(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ParamsInput")] params: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "{ message: CmpayMessageId; charset?: \"UTF-8\" | \"GBK\"; signatureEncoding?: \"hex\" | \"base64\" }"
        )]
        options: JsValue,
    ) -> JsResult<JsValue> {
        if !options.is_object() {
            return Err(bad_type("options", "an object"));
        }
        let enc = sig_encoding(&options)?;
        let message = opt_prop(&options, "message", "options")?.ok_or_else(|| {
            err(Error::MissingField {
                field: "options.message".into(),
            })
        })?;
        let charset = opt_prop(&options, "charset", "options")?
            .map(|c| Charset::from_name(&c, "options.charset"))
            .transpose()
            .map_err(err)?;
        let r = cmpay::build_message(
            &message,
            params_arg(&params, "params")?,
            &self.keys,
            enc,
            charset,
        )
        .map_err(err)?;
        Ok(request_out(r))
    }

    /// The face's `verifyRequest` (the gateway's side, for a sandbox): a raw request body
    /// checked as the gateway would, the schema first, then the `hmac`; answered packed:
    /// message, valid, reason, charset, the gateway's return code, then the fields.
    #[wasm_bindgen(js_name = request)]
    pub fn request(
        &self,
        body: &[u8],
        charset: Option<String>,
        message: Option<String>,
        content_type: Option<String>,
    ) -> JsResult<String> {
        let v = cmpay::verify_request(
            message.as_deref(),
            body,
            &self.keys,
            charset_option(charset).map_err(err)?,
            content_type.as_deref(),
        )
        .map_err(err)?;
        let mut out = Packed::with_capacity(v.fields.text_len() * 2 + 64);
        out.str(v.message.id);
        out.str(if v.valid { "1" } else { "" });
        out.json(v.reason.as_ref());
        out.str(v.charset.name());
        out.str(cmpay::codes::request_code(v.message.id, v.reason.as_ref()));
        out.params(&v.fields);
        Ok(out.finish())
    }

    /// The face's `verifyNotify` and `verifyResponse`: a raw body's bytes (UTF-8 or GBK
    /// form), or a parameter object packed by the face (`packed`), with the options it read.
    /// The result comes back packed (see `verified_out`).
    #[wasm_bindgen(js_name = notify)]
    pub fn notify(
        &self,
        body: &[u8],
        packed: bool,
        charset: Option<String>,
        message: Option<String>,
        content_type: Option<String>,
    ) -> JsResult<String> {
        self.verify_any(body, packed, charset, message, content_type)
            .map(|v| verified_out(&v))
            .map_err(err)
    }

    /// The face's `isValidNotify`: like `notify` but answers only `valid`, as 1; anything
    /// else (invalid, or an error) is 0, without building an error object.
    #[wasm_bindgen(js_name = notifyValid)]
    pub fn notify_valid(
        &self,
        body: &[u8],
        packed: bool,
        charset: Option<String>,
        message: Option<String>,
        content_type: Option<String>,
    ) -> u8 {
        self.verify_any(body, packed, charset, message, content_type)
            .is_ok_and(|v| v.valid)
            .into()
    }
}

/// The platform's RSA, through a function the JS face gives: `(op, data, sig?)` answers the
/// signature bytes for `"sign"` and a boolean for `"verify"`. js-sys calls it with `catch`, so
/// an exception it throws comes back as an error and never unwinds through Rust. The function
/// stays in this module's table (`ENGINES`) under the engine's slot, so that the core's `Keys`
/// keep no JS value and stay `Send + Sync` for Rust users.
#[cfg(feature = "rsa")]
struct JsEngine(usize);

#[cfg(feature = "rsa")]
std::thread_local! {
    /// The engines' functions by slot; a freed Cmpay empties its slot.
    static ENGINES: core::cell::RefCell<Vec<Option<js_sys::Function>>> = const { core::cell::RefCell::new(Vec::new()) };
}

#[cfg(feature = "rsa")]
impl JsEngine {
    /// Stores `f` in a free slot.
    fn new(f: js_sys::Function) -> JsEngine {
        ENGINES.with(|t| {
            let mut t = t.borrow_mut();
            let slot = t.iter().position(Option::is_none).unwrap_or(t.len());
            if slot == t.len() {
                t.push(None);
            }
            if let Some(s) = t.get_mut(slot) {
                *s = Some(f);
            }
            JsEngine(slot)
        })
    }

    /// Calls the function with `args`; `None` when it threw or its slot is empty.
    fn call(&self, args: &js_sys::Array) -> Option<JsValue> {
        let f = ENGINES.with(|t| t.borrow().get(self.0).cloned().flatten())?;
        f.apply(&JsValue::UNDEFINED, args).ok()
    }
}

#[cfg(feature = "rsa")]
impl Drop for JsEngine {
    fn drop(&mut self) {
        ENGINES.with(|t| {
            if let Some(s) = t.borrow_mut().get_mut(self.0) {
                *s = None;
            }
        });
    }
}

#[cfg(feature = "rsa")]
impl cmpay::RsaEngine for JsEngine {
    fn sign_sha1(&self, data: &[u8]) -> crate::Result<Vec<u8>> {
        let args = js_sys::Array::of2(&"sign".into(), &js_sys::Uint8Array::from(data).into());
        self.call(&args)
            .and_then(|out| out.dyn_into::<js_sys::Uint8Array>().ok())
            .map(|a| a.to_vec())
            .ok_or_else(|| {
                Error::bad_key("privateKey", "the platform's RSA could not sign with it")
            })
    }

    fn verify_sha1(&self, data: &[u8], sig: &[u8]) -> crate::Result<bool> {
        let args = js_sys::Array::of3(
            &"verify".into(),
            &js_sys::Uint8Array::from(data).into(),
            &js_sys::Uint8Array::from(sig).into(),
        );
        self.call(&args)
            .map(|out| out.as_bool() == Some(true))
            .ok_or_else(|| {
                Error::bad_key("serverCert", "the platform's RSA could not verify with it")
            })
    }
}

#[cfg(feature = "rsa")]
#[wasm_bindgen(js_class = Cmpay)]
impl CmpayJs {
    /// The RSA keys as DER for the face to import into the platform's RSA:
    /// `[pkcs8 | undefined, spki | undefined]`.
    #[wasm_bindgen(js_name = rsaDer)]
    pub fn rsa_der(&self) -> js_sys::Array {
        let (private, public) = self.keys.rsa_der();
        let der = |d: Option<Vec<u8>>| {
            d.map(|b| JsValue::from(js_sys::Uint8Array::from(b.as_slice())))
                .unwrap_or(JsValue::UNDEFINED)
        };
        js_sys::Array::of2(&der(private), &der(public))
    }

    /// Runs RSA on the platform through `engine` (a function, see `JsEngine`), or in wasm again
    /// when it is not a function.
    #[wasm_bindgen(js_name = setEngine)]
    pub fn set_engine(&mut self, engine: JsValue) {
        let engine = engine.dyn_into::<js_sys::Function>().ok();
        self.keys.set_engine(engine.map(|f| {
            std::sync::Arc::new(JsEngine::new(f)) as std::sync::Arc<dyn cmpay::RsaEngine>
        }));
    }
}

impl CmpayJs {
    fn trace(
        &self,
        params: &JsValue,
        message_id: &JsValue,
        enc: SigEncoding,
    ) -> JsResult<cmpay::Trace> {
        let p = params_arg(params, "params")?;
        let m = message_for(&p, message_id)?;
        cmpay::sign_trace(m, &p, &self.keys, enc).map_err(err)
    }

    fn verify_any(
        &self,
        body: &[u8],
        packed: bool,
        charset: Option<String>,
        message: Option<String>,
        content_type: Option<String>,
    ) -> crate::Result<Verified> {
        let charset = charset_option(charset)?;
        let message = message.as_deref();
        if packed {
            cmpay::verify_params(message, unpack_params(body)?, &self.keys, Charset::Utf8)
        } else {
            cmpay::verify_body(message, body, &self.keys, charset, content_type.as_deref())
        }
    }
}

/// The sign source of a parameter set: the values in message order, no separators.
#[wasm_bindgen(js_name = cmpaySignSource)]
pub fn cmpay_sign_source(
    #[wasm_bindgen(unchecked_param_type = "ParamsInput")] params: JsValue,
    #[wasm_bindgen(js_name = messageId, unchecked_param_type = "CmpayMessageId | undefined")]
    message_id: JsValue,
) -> JsResult<String> {
    let p = params_arg(&params, "params")?;
    let m = message_for(&p, &message_id)?;
    Ok(cmpay::sign_source(m, &p))
}

/// The message a parameter set is, recognised from `type` (and `returnCode`).
#[wasm_bindgen(js_name = cmpayRecognise, unchecked_return_type = "CmpayMessageId")]
pub fn cmpay_recognise(
    #[wasm_bindgen(unchecked_param_type = "ParamsInput")] params: JsValue,
) -> JsResult<String> {
    let p = params_arg(&params, "params")?;
    cmpay::recognise(&p).map(|m| m.id.to_owned()).map_err(err)
}

/// Parses a `payUrl` token: `{ url, method, sessionId, items, redirectUrl, formHtml }`.
#[wasm_bindgen(js_name = cmpayParsePayUrl, unchecked_return_type = "CmpayPayUrl")]
pub fn cmpay_parse_pay_url(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
) -> JsResult<JsValue> {
    PayUrl::parse(&string_arg(&token, "payUrl")?)
        .map(|p| to_js(&p))
        .map_err(err)
}

/// Parses `amtItem` and checks it adds up to `amount`.
#[wasm_bindgen(js_name = cmpayParseAmtItem, unchecked_return_type = "CmpayAmtItem")]
pub fn cmpay_parse_amt_item(
    #[wasm_bindgen(js_name = amtItem, unchecked_param_type = "string")] amt_item: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | number")] amount: JsValue,
) -> JsResult<JsValue> {
    let amount = super::convert::param_value(&amount, "amount")?.unwrap_or_default();
    let a =
        cmpay::AmtItem::parse_checked(&string_arg(&amt_item, "amtItem")?, &amount).map_err(err)?;
    Ok(to_js(&a))
}

/// What an RSA key text is: `{ format, bits, private, pem }`.
#[cfg(feature = "rsa")]
#[wasm_bindgen(js_name = inspectRsaKey, unchecked_return_type = "CmpayKeyInfo")]
pub fn inspect_rsa_key(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> JsResult<JsValue> {
    RsaKey::parse(&string_arg(&text, "key")?, "key")
        .map(|k| to_js(&k.summary()))
        .map_err(err)
}

/// Whether a private key and a public key (or certificate) belong together.
#[cfg(feature = "rsa")]
#[wasm_bindgen(js_name = rsaKeysMatch)]
pub fn rsa_keys_match(
    #[wasm_bindgen(js_name = privateKey, unchecked_param_type = "string")] private_key: JsValue,
    #[wasm_bindgen(js_name = publicKey, unchecked_param_type = "string")] public_key: JsValue,
) -> JsResult<bool> {
    let private =
        RsaKey::parse(&string_arg(&private_key, "privateKey")?, "privateKey").map_err(err)?;
    if !private.is_private() {
        return Err(err(Error::bad_key(
            "privateKey",
            "a public key where a private key is needed",
        )));
    }
    let public = RsaKey::parse(&string_arg(&public_key, "publicKey")?, "publicKey").map_err(err)?;
    Ok(private.public == public.public)
}

/// The body a merchant answers a CMPay notify with: `SUCCESS`.
#[wasm_bindgen(js_name = cmpayNotifyAck)]
pub fn cmpay_notify_ack() -> String {
    cmpay::NOTIFY_ACK.into()
}

/// Every CMPay message with its fields in sign order.
#[wasm_bindgen(js_name = cmpayMessages, unchecked_return_type = "CmpayMessageSchema[]")]
pub fn cmpay_messages() -> JsValue {
    cmpay::MESSAGES
        .iter()
        .map(to_js)
        .collect::<js_sys::Array>()
        .into()
}

/// A return code of either generation with its meaning, a hint and whether retrying can help.
#[wasm_bindgen(js_name = cmpayCode, unchecked_return_type = "CodeInfo | undefined")]
pub fn cmpay_code(
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> JsResult<JsValue> {
    Ok(cmpay::codes::code(&string_arg(&code, "code")?)
        .map(|c| to_js(&c))
        .unwrap_or(JsValue::UNDEFINED))
}

/// Every return code of both generations.
#[wasm_bindgen(js_name = cmpayCodes, unchecked_return_type = "CodeInfo[]")]
pub fn cmpay_codes() -> JsValue {
    to_js(&cmpay::codes::codes())
}

/// A bank by code or name.
#[wasm_bindgen(js_name = cmpayBank, unchecked_return_type = "Bank | undefined")]
pub fn cmpay_bank(
    #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
) -> JsResult<JsValue> {
    Ok(cmpay::codes::bank(&string_arg(&query, "query")?)
        .map(to_js)
        .unwrap_or(JsValue::UNDEFINED))
}

/// The bank table (ASCII codes, no duplicates).
#[wasm_bindgen(js_name = cmpayBanks, unchecked_return_type = "Bank[]")]
pub fn cmpay_banks() -> JsValue {
    to_js(&cmpay::codes::BANKS)
}
