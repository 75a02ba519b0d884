//! The HMAC-SHA256 byte stream.

use alloc::vec::Vec;
use core::fmt;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

use crate::{ClientSeed, RandomSource, ServerSeed};

type HmacSha256 = Hmac<Sha256>;

/// Bytes per HMAC-SHA256 round.
pub const ROUND_BYTES: usize = 32;

/// `SHA-256(data)`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// `HMAC-SHA256(key, msg)` (RFC 2104 / RFC 4231).
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut mac = keyed(key);
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

fn keyed(key: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length (long keys are hashed first), so this cannot fail.
    match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    }
}

/// The provably-fair byte stream of one bet.
///
/// Round `r` (from 0) is `HMAC_SHA256(key = server seed, msg = "{client_seed}:{nonce}:{r}")`,
/// where the server seed is the UTF-8 bytes of the seed string and `nonce` and `r` are written
/// in decimal without leading zeros. The stream is the concatenation of rounds 0, 1, 2, … read
/// byte by byte through a cursor: a draw that needs 4 bytes and finds 2 left in a round takes
/// those 2 and the first 2 of the next round.
///
/// ```
/// use kingpin_rng::{ByteStream, ClientSeed, ServerSeed};
///
/// let mut s = ByteStream::new(
///     &ServerSeed::new("some server seed")?,
///     &ClientSeed::new("some client seed")?,
///     1,
/// );
/// let mut first = [0u8; 4];
/// s.fill(&mut first);
/// assert_eq!(first, [151, 136, 121, 135]);
/// assert_eq!(s.position(), 4);
/// # Ok::<(), kingpin_rng::RngError>(())
/// ```
#[derive(Clone)]
pub struct ByteStream {
    mac: HmacSha256,
    /// `"{client_seed}:{nonce}:"`
    prefix: Vec<u8>,
    /// Index of the round held in `buf`.
    round: u64,
    buf: [u8; ROUND_BYTES],
    /// Bytes of `buf` already read (`ROUND_BYTES` = exhausted).
    pos: usize,
}

impl ByteStream {
    /// The stream for one bet: server seed, client seed and nonce.
    pub fn new(server: &ServerSeed, client: &ClientSeed, nonce: u64) -> ByteStream {
        let mut prefix = Vec::with_capacity(client.as_str().len() + 24);
        prefix.extend_from_slice(client.as_str().as_bytes());
        prefix.push(b':');
        push_decimal(&mut prefix, nonce);
        prefix.push(b':');
        let mut s = ByteStream {
            mac: keyed(server.expose_secret().as_bytes()),
            prefix,
            round: 0,
            buf: [0; ROUND_BYTES],
            pos: 0,
        };
        s.compute_round();
        s
    }

    /// A stream positioned at byte `position` (as returned by [`ByteStream::position`]): how a
    /// multi-step game resumes drawing where it stopped.
    pub fn at(server: &ServerSeed, client: &ClientSeed, nonce: u64, position: u64) -> ByteStream {
        let mut s = ByteStream::new(server, client, nonce);
        s.seek(position);
        s
    }

    /// Move the cursor to absolute byte `position` of the stream.
    pub fn seek(&mut self, position: u64) {
        let round = position / ROUND_BYTES as u64;
        if round != self.round {
            self.round = round;
            self.compute_round();
        }
        self.pos = (position % ROUND_BYTES as u64) as usize;
    }

    /// Bytes consumed so far (the cursor): `round × 32 + offset`.
    pub fn position(&self) -> u64 {
        self.round * ROUND_BYTES as u64 + self.pos as u64
    }

    /// The 32 bytes of round `r`, without moving the cursor.
    pub fn round_bytes(&self, r: u64) -> [u8; ROUND_BYTES] {
        let mut mac = self.mac.clone();
        mac.update(&self.prefix);
        let mut digits = [0u8; 20];
        mac.update(decimal(r, &mut digits));
        mac.finalize().into_bytes().into()
    }

    fn compute_round(&mut self) {
        self.buf = self.round_bytes(self.round);
    }

    fn advance_round(&mut self) {
        self.round += 1;
        self.compute_round();
        self.pos = 0;
    }

    /// The next byte.
    #[inline]
    pub fn next_byte(&mut self) -> u8 {
        if self.pos == ROUND_BYTES {
            self.advance_round();
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        b
    }

    /// Fill `out` with the next bytes of the stream.
    pub fn fill(&mut self, out: &mut [u8]) {
        let mut done = 0;
        while done < out.len() {
            if self.pos == ROUND_BYTES {
                self.advance_round();
            }
            let n = (ROUND_BYTES - self.pos).min(out.len() - done);
            out[done..done + n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
            self.pos += n;
            done += n;
        }
    }

    #[inline]
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        if self.pos + N <= ROUND_BYTES {
            out.copy_from_slice(&self.buf[self.pos..self.pos + N]);
            self.pos += N;
        } else {
            self.fill(&mut out);
        }
        out
    }
}

impl RandomSource for ByteStream {
    /// 4 bytes, big-endian.
    #[inline]
    fn next_u32(&mut self) -> u32 {
        u32::from_be_bytes(self.take::<4>())
    }

    /// 8 bytes, big-endian.
    #[inline]
    fn next_u64(&mut self) -> u64 {
        u64::from_be_bytes(self.take::<8>())
    }

    fn position(&self) -> Option<u64> {
        Some(ByteStream::position(self))
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("key", &"<redacted>")
            .field("position", &self.position())
            .finish_non_exhaustive()
    }
}

impl Drop for ByteStream {
    fn drop(&mut self) {
        self.buf.zeroize();
    }
}

/// Decimal digits of `n` into `buf`, returning the used tail.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

fn push_decimal(out: &mut Vec<u8>, n: u64) {
    let mut buf = [0u8; 20];
    out.extend_from_slice(decimal(n, &mut buf));
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn decimal_digits() {
        let mut b = [0u8; 20];
        for n in [0u64, 1, 9, 10, 99, 12345, u64::MAX] {
            assert_eq!(decimal(n, &mut b), format!("{n}").as_bytes());
        }
    }

    #[test]
    fn rounds_match_direct_hmac() {
        let s = ServerSeed::new("k").unwrap();
        let c = ClientSeed::new("c").unwrap();
        let stream = ByteStream::new(&s, &c, 7);
        for r in [0u64, 1, 10, 123] {
            assert_eq!(
                stream.round_bytes(r),
                hmac_sha256(b"k", format!("c:7:{r}").as_bytes())
            );
        }
    }

    #[test]
    fn cursor_crosses_rounds_and_seeks() {
        let s = ServerSeed::new("hunter2").unwrap();
        let c = ClientSeed::new("c").unwrap();
        let mut a = ByteStream::new(&s, &c, 0);
        let mut all = [0u8; 100];
        a.fill(&mut all);
        let mut b = ByteStream::new(&s, &c, 0);
        b.seek(30);
        let w = b.next_u32();
        assert_eq!(w, u32::from_be_bytes([all[30], all[31], all[32], all[33]]));
        assert_eq!(b.position(), 34);
        let c2 = ByteStream::at(&s, &c, 0, 64);
        assert_eq!(c2.position(), 64);
        let mut c2 = c2;
        assert_eq!(c2.next_byte(), all[64]);
        assert!(!format!("{a:?}").contains("hunter2"));
    }
}
