//! Roulette: European (single zero), American (double zero) and French (single zero with
//! *la partage*, or *en prison* as an option) wheels, every standard bet, French call bets, many
//! bets per spin.
//!
//! # Rules
//!
//! - A spin draws one pocket: `index_below(37)` on a single-zero wheel (pockets 0–36) or
//!   `index_below(38)` on the American wheel (indices 0–36 are the numbers, index 37 is `00`).
//!   Under the default `stake-compatible` profile this is bit-exact with the published roulette
//!   translation of the common scheme.
//! - A round holds up to `max_bets` placed bets; the bet's `stake` must equal the sum of their
//!   stakes. Each placed bet is validated against the layout (a split must join two adjacent
//!   numbers, `00` exists only on the American wheel, ...); any illegal bet rejects the whole
//!   round with the index and reason, and nothing is drawn.
//! - Payouts (to one): straight 35, split 17, street 11, trio 11, corner 8, first four 8,
//!   top line (0-00-1-2-3) 6, six line 5, column and dozen 2, red/black/odd/even/low/high 1.
//!   A winning bet returns `stake × (odds + 1)`.
//! - French wheel: when 0 wins, even-money bets lose only half (*la partage*:
//!   `floor(stake / 2)` is returned). With `en_prison`, instead, even-money bets are
//!   imprisoned and a second pocket is drawn (`index_below(37)`) in the same round: if it wins
//!   the bet, the stake is returned; otherwise (0 included) the bet is lost.
//! - Call bets (single-zero wheels only) are placed in pieces and expanded into their component
//!   bets: voisins du zéro (9 pieces), tiers du cylindre (6), orphelins (5), jeu zéro (4),
//!   neighbours of a number (`2n + 1` straights). Their stake must be a multiple of the number
//!   of pieces.
//!
//! # Exact RTP
//!
//! Any bet on a European wheel returns 36/37 (97.297 %); on an American wheel 36/38 (94.737 %),
//! except the top line, 35/38 (92.105 %). On the French wheel even-money bets return 73/74
//! (98.649 %) with la partage and 1350/1369 (98.612 %) with single en prison.
//! [`Game::exact_rtp`] enumerates every pocket (and every prison pocket) for any set of bets.
//!
//! ```
//! use kingpin_engine::games::roulette::{Placed, Roulette, RouletteConfig, RouletteParams, Spot, Wheel};
//! use kingpin_engine::{Bet, Game, Ratio};
//! use kingpin_units::Amount;
//!
//! let game = Roulette::new(RouletteConfig { wheel: Wheel::European, ..RouletteConfig::default() })?;
//! let params = RouletteParams::new(vec![
//!     Placed::new(Spot::Straight { number: 17.into() }, Amount::from_minor(10)),
//!     Placed::new(Spot::Red, Amount::from_minor(20)),
//! ]);
//! assert_eq!(game.exact_rtp(&params), Some(Ratio::new(36, 37)));
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use kingpin_rng::{Profile, RandomSource, Sampler};
use kingpin_units::Amount;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use smallvec::SmallVec;

use crate::tagged::{self, Tagged};
use crate::{Bet, Game, GameError, Ratio, Settlement, Step};

/// The pocket index of `00` on the American wheel.
pub const DOUBLE_ZERO: u8 = 37;

/// Most placed bets a configuration may allow in one spin.
pub const MAX_BETS_LIMIT: u16 = 1_000;

/// The red numbers (the others from 1 to 36 are black).
pub const RED: [u8; 18] = [
    1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36,
];

/// The single-zero wheel, clockwise from 0 (used by call bets and neighbours).
pub const SINGLE_ZERO_ORDER: [u8; 37] = [
    0, 32, 15, 19, 4, 21, 2, 25, 17, 34, 6, 27, 13, 36, 11, 30, 8, 23, 10, 5, 24, 16, 33, 1, 20,
    14, 31, 9, 22, 18, 29, 7, 28, 12, 35, 3, 26,
];

const RED_MASK: u64 = {
    let mut m = 0u64;
    let mut i = 0;
    while i < RED.len() {
        m |= 1 << RED[i];
        i += 1;
    }
    m
};
/// Numbers 1–36.
const NUMBERS_MASK: u64 = ((1u64 << 37) - 1) & !1;
const BLACK_MASK: u64 = NUMBERS_MASK & !RED_MASK;
const ODD_MASK: u64 = mask_step(1, 36, 2);
const EVEN_MASK: u64 = mask_step(2, 36, 2);
const LOW_MASK: u64 = mask_step(1, 18, 1);
const HIGH_MASK: u64 = mask_step(19, 36, 1);
const COLUMNS: [u64; 3] = [
    mask_step(1, 36, 3),
    mask_step(2, 36, 3),
    mask_step(3, 36, 3),
];
const DOZENS: [u64; 3] = [
    mask_step(1, 12, 1),
    mask_step(13, 24, 1),
    mask_step(25, 36, 1),
];

/// A pocket: 0–36, or `00` (index [`DOUBLE_ZERO`]). Written as a JSON number, except `00`,
/// which is the string `"00"`; strings `"0"`–`"36"` are accepted too.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Pocket(pub u8);

impl From<u8> for Pocket {
    fn from(n: u8) -> Pocket {
        Pocket(n)
    }
}

impl Pocket {
    /// The double zero.
    pub const DOUBLE_ZERO: Pocket = Pocket(DOUBLE_ZERO);

    /// Its colour.
    #[inline]
    pub fn color(self) -> Color {
        if self.0 == 0 || self.0 == DOUBLE_ZERO {
            Color::Green
        } else if RED_MASK & (1 << self.0) != 0 {
            Color::Red
        } else {
            Color::Black
        }
    }

    fn parse(text: &str) -> Option<Pocket> {
        match text.trim() {
            "00" => Some(Pocket::DOUBLE_ZERO),
            t if !t.is_empty() && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit()) => {
                t.parse::<u8>().ok().filter(|&n| n <= 36).map(Pocket)
            }
            _ => None,
        }
    }
}

impl fmt::Display for Pocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == DOUBLE_ZERO {
            f.write_str("00")
        } else {
            write!(f, "{}", self.0)
        }
    }
}

impl Serialize for Pocket {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 == DOUBLE_ZERO {
            s.serialize_str("00")
        } else {
            s.serialize_u8(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Pocket {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Pocket;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a roulette number 0–36 or \"00\"")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Pocket, E> {
                u8::try_from(v)
                    .ok()
                    .filter(|&n| n <= 36)
                    .map(Pocket)
                    .ok_or_else(|| E::custom(format!("{v} is not a roulette number 0–36")))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Pocket, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom(format!("{v} is not a roulette number 0–36")))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Pocket, E> {
                Pocket::parse(v)
                    .ok_or_else(|| E::custom(format!("{v:?} is not a roulette number or \"00\"")))
            }
        }
        d.deserialize_any(V)
    }
}

/// A pocket's colour.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Color {
    /// 0 and 00.
    Green,
    /// See [`RED`].
    Red,
    /// The other numbers.
    Black,
}

/// The wheel.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Wheel {
    /// Single zero, 37 pockets.
    #[default]
    European,
    /// Double zero, 38 pockets.
    American,
    /// Single zero with la partage (or en prison) on even-money bets.
    French,
}

impl Wheel {
    /// Number of pockets.
    pub const fn pockets(self) -> u32 {
        match self {
            Wheel::American => 38,
            Wheel::European | Wheel::French => 37,
        }
    }

    fn has_double_zero(self) -> bool {
        matches!(self, Wheel::American)
    }
}

