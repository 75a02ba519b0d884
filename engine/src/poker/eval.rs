//! The hand evaluator: any 5, 6 or 7 cards to one [`HandRank`] in a total order.
//!
//! # Design
//!
//! A [`Hand`] is two 64-bit words, updated by one addition and one OR per card:
//!
//! - `key` = `Σ 5^rank` (the base-5 code of the rank multiset: at most 4 of a rank, so no digit
//!   carries) in bits 0–31, one 4-bit counter per suit in bits 32–47 (each starts at 3, so a
//!   counter reaches 8 — its top bit — exactly when its suit has five cards), and the card count
//!   in bits 48–63;
//! - `mask` = one bit per card, 16 bits per suit (bit `16·suit + rank − 2`).
//!
//! Ranking is then two table lookups. With seven cards or fewer, a flush excludes a full house
//! and four of a kind, so:
//!
//! - if a suit counter has its top bit set, the hand's value is `FLUSH[13-bit mask of that
//!   suit]` (8,192 entries: the best flush or straight flush among those ranks);
//! - otherwise it is the value of the rank multiset, found through a perfect hash ("hash and
//!   displace": bucket `h1(code)`, slot `h2(code) XOR displacement[bucket]`, two multiplicative
//!   hashes) of all 73,775 multisets of 5, 6 and 7 ranks into 131,072 slots.
//!
//! The tables (the best 5-card subset of every rank set) are computed by
//! `tablegen.rs`: in the crate's build script, embedded as constants (the default: no
//! construction step, no `std`), or, with the feature `poker-tables-runtime`, once at the first
//! evaluation (the WASM module is 317 KB smaller; [`init_tables`] builds them ahead of time).
//! The unit tests check the evaluator against a slow, obviously-correct reference on random
//! hands and count every category over all 2,598,960 five-card and all 133,784,560 seven-card
//! hands against the published counts.
//!
//! ```
//! use kingpin_engine::poker::{Category, evaluate};
//! use kingpin_engine::cards::Card;
//!
//! let cards = |s: &str| s.split(' ').map(|c| c.parse::<Card>()).collect::<Result<Vec<_>, _>>();
//! let boat = evaluate(&cards("Kh Kd 7s 7c Kc 2d 3h")?)?;
//! let flush = evaluate(&cards("Ah Qh 9h 4h 2h")?)?;
//! assert_eq!(boat.category(), Category::FullHouse);
//! assert_eq!(boat.to_string(), "full house, kings over sevens");
//! assert!(boat > flush);
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;
use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::GameError;
use crate::cards::Card;

include!(concat!(env!("OUT_DIR"), "/poker_hash.rs"));

/// The tables embedded in the binary by the build script (the default).
#[cfg(not(feature = "poker-tables-runtime"))]
mod tables {
    use super::{BUCKET_BITS, SLOT_BITS};

    /// `category << 20 | tie-break ranks` of each hand class, weakest first (little-endian
    /// `u32`s).
    static HAND_KEYS: &[u8; 7462 * 4] =
        include_bytes!(concat!(env!("OUT_DIR"), "/poker_hand_keys.bin"));
    /// Best flush by 13-bit rank mask (little-endian `u16`s).
    static FLUSH: &[u8; 8192 * 2] = include_bytes!(concat!(env!("OUT_DIR"), "/poker_flush.bin"));
    /// Displacement per bucket (little-endian `u16`s).
    static RANK_DISP: &[u8; (1 << BUCKET_BITS) * 2] =
        include_bytes!(concat!(env!("OUT_DIR"), "/poker_rank_disp.bin"));
    /// Value per slot (little-endian `u16`s).
    static RANK_VALUES: &[u8; (1 << SLOT_BITS) * 2] =
        include_bytes!(concat!(env!("OUT_DIR"), "/poker_rank_values.bin"));

    #[inline(always)]
    fn u16_at<const N: usize>(table: &[u8; N], i: usize) -> u16 {
        u16::from_le_bytes([table[2 * i], table[2 * i + 1]])
    }

    /// The tables: a handle, so the evaluator reads them the same way in both builds.
    #[derive(Clone, Copy)]
    pub(super) struct Tables;

    /// The embedded tables (free).
    #[inline(always)]
    pub(super) fn get() -> Tables {
        Tables
    }

    impl Tables {
        #[inline(always)]
        pub(super) fn flush(self, mask: usize) -> u16 {
            u16_at(FLUSH, mask)
        }

