//! The diagnosis corpus (tests/vectors/diagnosis.json, made with node:crypto by
//! tests/js/corpus.mjs): every broken message is diagnosed with its mistake or mistakes first.

use paysign::debug::{analyse, Request};

mod common;

#[test]
fn every_corpus_entry_is_diagnosed_with_its_mistakes_first() {
    let corpus: serde_json::Value = common::vectors("diagnosis.json");
    let entries = corpus["valid"].as_array().unwrap();
    assert!(entries.len() > 500, "the corpus is too small");
    let mut wrong = Vec::new();
    for e in entries {
        let s = |k: &str| e[k].as_str().unwrap();
        let r = analyse(&Request {
            input: s("input"),
            target: Some(s("target")),
            key: e["key"].as_str(),
            tdes_key: e["tdesKey"].as_str(),
            public_key: e["publicKey"].as_str(),
            ..Default::default()
        })
        .unwrap();
        let want: Vec<(String, Option<String>)> = e["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["id"].as_str().unwrap().to_owned(),
                    m["field"].as_str().map(str::to_owned),
                )
            })
            .collect();
        let got: Vec<(String, Option<String>)> = r
            .diagnosis
            .first()
            .map(|x| {
                x.mistakes
                    .iter()
                    .map(|m| (m.id.to_owned(), m.field.clone()))
                    .collect()
            })
            .unwrap_or_default();
        if r.verdict != "mismatch" || got != want {
            wrong.push(format!(
                "{}: want {want:?}, got {:?}",
                s("name"),
                r.diagnosis.iter().map(|x| x.id.clone()).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        entries.len(),
        wrong.join("\n")
    );
}
