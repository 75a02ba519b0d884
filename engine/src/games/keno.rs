//! Keno: pick 1–10 of 40 squares; 10 squares are drawn; the payout depends on the number of
//! hits, from a table chosen by the number of picks and the risk level.
//!
//! # Rules
//!
//! - The draw is 10 steps of the sampler's pick-and-remove on the ordered list `1, 2, …, 40`:
//!   step `i` (from 0) takes the element at `index_below(40 − i)` out of the remaining list.
//!   Under `stake-compatible` this is the published keno translation (`floor(float × (40 − i))`).
//! - Hits = picked squares among the 10 drawn; the bet returns `⌊stake × m[hits]⌋`.
//! - Payout tables are data (`KenoConfig::tables`); the shipped 40 (4 risks × 1–10 picks)
//!   return 99 % ± 0.03 % (listed in `docs/games/keno.md`).
//! - Exact RTP = `Σ_h P(h) · m[h]` with the hypergeometric
//!   `P(h) = C(n, h) · C(40 − n, 10 − h) / C(40, 10)`.
//!
//! ```
//! use kingpin_engine::games::keno::{Keno, KenoConfig, KenoParams, KenoRisk};
//! use kingpin_engine::Game;
//!
//! let game = Keno::new(KenoConfig::default())?;
//! let rtp = game.exact_rtp(&KenoParams { picks: vec![1, 7, 13, 40], risk: KenoRisk::High }).unwrap();
//! assert!((rtp.to_f64() - 0.99).abs() < 0.002);
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;
use alloc::vec::Vec;

use kingpin_rng::{Profile, RandomSource, Sampler};
use kingpin_units::Multiplier;
use serde::{Deserialize, Serialize};

use crate::{Bet, Game, GameError, Ratio, Settlement, Step};

/// Squares on the board.
pub const SQUARES: u8 = 40;
/// Squares drawn per round.
pub const DRAWN: usize = 10;
/// Most picks.
pub const MAX_PICKS: usize = 10;
/// Largest multiplier a table may hold.
pub const MAX_MULTIPLIER: u64 = 1_000_000;

/// The risk level.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KenoRisk {
    /// The classic table.
    Classic,
    /// Low variance.
    Low,
    /// Medium variance.
    Medium,
    /// High variance.
    High,
}

impl KenoRisk {
    /// All four.
    pub const ALL: [KenoRisk; 4] = [
        KenoRisk::Classic,
        KenoRisk::Low,
        KenoRisk::Medium,
        KenoRisk::High,
    ];
}

