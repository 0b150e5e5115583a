//! Random and hostile input into every parser: errors are fine, panics are not.

use paysign::clpay::{self, Md5Key, TdesOptions};
use paysign::cmpay::{self, AmtItem, Keys, PayUrl, RsaKey};
use paysign::debug::{analyse, Request};
use paysign::form::parse_body;
use paysign::Charset;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "=",
            "&",
            "%",
            "%2",
            "%zz",
            "%E5%92",
            "%BA%CD",
            "+",
            " ",
            "\u{3000}",
            "和",
            "😀",
            "{",
            "}",
            "\"",
            ":",
            ",",
            "sign",
            "hmac",
            "type",
            "OfflineNotify",
            "OrderQuery",
            "returnCode",
            "signType",
            "RSA",
            "MD5",
            "<hi:=>",
            "<hi:$$>",
            "url",
            "https://x",
            "\n",
            "\t",
            "\\",
            "[",
            "]",
            "0",
            "1",
            "-----BEGIN ",
            "-----",
            "AAAA",
            "#",
            "CNY_AMT",
            "amtItem",
            "amount",
            "state",
            "instructCode",
            "data",
            "code",
            "null",
            "1e999",
            "-1",
            "\u{feff}",
        ];
        let n = (self.next() % 40) as usize;
        (0..n)
            .map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize])
            .collect()
    }
}

#[test]
fn no_parser_panics_on_garbage() {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let md5 = Md5Key::new("k").unwrap();
    let keys = Keys::md5("k").unwrap();
    for _ in 0..4000 {
        let t = r.text();
        let b = t.as_bytes();
        let _ = parse_body(b, Charset::Utf8, &Default::default());
        let _ = parse_body(b, Charset::Gbk, &Default::default());
        let _ = clpay::verify_notify(b, &md5, None, None);
        let _ = clpay::verify_response("tradeQuery", b, &md5);
        let _ = cmpay::verify_body(None, b, &keys, None, None);
        let _ = PayUrl::parse(&t);
        let _ = AmtItem::parse_checked(&t, "100");
        let _ = RsaKey::parse(&t, "k");
        let _ = clpay::decrypt(&t, "abcdefghijklmnopqrstuvwx", &TdesOptions::default());
        let _ = analyse(&Request {
            input: &t,
            key: Some("k"),
            ..Default::default()
        });
        let _ = analyse(&Request {
            input: &t,
            key: Some(&t),
            target: Some("cmpay:offlineNotify"),
            ..Default::default()
        });
        let raw: Vec<u8> = (0..(r.next() % 64)).map(|_| r.next() as u8).collect();
        let _ = parse_body(&raw, Charset::Gbk, &Default::default());
        let _ = cmpay::verify_body(None, &raw, &keys, None, None);
    }
}
