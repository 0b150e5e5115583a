//! 3DES decryption of card fields under every option.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paysign::clpay::{decrypt, TdesOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (opts, ciphertext) = text.split_once('|').unwrap_or(("", text));
    let mut o = opts.split(',');
    let mut next = || o.next().filter(|s| !s.is_empty());
    let Ok(options) = TdesOptions::from_names(next(), next(), next(), next(), next(), next()) else { return };
    for key in ["abcdefghijklmnopqrstuvwx", "0123456789abcdef", "MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u"] {
        let _ = decrypt(ciphertext, key, &options);
    }
});
