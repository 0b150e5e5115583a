//! clpayment merchant API V2.2 (泽圣 / 卡卡联 white label): sorted-key MD5 `sign`, JSON
//! responses, notifies with their acknowledgements, 3DES card fields, codes and banks.

pub mod codes;
mod des;
pub mod schema;
pub mod sign;
pub mod tdes;

pub use codes::{bank, code, BANKS, CODES};
pub use schema::{Interface, Part, INTERFACES};
pub use sign::{
    interface, recognise_notify, recognise_notify_by, sign, sign_request, sign_source,
    signed_names, verify, verify_notify, verify_notify_params, verify_request, verify_response,
    Md5Key, Notify, Response, SignedRequest,
};
pub use tdes::{decrypt, encrypt, TdesOptions};
