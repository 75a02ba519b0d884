//! Limbo: pick a target multiplier; a result multiplier is drawn; the bet wins its target if the
//! result reaches it.
//!
//! # Rules
//!
//! - One float `f` of the stream (4 bytes under `stake-compatible`, 53 bits under `unbiased`).
//! - The result, in IEEE-754 double arithmetic exactly as the common scheme's published limbo
//!   translation computes it: `x = 1e8 / (f × 1e8) × (1 − edge)`, result =
//!   `max(⌊x × 100⌋, 100)` hundredths (1.00× at least; `f = 0` gives the largest result,
//!   shown as `max_result`).
//! - A bet with target `t` (1.01× – `max_target`) wins iff result ≥ `t`; it returns
//!   `min(⌊stake × t⌋, max_win)`.
//!
//! # Exact RTP
//!
//! The result is a non-increasing function of the raw word (every IEEE operation above is
//! monotone), so the winning words are exactly `0 ..= w(t)`; [`Limbo::win_count`] finds `w(t)` by
//! binary search through the same code that plays rounds, and `RTP(t) = (w(t) + 1) / 2^bits ×
//! t / 100` (bits = 32 or 53), which is `1 − edge` to within `t / (100 · 2^bits)` for every
//! target (2.4·10⁻¹⁰ at 1.01×, 2.3·10⁻⁶ at 10,000× with 32 bits).
//!
//! ```
//! use kingpin_engine::games::limbo::{Limbo, LimboConfig, LimboParams};
//! use kingpin_engine::Game;
//!
//! let game = Limbo::new(LimboConfig::default())?;
//! let rtp = game.exact_rtp(&LimboParams { target: 200 }).unwrap().to_f64();
//! assert!((rtp - 0.99).abs() < 1e-6);
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;

use kingpin_rng::{Profile, RandomSource, Sampler};
use kingpin_units::{Amount, Multiplier};
use serde::{Deserialize, Serialize};

use crate::{Bet, Game, GameError, Ratio, Settlement, Step};

/// The smallest target, hundredths (1.01×).
pub const MIN_TARGET: u64 = 101;

/// Limbo configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimboConfig {
    /// House edge in `[0, 1)` (default 0.01).
    pub house_edge: Multiplier,
    /// Highest target, hundredths (default 100,000,000 = 1,000,000×).
    pub max_target: u64,
    /// Largest result shown, hundredths (results above are shown as this; default
    /// 10^11 = 10^9×). Must be at least `max_target`.
    pub max_result: u64,
    /// Largest payout of one bet (default: none).
    pub max_win: Option<Amount>,
    /// Sampler profile (default `stake-compatible`).
    pub profile: Profile,
}

impl Default for LimboConfig {
    fn default() -> Self {
        LimboConfig {
            house_edge: Multiplier::from_ratio(1, 100).unwrap_or(Multiplier::ZERO),
            max_target: 100_000_000,
            max_result: 100_000_000_000,
            max_win: None,
            profile: Profile::StakeCompatible,
        }
    }
}

/// The player's target.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimboParams {
    /// Target multiplier in hundredths (`200` = 2.00×).
    pub target: u64,
}

/// What a round shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct LimboOutcome {
    /// The result, hundredths.
    pub result: u64,
    /// The target, hundredths.
    pub target: u64,
    /// Whether it won.
    pub win: bool,
    /// Whether the payout was cut to `max_win`.
    pub capped: bool,
}

/// A validated limbo game.
#[derive(Clone, Debug)]
pub struct Limbo {
    config: LimboConfig,
    keep: f64,
}

impl Limbo {
    /// Validate a configuration.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] for an edge not below 1 or target limits out of order.
    pub fn new(config: LimboConfig) -> Result<Limbo, GameError> {
        if config.house_edge >= Multiplier::ONE {
            return Err(GameError::config(
                "house_edge",
                format!("{} must be below 1", config.house_edge),
            ));
        }
        if config.max_target < MIN_TARGET || config.max_target > config.max_result {
            return Err(GameError::config(
                "max_target",
                format!(
                    "need {MIN_TARGET} <= max_target ({}) <= max_result ({})",
                    config.max_target, config.max_result
                ),
            ));
        }
        let e = config.house_edge;
        // (1 − edge) as the nearest double, e.g. 0.99 for a 1 % edge — what the scheme uses.
        let keep = 1.0 - e.numerator() as f64 / e.denominator() as f64;
        Ok(Limbo { config, keep })
    }

