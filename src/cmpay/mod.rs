//! China Mobile CMPay (和包) protocol 2.0.0: OrderQuery, DirectPayConfirm (also `DirectPay`,
//! `WAPDirectPayConfirm`), PageNotify and OfflineNotify; the `hmac` in MD5 and RSA mode;
//! GBK/UTF-8 form bodies; `payUrl`; return codes and banks.

pub mod codes;
#[cfg(feature = "rsa")]
pub mod keys;
pub mod message;
pub mod payurl;
pub mod schema;
pub mod sign;

#[cfg(feature = "rsa")]
pub use keys::{KeyFormat, RsaKey};
pub use message::{
    build_message, build_request, decode_body, request_charset, verify_body, verify_params,
    verify_request, AmtItem, Request, Verified, NOTIFY_ACK, SERVICE_URL,
};
pub use payurl::PayUrl;
pub use schema::{Direction, Message, MESSAGES};
#[cfg(feature = "rsa")]
pub use sign::RsaEngine;
pub use sign::{
    md5_hmac, message, recognise, sign, sign_source, sign_trace, verify, KeySummary, Keys,
    KeysInfo, SigEncoding, Trace,
};
