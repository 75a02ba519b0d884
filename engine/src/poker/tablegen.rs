// The poker evaluator's lookup tables, generated from poker's rules: every 5-card rank set is
// ranked directly; 6- and 7-card sets take the best of their subsets one card smaller.
//
// This file is compiled twice: `include!`d by the crate's build script (which writes the
// tables into `OUT_DIR` for the default, embedded build) and, with the feature
// `poker-tables-runtime`, as the module `poker::tablegen`, which builds the same tables once at
// first use instead of embedding them (the WASM module is 317 KB smaller). One source, so both
// give the same bytes; a test with the feature compares them. It therefore holds plain code over
// `core` and `alloc` only, outer comments only (no `//!`: `include!` refuses inner attributes),
// and names nothing from the crate.
//
// Layout (documented in `docs/games/holdem.md`):
//
// - `keys`: the 7,462 distinct 5-card hand classes in increasing strength, each a key
//   `category << 20 | tie-break ranks` (4 bits each, most significant first). Hand value `v`
//   (1 = worst, 7,462 = best) is the `v − 1`-th key.
// - `flush`: 8,192 values indexed by a 13-bit rank mask (bit `r` = rank `r + 2`): the best flush
//   or straight flush among those ranks, 0 for fewer than five.
// - `disp` and `values`: a perfect hash ("hash and displace") of every multiset of 5, 6 or 7
//   ranks (at most 4 of a rank), keyed by its base-5 code `Σ count(r)·5^r`, to the value of its
//   best non-flush 5-card hand.

use alloc::vec;
use alloc::vec::Vec;

/// Bits of the bucket index (`2^GEN_BUCKET_BITS` displacements).
pub(crate) const GEN_BUCKET_BITS: u32 = 14;
/// Bits of the value-table index (`2^GEN_SLOT_BITS` slots).
pub(crate) const GEN_SLOT_BITS: u32 = 17;
/// Multiplier candidates for the two hash functions; the first pair that builds is used.
pub(crate) const MULTIPLIERS: [(u64, u64); 4] = [
    (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F),
    (0xD6E8_FEB8_6659_FD93, 0xA076_1D64_78BD_642F),
    (0xE703_7ED1_A0B4_28DB, 0x8EBC_6AF0_9C88_C6E3),
    (0x5899_65CC_7537_4CC3, 0x1D8E_4E27_C47D_124F),
];

/// Every table of the evaluator.
pub(crate) struct GeneratedTables {
    /// Key of each hand class, weakest first.
    pub(crate) keys: Vec<u32>,
    /// Best flush by 13-bit rank mask.
    pub(crate) flush: Vec<u16>,
    /// Multiplier of the bucket hash.
    pub(crate) m1: u64,
    /// Multiplier of the slot hash.
    pub(crate) m2: u64,
    /// Displacement per bucket.
    pub(crate) disp: Vec<u16>,
    /// Value per slot.
    pub(crate) values: Vec<u16>,
}

