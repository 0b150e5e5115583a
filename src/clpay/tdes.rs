//! 3DES (DESede) for the card fields of the quick-pay and bind-card interfaces.
//!
//! The manual says only "3DES". The convention of this vendor family is Java's `DESede`:
//! 3-key EDE, ECB, PKCS#5/7 padding, the key being the 24 raw bytes of a 24-character string,
//! output in base64. That is [`TdesOptions::default`]; every part can be changed. Fields are
//! encrypted first: the ciphertext is what is sent and what is signed.

use super::des::TripleDes;
use base64::Engine as _;

use crate::error::{Error, Result};
use crate::util;

/// Block cipher mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Electronic codebook (Java's `DESede` default).
    #[default]
    Ecb,
    /// Cipher block chaining; needs an 8-byte IV.
    Cbc,
}

/// Padding scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Padding {
    /// PKCS#5/PKCS#7 (Java `PKCS5Padding`).
    #[default]
    Pkcs7,
    /// Zero bytes up to a whole block (none when already whole); stripped on decryption.
    Zero,
}

/// How a key, an IV or the ciphertext is written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// The UTF-8 bytes of the text itself.
    Utf8,
    /// Base64 (standard alphabet, padded).
    Base64,
    /// Hex, either case.
    Hex,
}

impl Encoding {
    fn parse(name: &str, field: &str, allowed: &'static [&'static str]) -> Result<Self> {
        let e = match name.to_ascii_lowercase().as_str() {
            "utf8" | "utf-8" | "raw" => Encoding::Utf8,
            "base64" => Encoding::Base64,
            "hex" => Encoding::Hex,
            _ => {
                return Err(Error::BadOption {
                    field: field.to_owned(),
                    allowed,
                })
            }
        };
        if allowed.contains(&match e {
            Encoding::Utf8 => "utf8",
            Encoding::Base64 => "base64",
            Encoding::Hex => "hex",
        }) {
            Ok(e)
        } else {
            Err(Error::BadOption {
                field: field.to_owned(),
                allowed,
            })
        }
    }

    fn decode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            Encoding::Utf8 => Some(text.as_bytes().to_vec()),
            Encoding::Base64 => base64::engine::general_purpose::STANDARD
                .decode(text.trim())
                .ok(),
            Encoding::Hex => util::unhex(text.trim()),
        }
    }
}

/// The options of [`encrypt`] and [`decrypt`]. The default is the vendor convention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TdesOptions {
    /// ECB (default) or CBC.
    pub mode: Mode,
    /// The IV for CBC, as text in `iv_encoding`.
    pub iv: Option<String>,
    /// How the IV is written: UTF-8 (default), hex or base64.
    pub iv_encoding: Encoding,
    /// PKCS#7 (default) or zero padding.
    pub padding: Padding,
    /// How the key is written: UTF-8 (default: the 24 characters are the 24 key bytes), base64 or hex.
    pub key_encoding: Encoding,
    /// How the ciphertext is written: base64 (default) or hex.
    pub output: Encoding,
}

impl Default for TdesOptions {
    fn default() -> Self {
        TdesOptions {
            mode: Mode::Ecb,
            iv: None,
            iv_encoding: Encoding::Utf8,
            padding: Padding::Pkcs7,
            key_encoding: Encoding::Utf8,
            output: Encoding::Base64,
        }
    }
}

const TEXT_ENCODINGS: &[&str] = &["utf8", "base64", "hex"];
const OUTPUT_ENCODINGS: &[&str] = &["base64", "hex"];

