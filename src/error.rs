//! The one error type of the crate.
//!
//! Every variant has a stable [`Error::code`] and, where one is to blame, names the
//! [`Error::field`]. No message ever contains key material: keys are only ever described by
//! their length or their format.

use core::fmt;

/// A typed error: malformed input, never a wrong signature (that is `Ok(false)`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A required field is absent or empty.
    MissingField { field: String },
    /// A value has the wrong type (a number, null, array or object where a string is expected).
    BadType {
        field: String,
        expected: &'static str,
    },
    /// An amount that is not a positive integer number of fen.
    BadAmount { field: String },
    /// A date or time not in the message's format (`yyyyMMddHHmmss`, `YYYYMMDD`).
    BadTime { field: String, format: &'static str },
    /// A value outside the field's enumeration.
    NotInEnum {
        field: String,
        allowed: &'static [&'static str],
    },
    /// A value longer than the field's limit (counted in characters).
    TooLong { field: String, max: usize },
    /// A value that breaks the field's format (digits only, fixed length, …).
    BadFormat { field: String, reason: &'static str },
    /// A field the message's schema does not have (the gateways reject extra fields).
    UnknownField { field: String },
    /// An interface or message name this crate does not know, or a message that is not of the
    /// kind the call needs. `reason` never quotes the caller's text (it could be a misplaced key):
    /// it names what is allowed.
    UnknownMessage { reason: String },
    /// A body that cannot be parsed (neither form-encoded nor JSON, bad percent escape, …).
    BadBody { reason: String },
    /// A body over [`crate::MAX_BODY_LEN`] bytes.
    BodyTooLarge { len: usize, limit: usize },
    /// A body or object with more than [`crate::params::MAX_FIELDS`] fields.
    TooManyFields { count: usize, limit: usize },
    /// A field name given twice (in a form body, a JSON object or a parameter list).
    DuplicateField { field: String },
    /// Bytes that are not valid in the charset they are decoded with.
    BadEncoding {
        field: String,
        charset: &'static str,
    },
    /// A charset name or `characterSet` code this crate does not know (`field` names where it
    /// was given; the value itself is not quoted).
    BadCharset { field: String },
    /// A key that cannot be used: empty, wrong length, not a recognised RSA key format.
    BadKey { field: String, reason: String },
    /// An initialisation vector of the wrong length or encoding.
    BadIv { reason: String },
    /// Ciphertext that is not valid base64/hex or not a whole number of blocks.
    BadCiphertext { reason: String },
    /// Decrypted data whose padding is invalid (usually a wrong key or wrong options).
    BadPadding,
    /// An option with a value this crate does not know.
    BadOption {
        field: String,
        allowed: &'static [&'static str],
    },
    /// A signature that does not match the message (a reason of `valid: false`, never thrown).
    BadSignature { field: String },
    /// A signature value that is not hex or base64, or has the wrong length.
    BadSignatureFormat { field: String },
    /// A malformed CMPay `payUrl` token.
    BadPayUrl { reason: String },
    /// The platform has no secure random source (no `crypto.getRandomValues`).
    RandomUnavailable,
    /// signType=RSA asked of a build without RSA (the `rsa` feature; in npm, `paysign/rsa`).
    RsaUnavailable { field: String },
    /// A field whose value disagrees with another (e.g. `amtItem` not adding up to `amount`).
    Inconsistent { field: String, reason: String },
}

