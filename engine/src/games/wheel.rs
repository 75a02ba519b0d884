//! Wheel: a wheel of 10–50 segments spins; the segment it stops on pays its multiplier, from a
//! table chosen by the number of segments and the risk level.
//!
//! # Rules
//!
//! - The segment is `index_below(segments)` (under `stake-compatible`, `floor(float ×
//!   segments)` of the first 4 bytes: the published wheel translation of the scheme).
//! - The payout is `⌊stake × m[segment]⌋`.
//! - Tables are data (`WheelConfig::tables`); the shipped 15 (10, 20, 30, 40, 50 segments × low,
//!   medium, high) return exactly 99 %.
//! - Exact RTP = the mean of the table's multipliers.
//!
//! ```
//! use kingpin_engine::games::wheel::{Wheel, WheelConfig, WheelParams, WheelRisk};
//! use kingpin_engine::{Game, Ratio};
//!
//! let game = Wheel::new(WheelConfig::default())?;
//! let p = WheelParams { segments: 30, risk: WheelRisk::High };
//! assert_eq!(game.exact_rtp(&p), Some(Ratio::new(99, 100)));
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;
use alloc::vec::Vec;

use kingpin_rng::{Profile, RandomSource, Sampler};
use kingpin_units::Multiplier;
use serde::{Deserialize, Serialize};

use crate::{Bet, Game, GameError, Ratio, Settlement, Step};

/// Fewest segments.
pub const MIN_SEGMENTS: u8 = 10;
/// Most segments.
pub const MAX_SEGMENTS: u8 = 50;
/// Largest multiplier a table may hold.
pub const MAX_MULTIPLIER: u64 = 1_000_000;

/// The risk level.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WheelRisk {
    /// Small spread.
    Low,
    /// Medium spread.
    Medium,
    /// One big segment.
    High,
}

/// The shipped tables in hundredths: (low, medium, high) × 10, 20, 30, 40, 50 segments.
const DEFAULT_HUNDREDTHS: [&[u32]; 15] = [
    // low, 10 segments
    &[150, 120, 120, 120, 0, 120, 120, 120, 120, 0],
    // medium, 10 segments
    &[173, 0, 173, 0, 172, 0, 172, 0, 300, 0],
    // high, 10 segments
    &[0, 0, 0, 0, 0, 0, 0, 0, 0, 990],
    // low, 20 segments
    &[
        150, 120, 120, 120, 0, 120, 120, 120, 120, 0, 150, 120, 120, 120, 0, 120, 120, 120, 120, 0,
    ],
    // medium, 20 segments
    &[
        187, 0, 187, 0, 187, 0, 187, 0, 187, 0, 187, 0, 186, 0, 186, 0, 186, 0, 300, 0,
    ],
    // high, 20 segments
    &[
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1980,
    ],
    // low, 30 segments
    &[
        150, 120, 120, 120, 0, 120, 120, 120, 120, 0, 150, 120, 120, 120, 0, 120, 120, 120, 120, 0,
        150, 120, 120, 120, 0, 120, 120, 120, 120, 0,
    ],
    // medium, 30 segments
    &[
        184, 0, 184, 0, 184, 0, 184, 0, 184, 0, 184, 0, 184, 0, 184, 0, 183, 0, 183, 0, 183, 0,
        183, 0, 183, 0, 183, 0, 400, 0,
    ],
    // high, 30 segments
    &[
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2970,
    ],
    // low, 40 segments
    &[
        150, 120, 120, 120, 0, 120, 120, 120, 120, 0, 150, 120, 120, 120, 0, 120, 120, 120, 120, 0,
        150, 120, 120, 120, 0, 120, 120, 120, 120, 0, 150, 120, 120, 120, 0, 120, 120, 120, 120, 0,
    ],
    // medium, 40 segments
    &[
        183, 0, 183, 0, 182, 0, 182, 0, 182, 0, 182, 0, 182, 0, 182, 0, 182, 0, 182, 0, 182, 0,
        182, 0, 182, 0, 182, 0, 182, 0, 182, 0, 182, 0, 182, 0, 182, 0, 500, 0,
    ],
    // high, 40 segments
    &[
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 3960,
    ],
    // low, 50 segments
    &[
        150, 120, 120, 120, 0, 120, 120, 120, 120, 0, 150, 120, 120, 120, 0, 120, 120, 120, 120, 0,
        150, 120, 120, 120, 0, 120, 120, 120, 120, 0, 150, 120, 120, 120, 0, 120, 120, 120, 120, 0,
        150, 120, 120, 120, 0, 120, 120, 120, 120, 0,
    ],
    // medium, 50 segments
    &[
        186, 0, 186, 0, 186, 0, 186, 0, 186, 0, 186, 0, 186, 0, 186, 0, 186, 0, 186, 0, 185, 0,
        185, 0, 185, 0, 185, 0, 185, 0, 185, 0, 185, 0, 185, 0, 185, 0, 185, 0, 185, 0, 185, 0,
        185, 0, 185, 0, 500, 0,
    ],
    // high, 50 segments
    &[
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4950,
    ],
];