impl TdesOptions {
    /// Builds options from their names as the JS API and the debugger give them; `None` keeps
    /// the default. Unknown names are a [`Error::BadOption`].
    pub fn from_names(
        mode: Option<&str>,
        iv: Option<&str>,
        iv_encoding: Option<&str>,
        padding: Option<&str>,
        key_encoding: Option<&str>,
        output: Option<&str>,
    ) -> Result<Self> {
        let mut o = TdesOptions::default();
        if let Some(m) = mode {
            o.mode = match m.to_ascii_lowercase().as_str() {
                "ecb" => Mode::Ecb,
                "cbc" => Mode::Cbc,
                _ => {
                    return Err(Error::BadOption {
                        field: "mode".into(),
                        allowed: &["ecb", "cbc"],
                    })
                }
            };
        }
        if let Some(p) = padding {
            o.padding = match p.to_ascii_lowercase().as_str() {
                "pkcs7" | "pkcs5" => Padding::Pkcs7,
                "zero" => Padding::Zero,
                _ => {
                    return Err(Error::BadOption {
                        field: "padding".into(),
                        allowed: &["pkcs7", "zero"],
                    })
                }
            };
        }
        if let Some(e) = key_encoding {
            o.key_encoding = Encoding::parse(e, "keyEncoding", TEXT_ENCODINGS)?;
        }
        if let Some(e) = iv_encoding {
            o.iv_encoding = Encoding::parse(e, "ivEncoding", TEXT_ENCODINGS)?;
        }
        if let Some(e) = output {
            o.output = Encoding::parse(e, "output", OUTPUT_ENCODINGS)?;
        }
        o.iv = iv.map(str::to_owned);
        Ok(o)
    }
}

std::thread_local! {
    /// The last 3DES key used and its schedule.
    static LAST_KEY: core::cell::RefCell<Option<([u8; 24], TripleDes)>> = const { core::cell::RefCell::new(None) };
}

fn cipher(key: &str, opts: &TdesOptions) -> Result<TripleDes> {
    let bytes = opts
        .key_encoding
        .decode(key)
        .ok_or_else(|| Error::bad_key("key", "not valid in the key encoding"))?;
    let full: Vec<u8> = match bytes.len() {
        24 => bytes,
        // Two-key 3DES: K1 K2 K1.
        16 => bytes
            .iter()
            .chain(bytes.get(..8).unwrap_or_default())
            .copied()
            .collect(),
        n => {
            return Err(Error::bad_key(
                "key",
                format!("a 3DES key is 16 or 24 bytes, this one is {n}"),
            ))
        }
    };
    let full: [u8; 24] = full
        .try_into()
        .map_err(|_| Error::bad_key("key", "rejected by DESede"))?;
    // The last key's schedule is kept: a merchant encrypts every card field with one key, and
    // the schedule cost more than the three blocks of a card number.
    LAST_KEY.with(|last| {
        let mut last = last.borrow_mut();
        match &*last {
            Some((k, c)) if util::ct_eq(k, &full) => Ok(c.clone()),
            _ => {
                let c = TripleDes::new(&full);
                *last = Some((full, c.clone()));
                Ok(c)
            }
        }
    })
}

fn iv(opts: &TdesOptions) -> Result<Option<[u8; 8]>> {
    match (opts.mode, &opts.iv) {
        (Mode::Ecb, _) => Ok(None),
        (Mode::Cbc, None) => Err(Error::BadIv {
            reason: "CBC needs an 8-byte IV".into(),
        }),
        (Mode::Cbc, Some(text)) => {
            let bytes = opts.iv_encoding.decode(text).ok_or_else(|| Error::BadIv {
                reason: "not valid in the IV encoding".into(),
            })?;
            let arr: [u8; 8] = bytes.try_into().map_err(|v: Vec<u8>| Error::BadIv {
                reason: format!("an IV is 8 bytes, this one is {}", v.len()),
            })?;
            Ok(Some(arr))
        }
    }
}

/// Encrypts a card field, returning the ciphertext as text (base64 by default).
pub fn encrypt(plaintext: &str, key: &str, opts: &TdesOptions) -> Result<String> {
    let c = cipher(key, opts)?;
    let mut chain = iv(opts)?;
    let mut data = plaintext.as_bytes().to_vec();
    match opts.padding {
        Padding::Pkcs7 => {
            let n = 8 - data.len() % 8;
            data.extend(std::iter::repeat_n(n as u8, n));
        }
        Padding::Zero => {
            let n = (8 - data.len() % 8) % 8;
            data.extend(std::iter::repeat_n(0u8, n));
        }
    }
    for chunk in data.chunks_exact_mut(8) {
        if let Some(prev) = &chain {
            chunk.iter_mut().zip(prev).for_each(|(b, p)| *b ^= p);
        }
        let mut block = [0u8; 8];
        block.copy_from_slice(chunk);
        c.crypt(&mut block, false);
        chunk.copy_from_slice(&block);
        if chain.is_some() {
            let mut next = [0u8; 8];
            next.copy_from_slice(chunk);
            chain = Some(next);
        }
    }
    Ok(match opts.output {
        Encoding::Hex => util::hex(&data, false),
        _ => base64::engine::general_purpose::STANDARD.encode(&data),
    })
}

