//! RSA keys for signType=RSA: PEM or bare base64, PKCS#1, PKCS#8, SPKI or an X.509 certificate.

use base64::Engine as _;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{PrivateKey, PublicKey};
use x509_cert::der::{Decode, Encode};

use crate::error::{Error, Result};

/// The format a key was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    /// `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1).
    Pkcs1Private,
    /// `-----BEGIN PRIVATE KEY-----` (PKCS#8).
    Pkcs8Private,
    /// `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1).
    Pkcs1Public,
    /// `-----BEGIN PUBLIC KEY-----` (X.509 SubjectPublicKeyInfo).
    Spki,
    /// `-----BEGIN CERTIFICATE-----` (X.509 certificate; its public key is used).
    Certificate,
}

impl KeyFormat {
    /// A stable name: `pkcs1-private`, `pkcs8-private`, `pkcs1-public`, `spki`, `x509-certificate`.
    pub fn name(self) -> &'static str {
        match self {
            KeyFormat::Pkcs1Private => "pkcs1-private",
            KeyFormat::Pkcs8Private => "pkcs8-private",
            KeyFormat::Pkcs1Public => "pkcs1-public",
            KeyFormat::Spki => "spki",
            KeyFormat::Certificate => "x509-certificate",
        }
    }
}

/// A parsed RSA key: a private key (which also gives its public key) or a public key.
#[derive(Clone)]
pub struct RsaKey {
    /// The private key, when one was given.
    pub private: Option<PrivateKey>,
    /// The public key (derived from the private key when that was given).
    pub public: PublicKey,
    /// The format found.
    pub format: KeyFormat,
    /// Whether the text was PEM (otherwise bare base64 DER).
    pub pem: bool,
}

impl core::fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "RsaKey({}, {} bits)", self.format.name(), self.bits())
    }
}

impl RsaKey {
    /// What was found, never the key itself.
    pub fn summary(&self) -> super::sign::KeySummary {
        super::sign::KeySummary {
            format: self.format.name(),
            bits: self.bits(),
            private: self.is_private(),
            pem: self.pem,
        }
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.public.size() * 8
    }

    /// Whether this key can sign.
    pub fn is_private(&self) -> bool {
        self.private.is_some()
    }

    /// Parses a key. `field` names the argument in errors (`privateKey`, `serverCert`, …); the
    /// key's content never appears in an error.
    pub fn parse(text: &str, field: &str) -> Result<Self> {
        let bad = |reason: &str| Error::bad_key(field, reason);
        let t = text.trim();
        if t.is_empty() {
            return Err(bad("empty"));
        }
        if t.starts_with("-----BEGIN") {
            let (label, der) = pem_decode(t).ok_or_else(|| bad("malformed PEM"))?;
            let format = match label.as_str() {
                "RSA PRIVATE KEY" => KeyFormat::Pkcs1Private,
                "PRIVATE KEY" => KeyFormat::Pkcs8Private,
                "RSA PUBLIC KEY" => KeyFormat::Pkcs1Public,
                "PUBLIC KEY" => KeyFormat::Spki,
                "CERTIFICATE" => KeyFormat::Certificate,
                "ENCRYPTED PRIVATE KEY" => {
                    return Err(bad(
                        "an encrypted PKCS#8 key: decrypt it first (openssl pkcs8 -in k.pem)",
                    ))
                }
                _ => return Err(bad("a PEM block that is not an RSA key or certificate")),
            };
            let mut key = from_der(&der, format)
                .ok_or_else(|| bad("the PEM label does not match its content"))?;
            key.pem = true;
            return Ok(key);
        }
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(compact)
            .map_err(|_| bad("neither PEM nor base64"))?;
        [
            KeyFormat::Pkcs8Private,
            KeyFormat::Pkcs1Private,
            KeyFormat::Spki,
            KeyFormat::Pkcs1Public,
            KeyFormat::Certificate,
        ]
        .into_iter()
        .find_map(|fmt| from_der(&der, fmt))
        .ok_or_else(|| {
            bad("base64 of something that is not an RSA key in PKCS#1, PKCS#8, SPKI or X.509 form")
        })
    }
}

fn from_der(der: &[u8], format: KeyFormat) -> Option<RsaKey> {
    let private = match format {
        KeyFormat::Pkcs1Private => Some(PrivateKey::from_pkcs1_der(der).ok()?),
        KeyFormat::Pkcs8Private => Some(PrivateKey::from_pkcs8_der(der).ok()?),
        _ => None,
    };
    let public = match (&private, format) {
        (Some(k), _) => k.to_public_key(),
        (None, KeyFormat::Pkcs1Public) => PublicKey::from_pkcs1_der(der).ok()?,
        (None, KeyFormat::Spki) => PublicKey::from_public_key_der(der).ok()?,
        (None, KeyFormat::Certificate) => {
            let cert = x509_cert::Certificate::from_der(der).ok()?;
            let spki = cert
                .tbs_certificate()
                .subject_public_key_info()
                .to_der()
                .ok()?;
            PublicKey::from_public_key_der(&spki).ok()?
        }
        (None, _) => return None,
    };
    Some(RsaKey {
        private,
        public,
        format,
        pem: false,
    })
}

/// Decodes one PEM block: its label and DER bytes.
fn pem_decode(text: &str) -> Option<(String, Vec<u8>)> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let label = lines
        .next()?
        .strip_prefix("-----BEGIN ")?
        .strip_suffix("-----")?
        .to_owned();
    let end = format!("-----END {label}-----");
    let mut b64 = String::new();
    for line in lines {
        if line == end {
            let der = base64::engine::general_purpose::STANDARD
                .decode(&b64)
                .ok()?;
            return Some((label, der));
        }
        if line.contains(':') {
            return None; // RFC 1421 headers (Proc-Type: 4,ENCRYPTED …): an encrypted legacy key.
        }
        b64.push_str(line);
    }
    None
}
