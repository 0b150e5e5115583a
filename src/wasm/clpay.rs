//! JS bindings of the clpayment gateway.

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::convert::{
    bad_type, body_arg, err, opt_prop, opt_string_arg, params_arg, params_to_object, set,
    string_arg, to_js, unpack_params, JsResult, Packed,
};
use crate::clpay::{self, Md5Key, Part, TdesOptions};
use crate::error::Error;
use crate::schema::Field;

fn part_arg(v: &JsValue) -> JsResult<Part> {
    match opt_string_arg(v, "part")?.as_deref() {
        None | Some("request") | Some("notify") => Ok(Part::Request),
        Some("response") => Ok(Part::Response),
        Some(_) => Err(err(Error::BadOption {
            field: "part".into(),
            allowed: &["request", "response", "notify"],
        })),
    }
}

fn fields_arg(interface_id: &JsValue, part: &JsValue) -> JsResult<&'static [Field]> {
    let id = string_arg(interface_id, "interfaceId")?;
    let iface = clpay::interface(&id).map_err(err)?;
    Ok(iface.fields(part_arg(part)?))
}

/// A clpayment merchant: holds the `md5Key` once, so the hot path (verifying notifies) does not
/// handle the key again on every call.
#[wasm_bindgen(js_name = Clpay)]
pub struct ClpayJs {
    key: Md5Key,
}

/// A verified notify or request, packed for the face: interface, valid (`1` or empty), the
/// reason as JSON (or empty), `answer` (a notify's ack, the code a request is answered with),
/// then the fields' names and values.
fn notify_out(n: &clpay::Notify, answer: &str, body_len: usize) -> String {
    let mut out = Packed::with_capacity(body_len + 64);
    out.str(n.interface.id);
    out.str(if n.valid { "1" } else { "" });
    out.json(n.reason.as_ref());
    out.str(answer);
    out.params(&n.fields);
    out.finish()
}

