//! JS bindings of the clpayment gateway.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use super::convert::{
    bad_type, body_arg, err, opt_prop, opt_string_arg, param_value, params_arg, params_to_object,
    set, string_arg, to_js, Body, JsResult,
};
use crate::clpay::{self, Interface, Md5Key, Part, TdesOptions};
use crate::error::Error;
use crate::params::Params;
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

/// The field names of one notify and `sign`, kept as JS strings so reading a parsed notify
/// object costs no string conversions of the names.
struct NotifyNames {
    interface: &'static Interface,
    names: Vec<(&'static str, JsValue)>,
}

impl NotifyNames {
    fn new(interface: &'static Interface) -> Self {
        let names = interface.request.iter().map(|f| f.name).chain(["sign"]);
        NotifyNames {
            interface,
            names: names.map(|n| (n, JsValue::from_str(n))).collect(),
        }
    }

    fn read(&self, obj: &JsValue) -> JsResult<Params> {
        let mut p = Params::new();
        for (name, key) in &self.names {
            let v = Reflect::get(obj, key).unwrap_or(JsValue::UNDEFINED);
            if let Some(s) = param_value(&v, name)? {
                p.set(name, s).map_err(err)?;
            }
        }
        Ok(p)
    }
}

/// A clpayment merchant: holds the `md5Key` once, so the hot path (verifying notifies) does not
/// handle the key again on every call.
#[wasm_bindgen(js_name = Clpay)]
pub struct ClpayJs {
    key: Md5Key,
    /// Each notify's field names.
    notifies: Vec<NotifyNames>,
    /// The fields that tell the notifies apart, as JS strings.
    markers: Vec<(&'static str, JsValue)>,
}

#[wasm_bindgen(js_class = Clpay)]
impl ClpayJs {
    /// Creates a signer/verifier for one merchant key.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "string")] key: JsValue) -> JsResult<ClpayJs> {
        let key = Md5Key::new(&string_arg(&key, "key")?).map_err(err)?;
        Ok(ClpayJs {
            key,
            notifies: clpay::INTERFACES
                .iter()
                .filter(|i| i.notify)
                .map(NotifyNames::new)
                .collect(),
            markers: clpay::sign::NOTIFY_MARKERS
                .iter()
                .map(|(f, _)| (*f, JsValue::from_str(f)))
                .collect(),
        })
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

    fn verify_notify_any(&self, body: &JsValue, options: &JsValue) -> JsResult<clpay::Notify> {
        // The second argument is the kind, or `{ kind?, contentType? }`.
        let (kind, content_type) = if options.is_object() && !js_sys::Array::is_array(options) {
            (
                opt_prop(options, "kind", "options")?,
                opt_prop(options, "contentType", "options")?,
            )
        } else {
            (opt_string_arg(options, "kind")?, None)
        };
        let params = match body_arg(body, true)? {
            Body::Bytes(b) => {
                return clpay::verify_notify(
                    &b,
                    &self.key,
                    kind.as_deref(),
                    content_type.as_deref(),
                )
                .map_err(err)
            }
            Body::Object(o) => {
                // Recognised by the core's rule, probing the object instead of copying it all.
                let interface = match kind.as_deref() {
                    Some(id) => clpay::interface(id).map_err(err)?,
                    None => clpay::recognise_notify_by(|field| {
                        self.markers
                            .iter()
                            .any(|(f, key)| *f == field && Reflect::has(&o, key).unwrap_or(false))
                    })
                    .map_err(err)?,
                };
                match self
                    .notifies
                    .iter()
                    .find(|n| n.interface.id == interface.id)
                {
                    Some(names) => names.read(&o)?,
                    // Not a notify: the core names the interface in its error.
                    None => Params::new(),
                }
            }
        };
        clpay::verify_notify_params(params, &self.key, kind.as_deref()).map_err(err)
    }

    /// Verifies a notify: the raw body (string or bytes, form-encoded or JSON) or the parsed
    /// object. `kind` (`tradeNotify` / `payoutNotify`) is recognised when omitted.
    #[wasm_bindgen(js_name = verifyNotify, unchecked_return_type = "ClpayNotify")]
    pub fn verify_notify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ParamsInput")] body: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ClpayNotifyKind | ClpayVerifyOptions | undefined")]
        kind: JsValue,
    ) -> JsResult<JsValue> {
        let n = self.verify_notify_any(&body, &kind)?;
        // One JSON.parse of a string built here costs far less than a Reflect.set per field.
        let mut json = String::with_capacity(256);
        json.push_str(r#"{"interface":""#);
        json.push_str(n.interface.id);
        json.push_str(r#"","valid":"#);
        json.push_str(if n.valid { "true" } else { "false" });
        json.push_str(r#","reason":"#);
        super::convert::push_json(&mut json, &n.reason);
        json.push_str(r#","fields":"#);
        json.push_str(&crate::form::params_to_json(&n.fields));
        json.push_str(r#","ack":"#);
        crate::form::push_json_string(&mut json, n.ack);
        json.push('}');
        js_sys::JSON::parse(&json)
    }

    /// Like `verifyNotify` but answers only `valid` (no result object); the JS face turns its
    /// errors into `false`.
    #[wasm_bindgen(js_name = isValidNotify)]
    pub fn is_valid_notify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ParamsInput")] body: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ClpayNotifyKind | ClpayVerifyOptions | undefined")]
        kind: JsValue,
    ) -> JsResult<bool> {
        self.verify_notify_any(&body, &kind).map(|n| n.valid)
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
        let Body::Bytes(bytes) = body_arg(&body, false)? else {
            return Err(bad_type("body", "a string or a Uint8Array"));
        };
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
