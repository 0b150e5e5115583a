//! A count of the comparisons the parsers make, for the test that checks parsing and
//! verification do work linear in the input (`tests/linear.rs`). Without the `work-count`
//! feature, [`tick`] compiles to nothing.

#[cfg(feature = "work-count")]
std::thread_local! {
    static COUNT: core::cell::Cell<u64> = const { core::cell::Cell::new(0) };
}

/// Records `n` units of work (one unit: one comparison of two field names, or one schema
/// field looked at).
#[inline(always)]
pub(crate) fn tick(n: u64) {
    #[cfg(feature = "work-count")]
    COUNT.with(|c| c.set(c.get() + n));
    #[cfg(not(feature = "work-count"))]
    let _ = n;
}

/// The work recorded on this thread so far (always 0 without the `work-count` feature).
#[doc(hidden)]
pub fn count() -> u64 {
    #[cfg(feature = "work-count")]
    return COUNT.with(|c| c.get());
    #[cfg(not(feature = "work-count"))]
    0
}
