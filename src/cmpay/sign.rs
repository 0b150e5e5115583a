//! The CMPay 2.0.0 `hmac`: MD5 mode (two chained HMAC-MD5, NOTES.md) and RSA mode
//! (SHA1withRSA, PKCS#1 v1.5), over the UTF-8 bytes of the field values in message order.

#[cfg(feature = "rsa")]
use base64::Engine as _;
#[cfg(feature = "rsa")]
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
#[cfg(feature = "rsa")]
use rsa::signature::{RandomizedSigner, SignatureEncoding, Verifier};
#[cfg(feature = "rsa")]
use rsa::traits::PublicKeyParts;
#[cfg(feature = "rsa")]
use sha1::Sha1;

#[cfg(feature = "rsa")]
use super::keys::RsaKey;
use super::schema::{Direction, Message, MESSAGES};
use crate::error::{Error, Result};
use crate::form::Charset;
use crate::params::Params;
use crate::pipeline::{self, Assembly, Digest, Empty, KeyUse, Order, Output, Pipeline};
use crate::util;

/// How CMPay signs with signType=MD5 (NOTES.md): the values of the message's fields in
/// document order, concatenated with no separator (an empty or missing value contributes
/// nothing; `hmac`, `merchantCert`, `serverCert` never take part), UTF-8 bytes, then
/// `HMAC-MD5(signKey, hex(HMAC-MD5("", source)))`, lowercase hex.
pub const PIPELINE_MD5: Pipeline = Pipeline {
    gateway: "cmpay",
    signature_field: "hmac",
    never_signed: &["hmac", "merchantCert", "serverCert"],
    order: Order::Table,
    empty: Empty::Kept,
    assembly: Assembly::VALUES,
    key: KeyUse::HmacKey,
    bytes: Charset::Utf8,
    digest: Digest::HmacMd5Chained,
    output: Output::HexLower,
};

/// The pipeline a message's `signType` asks for: RSA for `RSA`, MD5 otherwise (a missing or
/// unknown `signType` is refused by the signer and verifier, not here).
pub fn pipeline_for(params: &Params) -> &'static Pipeline {
    if params.get("signType") == Some("RSA") {
        &PIPELINE_RSA
    } else {
        &PIPELINE_MD5
    }
}

/// How CMPay signs with signType=RSA: the same source, SHA1withRSA (PKCS#1 v1.5) with the
/// merchant's private key, lowercase hex (base64 accepted).
pub const PIPELINE_RSA: Pipeline = Pipeline {
    key: KeyUse::Rsa,
    digest: Digest::RsaSha1,
    ..PIPELINE_MD5
};

/// Looks up a message by id (`offlineNotify`, `directPayConfirmRequest`, …).
pub fn message(id: &str) -> Result<&'static Message> {
    MESSAGES.iter().find(|m| m.id == id).ok_or_else(|| {
        let ids: Vec<&str> = MESSAGES.iter().map(|m| m.id).collect();
        Error::unknown(format!(
            "unknown CMPay message: use one of {}",
            ids.join(", ")
        ))
    })
}

/// Recognises a message from its `type` (and, for the types used both ways, from whether it
/// carries a `returnCode`, which only responses have).
pub fn recognise(params: &Params) -> Result<&'static Message> {
    let ty = params
        .get("type")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::missing("type"))?;
    let answered = params.contains("returnCode");
    MESSAGES
        .iter()
        .find(|m| {
            m.types.contains(&ty)
                && match m.direction {
                    Direction::Request => !answered,
                    Direction::Response => answered,
                    Direction::Notify => true,
                }
        })
        .ok_or_else(|| {
            Error::unknown(
                "type is not a CMPay message type: OrderQuery, DirectPayConfirm, DirectPay, \
                 WAPDirectPayConfirm, PageNotify or OfflineNotify",
            )
        })
}

/// The sign source: the values of the message's fields concatenated in order, no separators; a
/// missing field contributes nothing.
pub fn sign_source(message: &Message, params: &Params) -> String {
    PIPELINE_MD5.source(message.fields, params)
}

