//! Helpers shared by the integration tests: the JSON vectors of tests/vectors/.

#![allow(dead_code)] // each test crate uses a different subset

use paysign::Params;
use serde_json::Value;

/// Reads `tests/vectors/<name>`.
pub fn vectors(name: &str) -> Value {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A JSON object of strings as parameters, in order.
pub fn params(v: &Value) -> Params {
    Params::from_pairs(
        v.as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())),
    )
    .unwrap()
}
