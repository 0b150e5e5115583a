//! Conversions at the JS boundary: arguments in, results and errors out.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::Error;
use crate::params::Params;

pub(crate) type JsResult<T> = Result<T, JsValue>;

/// Turns a core error into a JS `Error` with `code` and, where there is one, `field`; the JS
/// face (pkg/src/face.js) turns it into a `PaysignError`.
pub(crate) fn err(e: Error) -> JsValue {
    let obj = js_sys::Error::new(&e.to_string());
    let _ = Reflect::set(&obj, &"code".into(), &e.code().into());
    if let Some(f) = e.field() {
        let _ = Reflect::set(&obj, &"field".into(), &f.into());
    }
    obj.into()
}

pub(crate) fn bad_type(field: &str, expected: &'static str) -> JsValue {
    err(Error::BadType {
        field: field.to_owned(),
        expected,
    })
}

/// A required string argument.
pub(crate) fn string_arg(v: &JsValue, field: &str) -> JsResult<String> {
    v.as_string().ok_or_else(|| bad_type(field, "a string"))
}

/// An optional string argument (`undefined` / `null` are absent).
pub(crate) fn opt_string_arg(v: &JsValue, field: &str) -> JsResult<Option<String>> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        string_arg(v, field).map(Some)
    }
}

/// An optional string property of an object argument, named `<prefix>.<name>` in errors.
pub(crate) fn opt_prop(obj: &JsValue, name: &str, prefix: &str) -> JsResult<Option<String>> {
    let v = Reflect::get(obj, &name.into()).unwrap_or(JsValue::UNDEFINED);
    opt_string_arg(&v, &format!("{prefix}.{name}"))
}

/// One parameter value: a string, or a safe integer (rendered in decimal); `null` and
/// `undefined` mean absent; anything else is a `TypeError` naming the field.
pub(crate) fn param_value(v: &JsValue, field: &str) -> JsResult<Option<String>> {
    if let Some(s) = v.as_string() {
        return Ok(Some(s));
    }
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if let Some(n) = v.as_f64() {
        if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0 {
            return Ok(Some(format!("{}", n as i64)));
        }
    }
    Err(bad_type(field, "a string or a safe integer"))
}

/// A parameter object (`Record<string, string | number | null | undefined>`), as the JS face
/// hands it over: packed into one string (see [`Packed`]) after reading every property itself.
/// Anything else is a `BAD_TYPE`.
pub(crate) fn params_arg(v: &JsValue, field: &str) -> JsResult<Params> {
    match v.as_string() {
        Some(packed) => unpack_params(packed.as_bytes()).map_err(err),
        None => Err(bad_type(field, "an object of string values")),
    }
}

/// A raw body: a string or bytes.
pub(crate) fn body_arg(v: &JsValue) -> JsResult<Vec<u8>> {
    if let Some(s) = v.as_string() {
        return Ok(s.into_bytes());
    }
    if let Some(u) = v.dyn_ref::<Uint8Array>() {
        if u.length() as usize > crate::MAX_BODY_LEN {
            return Err(err(Error::BodyTooLarge {
                len: u.length() as usize,
                limit: crate::MAX_BODY_LEN,
            }));
        }
        return Ok(u.to_vec());
    }
    Err(bad_type("body", "a string or a Uint8Array"))
}

/// Parameters as a plain JS object, in order.
pub(crate) fn params_to_object(p: &Params) -> Object {
    let o = Object::new();
    for (k, v) in p.iter() {
        let _ = Reflect::set(&o, &k.into(), &v.into());
    }
    o
}

pub(crate) fn set(o: &Object, k: &str, v: impl Into<JsValue>) {
    let _ = Reflect::set(o, &k.into(), &v.into());
}

/// Serialises a value as plain JSON-like JS (objects, not `Map`s).
pub(crate) fn to_js<T: serde::Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::UNDEFINED)
}

/// The packed text that carries a parameter object from the JS face and results back to it:
/// strings back to back, each preceded by its length in UTF-16 code units and `:`. One string
/// crosses the boundary instead of one per field, and the face reads it with `slice`.
pub(crate) struct Packed(String);