        #[inline(always)]
        pub(super) fn rank_value(self, code: u64) -> u16 {
            let bucket = (code.wrapping_mul(super::HASH_M1) >> (64 - BUCKET_BITS)) as usize;
            let slot = (code.wrapping_mul(super::HASH_M2) >> (64 - SLOT_BITS)) as usize;
            let slot = (slot ^ usize::from(u16_at(RANK_DISP, bucket))) & ((1 << SLOT_BITS) - 1);
            u16_at(RANK_VALUES, slot)
        }

        pub(super) fn hand_key(self, i: usize) -> u32 {
            let i = 4 * i;
            u32::from_le_bytes([
                HAND_KEYS[i],
                HAND_KEYS[i + 1],
                HAND_KEYS[i + 2],
                HAND_KEYS[i + 3],
            ])
        }
    }
}

/// The tables built at first use (feature `poker-tables-runtime`), from the same generator the
/// build script runs (`tablegen.rs`), once per process.
#[cfg(feature = "poker-tables-runtime")]
mod tables {
    use alloc::boxed::Box;

    use once_cell::race::OnceBox;

    use super::super::tablegen::{GeneratedTables, generate};
    use super::{BUCKET_BITS, HASH_M1, HASH_M2, SLOT_BITS};

    static TABLES: OnceBox<GeneratedTables> = OnceBox::new();

    /// The tables, built on the first call. Racing first calls (threads) may each build them;
    /// one result is kept, and all are identical.
    #[inline]
    pub(super) fn get() -> &'static GeneratedTables {
        TABLES.get_or_init(|| {
            // The build script built this very hash with these multipliers from the same code,
            // so generation cannot fail here.
            Box::new(
                generate(Some((HASH_M1, HASH_M2)))
                    .expect("the build script built the hash with these multipliers"),
            )
        })
    }

    impl GeneratedTables {
        #[inline(always)]
        pub(super) fn flush(&self, mask: usize) -> u16 {
            self.flush[mask]
        }

        #[inline(always)]
        pub(super) fn rank_value(&self, code: u64) -> u16 {
            let bucket = (code.wrapping_mul(self.m1) >> (64 - BUCKET_BITS)) as usize;
            let slot = (code.wrapping_mul(self.m2) >> (64 - SLOT_BITS)) as usize;
            let slot = (slot ^ usize::from(self.disp[bucket])) & ((1 << SLOT_BITS) - 1);
            self.values[slot]
        }

        pub(super) fn hand_key(&self, i: usize) -> u32 {
            self.keys[i]
        }
    }
}

/// Build the evaluator's tables now rather than at the first evaluation (with the feature
/// `poker-tables-runtime`; without it they are embedded and this does nothing). Idempotent.
pub fn init_tables() {
    let _ = tables::get();
}

/// Number of distinct hand values (classes of equal 5-card hands).
pub const HAND_CLASSES: u16 = 7462;

const SUIT_COUNTERS_START: u64 = 0x3333 << 32;
const FLUSH_FLAGS: u64 = 0x8888;
const COUNT_SHIFT: u32 = 48;

const fn pow5(r: u32) -> u64 {
    let mut p = 1;
    let mut i = 0;
    while i < r {
        p *= 5;
        i += 1;
    }
    p
}

const fn card_keys() -> [u64; 52] {
    let mut t = [0u64; 52];
    let mut i = 0;
    while i < 52 {
        let (suit, rank) = (i as u32 / 13, i as u32 % 13);
        t[i] = pow5(rank) | 1 << (32 + 4 * suit) | 1 << COUNT_SHIFT;
        i += 1;
    }
    t
}

const fn card_masks() -> [u64; 52] {
    let mut t = [0u64; 52];
    let mut i = 0;
    while i < 52 {
        t[i] = 1 << (16 * (i / 13) + i % 13);
        i += 1;
    }
    t
}

static CARD_KEY: [u64; 52] = card_keys();
static CARD_MASK: [u64; 52] = card_masks();

/// A set of cards being evaluated (see the [module docs](self) for the representation).
///
/// Adding a card costs one addition and one OR; [`Hand::rank`] two lookups. Build the common
/// part of many hands once (the board) and add each player's hole cards to copies of it.
///
/// ```
/// use kingpin_engine::poker::Hand;
/// let board = Hand::from_cards(&["Ah", "Kh", "Qh", "2c", "3d"].map(|c| c.parse().unwrap()))?;
/// let royal = board.with("Jh".parse()?).with("Th".parse()?);
/// assert_eq!(royal.rank().unwrap().to_string(), "royal flush");
/// assert_eq!(board.rank().unwrap().to_string(), "high card, ace, king, queen, three, two");
/// # Ok::<(), kingpin_engine::GameError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Hand {
    key: u64,
    mask: u64,
}

