//! Small helpers: hex, constant-time comparison, nonces.

use crate::error::{Error, Result};
use subtle::ConstantTimeEq;

/// The hex digit of a nibble (`n < 16`).
pub(crate) fn hex_digit(n: u8, upper: bool) -> char {
    let digits = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    char::from(digits.get(usize::from(n & 15)).copied().unwrap_or(b'0'))
}

/// Hex-encodes bytes, lowercase or uppercase.
pub fn hex(bytes: &[u8], upper: bool) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(hex_digit(b >> 4, upper));
        s.push(hex_digit(b, upper));
    }
    s
}

/// Hex of up to 20 bytes (a digest) into a stack buffer, for comparisons that need no String.
pub(crate) fn hex_into(bytes: &[u8], upper: bool, out: &mut [u8; 40]) -> usize {
    for (pair, &b) in out.chunks_exact_mut(2).zip(bytes) {
        if let [hi, lo] = pair {
            *hi = hex_digit(b >> 4, upper) as u8;
            *lo = hex_digit(b, upper) as u8;
        }
    }
    bytes.len().min(20) * 2
}

/// Decodes hex (either case). `None` for odd length or a non-hex character.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    let s = s.as_bytes();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let d = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    s.chunks_exact(2)
        .map(|p| match p {
            [h, l] => Some(d(*h)? << 4 | d(*l)?),
            _ => None,
        })
        .collect()
}

/// Compares two byte strings in time independent of their contents (their lengths are public).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

const ALNUM: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A 32-character nonce of letters and digits (clpayment `nonceStr` / `randomStr`), from the
/// platform's secure random source (`crypto.getRandomValues` in wasm), without modulo bias.
/// The random bytes are drawn 4 KiB at a time and used once each, for nonces only (a call
/// into the platform per nonce cost more than the nonce); nonces are public once sent.
pub fn nonce() -> Result<String> {
    let mut out = String::with_capacity(32);
    NONCE_POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        let (bytes, used) = &mut *pool;
        while out.len() < 32 {
            if *used >= bytes.len() {
                bytes.resize(4096, 0);
                getrandom::fill(bytes).map_err(|_| Error::RandomUnavailable)?;
                *used = 0;
            }
            let b = bytes.get(*used).copied().unwrap_or(255);
            // Each byte is used once: overwritten so it cannot be handed out again.
            if let Some(slot) = bytes.get_mut(*used) {
                *slot = 0;
            }
            *used += 1;
            // 248 = 4 * 62: reject the top bytes so every character is equally likely.
            if b < 248 {
                out.extend(ALNUM.get((b % 62) as usize).map(|&c| c as char));
            }
        }
        Ok(out)
    })
}

std::thread_local! {
    /// Random bytes for nonces and how many are used.
    static NONCE_POOL: core::cell::RefCell<(Vec<u8>, usize)> = const { core::cell::RefCell::new((Vec::new(), 0)) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_nonce() {
        assert_eq!(hex(&[0, 0xab, 0xff], true), "00ABFF");
        assert_eq!(unhex("00abFF"), Some(vec![0, 0xab, 0xff]));
        assert_eq!(unhex("0g"), None);
        assert_eq!(unhex("abc"), None);
        let n = nonce().unwrap();
        assert_eq!(n.len(), 32);
        assert!(n.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(n, nonce().unwrap());
        assert!(ct_eq(b"ab", b"ab") && !ct_eq(b"ab", b"ac") && !ct_eq(b"a", b"ab"));
    }
}
