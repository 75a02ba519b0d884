//! Dice: roll 0.00–100.00 and bet over or under a target.
//!
//! # Rules
//!
//! - The roll has 10,001 equally likely outcomes, `0.00, 0.01, …, 100.00`:
//!   `roll = floor(float × 10001) / 100`, where `float` is the first float of the bet's stream
//!   (stake-compatible profile by default, so rolls match the scheme's published translations).
//! - *Under `t`* wins when `roll < t`; *over `t`* wins when `roll > t`. The stated win chance is
//!   the number of winning outcomes / 100 in percent (Stake's convention: under 50.00 is "50 %").
//! - The multiplier is `(1 − house edge) × 10000 / winning outcomes`, rounded **down** to
//!   4 decimal places; the payout is `floor(stake × multiplier)`.
//! - Exact RTP = `winning outcomes / 10001 × multiplier` (e.g. 98.99 % for any 50 % bet with a
//!   1 % edge: the 10,001st outcome is the small extra edge of the scheme).
//!
//! ```
//! use kingpin_engine::games::dice::{Condition, Dice, DiceConfig, DiceParams, Hundredths};
//! use kingpin_engine::Game;
//!
//! let dice = Dice::new(DiceConfig::default())?;
//! let p = DiceParams::new(Hundredths::parse("50.5")?, Condition::Under);
//! assert_eq!(dice.multiplier(&p)?.to_string(), "1.9603");
//! let rtp = dice.exact_rtp(&p).unwrap().to_f64();
//! assert!((rtp - 0.98990).abs() < 1e-4);
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;
use alloc::string::ToString;
use core::fmt;

use kingpin_rng::{Profile, RandomSource, Sampler};
use kingpin_units::{Amount, Multiplier};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Bet, Game, GameError, Ratio, Settlement, Step};

/// Number of possible rolls (0.00 to 100.00).
pub const OUTCOMES: u32 = 10_001;

/// A value in hundredths (`7467` is `74.67`), written as a decimal string with two places.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Hundredths(pub u32);

impl Hundredths {
    /// Parse `"74.67"`, `"50"` or `"50.5"` (at most two decimals).
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] for anything else.
    pub fn parse(text: &str) -> Result<Hundredths, GameError> {
        let bad = || {
            GameError::bet(
                "target",
                format!("{text:?} is not a number with at most 2 decimals"),
            )
        };
        let t = text.trim();
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        if (int.is_empty() && frac.is_empty())
            || frac.len() > 2
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
            || int.len() > 6
        {
            return Err(bad());
        }
        let int: u32 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| bad())?
        };
        let mut f: u32 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| bad())?
        };
        if frac.len() == 1 {
            f *= 10;
        }
        Ok(Hundredths(int * 100 + f))
    }
}

impl fmt::Display for Hundredths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl Serialize for Hundredths {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hundredths {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Hundredths;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number with at most 2 decimals, such as \"49.50\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Hundredths, E> {
                Hundredths::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Hundredths, E> {
                Hundredths::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Hundredths, E> {
                Hundredths::parse(&format!("{v}")).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// Which side of the target wins.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Condition {
    /// Win when the roll is strictly above the target.
    Over,
    /// Win when the roll is strictly below the target.
    Under,
}

/// The player's choice: target and condition.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub struct DiceParams {
    /// The target, 0.00–100.00.
    pub target: Hundredths,
    /// Over or under.
    pub condition: Condition,
}

impl DiceParams {
    /// Bet `condition` `target`.
    pub fn new(target: Hundredths, condition: Condition) -> DiceParams {
        DiceParams { target, condition }
    }

    /// Winning outcomes out of [`OUTCOMES`] (saturating for out-of-range targets).
    pub fn winning_outcomes(&self) -> u32 {
        match self.condition {
            Condition::Under => self.target.0,
            Condition::Over => 10_000u32.saturating_sub(self.target.0),
        }
    }
}

/// Dice configuration (the operator's choices).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiceConfig {
    /// House edge in `[0, 1)`, default `0.01`.
    pub house_edge: Multiplier,
    /// Lowest win chance allowed, in hundredths of a percent (default 1 = 0.01 %).
    pub min_chance: Hundredths,
    /// Highest win chance allowed, in hundredths of a percent (default 9800 = 98 %).
    pub max_chance: Hundredths,
    /// Sampler profile (default `stake-compatible`).
    pub profile: Profile,
}

impl Default for DiceConfig {
    fn default() -> Self {
        DiceConfig {
            house_edge: Multiplier::from_ratio(1, 100).unwrap_or(Multiplier::ZERO),
            min_chance: Hundredths(1),
            max_chance: Hundredths(9800),
            profile: Profile::StakeCompatible,
        }
    }
}

/// A validated dice game.
#[derive(Clone, Debug)]
pub struct Dice {
    config: DiceConfig,
}

/// What a dice round shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct DiceOutcome {
    /// The roll, 0.00–100.00.
    pub roll: Hundredths,
    /// The bet that was made.
    pub params: DiceParams,
    /// Whether it won.
    pub win: bool,
    /// The multiplier paid on a win.
    pub multiplier: Multiplier,
}