#[wasm_bindgen(js_class = Clpay)]
impl ClpayJs {
    /// Creates a signer/verifier for one merchant key.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "string")] key: JsValue) -> JsResult<ClpayJs> {
        let key = Md5Key::new(&string_arg(&key, "key")?).map_err(err)?;
        Ok(ClpayJs { key })
    }

    /// The `sign` of a parameter set (no validation).
    pub fn sign(
        &self,
        #[wasm_bindgen(js_name = interfaceId, unchecked_param_type = "ClpayInterfaceId")]
        interface_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ParamsInput")] params: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "\"request\" | \"response\" | \"notify\" | undefined"
        )]
        part: JsValue,
    ) -> JsResult<String> {
        let fields = fields_arg(&interface_id, &part)?;
        Ok(clpay::sign(
            fields,
            &params_arg(&params, "params")?,
            &self.key,
        ))
    }

    /// Whether `params.sign` is the signature of the other fields (constant-time comparison).
    pub fn verify(
        &self,
        #[wasm_bindgen(js_name = interfaceId, unchecked_param_type = "ClpayInterfaceId")]
        interface_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ParamsInput")] params: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "\"request\" | \"response\" | \"notify\" | undefined"
        )]
        part: JsValue,
    ) -> JsResult<bool> {
        let fields = fields_arg(&interface_id, &part)?;
        clpay::verify(fields, &params_arg(&params, "params")?, &self.key).map_err(err)
    }

    /// Validates, signs and form-encodes a request.
    #[wasm_bindgen(js_name = signRequest, unchecked_return_type = "ClpaySignedRequest")]
    pub fn sign_request(
        &self,
        #[wasm_bindgen(js_name = interfaceId, unchecked_param_type = "ClpayInterfaceId")]
        interface_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ParamsInput")] params: JsValue,
    ) -> JsResult<JsValue> {
        let id = string_arg(&interface_id, "interfaceId")?;
        let r = clpay::sign_request(&id, params_arg(&params, "params")?, &self.key).map_err(err)?;
        let o = Object::new();
        set(&o, "contentType", r.content_type());
        set(&o, "interface", r.interface.id);
        set(&o, "url", r.interface.url);
        set(&o, "params", params_to_object(&r.params));
        set(&o, "signSource", r.sign_source);
        set(&o, "sign", r.sign);
        set(&o, "body", r.body);
        Ok(o.into())
    }

    fn notify_any(
        &self,
        body: &[u8],
        packed: bool,
        kind: Option<String>,
        content_type: Option<String>,
    ) -> crate::Result<clpay::Notify> {
        if packed {
            clpay::verify_notify_params(unpack_params(body)?, &self.key, kind.as_deref())
        } else {
            clpay::verify_notify(body, &self.key, kind.as_deref(), content_type.as_deref())
        }
    }

    /// The face's `verifyNotify`: a raw body's bytes (form-encoded or JSON), or a parameter
    /// object packed by the face (`packed`), with the `kind` and `contentType` it read. The
    /// result comes back packed: interface, valid (`1` or empty), the reason as JSON (or
    /// empty), the ack, then the fields' names and values.
    #[wasm_bindgen(js_name = notify)]
    pub fn notify(
        &self,
        body: &[u8],
        packed: bool,
        kind: Option<String>,
        content_type: Option<String>,
    ) -> JsResult<String> {
        let n = self
            .notify_any(body, packed, kind, content_type)
            .map_err(err)?;
        Ok(notify_out(&n, n.ack, body.len()))
    }

    /// The face's `verifyRequest` (the gateway's side, for a sandbox): a raw request body
    /// checked as the platform would, answered packed as `notify` answers, with the code the
    /// platform answers (00, 09003, 09007) in place of the ack.
    #[wasm_bindgen(js_name = request)]
    pub fn request(
        &self,
        body: &[u8],
        #[wasm_bindgen(js_name = interfaceId, unchecked_param_type = "ClpayInterfaceId")]
        interface_id: JsValue,
        content_type: Option<String>,
    ) -> JsResult<String> {
        let id = string_arg(&interface_id, "interfaceId")?;
        let n =
            clpay::verify_request(&id, body, &self.key, content_type.as_deref()).map_err(err)?;
        Ok(notify_out(
            &n,
            clpay::codes::request_code(n.reason.as_ref()),
            body.len(),
        ))
    }

    /// The face's `isValidNotify`: like `notify` but answers only `valid`, as 1; anything
    /// else (invalid, or an error) is 0, without building an error object.
    #[wasm_bindgen(js_name = notifyValid)]
    pub fn notify_valid(
        &self,
        body: &[u8],
        packed: bool,
        kind: Option<String>,
        content_type: Option<String>,
    ) -> u8 {
        self.notify_any(body, packed, kind, content_type)
            .is_ok_and(|n| n.valid)
            .into()
    }

    /// Parses and verifies a JSON response of an interface.
    #[wasm_bindgen(js_name = verifyResponse, unchecked_return_type = "ClpayResponse")]
    pub fn verify_response(
        &self,
        #[wasm_bindgen(js_name = interfaceId, unchecked_param_type = "ClpayInterfaceId")]
        interface_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
    ) -> JsResult<JsValue> {
        let id = string_arg(&interface_id, "interfaceId")?;
        let bytes = body_arg(&body)?;
        let r = clpay::verify_response(&id, &bytes, &self.key).map_err(err)?;
        let o = Object::new();
        set(&o, "success", r.success());
        set(&o, "code", r.code.as_str());
        set(&o, "msg", r.msg);
        set(&o, "valid", r.valid);
        set(&o, "reason", to_js(&r.reason));
        set(
            &o,
            "data",
            r.data
                .as_ref()
                .map(|d| JsValue::from(params_to_object(d)))
                .unwrap_or(JsValue::NULL),
        );
        set(
            &o,
            "codeInfo",
            clpay::code(&r.code)
                .map(to_js)
                .unwrap_or(JsValue::UNDEFINED),
        );
        Ok(o.into())
    }
}

/// The sign source (without `&KEY=…`) of a parameter set.
#[wasm_bindgen(js_name = clpaySignSource)]
pub fn clpay_sign_source(
    #[wasm_bindgen(js_name = interfaceId, unchecked_param_type = "ClpayInterfaceId")] interface_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ParamsInput")] params: JsValue,
    #[wasm_bindgen(unchecked_param_type = "\"request\" | \"response\" | \"notify\" | undefined")]
    part: JsValue,
) -> JsResult<String> {
    let fields = fields_arg(&interface_id, &part)?;
    Ok(clpay::sign_source(fields, &params_arg(&params, "params")?))
}

