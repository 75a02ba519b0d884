//! The round state machine: deal → insurance → player actions per hand → dealer → settlement.

use alloc::vec::Vec;

use kingpin_rng::{RandomSource, Sampler};
use kingpin_units::Amount;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use super::hand::{Cards, Total, value};
use super::rules::{BlackjackRules, EnhcLoss};
use super::shoe::CompactShoe;
use crate::cards::Card;
use crate::{GameError, InProgress, Settlement, Step};

/// Version of the round rules and record format; part of every outcome (a change is a breaking
/// change of the fairness contract).
pub const ROUND_VERSION: u32 = 1;

/// The player's hands of a round: inline while there is one (no split), on the heap after a
/// split (a few rounds in a hundred) — a small state is cheaper to copy on every action.
pub type Hands = SmallVec<[PlayerHand; 1]>;

/// The player's actions of a round, in order: inline up to 16, on the heap beyond.
pub type Actions = SmallVec<[Action; 16]>;

/// The records of the player's hands in an outcome: inline while there is one, on the heap
/// after a split.
pub type HandRecords = SmallVec<[HandRecord; 1]>;

/// A player's decision.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Take a card.
    Hit,
    /// Keep the hand.
    Stand,
    /// Double the stake of a two-card hand and take exactly one card.
    Double,
    /// Split a pair into two hands, each with the original stake.
    Split,
    /// Late surrender: give up the hand and get half the stake back.
    Surrender,
    /// Take insurance (half the stake) against a dealer blackjack; it pays 2:1.
    Insurance,
    /// With a blackjack against an ace: take a guaranteed 1:1 win now.
    EvenMoney,
    /// Decline insurance (or even money).
    NoInsurance,
}

/// Where a round stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The dealer shows an ace: insurance / even money is offered.
    Insurance,
    /// The player acts on the active hand.
    Player,
}

/// One of the player's hands.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct PlayerHand {
    /// Its cards in the order dealt.
    pub cards: Cards,
    /// Its stake (doubled stakes included).
    pub stake: Amount,
    /// The hand was doubled.
    pub doubled: bool,
    /// The hand comes from a split.
    pub split: bool,
    /// The hand comes from splitting aces.
    pub split_aces: bool,
    /// The hand was surrendered.
    pub surrendered: bool,
    /// The player is done with the hand.
    pub done: bool,
}

impl PlayerHand {
    fn new(cards: Cards, stake: Amount) -> PlayerHand {
        PlayerHand {
            cards,
            stake,
            doubled: false,
            split: false,
            split_aces: false,
            surrendered: false,
            done: false,
        }
    }

    /// The hand's total.
    #[inline]
    pub fn total(&self) -> Total {
        self.cards.total()
    }

    /// A natural: two cards worth 21 on an unsplit hand.
    #[inline]
    pub fn is_blackjack(&self) -> bool {
        !self.split && self.cards.is_natural()
    }

    /// A pair by blackjack value (so K–Q is a pair of tens).
    #[inline]
    pub fn is_pair(&self) -> bool {
        match self.cards.as_slice() {
            [a, b] => value(*a) == value(*b),
            _ => false,
        }
    }
}

/// The serializable state of a round in progress. The host persists it and resumes the fair
/// stream at the recorded cursor. It holds the dealer's hole card (peek rule): a host shows the
/// player only [`BlackjackState::dealer_up`].
#[derive(PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct BlackjackState {
    stake: Amount,
    shoe: CompactShoe,
    dealer: Cards,
    hands: Hands,
    active: usize,
    phase: Phase,
    insurance: Amount,
    actions: Actions,
}

impl Clone for BlackjackState {
    /// Every part is plain data: copied slice by slice, without allocation for any ordinary
    /// round (the state is cloned on every action).
    fn clone(&self) -> Self {
        BlackjackState {
            stake: self.stake,
            shoe: self.shoe.clone(),
            dealer: self.dealer,
            hands: Hands::from_slice(&self.hands),
            active: self.active,
            phase: self.phase,
            insurance: self.insurance,
            actions: Actions::from_slice(&self.actions),
        }
    }
}

/// Which actions are legal, as flags (cheaper than a list for bots).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Options {
    /// Hit.
    pub hit: bool,
    /// Stand.
    pub stand: bool,
    /// Double.
    pub double: bool,
    /// Split.
    pub split: bool,
    /// Surrender.
    pub surrender: bool,
    /// Insurance (and declining it).
    pub insurance: bool,
    /// Even money (and declining it).
    pub even_money: bool,
}

