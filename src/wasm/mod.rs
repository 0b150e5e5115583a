//! The JS bindings: a thin layer over the core. Rust names are snake_case, JS names camelCase
//! through `js_name`; errors become real JS `Error` objects with a stable `code`.

mod clpay;
mod cmpay;
mod convert;
#[cfg(feature = "debugger")]
mod debug;

use wasm_bindgen::prelude::*;

pub(crate) use convert::{err, JsResult};

/// A 32-character nonce of letters and digits for `nonceStr` / `randomStr`, from the
/// platform's secure random source (`crypto.getRandomValues`).
#[wasm_bindgen(js_name = nonce)]
pub fn nonce() -> JsResult<String> {
    crate::util::nonce().map_err(err)
}

/// The most fields a body or parameter object may have (read by the JS face, not exported).
#[wasm_bindgen(js_name = maxFields)]
pub fn max_fields() -> usize {
    crate::MAX_FIELDS
}

/// The largest raw body, in bytes, that the verify functions accept.
#[wasm_bindgen(js_name = maxBodyLength)]
pub fn max_body_length() -> usize {
    crate::MAX_BODY_LEN
}

/// The field names results refer to by number, one per line (read once by the JS face).
#[wasm_bindgen(js_name = fieldNames)]
pub fn field_names() -> String {
    convert::field_names().join("\n")
}
