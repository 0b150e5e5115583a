//! DES and 3DES-EDE block functions with combined S-box and P-permutation tables (the classic
//! "SP-box" layout of OpenSSL and Go): a round is eight rotations, eight table lookups and
//! XORs, instead of the expansion, S-boxes and permutation computed apart in each round of the
//! RustCrypto `des` crate,
//! which made the 3DES card fields the slowest path of the package (about 2 µs of a 2.4 µs call;
//! see the README's Speed section). The answers are checked against that crate on random keys
//! and blocks in the tests below, and against node:crypto in `tests/js/tdes.test.mjs`.
//!
//! The S-boxes are FIPS 46-3's, laid out (as in the `des` crate, MIT/Apache-2.0) to be indexed
//! directly by their six input bits. Like every table-driven DES, the lookups depend on the
//! key and the data; 3DES is here only because the gateway requires it for card fields.

/// FIPS 46-3 S-boxes S1..S8, indexed by the six input bits (b1 most significant).
#[rustfmt::skip]
const SBOXES: [[u8; 64]; 8] = [
    [14, 0, 4, 15, 13, 7, 1, 4, 2, 14, 15, 2, 11, 13, 8, 1, 3, 10, 10, 6, 6, 12, 12, 11, 5, 9, 9, 5, 0, 3, 7, 8,
     4, 15, 1, 12, 14, 8, 8, 2, 13, 4, 6, 9, 2, 1, 11, 7, 15, 5, 12, 11, 9, 3, 7, 14, 3, 10, 10, 0, 5, 6, 0, 13],
    [15, 3, 1, 13, 8, 4, 14, 7, 6, 15, 11, 2, 3, 8, 4, 14, 9, 12, 7, 0, 2, 1, 13, 10, 12, 6, 0, 9, 5, 11, 10, 5,
     0, 13, 14, 8, 7, 10, 11, 1, 10, 3, 4, 15, 13, 4, 1, 2, 5, 11, 8, 6, 12, 7, 6, 12, 9, 0, 3, 5, 2, 14, 15, 9],
    [10, 13, 0, 7, 9, 0, 14, 9, 6, 3, 3, 4, 15, 6, 5, 10, 1, 2, 13, 8, 12, 5, 7, 14, 11, 12, 4, 11, 2, 15, 8, 1,
     13, 1, 6, 10, 4, 13, 9, 0, 8, 6, 15, 9, 3, 8, 0, 7, 11, 4, 1, 15, 2, 14, 12, 3, 5, 11, 10, 5, 14, 2, 7, 12],
    [7, 13, 13, 8, 14, 11, 3, 5, 0, 6, 6, 15, 9, 0, 10, 3, 1, 4, 2, 7, 8, 2, 5, 12, 11, 1, 12, 10, 4, 14, 15, 9,
     10, 3, 6, 15, 9, 0, 0, 6, 12, 10, 11, 1, 7, 13, 13, 8, 15, 9, 1, 4, 3, 5, 14, 11, 5, 12, 2, 7, 8, 2, 4, 14],
    [2, 14, 12, 11, 4, 2, 1, 12, 7, 4, 10, 7, 11, 13, 6, 1, 8, 5, 5, 0, 3, 15, 15, 10, 13, 3, 0, 9, 14, 8, 9, 6,
     4, 11, 2, 8, 1, 12, 11, 7, 10, 1, 13, 14, 7, 2, 8, 13, 15, 6, 9, 15, 12, 0, 5, 9, 6, 10, 3, 4, 0, 5, 14, 3],
    [12, 10, 1, 15, 10, 4, 15, 2, 9, 7, 2, 12, 6, 9, 8, 5, 0, 6, 13, 1, 3, 13, 4, 14, 14, 0, 7, 11, 5, 3, 11, 8,
     9, 4, 14, 3, 15, 2, 5, 12, 2, 9, 8, 5, 12, 15, 3, 10, 7, 11, 0, 14, 4, 1, 10, 7, 1, 6, 13, 0, 11, 8, 6, 13],
    [4, 13, 11, 0, 2, 11, 14, 7, 15, 4, 0, 9, 8, 1, 13, 10, 3, 14, 12, 3, 9, 5, 7, 12, 5, 2, 10, 15, 6, 8, 1, 6,
     1, 6, 4, 11, 11, 13, 13, 8, 12, 1, 3, 4, 7, 10, 14, 7, 10, 9, 15, 5, 6, 0, 8, 15, 0, 14, 5, 2, 9, 3, 2, 12],
    [13, 1, 2, 15, 8, 13, 4, 8, 6, 10, 15, 3, 11, 7, 1, 4, 10, 12, 9, 5, 3, 6, 14, 11, 5, 0, 0, 14, 12, 9, 7, 2,
     7, 2, 11, 1, 4, 14, 1, 7, 9, 4, 12, 10, 14, 8, 2, 13, 0, 15, 6, 12, 10, 9, 13, 0, 15, 3, 3, 5, 5, 6, 8, 11],
];