/// One spot on the layout (or a French call bet).
///
/// JSON: `{"type": "split", "numbers": [1, 2]}` (internally tagged, snake_case names, unknown
/// fields refused). Its `Deserialize` is written by hand (`tagged.rs`, for the WASM module's
/// size) and accepts exactly what `#[serde(tag = "type", deny_unknown_fields)]` accepts.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Spot {
    /// One number (35 to 1).
    Straight {
        /// The number.
        number: Pocket,
    },
    /// Two adjacent numbers (17 to 1).
    Split {
        /// The two numbers, any order.
        numbers: [Pocket; 2],
    },
    /// A row of three, `3r−2, 3r−1, 3r` (11 to 1).
    Street {
        /// The three numbers, any order.
        numbers: [Pocket; 3],
    },
    /// Zero with two adjacent numbers: 0-1-2, 0-2-3; American 0-1-2, 0-00-2, 00-2-3 (11 to 1).
    Trio {
        /// The three numbers, any order.
        numbers: [Pocket; 3],
    },
    /// Four numbers meeting at a corner (8 to 1).
    Corner {
        /// The four numbers, any order.
        numbers: [Pocket; 4],
    },
    /// 0-1-2-3, single-zero wheels (8 to 1).
    FirstFour,
    /// 0-00-1-2-3, American wheel (6 to 1).
    TopLine,
    /// Two adjacent rows (5 to 1).
    SixLine {
        /// The six numbers, any order.
        numbers: [Pocket; 6],
    },
    /// Column 1 (1, 4, … 34), 2 or 3 (2 to 1).
    Column {
        /// 1–3.
        column: u8,
    },
    /// Dozen 1 (1–12), 2 or 3 (2 to 1).
    Dozen {
        /// 1–3.
        dozen: u8,
    },
    /// Red (1 to 1).
    Red,
    /// Black (1 to 1).
    Black,
    /// Odd (1 to 1).
    Odd,
    /// Even, zero excluded (1 to 1).
    Even,
    /// 1–18 (1 to 1).
    Low,
    /// 19–36 (1 to 1).
    High,
    /// Voisins du zéro, 9 pieces: 0-2-3 trio (2), 4/7, 12/15, 18/21, 19/22, 32/35 splits,
    /// 25-26-28-29 corner (2).
    Voisins,
    /// Tiers du cylindre, 6 pieces: splits 5/8, 10/11, 13/16, 23/24, 27/30, 33/36.
    Tiers,
    /// Orphelins, 5 pieces: straight 1, splits 6/9, 14/17, 17/20, 31/34.
    Orphelins,
    /// Jeu zéro, 4 pieces: splits 0/3, 12/15, 32/35, straight 26.
    JeuZero,
    /// A number and its `n` neighbours on each side of the wheel, `2n + 1` straights.
    Neighbours {
        /// The centre number.
        number: Pocket,
        /// Neighbours on each side, 1–18.
        n: u8,
    },
}

/// Spot's variants as written in JSON, in declaration order.
const SPOT_VARIANTS: &[&str] = &[
    "straight",
    "split",
    "street",
    "trio",
    "corner",
    "first_four",
    "top_line",
    "six_line",
    "column",
    "dozen",
    "red",
    "black",
    "odd",
    "even",
    "low",
    "high",
    "voisins",
    "tiers",
    "orphelins",
    "jeu_zero",
    "neighbours",
];

impl<'de> Deserialize<'de> for Spot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Spot, D::Error> {
        spot_from(tagged::read(
            d,
            "type",
            SPOT_VARIANTS,
            "internally tagged enum Spot",
        )?)
    }
}

/// The `numbers` field of a struct variant, `N` of them.
fn spot_numbers<const N: usize, E: serde::de::Error>(
    t: Tagged,
    what: &'static str,
) -> Result<[Pocket; N], E> {
    let mut f = t.fields(&["numbers"], what)?;
    let v: Vec<Pocket> = tagged::required(f[0].take(), "numbers")?;
    let len = v.len();
    <[Pocket; N]>::try_from(v).map_err(|_| E::invalid_length(len, &tagged::ArrayOf(N)))
}

fn spot_from<E: serde::de::Error>(t: Tagged) -> Result<Spot, E> {
    use tagged::required;
    Ok(match SPOT_VARIANTS[t.variant] {
        "straight" => {
            let mut f = t.fields(&["number"], "struct variant Spot::Straight")?;
            Spot::Straight {
                number: required(f[0].take(), "number")?,
            }
        }
        "split" => Spot::Split {
            numbers: spot_numbers(t, "struct variant Spot::Split")?,
        },
        "street" => Spot::Street {
            numbers: spot_numbers(t, "struct variant Spot::Street")?,
        },
        "trio" => Spot::Trio {
            numbers: spot_numbers(t, "struct variant Spot::Trio")?,
        },
        "corner" => Spot::Corner {
            numbers: spot_numbers(t, "struct variant Spot::Corner")?,
        },
        "six_line" => Spot::SixLine {
            numbers: spot_numbers(t, "struct variant Spot::SixLine")?,
        },
        "column" => {
            let mut f = t.fields(&["column"], "struct variant Spot::Column")?;
            Spot::Column {
                column: required(f[0].take(), "column")?,
            }
        }
        "dozen" => {
            let mut f = t.fields(&["dozen"], "struct variant Spot::Dozen")?;
            Spot::Dozen {
                dozen: required(f[0].take(), "dozen")?,
            }
        }
        "neighbours" => {
            let mut f = t.fields(&["number", "n"], "struct variant Spot::Neighbours")?;
            Spot::Neighbours {
                number: required(f[0].take(), "number")?,
                n: required(f[1].take(), "n")?,
            }
        }
        unit => {
            t.unit()?;
            match unit {
                "first_four" => Spot::FirstFour,
                "top_line" => Spot::TopLine,
                "red" => Spot::Red,
                "black" => Spot::Black,
                "odd" => Spot::Odd,
                "even" => Spot::Even,
                "low" => Spot::Low,
                "high" => Spot::High,
                "voisins" => Spot::Voisins,
                "tiers" => Spot::Tiers,
                "orphelins" => Spot::Orphelins,
                "jeu_zero" => Spot::JeuZero,
                other => return Err(E::unknown_variant(other, SPOT_VARIANTS)),
            }
        }
    })
}

/// A placed bet: a spot and its stake.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placed {
    /// Where the chips are.
    pub bet: Spot,
    /// How much, in minor units.
    pub stake: Amount,
}

impl Placed {
    /// `stake` on `bet`.
    pub fn new(bet: Spot, stake: Amount) -> Placed {
        Placed { bet, stake }
    }
}

/// The bets of one spin.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouletteParams {
    /// Every placed bet; their stakes must add up to the round's stake.
    pub bets: Vec<Placed>,
}

impl RouletteParams {
    /// These bets.
    pub fn new(bets: Vec<Placed>) -> RouletteParams {
        RouletteParams { bets }
    }

    /// The sum of the stakes.
    ///
    /// # Errors
    /// [`GameError::Units`] on overflow.
    pub fn total_stake(&self) -> Result<Amount, GameError> {
        Ok(Amount::checked_sum(self.bets.iter().map(|b| b.stake))?)
    }
}

/// Roulette configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RouletteConfig {
    /// The wheel (default `european`).
    pub wheel: Wheel,
    /// French wheel only: en prison on even-money bets instead of la partage (default false).
    pub en_prison: bool,
    /// Most placed bets per spin (default 100, at most [`MAX_BETS_LIMIT`]).
    pub max_bets: u16,
    /// Smallest stake of one placed bet (default 1 minor unit).
    pub min_stake: Amount,
    /// Largest stake of one placed bet (default: no limit).
    pub max_stake: Option<Amount>,
    /// Sampler profile (default `stake-compatible`).
    pub profile: Profile,
}

