//! Plinko: a ball falls through 8–16 rows of pins into one of `rows + 1` buckets; each bucket
//! pays a multiplier from a payout table chosen by the number of rows and the risk level.
//!
//! # Rules
//!
//! - At each row the ball goes left or right with probability ½: `index_below(2)` per row,
//!   `1` = right (the published plinko scheme: under `stake-compatible`, each direction is
//!   `floor(float × 2)` of the next 4 bytes). The bucket is the number of right moves, so
//!   bucket `k` has probability `C(rows, k) / 2^rows`.
//! - Payout tables are data (`PlinkoConfig::tables`): one list of `rows + 1` multipliers per
//!   (rows, risk). The shipped defaults return 99 % ± 0.03 % (all 27 are listed in
//!   `docs/games/plinko.md`).
//! - The payout is `floor(stake × multiplier)`. The outcome records the path, left to right
//!   as `L`/`R` per row, for animation.
//! - Exact RTP = `Σ_k C(rows, k) · m_k / 2^rows`.
//!
//! ```
//! use kingpin_engine::games::plinko::{Plinko, PlinkoConfig, PlinkoParams, Risk};
//! use kingpin_engine::Game;
//!
//! let game = Plinko::new(PlinkoConfig::default())?;
//! let rtp = game.exact_rtp(&PlinkoParams { rows: 16, risk: Risk::High }).unwrap();
//! assert!((rtp.to_f64() - 0.99).abs() < 0.002);
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use kingpin_rng::{Profile, RandomSource, Sampler};
use kingpin_units::{Amount, Multiplier};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Bet, Game, GameError, Ratio, Settlement, Step};

/// Fewest rows.
pub const MIN_ROWS: u8 = 8;
/// Most rows.
pub const MAX_ROWS: u8 = 16;
/// Largest multiplier a table may hold.
pub const MAX_MULTIPLIER: u64 = 1_000_000;

/// The risk level.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    /// Small spread.
    Low,
    /// Medium spread.
    Medium,
    /// Large spread.
    High,
}

impl Risk {
    /// All three.
    pub const ALL: [Risk; 3] = [Risk::Low, Risk::Medium, Risk::High];

    fn index(self) -> usize {
        self as usize
    }
}

