//! JS bindings of the signature debugger's engine.

use wasm_bindgen::prelude::*;

use super::convert::{bad_type, err, opt_prop, string_arg, to_js, JsResult};
use crate::debug;

/// How long the diagnosis searches when the request does not say (`budgetMs`).
const DEFAULT_BUDGET_MS: f64 = 2000.0;

/// Analyses pasted input: recognition, fields, sign source, steps, verdict and, on a
/// mismatch, the diagnosis (best explanation first). Keys are used and dropped; none is in the
/// report.
#[wasm_bindgen(js_name = debugAnalyse, unchecked_return_type = "DebugReport")]
pub fn debug_analyse(
    #[wasm_bindgen(unchecked_param_type = "DebugRequest")] request: JsValue,
) -> JsResult<JsValue> {
    if !request.is_object() {
        return Err(bad_type("request", "an object"));
    }
    let input = opt_prop(&request, "input", "request")?.unwrap_or_default();
    let target = opt_prop(&request, "target", "request")?;
    let key = opt_prop(&request, "key", "request")?;
    let public_key = opt_prop(&request, "publicKey", "request")?;
    let tdes_key = opt_prop(&request, "tdesKey", "request")?;
    let budget_ms = match js_sys::Reflect::get(&request, &"budgetMs".into()) {
        Ok(v) if v.is_undefined() || v.is_null() => DEFAULT_BUDGET_MS,
        Ok(v) => v
            .as_f64()
            .filter(|ms| ms.is_finite() && *ms >= 0.0)
            .ok_or_else(|| bad_type("request.budgetMs", "a number of milliseconds"))?,
        Err(_) => DEFAULT_BUDGET_MS,
    };
    let start = js_sys::Date::now();
    let out_of_time = move || js_sys::Date::now() - start > budget_ms;
    let report = debug::analyse(&debug::Request {
        input: &input,
        target: target.as_deref(),
        key: key.as_deref(),
        public_key: public_key.as_deref(),
        tdes_key: tdes_key.as_deref(),
        budget: debug::Budget {
            out_of_time: Some(&out_of_time),
            ..Default::default()
        },
    })
    .map_err(err)?;
    Ok(to_js(&report))
}

/// The messages the debugger can check: `{ spec, label }[]`.
#[wasm_bindgen(js_name = debugTargets, unchecked_return_type = "{ spec: string; label: string }[]")]
pub fn debug_targets() -> JsValue {
    to_js(&debug::targets())
}

/// A valid, signed example of a message as a form body.
#[wasm_bindgen(js_name = debugSample)]
pub fn debug_sample(
    #[wasm_bindgen(unchecked_param_type = "string")] target: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
    #[wasm_bindgen(js_name = tdesKey, unchecked_param_type = "string")] tdes_key: JsValue,
) -> JsResult<String> {
    debug::sample(
        &string_arg(&target, "target")?,
        &string_arg(&key, "key")?,
        &string_arg(&tdes_key, "tdesKey")?,
    )
    .map_err(err)
}