impl Default for RouletteConfig {
    fn default() -> Self {
        RouletteConfig {
            wheel: Wheel::European,
            en_prison: false,
            max_bets: 100,
            min_stake: Amount::from_minor(1),
            max_stake: None,
            profile: Profile::StakeCompatible,
        }
    }
}

/// A validated roulette table.
#[derive(Clone, Debug)]
pub struct Roulette {
    config: RouletteConfig,
    /// Stakes in `min_stake..=quick_max` pass every per-bet stake check of a one-piece bet
    /// (`max_stake` and the overflow bound of the largest return, `stake × 36`); others take
    /// the checks one by one, for their precise errors.
    quick_max: u64,
}

/// A winning (or partly returned) placed bet.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct BetReturn {
    /// Index of the placed bet in `params.bets`.
    pub bet: u16,
    /// What it returns, stake included.
    pub payout: Amount,
}

/// The returning bets of a spin: inline while there is one (every single-bet spin), on the
/// heap beyond. Serialized as a plain list.
pub type Returns = SmallVec<[BetReturn; 1]>;

/// What a spin shows.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct RouletteOutcome {
    /// The wheel.
    pub wheel: Wheel,
    /// The winning pocket.
    pub pocket: Pocket,
    /// Its colour.
    pub color: Color,
    /// En prison only: the second pocket drawn for imprisoned even-money bets.
    pub prison_pocket: Option<Pocket>,
    /// The placed bets that return something (the others lost), in order.
    pub returns: Returns,
}

/// A component bet: covered pockets, odds to one, and its share of the placed stake in pieces.
#[derive(Clone, Copy, Debug)]
struct Component {
    mask: u64,
    odds: u8,
    pieces: u8,
}

/// A validated placed bet.
#[derive(Clone, Copy, Debug)]
enum Resolved {
    /// One layout bet; `even_money` for red/black/odd/even/low/high.
    Single {
        mask: u64,
        odds: u8,
        even_money: bool,
    },
    /// A call bet: its components and total pieces.
    /// Index into [`CALLS`].
    Call(u8),
    /// Neighbours: `pieces` straights.
    Straights { mask: u64, pieces: u8 },
}

const fn mask_of(ns: &[u8]) -> u64 {
    let mut m = 0;
    let mut i = 0;
    while i < ns.len() {
        m |= 1u64 << ns[i];
        i += 1;
    }
    m
}

/// Numbers `from, from + step, …` up to 36.
const fn mask_step(from: u8, to: u8, step: u8) -> u64 {
    let mut m = 0;
    let mut n = from;
    while n <= to {
        m |= 1u64 << n;
        n += step;
    }
    m
}

const fn comp(ns: &[u8], odds: u8, pieces: u8) -> Component {
    Component {
        mask: mask_of(ns),
        odds,
        pieces,
    }
}

const VOISINS: [Component; 7] = [
    comp(&[0, 2, 3], 11, 2),
    comp(&[4, 7], 17, 1),
    comp(&[12, 15], 17, 1),
    comp(&[18, 21], 17, 1),
    comp(&[19, 22], 17, 1),
    comp(&[32, 35], 17, 1),
    comp(&[25, 26, 28, 29], 8, 2),
];
const TIERS: [Component; 6] = [
    comp(&[5, 8], 17, 1),
    comp(&[10, 11], 17, 1),
    comp(&[13, 16], 17, 1),
    comp(&[23, 24], 17, 1),
    comp(&[27, 30], 17, 1),
    comp(&[33, 36], 17, 1),
];
const ORPHELINS: [Component; 5] = [
    comp(&[1], 35, 1),
    comp(&[6, 9], 17, 1),
    comp(&[14, 17], 17, 1),
    comp(&[17, 20], 17, 1),
    comp(&[31, 34], 17, 1),
];
const JEU_ZERO: [Component; 4] = [
    comp(&[0, 3], 17, 1),
    comp(&[12, 15], 17, 1),
    comp(&[32, 35], 17, 1),
    comp(&[26], 35, 1),
];

/// The call bets: components and pieces (voisins, tiers, orphelins, jeu zéro).
const CALLS: [(&[Component], u8); 4] =
    [(&VOISINS, 9), (&TIERS, 6), (&ORPHELINS, 5), (&JEU_ZERO, 4)];

fn sorted<const N: usize>(ns: &[Pocket; N]) -> [u8; N] {
    let mut out = [0u8; N];
    for (o, p) in out.iter_mut().zip(ns) {
        *o = p.0;
    }
    out.sort_unstable();
    out
}

impl Resolved {
    fn single(mask: u64, odds: u8) -> Resolved {
        Resolved::Single {
            mask,
            odds,
            even_money: false,
        }
    }

    fn pieces(&self) -> u8 {
        match *self {
            Resolved::Single { .. } => 1,
            Resolved::Call(c) => CALLS[usize::from(c)].1,
            Resolved::Straights { pieces: p, .. } => p,
        }
    }

    fn even_money(&self) -> bool {
        matches!(
            self,
            Resolved::Single {
                even_money: true,
                ..
            }
        )
    }

    /// `(mask, odds, pieces)` of each component.
    fn parts(&self) -> Vec<(u64, u8, u8)> {
        match *self {
            Resolved::Single { mask, odds, .. } => alloc::vec![(mask, odds, 1)],
            Resolved::Call(c) => CALLS[usize::from(c)]
                .0
                .iter()
                .map(|c| (c.mask, c.odds, c.pieces))
                .collect(),
            Resolved::Straights { mask, .. } => (0..=DOUBLE_ZERO)
                .filter(|&n| mask & (1 << n) != 0)
                .map(|n| (1u64 << n, 35, 1))
                .collect(),
        }
    }

    /// What `stake` on this bet returns when `pocket` wins (before la partage / prison).
    #[inline]
    fn payout(&self, stake: u64, pocket: u8) -> u64 {
        let bit = 1u64 << pocket;
        match *self {
            Resolved::Single { mask, odds, .. } => {
                if mask & bit != 0 {
                    stake * (u64::from(odds) + 1)
                } else {
                    0
                }
            }
            Resolved::Straights { mask, pieces } => {
                if mask & bit != 0 {
                    stake / u64::from(pieces) * 36
                } else {
                    0
                }
            }
            Resolved::Call(c) => {
                let (list, pieces) = CALLS[usize::from(c)];
                let piece = stake / u64::from(pieces);
                list.iter()
                    .filter(|c| c.mask & bit != 0)
                    .map(|c| piece * u64::from(c.pieces) * (u64::from(c.odds) + 1))
                    .sum()
            }
        }
    }
}

impl Roulette {
    /// Validate a configuration.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] for en prison on a wheel other than French, `max_bets`
    /// outside 1–[`MAX_BETS_LIMIT`], or stake limits out of order.
    pub fn new(config: RouletteConfig) -> Result<Roulette, GameError> {
        if config.en_prison && config.wheel != Wheel::French {
            return Err(GameError::config(
                "en_prison",
                "en prison is a French-wheel rule; set wheel = \"french\"",
            ));
        }
        if config.max_bets == 0 || config.max_bets > MAX_BETS_LIMIT {
            return Err(GameError::config(
                "max_bets",
                format!("{} is outside 1–{MAX_BETS_LIMIT}", config.max_bets),
            ));
        }
        if config.min_stake.is_zero() {
            return Err(GameError::config("min_stake", "must be at least 1"));
        }
        if let Some(max) = config.max_stake
            && max < config.min_stake
        {
            return Err(GameError::config(
                "max_stake",
                format!(
                    "{} is below min_stake {}",
                    max.minor(),
                    config.min_stake.minor()
                ),
            ));
        }
        let quick_max = config
            .max_stake
            .map_or(u64::MAX, Amount::minor)
            .min(u64::MAX / 36);
        Ok(Roulette { config, quick_max })
    }

