//! RSA keys and certificates as PEM or bare base64 (PKCS#1, PKCS#8, SPKI, X.509).
#![no_main]
use libfuzzer_sys::fuzz_target;
use paysign::cmpay::RsaKey;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = RsaKey::parse(text, "key");
    }
    // Raw DER too, as base64, the way bare keys arrive.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(data);
    let _ = RsaKey::parse(&b64, "key");
});
