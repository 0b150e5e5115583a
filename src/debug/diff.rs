//! The correct sign source beside the one the sender evidently signed, differences marked.

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffTag, TextDiff};

use super::tokens::{value_tokens, Token};

/// A piece of one side of the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// The text (the key is never shown: `••••••`).
    pub text: String,
    /// As in [`Token::kind`].
    pub kind: &'static str,
    /// Whether it differs from the other side.
    pub changed: bool,
}

/// Both sign sources, piece by piece.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// The source as the gateway computes it.
    pub correct: Vec<Segment>,
    /// The source the sender signed.
    pub signed: Vec<Segment>,
}

fn seg(t: &Token, changed: bool) -> Segment {
    Segment {
        text: t.text.clone(),
        kind: t.kind,
        changed,
    }
}

/// Values longer than this are marked whole rather than character by character.
const CHAR_DIFF_MAX: usize = 256;

/// Token lists longer than this together are diffed by their common prefix and suffix only:
/// Myers' algorithm costs the product of the lengths when the sides differ throughout.
const MYERS_MAX: usize = 2048;

/// Diffs two token lists: tokens by Myers' algorithm, and a replaced value character by
/// character when both sides are short.
pub(crate) fn diff(correct: &[Token], signed: &[Token]) -> Diff {
    if correct.len() + signed.len() > MYERS_MAX {
        return ends(correct, signed);
    }
    let mut d = Diff::default();
    for op in capture_diff_slices(Algorithm::Myers, correct, signed) {
        let (tag, a, b) = op.as_tag_tuple();
        let (a, b) = (
            correct.get(a).unwrap_or_default(),
            signed.get(b).unwrap_or_default(),
        );
        match (tag, a, b) {
            (DiffTag::Equal, _, _) => {
                d.correct.extend(a.iter().map(|t| seg(t, false)));
                d.signed.extend(b.iter().map(|t| seg(t, false)));
            }
            (DiffTag::Replace, [x], [y]) if x.field == y.field && short(x) && short(y) => {
                chars(x, y, &mut d)
            }
            _ => {
                d.correct.extend(a.iter().map(|t| seg(t, true)));
                d.signed.extend(b.iter().map(|t| seg(t, true)));
            }
        }
    }
    d
}

fn short(t: &Token) -> bool {
    t.text.chars().count() <= CHAR_DIFF_MAX
}

/// Marks the characters that differ between two tokens of the same field.
fn chars(x: &Token, y: &Token, d: &mut Diff) {
    let field = x.field.as_deref().unwrap_or_default();
    let text = TextDiff::from_chars(x.text.as_str(), y.text.as_str());
    for op in text.ops() {
        let (tag, a, b) = op.as_tag_tuple();
        let changed = tag != DiffTag::Equal;
        let part = |s: &str, r: core::ops::Range<usize>| -> String {
            s.chars().skip(r.start).take(r.len()).collect()
        };
        for (side, src, r) in [
            (&mut d.correct, x.text.as_str(), a),
            (&mut d.signed, y.text.as_str(), b),
        ] {
            let mut toks = Vec::new();
            value_tokens(&part(src, r), field, &mut toks);
            side.extend(toks.iter().map(|t| seg(t, changed)));
        }
    }
}

/// A linear diff: the common prefix and suffix unchanged, everything between them changed.
fn ends(correct: &[Token], signed: &[Token]) -> Diff {
    let prefix = correct
        .iter()
        .zip(signed)
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = correct
        .iter()
        .skip(prefix)
        .rev()
        .zip(signed.iter().skip(prefix).rev())
        .take_while(|(a, b)| a == b)
        .count();
    let side = |t: &[Token]| -> Vec<Segment> {
        let mid = prefix..t.len() - suffix;
        t.iter()
            .enumerate()
            .map(|(i, x)| seg(x, mid.contains(&i)))
            .collect()
    };
    Diff {
        correct: side(correct),
        signed: side(signed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_token_lists_are_diffed_by_their_ends() {
        let t = |s: &str| Token::new(s, "value", Some("f"));
        let correct: Vec<Token> = (0..3000).map(|i| t(&i.to_string())).collect();
        let mut signed = correct.clone();
        signed[1500] = t("x");
        let d = diff(&correct, &signed);
        let changed: Vec<&str> = d
            .signed
            .iter()
            .filter(|s| s.changed)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(changed, ["x"]);
        assert_eq!(d.correct.iter().filter(|s| s.changed).count(), 1);
    }
}