/// Decrypts a card field given as text in the `output` encoding.
pub fn decrypt(ciphertext: &str, key: &str, opts: &TdesOptions) -> Result<String> {
    let c = cipher(key, opts)?;
    let mut chain = iv(opts)?;
    let mut data = match opts.output {
        Encoding::Hex => util::unhex(ciphertext.trim()),
        _ => base64::engine::general_purpose::STANDARD
            .decode(ciphertext.trim())
            .ok(),
    }
    .ok_or_else(|| Error::BadCiphertext {
        reason: "not valid base64 or hex as the options say".into(),
    })?;
    if !data.len().is_multiple_of(8) || (data.is_empty() && opts.padding == Padding::Pkcs7) {
        return Err(Error::BadCiphertext {
            reason: format!(
                "{} bytes is not a whole number of 8-byte blocks",
                data.len()
            ),
        });
    }
    for chunk in data.chunks_exact_mut(8) {
        let mut saved = [0u8; 8];
        saved.copy_from_slice(chunk);
        let mut block = [0u8; 8];
        block.copy_from_slice(chunk);
        c.crypt(&mut block, true);
        chunk.copy_from_slice(&block);
        if let Some(prev) = &chain {
            chunk.iter_mut().zip(prev).for_each(|(b, p)| *b ^= p);
            chain = Some(saved);
        }
    }
    match opts.padding {
        Padding::Pkcs7 => {
            let n = data.last().copied().unwrap_or(0) as usize;
            let ok = (1..=8).contains(&n)
                && data.len() >= n
                && data
                    .get(data.len() - n..)
                    .is_some_and(|tail| tail.iter().all(|&b| b as usize == n));
            if !ok {
                return Err(Error::BadPadding);
            }
            data.truncate(data.len() - n);
        }
        Padding::Zero => {
            while data.last() == Some(&0) {
                data.pop();
            }
        }
    }
    String::from_utf8(data).map_err(|_| Error::BadEncoding {
        field: "plaintext".into(),
        charset: "UTF-8",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // NIST SP 800-67 / SP 800-20 style known answer: key 0123456789ABCDEF 23456789ABCDEF01
    // 456789ABCDEF0123, plaintext "The qufck brown fox jump" (the NIST example), ECB.
    #[test]
    fn nist_sp800_67_example() {
        let opts = TdesOptions {
            key_encoding: Encoding::Hex,
            padding: Padding::Zero,
            output: Encoding::Hex,
            ..Default::default()
        };
        let key = "0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123";
        let ct = encrypt("The qufck brown fox jump", key, &opts).unwrap();
        assert_eq!(ct, "a826fd8ce53b855fcce21c8112256fe668d5c05dd9b6b900");
        assert_eq!(
            decrypt(&ct, key, &opts).unwrap(),
            "The qufck brown fox jump"
        );
    }

    #[test]
    fn errors() {
        let o = TdesOptions::default();
        assert_eq!(encrypt("x", "short", &o).unwrap_err().code(), "BAD_KEY");
        let cbc = TdesOptions {
            mode: Mode::Cbc,
            ..Default::default()
        };
        assert_eq!(
            encrypt("x", "123456789012345678901234", &cbc)
                .unwrap_err()
                .code(),
            "BAD_IV"
        );
        assert_eq!(
            decrypt("!!", "123456789012345678901234", &o)
                .unwrap_err()
                .code(),
            "BAD_CIPHERTEXT"
        );
        assert_eq!(
            decrypt("AAAA", "123456789012345678901234", &o)
                .unwrap_err()
                .code(),
            "BAD_CIPHERTEXT"
        );
        assert_eq!(
            decrypt("AAAAAAAAAAA=", "123456789012345678901234", &o)
                .unwrap_err()
                .code(),
            "BAD_PADDING"
        );
        assert_eq!(
            TdesOptions::from_names(Some("ofb"), None, None, None, None, None)
                .unwrap_err()
                .code(),
            "BAD_OPTION"
        );
    }
}