/// The shipped tables in hundredths: classic, low, medium, high × 1..=10 picks.
const DEFAULT_HUNDREDTHS: [&[u32]; 40] = [
    // classic, 1 picks: RTP 99.0000 %
    &[0, 396],
    // classic, 2 picks: RTP 98.9808 %
    &[0, 190, 449],
    // classic, 3 picks: RTP 99.0000 %
    &[0, 135, 229, 681],
    // classic, 4 picks: RTP 99.0002 %
    &[0, 0, 313, 671, 2405],
    // classic, 5 picks: RTP 99.0018 %
    &[0, 0, 212, 370, 963, 4090],
    // classic, 6 picks: RTP 99.0007 %
    &[0, 0, 161, 246, 524, 1594, 8019],
    // classic, 7 picks: RTP 99.0018 %
    &[0, 0, 0, 337, 619, 1553, 5630, 33500],
    // classic, 8 picks: RTP 98.9990 %
    &[0, 0, 0, 243, 399, 865, 2565, 10800, 79000],
    // classic, 9 picks: RTP 99.0002 %
    &[0, 0, 0, 189, 280, 543, 1388, 4875, 25300, 229600],
    // classic, 10 picks: RTP 98.9999 %
    &[0, 0, 0, 0, 386, 674, 1542, 4677, 19900, 130200, 1000000],
    // low, 1 picks: RTP 99.0000 %
    &[0, 396],
    // low, 2 picks: RTP 99.0192 %
    &[0, 203, 363],
    // low, 3 picks: RTP 99.0030 %
    &[0, 148, 209, 435],
    // low, 4 picks: RTP 99.0010 %
    &[0, 123, 154, 254, 595],
    // low, 5 picks: RTP 99.0017 %
    &[0, 111, 125, 182, 343, 895],
    // low, 6 picks: RTP 99.0009 %
    &[0, 0, 180, 237, 392, 825, 2428],
    // low, 7 picks: RTP 99.0010 %
    &[0, 0, 149, 181, 272, 503, 1187, 3895],
    // low, 8 picks: RTP 98.9986 %
    &[0, 0, 130, 148, 206, 343, 716, 1881, 7002],
    // low, 9 picks: RTP 99.0004 %
    &[0, 0, 0, 212, 275, 427, 800, 1849, 5534, 24100],
    // low, 10 picks: RTP 98.9986 %
    &[0, 0, 0, 174, 213, 311, 534, 1124, 2950, 10300, 57200],
    // medium, 1 picks: RTP 99.0000 %
    &[0, 396],
    // medium, 2 picks: RTP 98.9808 %
    &[0, 175, 549],
    // medium, 3 picks: RTP 99.0030 %
    &[0, 0, 525, 2245],
    // medium, 4 picks: RTP 99.0008 %
    &[0, 0, 277, 762, 4201],
    // medium, 5 picks: RTP 99.0015 %
    &[0, 0, 0, 806, 2870, 19800],
    // medium, 6 picks: RTP 98.9993 %
    &[0, 0, 0, 447, 1218, 5440, 46800],
    // medium, 7 picks: RTP 99.0016 %
    &[0, 0, 0, 0, 1345, 4604, 25600, 275200],
    // medium, 8 picks: RTP 99.0019 %
    &[0, 0, 0, 0, 755, 2125, 9064, 63100, 874600],
    // medium, 9 picks: RTP 99.0010 %
    &[0, 0, 0, 0, 0, 2437, 8553, 45700, 409500, 1000000],
    // medium, 10 picks: RTP 99.0003 %
    &[0, 0, 0, 0, 0, 1362, 4086, 18000, 123700, 1000000, 1000000],
    // high, 1 picks: RTP 99.0000 %
    &[0, 396],
    // high, 2 picks: RTP 99.0000 %
    &[0, 0, 1716],
    // high, 3 picks: RTP 99.0030 %
    &[0, 0, 469, 2875],
    // high, 4 picks: RTP 99.0043 %
    &[0, 0, 0, 1685, 14200],
    // high, 5 picks: RTP 98.9988 %
    &[0, 0, 0, 0, 7144, 79900],
    // high, 6 picks: RTP 99.0013 %
    &[0, 0, 0, 0, 2367, 15400, 225500],
    // high, 7 picks: RTP 99.0014 %
    &[0, 0, 0, 0, 0, 10600, 89500, 999300],
    // high, 8 picks: RTP 99.0004 %
    &[0, 0, 0, 0, 0, 0, 57300, 648400, 1000000],
    // high, 9 picks: RTP 98.9929 %
    &[0, 0, 0, 0, 0, 0, 20100, 164200, 1000000, 1000000],
    // high, 10 picks: RTP 98.9713 %
    &[0, 0, 0, 0, 0, 0, 0, 131400, 1000000, 1000000, 1000000],
];

/// One payout table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KenoTable {
    /// Risk level.
    pub risk: KenoRisk,
    /// Number of picks, 1–10.
    pub picks: u8,
    /// `picks + 1` multipliers, for 0, 1, … hits.
    pub multipliers: Vec<Multiplier>,
}

/// Keno configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KenoConfig {
    /// The payout tables (default: the shipped 40).
    pub tables: Vec<KenoTable>,
    /// Sampler profile (default `stake-compatible`).
    pub profile: Profile,
}