/// One wheel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WheelTable {
    /// Segments, 10–50.
    pub segments: u8,
    /// Risk level.
    pub risk: WheelRisk,
    /// One multiplier per segment, clockwise from segment 0.
    pub multipliers: Vec<Multiplier>,
}

/// Wheel configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WheelConfig {
    /// The wheels (default: the shipped 15).
    pub tables: Vec<WheelTable>,
    /// Sampler profile (default `stake-compatible`).
    pub profile: Profile,
}

impl Default for WheelConfig {
    fn default() -> Self {
        const RISKS: [WheelRisk; 3] = [WheelRisk::Low, WheelRisk::Medium, WheelRisk::High];
        let tables = DEFAULT_HUNDREDTHS
            .iter()
            .enumerate()
            .map(|(i, h)| WheelTable {
                segments: h.len() as u8,
                risk: RISKS[i % 3],
                multipliers: h
                    .iter()
                    .map(|&x| Multiplier::from_ratio(u64::from(x), 100).unwrap_or(Multiplier::ZERO))
                    .collect(),
            })
            .collect();
        WheelConfig {
            tables,
            profile: Profile::StakeCompatible,
        }
    }
}

/// The player's choice.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WheelParams {
    /// Segments.
    pub segments: u8,
    /// Risk level.
    pub risk: WheelRisk,
}

/// What a spin shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct WheelOutcome {
    /// The bet.
    pub params: WheelParams,
    /// The segment, 0-based.
    pub segment: u8,
    /// Its multiplier.
    pub multiplier: Multiplier,
}

/// A validated wheel game.
#[derive(Clone, Debug)]
pub struct Wheel {
    config: WheelConfig,
}

