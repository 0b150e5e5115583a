//! CMPay notify and response bodies in UTF-8 or GBK: decoded, recognised and verified.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paysign::cmpay::{self, Keys};

fuzz_target!(|data: &[u8]| {
    let Ok(keys) = Keys::md5("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/") else { return };
    let _ = cmpay::verify_body(None, data, &keys, None, None);
    let _ = cmpay::verify_body(Some("offlineNotify"), data, &keys, None, Some("application/x-www-form-urlencoded; charset=GBK"));
});
