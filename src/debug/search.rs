//! The diagnosis as a search: run the pipeline with every single mistake, then with every pair
//! of mistakes from different stages, and keep the smallest explanations that reproduce the
//! received signature.

use base64::Engine as _;

use crate::pipeline::{Hash, Output};

use super::mistake::Mistake;
use super::recipe::{Message, Recipe};

/// How long the search may run: a number of variants, and optionally a clock the caller owns
/// (the core has none).
#[derive(Clone, Copy)]
pub struct Budget<'a> {
    /// The most variants to run.
    pub max_variants: usize,
    /// Answers `true` once the time is up; asked every few dozen variants.
    pub out_of_time: Option<&'a dyn Fn() -> bool>,
}

impl core::fmt::Debug for Budget<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Budget")
            .field("max_variants", &self.max_variants)
            .field("clock", &self.out_of_time.is_some())
            .finish()
    }
}

impl Default for Budget<'_> {
    fn default() -> Self {
        Budget {
            max_variants: 200_000,
            out_of_time: None,
        }
    }
}

/// What the received signature may be, once decoded: digest bytes and how they were written.
pub(crate) struct Goal {
    forms: Vec<(Vec<u8>, Output)>,
    canonical: Output,
}

impl Goal {
    /// An MD5-family signature: hex in either case, or base64.
    pub(crate) fn written(received: &str, canonical: Output) -> Self {
        let mut forms = Vec::new();
        let r = received.trim();
        let hex = r.bytes().all(|b| b.is_ascii_hexdigit());
        if let (true, Some(bytes)) = (hex, crate::util::unhex(r)) {
            let out = if r == r.to_ascii_lowercase() && canonical == Output::HexLower
                || r == r.to_ascii_uppercase() && canonical == Output::HexUpper
            {
                canonical
            } else if canonical == Output::HexLower {
                Output::HexUpper
            } else {
                Output::HexLower
            };
            forms.push((bytes, out));
        }
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(r) {
            forms.push((bytes, Output::Base64));
        }
        Goal { forms, canonical }
    }

    /// An RSA signature, as the digest recovered from it with the platform key.
    pub(crate) fn recovered(digest: Vec<u8>, canonical: Output) -> Self {
        Goal {
            forms: vec![(digest, canonical)],
            canonical,
        }
    }

    /// `Some(None)` for a hit written as the pipeline writes it, `Some(Some(o))` for a hit
    /// written another way.
    fn hit(&self, h: &Hash) -> Option<Option<Output>> {
        let (_, o) = self.forms.iter().find(|(b, _)| b == h.as_bytes())?;
        Some((*o != self.canonical).then_some(*o))
    }
}

/// The most bytes of sign source a search hashes, whatever `max_variants` says: a large pasted
/// message gets fewer variants, so the search stays bounded by the input's size.
const MAX_BYTES: usize = 64 << 20;

/// One explanation: indices into the catalogue, and the output mistake when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub mistakes: Vec<usize>,
    pub output: Option<Output>,
}

impl Found {
    fn size(&self) -> usize {
        self.mistakes.len() + usize::from(self.output.is_some())
    }
    fn rank(&self) -> usize {
        self.mistakes.iter().sum()
    }
}

/// What the search did.
pub(crate) struct Outcome {
    /// The smallest explanations, best first.
    pub found: Vec<Found>,
    /// Variants run.
    pub tried: usize,
    /// Variants in a complete search of single and paired mistakes (those that apply).
    pub total: usize,
    /// Whether every single and paired mistake was tried.
    pub complete: bool,
}

struct Run<'a, 'm> {
    m: &'a Message<'m>,
    goal: &'a Goal,
    budget: &'a Budget<'a>,
    tried: usize,
    total: usize,
    stopped: bool,
}

impl<'m> Run<'_, 'm> {
    /// Runs one recipe; `None` when out of budget or no hit. Every variant is counted, run
    /// or not, so the outcome can say how much of the search was done.
    fn test(&mut self, r: &Recipe) -> Option<Option<Output>> {
        self.total += 1;
        if self.stopped
            || self.tried >= self.budget.max_variants
            || (self.tried.is_multiple_of(32) && self.budget.out_of_time.is_some_and(|f| f()))
        {
            self.stopped = true;
            return None;
        }
        self.tried += 1;
        self.goal.hit(&r.run(self.m)?)
    }
}

/// Searches the catalogue: the output alone, each mistake, then (when none alone explains the
/// signature) each pair of mistakes from different stages.
pub(crate) fn search(
    m: &Message,
    cat: &[Mistake],
    key: &[u8],
    goal: &Goal,
    budget: &Budget,
) -> Outcome {
    let size: usize = m.params.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    let capped = Budget {
        max_variants: budget.max_variants.min(MAX_BYTES / size.max(1)),
        ..*budget
    };
    let mut run = Run {
        m,
        goal,
        budget: &capped,
        tried: 0,
        total: 0,
        stopped: false,
    };
    let correct = Recipe::correct(m, key);
    let mut found = Vec::new();
    if let Some(Some(o)) = run.test(&correct) {
        found.push(Found {
            mistakes: vec![],
            output: Some(o),
        });
    }
    for (i, mk) in cat.iter().enumerate() {
        let mut r = correct.clone();
        if mk.apply(m, &mut r) {
            if let Some(output) = run.test(&r) {
                found.push(Found {
                    mistakes: vec![i],
                    output,
                });
            }
        }
    }
    if !found.iter().any(|f| f.size() == 1) {
        pairs(&mut run, cat, &correct, &mut found);
    }
    let smallest = found.iter().map(Found::size).min().unwrap_or(0);
    found.retain(|f| f.size() == smallest);
    found.sort_by_key(Found::rank);
    found.truncate(5);
    Outcome {
        found,
        tried: run.tried,
        total: run.total,
        complete: !run.stopped,
    }
}

fn pairs<'m>(
    run: &mut Run<'_, 'm>,
    cat: &'m [Mistake],
    correct: &Recipe<'m>,
    found: &mut Vec<Found>,
) {
    for (i, a) in cat.iter().enumerate() {
        let mut first = correct.clone();
        if !a.apply(run.m, &mut first) {
            continue;
        }
        for (j, b) in cat.iter().enumerate().skip(i + 1) {
            if b.stage() == a.stage() {
                continue;
            }
            let mut r = first.clone();
            if !b.apply(run.m, &mut r) {
                continue;
            }
            match run.test(&r) {
                Some(None) => found.push(Found {
                    mistakes: vec![i, j],
                    output: None,
                }),
                _ if run.stopped => return,
                _ => {}
            }
        }
    }
}
