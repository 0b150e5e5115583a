//! The debugger's analysis of pasted text: recognition, sign source, diagnosis.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paysign::debug;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let _ = debug::analyse(&debug::Request {
        input,
        target: None,
        key: Some("123456ABDDFF"),
        public_key: None,
        tdes_key: None,
        // Every single mistake and a few pairs: keeps each run short.
        budget: debug::Budget {
            max_variants: 1_000,
            ..Default::default()
        },
    });
});