/// The permutation P (bit numbers from 1, most significant first).
#[rustfmt::skip]
const P: [u8; 32] = [
    16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
    2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25,
];

/// The left rotations of C and D before each round.
const SHIFTS: [u32; 16] = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];

/// `SP[s][x]`: S-box `s` applied to `x`, placed in its four output bits and permuted by P.
/// Computed at compile time (an index out of range would fail the build, not a call).
#[allow(clippy::indexing_slicing)]
const SP: [[u32; 64]; 8] = {
    let mut t = [[0u32; 64]; 8];
    let mut s = 0;
    while s < 8 {
        let mut x = 0;
        while x < 64 {
            let pre = (SBOXES[s][x] as u32) << (28 - 4 * s);
            let mut out = 0u32;
            let mut i = 0;
            while i < 32 {
                if pre & (1 << (32 - P[i] as u32)) != 0 {
                    out |= 1 << (31 - i);
                }
                i += 1;
            }
            t[s][x] = out;
            x += 1;
        }
        s += 1;
    }
    t
};

// The permutations IP, FP, PC-1 and PC-2 as delta swaps and masked multiplications, from the
// RustCrypto `des` crate (MIT/Apache-2.0): a few dozen instructions each instead of a loop
// over the bits.

fn delta_swap(a: u64, delta: u64, mask: u64) -> u64 {
    let b = (a ^ (a >> delta)) & mask;
    a ^ b ^ (b << delta)
}

/// PC-1: the 56 key bits, most significant first (the low 8 bits are zero).
fn pc1(mut key: u64) -> u64 {
    key = delta_swap(key, 2, 0x3333000033330000);
    key = delta_swap(key, 4, 0x0f0f0f0f00000000);
    key = delta_swap(key, 8, 0x009a000a00a200a8);
    key = delta_swap(key, 16, 0x00006c6c0000cccc);
    key = delta_swap(key, 1, 0x1045500500550550);
    key = delta_swap(key, 32, 0x00000000f0f0f5fa);
    key = delta_swap(key, 8, 0x00550055006a00aa);
    key = delta_swap(key, 2, 0x0000333330000300);
    key & 0xFFFFFFFFFFFFFF00
}

/// PC-2 of C and D (56 bits, most significant first): 48 bits, most significant first.
fn pc2(key: u64) -> u64 {
    let key = key.rotate_left(61);
    let b1 = (key & 0x0021000002000000) >> 7;
    let b2 = (key & 0x0008020010080000) << 1;
    let b3 = key & 0x0002200000000000;
    let b4 = (key & 0x0000000000100020) << 19;
    let b5 = (key.rotate_left(54) & 0x0005312400000011).wrapping_mul(0x0000000094200201)
        & 0xea40100880000000;
    let b6 = (key.rotate_left(7) & 0x0022110000012001).wrapping_mul(0x0001000000610006)
        & 0x1185004400000000;
    let b7 = (key.rotate_left(6) & 0x0000520040200002).wrapping_mul(0x00000080000000c1)
        & 0x0028811000200000;
    let b8 = (key & 0x01000004c0011100).wrapping_mul(0x0000000000004284) & 0x0400082244400000;
    let b9 = (key.rotate_left(60) & 0x0000000000820280).wrapping_mul(0x0000000000089001)
        & 0x0000000110880000;
    let b10 = (key.rotate_left(49) & 0x0000000000024084).wrapping_mul(0x0000000002040005)
        & 0x000000000a030000;
    b1 | b2 | b3 | b4 | b5 | b6 | b7 | b8 | b9 | b10
}

/// The initial permutation: L in the high half, R in the low half.
fn ip(mut m: u64) -> u64 {
    m = delta_swap(m, 9, 0x0055005500550055);
    m = delta_swap(m, 18, 0x0000333300003333);
    m = delta_swap(m, 36, 0x000000000F0F0F0F);
    m = delta_swap(m, 24, 0x00000000FF00FF00);
    delta_swap(m, 24, 0x000000FF000000FF)
}

/// The final permutation, IP's inverse.
fn fp(mut m: u64) -> u64 {
    m = delta_swap(m, 24, 0x000000FF000000FF);
    m = delta_swap(m, 24, 0x00000000FF00FF00);
    m = delta_swap(m, 36, 0x000000000F0F0F0F);
    m = delta_swap(m, 18, 0x0000333300003333);
    delta_swap(m, 9, 0x0055005500550055)
}

/// One DES key: the 16 round keys, each as two words of four 6-bit groups, one group per
/// byte: S8, S6, S4, S2's groups (lowest byte first) and S7, S5, S3, S1's (see [`f`]).
#[derive(Clone)]
pub(crate) struct Des([(u32, u32); 16]);

