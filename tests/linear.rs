//! The work of parsing and verifying grows in proportion to the input, not to its square.
//! Nothing is timed: the core counts its name comparisons (`work-count` feature) and the test
//! compares the counts for bodies of 25 and 250 fields within one run. Quadratic field handling
//! (every new field compared with every earlier one) made the ratio about 100; `n log n`
//! makes it about 17.

use paysign::{clpay, cmpay, work, Charset, MAX_BODY_LEN, MAX_FIELDS};

fn work_of(f: impl FnOnce()) -> u64 {
    let before = work::count();
    f();
    work::count() - before
}

fn form_body(first: &str, n: usize, sig: &str) -> String {
    let mut b = String::from(first);
    for i in 0..n {
        b.push_str(&format!("&f{i}="));
    }
    b.push_str(sig);
    b
}

fn json_body(first: &str, n: usize) -> String {
    let mut b = format!("{{{first}");
    for i in 0..n {
        b.push_str(&format!(",\"f{i}\":\"\""));
    }
    b.push_str(",\"sign\":\"00\"}");
    b
}

fn assert_linear(name: &str, small: u64, large: u64) {
    assert!(
        small > 0,
        "{name}: no work counted (is the work-count feature on?)"
    );
    let ratio = large as f64 / small as f64;
    println!("{name}: 25 fields {small}, 250 fields {large}, ratio {ratio:.1}");
    assert!(
        ratio < 25.0,
        "{name}: 10× the fields cost {ratio:.1}× the work (quadratic would be ~100×)"
    );
}

#[test]
fn clpay_notify_work_grows_linearly() {
    let key = clpay::Md5Key::new("123456ABDDFF").unwrap();
    let w = |n| {
        let body = form_body("instructCode=1", n, "&sign=00");
        work_of(|| {
            let _ = clpay::verify_notify(body.as_bytes(), &key, None, None);
        })
    };
    assert_linear("clpay form notify", w(25), w(250));
    let j = |n| {
        let body = json_body("\"instructCode\":\"1\"", n);
        work_of(|| {
            let _ = clpay::verify_notify(body.as_bytes(), &key, None, None);
        })
    };
    assert_linear("clpay JSON notify", j(25), j(250));
}

#[test]
fn cmpay_notify_work_grows_linearly() {
    let keys = cmpay::Keys::md5("k").unwrap();
    let w = |n| {
        let body = form_body("type=OfflineNotify&signType=MD5", n, "&hmac=00");
        work_of(|| {
            let _ = cmpay::verify_body(None, body.as_bytes(), &keys, Some(Charset::Utf8), None);
        })
    };
    assert_linear("cmpay form notify", w(25), w(250));
}

#[test]
fn past_the_field_limit_the_body_is_refused_early() {
    let key = clpay::Md5Key::new("123456ABDDFF").unwrap();
    // The attack of issue 7: thousands of empty fields in 64 KiB.
    let body = form_body("instructCode=1", 9_000, "&sign=00");
    assert!(body.len() <= MAX_BODY_LEN);
    let mut code = "";
    let big = work_of(|| {
        code = clpay::verify_notify(body.as_bytes(), &key, None, None)
            .unwrap_err()
            .code();
    });
    assert_eq!(code, "TOO_MANY_FIELDS");
    assert_eq!(big, 0, "refused before any name is compared");
    let at_limit = form_body("instructCode=1", MAX_FIELDS - 2, "&sign=00");
    let limit_work = work_of(|| {
        let _ = clpay::verify_notify(at_limit.as_bytes(), &key, None, None);
    });
    println!("{MAX_FIELDS} fields: {limit_work} comparisons");
    assert!(limit_work < 20 * MAX_FIELDS as u64);
}