/// The body a merchant answers a notify with: `{"code":"00"}` for the trade notify,
/// `success` for the payout notify.
#[wasm_bindgen(js_name = clpayNotifyAck)]
pub fn clpay_notify_ack(
    #[wasm_bindgen(unchecked_param_type = "ClpayNotifyKind")] kind: JsValue,
) -> JsResult<String> {
    let id = string_arg(&kind, "kind")?;
    clpay::interface(&id)
        .ok()
        .and_then(|i| i.ack())
        .map(str::to_owned)
        .ok_or_else(|| err(Error::unknown("no ack: use tradeNotify or payoutNotify")))
}

/// Every interface of the manual with its field tables.
#[wasm_bindgen(js_name = clpayInterfaces, unchecked_return_type = "ClpayInterfaceSchema[]")]
pub fn clpay_interfaces() -> JsValue {
    clpay::INTERFACES
        .iter()
        .map(to_js)
        .collect::<js_sys::Array>()
        .into()
}

/// One interface's field tables.
#[wasm_bindgen(js_name = clpayInterface, unchecked_return_type = "ClpayInterfaceSchema")]
pub fn clpay_interface(
    #[wasm_bindgen(unchecked_param_type = "ClpayInterfaceId")] id: JsValue,
) -> JsResult<JsValue> {
    let id = string_arg(&id, "interfaceId")?;
    clpay::interface(&id).map(to_js).map_err(err)
}

/// A platform response code with its meaning and a hint; `undefined` when unknown.
#[wasm_bindgen(js_name = clpayCode, unchecked_return_type = "CodeInfo | undefined")]
pub fn clpay_code(
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> JsResult<JsValue> {
    Ok(clpay::code(&string_arg(&code, "code")?)
        .map(to_js)
        .unwrap_or(JsValue::UNDEFINED))
}

/// All platform response codes.
#[wasm_bindgen(js_name = clpayCodes, unchecked_return_type = "CodeInfo[]")]
pub fn clpay_codes() -> JsValue {
    to_js(&clpay::CODES)
}

/// An e-bank bank by code or name; `undefined` when unknown.
#[wasm_bindgen(js_name = clpayBank, unchecked_return_type = "Bank | undefined")]
pub fn clpay_bank(
    #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
) -> JsResult<JsValue> {
    Ok(clpay::bank(&string_arg(&query, "query")?)
        .map(to_js)
        .unwrap_or(JsValue::UNDEFINED))
}

/// The e-bank bank list with support status.
#[wasm_bindgen(js_name = clpayBanks, unchecked_return_type = "Bank[]")]
pub fn clpay_banks() -> JsValue {
    to_js(&clpay::BANKS)
}

fn tdes_options(v: &JsValue) -> JsResult<TdesOptions> {
    if v.is_undefined() || v.is_null() {
        return Ok(TdesOptions::default());
    }
    if !v.is_object() || js_sys::Array::is_array(v) {
        return Err(bad_type("options", "an object"));
    }
    let get = |name: &str| opt_prop(v, name, "options");
    TdesOptions::from_names(
        get("mode")?.as_deref(),
        get("iv")?.as_deref(),
        get("ivEncoding")?.as_deref(),
        get("padding")?.as_deref(),
        get("keyEncoding")?.as_deref(),
        get("output")?.as_deref(),
    )
    .map_err(err)
}

fn tdes_call(
    f: fn(&str, &str, &TdesOptions) -> crate::Result<String>,
    text: &JsValue,
    text_name: &str,
    key: &JsValue,
    options: &JsValue,
) -> JsResult<String> {
    let opts = tdes_options(options)?;
    f(
        &string_arg(text, text_name)?,
        &string_arg(key, "key")?,
        &opts,
    )
    .map_err(err)
}

/// 3DES-encrypts a card field (default: DESede/ECB/PKCS5, 24-character key, base64 out).
#[wasm_bindgen(js_name = tdesEncrypt)]
pub fn tdes_encrypt(
    #[wasm_bindgen(unchecked_param_type = "string")] plaintext: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TdesOptions | undefined")] options: JsValue,
) -> JsResult<String> {
    tdes_call(clpay::encrypt, &plaintext, "plaintext", &key, &options)
}

/// Decrypts a 3DES card field written as the options' `output` says (base64 by default).
#[wasm_bindgen(js_name = tdesDecrypt)]
pub fn tdes_decrypt(
    #[wasm_bindgen(unchecked_param_type = "string")] ciphertext: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TdesOptions | undefined")] options: JsValue,
) -> JsResult<String> {
    tdes_call(clpay::decrypt, &ciphertext, "ciphertext", &key, &options)
}
