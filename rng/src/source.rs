//! Where random words come from: the fair stream in play, ChaCha in simulation.

use core::fmt;

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// A source of uniformly random words, read by a [`Sampler`](crate::Sampler).
///
/// Implemented by the provably-fair [`ByteStream`](crate::ByteStream) (words are big-endian
/// bytes of the stream) and by the simulation generator [`ChaCha8Source`]. Game code is generic
/// over this trait, so live play, verification and simulation run the same code.
pub trait RandomSource {
    /// The next 32 random bits.
    fn next_u32(&mut self) -> u32;
    /// The next 64 random bits.
    fn next_u64(&mut self) -> u64;
    /// Fill `out` with the next 32-bit words: exactly the words `out.len()` calls of
    /// [`RandomSource::next_u32`] would return, in order, and the source moves on the same way.
    /// A source may do it faster than word by word ([`ChaCha8Source`] reads two words at a time).
    #[inline]
    fn fill_u32(&mut self, out: &mut [u32]) {
        for w in out {
            *w = self.next_u32();
        }
    }
    /// Bytes consumed so far, where the source has a replayable cursor (the fair stream does;
    /// simulation generators return `None`).
    fn position(&self) -> Option<u64> {
        None
    }
}

impl<R: RandomSource + ?Sized> RandomSource for &mut R {
    #[inline]
    fn next_u32(&mut self) -> u32 {
        (**self).next_u32()
    }
    #[inline]
    fn next_u64(&mut self) -> u64 {
        (**self).next_u64()
    }
    #[inline]
    fn fill_u32(&mut self, out: &mut [u32]) {
        (**self).fill_u32(out);
    }
    fn position(&self) -> Option<u64> {
        (**self).position()
    }
}

/// The simulation RNG: ChaCha with 8 rounds (`rand_chacha::ChaCha8Rng`), seeded from a `u64`.
///
/// Fast and statistically sound, but **not** provably fair: use it for Monte Carlo runs, never
/// for live bets. Every simulation reports its seed; the same seed and stream replay it exactly.
///
/// ```
/// use kingpin_rng::{ChaCha8Source, RandomSource};
/// let mut a = ChaCha8Source::new(42, 0);
/// let mut b = ChaCha8Source::new(42, 0);
/// assert_eq!(a.next_u64(), b.next_u64());
/// assert_ne!(ChaCha8Source::new(42, 1).next_u64(), ChaCha8Source::new(42, 0).next_u64());
/// ```
#[derive(Clone)]
pub struct ChaCha8Source {
    rng: ChaCha8Rng,
    seed: u64,
    stream: u64,
}

impl ChaCha8Source {
    /// The generator for `seed`, on independent stream `stream` (used to split one simulation
    /// into reproducible chunks).
    pub fn new(seed: u64, stream: u64) -> ChaCha8Source {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        ChaCha8Source { rng, seed, stream }
    }

    /// The seed it was built from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Its stream number.
    pub fn stream(&self) -> u64 {
        self.stream
    }
}

impl RandomSource for ChaCha8Source {
    #[inline]
    fn next_u32(&mut self) -> u32 {
        self.rng.next_u32()
    }
    #[inline]
    fn next_u64(&mut self) -> u64 {
        self.rng.next_u64()
    }
    /// Two words per `next_u64` (its low half is the first word, as in `rand_core`'s block
    /// generator, including across a block boundary): half the buffer-index updates of
    /// `next_u32` word by word, and no byte copy.
    #[inline]
    fn fill_u32(&mut self, out: &mut [u32]) {
        let mut pairs = out.chunks_exact_mut(2);
        for pair in &mut pairs {
            let v = self.rng.next_u64();
            pair[0] = v as u32;
            pair[1] = (v >> 32) as u32;
        }
        if let [last] = pairs.into_remainder() {
            *last = self.rng.next_u32();
        }
    }
}

impl fmt::Debug for ChaCha8Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChaCha8Source")
            .field("seed", &self.seed)
            .field("stream", &self.stream)
            .finish_non_exhaustive()
    }
}