    /// The configuration.
    pub fn config(&self) -> &RouletteConfig {
        &self.config
    }

    #[inline]
    fn check_pocket(&self, p: Pocket, field: &dyn Fn() -> String) -> Result<u8, GameError> {
        if p.0 == DOUBLE_ZERO && !self.config.wheel.has_double_zero() {
            return Err(GameError::bet(field(), "00 is not on a single-zero wheel"));
        }
        if p.0 > DOUBLE_ZERO {
            return Err(GameError::bet(field(), format!("{} is not a pocket", p.0)));
        }
        Ok(p.0)
    }

    #[inline]
    fn check_numbers<const N: usize>(
        &self,
        ns: &[Pocket; N],
        field: &dyn Fn() -> String,
    ) -> Result<[u8; N], GameError> {
        for &p in ns {
            self.check_pocket(p, field)?;
        }
        let s = sorted(ns);
        if s.windows(2).any(|w| w[0] == w[1]) {
            return Err(GameError::bet(field(), "a number is repeated"));
        }
        Ok(s)
    }

    /// The common outside bets and valid straights, resolved without building an error path
    /// (kept small so it inlines and returns in registers).
    #[inline]
    fn quick(&self, spot: &Spot) -> Option<Resolved> {
        let even = |mask| {
            Some(Resolved::Single {
                mask,
                odds: 1,
                even_money: true,
            })
        };
        match spot {
            Spot::Straight { number } if number.0 <= 36 => {
                Some(Resolved::single(1 << number.0, 35))
            }
            Spot::Red => even(RED_MASK),
            Spot::Black => even(BLACK_MASK),
            Spot::Odd => even(ODD_MASK),
            Spot::Even => even(EVEN_MASK),
            Spot::Low => even(LOW_MASK),
            Spot::High => even(HIGH_MASK),
            Spot::Column { column } if (1..=3).contains(column) => {
                Some(Resolved::single(COLUMNS[usize::from(column - 1)], 2))
            }
            Spot::Dozen { dozen } if (1..=3).contains(dozen) => {
                Some(Resolved::single(DOZENS[usize::from(dozen - 1)], 2))
            }
            _ => None,
        }
    }

    /// Validate one spot and resolve it into component bets.
    #[inline]
    fn resolve(&self, spot: &Spot, i: usize) -> Result<Resolved, GameError> {
        match self.quick(spot) {
            Some(r) => Ok(r),
            None => self.resolve_full(spot, i),
        }
    }

    /// [`Roulette::resolve`] for every spot, with precise errors.
    fn resolve_full(&self, spot: &Spot, i: usize) -> Result<Resolved, GameError> {
        let field = || format!("params.bets[{i}].bet");
        let single_zero = !self.config.wheel.has_double_zero();
        let american = self.config.wheel.has_double_zero();
        let illegal = |what: &str, ns: &[u8]| {
            let shown: Vec<String> = ns.iter().map(|&n| Pocket(n).to_string()).collect();
            GameError::bet(
                field(),
                format!("{} is not a legal {what} on this wheel", shown.join("-")),
            )
        };
        let even = |mask: u64| -> Result<Resolved, GameError> {
            Ok(Resolved::Single {
                mask,
                odds: 1,
                even_money: true,
            })
        };
        match spot {
            Spot::Straight { number } => {
                let n = self.check_pocket(*number, &field)?;
                Ok(Resolved::single(1 << n, 35))
            }
            Spot::Split { numbers } => {
                let [a, b] = self.check_numbers(numbers, &field)?;
                let legal = if a == 0 || b == DOUBLE_ZERO {
                    // 0 or 00 with a neighbour on the layout.
                    match (a, b) {
                        (0, 1..=3) => single_zero || b <= 2,
                        (0, DOUBLE_ZERO) => american,
                        (2 | 3, DOUBLE_ZERO) => american,
                        _ => false,
                    }
                } else {
                    (b == a + 1 && a % 3 != 0) || b == a + 3
                };
                if !legal {
                    return Err(illegal("split", &[a, b]));
                }
                Ok(Resolved::single(mask_of(&[a, b]), 17))
            }
            Spot::Street { numbers } => {
                let s = self.check_numbers(numbers, &field)?;
                if s[0] == 0 || s[2] == DOUBLE_ZERO || s[0] % 3 != 1 || s[2] != s[0] + 2 {
                    return Err(illegal("street", &s));
                }
                Ok(Resolved::single(mask_of(&s), 11))
            }
            Spot::Trio { numbers } => {
                let s = self.check_numbers(numbers, &field)?;
                let legal = match s {
                    [0, 1, 2] => true,
                    [0, 2, 3] => single_zero,
                    [0, 2, DOUBLE_ZERO] | [2, 3, DOUBLE_ZERO] => american,
                    _ => false,
                };
                if !legal {
                    return Err(illegal("trio", &s));
                }
                Ok(Resolved::single(mask_of(&s), 11))
            }
            Spot::Corner { numbers } => {
                let s = self.check_numbers(numbers, &field)?;
                let a = s[0];
                if a == 0 || s[3] == DOUBLE_ZERO || a % 3 == 0 || s != [a, a + 1, a + 3, a + 4] {
                    return Err(illegal("corner", &s));
                }
                Ok(Resolved::single(mask_of(&s), 8))
            }
            Spot::FirstFour => {
                if !single_zero {
                    return Err(GameError::bet(
                        field(),
                        "first four (0-1-2-3) is a single-zero bet; use top_line on the American wheel",
                    ));
                }
                Ok(Resolved::single(mask_of(&[0, 1, 2, 3]), 8))
            }
            Spot::TopLine => {
                if !american {
                    return Err(GameError::bet(
                        field(),
                        "top line (0-00-1-2-3) needs the American wheel; use first_four",
                    ));
                }
                Ok(Resolved::single(mask_of(&[0, 1, 2, 3, DOUBLE_ZERO]), 6))
            }
            Spot::SixLine { numbers } => {
                let s = self.check_numbers(numbers, &field)?;
                let a = s[0];
                if a == 0 || s[5] == DOUBLE_ZERO || a % 3 != 1 || s[5] != a + 5 || a > 31 {
                    return Err(illegal("six line", &s));
                }
                Ok(Resolved::single(mask_of(&s), 5))
            }
            Spot::Column { column } => {
                if !(1..=3).contains(column) {
                    return Err(GameError::bet(
                        field(),
                        format!("column {column} is not 1–3"),
                    ));
                }
                Ok(Resolved::single(mask_step(*column, 36, 3), 2))
            }
            Spot::Dozen { dozen } => {
                if !(1..=3).contains(dozen) {
                    return Err(GameError::bet(field(), format!("dozen {dozen} is not 1–3")));
                }
                let lo = (dozen - 1) * 12 + 1;
                Ok(Resolved::single(mask_step(lo, lo + 11, 1), 2))
            }
            Spot::Red => even(RED_MASK),
            Spot::Black => even(BLACK_MASK),
            Spot::Odd => even(mask_step(1, 36, 2)),
            Spot::Even => even(mask_step(2, 36, 2)),
            Spot::Low => even(mask_step(1, 18, 1)),
            Spot::High => even(mask_step(19, 36, 1)),
            Spot::Voisins | Spot::Tiers | Spot::Orphelins | Spot::JeuZero => {
                if american {
                    return Err(GameError::bet(
                        field(),
                        "call bets are played on single-zero wheels only",
                    ));
                }
                Ok(match spot {
                    Spot::Voisins => Resolved::Call(0),
                    Spot::Tiers => Resolved::Call(1),
                    Spot::Orphelins => Resolved::Call(2),
                    _ => Resolved::Call(3),
                })
            }
            Spot::Neighbours { number, n } => {
                if american {
                    return Err(GameError::bet(
                        field(),
                        "call bets are played on single-zero wheels only",
                    ));
                }
                let c = self.check_pocket(*number, &field)?;
                if !(1..=18).contains(n) {
                    return Err(GameError::bet(
                        field(),
                        format!("{n} neighbours; allowed 1–18"),
                    ));
                }
                let at = SINGLE_ZERO_ORDER.iter().position(|&x| x == c).unwrap_or(0);
                // 2n + 1 straights of one piece each; at most one of them wins.
                let mut mask = 0u64;
                for k in 0..=2 * usize::from(*n) {
                    let idx = (at + 37 + k - usize::from(*n)) % 37;
                    mask |= 1 << SINGLE_ZERO_ORDER[idx];
                }
                Ok(Resolved::Straights {
                    mask,
                    pieces: 2 * n + 1,
                })
            }
        }
    }

