//! Conversions at the JS boundary: arguments in, results and errors out.

use js_sys::{Array, Object, Reflect, Uint8Array};
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

thread_local! {
    static OBJECT_PROTOTYPE: JsValue = Object::get_prototype_of(&Object::new()).into();
}

/// A plain object: its prototype is `Object.prototype` or `null` (as `querystring.parse`
/// returns). Arrays, typed arrays, dates, maps and class instances are not.
fn is_plain_object(v: &JsValue) -> bool {
    if !v.is_object() {
        return false;
    }
    let proto: JsValue = Object::get_prototype_of(v).into();
    proto.is_null() || OBJECT_PROTOTYPE.with(|p| *p == proto)
}

/// A parameter object (`Record<string, string | number | null | undefined>`).
pub(crate) fn params_arg(v: &JsValue, field: &str) -> JsResult<Params> {
    if !is_plain_object(v) {
        return Err(bad_type(field, "an object of string values"));
    }
    // The JS face hands over plain data objects it has read itself (no getters, no proxies).
    let entries = Object::entries(v.unchecked_ref::<Object>());
    if entries.length() as usize > crate::params::MAX_FIELDS {
        return Err(err(Error::TooManyFields {
            count: entries.length() as usize,
            limit: crate::params::MAX_FIELDS,
        }));
    }
    let mut pairs = Vec::with_capacity(entries.length() as usize);
    for entry in entries.iter() {
        let pair: Array = entry.unchecked_into();
        let k = pair.get(0).as_string().unwrap_or_default();
        if let Some(val) = param_value(&pair.get(1), &k)? {
            pairs.push((k, val));
        }
    }
    Params::from_vec(pairs).map_err(err)
}

/// Appends a value serialised by the core as JSON (`null` if it cannot be).
pub(crate) fn push_json<T: serde::Serialize>(out: &mut String, v: &T) {
    match serde_json::to_string(v) {
        Ok(s) => out.push_str(&s),
        Err(_) => out.push_str("null"),
    }
}

/// A raw body: a string or bytes.
pub(crate) enum Body {
    Bytes(Vec<u8>),
    Object(JsValue),
}

pub(crate) fn body_arg(v: &JsValue, allow_object: bool) -> JsResult<Body> {
    if let Some(s) = v.as_string() {
        return Ok(Body::Bytes(s.into_bytes()));
    }
    if let Some(u) = v.dyn_ref::<Uint8Array>() {
        if u.length() as usize > crate::MAX_BODY_LEN {
            return Err(err(Error::BodyTooLarge {
                len: u.length() as usize,
                limit: crate::MAX_BODY_LEN,
            }));
        }
        return Ok(Body::Bytes(u.to_vec()));
    }
    if allow_object && is_plain_object(v) {
        return Ok(Body::Object(v.clone()));
    }
    Err(bad_type(
        "body",
        if allow_object {
            "a string, a Uint8Array or an object"
        } else {
            "a string or a Uint8Array"
        },
    ))
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