impl Error {
    /// The stable machine-readable code, e.g. `MISSING_FIELD`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::MissingField { .. } => "MISSING_FIELD",
            Error::BadType { .. } => "BAD_TYPE",
            Error::BadAmount { .. } => "BAD_AMOUNT",
            Error::BadTime { .. } => "BAD_TIME",
            Error::NotInEnum { .. } => "NOT_IN_ENUM",
            Error::TooLong { .. } => "TOO_LONG",
            Error::BadFormat { .. } => "BAD_FORMAT",
            Error::UnknownField { .. } => "UNKNOWN_FIELD",
            Error::UnknownMessage { .. } => "UNKNOWN_MESSAGE",
            Error::BadBody { .. } => "BAD_BODY",
            Error::BodyTooLarge { .. } => "BODY_TOO_LARGE",
            Error::TooManyFields { .. } => "TOO_MANY_FIELDS",
            Error::DuplicateField { .. } => "DUPLICATE_FIELD",
            Error::BadEncoding { .. } => "BAD_ENCODING",
            Error::BadCharset { .. } => "BAD_CHARSET",
            Error::BadKey { .. } => "BAD_KEY",
            Error::BadIv { .. } => "BAD_IV",
            Error::BadCiphertext { .. } => "BAD_CIPHERTEXT",
            Error::BadPadding => "BAD_PADDING",
            Error::BadOption { .. } => "BAD_OPTION",
            Error::BadSignature { .. } => "BAD_SIGNATURE",
            Error::BadSignatureFormat { .. } => "BAD_SIGNATURE_FORMAT",
            Error::BadPayUrl { .. } => "BAD_PAYURL",
            Error::RandomUnavailable => "RANDOM_UNAVAILABLE",
            Error::RsaUnavailable { .. } => "RSA_UNAVAILABLE",
            Error::Inconsistent { .. } => "INCONSISTENT",
        }
    }

    /// The field (or argument) the error is about, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::MissingField { field }
            | Error::BadType { field, .. }
            | Error::BadAmount { field }
            | Error::BadTime { field, .. }
            | Error::NotInEnum { field, .. }
            | Error::TooLong { field, .. }
            | Error::BadFormat { field, .. }
            | Error::UnknownField { field }
            | Error::BadEncoding { field, .. }
            | Error::BadKey { field, .. }
            | Error::BadOption { field, .. }
            | Error::BadSignatureFormat { field }
            | Error::DuplicateField { field }
            | Error::BadSignature { field }
            | Error::BadCharset { field }
            | Error::RsaUnavailable { field }
            | Error::Inconsistent { field, .. } => Some(field),
            _ => None,
        }
    }

    pub(crate) fn missing(field: &str) -> Self {
        Error::MissingField {
            field: field.to_owned(),
        }
    }
    pub(crate) fn bad_key(field: &str, reason: impl Into<String>) -> Self {
        Error::BadKey {
            field: field.to_owned(),
            reason: reason.into(),
        }
    }
    pub(crate) fn unknown(reason: impl Into<String>) -> Self {
        Error::UnknownMessage {
            reason: reason.into(),
        }
    }
    pub(crate) fn bad_body(reason: impl Into<String>) -> Self {
        Error::BadBody {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::MissingField { field } => write!(f, "field `{field}` is required"),
            Error::BadType { field, expected } => write!(f, "field `{field}` must be {expected}"),
            Error::BadAmount { field } => {
                write!(
                    f,
                    "field `{field}` must be a positive integer amount in fen"
                )
            }
            Error::BadTime { field, format } => {
                write!(f, "field `{field}` must be a time as {format}")
            }
            Error::NotInEnum { field, allowed } => {
                write!(f, "field `{field}` must be one of {}", allowed.join(", "))
            }
            Error::TooLong { field, max } => {
                write!(f, "field `{field}` is longer than {max} characters")
            }
            Error::BadFormat { field, reason } => write!(f, "field `{field}`: {reason}"),
            Error::UnknownField { field } => {
                write!(f, "field `{field}` is not part of this message")
            }
            Error::UnknownMessage { reason } => f.write_str(reason),
            Error::BadBody { reason } => write!(f, "malformed body: {reason}"),
            Error::BodyTooLarge { len, limit } => {
                write!(f, "body of {len} bytes is over the limit of {limit} bytes")
            }
            Error::TooManyFields { count, limit } => {
                write!(f, "{count} fields is over the limit of {limit} fields")
            }
            Error::DuplicateField { field } => write!(f, "field `{field}` appears twice"),
            Error::BadEncoding { field, charset } => {
                write!(f, "field `{field}` is not valid {charset}")
            }
            Error::BadCharset { field } => write!(
                f,
                "`{field}` is not a known charset: use UTF-8, GBK or GB2312 (characterSet 00, 01 or 02)"
            ),
            Error::BadKey { field, reason } => write!(f, "`{field}` is not a usable key: {reason}"),
            Error::BadIv { reason } => write!(f, "bad IV: {reason}"),
            Error::BadCiphertext { reason } => write!(f, "bad ciphertext: {reason}"),
            Error::BadPadding => {
                f.write_str("bad padding after decryption (wrong key or options?)")
            }
            Error::BadOption { field, allowed } => {
                write!(f, "option `{field}` must be one of {}", allowed.join(", "))
            }
            Error::BadSignature { field } => {
                write!(f, "signature `{field}` does not match the message")
            }
            Error::BadSignatureFormat { field } => {
                write!(
                    f,
                    "signature `{field}` is neither valid hex nor base64 of the right length"
                )
            }
            Error::BadPayUrl { reason } => write!(f, "malformed payUrl: {reason}"),
            Error::RandomUnavailable => f.write_str("no secure random source is available"),
            Error::RsaUnavailable { field } => write!(
                f,
                "`{field}`: signType=RSA is not in this build (in npm, import Cmpay from 'paysign/rsa')"
            ),
            Error::Inconsistent { field, reason } => write!(f, "field `{field}`: {reason}"),
        }
    }
}

impl std::error::Error for Error {}

/// `{ code, field, message }`: what the bindings show as a result's `reason`.
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Error", 3)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("field", &self.field())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}

/// The crate's result type.
pub type Result<T> = core::result::Result<T, Error>;