    #[inline]
    fn resolve_all(&self, params: &RouletteParams, stake: Amount) -> Result<(), GameError> {
        let n = params.bets.len();
        if n == 0 {
            return Err(GameError::bet("params.bets", "no bets placed"));
        }
        if n > usize::from(self.config.max_bets) {
            return Err(GameError::bet(
                "params.bets",
                format!("{n} bets; this table allows {}", self.config.max_bets),
            ));
        }
        let total = match params.bets.as_slice() {
            [one] => one.stake,
            _ => params.total_stake()?,
        };
        if total != stake {
            return Err(GameError::bet(
                "stake",
                format!(
                    "the bets add up to {} but the stake is {}",
                    total.minor(),
                    stake.minor()
                ),
            ));
        }
        Ok(())
    }

    #[inline]
    fn check_stake(&self, placed: &Placed, r: &Resolved, i: usize) -> Result<(), GameError> {
        let s = placed.stake;
        if matches!(r, Resolved::Single { .. })
            && s >= self.config.min_stake
            && s.minor() <= self.quick_max
        {
            // A one-piece bet within the limits: every check below would pass.
            return Ok(());
        }
        self.check_stake_each(s, r, i)
    }

    /// [`Roulette::check_stake`] one rule at a time, with the precise error.
    fn check_stake_each(&self, s: Amount, r: &Resolved, i: usize) -> Result<(), GameError> {
        if s < self.config.min_stake {
            return Err(GameError::bet(
                format!("params.bets[{i}].stake"),
                format!(
                    "{} is below the table minimum {}",
                    s.minor(),
                    self.config.min_stake.minor()
                ),
            ));
        }
        if let Some(max) = self.config.max_stake
            && s > max
        {
            return Err(GameError::bet(
                format!("params.bets[{i}].stake"),
                format!("{} is above the table maximum {}", s.minor(), max.minor()),
            ));
        }
        if s.minor() % u64::from(r.pieces()) != 0 {
            return Err(GameError::bet(
                format!("params.bets[{i}].stake"),
                format!(
                    "{} is not a multiple of the bet's {} pieces",
                    s.minor(),
                    r.pieces()
                ),
            ));
        }
        // Largest possible return: checked once here so settlement arithmetic cannot overflow.
        s.checked_mul(36)?;
        Ok(())
    }

    /// The component bets of a spot, as `(covered pockets, odds to one, pieces)`: a call bet
    /// expanded. Neighbours are `2n + 1` straights.
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] if the spot is illegal on this wheel.
    pub fn components(&self, spot: &Spot) -> Result<Vec<(Vec<Pocket>, u8, u8)>, GameError> {
        let r = self.resolve(spot, 0)?;
        let pockets = |mask: u64| -> Vec<Pocket> {
            (0..=DOUBLE_ZERO)
                .filter(|&p| mask & (1 << p) != 0)
                .map(Pocket)
                .collect()
        };
        Ok(r.parts()
            .into_iter()
            .map(|(mask, odds, pieces)| (pockets(mask), odds, pieces))
            .collect())
    }

    /// Validate the bets of a spin.
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] naming the first illegal bet, or a stake that does not add up.
    pub fn validate(&self, bet: &Bet<RouletteParams>) -> Result<(), GameError> {
        self.resolve_all(&bet.params, bet.stake)?;
        for (i, p) in bet.params.bets.iter().enumerate() {
            let r = self.resolve(&p.bet, i)?;
            self.check_stake(p, &r, i)?;
        }
        Ok(())
    }

    #[inline]
    fn draw<R: RandomSource>(&self, rng: &mut Sampler<R>) -> Result<u8, GameError> {
        Ok(rng.index_below(self.config.wheel.pockets())? as u8)
    }

    /// What one placed bet returns when `pocket` wins; `prison` is the second pocket when the
    /// bet went to prison.
    #[inline]
    fn settle_one(&self, r: &Resolved, stake: u64, pocket: u8, prison: Option<u8>) -> u64 {
        if let Resolved::Single {
            mask,
            even_money: true,
            ..
        } = *r
            && pocket == 0
            && self.config.wheel == Wheel::French
        {
            return match prison {
                Some(q) if mask & (1 << q) != 0 => stake,
                Some(_) => 0,
                None => stake / 2,
            };
        }
        r.payout(stake, pocket)
    }
}

impl Roulette {
    /// The round of one placed bet `r` of `stake`, already checked: draw the pocket (and the
    /// prison pocket when an even-money bet goes to prison), settle, and report.
    #[inline]
    fn play_one<R: RandomSource>(
        &self,
        bet: &Bet<RouletteParams>,
        r: &Resolved,
        stake: Amount,
        rng: &mut Sampler<R>,
    ) -> Result<Step<(), RouletteOutcome>, GameError> {
        let pocket = self.draw(rng)?;
        let prison = if pocket == 0 && self.config.en_prison && r.even_money() {
            Some(rng.index_below(37)? as u8)
        } else {
            None
        };
        let got = self.settle_one(r, stake.minor(), pocket, prison);
        let mut returns = Returns::new();
        if got > 0 {
            returns.push(BetReturn {
                bet: 0,
                payout: Amount::from_minor(got),
            });
        }
        Ok(self.settled(bet, pocket, prison, got, returns))
    }

    #[inline]
    fn settled(
        &self,
        bet: &Bet<RouletteParams>,
        pocket: u8,
        prison: Option<u8>,
        payout: u64,
        returns: Returns,
    ) -> Step<(), RouletteOutcome> {
        Step::Settled(Settlement {
            outcome: RouletteOutcome {
                wheel: self.config.wheel,
                pocket: Pocket(pocket),
                color: Pocket(pocket).color(),
                prison_pocket: prison.map(Pocket),
                returns,
            },
            total_stake: bet.stake,
            payout: Amount::from_minor(payout),
        })
    }
}

impl Game for Roulette {
    type Params = RouletteParams;
    type State = ();
    type Action = ();
    type Outcome = RouletteOutcome;
    const NAME: &'static str = "roulette";

    fn profile(&self) -> Profile {
        self.config.profile
    }

    #[inline]
    fn start<R: RandomSource>(
        &self,
        bet: &Bet<RouletteParams>,
        rng: &mut Sampler<R>,
    ) -> Result<Step<(), RouletteOutcome>, GameError> {
        // The common case, small enough to inline into a caller's loop: one common bet whose
        // stake is the round's and within the limits, so no check below can fail. Anything
        // else takes the general path, which checks everything again in order (nothing has
        // been drawn yet) and reports the first problem.
        if let [one] = bet.params.bets.as_slice()
            && one.stake == bet.stake
            && let Some(r) = self.quick(&one.bet)
            && one.stake >= self.config.min_stake
            && one.stake.minor() <= self.quick_max
        {
            return self.play_one(bet, &r, one.stake, rng);
        }
        self.start_general(bet, rng)
    }