impl Options {
    /// Whether `a` is legal.
    pub fn allows(self, a: Action) -> bool {
        match a {
            Action::Hit => self.hit,
            Action::Stand => self.stand,
            Action::Double => self.double,
            Action::Split => self.split,
            Action::Surrender => self.surrender,
            Action::Insurance => self.insurance,
            Action::EvenMoney => self.even_money,
            Action::NoInsurance => self.insurance || self.even_money,
        }
    }

    /// The legal actions in a fixed order.
    pub fn to_vec(self) -> Vec<Action> {
        [
            Action::Hit,
            Action::Stand,
            Action::Double,
            Action::Split,
            Action::Surrender,
            Action::Insurance,
            Action::EvenMoney,
            Action::NoInsurance,
        ]
        .into_iter()
        .filter(|&a| self.allows(a))
        .collect()
    }
}

impl BlackjackState {
    /// The original stake.
    pub fn stake(&self) -> Amount {
        self.stake
    }

    /// The dealer's face-up card.
    #[inline]
    pub fn dealer_up(&self) -> Option<Card> {
        self.dealer.first().copied()
    }

    /// The player's hands.
    pub fn hands(&self) -> &[PlayerHand] {
        &self.hands
    }

    /// Index of the hand being played.
    pub fn active(&self) -> usize {
        self.active
    }

    /// The hand being played.
    pub fn active_hand(&self) -> Option<&PlayerHand> {
        self.hands.get(self.active)
    }

    /// The phase.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The insurance stake taken (zero if none).
    pub fn insurance(&self) -> Amount {
        self.insurance
    }

    /// Every action so far, in order.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// Whether `action` is legal: `self.options(rules).allows(action)`, with hitting and
    /// standing (most actions) checked without computing every option.
    #[inline]
    pub fn allows(&self, rules: &BlackjackRules, action: Action) -> bool {
        match (self.phase, action) {
            (Phase::Player, Action::Stand | Action::Hit) => {
                self.hands.get(self.active).is_some_and(|h| {
                    !h.done
                        && h.cards.len() >= 2
                        && (action == Action::Stand || !h.split_aces || rules.hit_split_aces)
                })
            }
            _ => self.options(rules).allows(action),
        }
    }

    /// The legal actions as flags.
    #[inline]
    pub fn options(&self, rules: &BlackjackRules) -> Options {
        let mut o = Options::default();
        match self.phase {
            Phase::Insurance => {
                if self.hands.first().is_some_and(PlayerHand::is_blackjack) {
                    o.even_money = true;
                } else {
                    o.insurance = true;
                }
            }
            Phase::Player => {
                let Some(h) = self.hands.get(self.active) else {
                    return o;
                };
                if h.done || h.cards.len() < 2 {
                    return o;
                }
                let t = h.total();
                let two = h.cards.len() == 2;
                let aces_locked = h.split_aces && !rules.hit_split_aces;
                o.stand = true;
                o.hit = !aces_locked;
                o.double = two
                    && !aces_locked
                    && rules.double_on.allows(t.best())
                    && (!h.split || rules.double_after_split);
                o.split = h.is_pair()
                    && self.hands.len() < usize::from(rules.max_hands)
                    && (value(h.cards[0]) != 1 || !h.split || rules.resplit_aces);
                o.surrender = rules.late_surrender && two && !h.split && self.hands.len() == 1;
            }
        }
        o
    }
}

/// How a hand ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandResult {
    /// A natural paid at the blackjack rate.
    Blackjack,
    /// Even money taken on a natural.
    EvenMoney,
    /// Beat the dealer.
    Win,
    /// Tied.
    Push,
    /// Lost to the dealer.
    Lose,
    /// Went over 21.
    Bust,
    /// Surrendered.
    Surrender,
}

/// The record of one hand.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct HandRecord {
    /// Cards in the order dealt.
    pub cards: Cards,
    /// Best total.
    pub total: u8,
    /// Stake of the hand (doubles included).
    pub stake: Amount,
    /// Doubled.
    pub doubled: bool,
    /// Result.
    pub result: HandResult,
    /// Paid back for this hand (stake included; zero when lost).
    pub payout: Amount,
}