impl Wheel {
    /// Validate a configuration.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] for segments outside 10–50, a table of the wrong length, a
    /// multiplier above [`MAX_MULTIPLIER`], or two tables for the same segments and risk.
    pub fn new(config: WheelConfig) -> Result<Wheel, GameError> {
        for (i, t) in config.tables.iter().enumerate() {
            let field = |f: &str| format!("tables[{i}].{f}");
            if !(MIN_SEGMENTS..=MAX_SEGMENTS).contains(&t.segments) {
                return Err(GameError::config(
                    field("segments"),
                    format!(
                        "{} segments; allowed {MIN_SEGMENTS}–{MAX_SEGMENTS}",
                        t.segments
                    ),
                ));
            }
            if t.multipliers.len() != usize::from(t.segments) {
                return Err(GameError::config(
                    field("multipliers"),
                    format!(
                        "{} multipliers for {} segments",
                        t.multipliers.len(),
                        t.segments
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
            if config.tables[..i]
                .iter()
                .any(|o| o.segments == t.segments && o.risk == t.risk)
            {
                return Err(GameError::config(
                    field("segments"),
                    format!(
                        "a second table for {} segments, {:?} risk",
                        t.segments, t.risk
                    ),
                ));
            }
        }
        Ok(Wheel { config })
    }

    /// The configuration.
    pub fn config(&self) -> &WheelConfig {
        &self.config
    }

    /// The table of a bet.
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] if no table has these segments and risk.
    pub fn table(&self, p: &WheelParams) -> Result<&WheelTable, GameError> {
        self.config
            .tables
            .iter()
            .find(|t| t.segments == p.segments && t.risk == p.risk)
            .ok_or_else(|| {
                GameError::bet(
                    "params",
                    format!("no wheel with {} segments, {:?} risk", p.segments, p.risk),
                )
            })
    }
}

impl Game for Wheel {
    type Params = WheelParams;
    type State = ();
    type Action = ();
    type Outcome = WheelOutcome;
    const NAME: &'static str = "wheel";

    fn profile(&self) -> Profile {
        self.config.profile
    }

    fn start<R: RandomSource>(
        &self,
        bet: &Bet<WheelParams>,
        rng: &mut Sampler<R>,
    ) -> Result<Step<(), WheelOutcome>, GameError> {
        let t = self.table(&bet.params)?;
        // Every payout of the table fits: checked before drawing.
        crate::games::plinko::check_payable(&t.multipliers, bet.stake)?;
        let segment = rng.index_below(u32::from(t.segments))? as u8;
        let multiplier = t.multipliers[usize::from(segment)];
        Ok(Step::Settled(Settlement {
            outcome: WheelOutcome {
                params: bet.params,
                segment,
                multiplier,
            },
            total_stake: bet.stake,
            payout: crate::games::plinko::pay(multiplier, bet.stake)?,
        }))
    }

    fn exact_rtp(&self, params: &WheelParams) -> Option<Ratio> {
        let t = self.table(params).ok()?;
        let n = u128::from(t.segments);
        Some(t.multipliers.iter().fold(Ratio::ZERO, |s, m| {
            s + Ratio::new(u128::from(m.numerator()), u128::from(m.denominator()) * n)
        }))
    }
}

impl crate::catalog::Catalogued for Wheel {
    type Config = WheelConfig;
    type Bot = crate::sim::NoActions;

    fn from_config(config: WheelConfig) -> Result<Wheel, GameError> {
        Wheel::new(config)
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
    fn shipped_tables_return_exactly_99_percent() {
        let g = Wheel::new(WheelConfig::default()).unwrap();
        assert_eq!(g.config().tables.len(), 15);
        for t in &g.config().tables {
            let p = WheelParams {
                segments: t.segments,
                risk: t.risk,
            };
            assert_eq!(g.exact_rtp(&p), Some(Ratio::new(99, 100)), "{p:?}");
        }
    }

    #[test]
    fn golden_segments() {
        let g = Wheel::new(WheelConfig::default()).unwrap();
        let bet = Bet::new(
            Amount::from_minor(100),
            WheelParams {
                segments: 10,
                risk: WheelRisk::Low,
            },
        );
        let got: Vec<u8> = (1..=5)
            .map(|n| {
                g.start(&bet, &mut fair(n))
                    .unwrap()
                    .settled()
                    .unwrap()
                    .outcome
                    .segment
            })
            .collect();
        // Nonce 1: floor(0.7467… × 10) = 7, the roulette/dice float.
        assert_eq!(got, [7, 5, 2, 8, 4]);
    }

    #[test]
    fn errors() {
        let g = Wheel::new(WheelConfig::default()).unwrap();
        let mut rng = fair(1);
        let bet = Bet::new(
            Amount::from_minor(1),
            WheelParams {
                segments: 15,
                risk: WheelRisk::Low,
            },
        );
        assert!(
            g.start(&bet, &mut rng)
                .unwrap_err()
                .to_string()
                .contains("15 segments")
        );
        assert_eq!(rng.source().position(), 0);
        let mut c = WheelConfig::default();
        c.tables[0].segments = 9;
        assert!(
            Wheel::new(c)
                .unwrap_err()
                .to_string()
                .contains("tables[0].segments")
        );
        let mut c = WheelConfig::default();
        c.tables[2] = c.tables[0].clone();
        assert!(
            Wheel::new(c)
                .unwrap_err()
                .to_string()
                .contains("second table")
        );
        assert!(
            serde_json::from_str::<WheelParams>(r#"{"segments":10,"risk":"extreme"}"#).is_err()
        );
    }

    proptest! {
        #[test]
        fn payout_follows_the_segment(seed in any::<u64>(), i in 0usize..15, stake in 0u64..1_000_000_000) {
            let g = Wheel::new(WheelConfig::default()).unwrap();
            let t = &g.config().tables[i];
            let p = WheelParams { segments: t.segments, risk: t.risk };
            let mut rng = Sampler::new(ChaCha8Source::new(seed, 0), g.profile());
            let s = g.start(&Bet::new(Amount::from_minor(stake), p), &mut rng).unwrap().settled().unwrap();
            prop_assert!(s.outcome.segment < t.segments);
            prop_assert_eq!(s.outcome.multiplier, t.multipliers[usize::from(s.outcome.segment)]);
            prop_assert_eq!(s.payout, s.outcome.multiplier.payout(Amount::from_minor(stake)).unwrap());
            prop_assert!(u128::from(s.payout.minor()) <= u128::from(stake) * 50);
        }
    }
}
