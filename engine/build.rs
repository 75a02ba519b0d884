//! Generates the poker hand evaluator's lookup tables into `OUT_DIR`.
//!
//! The tables are pure functions of poker's rules, computed here by brute force (best 5-card
//! hand over every 5-card subset), so the evaluator in `src/poker/eval.rs` needs no
//! construction step, no `static mut` and no `std`. The layout (documented in
//! `docs/games/holdem.md`):
//!
//! - `poker_hand_keys.bin`: the 7,462 distinct 5-card hand classes in increasing strength, each a
//!   little-endian `u32` key `category << 20 | tie-break ranks` (4 bits each, most significant
//!   first). Hand value `v` (1 = worst, 7,462 = best) is the `v − 1`-th key.
//! - `poker_flush.bin`: 8,192 little-endian `u16` values indexed by a 13-bit rank mask (bit `r`
//!   = rank `r + 2`): the best flush or straight flush among those ranks, 0 for fewer than five.
//! - `poker_rank_disp.bin` and `poker_rank_values.bin`: a perfect hash ("hash and displace") of
//!   every multiset of 5, 6 or 7 ranks (at most 4 of a rank), keyed by its base-5 code
//!   `Σ count(r)·5^r`, to the value of its best non-flush 5-card hand.
#![allow(missing_docs)]

use std::env;
use std::fs;
use std::path::Path;

/// Bits of the bucket index (`2^BUCKET_BITS` displacements).
const BUCKET_BITS: u32 = 14;
/// Bits of the value-table index (`2^SLOT_BITS` slots).
const SLOT_BITS: u32 = 17;
/// Multiplier candidates for the two hash functions; the first pair that builds is used and
/// written to `poker_hash.rs`.
const MULTIPLIERS: [(u64, u64); 4] = [
    (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F),
    (0xD6E8_FEB8_6659_FD93, 0xA076_1D64_78BD_642F),
    (0xE703_7ED1_A0B4_28DB, 0x8EBC_6AF0_9C88_C6E3),
    (0x5899_65CC_7537_4CC3, 0x1D8E_4E27_C47D_124F),
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);

    let keys = all_five_card_keys();
    assert_eq!(keys.len(), 7462, "distinct 5-card hand classes");
    let value_of = |key: u32| -> u16 {
        let i = keys
            .binary_search(&key)
            .expect("every 5-card key is listed");
        u16::try_from(i + 1).expect("7462 fits u16")
    };

    // Flush table.
    let mut flush = vec![0u16; 8192];
    for (mask, slot) in flush.iter_mut().enumerate() {
        let ranks: Vec<u8> = (0..13u8).filter(|r| mask & (1 << r) != 0).collect();
        if ranks.len() >= 5 {
            *slot = best_of(&ranks, true, &value_of);
        }
    }

    // Non-flush rank multisets of 5, 6 and 7 cards.
    let mut entries: Vec<(u32, u16)> = Vec::new();
    let mut counts = [0u8; 13];
    multisets(0, 7, &mut counts, &mut |counts| {
        let n: u8 = counts.iter().sum();
        if n < 5 {
            return;
        }
        let mut ranks = Vec::new();
        let mut code = 0u32;
        for (r, &c) in counts.iter().enumerate() {
            for _ in 0..c {
                ranks.push(r as u8);
            }
            code += u32::from(c) * 5u32.pow(r as u32);
        }
        entries.push((code, best_of(&ranks, false, &value_of)));
    });
    assert_eq!(
        entries.len(),
        6175 + 18395 + 49205,
        "rank multisets of 5, 6, 7 cards"
    );

    let (m1, m2, disp, values) = MULTIPLIERS
        .iter()
        .find_map(|&(m1, m2)| build_hash(&entries, m1, m2).map(|(d, v)| (m1, m2, d, v)))
        .expect("one multiplier pair builds a perfect hash");

    fs::write(out.join("poker_hand_keys.bin"), le32(&keys)).expect("write keys");
    fs::write(out.join("poker_flush.bin"), le16(&flush)).expect("write flush");
    fs::write(out.join("poker_rank_disp.bin"), le16(&disp)).expect("write disp");
    fs::write(out.join("poker_rank_values.bin"), le16(&values)).expect("write values");
    fs::write(
        out.join("poker_hash.rs"),
        format!(
            "/// Multiplier of the bucket hash.\nconst HASH_M1: u64 = {m1:#x};\n\
             /// Multiplier of the slot hash.\nconst HASH_M2: u64 = {m2:#x};\n\
             /// Bits of the bucket index.\nconst BUCKET_BITS: u32 = {BUCKET_BITS};\n\
             /// Bits of the slot index.\nconst SLOT_BITS: u32 = {SLOT_BITS};\n"
        ),
    )
    .expect("write hash constants");
}

fn le16(v: &[u16]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn le32(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
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
    let mut groups: Vec<(u8, u8)> = (0..13u8)
        .filter(|&r| counts[usize::from(r)] > 0)
        .map(|r| (counts[usize::from(r)], r))
        .collect();
    groups.sort_unstable_by(|a, b| b.cmp(a));
    let straight_top = if groups.len() == 5 {
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
    let shape: Vec<u8> = groups.iter().map(|g| g.0).collect();
    let category = match (straight_top, flush, shape.as_slice()) {
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
    let mut keys = Vec::new();
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

/// The value of the best 5-card hand among `ranks` (5 to 7 of them, sorted ascending).
fn best_of(ranks: &[u8], flush: bool, value_of: &dyn Fn(u32) -> u16) -> u16 {
    let n = ranks.len();
    let mut best = 0;
    for a in 0..n {
        for b in a + 1..n {
            for c in b + 1..n {
                for d in c + 1..n {
                    for e in d + 1..n {
                        let five = [ranks[a], ranks[b], ranks[c], ranks[d], ranks[e]];
                        best = best.max(value_of(five_key(&five, flush)));
                    }
                }
            }
        }
    }
    best
}

fn bucket_of(code: u32, m1: u64) -> usize {
    (u64::from(code).wrapping_mul(m1) >> (64 - BUCKET_BITS)) as usize
}

fn slot_of(code: u32, m2: u64) -> usize {
    (u64::from(code).wrapping_mul(m2) >> (64 - SLOT_BITS)) as usize
}

/// Hash and displace: bucket `b = h1(code)`, slot `h2(code) XOR disp[b]`. Buckets are placed
/// largest first, each with the smallest displacement that puts all its codes in free slots.
fn build_hash(entries: &[(u32, u16)], m1: u64, m2: u64) -> Option<(Vec<u16>, Vec<u16>)> {
    let mut buckets: Vec<Vec<(u32, u16)>> = vec![Vec::new(); 1 << BUCKET_BITS];
    for &(code, value) in entries {
        buckets[bucket_of(code, m1)].push((code, value));
    }
    let mut order: Vec<usize> = (0..buckets.len()).collect();
    order.sort_by_key(|&b| std::cmp::Reverse(buckets[b].len()));
    let mut disp = vec![0u16; 1 << BUCKET_BITS];
    let mut values = vec![0u16; 1 << SLOT_BITS];
    let mut used = vec![false; 1 << SLOT_BITS];
    for b in order {
        let bucket = &buckets[b];
        if bucket.is_empty() {
            break;
        }
        let d = (0..=u16::MAX).find(|&d| {
            let mut slots: Vec<usize> = bucket
                .iter()
                .map(|&(code, _)| slot_of(code, m2) ^ usize::from(d))
                .collect();
            if slots.iter().any(|&s| used[s]) {
                return false;
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