impl Default for Hand {
    fn default() -> Hand {
        Hand::new()
    }
}

impl Hand {
    /// The empty hand.
    pub const fn new() -> Hand {
        Hand {
            key: SUIT_COUNTERS_START,
            mask: 0,
        }
    }

    /// The hand of `cards`.
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] if a card appears twice.
    pub fn from_cards(cards: &[Card]) -> Result<Hand, GameError> {
        let mut h = Hand::new();
        for &c in cards {
            if h.contains(c) {
                return Err(GameError::bet("cards", format!("{c} appears twice")));
            }
            h = h.with(c);
        }
        Ok(h)
    }

    /// This hand with `card` added. Adding a card the hand already holds returns it unchanged,
    /// so a `Hand` is always a set.
    #[inline(always)]
    #[must_use]
    pub fn with(self, card: Card) -> Hand {
        let i = usize::from(card.index());
        let bit = CARD_MASK[i];
        if self.mask & bit != 0 {
            return self;
        }
        Hand {
            key: self.key + CARD_KEY[i],
            mask: self.mask | bit,
        }
    }

    /// Whether the hand holds `card`.
    pub fn contains(self, card: Card) -> bool {
        self.mask & CARD_MASK[usize::from(card.index())] != 0
    }

    /// Number of cards.
    pub fn len(self) -> usize {
        (self.key >> COUNT_SHIFT) as usize
    }

    /// Whether the hand is empty.
    pub fn is_empty(self) -> bool {
        self.mask == 0
    }

    /// The rank of the best 5-card hand, or `None` unless the hand has 5, 6 or 7 cards.
    #[inline(always)]
    pub fn rank(self) -> Option<HandRank> {
        let n = self.key >> COUNT_SHIFT;
        if !(5..=7).contains(&n) {
            return None;
        }
        let flags = (self.key >> 32) & FLUSH_FLAGS;
        let v = if flags != 0 {
            let suit = flags.trailing_zeros() / 4;
            let ranks = (self.mask >> (16 * suit)) & 0x1FFF;
            tables::get().flush(ranks as usize)
        } else {
            tables::get().rank_value(self.key & 0xFFFF_FFFF)
        };
        Some(HandRank(v))
    }
}

/// Rank 5, 6 or 7 distinct cards.
///
/// # Errors
/// [`GameError::InvalidBet`] for fewer than 5 or more than 7 cards, or a repeated card.
pub fn evaluate(cards: &[Card]) -> Result<HandRank, GameError> {
    if !(5..=7).contains(&cards.len()) {
        return Err(GameError::bet(
            "cards",
            format!("{} cards; a hand has 5, 6 or 7", cards.len()),
        ));
    }
    let hand = Hand::from_cards(cards)?;
    hand.rank()
        .ok_or_else(|| GameError::bet("cards", "a hand has 5, 6 or 7 cards"))
}

/// A hand category, weakest first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// No pair.
    HighCard,
    /// One pair.
    OnePair,
    /// Two pair.
    TwoPair,
    /// Three of a kind.
    ThreeOfAKind,
    /// Five ranks in sequence (A-2-3-4-5 is the lowest).
    Straight,
    /// Five cards of a suit.
    Flush,
    /// Three of a kind and a pair.
    FullHouse,
    /// Four of a kind.
    FourOfAKind,
    /// A straight in one suit (the ace-high one is a royal flush).
    StraightFlush,
}

impl Category {
    /// All nine, weakest first.
    pub const ALL: [Category; 9] = [
        Category::HighCard,
        Category::OnePair,
        Category::TwoPair,
        Category::ThreeOfAKind,
        Category::Straight,
        Category::Flush,
        Category::FullHouse,
        Category::FourOfAKind,
        Category::StraightFlush,
    ];

    /// Lower-case name, e.g. `"full house"`.
    pub fn name(self) -> &'static str {
        match self {
            Category::HighCard => "high card",
            Category::OnePair => "one pair",
            Category::TwoPair => "two pair",
            Category::ThreeOfAKind => "three of a kind",
            Category::Straight => "straight",
            Category::Flush => "flush",
            Category::FullHouse => "full house",
            Category::FourOfAKind => "four of a kind",
            Category::StraightFlush => "straight flush",
        }
    }
}