/// What a settled round shows; with the seeds, the rules and the actions it is everything a
/// later replay needs.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct BlackjackOutcome {
    /// [`ROUND_VERSION`].
    pub version: u32,
    /// The rules the round was played under.
    pub rules: BlackjackRules,
    /// The dealer's cards (up card first).
    pub dealer: Cards,
    /// The dealer's best total.
    pub dealer_total: u8,
    /// The dealer had a blackjack.
    pub dealer_blackjack: bool,
    /// The player's hands.
    pub hands: HandRecords,
    /// Insurance stake (zero if none).
    pub insurance_stake: Amount,
    /// Insurance payout (stake included).
    pub insurance_payout: Amount,
    /// Every player action, in order.
    pub actions: Actions,
    /// Cards dealt from the shoe.
    pub cards_dealt: usize,
}

/// What a step returns.
pub type BlackjackStep = Step<BlackjackState, BlackjackOutcome>;

fn half(a: Amount) -> Amount {
    Amount::from_minor(a.minor() / 2)
}

fn blackjack_payout(rules: &BlackjackRules, stake: Amount) -> Result<Amount, GameError> {
    let (n, d) = rules.blackjack_pays.ratio();
    let win = u128::from(stake.minor()) * u128::from(n) / u128::from(d);
    let win = u64::try_from(win)
        .map_err(|_| GameError::bet("stake", "too large: the blackjack payout overflows"))?;
    Ok(stake.checked_add(Amount::from_minor(win))?)
}

/// Where a round goes after the cards of a step are dealt.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Next {
    /// The player has a decision to make.
    Decide,
    /// The round is over: settle it (`Some`: every hand gets this result — even money).
    Settle(Option<HandResult>),
}

/// Deal a new round (see the module docs of [`super`] for the order of the cards).
pub(super) fn start<R: RandomSource>(
    rules: &BlackjackRules,
    stake: Amount,
    rng: &mut Sampler<R>,
) -> Result<BlackjackStep, GameError> {
    if stake.is_zero() {
        return Err(GameError::bet("stake", "must be above zero"));
    }
    // The largest total stake of a round: every hand split and doubled, plus insurance.
    stake
        .checked_mul(2 * u64::from(rules.max_hands) + 1)
        .and_then(|s| s.checked_mul(2))
        .map_err(|_| GameError::bet("stake", "too large: a round's payout could overflow"))?;
    // The state is built where the step is returned and dealt there: no copy of it.
    let mut out: Result<BlackjackStep, GameError> = Ok(Step::InProgress(InProgress {
        state: BlackjackState {
            stake,
            shoe: CompactShoe::new(rules.deck_mode())?,
            dealer: Cards::new(),
            hands: Hands::new(),
            active: 0,
            phase: Phase::Player,
            insurance: Amount::ZERO,
            actions: Actions::new(),
        },
        extra_stake: Amount::ZERO,
        cursor: None,
    }));
    if let Ok(Step::InProgress(p)) = &mut out {
        match deal(rules, &mut p.state, rng) {
            Ok(Next::Decide) => p.cursor = rng.source().position(),
            Ok(Next::Settle(forced)) => out = settle(rules, &mut p.state, forced),
            Err(e) => out = Err(e),
        }
    }
    out
}

/// Deal the first cards into a fresh state and go as far as the first decision.
#[inline]
fn deal<R: RandomSource>(
    rules: &BlackjackRules,
    st: &mut BlackjackState,
    rng: &mut Sampler<R>,
) -> Result<Next, GameError> {
    let p1 = st.shoe.deal(rng)?;
    let up = st.shoe.deal(rng)?;
    let p2 = st.shoe.deal(rng)?;
    st.dealer.push(up)?;
    if rules.peeks() {
        let hole = st.shoe.deal(rng)?;
        st.dealer.push(hole)?;
    }
    let mut cards = Cards::new();
    cards.push(p1)?;
    cards.push(p2)?;
    st.hands.push(PlayerHand::new(cards, st.stake));
    if rules.insurance && value(up) == 1 && !half(st.stake).is_zero() {
        st.phase = Phase::Insurance;
        return Ok(Next::Decide);
    }
    after_insurance(rules, st, rng)
}

/// Apply an action to a copy of the state; an illegal one is an error and changes nothing.
pub(super) fn act<R: RandomSource>(
    rules: &BlackjackRules,
    state: &BlackjackState,
    action: Action,
    rng: &mut Sampler<R>,
) -> Result<BlackjackStep, GameError> {
    let mut st = state.clone();
    Ok(match act_in_place(rules, &mut st, action, rng)? {
        Step::InProgress(p) => Step::InProgress(InProgress {
            state: st,
            extra_stake: p.extra_stake,
            cursor: p.cursor,
        }),
        Step::Settled(s) => Step::Settled(s),
    })
}