    /// Exact, by enumerating every pocket (and every prison pocket); stakes are taken as given,
    /// so la partage's `floor(stake / 2)` is included exactly.
    fn exact_rtp(&self, params: &RouletteParams) -> Option<Ratio> {
        self.exact_rtp_of(params)
    }
}

impl Roulette {
    /// [`Game::start`] for any bets, every check in order.
    #[inline(never)]
    fn start_general<R: RandomSource>(
        &self,
        bet: &Bet<RouletteParams>,
        rng: &mut Sampler<R>,
    ) -> Result<Step<(), RouletteOutcome>, GameError> {
        self.resolve_all(&bet.params, bet.stake)?;
        if let [one] = bet.params.bets.as_slice() {
            // The common case, one placed bet, without the bookkeeping of many.
            let r = self.resolve(&one.bet, 0)?;
            self.check_stake(one, &r, 0)?;
            return self.play_one(bet, &r, one.stake, rng);
        }
        // Validate everything before drawing anything; keep up to four resolved bets.
        let mut kept = [Resolved::single(0, 0); 4];
        let mut any_even = false;
        for (i, p) in bet.params.bets.iter().enumerate() {
            let r = self.resolve(&p.bet, i)?;
            self.check_stake(p, &r, i)?;
            any_even |= r.even_money();
            if let Some(slot) = kept.get_mut(i) {
                *slot = r;
            }
        }
        let pocket = self.draw(rng)?;
        let prison = if pocket == 0 && self.config.en_prison && any_even {
            Some(rng.index_below(37)? as u8)
        } else {
            None
        };
        let mut returns = Returns::new();
        let mut payout = 0u64;
        for (i, p) in bet.params.bets.iter().enumerate() {
            // Beyond the first four, resolved again rather than stored in a heap buffer.
            let r = match kept.get(i) {
                Some(r) => *r,
                None => self.resolve(&p.bet, i)?,
            };
            let got = self.settle_one(&r, p.stake.minor(), pocket, prison);
            if got > 0 {
                payout = payout
                    .checked_add(got)
                    .ok_or(kingpin_units::UnitsError::Overflow {
                        op: "roulette payout",
                    })?;
                returns.push(BetReturn {
                    bet: i as u16,
                    payout: Amount::from_minor(got),
                });
            }
        }
        Ok(self.settled(bet, pocket, prison, payout, returns))
    }

    fn exact_rtp_of(&self, params: &RouletteParams) -> Option<Ratio> {
        let total = params.total_stake().ok()?;
        self.validate(&Bet::new(total, params.clone())).ok()?;
        let resolved: Vec<Resolved> = params
            .bets
            .iter()
            .enumerate()
            .map(|(i, p)| self.resolve(&p.bet, i))
            .collect::<Result<_, _>>()
            .ok()?;
        let pockets = self.config.wheel.pockets();
        let any_even = resolved.iter().any(Resolved::even_money);
        // Each main pocket has weight 37 so that prison pockets (weight 1 each) are integral.
        let mut sum: u128 = 0;
        for pocket in 0..pockets as u8 {
            if pocket == 0 && self.config.en_prison && any_even {
                for q in 0..37u8 {
                    for (r, p) in resolved.iter().zip(&params.bets) {
                        sum += u128::from(self.settle_one(r, p.stake.minor(), 0, Some(q)));
                    }
                }
            } else {
                for (r, p) in resolved.iter().zip(&params.bets) {
                    sum += 37 * u128::from(self.settle_one(r, p.stake.minor(), pocket, None));
                }
            }
        }
        Some(Ratio::new(
            sum,
            u128::from(pockets) * 37 * u128::from(total.minor()),
        ))
    }
}

impl crate::catalog::Catalogued for Roulette {
    type Config = RouletteConfig;
    type Bot = crate::sim::NoActions;

    fn from_config(config: RouletteConfig) -> Result<Roulette, GameError> {
        Roulette::new(config)
    }

    fn bot(&self) -> crate::sim::NoActions {
        crate::sim::NoActions
    }
}

impl Roulette {
    /// The exact RTP of one spot on this wheel (with a stake that makes la partage exact).
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] if the spot is illegal on this wheel.
    pub fn spot_rtp(&self, spot: &Spot) -> Result<Ratio, GameError> {
        let r = self.resolve(spot, 0)?;
        let stake = Amount::from_minor(2 * u64::from(r.pieces()));
        let params = RouletteParams::new(alloc::vec![Placed::new(spot.clone(), stake)]);
        let lenient = Roulette::new(RouletteConfig {
            min_stake: Amount::from_minor(1),
            max_stake: None,
            ..self.config.clone()
        })?;
        lenient
            .exact_rtp(&params)
            .ok_or_else(|| GameError::bet("params", "no exact RTP for this spot"))
    }
}