/// What was found in an RSA key text: `{ format, bits, private, pem }`, never the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct KeySummary {
    /// `pkcs1-private`, `pkcs8-private`, `pkcs1-public`, `spki` or `x509-certificate`.
    pub format: &'static str,
    /// The modulus size.
    pub bits: usize,
    /// Whether it is a private key.
    pub private: bool,
    /// Whether the text was PEM (otherwise bare base64 DER).
    pub pem: bool,
}

/// What was found in a merchant's RSA keys: `{ privateKey?, serverCert? }`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeysInfo {
    /// The merchant's private key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_key: Option<KeySummary>,
    /// The platform's public key or certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_cert: Option<KeySummary>,
}

#[cfg(feature = "rsa")]
/// Where RSA-SHA1 runs when not in the `rsa` crate: the platform's own RSA (node:crypto or
/// WebCrypto, given by the JS bindings), with the keys [`Keys::rsa_der`] exports. It must sign
/// exactly as RSASSA-PKCS1-v1_5 with SHA-1 does (deterministic, so both give the same bytes).
pub trait RsaEngine: Send + Sync {
    /// The signature of `data` with the merchant's private key.
    fn sign_sha1(&self, data: &[u8]) -> Result<Vec<u8>>;
    /// Whether `sig` is the signature of `data` under the platform's public key.
    fn verify_sha1(&self, data: &[u8], sig: &[u8]) -> Result<bool>;
}

/// The keys of a merchant. MD5 mode needs the `signKey`; RSA mode needs the merchant's private
/// key to sign and the platform's public key (from its certificate) to verify. RSA keys are
/// turned into signing and verifying keys once, when set, not on every call.
#[derive(Clone, Default)]
pub struct Keys {
    sign_key: Option<Vec<u8>>,
    info: KeysInfo,
    #[cfg(feature = "rsa")]
    signer: Option<SigningKey<Sha1>>,
    /// The verifying key and the modulus length in bytes.
    #[cfg(feature = "rsa")]
    verifier: Option<(VerifyingKey<Sha1>, usize)>,
    /// The platform's RSA, when the bindings give one; otherwise the `rsa` crate's, blinded.
    #[cfg(feature = "rsa")]
    engine: Option<std::sync::Arc<dyn RsaEngine>>,
}

impl core::fmt::Debug for Keys {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut d = f.debug_struct("Keys");
        d.field(
            "sign_key",
            &self.sign_key.as_ref().map(|k| format!("{} bytes", k.len())),
        );
        #[cfg(feature = "rsa")]
        d.field("private_key", &self.signer.is_some()).field(
            "server_key",
            &self.verifier.as_ref().map(|(_, len)| len * 8),
        );
        d.finish()
    }
}

impl Keys {
    /// Keys for signType=MD5: the 64-character `signKey`.
    pub fn md5(sign_key: &str) -> Result<Self> {
        let mut k = Keys::default();
        k.set_sign_key(sign_key)?;
        Ok(k)
    }

    /// The keys a merchant configures: the MD5 `signKey` and/or the RSA keys, at least one.
    /// Without the `rsa` feature an RSA key is [`Error::RsaUnavailable`].
    pub fn from_parts(
        sign_key: Option<&str>,
        private_key: Option<&str>,
        server_cert: Option<&str>,
    ) -> Result<Self> {
        if sign_key.is_none() && private_key.is_none() && server_cert.is_none() {
            return Err(Error::bad_key(
                "keys",
                "give signKey, privateKey or serverCert",
            ));
        }
        let mut k = Keys::default();
        if let Some(s) = sign_key {
            k.set_sign_key(s)?;
        }
        #[cfg(feature = "rsa")]
        {
            if let Some(p) = private_key {
                k.set_private_key(p)?;
            }
            if let Some(s) = server_cert {
                k.set_server_key(s)?;
            }
        }
        #[cfg(not(feature = "rsa"))]
        if private_key.is_some() || server_cert.is_some() {
            let field = if private_key.is_some() {
                "privateKey"
            } else {
                "serverCert"
            };
            return Err(Error::RsaUnavailable {
                field: field.into(),
            });
        }
        Ok(k)
    }