impl Des {
    pub(crate) fn new(key: [u8; 8]) -> Des {
        let cd = pc1(u64::from_be_bytes(key)) >> 8;
        let (mut c, mut d) = ((cd >> 28) as u32, (cd & 0x0FFF_FFFF) as u32);
        let rot = |v: u32, n: u32| ((v << n) | (v >> (28 - n))) & 0x0FFF_FFFF;
        let mut keys = [(0, 0); 16];
        for (round, shift) in keys.iter_mut().zip(SHIFTS) {
            c = rot(c, shift);
            d = rot(d, shift);
            let k = pc2(((u64::from(c) << 28) | u64::from(d)) << 8);
            // Group s (S-box s+1) is bits 58-6s .. 63-6s of k.
            let group = |s: u64| ((k >> (58 - 6 * s)) & 0x3F) as u32;
            let word = |a, b, c, d| group(a) | group(b) << 8 | group(c) << 16 | group(d) << 24;
            *round = (word(7, 5, 3, 1), word(6, 4, 2, 0));
        }
        Des(keys)
    }

    /// Sixteen rounds on the halves, in key order or reversed (decryption).
    fn rounds(&self, l: &mut u32, r: &mut u32, decrypt: bool) {
        let mut round = |k: &(u32, u32)| {
            let t = *r;
            *r = *l ^ f(t, *k);
            *l = t;
        };
        if decrypt {
            self.0.iter().rev().for_each(&mut round);
        } else {
            self.0.iter().for_each(&mut round);
        }
    }
}

/// The round function. Expansion E's group s is bits 4s .. 4s+5 of R (bit 0 being bit 32):
/// with R rotated left by one, the groups of S8, S6, S4 and S2 sit at the bottom of its four
/// bytes, and those of S7, S5, S3 and S1 once it is rotated right by four more; each is mixed
/// with its key group and looked up in the S-box's SP table.
fn f(r: u32, (odd, even): (u32, u32)) -> u32 {
    let a = r.rotate_left(1);
    let t = a ^ odd;
    let u = a.rotate_right(4) ^ even;
    let sp = |s: usize, x: u32| {
        SP.get(s)
            .and_then(|b| b.get((x & 0x3F) as usize))
            .copied()
            .unwrap_or(0)
    };
    sp(7, t)
        ^ sp(5, t >> 8)
        ^ sp(3, t >> 16)
        ^ sp(1, t >> 24)
        ^ sp(6, u)
        ^ sp(4, u >> 8)
        ^ sp(2, u >> 16)
        ^ sp(0, u >> 24)
}

/// Three-key DES-EDE (two-key when K3 = K1).
#[derive(Clone)]
pub(crate) struct TripleDes([Des; 3]);

impl TripleDes {
    /// From the 24 key bytes K1 K2 K3.
    pub(crate) fn new(key: &[u8; 24]) -> TripleDes {
        let part = |i: usize| {
            let mut k = [0u8; 8];
            k.copy_from_slice(key.get(8 * i..8 * i + 8).unwrap_or(&[0; 8]));
            Des::new(k)
        };
        TripleDes([part(0), part(1), part(2)])
    }

    /// Encrypts (E K1, D K2, E K3) or decrypts one block in place. The final permutation of
    /// one stage and the initial permutation of the next cancel out, leaving a swap.
    pub(crate) fn crypt(&self, block: &mut [u8; 8], decrypt: bool) {
        let b = ip(u64::from_be_bytes(*block));
        let (mut l, mut r) = ((b >> 32) as u32, b as u32);
        let [k1, k2, k3] = &self.0;
        let order = if decrypt { [k3, k2, k1] } else { [k1, k2, k3] };
        for (stage, des) in order.iter().enumerate() {
            if stage > 0 {
                core::mem::swap(&mut l, &mut r);
            }
            // The middle stage runs the other way.
            des.rounds(&mut l, &mut r, decrypt != (stage == 1));
        }
        *block = fp((u64::from(r) << 32) | u64::from(l)).to_be_bytes();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use des::cipher::{BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};

    /// FIPS 81 / the classic test: key 0123456789ABCDEF, "Now is t" → 3FA40E8A984D4815.
    #[test]
    fn known_answer() {
        let d = TripleDes::new(&[
            0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB,
            0xCD, 0xEF, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
        ]);
        let mut b = *b"Now is t";
        d.crypt(&mut b, false);
        assert_eq!(u64::from_be_bytes(b), 0x3FA4_0E8A_984D_4815);
        d.crypt(&mut b, true);
        assert_eq!(&b, b"Now is t");
    }

    /// The same bytes as the RustCrypto `des` crate on random keys and blocks, both ways.
    #[test]
    fn matches_the_des_crate() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..2000 {
            let mut key = [0u8; 24];
            for c in key.chunks_mut(8) {
                c.copy_from_slice(&next().to_be_bytes());
            }
            let block = next().to_be_bytes();
            let ours = TripleDes::new(&key);
            let theirs = des::TdesEde3::new_from_slice(&key).unwrap();
            let mut a = block;
            ours.crypt(&mut a, false);
            let mut b = des::cipher::Block::<des::TdesEde3>::from(block);
            theirs.encrypt_block(&mut b);
            assert_eq!(a.as_slice(), b.as_slice());
            ours.crypt(&mut a, true);
            theirs.decrypt_block(&mut b);
            assert_eq!(a, block);
            assert_eq!(b.as_slice(), block.as_slice());
        }
    }
}