/// The shipped tables, in hundredths, for low/medium/high × 8..=16 rows.
const DEFAULT_HUNDREDTHS: [&[u32]; 27] = [
    // low, 8 rows: RTP 99.0000 %
    &[516, 200, 114, 84, 76, 84, 114, 200, 516],
    // low, 9 rows: RTP 98.9961 %
    &[683, 254, 135, 93, 77, 77, 93, 135, 254, 683],
    // low, 10 rows: RTP 98.9961 %
    &[906, 322, 162, 105, 82, 75, 82, 105, 162, 322, 906],
    // low, 11 rows: RTP 99.0000 %
    &[1210, 409, 198, 121, 90, 76, 76, 90, 121, 198, 409, 1210],
    // low, 12 rows: RTP 98.9966 %
    &[1620, 529, 247, 143, 99, 80, 75, 80, 99, 143, 247, 529, 1620],
    // low, 13 rows: RTP 99.0010 %
    &[
        2170, 683, 307, 170, 113, 86, 76, 76, 86, 113, 170, 307, 683, 2170,
    ],
    // low, 14 rows: RTP 98.9967 %
    &[
        2910, 888, 382, 205, 130, 95, 79, 75, 79, 95, 130, 205, 382, 888, 2910,
    ],
    // low, 15 rows: RTP 99.0015 %
    &[
        3910, 1160, 482, 248, 152, 105, 85, 76, 76, 85, 105, 152, 248, 482, 1160, 3910,
    ],
    // low, 16 rows: RTP 99.0009 %
    &[
        5260, 1510, 610, 304, 181, 121, 93, 78, 74, 78, 93, 121, 181, 304, 610, 1510, 5260,
    ],
    // medium, 8 rows: RTP 99.0234 %
    &[1380, 291, 113, 68, 57, 68, 113, 291, 1380],
    // medium, 9 rows: RTP 98.9883 %
    &[2190, 423, 150, 79, 58, 58, 79, 150, 423, 2190],
    // medium, 10 rows: RTP 98.9941 %
    &[3500, 625, 203, 97, 63, 55, 63, 97, 203, 625, 3500],
    // medium, 11 rows: RTP 98.9990 %
    &[5620, 928, 278, 123, 73, 56, 56, 73, 123, 278, 928, 5620],
    // medium, 12 rows: RTP 98.9980 %
    &[
        9080, 1410, 393, 159, 86, 61, 54, 61, 86, 159, 393, 1410, 9080,
    ],
    // medium, 13 rows: RTP 98.9973 %
    &[
        14700, 2150, 558, 211, 106, 69, 55, 55, 69, 106, 211, 558, 2150, 14700,
    ],
    // medium, 14 rows: RTP 98.9954 %
    &[
        23900, 3300, 813, 287, 134, 80, 59, 53, 59, 80, 134, 287, 813, 3300, 23900,
    ],
    // medium, 15 rows: RTP 99.0065 %
    &[
        39000, 5110, 1190, 394, 173, 96, 66, 54, 54, 66, 96, 173, 394, 1190, 5110, 39000,
    ],
    // medium, 16 rows: RTP 99.0067 %
    &[
        63700, 7960, 1760, 555, 228, 117, 75, 58, 53, 58, 75, 117, 228, 555, 1760, 7960, 63700,
    ],
    // high, 8 rows: RTP 99.0000 %
    &[2820, 353, 101, 50, 40, 50, 101, 353, 2820],
    // high, 9 rows: RTP 99.0117 %
    &[5070, 565, 142, 60, 40, 40, 60, 142, 565, 5070],
    // high, 10 rows: RTP 98.9980 %
    &[9220, 922, 205, 76, 44, 37, 44, 76, 205, 922, 9220],
    // high, 11 rows: RTP 98.9932 %
    &[16900, 1540, 305, 102, 51, 37, 37, 51, 102, 305, 1540, 16900],
    // high, 12 rows: RTP 99.0093 %
    &[
        31200, 2600, 475, 142, 63, 39, 34, 39, 63, 142, 475, 2600, 31200,
    ],
    // high, 13 rows: RTP 99.0007 %
    &[
        57900, 4460, 745, 203, 80, 45, 34, 34, 45, 80, 203, 745, 4460, 57900,
    ],
    // high, 14 rows: RTP 99.0206 %
    &[
        108100, 7720, 1190, 298, 107, 54, 36, 32, 36, 54, 107, 298, 1190, 7720, 108100,
    ],
    // high, 15 rows: RTP 98.9865 %
    &[
        202800, 13500, 1930, 446, 148, 68, 41, 31, 31, 41, 68, 148, 446, 1930, 13500, 202800,
    ],
    // high, 16 rows: RTP 99.0060 %
    &[
        381700, 23900, 3180, 681, 210, 87, 48, 33, 30, 33, 48, 87, 210, 681, 3180, 23900, 381700,
    ],
];

/// One payout table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayTable {
    /// Rows of pins, 8–16.
    pub rows: u8,
    /// Risk level.
    pub risk: Risk,
    /// `rows + 1` multipliers, bucket 0 (far left) first.
    pub multipliers: Vec<Multiplier>,
}

/// Plinko configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlinkoConfig {
    /// The payout tables (default: the shipped 27, every rows × risk).
    pub tables: Vec<PayTable>,
    /// Sampler profile (default `stake-compatible`).
    pub profile: Profile,
}

impl Default for PlinkoConfig {
    fn default() -> Self {
        let mut tables = Vec::with_capacity(27);
        for (i, h) in DEFAULT_HUNDREDTHS.iter().enumerate() {
            tables.push(PayTable {
                rows: MIN_ROWS + (i % 9) as u8,
                risk: Risk::ALL[i / 9],
                multipliers: h
                    .iter()
                    .map(|&x| Multiplier::from_ratio(u64::from(x), 100).unwrap_or(Multiplier::ZERO))
                    .collect(),
            });
        }
        PlinkoConfig {
            tables,
            profile: Profile::StakeCompatible,
        }
    }
}

