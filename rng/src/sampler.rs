//! Turning random words into outcomes, under one of two documented profiles.

use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::{RandomSource, RngError};

/// How a [`Sampler`] maps random bytes to outcomes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// Bit-exact with the published translations of the common "originals":
    /// a float is 4 bytes big-endian divided by 2^32, and an index below `n` is
    /// `floor(float × n)` computed in IEEE-754 double precision. It carries the tiny scaling
    /// bias of that scheme (at most `n / 2^32` per outcome); use it where players expect
    /// compatibility with verifiers they already use.
    StakeCompatible,
    /// Exact: an index below `n` is drawn by rejection sampling on 8-byte words, so every
    /// index is equally likely. A float is 53 random bits divided by 2^53. The default.
    #[default]
    Unbiased,
}

/// The most 8-byte words the unbiased profile reads for one index.
///
/// A word `v` is rejected when `v < 2^64 mod n`, which for `n ≤ 2^32` happens with probability
/// below `2^-32`; all four are rejected with probability below `2^-128`. In that case (which no
/// one will ever observe) the last word is used as `v mod n`, so the number of bytes consumed is
/// always bounded.
pub const UNBIASED_MAX_DRAWS: u32 = 4;

/// The stake-compatible index below `n` for the word `u`: exactly what the published
/// translations compute, `Math.floor(u / 2^32 * n)` in IEEE-754 double precision.
///
/// For `n ≤ 2^21` the product `u × n` is below `2^53`, so the double product `u / 2^32 × n` is
/// exact and its floor is `(u × n) >> 32`: the same value by integer arithmetic (the test
/// `stake_compatible_integer_path_is_the_double_formula` pins it). Larger `n` take the double
/// formula itself.
#[inline]
fn stake_compatible_index(u: u32, n: u32) -> u32 {
    if n <= 1 << 21 {
        ((u64::from(u) * u64::from(n)) >> 32) as u32
    } else {
        stake_compatible_index_f64(u, n)
    }
}

/// The published formula, in double precision.
#[inline]
fn stake_compatible_index_f64(u: u32, n: u32) -> u32 {
    let f = f64::from(u) / 4_294_967_296.0;
    (f * f64::from(n)) as u32
}

/// Draws outcomes from a [`RandomSource`] under a [`Profile`].
///
/// The four operations every game uses: [`index_below`](Sampler::index_below),
/// [`float`](Sampler::float), [`shuffle`](Sampler::shuffle) (Fisher–Yates) and
/// [`pick_and_remove`](Sampler::pick_and_remove).
///
/// ```
/// use kingpin_rng::{ChaCha8Source, Profile, Sampler};
/// let mut s = Sampler::new(ChaCha8Source::new(7, 0), Profile::Unbiased);
/// let mut deck: Vec<u8> = (0..52).collect();
/// s.shuffle(&mut deck)?;
/// let mut sorted = deck.clone();
/// sorted.sort();
/// assert_eq!(sorted, (0..52).collect::<Vec<u8>>());
/// # Ok::<(), kingpin_rng::RngError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Sampler<R> {
    source: R,
    profile: Profile,
}

impl<R: RandomSource> Sampler<R> {
    /// A sampler reading from `source` under `profile`.
    #[inline]
    pub fn new(source: R, profile: Profile) -> Sampler<R> {
        Sampler { source, profile }
    }

    /// The profile in use.
    #[inline]
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// The underlying source.
    pub fn source(&self) -> &R {
        &self.source
    }

    /// The underlying source, mutably (e.g. to read its cursor).
    pub fn source_mut(&mut self) -> &mut R {
        &mut self.source
    }

    /// Give the source back.
    pub fn into_source(self) -> R {
        self.source
    }

    /// `count` fair coin flips at once, bit `i` of the result being flip `i`: exactly the
    /// values (and the stream consumption) of `count` successive [`Sampler::index_below`]`(2)`
    /// calls, drawn in one go — under `stake-compatible` the top bit of each 32-bit word, read
    /// with [`RandomSource::fill_u32`]; under `unbiased` the low bit of each 64-bit word (`2`
    /// divides `2^64`, so no word is ever rejected).
    ///
    /// ```
    /// use kingpin_rng::{ChaCha8Source, Profile, Sampler};
    /// let mut a = Sampler::new(ChaCha8Source::new(7, 0), Profile::StakeCompatible);
    /// let mut b = a.clone();
    /// let flips = a.coin_flips(16)?;
    /// for i in 0..16 {
    ///     assert_eq!(flips >> i & 1, b.index_below(2)?);
    /// }
    /// # Ok::<(), kingpin_rng::RngError>(())
    /// ```
    ///
    /// # Errors
    /// [`RngError::TooManyFlips`] if `count > 32` (nothing is drawn).
    #[inline]
    pub fn coin_flips(&mut self, count: u32) -> Result<u32, RngError> {
        if count > 32 {
            return Err(RngError::TooManyFlips(count));
        }
        let mut bits = 0u32;
        match self.profile {
            Profile::StakeCompatible => {
                let mut words = [0u32; 32];
                let words = &mut words[..count as usize];
                self.source.fill_u32(words);
                // Flip `i` is word `i`'s top bit, at bit `i`: shift in from the last word.
                bits = words.iter().rev().fold(0, |b, w| b << 1 | w >> 31);
            }
            Profile::Unbiased => {
                for i in 0..count {
                    bits |= ((self.source.next_u64() & 1) as u32) << i;
                }
            }
        }
        Ok(bits)
    }