/// The strength of a hand: 1 (7-5-4-3-2 offsuit) to 7,462 (a royal flush). Greater is better;
/// equal ranks split the pot.
///
/// Serialized as the number. Its [`Display`](fmt::Display) is the readable description.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct HandRank(u16);

impl HandRank {
    /// The rank with value `v`.
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] unless `1 ≤ v ≤ 7462`.
    pub fn from_value(v: u16) -> Result<HandRank, GameError> {
        if v == 0 || v > HAND_CLASSES {
            return Err(GameError::bet(
                "hand_rank",
                format!("{v} is not 1–{HAND_CLASSES}"),
            ));
        }
        Ok(HandRank(v))
    }

    /// The value, 1–7,462.
    pub const fn value(self) -> u16 {
        self.0
    }

    fn key(self) -> u32 {
        tables::get().hand_key(usize::from(self.0.saturating_sub(1)))
    }

    /// The category.
    pub fn category(self) -> Category {
        Category::ALL[(self.key() >> 20) as usize % 9]
    }

    /// The ranks (2–14) that decide ties, most significant first: the rank groups by size then
    /// rank (`[13, 7]` for kings full of sevens; `[9, 9, 5, 3, 2]`-style lists never repeat a
    /// rank); a straight's only entry is its top card (5 for A-2-3-4-5). Unused entries are 0.
    pub fn tie_break(self) -> [u8; 5] {
        let key = self.key();
        let mut out = [0u8; 5];
        let n = match self.category() {
            Category::Straight | Category::StraightFlush => 1,
            Category::FourOfAKind | Category::FullHouse => 2,
            Category::ThreeOfAKind | Category::TwoPair => 3,
            Category::OnePair => 4,
            Category::HighCard | Category::Flush => 5,
        };
        for (i, slot) in out.iter_mut().enumerate().take(n) {
            *slot = ((key >> (16 - 4 * i)) & 0xF) as u8 + 2;
        }
        out
    }
}

impl Serialize for HandRank {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u16(self.0)
    }
}

impl<'de> Deserialize<'de> for HandRank {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        HandRank::from_value(u16::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

fn rank_name(r: u8) -> &'static str {
    match r {
        2 => "two",
        3 => "three",
        4 => "four",
        5 => "five",
        6 => "six",
        7 => "seven",
        8 => "eight",
        9 => "nine",
        10 => "ten",
        11 => "jack",
        12 => "queen",
        13 => "king",
        _ => "ace",
    }
}

fn plural(r: u8) -> &'static str {
    match r {
        2 => "twos",
        3 => "threes",
        4 => "fours",
        5 => "fives",
        6 => "sixes",
        7 => "sevens",
        8 => "eights",
        9 => "nines",
        10 => "tens",
        11 => "jacks",
        12 => "queens",
        13 => "kings",
        _ => "aces",
    }
}

fn list(f: &mut fmt::Formatter<'_>, ranks: &[u8]) -> fmt::Result {
    for (i, &r) in ranks.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        f.write_str(rank_name(r))?;
    }
    Ok(())
}

fn kickers(f: &mut fmt::Formatter<'_>, ranks: &[u8]) -> fmt::Result {
    if ranks.len() == 1 {
        return write!(f, ", {} kicker", rank_name(ranks[0]));
    }
    f.write_str(", kickers ")?;
    list(f, ranks)
}

impl fmt::Display for HandRank {
    /// E.g. "full house, kings over sevens", "two pair, aces and nines, king kicker",
    /// "straight, five high", "royal flush".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.tie_break();
        match self.category() {
            Category::StraightFlush if t[0] == 14 => f.write_str("royal flush"),
            Category::StraightFlush => write!(f, "straight flush, {} high", rank_name(t[0])),
            Category::FourOfAKind => {
                write!(f, "four of a kind, {}", plural(t[0]))?;
                kickers(f, &t[1..2])
            }
            Category::FullHouse => {
                write!(f, "full house, {} over {}", plural(t[0]), plural(t[1]))
            }
            Category::Flush => {
                f.write_str("flush, ")?;
                list(f, &t)
            }
            Category::Straight => write!(f, "straight, {} high", rank_name(t[0])),
            Category::ThreeOfAKind => {
                write!(f, "three of a kind, {}", plural(t[0]))?;
                kickers(f, &t[1..3])
            }
            Category::TwoPair => {
                write!(f, "two pair, {} and {}", plural(t[0]), plural(t[1]))?;
                kickers(f, &t[2..3])
            }
            Category::OnePair => {
                write!(f, "one pair, {}", plural(t[0]))?;
                kickers(f, &t[1..4])
            }
            Category::HighCard => {
                f.write_str("high card, ")?;
                list(f, &t)
            }
        }
    }
}