impl Default for KenoConfig {
    fn default() -> Self {
        let tables = DEFAULT_HUNDREDTHS
            .iter()
            .enumerate()
            .map(|(i, h)| KenoTable {
                risk: KenoRisk::ALL[i / 10],
                picks: (i % 10) as u8 + 1,
                multipliers: h
                    .iter()
                    .map(|&x| Multiplier::from_ratio(u64::from(x), 100).unwrap_or(Multiplier::ZERO))
                    .collect(),
            })
            .collect();
        KenoConfig {
            tables,
            profile: Profile::StakeCompatible,
        }
    }
}

/// The player's picks.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KenoParams {
    /// 1–10 distinct squares, each 1–40.
    pub picks: Vec<u8>,
    /// Risk level.
    pub risk: KenoRisk,
}

/// What a round shows.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct KenoOutcome {
    /// The 10 squares drawn, in draw order.
    pub drawn: [u8; DRAWN],
    /// The picked squares that were drawn, in pick order.
    pub hits: Vec<u8>,
    /// The multiplier paid.
    pub multiplier: Multiplier,
}

/// A validated keno game.
#[derive(Clone, Debug)]
pub struct Keno {
    config: KenoConfig,
    lookup: [[Option<usize>; MAX_PICKS]; 4],
}

/// `C(n, k)`.
fn choose(n: u128, k: u128) -> u128 {
    if k > n {
        return 0;
    }
    (0..k).fold(1u128, |acc, i| acc * (n - i) / (i + 1))
}