    /// A uniformly random index in `0..n`.
    ///
    /// Always consumes randomness, even for `n == 1` (4 bytes under `stake-compatible`, 8 bytes
    /// per attempt under `unbiased`), so the cursor moves the same way whatever the value of `n`.
    ///
    /// # Errors
    /// [`RngError::EmptyRange`] if `n == 0`.
    #[inline]
    pub fn index_below(&mut self, n: u32) -> Result<u32, RngError> {
        if n == 0 {
            return Err(RngError::EmptyRange);
        }
        Ok(match self.profile {
            Profile::StakeCompatible => stake_compatible_index(self.source.next_u32(), n),
            Profile::Unbiased => {
                let n = u64::from(n);
                let v = self.source.next_u64();
                // The rejection zone is the `2^64 mod n` lowest words, and `2^64 mod n < n`: a
                // word `v ≥ n` is always accepted, so the zone (one more division) is computed
                // only in the rare case `v < n`, out of line. The result is the same either way.
                let v = if v < n { self.redraw_below(v, n) } else { v };
                (v % n) as u32
            }
        })
    }

    /// The rare branch of the unbiased [`Sampler::index_below`] (`v < n`, probability below
    /// `n / 2^64`): reject words in the zone `v < 2^64 mod n`, at most
    /// [`UNBIASED_MAX_DRAWS`] words in all. Kept out of line so the common path stays small
    /// enough to inline into every game.
    #[cold]
    #[inline(never)]
    fn redraw_below(&mut self, mut v: u64, n: u64) -> u64 {
        let reject_below = n.wrapping_neg() % n;
        let mut draws = 1;
        while v < reject_below && draws < UNBIASED_MAX_DRAWS {
            v = self.source.next_u64();
            draws += 1;
        }
        v
    }

    /// A float in `[0, 1)`: `u32 / 2^32` (stake-compatible) or `(u64 >> 11) / 2^53` (unbiased).
    #[inline]
    pub fn float(&mut self) -> f64 {
        match self.profile {
            Profile::StakeCompatible => f64::from(self.source.next_u32()) / 4_294_967_296.0,
            Profile::Unbiased => (self.source.next_u64() >> 11) as f64 / 9_007_199_254_740_992.0,
        }
    }

    /// `true` with probability `numerator / denominator`, exactly (unbiased profile) or by
    /// `index_below(denominator) < numerator` under either profile.
    ///
    /// # Errors
    /// [`RngError::EmptyRange`] if `denominator == 0`.
    #[inline]
    pub fn chance(&mut self, numerator: u32, denominator: u32) -> Result<bool, RngError> {
        Ok(self.index_below(denominator)? < numerator)
    }

    /// Shuffle `items` in place: Fisher–Yates, front to back.
    ///
    /// For `i` in `0..len-1`: `j = i + index_below(len - i)`, swap `items[i]` and `items[j]`.
    /// The first `k` positions are final after `k` steps, so a game may deal lazily with
    /// [`Sampler::shuffle_step`] and get exactly the prefix of this shuffle.
    ///
    /// # Errors
    /// Never for slices up to `u32::MAX` long; [`RngError::EmptyRange`] is impossible here but
    /// kept in the signature for uniformity.
    pub fn shuffle<T>(&mut self, items: &mut [T]) -> Result<(), RngError> {
        for i in 0..items.len().saturating_sub(1) {
            self.shuffle_step(items, i)?;
        }
        Ok(())
    }

