//! The terms attached to a bonus: wagering, weights, stake limit, expiry, conversion, funds
//! order, stickiness and forfeiture.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use kingpin_units::Amount;
use serde::{Deserialize, Serialize};

use crate::{BonusError, Percent};

/// What the wagering requirement is a multiple of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WageringBase {
    /// The bonus amount credited.
    #[default]
    Bonus,
    /// The bonus plus the qualifying deposit.
    BonusAndDeposit,
    /// The total winnings of the free spins or free bet (only for those promotions).
    FreeRoundWinnings,
}

/// The wagering requirement: `multiple × base`, counted in weighted stakes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wagering {
    /// How many times the base must be wagered (0: no wagering, converts at once).
    pub multiple: u32,
    /// What is multiplied.
    #[serde(default)]
    pub base: WageringBase,
}

/// How much each game's stakes count towards the requirement.
///
/// A stake of `s` on a game of weight `w` adds `s × w` of progress, counted exactly (in
/// minor units × basis points, so a 5 % weight on a 1-unit stake still counts 0.05 units).
/// Games in `excluded` cannot be played with an active bonus at all: such a bet is refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GameWeights {
    /// Weight of any game not listed (default 100 %).
    #[serde(default = "hundred")]
    pub default: Percent,
    /// Per-game weights by catalog name, e.g. `roulette = 10`.
    #[serde(default)]
    pub games: BTreeMap<String, Percent>,
    /// Games refused while the bonus is active.
    #[serde(default)]
    pub excluded: Vec<String>,
}

fn hundred() -> Percent {
    Percent::HUNDRED
}

impl Default for GameWeights {
    fn default() -> GameWeights {
        GameWeights {
            default: Percent::HUNDRED,
            games: BTreeMap::new(),
            excluded: Vec::new(),
        }
    }
}

impl GameWeights {
    /// The weight of `game`, or `None` if the game is excluded.
    ///
    /// ```
    /// use kingpin_bonus::{GameWeights, Percent};
    /// let mut w = GameWeights::default();
    /// w.games.insert("roulette".into(), Percent::whole(10)?);
    /// w.excluded.push("crash".into());
    /// assert_eq!(w.weight("slots"), Some(Percent::HUNDRED));
    /// assert_eq!(w.weight("roulette"), Some(Percent::whole(10)?));
    /// assert_eq!(w.weight("crash"), None);
    /// # Ok::<(), kingpin_bonus::BonusError>(())
    /// ```
    pub fn weight(&self, game: &str) -> Option<Percent> {
        if self.excluded.iter().any(|g| g == game) {
            return None;
        }
        Some(self.games.get(game).copied().unwrap_or(self.default))
    }

    fn validate(&self, field: &str) -> Result<(), BonusError> {
        if self.default > Percent::HUNDRED {
            return Err(BonusError::definition(
                format!("{field}.default"),
                "a weight is at most 100",
            ));
        }
        for (g, w) in &self.games {
            if *w > Percent::HUNDRED {
                return Err(BonusError::definition(
                    format!("{field}.games.{g}"),
                    "a weight is at most 100",
                ));
            }
        }
        Ok(())
    }
}

/// The most bonus money that may become cash at completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ConversionCap {
    /// A fixed amount (minor units).
    Fixed(Amount),
    /// A multiple of the bonus credited (e.g. 5× the bonus; for free spins, of their winnings).
    BonusMultiple(u32),
}

/// Which money a bet uses first while a bonus is active.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundsOrder {
    /// Cash first, bonus money only once cash is exhausted (the usual "non-sticky" order).
    #[default]
    CashFirst,
    /// Bonus money first, then cash.
    BonusFirst,
}

/// What a withdrawal request does while wagering is incomplete.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalRule {
    /// The whole bonus balance (the bonus and everything won with bonus money) is forfeited;
    /// cash is untouched and may be withdrawn.
    #[default]
    Forfeit,
    /// The withdrawal is refused until wagering is complete, the bonus expires or the player
    /// forfeits it explicitly.
    Block,
}

/// The terms of a bonus. Every term is checked at bet time (see
/// [`ActiveBonus::check_bet`](crate::ActiveBonus::check_bet)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    /// The wagering requirement.
    pub wagering: Wagering,
    /// Game contribution weights and exclusions.
    #[serde(default)]
    pub weights: GameWeights,
    /// Largest stake of one bet while the bonus is active (`None`: no limit).
    #[serde(default)]
    pub max_stake: Option<Amount>,
    /// Seconds from the claim until the bonus expires.
    pub expires_after_secs: u64,
    /// Largest amount converted to cash at completion (`None`: no cap).
    #[serde(default)]
    pub max_conversion: Option<ConversionCap>,
    /// Which money bets use first.
    #[serde(default)]
    pub funds_order: FundsOrder,
    /// A sticky bonus is never withdrawable itself: at conversion its own amount returns to the
    /// promotion budget and only what was won above it becomes cash.
    #[serde(default)]
    pub sticky: bool,
    /// What a withdrawal request does before completion.
    #[serde(default)]
    pub on_withdrawal: WithdrawalRule,
}

impl Terms {
    /// Check the terms.
    ///
    /// # Errors
    /// [`BonusError::InvalidDefinition`] with the field path.
    pub fn validate(&self, field: &str) -> Result<(), BonusError> {
        self.weights.validate(&format!("{field}.weights"))?;
        if self.max_stake == Some(Amount::ZERO) {
            return Err(BonusError::definition(
                format!("{field}.max_stake"),
                "must be above zero (omit it for no limit)",
            ));
        }
        if self.expires_after_secs == 0 {
            return Err(BonusError::definition(
                format!("{field}.expires_after_secs"),
                "must be above zero",
            ));
        }
        match self.max_conversion {
            Some(ConversionCap::Fixed(a)) if a.is_zero() => Err(BonusError::definition(
                format!("{field}.max_conversion"),
                "a zero cap would make the bonus worthless; omit it for no cap",
            )),
            Some(ConversionCap::BonusMultiple(0)) => Err(BonusError::definition(
                format!("{field}.max_conversion"),
                "a zero multiple would make the bonus worthless",
            )),
            _ => Ok(()),
        }
    }

    /// The conversion cap for a bonus of `granted`, or `None` for no cap.
    pub(crate) fn cap(&self, granted: Amount) -> Option<Amount> {
        match self.max_conversion? {
            ConversionCap::Fixed(a) => Some(a),
            ConversionCap::BonusMultiple(m) => {
                Some(granted.checked_mul(u64::from(m)).unwrap_or(Amount::MAX))
            }
        }
    }
}
