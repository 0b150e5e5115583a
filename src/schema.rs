//! Message schemas as data: one table per message, read by signing, validation, the
//! debugger's explanations and the docs alike.

use crate::error::{Error, Result};
use crate::params::Params;

/// The format a field's value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Free text.
    Text,
    /// An amount: a positive integer number of fen (`0` only where [`Field::zero_ok`]).
    Amount,
    /// A positive integer count (CMPay `period`, `productNum`).
    Count,
    /// `yyyyMMddHHmmss`.
    DateTime14,
    /// `yyyyMMdd`.
    Date8,
    /// ASCII digits only; a fixed length when given.
    Digits(Option<usize>),
    /// ASCII letters and digits only; a fixed length when given.
    Alnum(Option<usize>),
    /// Letters, digits and `-` (order numbers).
    OrderNo,
    /// Must be sent, and sent empty (clpayment payout `bankCode`, `bankName`).
    Empty,
    /// A masked mobile number: 11 characters of digits and `*` (CMPay `151****0263`).
    Mobile,
    /// A CMPay return code: `000000`, 1 to 3 capital letters and 5 digits (`C01088`,
    /// `MCG01088`), or `IPS` and 4 digits (`IPS0008`): exact, because the hmac does not separate
    /// `returnCode` from `message`.
    ReturnCode,
    /// CMPay `amtItem`: `CNY_AMT=n#CMY_AMT=n#RED_AMT=n#VCH_AMT=n#POT_CHG_AMT=n`, each name
    /// once, each amount written without leading zeros.
    AmtItem,
}

impl Format {
    /// A short name for the format, as shown in the docs and the debugger.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Amount => "amount in fen (positive integer)",
            Format::Count => "positive integer",
            Format::DateTime14 => "yyyyMMddHHmmss",
            Format::Date8 => "yyyyMMdd",
            Format::Digits(_) => "digits",
            Format::Alnum(_) => "letters and digits",
            Format::OrderNo => "letters, digits and -",
            Format::Empty => "always empty",
            Format::Mobile => "masked mobile (151****0263)",
            Format::ReturnCode => "return code (000000, C01088, MCG01088)",
            Format::AmtItem => "CNY_AMT=n#CMY_AMT=n#RED_AMT=n#VCH_AMT=n#POT_CHG_AMT=n",
        }
    }
}

/// One field of a message, as the manual describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The name exactly as on the wire.
    pub name: &'static str,
    /// The manual's label (Chinese).
    pub label: &'static str,
    /// Whether the field takes part in the signature.
    pub signed: bool,
    /// Whether the field must be present and non-empty.
    pub required: bool,
    /// Whether the value is 3DES-encrypted before it is sent (and signed).
    pub encrypted: bool,
    /// The value's format.
    pub format: Format,
    /// Maximum length in characters, when the manual gives one.
    pub max_len: Option<usize>,
    /// The enumeration of allowed values; empty when any value of the format is allowed.
    pub allowed: &'static [&'static str],
    /// Whether an amount of `0` is allowed (fees, balances).
    pub zero_ok: bool,
}

/// A field as the bindings and the debugger show it: `{ name, label, signed, required,
/// encrypted, format, maxLen, allowed }` (`format` described in words).
impl serde::Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Field", 8)?;
        st.serialize_field("name", self.name)?;
        st.serialize_field("label", self.label)?;
        st.serialize_field("signed", &self.signed)?;
        st.serialize_field("required", &self.required)?;
        st.serialize_field("encrypted", &self.encrypted)?;
        st.serialize_field("format", self.format.describe())?;
        st.serialize_field("maxLen", &self.max_len)?;
        st.serialize_field("allowed", self.allowed)?;
        st.end()
    }
}