/// The refusal of an illegal action, with the legal list (out of line: never on the hot path).
#[cold]
#[inline(never)]
fn illegal(action: Action, options: Options) -> GameError {
    GameError::IllegalAction(alloc::format!(
        "{action:?} is not legal here; legal: {:?}",
        options.to_vec()
    ))
}

/// Apply an action to the state itself. An illegal action is refused before anything changes;
/// after a settlement the state is spent.
pub(super) fn act_in_place<R: RandomSource>(
    rules: &BlackjackRules,
    st: &mut BlackjackState,
    action: Action,
    rng: &mut Sampler<R>,
) -> Result<Step<(), BlackjackOutcome>, GameError> {
    if !st.allows(rules, action) {
        return Err(illegal(action, st.options(rules)));
    }
    st.actions.push(action);
    let mut extra = Amount::ZERO;
    let next = match action {
        Action::Insurance => {
            st.insurance = half(st.stake);
            st.phase = Phase::Player;
            extra = st.insurance;
            after_insurance(rules, st, rng)?
        }
        Action::NoInsurance => {
            st.phase = Phase::Player;
            after_insurance(rules, st, rng)?
        }
        Action::EvenMoney => Next::Settle(Some(HandResult::EvenMoney)),
        Action::Hit | Action::Stand | Action::Double | Action::Split | Action::Surrender => {
            let i = st.active;
            let h = st
                .hands
                .get_mut(i)
                .ok_or_else(|| GameError::IllegalAction("no active hand".into()))?;
            match action {
                Action::Hit => {
                    let c = st.shoe.deal(rng)?;
                    h.cards.push(c)?;
                }
                Action::Stand => h.done = true,
                Action::Double => {
                    extra = h.stake;
                    h.stake = h.stake.checked_mul(2)?;
                    h.doubled = true;
                    let c = st.shoe.deal(rng)?;
                    h.cards.push(c)?;
                    h.done = true;
                }
                Action::Surrender => {
                    h.surrendered = true;
                    h.done = true;
                }
                _ => {
                    // Split: the second card starts a new hand right after this one.
                    extra = st.stake;
                    let moved = h.cards.pop().ok_or_else(|| {
                        GameError::IllegalAction("cannot split a hand without cards".into())
                    })?;
                    let aces = value(moved) == 1;
                    h.split = true;
                    h.split_aces = aces;
                    let mut cards = Cards::new();
                    cards.push(moved)?;
                    let mut new = PlayerHand::new(cards, st.stake);
                    new.split = true;
                    new.split_aces = aces;
                    st.hands.insert(i + 1, new);
                }
            }
            play_on(rules, st, rng)?
        }
    };
    match next {
        Next::Decide => Ok(Step::InProgress(InProgress {
            state: (),
            extra_stake: extra,
            cursor: rng.source().position(),
        })),
        // The settlement's total stake already counts this step's extra stake.
        Next::Settle(forced) => settle(rules, st, forced),
    }
}

/// After the insurance decision (or when none is offered): the peek, then naturals.
fn after_insurance<R: RandomSource>(
    rules: &BlackjackRules,
    st: &mut BlackjackState,
    rng: &mut Sampler<R>,
) -> Result<Next, GameError> {
    let player_bj = st.hands.first().is_some_and(PlayerHand::is_blackjack);
    if rules.peeks() {
        if st.dealer.is_natural() || player_bj {
            return Ok(Next::Settle(None));
        }
    } else if player_bj {
        let c = st.shoe.deal(rng)?;
        st.dealer.push(c)?;
        return Ok(Next::Settle(None));
    }
    play_on(rules, st, rng)
}

/// Move to the next decision: finish hands that need no decision, deal second cards to split
/// hands, and play the dealer when every hand is done.
fn play_on<R: RandomSource>(
    rules: &BlackjackRules,
    st: &mut BlackjackState,
    rng: &mut Sampler<R>,
) -> Result<Next, GameError> {
    while let Some(h) = st.hands.get_mut(st.active) {
        if h.cards.len() < 2 {
            let c = st.shoe.deal(rng)?;
            h.cards.push(c)?;
        }
        if !h.done {
            let t = h.total();
            if t.is_bust() || t.best() == 21 {
                h.done = true;
            }
        }
        if !h.done {
            // A hand that may hit has a decision (the common case, without every option).
            if h.cards.len() >= 2 && (!h.split_aces || rules.hit_split_aces) {
                return Ok(Next::Decide);
            }
            let o = st.options(rules);
            if o.hit || o.double || o.split || o.surrender {
                return Ok(Next::Decide);
            }
        }
        // No decision left on this hand (done, 21, bust, or split aces that take one card).
        if let Some(h) = st.hands.get_mut(st.active) {
            h.done = true;
        }
        st.active += 1;
    }
    dealer_plays(rules, st, rng)?;
    Ok(Next::Settle(None))
}