/// The player's choice.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlinkoParams {
    /// Rows, 8–16.
    pub rows: u8,
    /// Risk level.
    pub risk: Risk,
}

/// The ball's path: bit `i` set = right at row `i`. Written as a string of `L`/`R`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Path {
    bits: u16,
    rows: u8,
}

impl Path {
    /// The direction at each row, `true` = right.
    pub fn moves(&self) -> impl Iterator<Item = bool> + '_ {
        (0..self.rows).map(|i| self.bits & (1 << i) != 0)
    }

    /// The bucket reached: the number of right moves.
    pub fn bucket(&self) -> u8 {
        self.bits.count_ones() as u8
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for right in self.moves() {
            f.write_str(if right { "R" } else { "L" })?;
        }
        Ok(())
    }
}

impl Serialize for Path {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Path {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text.len() > usize::from(MAX_ROWS) {
            return Err(serde::de::Error::custom("a path has at most 16 moves"));
        }
        let mut bits = 0u16;
        for (i, c) in text.chars().enumerate() {
            match c {
                'R' => bits |= 1 << i,
                'L' => {}
                _ => return Err(serde::de::Error::custom("a path is a string of L and R")),
            }
        }
        Ok(Path {
            bits,
            rows: text.len() as u8,
        })
    }
}

/// What a drop shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct PlinkoOutcome {
    /// Rows and risk of the bet.
    pub params: PlinkoParams,
    /// The path, one `L`/`R` per row.
    pub path: Path,
    /// The bucket, 0 (far left) to `rows`.
    pub bucket: u8,
    /// Its multiplier.
    pub multiplier: Multiplier,
}

/// A validated plinko game.
#[derive(Clone, Debug)]
pub struct Plinko {
    config: PlinkoConfig,
    /// `lookup[risk][rows − 8]` = index into `config.tables` and the table's largest
    /// multiplier numerator (a stake whose product with it fits in 64 bits can be paid from
    /// every bucket, so a round checks one product instead of the whole table).
    lookup: [[Option<(usize, u64)>; 9]; 3],
}

impl Plinko {
    /// Validate a configuration.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] for rows outside 8–16, a table of the wrong length, a
    /// multiplier above [`MAX_MULTIPLIER`], or two tables for the same rows and risk.
    pub fn new(config: PlinkoConfig) -> Result<Plinko, GameError> {
        let mut lookup = [[None; 9]; 3];
        for (i, t) in config.tables.iter().enumerate() {
            let field = |f: &str| format!("tables[{i}].{f}");
            if !(MIN_ROWS..=MAX_ROWS).contains(&t.rows) {
                return Err(GameError::config(
                    field("rows"),
                    format!("{} rows; allowed {MIN_ROWS}–{MAX_ROWS}", t.rows),
                ));
            }
            if t.multipliers.len() != usize::from(t.rows) + 1 {
                return Err(GameError::config(
                    field("multipliers"),
                    format!(
                        "{} multipliers; {} rows need {}",
                        t.multipliers.len(),
                        t.rows,
                        t.rows + 1
                    ),
                ));
            }
            if let Some(m) = t
                .multipliers
                .iter()
                .find(|m| **m > Multiplier::from_int(MAX_MULTIPLIER))
            {
                return Err(GameError::config(
                    field("multipliers"),
                    format!("{m} is above the limit {MAX_MULTIPLIER}"),
                ));
            }
            let slot = &mut lookup[t.risk.index()][usize::from(t.rows - MIN_ROWS)];
            if slot.is_some() {
                return Err(GameError::config(
                    field("rows"),
                    format!("a second table for {} rows, {:?} risk", t.rows, t.risk),
                ));
            }
            let top = t
                .multipliers
                .iter()
                .map(|m| m.numerator())
                .max()
                .unwrap_or(0);
            *slot = Some((i, top));
        }
        Ok(Plinko { config, lookup })
    }

