//! The manual's examples (tests/vectors/clpay.json) and the 3DES known answers, shared with the
//! JS tests.

use paysign::clpay::{self, Md5Key, Part, TdesOptions};
use paysign::Params;
use serde_json::Value;

mod common;
use common::params;

fn part(v: &Value) -> Part {
    match v["part"].as_str().unwrap() {
        "response" => Part::Response,
        _ => Part::Request,
    }
}

#[test]
fn manual_examples() {
    let file = common::vectors("clpay.json");
    let valid = file["valid"].as_array().unwrap();
    assert!(!valid.is_empty(), "no vectors found");
    for v in valid {
        let name = v["name"].as_str().unwrap();
        let iface = clpay::interface(v["interface"].as_str().unwrap()).unwrap();
        let fields = iface.fields(part(v));
        let key = Md5Key::new(v["key"].as_str().unwrap()).unwrap();
        let mut p = params(&v["params"]);
        assert_eq!(
            clpay::sign_source(fields, &p),
            v["signSource"].as_str().unwrap(),
            "{name}"
        );
        assert_eq!(
            clpay::sign(fields, &p, &key),
            v["sign"].as_str().unwrap(),
            "{name}"
        );
        p.set("sign", v["sign"].as_str().unwrap()).unwrap();
        assert!(clpay::verify(fields, &p, &key).unwrap(), "{name}");
        if let Some(body) = v["body"].as_str() {
            if iface.notify {
                let n = clpay::verify_notify(body.as_bytes(), &key, None, None).unwrap();
                assert!(n.valid, "{name}");
                assert_eq!(n.interface.id, iface.id);
            } else {
                let r = clpay::verify_response(iface.id, body.as_bytes(), &key).unwrap();
                assert!(r.valid, "{name}");
                assert_eq!(
                    r.data.unwrap().get("instructCode"),
                    Some("1012000000000000352")
                );
            }
        }
    }
}

#[test]
fn manual_typo_does_not_verify() {
    let file = common::vectors("clpay.json");
    let invalid = file["invalid"].as_array().unwrap();
    assert!(!invalid.is_empty());
    for v in invalid {
        let iface = clpay::interface(v["interface"].as_str().unwrap()).unwrap();
        let key = Md5Key::new(v["key"].as_str().unwrap()).unwrap();
        let mut p = params(&v["params"]);
        assert_eq!(
            clpay::sign_source(iface.request, &p),
            v["signSource"].as_str().unwrap()
        );
        p.set("sign", v["sign"].as_str().unwrap()).unwrap();
        assert!(!clpay::verify(iface.request, &p, &key).unwrap());
    }
}

#[test]
fn signed_request_round_trip() {
    let key = Md5Key::new("123456ABDDFF").unwrap();
    let p = Params::from_pairs([
        ("merchantCode", "1000000267"),
        ("outOrderId", "80904482661769148113436093416980"),
        ("totalAmount", "1"),
        ("goodsName", "测试商品 & more"),
        ("orderCreateTime", "20150211153257"),
        ("lastPayTime", "20150212153257"),
        ("merUrl", "https://shop.example/return"),
        ("noticeUrl", "https://shop.example/notify"),
        ("bankCode", "ICBC"),
        ("bankCardType", "01"),
    ])
    .unwrap();
    let r = clpay::sign_request("ebank", p, &key).unwrap();
    assert_eq!(r.sign, "975686F15D6C24AE56353E5A68AF435D");
    let back = paysign::form::parse_form(r.body.as_bytes(), paysign::Charset::Utf8).unwrap();
    assert_eq!(back, r.params);
    assert!(clpay::verify(clpay::interface("ebank").unwrap().request, &back, &key).unwrap());
}

#[test]
fn payout_fills_empty_fields() {
    let key = Md5Key::new("k").unwrap();
    let p = Params::from_pairs([
        ("merchantCode", "1000000001"),
        ("nonceStr", "a".repeat(32).as_str()),
        ("outOrderId", "P-1"),
        ("totalAmount", "100"),
        ("intoCardNo", "6222000000000000"),
        ("intoCardName", "张三"),
        ("intoCardType", "2"),
        ("type", "04"),
    ])
    .unwrap();
    let r = clpay::sign_request("payout", p.clone(), &key).unwrap();
    assert!(r
        .sign_source
        .starts_with("bankCode=&bankName=&intoCardName="));
    let mut bad = p;
    bad.set("bankName", "x").unwrap();
    assert_eq!(
        clpay::sign_request("payout", bad, &key).unwrap_err().code(),
        "BAD_FORMAT"
    );
}

#[test]
fn tdes_known_answers() {
    let file = common::vectors("tdes.json");
    let valid = file["valid"].as_array().unwrap();
    assert!(!valid.is_empty());
    for v in valid {
        let o = &v["options"];
        let s = |k: &str| o.get(k).and_then(Value::as_str);
        let opts = TdesOptions::from_names(
            s("mode"),
            s("iv"),
            s("ivEncoding"),
            s("padding"),
            s("keyEncoding"),
            s("output"),
        )
        .unwrap();
        let key = v["key"].as_str().unwrap();
        let ct = clpay::encrypt(v["plaintext"].as_str().unwrap(), key, &opts).unwrap();
        assert_eq!(ct, v["ciphertext"].as_str().unwrap(), "{}", v["name"]);
        assert_eq!(
            clpay::decrypt(&ct, key, &opts).unwrap(),
            v["plaintext"].as_str().unwrap()
        );
    }
}

#[test]
fn response_with_a_name_given_twice_is_refused() {
    let key = clpay::Md5Key::new("123456ADSEF").unwrap();
    for body in [
        &br#"{"code":"00","data":{"merchantCode":"1"},"code":"09003"}"#[..],
        br#"{"code":"00","data":{"merchantCode":"1","merchantCode":"2"}}"#,
        br#"{"code":"00","data":"{\"sign\":\"A\",\"sign\":\"B\"}"}"#,
    ] {
        assert_eq!(
            clpay::verify_response("tradeQuery", body, &key)
                .unwrap_err()
                .code(),
            "DUPLICATE_FIELD"
        );
    }
}