/// Build every table. With `multipliers` `None`, the first pair of [`MULTIPLIERS`] that builds a
/// perfect hash is searched for (the build script); with `Some(pair)`, that pair is used (the
/// runtime build, given the pair the build script found). `None` only if no pair builds.
pub(crate) fn generate(multipliers: Option<(u64, u64)>) -> Option<GeneratedTables> {
    let keys = all_five_card_keys();
    let value_of = |key: u32| -> u16 {
        // Every 5-card key is listed; the index is below 7,462, so it fits.
        keys.binary_search(&key).map_or(0, |i| (i + 1) as u16)
    };

    // Flushes: five ranks directly; more by dropping one rank (every smaller mask comes first).
    let mut flush = vec![0u16; 8192];
    for mask in 0..8192usize {
        let n = mask.count_ones();
        if n == 5 {
            let mut ranks = [0u8; 5];
            let mut i = 0;
            for r in 0..13u8 {
                if mask & (1 << r) != 0 {
                    ranks[i] = r;
                    i += 1;
                }
            }
            flush[mask] = value_of(five_key(&ranks, true));
        } else if n > 5 {
            flush[mask] = (0..13)
                .filter(|r| mask & (1 << r) != 0)
                .map(|r| flush[mask & !(1 << r)])
                .max()
                .unwrap_or(0);
        }
    }

    // Non-flush rank multisets of 5, 6 and 7 cards: five ranks directly, six and seven as the
    // best of the multisets one card smaller (the best 5 of 7 is the best 5 of some 6).
    let mut by_size: [Vec<(u32, u16)>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for n in 5..=7u8 {
        let mut counts = [0u8; 13];
        let mut found: Vec<(u32, u16)> = Vec::new();
        multisets(0, n, &mut counts, &mut |counts| {
            if counts.iter().sum::<u8>() != n {
                return;
            }
            let mut code = 0u32;
            let mut pow = 1u32;
            for &c in counts {
                code += u32::from(c) * pow;
                pow *= 5;
            }
            let value = if n == 5 {
                let mut ranks = [0u8; 5];
                let mut len = 0;
                for (r, &c) in counts.iter().enumerate() {
                    for _ in 0..c {
                        ranks[len] = r as u8;
                        len += 1;
                    }
                }
                value_of(five_key(&ranks, false))
            } else {
                let smaller = &by_size[usize::from(n - 6)];
                let mut pow = 1u32;
                let mut best = 0;
                for &c in counts {
                    if c > 0 {
                        if let Ok(i) = smaller.binary_search_by_key(&(code - pow), |e| e.0) {
                            best = best.max(smaller[i].1);
                        }
                    }
                    pow *= 5;
                }
                best
            };
            found.push((code, value));
        });
        found.sort_unstable();
        by_size[usize::from(n - 5)] = found;
    }
    let [five, six, seven] = by_size;
    // The order of the entries does not matter: a bucket's displacement depends only on the
    // set of codes in it.
    let mut entries: Vec<(u32, u16)> = five;
    entries.extend(six);
    entries.extend(seven);

    let candidates: &[(u64, u64)] = match &multipliers {
        Some(pair) => core::slice::from_ref(pair),
        None => &MULTIPLIERS,
    };
    let (m1, m2, disp, values) = candidates
        .iter()
        .find_map(|&(m1, m2)| build_hash(&entries, m1, m2).map(|(d, v)| (m1, m2, d, v)))?;
    Some(GeneratedTables {
        keys,
        flush,
        m1,
        m2,
        disp,
        values,
    })
}

/// Visit every multiset of ranks `from..13` with at most 4 of a rank and at most `left` cards.
fn multisets(from: usize, left: u8, counts: &mut [u8; 13], visit: &mut dyn FnMut(&[u8; 13])) {
    if from == 13 {
        visit(counts);
        return;
    }
    for c in 0..=left.min(4) {
        counts[from] = c;
        multisets(from + 1, left - c, counts, visit);
    }
    counts[from] = 0;
}

/// The comparable key of 5 ranks (0 = deuce … 12 = ace): `category << 20 | tie-break nibbles`.
///
/// Categories: 0 high card, 1 pair, 2 two pair, 3 trips, 4 straight, 5 flush, 6 full house,
/// 7 quads, 8 straight flush. Tie-break ranks are the rank groups ordered by (size, rank), both
/// descending; a straight's only tie-break is its top card (a wheel's is the five).
fn five_key(ranks: &[u8; 5], flush: bool) -> u32 {
    let mut counts = [0u8; 13];
    for &r in ranks {
        counts[usize::from(r)] += 1;
    }
    // Rank groups as (size, rank), largest first; at most five of them.
    let mut groups = [(0u8, 0u8); 5];
    let mut len = 0;
    for r in 0..13u8 {
        if counts[usize::from(r)] > 0 {
            groups[len] = (counts[usize::from(r)], r);
            len += 1;
        }
    }
    let groups = &mut groups[..len];
    groups.sort_unstable_by(|a, b| b.cmp(a));
    let straight_top = if len == 5 {
        let hi = groups[0].1;
        let lo = groups[4].1;
        if hi - lo == 4 {
            Some(hi)
        } else if hi == 12 && groups[1].1 == 3 {
            Some(3) // A-2-3-4-5: five high
        } else {
            None
        }
    } else {
        None
    };
    let mut shape = [0u8; 5];
    for (s, g) in shape.iter_mut().zip(groups.iter()) {
        *s = g.0;
    }
    let category = match (straight_top, flush, &shape[..len]) {
        (Some(_), true, _) => 8,
        (_, _, [4, 1]) => 7,
        (_, _, [3, 2]) => 6,
        (_, true, _) => 5,
        (Some(_), false, _) => 4,
        (_, _, [3, 1, 1]) => 3,
        (_, _, [2, 2, 1]) => 2,
        (_, _, [2, 1, 1, 1]) => 1,
        _ => 0,
    };
    let mut key = category << 20;
    if let Some(top) = straight_top {
        return key | u32::from(top) << 16;
    }
    for (i, g) in groups.iter().enumerate() {
        key |= u32::from(g.1) << (16 - 4 * i as u32);
    }
    key
}

fn all_five_card_keys() -> Vec<u32> {
    let mut keys = Vec::with_capacity(7462 + 1287);
    let mut counts = [0u8; 13];
    multisets(0, 5, &mut counts, &mut |counts| {
        if counts.iter().sum::<u8>() != 5 {
            return;
        }
        let mut ranks = [0u8; 5];
        let mut i = 0;
        for (r, &c) in counts.iter().enumerate() {
            for _ in 0..c {
                ranks[i] = r as u8;
                i += 1;
            }
        }
        keys.push(five_key(&ranks, false));
        if counts.iter().all(|&c| c <= 1) {
            keys.push(five_key(&ranks, true));
        }
    });
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn bucket_of(code: u32, m1: u64) -> usize {
    (u64::from(code).wrapping_mul(m1) >> (64 - GEN_BUCKET_BITS)) as usize
}

fn slot_of(code: u32, m2: u64) -> usize {
    (u64::from(code).wrapping_mul(m2) >> (64 - GEN_SLOT_BITS)) as usize
}

/// Hash and displace: bucket `b = h1(code)`, slot `h2(code) XOR disp[b]`. Buckets are placed
/// largest first, each with the smallest displacement that puts all its codes in free slots.
fn build_hash(entries: &[(u32, u16)], m1: u64, m2: u64) -> Option<(Vec<u16>, Vec<u16>)> {
    let mut buckets: Vec<Vec<(u32, u16)>> = vec![Vec::new(); 1 << GEN_BUCKET_BITS];
    for &(code, value) in entries {
        buckets[bucket_of(code, m1)].push((code, value));
    }
    let mut order: Vec<usize> = (0..buckets.len()).collect();
    // Stable: equal sizes keep bucket order, so every build places buckets identically.
    order.sort_by_key(|&b| core::cmp::Reverse(buckets[b].len()));
    let mut disp = vec![0u16; 1 << GEN_BUCKET_BITS];
    let mut values = vec![0u16; 1 << GEN_SLOT_BITS];
    let mut used = vec![false; 1 << GEN_SLOT_BITS];
    let mut slots: Vec<usize> = Vec::new();
    for b in order {
        let bucket = &buckets[b];
        if bucket.is_empty() {
            break;
        }
        let d = (0..=u16::MAX).find(|&d| {
            slots.clear();
            for &(code, _) in bucket {
                let s = slot_of(code, m2) ^ usize::from(d);
                if used[s] {
                    return false;
                }
                slots.push(s);
            }
            slots.sort_unstable();
            slots.windows(2).all(|w| w[0] != w[1])
        })?;
        disp[b] = d;
        for &(code, value) in bucket {
            let s = slot_of(code, m2) ^ usize::from(d);
            used[s] = true;
            values[s] = value;
        }
    }
    Some((disp, values))
}