    /// The configuration.
    pub fn config(&self) -> &PlinkoConfig {
        &self.config
    }

    /// The table for a bet.
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] for rows outside 8–16 or a combination with no table.
    pub fn table(&self, p: &PlinkoParams) -> Result<&PayTable, GameError> {
        Ok(self.table_and_top(p)?.0)
    }

    /// [`Plinko::table`] with its largest multiplier numerator.
    #[inline]
    fn table_and_top(&self, p: &PlinkoParams) -> Result<(&PayTable, u64), GameError> {
        if !(MIN_ROWS..=MAX_ROWS).contains(&p.rows) {
            return Err(GameError::bet(
                "params.rows",
                format!("{} rows; allowed {MIN_ROWS}–{MAX_ROWS}", p.rows),
            ));
        }
        self.lookup[p.risk.index()][usize::from(p.rows - MIN_ROWS)]
            .and_then(|(i, top)| Some((self.config.tables.get(i)?, top)))
            .ok_or_else(|| {
                GameError::bet(
                    "params",
                    format!("no payout table for {} rows, {:?} risk", p.rows, p.risk),
                )
            })
    }

    /// Drop a ball: one `index_below(2)` per row, drawn together
    /// ([`Sampler::coin_flips`], the same values).
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] for rows outside 8–16 (nothing is drawn).
    pub fn drop_ball<R: RandomSource>(
        &self,
        rows: u8,
        rng: &mut Sampler<R>,
    ) -> Result<Path, GameError> {
        if !(MIN_ROWS..=MAX_ROWS).contains(&rows) {
            return Err(GameError::bet(
                "params.rows",
                format!("{rows} rows; allowed {MIN_ROWS}–{MAX_ROWS}"),
            ));
        }
        let flips = rng.coin_flips(u32::from(rows))?;
        // At most 16 rows: every flip fits the path's 16 bits.
        let bits = (flips & 0xFFFF) as u16;
        Ok(Path { bits, rows })
    }
}

/// Check that `floor(stake × m)` fits in an [`Amount`] for every `m` (64-bit products first;
/// 128-bit only where they overflow).
#[inline]
pub(crate) fn check_payable(ms: &[Multiplier], stake: Amount) -> Result<(), GameError> {
    for m in ms {
        if stake.minor().checked_mul(m.numerator()).is_none() {
            m.payout(stake)?;
        }
    }
    Ok(())
}

/// `floor(stake × m)`, in 64 bits when it fits (the same value as [`Multiplier::payout`]).
#[inline]
pub(crate) fn pay(m: Multiplier, stake: Amount) -> Result<Amount, GameError> {
    match stake.minor().checked_mul(m.numerator()) {
        Some(x) => Ok(Amount::from_minor(x / m.denominator())),
        None => Ok(m.payout(stake)?),
    }
}

impl Game for Plinko {
    type Params = PlinkoParams;
    type State = ();
    type Action = ();
    type Outcome = PlinkoOutcome;
    const NAME: &'static str = "plinko";

    fn profile(&self) -> Profile {
        self.config.profile
    }

    fn start<R: RandomSource>(
        &self,
        bet: &Bet<PlinkoParams>,
        rng: &mut Sampler<R>,
    ) -> Result<Step<(), PlinkoOutcome>, GameError> {
        let (table, top) = self.table_and_top(&bet.params)?;
        // Every payout of the table fits: checked before drawing (one product when the largest
        // numerator's fits in 64 bits, which bounds every other; else each multiplier's).
        if bet.stake.minor().checked_mul(top).is_none() {
            check_payable(&table.multipliers, bet.stake)?;
        }
        let path = self.drop_ball(bet.params.rows, rng)?;
        let bucket = path.bucket();
        let multiplier = table.multipliers[usize::from(bucket)];
        Ok(Step::Settled(Settlement {
            outcome: PlinkoOutcome {
                params: bet.params,
                path,
                bucket,
                multiplier,
            },
            total_stake: bet.stake,
            payout: pay(multiplier, bet.stake)?,
        }))
    }