#[cfg(test)]
// Combinations read best as nested index loops.
#[allow(clippy::needless_range_loop)]
mod tests {
    use super::*;
    use crate::poker::reference;
    use alloc::string::ToString;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    fn cards(s: &str) -> Vec<Card> {
        s.split(' ').map(|c| c.parse().unwrap()).collect()
    }

    /// The tables built at run time are byte for byte the build script's.
    #[cfg(feature = "poker-tables-runtime")]
    #[test]
    fn runtime_tables_equal_the_build_scripts() {
        fn le16(v: &[u16]) -> Vec<u8> {
            v.iter().flat_map(|x| x.to_le_bytes()).collect()
        }
        let t = tables::get();
        let keys: Vec<u8> = t.keys.iter().flat_map(|x| x.to_le_bytes()).collect();
        assert_eq!((t.m1, t.m2), (HASH_M1, HASH_M2));
        assert_eq!(
            &keys[..],
            &include_bytes!(concat!(env!("OUT_DIR"), "/poker_hand_keys.bin"))[..]
        );
        assert_eq!(
            &le16(&t.flush)[..],
            &include_bytes!(concat!(env!("OUT_DIR"), "/poker_flush.bin"))[..]
        );
        assert_eq!(
            &le16(&t.disp)[..],
            &include_bytes!(concat!(env!("OUT_DIR"), "/poker_rank_disp.bin"))[..]
        );
        assert_eq!(
            &le16(&t.values)[..],
            &include_bytes!(concat!(env!("OUT_DIR"), "/poker_rank_values.bin"))[..]
        );
    }

    fn all_cards() -> Vec<Card> {
        (0..52).map(|i| Card::from_index(i).unwrap()).collect()
    }

    #[test]
    fn descriptions() {
        let d = |s: &str| evaluate(&cards(s)).unwrap().to_string();
        assert_eq!(d("Kh Kd 7s 7c Kc"), "full house, kings over sevens");
        assert_eq!(d("Ah Kh Qh Jh Th 9h 8h"), "royal flush");
        assert_eq!(d("5h 4h 3h 2h Ah"), "straight flush, five high");
        assert_eq!(d("As 2d 3c 4h 5s"), "straight, five high");
        assert_eq!(
            d("9s 9d 9c 9h 5s Kd 2c"),
            "four of a kind, nines, king kicker"
        );
        assert_eq!(
            d("Ad As 9c 9h Ks Qd 2c"),
            "two pair, aces and nines, king kicker"
        );
        assert_eq!(
            d("7d 7s 7c Ah Ks Qd 2c"),
            "three of a kind, sevens, kickers ace, king"
        );
        assert_eq!(
            d("Jd Js 4c Ah 9s 3d 2c"),
            "one pair, jacks, kickers ace, nine, four"
        );
        assert_eq!(d("Ah Qh 9h 4h 2h 3s"), "flush, ace, queen, nine, four, two");
        assert_eq!(
            d("7h 5d 4c 3s 2h"),
            "high card, seven, five, four, three, two"
        );
    }