impl Field {
    /// A free-text field, unsigned and optional; refine with the builder methods.
    pub const fn new(name: &'static str, label: &'static str) -> Self {
        Field {
            name,
            label,
            signed: false,
            required: false,
            encrypted: false,
            format: Format::Text,
            max_len: None,
            allowed: &[],
            zero_ok: false,
        }
    }
    /// Marks the field as signed.
    pub const fn signed(mut self) -> Self {
        self.signed = true;
        self
    }
    /// Marks the field as required.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    /// Marks the field as 3DES-encrypted.
    pub const fn encrypted(mut self) -> Self {
        self.encrypted = true;
        self
    }
    /// Sets the format.
    pub const fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }
    /// Sets the maximum length.
    pub const fn max(mut self, n: usize) -> Self {
        self.max_len = Some(n);
        self
    }
    /// Sets the enumeration.
    pub const fn one_of(mut self, allowed: &'static [&'static str]) -> Self {
        self.allowed = allowed;
        self
    }
    /// An amount (in fen) that may be zero.
    pub const fn amount0(mut self) -> Self {
        self.format = Format::Amount;
        self.zero_ok = true;
        self
    }

    /// Checks one value against the field. An empty value is checked only for `required`.
    pub fn check(&self, value: Option<&str>) -> Result<()> {
        let name = self.name;
        let v = match value {
            None | Some("") if self.required => return Err(Error::missing(name)),
            None | Some("") => return Ok(()),
            Some(v) => v,
        };
        if let Some(max) = self.max_len {
            // A value of at most `max` bytes has at most `max` characters.
            if v.len() > max && v.chars().count() > max {
                return Err(Error::TooLong {
                    field: name.to_owned(),
                    max,
                });
            }
        }
        if !self.allowed.is_empty() && !self.allowed.contains(&v) {
            return Err(Error::NotInEnum {
                field: name.to_owned(),
                allowed: self.allowed,
            });
        }
        let bad = |reason| {
            Err(Error::BadFormat {
                field: name.to_owned(),
                reason,
            })
        };
        match self.format {
            Format::Text => Ok(()),
            Format::Amount => check_amount(name, v, self.zero_ok),
            Format::Count => {
                if v.bytes().all(|b| b.is_ascii_digit()) && v.bytes().any(|b| b != b'0') {
                    Ok(())
                } else {
                    bad("must be a positive integer")
                }
            }
            Format::DateTime14 => check_time(name, v, true),
            Format::Date8 => check_time(name, v, false),
            Format::Digits(len) => {
                if !v.bytes().all(|b| b.is_ascii_digit()) {
                    bad("must be digits only")
                } else if len.is_some_and(|n| n != v.len()) {
                    bad("has the wrong length")
                } else {
                    Ok(())
                }
            }
            Format::Alnum(len) => {
                if !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    bad("must be letters and digits only")
                } else if len.is_some_and(|n| n != v.len()) {
                    bad("has the wrong length")
                } else {
                    Ok(())
                }
            }
            Format::OrderNo => {
                if v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                    Ok(())
                } else {
                    bad("must be letters, digits and - only")
                }
            }
            Format::Empty => bad("must be sent empty"),
            Format::Mobile => {
                if v.len() == 11 && v.bytes().all(|b| b.is_ascii_digit() || b == b'*') {
                    Ok(())
                } else {
                    bad("must be 11 digits or masked digits (151****0263)")
                }
            }
            Format::ReturnCode => {
                let letters = v.bytes().take_while(u8::is_ascii_uppercase).count();
                let digits = v.len() - letters;
                let tail_digits = v.bytes().skip(letters).all(|b| b.is_ascii_digit());
                let prefix = v.get(..letters).unwrap_or_default();
                let digits_ok = digits == 5 || (digits == 4 && prefix == "IPS");
                if v == "000000" || ((1..=3).contains(&letters) && digits_ok && tail_digits) {
                    Ok(())
                } else {
                    bad("must be 000000, capital letters and 5 digits, or IPS and 4 digits")
                }
            }
            Format::AmtItem => crate::cmpay::AmtItem::parse(v).map(|_| ()),
        }
    }
}

fn check_amount(field: &str, v: &str, zero_ok: bool) -> Result<()> {
    let digits = !v.is_empty() && v.len() <= 15 && v.bytes().all(|b| b.is_ascii_digit());
    let leading_zero = v.len() > 1 && v.starts_with('0');
    let zero = v == "0";
    if !digits || leading_zero || (zero && !zero_ok) {
        return Err(Error::BadAmount {
            field: field.to_owned(),
        });
    }
    Ok(())
}

fn check_time(field: &str, v: &str, with_time: bool) -> Result<()> {
    let (format, len) = if with_time {
        ("yyyyMMddHHmmss", 14)
    } else {
        ("yyyyMMdd", 8)
    };
    let err = || Error::BadTime {
        field: field.to_owned(),
        format,
    };
    if v.len() != len || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err());
    }
    let num = |a: usize, b: usize| {
        v.get(a..b)
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(99)
    };
    let (month, day) = (num(4, 6), num(6, 8));
    let mut ok = (1..=12).contains(&month) && (1..=31).contains(&day);
    if with_time {
        ok &= num(8, 10) < 24 && num(10, 12) < 60 && num(12, 14) < 60;
    }
    if ok {
        Ok(())
    } else {
        Err(err())
    }
}

/// Validates parameters against a message's fields: every required field present, every value
/// in format, and (when `strict`) no field the message does not have. `sign` and the names in
/// `extra` are always allowed.
pub fn validate(fields: &[Field], params: &Params, strict: bool, extra: &[&str]) -> Result<()> {
    for f in fields {
        f.check(params.get(f.name))?;
    }
    if strict {
        for (k, _) in params.iter() {
            if !fields.iter().any(|f| f.name == k) && !extra.contains(&k) {
                return Err(Error::UnknownField {
                    field: k.to_owned(),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let amount = Field::new("totalAmount", "")
            .format(Format::Amount)
            .required();
        assert!(amount.check(Some("1")).is_ok());
        for bad in ["0", "01", "1.5", "-1", "1e3", " 1"] {
            assert_eq!(
                amount.check(Some(bad)).unwrap_err().code(),
                "BAD_AMOUNT",
                "{bad}"
            );
        }
        assert_eq!(amount.check(None).unwrap_err().code(), "MISSING_FIELD");
        let t = Field::new("transTime", "").format(Format::DateTime14);
        assert!(t.check(Some("20150211155604")).is_ok());
        assert_eq!(
            t.check(Some("20151311155604")).unwrap_err().code(),
            "BAD_TIME"
        );
        assert_eq!(
            t.check(Some("2015021115560")).unwrap_err().code(),
            "BAD_TIME"
        );
        let e = Field::new("type", "").one_of(&["03", "04"]);
        assert_eq!(e.check(Some("05")).unwrap_err().code(), "NOT_IN_ENUM");
        let l = Field::new("goodsName", "").max(2);
        assert_eq!(l.check(Some("商品名")).unwrap_err().code(), "TOO_LONG");
        assert!(l.check(Some("商品")).is_ok());
    }
}
