//! CMPay: the known answers of NOTES.md, an OpenSSL-made RSA signature, GBK round trips, and
//! every CMPay error code (tests/vectors/cmpay.json is shared with the JS tests).

use base64::Engine as _;
use paysign::cmpay::{self, Keys, RsaKey, SigEncoding};
use paysign::{Charset, Params};

mod common;
use common::params;

#[test]
fn known_answers() {
    let file = common::vectors("cmpay.json");
    let valid = file["valid"].as_array().unwrap();
    assert!(!valid.is_empty(), "no vectors");
    for v in valid {
        let m = cmpay::message(v["message"].as_str().unwrap()).unwrap();
        let mut p = params(&v["params"]);
        assert_eq!(cmpay::recognise(&p).unwrap().id, m.id);
        let keys = Keys::md5(v["key"].as_str().unwrap()).unwrap();
        assert_eq!(cmpay::sign_source(m, &p), v["signSource"].as_str().unwrap());
        assert_eq!(
            cmpay::sign(m, &p, &keys).unwrap(),
            v["hmac"].as_str().unwrap(),
            "{}",
            v["name"]
        );
        p.set("hmac", v["hmac"].as_str().unwrap()).unwrap();
        assert!(cmpay::verify(m, &p, &keys).unwrap());
        p.set("hmac", v["hmac"].as_str().unwrap().to_uppercase())
            .unwrap();
        assert!(
            !cmpay::verify(m, &p, &keys).unwrap(),
            "the gateway's hmac is lowercase hex"
        );
    }
}