    /// The configuration.
    pub fn config(&self) -> &LimboConfig {
        &self.config
    }

    fn bits(&self) -> u32 {
        match self.config.profile {
            Profile::StakeCompatible => 32,
            _ => 53,
        }
    }

    /// The result (hundredths) for the raw word `v` of `bits()` bits (`f = v / 2^bits`).
    pub fn result_of_word(&self, v: u64) -> u64 {
        let f = v as f64 / (1u64 << self.bits()) as f64;
        let x = 1e8 / (f * 1e8) * self.keep;
        let h = libm::floor(x * 100.0);
        if h.is_nan() || h >= self.config.max_result as f64 {
            self.config.max_result
        } else {
            (h as u64).max(100)
        }
    }

    /// Draw a result: one `float` of the sampler.
    pub fn draw<R: RandomSource>(&self, rng: &mut Sampler<R>) -> u64 {
        let f = rng.float();
        // The same word the float came from, so `result_of_word` is the one formula.
        let v = (f * (1u64 << self.bits()) as f64) as u64;
        self.result_of_word(v)
    }

    /// The number of raw words whose result reaches `target` (they are `0 ..= count − 1`).
    pub fn win_count(&self, target: u64) -> u64 {
        let n = 1u64 << self.bits();
        // Largest v with result ≥ target; result(0) is the maximum, so v = 0 always wins for
        // any allowed target.
        let (mut lo, mut hi) = (0u64, n); // invariant: result(lo) ≥ target, result(hi) < target or hi = n
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.result_of_word(mid) >= target {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo + 1
    }

    fn check(&self, bet: &Bet<LimboParams>) -> Result<(), GameError> {
        let t = bet.params.target;
        if !(MIN_TARGET..=self.config.max_target).contains(&t) {
            return Err(GameError::bet(
                "params.target",
                format!(
                    "{t} hundredths is outside {MIN_TARGET}–{}",
                    self.config.max_target
                ),
            ));
        }
        Ok(())
    }
}

impl Game for Limbo {
    type Params = LimboParams;
    type State = ();
    type Action = ();
    type Outcome = LimboOutcome;
    const NAME: &'static str = "limbo";

    fn profile(&self) -> Profile {
        self.config.profile
    }

    fn start<R: RandomSource>(
        &self,
        bet: &Bet<LimboParams>,
        rng: &mut Sampler<R>,
    ) -> Result<Step<(), LimboOutcome>, GameError> {
        self.check(bet)?;
        let t = bet.params.target;
        let full = crate::games::plinko::pay(Multiplier::from_ratio(t, 100)?, bet.stake)?;
        let result = self.draw(rng);
        let win = result >= t;
        let (payout, capped) = match (win, self.config.max_win) {
            (false, _) => (Amount::ZERO, false),
            (true, Some(cap)) if full > cap => (cap, true),
            (true, _) => (full, false),
        };
        Ok(Step::Settled(Settlement {
            outcome: LimboOutcome {
                result,
                target: t,
                win,
                capped,
            },
            total_stake: bet.stake,
            payout,
        }))
    }

    /// `P(result ≥ t) · t / 100`, exact (without a `max_win` cap).
    fn exact_rtp(&self, params: &LimboParams) -> Option<Ratio> {
        let t = params.target;
        if !(MIN_TARGET..=self.config.max_target).contains(&t) {
            return None;
        }
        Some(
            Ratio::new(u128::from(self.win_count(t)), 1u128 << self.bits())
                .times(Ratio::new(u128::from(t), 100)),
        )
    }
}

impl crate::catalog::Catalogued for Limbo {
    type Config = LimboConfig;
    type Bot = crate::sim::NoActions;

    fn from_config(config: LimboConfig) -> Result<Limbo, GameError> {
        Limbo::new(config)
    }