fn dealer_plays<R: RandomSource>(
    rules: &BlackjackRules,
    st: &mut BlackjackState,
    rng: &mut Sampler<R>,
) -> Result<(), GameError> {
    let live = st
        .hands
        .iter()
        .any(|h| !h.surrendered && !h.total().is_bust());
    if !rules.peeks() {
        // No hole card: the dealer always takes the second card (it decides a blackjack).
        let c = st.shoe.deal(rng)?;
        st.dealer.push(c)?;
        if st.dealer.is_natural() {
            return Ok(());
        }
    }
    if !live {
        return Ok(());
    }
    loop {
        let t = st.dealer.total();
        let b = t.best();
        if b > 17 || (b == 17 && !(t.is_soft() && rules.dealer_hits_soft_17)) {
            return Ok(());
        }
        let c = st.shoe.deal(rng)?;
        st.dealer.push(c)?;
    }
}

/// Settle every hand against the dealer's cards as they are. The state is spent: its list of
/// actions moves into the outcome.
///
/// Returns the settled step itself (of any state type), built where the caller returns it.
#[inline]
fn settle<S>(
    rules: &BlackjackRules,
    st: &mut BlackjackState,
    forced: Option<HandResult>,
) -> Result<Step<S, BlackjackOutcome>, GameError> {
    let dt = st.dealer.total();
    let dealer_bj = st.dealer.is_natural();
    let d = dt.best();
    let mut total_stake = st.insurance;
    let mut payout = Amount::ZERO;
    let mut hands = HandRecords::new();
    for (i, h) in st.hands.iter().enumerate() {
        let t = h.total();
        let (result, hand_payout) = if let Some(r) = forced {
            (r, h.stake.checked_mul(2)?)
        } else if h.surrendered {
            (HandResult::Surrender, half(h.stake))
        } else if t.is_bust() {
            let refund = if dealer_bj && rules.enhc_loss == EnhcLoss::OriginalOnly {
                obo_refund(i, h.stake, st.stake)
            } else {
                Amount::ZERO
            };
            (HandResult::Bust, refund)
        } else if h.is_blackjack() {
            if dealer_bj {
                (HandResult::Push, h.stake)
            } else {
                (HandResult::Blackjack, blackjack_payout(rules, h.stake)?)
            }
        } else if dealer_bj {
            let refund = if rules.enhc_loss == EnhcLoss::OriginalOnly && !rules.peeks() {
                obo_refund(i, h.stake, st.stake)
            } else {
                Amount::ZERO
            };
            (HandResult::Lose, refund)
        } else if dt.is_bust() || t.best() > d {
            (HandResult::Win, h.stake.checked_mul(2)?)
        } else if t.best() == d {
            (HandResult::Push, h.stake)
        } else {
            (HandResult::Lose, Amount::ZERO)
        };
        total_stake = total_stake.checked_add(h.stake)?;
        payout = payout.checked_add(hand_payout)?;
        hands.push(HandRecord {
            cards: h.cards,
            total: t.best(),
            stake: h.stake,
            doubled: h.doubled,
            result,
            payout: hand_payout,
        });
    }
    let insurance_payout = if dealer_bj {
        st.insurance.checked_mul(3)?
    } else {
        Amount::ZERO
    };
    let payout = payout.checked_add(insurance_payout)?;
    Ok(Step::Settled(Settlement {
        outcome: BlackjackOutcome {
            version: ROUND_VERSION,
            rules: *rules,
            dealer_total: d,
            dealer_blackjack: dealer_bj,
            dealer: st.dealer,
            hands,
            insurance_stake: st.insurance,
            insurance_payout,
            actions: core::mem::take(&mut st.actions),
            cards_dealt: st.shoe.dealt(),
        },
        total_stake,
        payout,
    }))
}

/// Under "original bets only", hand `i` gets back everything above the original stake: the
/// first hand keeps losing the original stake, every other stake comes back.
fn obo_refund(i: usize, hand_stake: Amount, original: Amount) -> Amount {
    if i == 0 {
        hand_stake.checked_sub(original).unwrap_or(Amount::ZERO)
    } else {
        hand_stake
    }
}
