//! The debugger engine: recognition of every manual example, and for each known mistake a
//! broken input whose diagnosis ranks that mistake first.

use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest, Md5};
use paysign::debug::{analyse, Request};

mod common;

fn md5_upper(s: &str) -> String {
    Md5::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

fn hmac_hex(key: &[u8], data: &[u8]) -> String {
    let mut m = <Hmac<Md5> as KeyInit>::new_from_slice(key).unwrap();
    m.update(data);
    m.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

const KEY: &str = "123456ABDDFF";
const NOTIFY_SRC: &str = "instructCode=150211000000000018&merchantCode=1000000267&outOrderId=80904482661769148113436093416980&totalAmount=1&transTime=20150211155604&transType=00200";
const NOTIFY_FORM: &str = "instructCode=150211000000000018&merchantCode=1000000267&outOrderId=80904482661769148113436093416980&totalAmount=1&transTime=20150211155604&transType=00200";

fn run(input: &str, key: &str) -> paysign::debug::Report {
    analyse(&Request {
        input,
        key: Some(key),
        ..Default::default()
    })
    .unwrap()
}

fn first_hint(input: &str, key: &str) -> (String, Option<String>) {
    let r = run(input, key);
    assert_eq!(r.verdict, "mismatch", "{input}");
    let h = r.diagnosis.first().unwrap();
    (h.id.to_owned(), h.field.clone())
}

#[test]
fn manual_examples_are_recognised_and_valid() {
    let vectors: serde_json::Value = common::vectors("clpay.json");
    for v in vectors["valid"].as_array().unwrap() {
        let input = match v["body"].as_str() {
            Some(b) => b.to_owned(),
            None => {
                let mut p: Vec<String> = v["params"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, x)| format!("{k}={}", x.as_str().unwrap()))
                    .collect();
                p.push(format!("sign={}", v["sign"].as_str().unwrap()));
                p.join("&")
            }
        };
        let r = run(&input, v["key"].as_str().unwrap());
        let want = format!(
            "clpay:{}{}",
            v["interface"].as_str().unwrap(),
            if v["part"] == "response" {
                ":response"
            } else {
                ""
            }
        );
        assert_eq!(r.target, want, "{}", v["name"]);
        assert_eq!(r.verdict, "match", "{}", v["name"]);
        assert!(r.recognised);
    }
    let cm: serde_json::Value = common::vectors("cmpay.json");
    for v in cm["valid"].as_array().unwrap() {
        let mut p = v["params"].clone();
        p["hmac"] = v["hmac"].clone();
        let r = run(&p.to_string(), v["key"].as_str().unwrap());
        assert_eq!(
            r.target,
            format!("cmpay:{}", v["message"].as_str().unwrap())
        );
        assert_eq!(r.verdict, "match");
        assert_eq!(r.steps.len(), 2, "inner and hmac");
    }
}

#[test]
fn clpay_diagnoses() {
    let sign = |src: &str| md5_upper(&format!("{src}&KEY={KEY}"));
    // hex case
    let lower = sign(NOTIFY_SRC).to_lowercase();
    assert_eq!(
        first_hint(&format!("{NOTIFY_FORM}&sign={lower}"), KEY).0,
        "hex-case"
    );
    // a field signed that should not be (ext)
    let s = sign(&format!("ext=abc&{NOTIFY_SRC}"));
    assert_eq!(
        first_hint(&format!("{NOTIFY_FORM}&ext=abc&sign={s}"), KEY),
        ("field-signed-extra".into(), Some("ext".into()))
    );
    // a field left out
    let s = sign(NOTIFY_SRC.trim_end_matches("&transType=00200"));
    assert_eq!(
        first_hint(&format!("{NOTIFY_FORM}&sign={s}"), KEY),
        ("field-not-signed".into(), Some("transType".into()))
    );
    // not sorted
    let unsorted = "transType=00200&merchantCode=1000000267&instructCode=150211000000000018&outOrderId=80904482661769148113436093416980&totalAmount=1&transTime=20150211155604";
    assert_eq!(
        first_hint(&format!("{unsorted}&sign={}", sign(unsorted)), KEY).0,
        "order-received"
    );
    // percent-encoded value signed
    let form = "instructCode=1&merchantCode=1000000267&outOrderId=A+B%2F%E4%B8%AD&totalAmount=1&transTime=20150211155604&transType=00200";
    let s = sign("instructCode=1&merchantCode=1000000267&outOrderId=A+B%2F%E4%B8%AD&totalAmount=1&transTime=20150211155604&transType=00200");
    assert_eq!(
        first_hint(&format!("{form}&sign={s}"), KEY),
        ("percent-not-decoded".into(), Some("outOrderId".into()))
    );
    // decoded twice
    let json = r#"{"instructCode":"1","merchantCode":"1000000267","outOrderId":"x%41","totalAmount":1,"transTime":"20150211155604","transType":"00200","sign":"S"}"#;
    let s = sign("instructCode=1&merchantCode=1000000267&outOrderId=xA&totalAmount=1&transTime=20150211155604&transType=00200");
    assert_eq!(
        first_hint(&json.replace("\"S\"", &format!("\"{s}\"")), KEY),
        ("percent-decoded-twice".into(), Some("outOrderId".into()))
    );
    // + turned into a space
    let json = r#"{"instructCode":"1","merchantCode":"1000000267","outOrderId":"a+b","totalAmount":1,"transTime":"20150211155604","transType":"00200","sign":"S"}"#;
    let s = sign("instructCode=1&merchantCode=1000000267&outOrderId=a b&totalAmount=1&transTime=20150211155604&transType=00200");
    assert_eq!(
        first_hint(&json.replace("\"S\"", &format!("\"{s}\"")), KEY),
        ("plus-space".into(), Some("outOrderId".into()))
    );
    // trimmed whitespace
    let json = r#"{"instructCode":"1","merchantCode":"1000000267","outOrderId":" A1 ","totalAmount":1,"transTime":"20150211155604","transType":"00200","sign":"S"}"#;
    let s = sign("instructCode=1&merchantCode=1000000267&outOrderId=A1&totalAmount=1&transTime=20150211155604&transType=00200");
    assert_eq!(
        first_hint(&json.replace("\"S\"", &format!("\"{s}\"")), KEY),
        ("whitespace".into(), Some("outOrderId".into()))
    );
    // GBK bytes
    let json = r#"{"instructCode":"1","merchantCode":"1000000267","outOrderId":"和包","totalAmount":1,"transTime":"20150211155604","transType":"00200","sign":"S"}"#;
    let gbk_src = "instructCode=1&merchantCode=1000000267&outOrderId=\u{548c}\u{5305}&totalAmount=1&transTime=20150211155604&transType=00200";
    let full = format!("{gbk_src}&KEY={KEY}");
    let (bytes, _, _) = encoding_rs::GBK.encode(&full);
    let s: String = Md5::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    assert_eq!(
        first_hint(&json.replace("\"S\"", &format!("\"{s}\"")), KEY).0,
        "gbk-bytes"
    );
    // key with a trailing newline
    let s = md5_upper(&format!("{NOTIFY_SRC}&KEY={KEY}\n"));
    assert_eq!(
        first_hint(&format!("{NOTIFY_FORM}&sign={s}"), KEY).0,
        "key-whitespace"
    );
    // &key= in lowercase
    let s = md5_upper(&format!("{NOTIFY_SRC}&key={KEY}"));
    assert_eq!(
        first_hint(&format!("{NOTIFY_FORM}&sign={s}"), KEY).0,
        "key-label-case"
    );
    // nothing reproduces it: the key
    let s = md5_upper(&format!("{NOTIFY_SRC}&KEY=another"));
    assert_eq!(
        first_hint(&format!("{NOTIFY_FORM}&sign={s}"), KEY).0,
        "key-wrong"
    );
    // response data signed with the request's field list: wrong message
    let data = r#"{"code":"00","msg":"ok","data":{"amount":5,"merchantCode":"1000000001","outOrderId":"O1","replyCode":"00","sign":"S"}}"#;
    let s = md5_upper(&format!("merchantCode=1000000001&outOrderId=O1&KEY={KEY}"));
    let r = analyse(&Request {
        input: &data.replace("\"S\"", &format!("\"{s}\"")),
        key: Some(KEY),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(r.target, "clpay:tradeQuery:response");
    assert_eq!(
        r.diagnosis.first().map(|h| h.id.as_str()),
        Some("message-type")
    );
}

#[test]
fn card_value_encrypted_versus_plain() {
    let tdes = "abcdefghijklmnopqrstuvwx";
    let plain = "6222021234567890123";
    let enc = paysign::clpay::encrypt(plain, tdes, &Default::default()).unwrap();
    let fields = format!("merchantCode=1000000001&outOrderId=Q1&totalAmount=100&merchantOrderTime=20240101120000&merUrl=u&notifyUrl=n&randomStr=r&payAccount={}", enc.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D"));
    let src = format!("merchantCode=1000000001&merchantOrderTime=20240101120000&notifyUrl=n&outOrderId=Q1&outUserId=&payAccount={plain}&totalAmount=100");
    let input = format!("{fields}&sign={}", md5_upper(&format!("{src}&KEY={KEY}")));
    let r = analyse(&Request {
        input: &input,
        key: Some(KEY),
        tdes_key: Some(tdes),
        target: Some("clpay:quickPayOther"),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(r.verdict, "mismatch");
    assert_eq!(
        r.diagnosis
            .first()
            .map(|h| (h.id.as_str(), h.field.as_deref())),
        Some(("card-plain", Some("payAccount")))
    );
}

#[test]
fn cmpay_diagnoses() {
    let key = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/";
    let two = |src: &[u8]| hmac_hex(key.as_bytes(), hmac_hex(b"", src).as_bytes());
    let fields = [
        ("merchantId", "888009941120001"),
        ("requestId", "2011/3/915:34:47"),
        ("signType", "MD5"),
        ("type", "OrderQuery"),
        ("version", "2.0.0"),
        ("orderId", "2011030953515"),
    ];
    let form: String = fields
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let src: String = fields.iter().map(|(_, v)| *v).collect();
    // single HMAC as the manual suggests
    let single = hmac_hex(key.as_bytes(), src.as_bytes());
    assert_eq!(
        first_hint(&format!("{form}&hmac={single}"), key).0,
        "single-hmac"
    );
    // uppercase hex
    assert_eq!(
        first_hint(
            &format!("{form}&hmac={}", two(src.as_bytes()).to_uppercase()),
            key
        )
        .0,
        "hex-case"
    );
    // merchantCert signed
    let with_cert = format!("{src}CERT");
    assert_eq!(
        first_hint(
            &format!(
                "{form}&merchantCert=CERT&hmac={}",
                two(with_cert.as_bytes())
            ),
            key
        ),
        ("field-signed-extra".into(), Some("merchantCert".into()))
    );
    // GBK percent-encoded Chinese signed as sent (IPS0008)
    let dp = "characterSet=00&callbackUrl=u&notifyUrl=n&ipAddress=1.1.1.1&merchantId=1&requestId=r&signType=MD5&type=DirectPayConfirm&version=2.0.0&amount=1&currency=00&orderDate=20240101&orderId=o&merAcDate=20240101&period=1&periodUnit=02&productName=%BA%CD%B0%FC";
    let src = "00un1.1.1.11rMD5DirectPayConfirm2.0.0100 20240101 o 20240101 1 02 %BA%CD%B0%FC"
        .replace(' ', "");
    let (id, field) = first_hint(&format!("{dp}&hmac={}", two(src.as_bytes())), key);
    assert_eq!(
        (id.as_str(), field.as_deref()),
        ("percent-not-decoded", Some("productName"))
    );
    // GBK bytes of the source
    let src_gbk =
        "00un1.1.1.11rMD5DirectPayConfirm2.0.0100 20240101 o 20240101 1 02 \u{548c}\u{5305}"
            .replace(' ', "");
    let (bytes, _, _) = encoding_rs::GBK.encode(&src_gbk);
    assert_eq!(
        first_hint(&format!("{dp}&hmac={}", two(&bytes)), key).0,
        "gbk-bytes"
    );
    // values in received order
    let shuffled = "type=OrderQuery&merchantId=888009941120001&requestId=r1&signType=MD5&version=2.0.0&orderId=o1";
    let s = two("OrderQuery888009941120001r1MD52.0.0o1".as_bytes());
    assert_eq!(
        first_hint(&format!("{shuffled}&hmac={s}"), key).0,
        "order-received"
    );
}

#[test]
fn sign_source_shows_invisible_characters() {
    let r = run("instructCode=1&merchantCode=1000000267&outOrderId=A\u{3000}B%20C+D%25&totalAmount=1&transTime=20150211155604&transType=00200&sign=X", KEY);
    let row = r.fields.iter().find(|f| f.name == "outOrderId").unwrap();
    assert!(
        row.marks.contains(&"fullwidth") && row.marks.contains(&"space"),
        "{:?}",
        row.marks
    );
    let kinds: Vec<&str> = r
        .tokens
        .iter()
        .filter(|t| t.field.as_deref() == Some("outOrderId"))
        .map(|t| t.kind)
        .collect();
    assert!(
        kinds.contains(&"fullwidth") && kinds.contains(&"space"),
        "{kinds:?}"
    );
    assert!(!r.source.contains(KEY) && !serde_json::to_string(&r).unwrap().contains(KEY));
}

#[test]
fn cmpay_rsa_mismatch_is_diagnosed_with_the_public_key() {
    let v: serde_json::Value = common::vectors("cmpay.json");
    let rsa = &v["rsa"];
    let mut keys = paysign::cmpay::Keys::default();
    keys.set_private_key(rsa["privateKey"].as_str().unwrap())
        .unwrap();
    let m = paysign::cmpay::message("offlineNotify").unwrap();
    let fields: Vec<(String, String)> = rsa["fields"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, x)| (k.clone(), x.as_str().unwrap().to_owned()))
        .collect();
    // The sender signed merchantCert too (appended after the last field, fee).
    let mut signed_with_cert = paysign::Params::from_pairs(fields.clone()).unwrap();
    signed_with_cert.set("fee", "0CERT").unwrap();
    let hmac = paysign::cmpay::sign(m, &signed_with_cert, &keys).unwrap();
    let mut sent = paysign::Params::from_pairs(fields).unwrap();
    sent.set("merchantCert", "CERT").unwrap();
    sent.set("hmac", hmac).unwrap();
    let input = paysign::form::encode_form(&sent, paysign::Charset::Utf8).unwrap();
    let cert = rsa["certificate"].as_str().unwrap();
    let r = analyse(&Request {
        input: &input,
        public_key: Some(cert),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(r.target, "cmpay:offlineNotify");
    assert_eq!(r.verdict, "mismatch");
    assert_eq!(
        r.diagnosis
            .first()
            .map(|h| (h.id.as_str(), h.field.as_deref())),
        Some(("field-signed-extra", Some("merchantCert")))
    );
    // And the untouched message verifies.
    sent.remove("merchantCert");
    sent.set("hmac", rsa["hmacHex"].as_str().unwrap()).unwrap();
    let input = paysign::form::encode_form(&sent, paysign::Charset::Utf8).unwrap();
    let r = analyse(&Request {
        input: &input,
        public_key: Some(cert),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(r.verdict, "match");
}

#[test]
fn a_large_pasted_message_bounds_the_search_by_its_size() {
    // 240 fields of 250 characters (about 62 KB): the search hashes at most 64 MiB of source.
    let long = "x".repeat(250);
    let mut input = String::from("instructCode=1&merchantCode=1000000267&outOrderId=A");
    for i in 0..240 {
        input.push_str(&format!("&f{i}={long}"));
    }
    input.push_str("&totalAmount=1&transTime=20150211155604&transType=00200&sign=00");
    let r = run(&input, KEY);
    assert_eq!(r.verdict, "mismatch");
    let c = r.search.unwrap();
    assert!(c.tried <= (64 << 20) / input.len(), "{c:?}");
    assert!(
        !c.complete && r.diagnosis[0].id == "search-incomplete",
        "{c:?}"
    );
}