    #[cfg(feature = "rsa")]
    /// Runs the RSA operations on `engine` from now on (the key checks stay here).
    pub fn set_engine(&mut self, engine: Option<std::sync::Arc<dyn RsaEngine>>) {
        self.engine = engine;
    }

    #[cfg(feature = "rsa")]
    /// The RSA keys as DER for a platform's RSA: the private key as PKCS#8, the platform's
    /// public key as SubjectPublicKeyInfo.
    pub fn rsa_der(&self) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
        use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey};
        let private = self.signer.as_ref().and_then(|s| {
            let k: &rsa::PrivateKey = s.as_ref();
            k.to_pkcs8_der().ok().map(|d| d.as_bytes().to_vec())
        });
        let public = self.verifier.as_ref().and_then(|(v, _)| {
            let k: &rsa::PublicKey = v.as_ref();
            k.to_public_key_der().ok().map(|d| d.as_bytes().to_vec())
        });
        (private, public)
    }

    /// What was found in the RSA keys set.
    pub fn info(&self) -> &KeysInfo {
        &self.info
    }

    /// Sets the MD5 `signKey`.
    pub fn set_sign_key(&mut self, sign_key: &str) -> Result<()> {
        if sign_key.is_empty() {
            return Err(Error::bad_key("signKey", "empty"));
        }
        self.sign_key = Some(sign_key.as_bytes().to_vec());
        Ok(())
    }

    #[cfg(feature = "rsa")]
    /// Sets the merchant's RSA private key (PEM or base64; PKCS#1 or PKCS#8) and returns what
    /// was found in it.
    pub fn set_private_key(&mut self, text: &str) -> Result<RsaKey> {
        let key = RsaKey::parse(text, "privateKey")?;
        let Some(private) = key.private.clone() else {
            return Err(Error::bad_key(
                "privateKey",
                format!(
                    "a public key ({}) where a private key is needed",
                    key.format.name()
                ),
            ));
        };
        self.signer = Some(SigningKey::new(private));
        self.info.private_key = Some(key.summary());
        Ok(key)
    }

    #[cfg(feature = "rsa")]
    /// Sets the platform's public key or certificate (`serverCert`) used to verify RSA
    /// messages, and returns what was found in it.
    pub fn set_server_key(&mut self, text: &str) -> Result<RsaKey> {
        let key = RsaKey::parse(text, "serverCert")?;
        self.verifier = Some((VerifyingKey::new(key.public.clone()), key.public.size()));
        self.info.server_cert = Some(key.summary());
        Ok(key)
    }
}

/// How an RSA signature is written in `hmac`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SigEncoding {
    /// Lowercase hex (the default; the MD5 `hmac` is hex too).
    #[default]
    Hex,
    /// Base64.
    Base64,
}

/// The steps of a signature, for display and diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    /// The sign source.
    pub source: String,
    /// MD5 mode: lowercase hex of HMAC-MD5 with the empty key over the source.
    pub inner: Option<String>,
    /// The `hmac` value.
    pub hmac: String,
}

/// The MD5-mode `hmac` of a sign source: `inner = hex(HMAC-MD5("", src))`,
/// `hmac = hex(HMAC-MD5(signKey, inner))`. Returns `(inner, hmac)`.
pub fn md5_hmac(source: &str, sign_key: &[u8]) -> (String, String) {
    let inner = util::hex(&pipeline::hmac_md5(b"", source.as_bytes()), false);
    let hmac = PIPELINE_MD5
        .hash_source(source, sign_key)
        .map(|h| PIPELINE_MD5.encode(h.as_bytes()))
        .unwrap_or_default();
    (inner, hmac)
}

