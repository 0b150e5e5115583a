//! clpayment JSON responses (`data` as an object or a string), typed errors only.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paysign::clpay::{self, Md5Key};

fuzz_target!(|data: &[u8]| {
    let Ok(key) = Md5Key::new("123456ADSEF") else { return };
    for id in ["tradeQuery", "payoutQuery", "payout", "scan"] {
        let _ = clpay::verify_response(id, data, &key);
    }
});