/// A short name of a spot, for reports (`"split"`, `"voisins"`, ...).
pub fn spot_name(spot: &Spot) -> String {
    match spot {
        Spot::Straight { .. } => "straight",
        Spot::Split { .. } => "split",
        Spot::Street { .. } => "street",
        Spot::Trio { .. } => "trio",
        Spot::Corner { .. } => "corner",
        Spot::FirstFour => "first_four",
        Spot::TopLine => "top_line",
        Spot::SixLine { .. } => "six_line",
        Spot::Column { .. } => "column",
        Spot::Dozen { .. } => "dozen",
        Spot::Red => "red",
        Spot::Black => "black",
        Spot::Odd => "odd",
        Spot::Even => "even",
        Spot::Low => "low",
        Spot::High => "high",
        Spot::Voisins => "voisins",
        Spot::Tiers => "tiers",
        Spot::Orphelins => "orphelins",
        Spot::JeuZero => "jeu_zero",
        Spot::Neighbours { .. } => "neighbours",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use kingpin_rng::{ByteStream, ChaCha8Source, ClientSeed, ServerSeed};
    use proptest::prelude::*;

    fn table(wheel: Wheel, en_prison: bool) -> Roulette {
        Roulette::new(RouletteConfig {
            wheel,
            en_prison,
            ..RouletteConfig::default()
        })
        .unwrap()
    }

    fn p(n: u8) -> Pocket {
        Pocket(n)
    }

    fn one(spot: Spot, stake: u64) -> Bet<RouletteParams> {
        Bet::new(
            Amount::from_minor(stake),
            RouletteParams::new(vec![Placed::new(spot, Amount::from_minor(stake))]),
        )
    }

    fn fair(server: &str, client: &str, nonce: u64) -> Sampler<ByteStream> {
        Sampler::new(
            ByteStream::new(
                &ServerSeed::new(server).unwrap(),
                &ClientSeed::new(client).unwrap(),
                nonce,
            ),
            Profile::StakeCompatible,
        )
    }

    #[test]
    fn published_pockets() {
        // The published roulette vectors (rng/tests/published_vectors.rs): 27 and 19.
        let t = table(Wheel::European, false);
        let bet = one(Spot::Straight { number: p(27) }, 10);
        let s = t
            .start(&bet, &mut fair("server seed", "client seed", 1))
            .unwrap()
            .settled()
            .unwrap();
        assert_eq!(s.outcome.pocket, p(27));
        assert_eq!(s.outcome.color, Color::Red);
        assert_eq!(s.payout.minor(), 360);
        let s = t
            .start(&bet, &mut fair("server seed", "client seed", 2))
            .unwrap()
            .settled()
            .unwrap();
        assert_eq!(s.outcome.pocket, p(19));
        assert_eq!(s.payout.minor(), 0);
    }

    #[test]
    fn golden_american_and_unbiased() {
        // Value stability: these pin the American mapping and the unbiased profile.
        let t = table(Wheel::American, false);
        let bet = one(Spot::Red, 10);
        let got: Vec<String> = (1..=6)
            .map(|n| {
                t.start(&bet, &mut fair("server seed", "client seed", n))
                    .unwrap()
                    .settled()
                    .unwrap()
                    .outcome
                    .pocket
                    .to_string()
            })
            .collect();
        assert_eq!(got, ["28", "20", "8", "33", "17", "29"]);
        let u = Roulette::new(RouletteConfig {
            profile: Profile::Unbiased,
            ..RouletteConfig::default()
        })
        .unwrap();
        let mut rng = Sampler::new(ChaCha8Source::new(7, 0), Profile::Unbiased);
        let got: Vec<u8> = (0..6)
            .map(|_| {
                u.start(&bet, &mut rng)
                    .unwrap()
                    .settled()
                    .unwrap()
                    .outcome
                    .pocket
                    .0
            })
            .collect();
        assert_eq!(got, [28, 31, 12, 5, 20, 3]);
    }

    #[test]
    fn rtp_per_bet_type_and_wheel() {
        let eu = table(Wheel::European, false);
        let us = table(Wheel::American, false);
        let fr = table(Wheel::French, false);
        let fp = table(Wheel::French, true);
        let inside = [
            Spot::Straight { number: p(0) },
            Spot::Split {
                numbers: [p(1), p(2)],
            },
            Spot::Split {
                numbers: [p(0), p(3)],
            },
            Spot::Street {
                numbers: [p(4), p(5), p(6)],
            },
            Spot::Trio {
                numbers: [p(0), p(1), p(2)],
            },
            Spot::Corner {
                numbers: [p(1), p(2), p(4), p(5)],
            },
            Spot::SixLine {
                numbers: [p(31), p(32), p(33), p(34), p(35), p(36)],
            },
            Spot::Column { column: 3 },
            Spot::Dozen { dozen: 2 },
        ];
        for s in &inside {
            assert_eq!(eu.spot_rtp(s).unwrap(), Ratio::new(36, 37), "{s:?}");
            assert_eq!(fr.spot_rtp(s).unwrap(), Ratio::new(36, 37), "{s:?}");
        }
        assert_eq!(eu.spot_rtp(&Spot::FirstFour).unwrap(), Ratio::new(36, 37));
        for s in [Spot::Voisins, Spot::Tiers, Spot::Orphelins, Spot::JeuZero] {
            assert_eq!(eu.spot_rtp(&s).unwrap(), Ratio::new(36, 37), "{s:?}");
        }
        let nb = Spot::Neighbours { number: p(0), n: 2 };
        assert_eq!(eu.spot_rtp(&nb).unwrap(), Ratio::new(36, 37));
        for s in [
            Spot::Red,
            Spot::Black,
            Spot::Odd,
            Spot::Even,
            Spot::Low,
            Spot::High,
        ] {
            assert_eq!(eu.spot_rtp(&s).unwrap(), Ratio::new(36, 37));
            assert_eq!(us.spot_rtp(&s).unwrap(), Ratio::new(36, 38));
            assert_eq!(fr.spot_rtp(&s).unwrap(), Ratio::new(73, 74));
            assert_eq!(fp.spot_rtp(&s).unwrap(), Ratio::new(1350, 1369));
        }
        assert_eq!(
            us.spot_rtp(&Spot::Straight {
                number: Pocket::DOUBLE_ZERO
            })
            .unwrap(),
            Ratio::new(36, 38)
        );
        assert_eq!(us.spot_rtp(&Spot::TopLine).unwrap(), Ratio::new(35, 38));
        assert_eq!(
            us.spot_rtp(&Spot::Trio {
                numbers: [p(0), Pocket::DOUBLE_ZERO, p(2)]
            })
            .unwrap(),
            Ratio::new(36, 38)
        );
    }

    #[test]
    fn call_bets_expand() {
        let eu = table(Wheel::European, false);
        let v = eu.components(&Spot::Voisins).unwrap();
        assert_eq!(v.iter().map(|c| u32::from(c.2)).sum::<u32>(), 9);
        let covered: u32 = v.iter().map(|c| c.0.len() as u32).sum();
        assert_eq!(covered, 17);
        let o = eu.components(&Spot::Orphelins).unwrap();
        assert_eq!(o.iter().map(|c| c.0.len()).sum::<usize>(), 9);
        let n = eu
            .components(&Spot::Neighbours { number: p(0), n: 2 })
            .unwrap();
        let ns: Vec<u8> = n.iter().map(|c| c.0[0].0).collect();
        assert_eq!(ns, [0, 3, 15, 26, 32]);
        // Voisins pays on 26 with the corner: 2 pieces × 9 = 18 units of one piece.
        let bet = one(Spot::Voisins, 90);
        let r = eu.resolve(&bet.params.bets[0].bet, 0).unwrap();
        assert_eq!(r.payout(90, 26), 180);
        assert_eq!(r.payout(90, 0), 240); // trio 2 pieces × 12
        assert_eq!(r.payout(90, 1), 0);
        // Jeu zéro on 12: split 12/15 → one piece × 18.
        let r = eu.resolve(&Spot::JeuZero, 0).unwrap();
        assert_eq!(r.payout(40, 12), 180);
        // Orphelins on 17: two splits.
        let r = eu.resolve(&Spot::Orphelins, 0).unwrap();
        assert_eq!(r.payout(50, 17), 360);
    }

    #[test]
    fn illegal_bets_are_precise_errors() {
        let eu = table(Wheel::European, false);
        let us = table(Wheel::American, false);
        let err = |t: &Roulette, s: Spot| t.validate(&one(s, 12)).unwrap_err().to_string();
        assert!(
            err(
                &eu,
                Spot::Split {
                    numbers: [p(3), p(4)]
                }
            )
            .contains("3-4 is not a legal split")
        );
        assert!(
            err(
                &eu,
                Spot::Split {
                    numbers: [p(1), p(5)]
                }
            )
            .contains("not a legal split")
        );
        assert!(
            err(
                &eu,
                Spot::Straight {
                    number: Pocket::DOUBLE_ZERO
                }
            )
            .contains("00 is not on")
        );
        assert!(err(&eu, Spot::TopLine).contains("American"));
        assert!(err(&us, Spot::FirstFour).contains("single-zero"));
        assert!(err(&us, Spot::Voisins).contains("single-zero"));
        assert!(
            err(
                &eu,
                Spot::Street {
                    numbers: [p(2), p(3), p(4)]
                }
            )
            .contains("street")
        );
        assert!(
            err(
                &eu,
                Spot::Corner {
                    numbers: [p(3), p(4), p(6), p(7)]
                }
            )
            .contains("corner")
        );
        assert!(
            err(
                &eu,
                Spot::Split {
                    numbers: [p(5), p(5)]
                }
            )
            .contains("repeated")
        );
        assert!(err(&eu, Spot::Column { column: 4 }).contains("column 4"));
        assert!(err(&eu, Spot::Neighbours { number: p(1), n: 0 }).contains("neighbours"));
        // Voisins needs a multiple of 9.
        assert!(err(&eu, Spot::Voisins).contains("multiple of the bet's 9 pieces"));
        // Stakes must add up.
        let mut bet = one(Spot::Red, 10);
        bet.stake = Amount::from_minor(11);
        assert!(
            eu.validate(&bet)
                .unwrap_err()
                .to_string()
                .contains("add up to 10")
        );
        let empty = Bet::new(Amount::ZERO, RouletteParams::new(vec![]));
        assert!(eu.validate(&empty).is_err());
        // Index of the bad bet is named.
        let two = Bet::new(
            Amount::from_minor(2),
            RouletteParams::new(vec![
                Placed::new(Spot::Red, Amount::from_minor(1)),
                Placed::new(Spot::Dozen { dozen: 0 }, Amount::from_minor(1)),
            ]),
        );
        assert!(
            eu.validate(&two)
                .unwrap_err()
                .to_string()
                .contains("params.bets[1]")
        );
        // American legal zero bets.
        for s in [
            Spot::Split {
                numbers: [p(0), Pocket::DOUBLE_ZERO],
            },
            Spot::Split {
                numbers: [Pocket::DOUBLE_ZERO, p(3)],
            },
            Spot::Trio {
                numbers: [Pocket::DOUBLE_ZERO, p(2), p(3)],
            },
        ] {
            assert!(us.validate(&one(s, 12)).is_ok());
        }
        assert!(
            us.validate(&one(
                Spot::Split {
                    numbers: [p(0), p(3)]
                },
                12
            ))
            .is_err()
        );
        assert!(
            eu.validate(&one(
                Spot::Split {
                    numbers: [p(0), p(3)]
                },
                12
            ))
            .is_ok()
        );
    }

    #[test]
    fn config_validation() {
        assert!(
            Roulette::new(RouletteConfig {
                en_prison: true,
                ..RouletteConfig::default()
            })
            .is_err()
        );
        assert!(
            Roulette::new(RouletteConfig {
                max_bets: 0,
                ..RouletteConfig::default()
            })
            .is_err()
        );
        let c: Result<RouletteConfig, _> = serde_json::from_str(r#"{"wheel":"french","x":1}"#);
        assert!(c.is_err());
        let c: RouletteConfig =
            serde_json::from_str(r#"{"wheel":"french","en_prison":true}"#).unwrap();
        assert!(Roulette::new(c).is_ok());
    }

    #[test]
    fn json_bets() {
        let params: RouletteParams = serde_json::from_str(
            r#"{"bets":[{"bet":{"type":"split","numbers":["00",3]},"stake":5},
                         {"bet":{"type":"neighbours","number":17,"n":2},"stake":5}]}"#,
        )
        .unwrap();
        assert_eq!(
            params.bets[0].bet,
            Spot::Split {
                numbers: [Pocket::DOUBLE_ZERO, p(3)]
            }
        );
        assert!(serde_json::from_str::<Pocket>("37").is_err());
        // Unknown fields are refused on bets with fields (serde ignores extra keys next to
        // the tag of a field-less bet such as red).
        assert!(serde_json::from_str::<Spot>(r#"{"type":"split","numbers":[1,2],"x":1}"#).is_err());
        assert!(serde_json::from_str::<Spot>(r#"{"type":"purple"}"#).is_err());
        assert!(
            serde_json::from_str::<Placed>(r#"{"bet":{"type":"red"},"stake":1,"x":1}"#).is_err()
        );
        assert_eq!(
            serde_json::to_string(&Pocket::DOUBLE_ZERO).unwrap(),
            "\"00\""
        );
    }

    #[test]
    fn la_partage_and_prison() {
        let fr = table(Wheel::French, false);
        let fp = table(Wheel::French, true);
        let r = fr.resolve(&Spot::Red, 0).unwrap();
        assert_eq!(fr.settle_one(&r, 11, 0, None), 5);
        assert_eq!(fp.settle_one(&r, 11, 0, Some(1)), 11);
        assert_eq!(fp.settle_one(&r, 11, 0, Some(2)), 0);
        assert_eq!(fp.settle_one(&r, 11, 0, Some(0)), 0);
        // A prison spin is drawn only when 0 hits and an even-money bet is on the table.
        let bet = one(Spot::Red, 10);
        let mut rng = Sampler::new(ChaCha8Source::new(3, 0), Profile::StakeCompatible);
        let mut zeros = 0;
        for _ in 0..5000 {
            let s = fp.start(&bet, &mut rng).unwrap().settled().unwrap();
            assert_eq!(s.outcome.prison_pocket.is_some(), s.outcome.pocket.0 == 0);
            zeros += u32::from(s.outcome.pocket.0 == 0);
        }
        assert!(zeros > 50);
    }

    #[test]
    fn invalid_bet_draws_nothing() {
        let eu = table(Wheel::European, false);
        let mut rng = fair("s", "c", 0);
        assert!(
            eu.start(&one(Spot::Column { column: 0 }, 5), &mut rng)
                .is_err()
        );
        assert_eq!(rng.source().position(), 0);
    }

    fn any_spot() -> impl Strategy<Value = Spot> {
        let n = || (0u8..=37).prop_map(Pocket);
        prop_oneof![
            n().prop_map(|number| Spot::Straight { number }),
            (n(), n()).prop_map(|(a, b)| Spot::Split { numbers: [a, b] }),
            (n(), n(), n()).prop_map(|(a, b, c)| Spot::Street { numbers: [a, b, c] }),
            (n(), n(), n()).prop_map(|(a, b, c)| Spot::Trio { numbers: [a, b, c] }),
            (1u8..34).prop_map(|a| Spot::Corner {
                numbers: [p(a), p(a + 1), p(a + 3), p(a + 4)]
            }),
            (1u8..32).prop_map(|a| Spot::SixLine {
                numbers: [p(a), p(a + 1), p(a + 2), p(a + 3), p(a + 4), p(a + 5)]
            }),
            (0u8..5).prop_map(|column| Spot::Column { column }),
            (0u8..5).prop_map(|dozen| Spot::Dozen { dozen }),
            Just(Spot::Red),
            Just(Spot::Even),
            Just(Spot::High),
            Just(Spot::FirstFour),
            Just(Spot::TopLine),
            Just(Spot::Voisins),
            Just(Spot::Tiers),
            (n(), 0u8..20).prop_map(|(number, n)| Spot::Neighbours { number, n }),
        ]
    }

    proptest! {
        #[test]
        fn payout_bounded_and_exact_rtp_consistent(
            wheel in prop_oneof![Just(Wheel::European), Just(Wheel::American), Just(Wheel::French)],
            prison in any::<bool>(),
            spots in proptest::collection::vec((any_spot(), 1u64..50), 1..6),
            seed in any::<u64>(),
        ) {
            let t = table(wheel, prison && wheel == Wheel::French);
            let bets: Vec<Placed> = spots
                .into_iter()
                .map(|(s, k)| Placed::new(s, Amount::from_minor(k * 2 * 3 * 5 * 7 * 3)))
                .collect();
            let params = RouletteParams::new(bets);
            let bet = Bet::new(params.total_stake().unwrap(), params.clone());
            let mut rng = Sampler::new(ChaCha8Source::new(seed, 0), Profile::StakeCompatible);
            match t.start(&bet, &mut rng) {
                Err(_) => {
                    prop_assert!(t.validate(&bet).is_err());
                    prop_assert!(t.exact_rtp(&params).is_none());
                }
                Ok(step) => {
                    let s = step.settled().unwrap();
                    prop_assert!(s.payout.minor() <= 36 * s.total_stake.minor());
                    let sum: u64 = s.outcome.returns.iter().map(|r| r.payout.minor()).sum();
                    prop_assert_eq!(sum, s.payout.minor());
                    let rtp = t.exact_rtp(&params).unwrap();
                    // Every legal combination returns at most 36/37 (single zero) and at least
                    // 35/38 (American top line).
                    prop_assert!(rtp.to_f64() <= 73.0 / 74.0 + 1e-12);
                    prop_assert!(rtp.to_f64() >= 35.0 / 38.0 - 1e-12);
                }
            }
        }
    }
}