impl Packed {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Packed(String::with_capacity(n))
    }

    /// Appends a string.
    pub(crate) fn str(&mut self, s: &str) {
        let units = if s.is_ascii() {
            s.len()
        } else {
            s.chars().map(char::len_utf16).sum()
        };
        self.number(units as u64, ':');
        self.0.push_str(s);
    }

    /// Appends amounts as one string of decimal numbers separated by commas.
    pub(crate) fn amounts(&mut self, amounts: &[u64]) {
        let mut text = Packed::with_capacity(64);
        for &n in amounts {
            text.number(n, ',');
        }
        text.0.pop(); // the last comma
        self.str(&text.0);
    }

    /// Appends a number in decimal and a delimiter.
    fn number(&mut self, mut n: u64, delimiter: char) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            if let Some(d) = digits.get_mut(i) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 || i == 0 {
                break;
            }
        }
        for &d in digits.get(i..).unwrap_or_default() {
            self.0.push(char::from(d));
        }
        self.0.push(delimiter);
    }

    /// Appends a value as JSON, or the empty string for `None`.
    pub(crate) fn json<T: serde::Serialize>(&mut self, v: Option<&T>) {
        match v.and_then(|v| serde_json::to_string(v).ok()) {
            Some(s) => self.str(&s),
            None => self.str(""),
        }
    }

    /// Appends every name and value in order; a name of the schemas goes as its number in
    /// [`field_names`] (`<n>#`), which the face turns into the same JS string every time.
    pub(crate) fn params(&mut self, p: &Params) {
        let names = field_names();
        for (k, v) in p.iter() {
            match names.binary_search_by(|n| name_order(n).cmp(&name_order(k))) {
                Ok(i) => self.number(i as u64, '#'),
                Err(_) => self.str(k),
            }
            self.str(v);
        }
    }

    pub(crate) fn finish(self) -> String {
        self.0
    }
}

/// The order of [`field_names`]: by length, then by bytes (most comparisons end at the length).
fn name_order(n: &str) -> (usize, &[u8]) {
    (n.len(), n.as_bytes())
}

/// Every field name of both gateways' schemas (and the signature fields), sorted: results name
/// them by number, and the face reads the list once.
pub(crate) fn field_names() -> &'static [&'static str] {
    static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let clpay = crate::clpay::INTERFACES
            .iter()
            .flat_map(|i| i.request.iter().chain(i.response));
        let cmpay = crate::cmpay::MESSAGES.iter().flat_map(|m| m.fields.iter());
        let mut names: Vec<&'static str> = clpay.chain(cmpay).map(|f| f.name).collect();
        names.extend(["sign", "hmac", "serverCert", "merchantCert"]);
        names.sort_unstable_by(|a, b| name_order(a).cmp(&name_order(b)));
        names.dedup();
        names
    })
}

/// Reads a parameter object packed by the JS face (see [`Packed`]): names and values
/// alternating.
pub(crate) fn unpack_params(bytes: &[u8]) -> Result<Params, Error> {
    let bad = || Error::bad_body("a malformed parameter object from the JS face");
    let text = std::str::from_utf8(bytes).map_err(|_| bad())?;
    let mut params = Params::with_capacity(text.len());
    let mut rest = text;
    let mut name: Option<&str> = None;
    while !rest.is_empty() {
        let colon = rest
            .bytes()
            .take(8)
            .position(|b| b == b':')
            .ok_or_else(bad)?;
        let units: usize = rest
            .get(..colon)
            .and_then(|d| d.parse().ok())
            .ok_or_else(bad)?;
        rest = rest.get(colon + 1..).unwrap_or_default();
        // The byte length of the first `units` UTF-16 code units.
        let len = match rest.as_bytes().get(..units) {
            Some(b) if b.is_ascii() => units,
            _ => {
                let (mut len, mut counted) = (0, 0);
                for c in rest.chars() {
                    if counted >= units {
                        break;
                    }
                    counted += c.len_utf16();
                    len += c.len_utf8();
                }
                if counted != units {
                    return Err(bad());
                }
                len
            }
        };
        let s = rest.get(..len).ok_or_else(bad)?;
        rest = rest.get(len..).unwrap_or_default();
        match name.take() {
            None => name = Some(s),
            Some(k) => params.push(k, s)?,
        }
    }
    if name.is_some() {
        return Err(bad());
    }
    params.seal()
}
