#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod clpay;
pub mod cmpay;
pub mod codes;
#[cfg(feature = "debugger")]
pub mod debug;
pub mod error;
pub mod form;
pub mod params;
pub mod pipeline;
pub mod schema;
pub mod util;
pub mod work;

#[cfg(feature = "wasm")]
mod wasm;

pub use error::{Error, Result};
pub use form::Charset;
pub use params::{Params, MAX_BODY_LEN, MAX_FIELDS};
pub use util::nonce;