    fn exact_rtp(&self, params: &PlinkoParams) -> Option<Ratio> {
        let table = self.table(params).ok()?;
        let n = u32::from(params.rows);
        let mut sum = Ratio::ZERO;
        let mut c: u128 = 1; // C(n, k)
        for (k, m) in table.multipliers.iter().enumerate() {
            sum = sum
                + Ratio::new(
                    c * u128::from(m.numerator()),
                    u128::from(m.denominator()) << n,
                );
            c = c * (u128::from(n) - k as u128) / (k as u128 + 1);
        }
        Some(sum)
    }
}

impl crate::catalog::Catalogued for Plinko {
    type Config = PlinkoConfig;
    type Bot = crate::sim::NoActions;

    fn from_config(config: PlinkoConfig) -> Result<Plinko, GameError> {
        Plinko::new(config)
    }

    fn bot(&self) -> crate::sim::NoActions {
        crate::sim::NoActions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use kingpin_rng::{ByteStream, ChaCha8Source, ClientSeed, ServerSeed};
    use proptest::prelude::*;

    fn fair(nonce: u64) -> Sampler<ByteStream> {
        Sampler::new(
            ByteStream::new(
                &ServerSeed::new("server seed").unwrap(),
                &ClientSeed::new("client seed").unwrap(),
                nonce,
            ),
            Profile::StakeCompatible,
        )
    }

    #[test]
    fn shipped_tables_return_99_percent() {
        let g = Plinko::new(PlinkoConfig::default()).unwrap();
        for risk in Risk::ALL {
            for rows in MIN_ROWS..=MAX_ROWS {
                let rtp = g.exact_rtp(&PlinkoParams { rows, risk }).unwrap().to_f64();
                assert!((rtp - 0.99).abs() <= 0.002, "{rows} {risk:?}: {rtp}");
                let t = g.table(&PlinkoParams { rows, risk }).unwrap();
                let mut rev = t.multipliers.clone();
                rev.reverse();
                assert_eq!(rev, t.multipliers, "tables are symmetric");
            }
        }
        // Pinned exactly: 8 rows low is 99 % on the nose.
        let p = PlinkoParams {
            rows: 8,
            risk: Risk::Low,
        };
        assert_eq!(g.exact_rtp(&p).unwrap(), Ratio::new(99, 100));
    }

    #[test]
    fn published_plinko_buckets() {
        // rng/tests/published_vectors.rs: 8 rows, nonces 1–3 → buckets 7, 2, 5.
        let g = Plinko::new(PlinkoConfig::default()).unwrap();
        let bet = Bet::new(
            Amount::from_minor(100),
            PlinkoParams {
                rows: 8,
                risk: Risk::Medium,
            },
        );
        let got: Vec<(u8, String)> = (1..=3)
            .map(|n| {
                let s = g.start(&bet, &mut fair(n)).unwrap().settled().unwrap();
                assert_eq!(
                    usize::from(s.outcome.bucket),
                    s.outcome.path.to_string().matches('R').count()
                );
                (s.outcome.bucket, s.outcome.path.to_string())
            })
            .collect();
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), [7, 2, 5]);
        assert_eq!(
            got.iter().map(|g| g.1.clone()).collect::<Vec<_>>(),
            ["RRLRRRRR", "RRLLLLLL", "LRLLRRRR"]
        );
    }

    #[test]
    fn golden_sixteen_rows_unbiased() {
        let g = Plinko::new(PlinkoConfig {
            profile: Profile::Unbiased,
            ..PlinkoConfig::default()
        })
        .unwrap();
        let bet = Bet::new(
            Amount::from_minor(1000),
            PlinkoParams {
                rows: 16,
                risk: Risk::High,
            },
        );
        let mut rng = Sampler::new(ChaCha8Source::new(9, 0), g.profile());
        let got: Vec<(String, u64)> = (0..3)
            .map(|_| {
                let s = g.start(&bet, &mut rng).unwrap().settled().unwrap();
                (s.outcome.path.to_string(), s.payout.minor())
            })
            .collect();
        let want = [
            ("RLRRRRLLRLRLRLLL", 300),
            ("LRRRRLRRRRRLLRRR", 2100),
            ("LLLLLLRRLRRLRRRR", 300),
        ];
        assert_eq!(got, want.map(|(p, x)| (p.to_string(), x)).to_vec());
    }

    #[test]
    fn errors_and_config() {
        let g = Plinko::new(PlinkoConfig::default()).unwrap();
        let mut rng = fair(1);
        let bet = Bet::new(
            Amount::from_minor(1),
            PlinkoParams {
                rows: 17,
                risk: Risk::Low,
            },
        );
        assert!(
            g.start(&bet, &mut rng)
                .unwrap_err()
                .to_string()
                .contains("17 rows")
        );
        assert_eq!(rng.source().position(), 0);
        let mut c = PlinkoConfig::default();
        c.tables[0].multipliers.pop();
        assert!(
            Plinko::new(c)
                .unwrap_err()
                .to_string()
                .contains("tables[0].multipliers")
        );
        let mut c = PlinkoConfig::default();
        c.tables[1] = c.tables[0].clone();
        assert!(
            Plinko::new(c)
                .unwrap_err()
                .to_string()
                .contains("second table")
        );
        let mut c = PlinkoConfig::default();
        c.tables.truncate(1);
        let g = Plinko::new(c).unwrap();
        assert!(
            g.table(&PlinkoParams {
                rows: 9,
                risk: Risk::Low
            })
            .is_err()
        );
        // Tables round-trip through JSON as data.
        let json = serde_json::to_string(&PlinkoConfig::default()).unwrap();
        let back: PlinkoConfig = serde_json::from_str(&json).unwrap();
        assert_eq!(back, PlinkoConfig::default());
        assert!(serde_json::from_str::<PlinkoParams>(r#"{"rows":8,"risk":"low","x":1}"#).is_err());
        let p: Path = serde_json::from_str("\"LRRL\"").unwrap();
        assert_eq!(p.bucket(), 2);
        assert!(serde_json::from_str::<Path>("\"LXR\"").is_err());
    }

    #[test]
    fn bucket_frequencies_are_binomial() {
        let g = Plinko::new(PlinkoConfig::default()).unwrap();
        let mut rng = Sampler::new(ChaCha8Source::new(5, 0), Profile::StakeCompatible);
        let n = 200_000u32;
        let mut counts = [0u32; 17];
        for _ in 0..n {
            counts[usize::from(g.drop_ball(16, &mut rng).unwrap().bucket())] += 1;
        }
        let mut c = 1f64;
        for (k, &got) in counts.iter().enumerate() {
            let p = c / 65536.0;
            let sd = (p * (1.0 - p) / f64::from(n)).sqrt();
            assert!(
                (f64::from(got) / f64::from(n) - p).abs() < 5.0 * sd + 1e-5,
                "bucket {k}"
            );
            c = c * (16.0 - k as f64) / (k as f64 + 1.0);
        }
    }

    proptest! {
        #[test]
        fn payout_never_exceeds_the_table(seed in any::<u64>(), rows in 8u8..=16, r in 0usize..3,
                                           stake in 0u64..1_000_000_000, unbiased in any::<bool>()) {
            let g = Plinko::new(PlinkoConfig {
                profile: if unbiased { Profile::Unbiased } else { Profile::StakeCompatible },
                ..PlinkoConfig::default()
            }).unwrap();
            let params = PlinkoParams { rows, risk: Risk::ALL[r] };
            let bet = Bet::new(Amount::from_minor(stake), params);
            let mut rng = Sampler::new(ChaCha8Source::new(seed, 0), g.profile());
            let s = g.start(&bet, &mut rng).unwrap().settled().unwrap();
            let top = g.table(&params).unwrap().multipliers.iter().copied().max().unwrap();
            prop_assert!(s.payout <= top.payout(bet.stake).unwrap());
            prop_assert_eq!(s.payout, s.outcome.multiplier.payout(bet.stake).unwrap());
            prop_assert_eq!(s.outcome.path.to_string().len(), usize::from(rows));
        }
    }
}