impl Dice {
    /// Validate a configuration.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] if the edge is not below 1 or the chance limits are out of
    /// order or outside 0.01–99.99 %.
    pub fn new(config: DiceConfig) -> Result<Dice, GameError> {
        if config.house_edge >= Multiplier::ONE {
            return Err(GameError::config(
                "house_edge",
                format!("{} must be below 1", config.house_edge),
            ));
        }
        if config.min_chance.0 == 0
            || config.min_chance.0 > config.max_chance.0
            || config.max_chance.0 > 9999
        {
            return Err(GameError::config(
                "min_chance/max_chance",
                format!(
                    "need 0.01 <= min_chance ({}) <= max_chance ({}) <= 99.99",
                    config.min_chance, config.max_chance
                ),
            ));
        }
        Ok(Dice { config })
    }

    /// The configuration.
    pub fn config(&self) -> &DiceConfig {
        &self.config
    }

    /// Check a bet's parameters against the configuration.
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] if the target is above 100.00 or the win chance is outside the
    /// configured limits.
    pub fn validate(&self, p: &DiceParams) -> Result<(), GameError> {
        if p.target.0 > 10_000 {
            return Err(GameError::bet(
                "params.target",
                format!("{} is above 100.00", p.target),
            ));
        }
        let w = p.winning_outcomes();
        if w < self.config.min_chance.0 || w > self.config.max_chance.0 {
            return Err(GameError::bet(
                "params.target",
                format!(
                    "win chance {}% is outside {}%–{}%",
                    Hundredths(w),
                    self.config.min_chance,
                    self.config.max_chance
                ),
            ));
        }
        Ok(())
    }

    /// The multiplier of a bet: `(1 − edge) × 10000 / winning outcomes`, rounded down to 4
    /// decimals.
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] as in [`Dice::validate`].
    pub fn multiplier(&self, p: &DiceParams) -> Result<Multiplier, GameError> {
        self.validate(p)?;
        let e = self.config.house_edge;
        let (en, ed) = (u128::from(e.numerator()), u128::from(e.denominator()));
        // floor((ed − en)/ed × 10000 / w × 10000) / 10000
        let ten_thousandths = (ed - en) * 10_000 * 10_000 / (ed * u128::from(p.winning_outcomes()));
        let n = u64::try_from(ten_thousandths)
            .map_err(|_| GameError::bet("params.target", "multiplier too large"))?;
        Ok(Multiplier::from_ratio(n, 10_000)?)
    }

    /// The roll of a stream: `floor(float × 10001)` hundredths.
    pub fn roll<R: RandomSource>(&self, rng: &mut Sampler<R>) -> Result<Hundredths, GameError> {
        Ok(Hundredths(rng.index_below(OUTCOMES)?))
    }
}

impl Game for Dice {
    type Params = DiceParams;
    type State = ();
    type Action = ();
    type Outcome = DiceOutcome;
    const NAME: &'static str = "dice";

    fn profile(&self) -> Profile {
        self.config.profile
    }

    fn start<R: RandomSource>(
        &self,
        bet: &Bet<DiceParams>,
        rng: &mut Sampler<R>,
    ) -> Result<Step<(), DiceOutcome>, GameError> {
        let multiplier = self.multiplier(&bet.params)?;
        let roll = self.roll(rng)?;
        let win = match bet.params.condition {
            Condition::Under => roll < bet.params.target,
            Condition::Over => roll > bet.params.target,
        };
        let payout = if win {
            multiplier.payout(bet.stake)?
        } else {
            Amount::ZERO
        };
        Ok(Step::Settled(Settlement {
            outcome: DiceOutcome {
                roll,
                params: bet.params,
                win,
                multiplier,
            },
            total_stake: bet.stake,
            payout,
        }))
    }

    fn exact_rtp(&self, params: &DiceParams) -> Option<Ratio> {
        let m = self.multiplier(params).ok()?;
        Some(
            Ratio::new(u128::from(params.winning_outcomes()), u128::from(OUTCOMES)).times(
                Ratio::new(u128::from(m.numerator()), u128::from(m.denominator())),
            ),
        )
    }
}

impl crate::catalog::Catalogued for Dice {
    type Config = DiceConfig;
    type Bot = crate::sim::NoActions;