    /// Step `i` of [`Sampler::shuffle`]: fixes position `i` of `items` (positions before `i`
    /// must already be fixed). Returns a reference to the item now at `i`.
    ///
    /// # Errors
    /// [`RngError::EmptyRange`] if `i >= items.len()`.
    #[inline]
    pub fn shuffle_step<'a, T>(&mut self, items: &'a mut [T], i: usize) -> Result<&'a T, RngError> {
        let remaining = items
            .len()
            .checked_sub(i)
            .filter(|&r| r > 0)
            .ok_or(RngError::EmptyRange)?;
        let remaining = u32::try_from(remaining).map_err(|_| RngError::EmptyRange)?;
        let j = i + self.index_below(remaining)? as usize;
        items.swap(i, j);
        Ok(&items[i])
    }

    /// Remove and return a uniformly chosen element of `list` (`index_below(len)`), keeping the
    /// order of the rest — the "pick from an ordered list" step of keno- and mines-like games.
    ///
    /// # Errors
    /// [`RngError::EmptyRange`] if `list` is empty.
    pub fn pick_and_remove<T>(&mut self, list: &mut Vec<T>) -> Result<T, RngError> {
        let n = u32::try_from(list.len()).map_err(|_| RngError::EmptyRange)?;
        let i = self.index_below(n)? as usize;
        Ok(list.remove(i))
    }

    /// An index drawn with the given integer weights: `index_below(total)` then the first
    /// index whose cumulative weight exceeds it.
    ///
    /// # Errors
    /// [`RngError::EmptyRange`] if the weights sum to zero or above `u32::MAX`.
    pub fn weighted_index(&mut self, weights: &[u32]) -> Result<usize, RngError> {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let total = u32::try_from(total).map_err(|_| RngError::EmptyRange)?;
        let mut x = self.index_below(total)?;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return Ok(i);
            }
            x -= w;
        }
        Err(RngError::EmptyRange)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ChaCha8Source;
    use proptest::prelude::*;

    /// A source that returns fixed words, to test rejection.
    struct Fixed(alloc::vec::Vec<u64>, usize);
    impl RandomSource for Fixed {
        fn next_u32(&mut self) -> u32 {
            (self.next_u64() >> 32) as u32
        }
        fn next_u64(&mut self) -> u64 {
            let v = self.0[self.1];
            self.1 += 1;
            v
        }
    }

    #[test]
    fn unbiased_rejects_low_words_and_caps_draws() {
        // n = 3: 2^64 mod 3 = 1, so v = 0 is rejected.
        let mut s = Sampler::new(Fixed(alloc::vec![0, 5], 0), Profile::Unbiased);
        assert_eq!(s.index_below(3).unwrap(), 2);
        assert_eq!(s.source().1, 2);
        let mut s = Sampler::new(Fixed(alloc::vec![0; 8], 0), Profile::Unbiased);
        assert_eq!(s.index_below(3).unwrap(), 0);
        assert_eq!(s.source().1, UNBIASED_MAX_DRAWS as usize);
    }

    #[test]
    fn stake_compatible_integer_path_is_the_double_formula() {
        // The edges where a floor could flip: words next to each multiple of 2^32 / n.
        let ns = [
            1u32,
            2,
            3,
            7,
            36,
            37,
            38,
            52,
            416,
            1000,
            65_535,
            1 << 20,
            (1 << 21) - 1,
            1 << 21,
        ];
        for &n in &ns {
            for k in 0..n.min(4096) {
                let edge = ((u64::from(k) << 32).div_ceil(u64::from(n))) as u32;
                for u in [edge.wrapping_sub(1), edge, edge.wrapping_add(1)] {
                    assert_eq!(
                        stake_compatible_index(u, n),
                        stake_compatible_index_f64(u, n),
                        "u = {u}, n = {n}"
                    );
                }
            }
            for u in [0, 1, u32::MAX - 1, u32::MAX] {
                assert_eq!(
                    stake_compatible_index(u, n),
                    stake_compatible_index_f64(u, n)
                );
            }
        }
    }

    #[test]
    fn empty_ranges_are_errors() {
        let mut s = Sampler::new(ChaCha8Source::new(1, 0), Profile::Unbiased);
        assert_eq!(s.index_below(0), Err(RngError::EmptyRange));
        assert_eq!(
            s.pick_and_remove::<u8>(&mut alloc::vec![]),
            Err(RngError::EmptyRange)
        );
        assert_eq!(s.weighted_index(&[0, 0]), Err(RngError::EmptyRange));
    }

    #[test]
    fn too_many_coin_flips_are_refused_before_drawing() {
        let mut s = Sampler::new(ChaCha8Source::new(1, 0), Profile::StakeCompatible);
        let mut t = s.clone();
        assert_eq!(s.coin_flips(33), Err(RngError::TooManyFlips(33)));
        assert_eq!(s.source_mut().next_u32(), t.source_mut().next_u32());
        assert_eq!(s.coin_flips(0), Ok(0));
    }

    /// `count` flips after `skip` words, against `index_below(2)` one by one, then the next
    /// word of each (the stream moved on the same way).
    fn flips_agree<R: RandomSource + Clone>(source: R, p: Profile, skip: usize, count: u32) {
        let mut a = Sampler::new(source, p);
        for _ in 0..skip {
            a.source_mut().next_u32();
        }
        let mut b = a.clone();
        let flips = a.coin_flips(count).unwrap();
        for i in 0..count {
            assert_eq!(
                flips >> i & 1,
                b.index_below(2).unwrap(),
                "flip {i} of {count}"
            );
        }
        if count < 32 {
            assert_eq!(flips >> count, 0, "no bits above the flips");
        }
        assert_eq!(a.source_mut().next_u64(), b.source_mut().next_u64());
    }

    proptest! {
        #[test]
        fn coin_flips_are_successive_index_below_2(
            seed in any::<u64>(), skip in 0usize..130, count in 0u32..=32, stake in any::<bool>(),
        ) {
            let p = if stake { Profile::StakeCompatible } else { Profile::Unbiased };
            flips_agree(ChaCha8Source::new(seed, 3), p, skip, count);
            let stream = crate::ByteStream::new(
                &crate::ServerSeed::new(alloc::format!("server {seed}")).unwrap(),
                &crate::ClientSeed::new("client").unwrap(),
                seed % 1000,
            );
            flips_agree(stream, p, skip % 20, count);
        }

        #[test]
        fn chacha_fill_u32_is_next_u32_word_by_word(
            seed in any::<u64>(), skip in 0usize..130, len in 0usize..80,
        ) {
            let mut a = ChaCha8Source::new(seed, 1);
            for _ in 0..skip {
                a.next_u32();
            }
            let mut b = a.clone();
            let mut words = alloc::vec![0u32; len];
            a.fill_u32(&mut words);
            let one_by_one: alloc::vec::Vec<u32> = (0..len).map(|_| b.next_u32()).collect();
            prop_assert_eq!(words, one_by_one);
            prop_assert_eq!(a.next_u64(), b.next_u64());
        }

        #[test]
        fn index_is_below_n(seed in any::<u64>(), n in 1u32.., stake in any::<bool>()) {
            let p = if stake { Profile::StakeCompatible } else { Profile::Unbiased };
            let mut s = Sampler::new(ChaCha8Source::new(seed, 0), p);
            for _ in 0..16 {
                prop_assert!(s.index_below(n).unwrap() < n);
                let f = s.float();
                prop_assert!((0.0..1.0).contains(&f));
            }
        }

        #[test]
        fn shuffle_is_permutation(seed in any::<u64>(), len in 0usize..200, stake in any::<bool>()) {
            let p = if stake { Profile::StakeCompatible } else { Profile::Unbiased };
            let mut s = Sampler::new(ChaCha8Source::new(seed, 0), p);
            let mut v: alloc::vec::Vec<usize> = (0..len).collect();
            s.shuffle(&mut v).unwrap();
            v.sort_unstable();
            prop_assert_eq!(v, (0..len).collect::<alloc::vec::Vec<_>>());
        }

        #[test]
        fn lazy_shuffle_is_prefix(seed in any::<u64>(), len in 1usize..60, k in 0usize..60) {
            let k = k.min(len);
            let mut full: alloc::vec::Vec<usize> = (0..len).collect();
            Sampler::new(ChaCha8Source::new(seed, 0), Profile::Unbiased).shuffle(&mut full).unwrap();
            let mut lazy: alloc::vec::Vec<usize> = (0..len).collect();
            let mut s = Sampler::new(ChaCha8Source::new(seed, 0), Profile::Unbiased);
            for i in 0..k {
                s.shuffle_step(&mut lazy, i).unwrap();
            }
            let last = len - 1;
            let k_fixed = if k == last { len } else { k };
            prop_assert_eq!(&lazy[..k_fixed.min(k)], &full[..k_fixed.min(k)]);
        }

        #[test]
        fn stake_compatible_integer_path_matches(u in any::<u32>(), n in 1u32..=(1 << 21)) {
            prop_assert_eq!(stake_compatible_index(u, n), stake_compatible_index_f64(u, n));
        }

        #[test]
        fn weighted_index_in_range(seed in any::<u64>(), w in proptest::collection::vec(0u32..1000, 1..20)) {
            let mut s = Sampler::new(ChaCha8Source::new(seed, 0), Profile::Unbiased);
            match s.weighted_index(&w) {
                Ok(i) => prop_assert!(w[i] > 0),
                Err(e) => { prop_assert_eq!(e, RngError::EmptyRange); prop_assert!(w.iter().all(|&x| x == 0)); }
            }
        }
    }
}