    #[test]
    fn extremes_and_errors() {
        assert_eq!(evaluate(&cards("7h 5d 4c 3s 2h")).unwrap().value(), 1);
        assert_eq!(evaluate(&cards("Ah Kh Qh Jh Th")).unwrap().value(), 7462);
        assert!(evaluate(&cards("7h 5d 4c 3s")).is_err());
        assert!(evaluate(&cards("7h 5d 4c 3s 2h 2c 2d 2s")).is_err());
        assert!(evaluate(&cards("7h 7h 4c 3s 2h")).is_err());
        assert!(HandRank::from_value(0).is_err());
        assert!(HandRank::from_value(7463).is_err());
        let r = HandRank::from_value(5000).unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<HandRank>(&json).unwrap(), r);
        assert!(serde_json::from_str::<HandRank>("9999").is_err());
        // Adding a held card changes nothing; fewer than 5 cards has no rank.
        let h = Hand::from_cards(&cards("Ah Kh")).unwrap();
        assert_eq!(h.with("Ah".parse().unwrap()), h);
        assert_eq!(h.len(), 2);
        assert!(h.rank().is_none());
    }

    /// Class keys are strictly increasing and every category is present.
    #[test]
    fn class_keys_increase() {
        let mut per_category = [0u32; 9];
        for v in 1..=HAND_CLASSES {
            let r = HandRank(v);
            per_category[r.category() as usize] += 1;
            if v > 1 {
                assert!(HandRank(v - 1).key() < r.key());
            }
        }
        assert_eq!(per_category, [1277, 2860, 858, 858, 10, 1277, 156, 156, 10]);
    }

    /// All 2,598,960 five-card hands, counted by category (published counts).
    #[test]
    fn exhaustive_five_card_counts() {
        let all = all_cards();
        let mut counts = [0u64; 9];
        let mut seen = alloc::vec![false; usize::from(HAND_CLASSES) + 1];
        for a in 0..52 {
            let ha = Hand::new().with(all[a]);
            for b in a + 1..52 {
                let hb = ha.with(all[b]);
                for c in b + 1..52 {
                    let hc = hb.with(all[c]);
                    for d in c + 1..52 {
                        let hd = hc.with(all[d]);
                        for e in d + 1..52 {
                            let r = hd.with(all[e]).rank().unwrap();
                            counts[r.category() as usize] += 1;
                            seen[usize::from(r.value())] = true;
                        }
                    }
                }
            }
        }
        assert_eq!(
            counts,
            [
                1_302_540, 1_098_240, 123_552, 54_912, 10_200, 5_108, 3_744, 624, 40
            ]
        );
        assert!(seen[1..].iter().all(|&s| s), "every class occurs");
    }

    /// All 133,784,560 seven-card hands, counted by category (published counts).
    #[test]
    fn exhaustive_seven_card_counts() {
        let counts = count_seven_card_categories();
        assert_eq!(
            counts,
            [
                23_294_460, 58_627_800, 31_433_400, 6_461_620, 6_180_020, 4_047_644, 3_473_184,
                224_848, 41_584
            ]
        );
    }

    /// Category counts of every 7-card hand (the body of the exhaustive test and benchmark).
    fn count_seven_card_categories() -> [u64; 9] {
        let all = all_cards();
        let mut by_value = alloc::vec![0u64; usize::from(HAND_CLASSES) + 1];
        for a in 0..52 {
            let ha = Hand::new().with(all[a]);
            for b in a + 1..52 {
                let hb = ha.with(all[b]);
                for c in b + 1..52 {
                    let hc = hb.with(all[c]);
                    for d in c + 1..52 {
                        let hd = hc.with(all[d]);
                        for e in d + 1..52 {
                            let he = hd.with(all[e]);
                            for f in e + 1..52 {
                                let hf = he.with(all[f]);
                                for g in f + 1..52 {
                                    let v = hf.with(all[g]).rank().map_or(0, HandRank::value);
                                    by_value[usize::from(v)] += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(by_value[0], 0);
        let mut counts = [0u64; 9];
        for (v, &n) in by_value.iter().enumerate().skip(1) {
            counts[HandRank(v as u16).category() as usize] += n;
        }
        counts
    }

    fn distinct_cards(n: usize) -> impl Strategy<Value = Vec<Card>> {
        Just(all_cards())
            .prop_shuffle()
            .prop_map(move |v| v[..n].to_vec())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Category and tie-break equal the reference's for 5, 6 and 7 cards.
        #[test]
        fn matches_reference(n in 5usize..=7, cards in distinct_cards(7)) {
            let cards = &cards[..n];
            let fast = evaluate(cards).unwrap();
            let (cat, tb) = reference::best(cards);
            prop_assert_eq!(fast.category(), cat);
            prop_assert_eq!(fast.tie_break(), tb);
        }

        /// The order agrees with the reference's order on pairs of hands.
        #[test]
        fn order_matches_reference(a in distinct_cards(7), b in distinct_cards(7)) {
            let (fa, fb) = (evaluate(&a).unwrap(), evaluate(&b).unwrap());
            prop_assert_eq!(fa.cmp(&fb), reference::best(&a).cmp(&reference::best(&b)));
        }

        /// Card order does not matter.
        #[test]
        fn order_of_cards_is_irrelevant(cards in distinct_cards(7), rot in 0usize..7) {
            let mut c2 = cards.clone();
            c2.rotate_left(rot);
            c2.reverse();
            prop_assert_eq!(evaluate(&cards).unwrap(), evaluate(&c2).unwrap());
        }
    }
}