    fn bot(&self) -> crate::sim::NoActions {
        crate::sim::NoActions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
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
    fn golden_results() {
        let g = Limbo::new(LimboConfig::default()).unwrap();
        let got: Vec<u64> = (1..=5).map(|n| g.draw(&mut fair(n))).collect();
        assert_eq!(got, [132, 183, 428, 113, 214]);
        // The first float of nonce 1 is the one behind the dice roll 74.67: 0.99 / f.
        let f = 7467.0 / 10001.0;
        assert!((got[0] as f64 / 100.0 - 0.99 / f).abs() < 0.02);
    }

    #[test]
    fn rtp_is_one_minus_edge() {
        for profile in [Profile::StakeCompatible, Profile::Unbiased] {
            let g = Limbo::new(LimboConfig {
                profile,
                ..LimboConfig::default()
            })
            .unwrap();
            for t in [101, 150, 200, 333, 1000, 10_000, 1_000_000, 100_000_000] {
                let r = g.exact_rtp(&LimboParams { target: t }).unwrap().to_f64();
                let tol = t as f64 / 100.0 / (1u64 << g.bits()) as f64 + 1e-12;
                assert!((r - 0.99).abs() <= tol, "{profile:?} {t}: {r}");
            }
        }
    }

    #[test]
    fn win_count_is_the_boundary() {
        let g = Limbo::new(LimboConfig::default()).unwrap();
        for t in [101, 200, 777, 100_000] {
            let w = g.win_count(t);
            assert!(g.result_of_word(w - 1) >= t);
            assert!(g.result_of_word(w) < t);
        }
        assert_eq!(g.result_of_word(0), g.config.max_result);
        assert_eq!(g.result_of_word(u64::from(u32::MAX)), 100);
    }

    #[test]
    fn errors_and_caps() {
        let g = Limbo::new(LimboConfig {
            max_win: Some(Amount::from_minor(150)),
            ..LimboConfig::default()
        })
        .unwrap();
        let mut rng = fair(1);
        for t in [100, 100_000_001] {
            let b = Bet::new(Amount::from_minor(1), LimboParams { target: t });
            assert!(g.start(&b, &mut rng).is_err());
        }
        assert_eq!(rng.source().position(), 0);
        assert!(
            Limbo::new(LimboConfig {
                max_target: 100,
                ..LimboConfig::default()
            })
            .is_err()
        );
        let mut rng = Sampler::new(ChaCha8Source::new(2, 0), g.profile());
        let b = Bet::new(Amount::from_minor(100), LimboParams { target: 200 });
        for _ in 0..200 {
            let s = g.start(&b, &mut rng).unwrap().settled().unwrap();
            assert_eq!(s.payout.minor(), if s.outcome.win { 150 } else { 0 });
            assert_eq!(s.outcome.capped, s.outcome.win);
        }
    }

    proptest! {
        #[test]
        fn payout_rules(seed in any::<u64>(), target in 101u64..1_000_000, stake in 0u64..1_000_000_000, unbiased in any::<bool>(),
                        cap in proptest::option::of(1u64..1_000_000_000)) {
            let g = Limbo::new(LimboConfig {
                profile: if unbiased { Profile::Unbiased } else { Profile::StakeCompatible },
                max_win: cap.map(Amount::from_minor),
                ..LimboConfig::default()
            }).unwrap();
            let mut rng = Sampler::new(ChaCha8Source::new(seed, 0), g.profile());
            let b = Bet::new(Amount::from_minor(stake), LimboParams { target });
            let s = g.start(&b, &mut rng).unwrap().settled().unwrap();
            prop_assert!(s.outcome.result >= 100);
            prop_assert_eq!(s.outcome.win, s.outcome.result >= target);
            let full = u128::from(stake) * u128::from(target) / 100;
            let want = if s.outcome.win { full.min(u128::from(cap.unwrap_or(u64::MAX))) } else { 0 };
            prop_assert_eq!(u128::from(s.payout.minor()), want);
            prop_assert_eq!(s.outcome.capped, s.outcome.win && want < full);
        }
    }
}