fn sign_type(params: &Params) -> Result<&str> {
    match params.get("signType") {
        None | Some("") => Err(Error::missing("signType")),
        Some(t @ ("MD5" | "RSA")) => Ok(t),
        Some(_) => Err(Error::NotInEnum {
            field: "signType".into(),
            allowed: &["MD5", "RSA"],
        }),
    }
}

/// Signs a parameter set as `signType` says, returning every step.
pub fn sign_trace(
    message: &Message,
    params: &Params,
    keys: &Keys,
    enc: SigEncoding,
) -> Result<Trace> {
    let source = sign_source(message, params);
    match sign_type(params)? {
        #[cfg(not(feature = "rsa"))]
        "RSA" => {
            let _ = enc;
            Err(Error::RsaUnavailable {
                field: "signType".into(),
            })
        }
        #[cfg(feature = "rsa")]
        "RSA" => {
            let signer = keys.signer.as_ref().ok_or_else(|| {
                Error::bad_key(
                    "privateKey",
                    "signType=RSA needs the merchant's private key",
                )
            })?;
            let sig = match &keys.engine {
                Some(engine) => engine.sign_sha1(source.as_bytes())?,
                // Blinded: the RNG randomises the private-key operation. A failing random
                // source is an error here, not a panic.
                None => signer
                    .try_sign_with_rng(&mut getrandom::SysRng, source.as_bytes())
                    .map_err(|_| Error::RandomUnavailable)?
                    .to_vec(),
            };
            let hmac = match enc {
                SigEncoding::Hex => PIPELINE_RSA.encode(&sig),
                SigEncoding::Base64 => pipeline::encode(Output::Base64, &sig),
            };
            Ok(Trace {
                source,
                inner: None,
                hmac,
            })
        }
        _ => {
            let key = keys
                .sign_key
                .as_ref()
                .ok_or_else(|| Error::bad_key("signKey", "signType=MD5 needs the signKey"))?;
            let (inner, hmac) = md5_hmac(&source, key);
            Ok(Trace {
                source,
                inner: Some(inner),
                hmac,
            })
        }
    }
}

/// The `hmac` of a parameter set.
pub fn sign(message: &Message, params: &Params, keys: &Keys) -> Result<String> {
    sign_trace(message, params, keys, SigEncoding::Hex).map(|t| t.hmac)
}

#[cfg(feature = "rsa")]
/// Decodes an RSA signature given in hex or base64; it must be as long as the modulus.
pub fn decode_signature(text: &str, modulus_len: usize) -> Result<Vec<u8>> {
    let t = text.trim();
    let bytes = if t.len() == modulus_len * 2 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        util::unhex(t)
    } else {
        base64::engine::general_purpose::STANDARD.decode(t).ok()
    };
    bytes
        .filter(|b| b.len() == modulus_len)
        .ok_or_else(|| Error::BadSignatureFormat {
            field: "hmac".into(),
        })
}

/// Checks `hmac` (constant-time for MD5; RSA through the public key). A missing `hmac` is an
/// error; a wrong one is `Ok(false)`. In RSA mode the platform key configured in `keys` is used,
/// never a `serverCert` carried by the message itself (anyone can put their own there).
pub fn verify(message: &Message, params: &Params, keys: &Keys) -> Result<bool> {
    let received = params
        .get("hmac")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::missing("hmac"))?;
    match sign_type(params)? {
        #[cfg(feature = "rsa")]
        "RSA" => verify_rsa_source(&PIPELINE_RSA.source(message.fields, params), received, keys),
        #[cfg(not(feature = "rsa"))]
        "RSA" => Err(Error::RsaUnavailable {
            field: "signType".into(),
        }),
        _ => {
            let key = keys
                .sign_key
                .as_ref()
                .ok_or_else(|| Error::bad_key("signKey", "signType=MD5 needs the signKey"))?;
            Ok(PIPELINE_MD5.verify(message.fields, params, key, received))
        }
    }
}

