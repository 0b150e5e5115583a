//! clpayment notify bodies, form-encoded or JSON, with and without a content type: parsed and
//! verified, typed errors only. A body that verifies must verify again from its parsed fields.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paysign::clpay::{self, Md5Key};

fuzz_target!(|data: &[u8]| {
    let Ok(key) = Md5Key::new("123456ABDDFF") else { return };
    for ct in [None, Some("application/json"), Some("application/x-www-form-urlencoded")] {
        if let Ok(n) = clpay::verify_notify(data, &key, None, ct) {
            if n.valid {
                let again = clpay::verify_notify_params(n.fields.clone(), &key, Some(n.interface.id));
                assert!(again.map(|a| a.valid).unwrap_or(false));
            }
        }
    }
});
