//! CMPay `payUrl` tokens; a parsed one renders its redirect URL and form.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paysign::cmpay::PayUrl;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(p) = PayUrl::parse(text) {
            let _ = p.redirect_url();
            let _ = p.form_html();
        }
    }
});