#[cfg(feature = "rsa")]
/// Verifies an RSA `hmac` over a given sign source with the platform key in `keys`.
pub fn verify_rsa_source(source: &str, received: &str, keys: &Keys) -> Result<bool> {
    let (verifier, modulus_len) = keys.verifier.as_ref().ok_or_else(|| {
        Error::bad_key(
            "serverCert",
            "signType=RSA needs the platform's public key or certificate",
        )
    })?;
    let sig = decode_signature(received, *modulus_len)?;
    if let Some(engine) = &keys.engine {
        return engine.verify_sha1(source.as_bytes(), &sig);
    }
    let sig = Signature::try_from(sig.as_slice()).map_err(|_| Error::BadSignatureFormat {
        field: "hmac".into(),
    })?;
    Ok(verifier.verify(source.as_bytes(), &sig).is_ok())
}

#[cfg(feature = "debugger")]
/// The SHA-1 digest an RSA `hmac` carries, recovered with the platform key configured in
/// `keys` (the public-key operation of PKCS#1 v1.5 verification, once): the debugger compares
/// it with the digest of each variant instead of verifying each. `None` when the signature
/// does not decode, or its padding is not a SHA-1 PKCS#1 v1.5 signature under this key.
pub fn recover_rsa_sha1(received: &str, keys: &Keys) -> Option<Vec<u8>> {
    use rsa::traits::PublicKeyParts as _;
    // DigestInfo of SHA-1 (RFC 8017, 9.2 note 1).
    const PREFIX: [u8; 15] = [
        0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
    ];
    let (verifier, len) = keys.verifier.as_ref()?;
    let key: &rsa::PublicKey = verifier.as_ref();
    let sig = decode_signature(received, *len).ok()?;
    let s = rsa::BoxedUint::from_be_slice(&sig, key.n_bits_precision()).ok()?;
    if s >= *key.n().as_ref() {
        return None;
    }
    let m = rsa::hazmat::rsa_encrypt(key, &s).ok()?.to_be_bytes();
    // EM = 00 01 FF…FF 00 || DigestInfo || digest, left-padded to the modulus length.
    let em: Vec<u8> = core::iter::repeat_n(0u8, len.saturating_sub(m.len()))
        .chain(m.iter().copied().skip(m.len().saturating_sub(*len)))
        .collect();
    let t = len.checked_sub(PREFIX.len() + 20)?;
    let ok = em.get(..2) == Some(&[0, 1])
        && em.get(2..t.checked_sub(1)?)?.iter().all(|&b| b == 0xff)
        && em.get(t - 1) == Some(&0)
        && em.get(t..t + PREFIX.len()) == Some(&PREFIX[..]);
    ok.then(|| em.get(t + PREFIX.len()..).map(<[u8]>::to_vec))
        .flatten()
}

#[cfg(all(test, not(feature = "rsa")))]
mod lean_tests {
    use super::*;

    #[test]
    fn rsa_is_a_typed_error_without_the_rsa_feature() {
        let m = message("orderQueryRequest").unwrap();
        let keys = Keys::md5("k").unwrap();
        let mut p = Params::from_pairs([("type", "OrderQuery"), ("signType", "RSA")]).unwrap();
        let e = sign(m, &p, &keys).unwrap_err();
        assert_eq!(e.code(), "RSA_UNAVAILABLE");
        p.set("hmac", "00").unwrap();
        assert_eq!(verify(m, &p, &keys).unwrap_err().code(), "RSA_UNAVAILABLE");
        p.set("signType", "MD5").unwrap();
        assert_eq!(sign(m, &p, &keys).unwrap().len(), 32);
        let e = Keys::from_parts(Some("k"), None, Some("-----BEGIN CERTIFICATE-----")).unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            ("RSA_UNAVAILABLE", Some("serverCert"))
        );
        assert_eq!(
            Keys::from_parts(None, None, None).unwrap_err().code(),
            "BAD_KEY"
        );
        assert_eq!(
            Keys::from_parts(Some("k"), None, None).unwrap().info(),
            &KeysInfo::default()
        );
    }
}
