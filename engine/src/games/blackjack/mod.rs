//! Blackjack: a multi-step round under configurable table rules, basic strategy computed for
//! any rule set, and its exact house edge for an infinite deck.
//!
//! - [`rules`]: the options ([`BlackjackRules`]), validated with field paths;
//! - [`hand`]: card values and totals;
//! - [`round`]: the state machine (deal → insurance → player hands → dealer → settlement);
//! - [`strategy`]: basic strategy by exact dynamic programming, its chart and the simulation bot;
//! - [`edge`]: the house edge of basic strategy.
//!
//! # How cards are drawn (fairness)
//!
//! Every round uses a fresh shoe of the configured decks, shuffled lazily from the bet's stream
//! exactly as [`crate::cards::Shoe`] deals it (front-to-back Fisher–Yates, one
//! `index_below(52·d − i)` per card dealt; an infinite deck draws `index_below(52)` per card),
//! stored compactly by [`shoe::CompactShoe`]. Cards are dealt in this order:
//! player, dealer up card, player, then (peek rule only) the dealer's hole card; then, as the
//! round goes, the player's hits, doubles and split hands' second cards in the order they are
//! needed, and finally the dealer's cards (under the no-hole-card rule the dealer's second card
//! first, always).
//!
//! ```
//! use kingpin_engine::games::blackjack::{Action, Blackjack, BlackjackParams, BlackjackRules};
//! use kingpin_engine::{Bet, Game, Step};
//! use kingpin_rng::{ChaCha8Source, Sampler};
//! use kingpin_units::Amount;
//!
//! let game = Blackjack::new(BlackjackRules::default())?;
//! let mut rng = Sampler::new(ChaCha8Source::new(1, 0), game.profile());
//! let mut step = game.start(&Bet::new(Amount::from_minor(100), BlackjackParams {}), &mut rng)?;
//! while let Step::InProgress(p) = step {
//!     let action = game.default_action(&p.state); // stand / decline insurance
//!     step = game.act(&p.state, &action, &mut rng)?;
//! }
//! let Step::Settled(s) = step else { unreachable!() };
//! assert!(s.total_stake >= Amount::from_minor(100));
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

pub mod edge;
pub mod hand;
pub mod round;
pub mod rules;
pub mod shoe;
pub mod strategy;

use alloc::sync::Arc;
use alloc::vec::Vec;

use kingpin_rng::{Profile, RandomSource, Sampler};
use serde::{Deserialize, Serialize};

pub use round::{Action, BlackjackOutcome, BlackjackState, HandResult, Phase};
pub use rules::{BlackjackPays, BlackjackRules, Decks, DoubleOn, EnhcLoss, HoleCard};
pub use strategy::{BasicStrategy, BasicStrategyBot};

use crate::{Bet, Game, GameError, Settlement, Step};

/// A blackjack bet takes no parameters besides the stake (`"params": {}`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlackjackParams {}

/// A validated blackjack table.
#[derive(Clone, Debug)]
pub struct Blackjack {
    rules: BlackjackRules,
    strategy: Arc<BasicStrategy>,
}

impl Blackjack {
    /// Validate the rules and compute their basic strategy.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] naming the offending field.
    pub fn new(rules: BlackjackRules) -> Result<Blackjack, GameError> {
        let strategy = Arc::new(BasicStrategy::new(&rules)?);
        Ok(Blackjack { rules, strategy })
    }

    /// The rules.
    pub fn rules(&self) -> &BlackjackRules {
        &self.rules
    }

    /// The basic strategy of these rules.
    pub fn strategy(&self) -> &BasicStrategy {
        &self.strategy
    }

    /// The action a host applies to a round abandoned by the player (after the time the host
    /// configures): **decline insurance / even money**, then **stand** on every remaining
    /// hand. Standing takes no extra stake and is always legal, so an abandoned round never
    /// costs the player more than the stakes already placed.
    pub fn default_action(&self, state: &BlackjackState) -> Action {
        match state.phase() {
            Phase::Insurance => Action::NoInsurance,
            Phase::Player => Action::Stand,
        }
    }

    /// Complete an abandoned round by applying [`Blackjack::default_action`] until it settles.
    ///
    /// # Errors
    /// Whatever [`Game::act`] returns (never for a state produced by this game).
    pub fn complete<R: RandomSource>(
        &self,
        state: &BlackjackState,
        rng: &mut Sampler<R>,
    ) -> Result<Settlement<BlackjackOutcome>, GameError> {
        let mut st = state.clone();
        for _ in 0..64 {
            let action = self.default_action(&st);
            if let Step::Settled(s) = self.act_in_place(&mut st, &action, rng)? {
                return Ok(s);
            }
        }
        Err(GameError::IllegalAction("round did not settle".into()))
    }
}

impl Game for Blackjack {
    type Params = BlackjackParams;
    type State = BlackjackState;
    type Action = Action;
    type Outcome = BlackjackOutcome;
    const NAME: &'static str = "blackjack";

    fn profile(&self) -> Profile {
        self.rules.profile
    }

    fn start<R: RandomSource>(
        &self,
        bet: &Bet<BlackjackParams>,
        rng: &mut Sampler<R>,
    ) -> Result<Step<BlackjackState, BlackjackOutcome>, GameError> {
        round::start(&self.rules, bet.stake, rng)
    }

    fn act<R: RandomSource>(
        &self,
        state: &BlackjackState,
        action: &Action,
        rng: &mut Sampler<R>,
    ) -> Result<Step<BlackjackState, BlackjackOutcome>, GameError> {
        round::act(&self.rules, state, *action, rng)
    }

    #[inline]
    fn act_in_place<R: RandomSource>(
        &self,
        state: &mut BlackjackState,
        action: &Action,
        rng: &mut Sampler<R>,
    ) -> Result<Step<(), BlackjackOutcome>, GameError> {
        round::act_in_place(&self.rules, state, *action, rng)
    }

    fn legal_actions(&self, state: &BlackjackState) -> Vec<Action> {
        state.options(&self.rules).to_vec()
    }
}

impl crate::catalog::Catalogued for Blackjack {
    type Config = BlackjackRules;
    type Bot = BasicStrategyBot;

    fn from_config(config: BlackjackRules) -> Result<Blackjack, GameError> {
        Blackjack::new(config)
    }

    fn bot(&self) -> BasicStrategyBot {
        BasicStrategyBot::new(Arc::clone(&self.strategy))
    }
}

/// The basic-strategy chart of a rule set, for printing (`kingpin blackjack strategy`).
///
/// # Errors
/// [`GameError::InvalidConfig`] for invalid rules.
///
/// ```
/// use kingpin_engine::games::blackjack::{BlackjackRules, chart};
/// let text = chart(&BlackjackRules::default())?;
/// assert!(text.contains("Pairs"));
/// # Ok::<(), kingpin_engine::GameError>(())
/// ```
pub fn chart(rules: &BlackjackRules) -> Result<alloc::string::String, GameError> {
    Ok(BasicStrategy::new(rules)?.chart())
}

#[cfg(test)]
mod tests;