    fn from_config(config: DiceConfig) -> Result<Dice, GameError> {
        Dice::new(config)
    }

    fn bot(&self) -> crate::sim::NoActions {
        crate::sim::NoActions
    }
}

/// Parse a condition word (`over`/`under`), for hosts.
///
/// # Errors
/// [`GameError::InvalidBet`] for anything else.
pub fn parse_condition(text: &str) -> Result<Condition, GameError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "over" | ">" => Ok(Condition::Over),
        "under" | "<" => Ok(Condition::Under),
        _ => Err(GameError::bet(
            "params.condition",
            format!("{text:?} is not over or under"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kingpin_rng::{ByteStream, ChaCha8Source, ClientSeed, ServerSeed};

    fn roll(server: &str, client: &str, nonce: u64) -> Hundredths {
        let d = Dice::new(DiceConfig::default()).unwrap();
        let s = ServerSeed::new(server).unwrap();
        let c = ClientSeed::new(client).unwrap();
        d.roll(&mut Sampler::new(
            ByteStream::new(&s, &c, nonce),
            d.profile(),
        ))
        .unwrap()
    }

    #[test]
    fn published_rolls() {
        assert_eq!(roll("server seed", "client seed", 1).to_string(), "74.67");
        assert_eq!(roll("server seed", "client seed", 2).to_string(), "53.86");
    }

    #[test]
    fn multipliers_and_rtp() {
        let d = Dice::new(DiceConfig::default()).unwrap();
        let p = |t: &str, c| DiceParams::new(Hundredths::parse(t).unwrap(), c);
        assert_eq!(
            d.multiplier(&p("50", Condition::Under))
                .unwrap()
                .to_string(),
            "1.98"
        );
        assert_eq!(
            d.multiplier(&p("50", Condition::Over)).unwrap().to_string(),
            "1.98"
        );
        assert_eq!(
            d.multiplier(&p("0.01", Condition::Under))
                .unwrap()
                .to_string(),
            "9900"
        );
        assert_eq!(
            d.multiplier(&p("98", Condition::Under))
                .unwrap()
                .to_string(),
            "1.0102"
        );
        assert_eq!(
            d.exact_rtp(&p("50", Condition::Under)).unwrap(),
            Ratio::new(9900, 10001)
        );
        assert!(d.validate(&p("0", Condition::Under)).is_err());
        assert!(d.validate(&p("98.01", Condition::Under)).is_err());
        assert!(d.validate(&p("100.01", Condition::Over)).is_err());
        assert!(Hundredths::parse("1.234").is_err());
        assert!(Hundredths::parse("abc").is_err());
        assert!(Hundredths::parse("").is_err());
    }

    #[test]
    fn config_validation() {
        let c = DiceConfig {
            house_edge: Multiplier::ONE,
            ..DiceConfig::default()
        };
        assert!(matches!(Dice::new(c), Err(GameError::InvalidConfig { .. })));
        let c = DiceConfig {
            min_chance: Hundredths(0),
            ..DiceConfig::default()
        };
        assert!(Dice::new(c).is_err());
        let c: Result<DiceConfig, _> =
            serde_json::from_str(r#"{"house_edge": "0.02", "bogus": 1}"#);
        assert!(c.is_err());
        let c: DiceConfig = serde_json::from_str(r#"{"house_edge": 0.02}"#).unwrap();
        assert_eq!(c.house_edge, Multiplier::from_ratio(1, 50).unwrap());
    }

    #[test]
    fn invalid_bet_draws_nothing() {
        let d = Dice::new(DiceConfig::default()).unwrap();
        let mut rng = Sampler::new(
            ByteStream::new(
                &ServerSeed::new("s").unwrap(),
                &ClientSeed::new("c").unwrap(),
                0,
            ),
            d.profile(),
        );
        let bet = Bet::new(
            Amount::from_minor(1),
            DiceParams::new(Hundredths(0), Condition::Under),
        );
        assert!(d.start(&bet, &mut rng).is_err());
        assert_eq!(rng.source().position(), 0);
    }

    #[test]
    fn payout_matches_multiplier() {
        let d = Dice::new(DiceConfig::default()).unwrap();
        let mut rng = Sampler::new(ChaCha8Source::new(1, 0), d.profile());
        let bet = Bet::new(
            Amount::from_minor(1000),
            DiceParams::new(Hundredths(5000), Condition::Over),
        );
        for _ in 0..1000 {
            let s = d.start(&bet, &mut rng).unwrap().settled().unwrap();
            assert_eq!(s.payout.minor(), if s.outcome.win { 1980 } else { 0 });
            assert_eq!(s.outcome.win, s.outcome.roll.0 > 5000);
        }
    }
}
