//! The pattern every game follows.

use alloc::vec::Vec;

use kingpin_rng::{Profile, RandomSource, Sampler};
use kingpin_units::Amount;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{GameError, Ratio};

/// A bet: the stake and the game's own parameters (a dice target, roulette chips, ...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bet<P> {
    /// The stake, in minor units of the table's currency.
    pub stake: Amount,
    /// The game's parameters.
    pub params: P,
}

impl<P> Bet<P> {
    /// A bet of `stake` with `params`.
    pub fn new(stake: Amount, params: P) -> Bet<P> {
        Bet { stake, params }
    }
}

/// A round that waits for the player.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InProgress<S> {
    /// Everything needed to continue the round; the host persists it.
    pub state: S,
    /// Extra stake this step asks the host to take (a double, a split, insurance); zero if none.
    pub extra_stake: Amount,
    /// Where the random stream continues: byte position of the fair stream (`None` for
    /// simulation sources). The host resumes with `ByteStream::at(.., cursor)`.
    pub cursor: Option<u64>,
}

/// A finished round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settlement<O> {
    /// What happened (for display, animation and audit).
    pub outcome: O,
    /// Everything the player staked in the round, extra stakes included.
    pub total_stake: Amount,
    /// What the player gets back (stake included when won; zero when lost).
    pub payout: Amount,
}

/// The result of a step: still in progress, or settled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Step<S, O> {
    /// The round waits for an action.
    InProgress(InProgress<S>),
    /// The round is over.
    Settled(Settlement<O>),
}

impl<S, O> Step<S, O> {
    /// The settlement, if the round is over.
    pub fn settled(self) -> Option<Settlement<O>> {
        match self {
            Step::Settled(s) => Some(s),
            Step::InProgress(_) => None,
        }
    }
}

/// A game: a validated configuration (the implementing value) with its round state machine.
///
/// Constructors validate the configuration and return [`GameError::InvalidConfig`] with the
/// field and reason; a constructed game is always playable.
pub trait Game {
    /// The player's per-bet parameters.
    type Params: Clone + Serialize + DeserializeOwned;
    /// The serializable state of a round in progress (`()` for one-step games).
    type State: Clone + Serialize + DeserializeOwned;
    /// A player's action in a multi-step game (`()` for one-step games).
    type Action: Clone + Serialize + DeserializeOwned;
    /// What a settled round shows.
    type Outcome: Clone + Serialize + DeserializeOwned;

    /// The game's short name, e.g. `"dice"`.
    const NAME: &'static str;

    /// The sampler profile its rounds are drawn with.
    fn profile(&self) -> Profile;

    /// Start a round.
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] for a bet the configuration does not allow; nothing is drawn
    /// from `rng` in that case.
    fn start<R: RandomSource>(
        &self,
        bet: &Bet<Self::Params>,
        rng: &mut Sampler<R>,
    ) -> Result<Step<Self::State, Self::Outcome>, GameError>;

    /// Continue a round in progress with an action.
    ///
    /// # Errors
    /// [`GameError::IllegalAction`] if the action is not in [`Game::legal_actions`];
    /// [`GameError::NoActions`] for one-step games.
    fn act<R: RandomSource>(
        &self,
        state: &Self::State,
        action: &Self::Action,
        rng: &mut Sampler<R>,
    ) -> Result<Step<Self::State, Self::Outcome>, GameError> {
        let _ = (state, action, rng);
        Err(GameError::NoActions)
    }

    /// [`Game::act`] advancing `state` itself instead of returning a new one: the fast path
    /// for callers that keep one state per round and never need the previous one (the
    /// simulation harness [`crate::sim::play_round`], bots, a host completing a round).
    ///
    /// The step is the one [`Game::act`] returns, without the state: on
    /// [`Step::InProgress`] (its `state` is `()`), `*state` is exactly the state `act` would
    /// have returned; on [`Step::Settled`] the round is over and `*state` is spent (its
    /// content is unspecified: do not act on it again). Draws from `rng` are the same as
    /// `act`'s, so both paths give the same rounds.
    ///
    /// The provided implementation calls [`Game::act`] and stores its state; a game whose
    /// state is worth advancing without a copy (blackjack) overrides it, and then
    /// implements `act` as a clone plus this.
    ///
    /// ```
    /// use kingpin_engine::games::blackjack::{Blackjack, BlackjackParams, BlackjackRules};
    /// use kingpin_engine::{Bet, Game, Step};
    /// use kingpin_rng::{ChaCha8Source, Sampler};
    /// use kingpin_units::Amount;
    ///
    /// let game = Blackjack::new(BlackjackRules::default())?;
    /// let bet = Bet::new(Amount::from_minor(100), BlackjackParams {});
    /// let mut rng = Sampler::new(ChaCha8Source::new(7, 0), game.profile());
    /// let mut copy = rng.clone();
    /// let settled = match game.start(&bet, &mut rng)? {
    ///     Step::Settled(s) => s,
    ///     Step::InProgress(mut p) => loop {
    ///         let action = game.default_action(&p.state);
    ///         if let Step::Settled(s) = game.act_in_place(&mut p.state, &action, &mut rng)? {
    ///             break s;
    ///         }
    ///     },
    /// };
    /// // The same round through `act`, which returns a new state at every step.
    /// let mut step = game.start(&bet, &mut copy)?;
    /// while let Step::InProgress(p) = step {
    ///     step = game.act(&p.state, &game.default_action(&p.state), &mut copy)?;
    /// }
    /// assert_eq!(step.settled(), Some(settled));
    /// # Ok::<(), kingpin_engine::GameError>(())
    /// ```
    ///
    /// # Errors
    /// Those of [`Game::act`]. An action refused as illegal ([`GameError::IllegalAction`] for
    /// an action not in [`Game::legal_actions`], [`GameError::NoActions`]) leaves `state`
    /// unchanged. Any other error (none for a state the game itself produced) may leave it
    /// partly advanced: the round cannot continue from it.
    fn act_in_place<R: RandomSource>(
        &self,
        state: &mut Self::State,
        action: &Self::Action,
        rng: &mut Sampler<R>,
    ) -> Result<Step<(), Self::Outcome>, GameError> {
        Ok(match self.act(state, action, rng)? {
            Step::InProgress(p) => {
                *state = p.state;
                Step::InProgress(InProgress {
                    state: (),
                    extra_stake: p.extra_stake,
                    cursor: p.cursor,
                })
            }
            Step::Settled(s) => Step::Settled(s),
        })
    }

    /// The actions legal in `state`.
    fn legal_actions(&self, state: &Self::State) -> Vec<Self::Action> {
        let _ = state;
        Vec::new()
    }

    /// The exact return to player of a bet with these parameters, where the game can compute
    /// it in closed form.
    fn exact_rtp(&self, params: &Self::Params) -> Option<Ratio> {
        let _ = params;
        None
    }
}