impl Keno {
    /// Validate a configuration.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] for picks outside 1–10, a table of the wrong length, a
    /// multiplier above [`MAX_MULTIPLIER`], or two tables for the same picks and risk.
    pub fn new(config: KenoConfig) -> Result<Keno, GameError> {
        let mut lookup = [[None; MAX_PICKS]; 4];
        for (i, t) in config.tables.iter().enumerate() {
            let field = |f: &str| format!("tables[{i}].{f}");
            if !(1..=MAX_PICKS as u8).contains(&t.picks) {
                return Err(GameError::config(
                    field("picks"),
                    format!("{} picks; allowed 1–{MAX_PICKS}", t.picks),
                ));
            }
            if t.multipliers.len() != usize::from(t.picks) + 1 {
                return Err(GameError::config(
                    field("multipliers"),
                    format!(
                        "{} multipliers; {} picks need {}",
                        t.multipliers.len(),
                        t.picks,
                        t.picks + 1
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
            let slot = &mut lookup[t.risk as usize][usize::from(t.picks - 1)];
            if slot.is_some() {
                return Err(GameError::config(
                    field("picks"),
                    format!("a second table for {} picks, {:?} risk", t.picks, t.risk),
                ));
            }
            *slot = Some(i);
        }
        Ok(Keno { config, lookup })
    }

    /// The configuration.
    pub fn config(&self) -> &KenoConfig {
        &self.config
    }

    /// Validate picks and find their table.
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] for no picks, more than 10, a square outside 1–40, a repeated
    /// square, or a combination with no table.
    pub fn table(&self, p: &KenoParams) -> Result<&KenoTable, GameError> {
        let n = p.picks.len();
        if n == 0 || n > MAX_PICKS {
            return Err(GameError::bet(
                "params.picks",
                format!("{n} picks; allowed 1–{MAX_PICKS}"),
            ));
        }
        let mut seen = 0u64;
        for (i, &s) in p.picks.iter().enumerate() {
            if !(1..=SQUARES).contains(&s) {
                return Err(GameError::bet(
                    format!("params.picks[{i}]"),
                    format!("square {s} is not 1–{SQUARES}"),
                ));
            }
            if seen & (1 << s) != 0 {
                return Err(GameError::bet(
                    format!("params.picks[{i}]"),
                    format!("square {s} is picked twice"),
                ));
            }
            seen |= 1 << s;
        }
        self.lookup[p.risk as usize][n - 1]
            .and_then(|i| self.config.tables.get(i))
            .ok_or_else(|| {
                GameError::bet(
                    "params",
                    format!("no payout table for {n} picks, {:?} risk", p.risk),
                )
            })
    }

    /// Draw 10 squares by pick-and-remove from `1..=40`.
    ///
    /// # Errors
    /// [`GameError::Rng`] only if the source fails.
    pub fn draw<R: RandomSource>(&self, rng: &mut Sampler<R>) -> Result<[u8; DRAWN], GameError> {
        let mut list: Vec<u8> = (1..=SQUARES).collect();
        let mut drawn = [0u8; DRAWN];
        for d in &mut drawn {
            *d = rng.pick_and_remove(&mut list)?;
        }
        Ok(drawn)
    }

    /// The exact probability of `h` hits with `n` picks.
    pub fn hit_probability(n: u8, h: u8) -> Ratio {
        let (n, h) = (u128::from(n), u128::from(h));
        let s = u128::from(SQUARES);
        let d = DRAWN as u128;
        if h > d {
            return Ratio::ZERO;
        }
        Ratio::new(choose(n, h) * choose(s - n, d - h), choose(s, d))
    }
}

impl Game for Keno {
    type Params = KenoParams;
    type State = ();
    type Action = ();
    type Outcome = KenoOutcome;
    const NAME: &'static str = "keno";

    fn profile(&self) -> Profile {
        self.config.profile
    }

    fn start<R: RandomSource>(
        &self,
        bet: &Bet<KenoParams>,
        rng: &mut Sampler<R>,
    ) -> Result<Step<(), KenoOutcome>, GameError> {
        let table = self.table(&bet.params)?;
        // Every payout of the table fits: checked before drawing.
        crate::games::plinko::check_payable(&table.multipliers, bet.stake)?;
        let drawn = self.draw(rng)?;
        let mask = drawn.iter().fold(0u64, |m, &s| m | 1 << s);
        let hits: Vec<u8> = bet
            .params
            .picks
            .iter()
            .copied()
            .filter(|&s| mask & (1 << s) != 0)
            .collect();
        let multiplier = table.multipliers[hits.len()];
        Ok(Step::Settled(Settlement {
            outcome: KenoOutcome {
                drawn,
                hits,
                multiplier,
            },
            total_stake: bet.stake,
            payout: crate::games::plinko::pay(multiplier, bet.stake)?,
        }))
    }

    fn exact_rtp(&self, params: &KenoParams) -> Option<Ratio> {
        let t = self.table(params).ok()?;
        let n = params.picks.len() as u8;
        let mut sum = Ratio::ZERO;
        for (h, m) in t.multipliers.iter().enumerate() {
            sum = sum
                + Keno::hit_probability(n, h as u8).times(Ratio::new(
                    u128::from(m.numerator()),
                    u128::from(m.denominator()),
                ));
        }
        Some(sum)
    }
}

impl crate::catalog::Catalogued for Keno {
    type Config = KenoConfig;
    type Bot = crate::sim::NoActions;

    fn from_config(config: KenoConfig) -> Result<Keno, GameError> {
        Keno::new(config)
    }

    fn bot(&self) -> crate::sim::NoActions {
        crate::sim::NoActions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;
    use kingpin_rng::{ByteStream, ChaCha8Source, ClientSeed, ServerSeed};
    use kingpin_units::Amount;
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
        let g = Keno::new(KenoConfig::default()).unwrap();
        for risk in KenoRisk::ALL {
            for n in 1..=10u8 {
                let picks: Vec<u8> = (1..=n).collect();
                let p = KenoParams { picks, risk };
                let rtp = g.exact_rtp(&p).unwrap().to_f64();
                assert!((rtp - 0.99).abs() <= 0.002, "{risk:?} {n}: {rtp}");
                let sum = (0..=n).fold(Ratio::ZERO, |s, h| s + Keno::hit_probability(n, h));
                assert_eq!(sum, Ratio::ONE);
            }
        }
        // One pick: a hit (probability 1/4) pays 3.96×: exactly 99 %.
        let p = KenoParams {
            picks: vec![5],
            risk: KenoRisk::Classic,
        };
        assert_eq!(g.exact_rtp(&p).unwrap(), Ratio::new(99, 100));
    }

    #[test]
    fn golden_draws() {
        let g = Keno::new(KenoConfig::default()).unwrap();
        let got: Vec<[u8; DRAWN]> = (1..=2).map(|n| g.draw(&mut fair(n)).unwrap()).collect();
        assert_eq!(
            got,
            [
                [30, 26, 10, 37, 22, 35, 25, 24, 39, 4],
                [22, 26, 8, 4, 3, 19, 9, 2, 34, 10]
            ]
        );
        // The first draw is floor(float × 40) of the first float: 0.7467… × 40 → index 29,
        // square 30.
        assert_eq!(got[0][0], 30);
    }

    #[test]
    fn errors() {
        let g = Keno::new(KenoConfig::default()).unwrap();
        let bad = |picks: Vec<u8>| {
            let b = Bet::new(
                Amount::from_minor(1),
                KenoParams {
                    picks,
                    risk: KenoRisk::Low,
                },
            );
            let mut rng = fair(1);
            let e = g.start(&b, &mut rng).unwrap_err().to_string();
            assert_eq!(rng.source().position(), 0);
            e
        };
        assert!(bad(vec![]).contains("0 picks"));
        assert!(bad((1..=11).collect()).contains("11 picks"));
        assert!(bad(vec![0]).contains("square 0"));
        assert!(bad(vec![41]).contains("square 41"));
        assert!(bad(vec![3, 3]).contains("picks[1]"));
        let mut c = KenoConfig::default();
        c.tables[3].multipliers.push(Multiplier::ONE);
        assert!(Keno::new(c).unwrap_err().to_string().contains("tables[3]"));
        let json = serde_json::to_string(&KenoConfig::default()).unwrap();
        assert_eq!(
            serde_json::from_str::<KenoConfig>(&json).unwrap(),
            KenoConfig::default()
        );
    }

    #[test]
    fn hit_frequencies_are_hypergeometric() {
        let g = Keno::new(KenoConfig::default()).unwrap();
        let mut rng = Sampler::new(ChaCha8Source::new(4, 0), Profile::StakeCompatible);
        let picks: Vec<u8> = vec![2, 11, 17, 23, 38];
        let n = 100_000u32;
        let mut counts = [0u32; 6];
        for _ in 0..n {
            let d = g.draw(&mut rng).unwrap();
            counts[picks.iter().filter(|p| d.contains(p)).count()] += 1;
        }
        for (h, &c) in counts.iter().enumerate() {
            let p = Keno::hit_probability(5, h as u8).to_f64();
            let sd = (p * (1.0 - p) / f64::from(n)).sqrt();
            assert!(
                (f64::from(c) / f64::from(n) - p).abs() < 5.0 * sd + 1e-5,
                "{h}"
            );
        }
    }

    proptest! {
        #[test]
        fn draws_are_distinct_and_payouts_follow_the_table(seed in any::<u64>(), picks in proptest::sample::subsequence((1u8..=40).collect::<Vec<_>>(), 1..=10),
                                                           r in 0usize..4, stake in 0u64..1_000_000_000) {
            let g = Keno::new(KenoConfig::default()).unwrap();
            let params = KenoParams { picks, risk: KenoRisk::ALL[r] };
            let mut rng = Sampler::new(ChaCha8Source::new(seed, 0), g.profile());
            let s = g.start(&Bet::new(Amount::from_minor(stake), params.clone()), &mut rng).unwrap().settled().unwrap();
            let mut d = s.outcome.drawn.to_vec();
            d.sort_unstable();
            d.dedup();
            prop_assert_eq!(d.len(), DRAWN);
            prop_assert!(d.iter().all(|&x| (1..=40).contains(&x)));
            let t = g.table(&params).unwrap();
            prop_assert_eq!(s.outcome.multiplier, t.multipliers[s.outcome.hits.len()]);
            prop_assert_eq!(s.payout, s.outcome.multiplier.payout(Amount::from_minor(stake)).unwrap());
            prop_assert!(s.payout.minor() <= 10_000 * stake);
        }
    }
}