fn strip_pem(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

#[test]
fn rsa_openssl_signature_verifies_and_ours_verifies_back() {
    let file = common::vectors("cmpay.json");
    let r = &file["rsa"];
    let m = cmpay::message("offlineNotify").unwrap();
    let mut p = params(&r["fields"]);
    assert_eq!(cmpay::sign_source(m, &p), r["signSource"].as_str().unwrap());
    let mut keys = Keys::default();
    let cert = keys
        .set_server_key(r["certificate"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        (cert.format.name(), cert.bits(), cert.is_private()),
        ("x509-certificate", 2048, false)
    );
    for sig in [
        r["hmacHex"].as_str().unwrap(),
        r["hmacBase64"].as_str().unwrap(),
    ] {
        p.set("hmac", sig).unwrap();
        assert!(cmpay::verify(m, &p, &keys).unwrap());
    }
    p.set("fee", "1").unwrap();
    assert!(!cmpay::verify(m, &p, &keys).unwrap(), "tampered message");
    p.set("fee", "0").unwrap();

    let private = keys
        .set_private_key(r["privateKey"].as_str().unwrap())
        .unwrap();
    assert_eq!(private.format.name(), "pkcs8-private");
    for enc in [SigEncoding::Hex, SigEncoding::Base64] {
        let t = cmpay::sign_trace(m, &p, &keys, enc).unwrap();
        assert_eq!(t.inner, None);
        p.set("hmac", &t.hmac).unwrap();
        assert!(cmpay::verify(m, &p, &keys).unwrap());
    }
    // PKCS#1 v1.5 is deterministic: our signature equals OpenSSL's.
    assert_eq!(
        cmpay::sign(m, &p, &keys).unwrap(),
        r["hmacHex"].as_str().unwrap()
    );

    // Bare base64 of the same DER is recognised too.
    let bare = RsaKey::parse(&strip_pem(r["privateKey"].as_str().unwrap()), "k").unwrap();
    assert_eq!(bare.format.name(), "pkcs8-private");
    assert!(!bare.pem);
    let bare_cert = RsaKey::parse(&strip_pem(r["certificate"].as_str().unwrap()), "k").unwrap();
    assert_eq!(bare_cert.format.name(), "x509-certificate");
    assert!(bare_cert.public == bare.public);
}

#[test]
fn gbk_request_round_trip() {
    let keys = Keys::md5("k".repeat(64).as_str()).unwrap();
    let file = common::vectors("cmpay.json");
    let mut p = params(&file["valid"][1]["params"]);
    p.set("characterSet", "00").unwrap();
    p.set("productName", "和包测试 商品&=+").unwrap();
    let r = cmpay::build_request(None, p.clone(), &keys, SigEncoding::Hex).unwrap();
    assert_eq!(r.charset, Charset::Gbk);
    assert!(r
        .body
        .contains("productName=%BA%CD%B0%FC%B2%E2%CA%D4+%C9%CC%C6%B7%26%3D%2B"));
    let back = cmpay::verify_body(
        Some("directPayConfirmRequest"),
        r.body.as_bytes(),
        &keys,
        None,
        None,
    )
    .unwrap();
    assert!(back.valid);
    assert_eq!(back.charset, Charset::Gbk);
    assert_eq!(back.fields.get("productName"), Some("和包测试 商品&=+"));
    p.set("characterSet", "02").unwrap();
    let utf8 = cmpay::build_request(None, p, &keys, SigEncoding::Hex).unwrap();
    assert_eq!(utf8.charset, Charset::Utf8);
    assert!(utf8.body.contains("productName=%E5%92%8C"));
}

#[test]
fn recorded_manual_sample_parses() {
    let file = common::vectors("cmpay.json");
    let body = file["recorded"][0]["body"].as_str().unwrap();
    let keys = Keys::md5("unknown").unwrap();
    let v = cmpay::verify_body(None, body.as_bytes(), &keys, None, None).unwrap();
    assert_eq!(v.message.id, "pageNotify");
    assert!(!v.valid);
    assert_eq!(v.ack, Some("SUCCESS"));
    assert_eq!(
        v.fields.get("amtItem"),
        Some("CNY_AMT=100#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0")
    );
}

#[test]
fn cmpay_error_codes() {
    let keys = Keys::md5("TOPSECRET").unwrap();
    let notify = |extra: &[(&str, &str)]| {
        let mut p = Params::from_pairs([
            ("merchantId", "888009941120001"),
            ("payNo", "2"),
            ("returnCode", "000000"),
            ("orderId", "SO-1"),
            ("payDate", "20240102030405"),
            ("accountDate", "20240102"),
            ("status", "SUCCESS"),
            ("orderDate", "20240102"),
            ("fee", "0"),
            ("signType", "MD5"),
            ("type", "OfflineNotify"),
            ("version", "2.0.0"),
            ("amount", "100"),
            (
                "amtItem",
                "CNY_AMT=90#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0",
            ),
        ])
        .unwrap();
        for (k, v) in extra {
            p.set(k, *v).unwrap();
        }
        p
    };
    let m = cmpay::message("offlineNotify").unwrap();
    let mut p = notify(&[]);
    let h = cmpay::sign(m, &p, &keys).unwrap();
    p.set("hmac", &h).unwrap();
    // A valid hmac over an amtItem that does not add up: not a valid message.
    let v = cmpay::verify_params(None, p, &keys, Charset::Utf8).unwrap();
    let e = v.reason.unwrap();
    assert!(!v.valid);
    assert_eq!((e.code(), e.field()), ("INCONSISTENT", Some("amtItem")));

    let mut rsa = notify(&[("signType", "RSA"), ("hmac", "zz")]);
    let mut rsa_keys = Keys::default();
    rsa_keys
        .set_server_key(
            common::vectors("cmpay.json")["rsa"]["certificate"]
                .as_str()
                .unwrap(),
        )
        .unwrap();
    let e = cmpay::verify(m, &rsa, &rsa_keys).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        ("BAD_SIGNATURE_FORMAT", Some("hmac"))
    );
    rsa.set(
        "hmac",
        base64::engine::general_purpose::STANDARD.encode([0u8; 100]),
    )
    .unwrap();
    assert_eq!(
        cmpay::verify(m, &rsa, &rsa_keys).unwrap_err().code(),
        "BAD_SIGNATURE_FORMAT"
    );
    let e = cmpay::verify(m, &rsa, &keys).unwrap_err();
    assert_eq!((e.code(), e.field()), ("BAD_KEY", Some("serverCert")));

    assert_eq!(
        cmpay::PayUrl::parse("nothing").unwrap_err().code(),
        "BAD_PAYURL"
    );
    assert_eq!(
        cmpay::decode_body(
            b"a=1",
            Some(Charset::from_name("UTF-8", "charset").unwrap()),
            None
        )
        .unwrap()
        .1,
        Charset::Utf8
    );
    assert_eq!(
        Charset::from_name("EBCDIC", "charset").unwrap_err().code(),
        "BAD_CHARSET"
    );
    assert_eq!(
        cmpay::recognise(&Params::new()).unwrap_err().code(),
        "MISSING_FIELD"
    );
    let unknown = Params::from_pairs([("type", "Refund")]).unwrap();
    assert_eq!(
        cmpay::recognise(&unknown).unwrap_err().code(),
        "UNKNOWN_MESSAGE"
    );
    for (text, reason) in [
        ("", "empty"),
        (
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
            "encrypted",
        ),
        (
            "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----",
            "not an RSA key",
        ),
        ("not base64 at all!", "neither PEM nor base64"),
        ("AAAA", "not an RSA key"),
    ] {
        let e = RsaKey::parse(text, "privateKey").unwrap_err();
        assert_eq!((e.code(), e.field()), ("BAD_KEY", Some("privateKey")));
        assert!(e.to_string().contains(reason), "{e}");
    }
    let e = Keys::default()
        .set_private_key(
            common::vectors("cmpay.json")["rsa"]["certificate"]
                .as_str()
                .unwrap(),
        )
        .unwrap_err();
    assert_eq!(e.code(), "BAD_KEY");
    let mut gbk_request = params(&common::vectors("cmpay.json")["valid"][1]["params"]);
    gbk_request.set("characterSet", "00").unwrap();
    gbk_request.set("productName", "😀").unwrap();
    let e = cmpay::build_request(None, gbk_request, &keys, SigEncoding::Hex).unwrap_err();
    assert_eq!((e.code(), e.field()), ("BAD_ENCODING", Some("productName")));
}
