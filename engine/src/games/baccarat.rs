//! Baccarat (Punto Banco): player, banker, tie and pair bets, the complete third-card rules, a
//! shoe of 1–8 decks shuffled per round (or an infinite deck), and the exact house edge of every
//! bet by full enumeration of the shoe without replacement.
//!
//! # Rules
//!
//! - Card values: ace 1, 2–9 face value, 10 and pictures 0; a hand's total is its sum mod 10.
//! - Deal order: player, banker, player, banker; then the player's third card, then the
//!   banker's, when the rules draw them.
//! - A natural (8 or 9 on either two-card hand) ends the deal. Otherwise the player draws on
//!   0–5 and stands on 6–7. If the player stood, the banker draws on 0–5. If the player drew a
//!   third card worth `t`, the banker draws on 0–2; on 3 unless `t = 8`; on 4 if `t` is 2–7; on
//!   5 if `t` is 4–7; on 6 if `t` is 6–7; and stands on 7.
//! - Payouts (stake included): player win 2×; banker win 1.95× (5 % commission) or, with
//!   `no_commission`, 2× except a banker win on 6, 1.5×; player and banker bets push on a tie;
//!   tie 9× (8:1) or 10× (9:1); player pair / banker pair (the hand's first two cards share a
//!   rank) `pair_pays + 1`×, default 12× (11:1). Payouts are rounded down to the minor unit.
//!
//! ```
//! use kingpin_engine::games::baccarat::{Baccarat, BaccaratConfig};
//!
//! let game = Baccarat::new(BaccaratConfig::default())?; // 8 decks, 5 % commission, tie 8:1
//! let edges = game.house_edges();
//! assert_eq!(format!("{:.4}", 100.0 * edges.banker.to_f64()), "1.0579");
//! assert_eq!(format!("{:.4}", 100.0 * edges.player.to_f64()), "1.2351");
//! assert_eq!(format!("{:.4}", 100.0 * edges.tie.to_f64()), "14.3596");
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;
use alloc::vec::Vec;

use kingpin_rng::{Profile, RandomSource, Sampler};
use kingpin_units::{Amount, Multiplier};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::cards::{Card, DeckMode};
use crate::{Bet, Game, GameError, Ratio, Settlement, Step};

/// How the banker bet is paid.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BankerPays {
    /// 0.95 to 1 (5 % commission on a win).
    #[default]
    Commission,
    /// 1 to 1, except a banker win with a total of 6 pays 1 to 2.
    NoCommission,
}

/// Baccarat configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BaccaratConfig {
    /// The shoe: `{"decks": n}` (1–8) shuffled per round, or `"infinite"` (default 8 decks).
    pub decks: DeckMode,
    /// Banker payout rule (default `commission`).
    pub banker: BankerPays,
    /// The tie pays this to one: 8 or 9 (default 8).
    pub tie_pays: u8,
    /// Each pair bet pays this to one, 1–50 (default 11).
    pub pair_pays: u8,
    /// Largest stake of one bet (default: no limit).
    pub max_stake: Option<Amount>,
    /// Sampler profile (default `unbiased`).
    pub profile: Profile,
}

impl Default for BaccaratConfig {
    fn default() -> Self {
        BaccaratConfig {
            decks: DeckMode::Decks(8),
            banker: BankerPays::Commission,
            tie_pays: 8,
            pair_pays: 11,
            max_stake: None,
            profile: Profile::Unbiased,
        }
    }
}

/// The stakes of one round, one per bet (zero = not played).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BaccaratParams {
    /// On the player hand.
    pub player: Amount,
    /// On the banker hand.
    pub banker: Amount,
    /// On a tie.
    pub tie: Amount,
    /// On a player pair.
    pub player_pair: Amount,
    /// On a banker pair.
    pub banker_pair: Amount,
}

impl BaccaratParams {
    /// The five stakes in the order player, banker, tie, player pair, banker pair.
    pub fn stakes(&self) -> [Amount; 5] {
        [
            self.player,
            self.banker,
            self.tie,
            self.player_pair,
            self.banker_pair,
        ]
    }

    /// The sum of the stakes.
    ///
    /// # Errors
    /// [`GameError::Units`] on overflow.
    #[inline]
    pub fn total(&self) -> Result<Amount, GameError> {
        let mut sum = 0u64;
        for s in self.stakes() {
            sum = sum
                .checked_add(s.minor())
                .ok_or(kingpin_units::UnitsError::Overflow {
                    op: "baccarat stakes",
                })?;
        }
        Ok(Amount::from_minor(sum))
    }
}

/// A hand of two or three cards (no allocation; serialized as a list of cards).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Hand {
    cards: [Card; 3],
    len: u8,
}

impl Hand {
    #[inline]
    fn two(a: Card, b: Card) -> Hand {
        Hand {
            cards: [a, b, a],
            len: 2,
        }
    }

    /// The cards.
    #[inline]
    pub fn cards(&self) -> &[Card] {
        &self.cards[..usize::from(self.len)]
    }

    /// The hand's total, 0–9.
    #[inline]
    pub fn total(&self) -> u8 {
        self.cards().iter().map(|&c| value(c)).sum::<u8>() % 10
    }

    /// Whether the first two cards share a rank.
    #[inline]
    pub fn is_pair(&self) -> bool {
        self.cards[0].rank() == self.cards[1].rank()
    }
}

impl Serialize for Hand {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.cards().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Hand {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Vec::<Card>::deserialize(d)?;
        match v[..] {
            [a, b] => Ok(Hand::two(a, b)),
            [a, b, c] => Ok(Hand {
                cards: [a, b, c],
                len: 3,
            }),
            _ => Err(serde::de::Error::custom("a baccarat hand has 2 or 3 cards")),
        }
    }
}

/// The baccarat value of a card: ace 1, 2–9, ten and pictures 0.
#[inline]
pub fn value(c: Card) -> u8 {
    match c.rank() {
        14 => 1,
        r if r >= 10 => 0,
        r => r,
    }
}

/// Which hand won.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Winner {
    /// The player hand.
    Player,
    /// The banker hand.
    Banker,
    /// Equal totals.
    Tie,
}

/// What each bet returned (stake included; zero when lost).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct BaccaratReturns {
    /// Player bet.
    pub player: Amount,
    /// Banker bet.
    pub banker: Amount,
    /// Tie bet.
    pub tie: Amount,
    /// Player pair bet.
    pub player_pair: Amount,
    /// Banker pair bet.
    pub banker_pair: Amount,
}

/// What a round shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct BaccaratOutcome {
    /// The player hand, in deal order.
    pub player: Hand,
    /// The banker hand, in deal order.
    pub banker: Hand,
    /// Player total.
    pub player_total: u8,
    /// Banker total.
    pub banker_total: u8,
    /// The winner.
    pub winner: Winner,
    /// Player pair.
    pub player_pair: bool,
    /// Banker pair.
    pub banker_pair: bool,
    /// What each bet returned.
    pub returns: BaccaratReturns,
}

/// Whether the banker draws with `banker` total when the player's third card is worth
/// `third` (`None` if the player stood).
#[inline]
pub fn banker_draws(banker: u8, third: Option<u8>) -> bool {
    match third {
        None => banker <= 5,
        Some(t) => match banker {
            0..=2 => true,
            3 => t != 8,
            4 => (2..=7).contains(&t),
            5 => (4..=7).contains(&t),
            6 => (6..=7).contains(&t),
            _ => false,
        },
    }
}

/// The shoe of one round: deals **exactly** the cards [`crate::cards::Shoe`] deals — the same
/// sampler calls (front-to-back Fisher–Yates step `i` draws `index_below(cards − i)`; an
/// infinite deck draws `index_below(52)`) and the same cards — without building the 52·d-card
/// list: only the positions a swap touched are remembered (a round deals at most 6 cards).
/// The test `round_shoe_deals_what_the_shared_shoe_deals` pins the equivalence.
#[derive(Clone, Copy, Debug)]
struct RoundShoe {
    cards: Option<u32>,
    dealt: u32,
    /// `(position, card index)` for positions beyond `dealt` that a swap changed.
    moved: [(u32, u8); 6],
    moved_len: usize,
}

impl RoundShoe {
    #[inline]
    fn new(cards: Option<u32>) -> RoundShoe {
        RoundShoe {
            cards,
            dealt: 0,
            moved: [(0, 0); 6],
            moved_len: 0,
        }
    }

    /// The card at `pos` of the shoe as it is now: moved there, or the fresh order (deck by
    /// deck, each in card-index order).
    #[inline]
    fn at(&self, pos: u32) -> u8 {
        self.moved[..self.moved_len]
            .iter()
            .rev()
            .find(|m| m.0 == pos)
            .map_or((pos % 52) as u8, |m| m.1)
    }

    /// The next card, or `None` if the shoe cannot deal one (more than 6 cards, or an empty
    /// shoe: neither happens in a round, whose shoe has at least 52 cards). A small return
    /// value, passed in registers.
    #[inline]
    fn deal<R: RandomSource>(&mut self, rng: &mut Sampler<R>) -> Option<Card> {
        let index = match self.cards {
            None => rng.index_below(52).ok()? as u8,
            Some(n) => {
                let i = self.dealt;
                let j = i + rng.index_below(n.checked_sub(i)?).ok()?;
                let (at_i, at_j) = (self.at(i), self.at(j));
                // Swap: position i (never read again) gets at_j; position j keeps at_i.
                if self.moved_len < self.moved.len() {
                    self.moved[self.moved_len] = (j, at_i);
                    self.moved_len += 1;
                } else {
                    return None;
                }
                at_j
            }
        };
        self.dealt += 1;
        // Below 52 either way: a draw below 52, or a card index `at` gave.
        Some(Card::from_index_wrapping(u16::from(index)))
    }
}

/// The error of a round shoe that cannot deal (unreachable: see [`RoundShoe::deal`]).
#[cold]
fn shoe_failed() -> GameError {
    GameError::IllegalAction("the round's shoe cannot deal another card".into())
}

/// The exact house edge (1 − RTP, as a fraction of the stake) of every bet, and the exact
/// probabilities of each result.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct HouseEdges {
    /// Player bet.
    pub player: Ratio,
    /// Banker bet (either payout rule, as configured).
    pub banker: Ratio,
    /// Tie bet.
    pub tie: Ratio,
    /// Each pair bet.
    pub pair: Ratio,
    /// Probability the player wins.
    pub p_player: Ratio,
    /// Probability the banker wins.
    pub p_banker: Ratio,
    /// Probability of a tie.
    pub p_tie: Ratio,
}

/// Outcome counts of a full enumeration: ordered 6-card sequences (finite shoe) or weights over
/// `13^6` (infinite deck), every deal extended to six cards so all counts share one denominator.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct Enumeration {
    /// Banker wins with a total other than 6.
    pub banker_not_six: u128,
    /// Banker wins with 6.
    pub banker_six: u128,
    /// Player wins.
    pub player: u128,
    /// Ties.
    pub tie: u128,
}

impl Enumeration {
    /// Banker wins.
    pub fn banker(&self) -> u128 {
        self.banker_not_six + self.banker_six
    }

    /// All sequences.
    pub fn total(&self) -> u128 {
        self.banker() + self.player + self.tie
    }
}

/// A validated baccarat table.
#[derive(Clone, Debug)]
pub struct Baccarat {
    config: BaccaratConfig,
    /// Cards in the shoe (`None` for an infinite deck).
    shoe_cards: Option<u32>,
}

impl Baccarat {
    /// Validate a configuration.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] for a bad deck count, a tie not paying 8 or 9, or pairs
    /// not paying 1–50.
    pub fn new(config: BaccaratConfig) -> Result<Baccarat, GameError> {
        config.decks.validate("decks")?;
        if !(8..=9).contains(&config.tie_pays) {
            return Err(GameError::config(
                "tie_pays",
                format!("{} to 1; allowed 8 or 9", config.tie_pays),
            ));
        }
        if !(1..=50).contains(&config.pair_pays) {
            return Err(GameError::config(
                "pair_pays",
                format!("{} to 1; allowed 1–50", config.pair_pays),
            ));
        }
        let shoe_cards = match config.decks {
            DeckMode::Decks(d) => Some(52 * u32::from(d)),
            DeckMode::Infinite => None,
        };
        Ok(Baccarat { config, shoe_cards })
    }

    /// The configuration.
    pub fn config(&self) -> &BaccaratConfig {
        &self.config
    }

    /// Check a round's stakes.
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] if nothing is staked, the stakes do not add up to the round's
    /// stake, a stake is above the table maximum, or a payout would overflow.
    #[inline]
    pub fn validate(&self, bet: &Bet<BaccaratParams>) -> Result<(), GameError> {
        let total = bet.params.total()?;
        if total.is_zero() {
            return Err(GameError::bet("params", "no bet placed"));
        }
        if total != bet.stake {
            return Err(GameError::bet(
                "stake",
                format!(
                    "the bets add up to {} but the stake is {}",
                    total.minor(),
                    bet.stake.minor()
                ),
            ));
        }
        if let Some(max) = self.config.max_stake {
            const NAMES: [&str; 5] = ["player", "banker", "tie", "player_pair", "banker_pair"];
            for (name, s) in NAMES.iter().zip(bet.params.stakes()) {
                if s > max {
                    return Err(GameError::bet(
                        format!("params.{name}"),
                        format!("{} is above the table maximum {}", s.minor(), max.minor()),
                    ));
                }
            }
        }
        // The largest multiple paid is 51 (pairs at 50:1); check once so settlement cannot
        // overflow.
        if total.minor().checked_mul(51).is_none() {
            return Err(GameError::bet(
                "stake",
                format!("{} is too large to be paid", total.minor()),
            ));
        }
        Ok(())
    }

    #[inline]
    fn pair_multiplier(&self) -> u64 {
        u64::from(self.config.pair_pays) + 1
    }

    /// Settle the stakes against a finished deal.
    #[inline]
    fn settle(&self, p: &BaccaratParams, player: &Hand, banker: &Hand) -> BaccaratOutcome {
        let (pt, bt) = (player.total(), banker.total());
        let winner = match pt.cmp(&bt) {
            core::cmp::Ordering::Greater => Winner::Player,
            core::cmp::Ordering::Less => Winner::Banker,
            core::cmp::Ordering::Equal => Winner::Tie,
        };
        // `validate` checked that 51 × the total stake fits in u64, and every multiple here is
        // at most 51, so these products cannot overflow (saturating keeps it panic-free).
        let m = |stake: Amount, num: u64, den: u64| -> Amount {
            Amount::from_minor(stake.minor().saturating_mul(num) / den)
        };
        let mut r = BaccaratReturns::default();
        match winner {
            Winner::Player => r.player = m(p.player, 2, 1),
            Winner::Banker => {
                r.banker = match self.config.banker {
                    BankerPays::Commission => m(p.banker, 39, 20),
                    BankerPays::NoCommission if bt == 6 => m(p.banker, 3, 2),
                    BankerPays::NoCommission => m(p.banker, 2, 1),
                }
            }
            Winner::Tie => {
                r.player = p.player;
                r.banker = p.banker;
                r.tie = m(p.tie, u64::from(self.config.tie_pays) + 1, 1);
            }
        }
        let (pp, bp) = (player.is_pair(), banker.is_pair());
        if pp {
            r.player_pair = m(p.player_pair, self.pair_multiplier(), 1);
        }
        if bp {
            r.banker_pair = m(p.banker_pair, self.pair_multiplier(), 1);
        }
        BaccaratOutcome {
            player: *player,
            banker: *banker,
            player_total: pt,
            banker_total: bt,
            winner,
            player_pair: pp,
            banker_pair: bp,
            returns: r,
        }
    }

    /// Deal one round from a fresh shoe (the drawing rules of the module docs).
    ///
    /// # Errors
    /// [`GameError::Rng`] only if the source fails.
    pub fn deal<R: RandomSource>(&self, rng: &mut Sampler<R>) -> Result<(Hand, Hand), GameError> {
        let mut shoe = RoundShoe::new(self.shoe_cards);
        let p1 = shoe.deal(rng).ok_or_else(shoe_failed)?;
        let b1 = shoe.deal(rng).ok_or_else(shoe_failed)?;
        let p2 = shoe.deal(rng).ok_or_else(shoe_failed)?;
        let b2 = shoe.deal(rng).ok_or_else(shoe_failed)?;
        let mut player = Hand::two(p1, p2);
        let mut banker = Hand::two(b1, b2);
        let (pt, bt) = (player.total(), banker.total());
        if pt >= 8 || bt >= 8 {
            return Ok((player, banker));
        }
        let third = if pt <= 5 {
            let c = shoe.deal(rng).ok_or_else(shoe_failed)?;
            player.cards[2] = c;
            player.len = 3;
            Some(value(c))
        } else {
            None
        };
        if banker_draws(bt, third) {
            banker.cards[2] = shoe.deal(rng).ok_or_else(shoe_failed)?;
            banker.len = 3;
        }
        Ok((player, banker))
    }

    /// Enumerate every deal exactly: each card value class (0 has 16 cards a deck, 1–9 have 4)
    /// drawn without replacement from the configured shoe (or with replacement from an
    /// infinite deck), weighted by the number of card sequences.
    pub fn enumerate(&self) -> Enumeration {
        let (mut counts, n): ([u128; 10], u128) = match self.config.decks {
            DeckMode::Decks(d) => {
                let d = u128::from(d);
                let mut c = [4 * d; 10];
                c[0] = 16 * d;
                (c, 52 * d)
            }
            DeckMode::Infinite => {
                let mut c = [1u128; 10];
                c[0] = 4;
                (c, 13)
            }
        };
        let finite = matches!(self.config.decks, DeckMode::Decks(_));
        // Weight of extending a k-card deal to six cards.
        let tail = |k: u128| -> u128 {
            (k..6)
                .map(|i| if finite { n - i } else { n })
                .product::<u128>()
        };
        let tails = [tail(0), tail(1), tail(2), tail(3), tail(4), tail(5), 1];
        let mut e = Enumeration::default();
        let record = |e: &mut Enumeration, pt: u8, bt: u8, w: u128| match pt.cmp(&bt) {
            core::cmp::Ordering::Greater => e.player += w,
            core::cmp::Ordering::Equal => e.tie += w,
            core::cmp::Ordering::Less if bt == 6 => e.banker_six += w,
            core::cmp::Ordering::Less => e.banker_not_six += w,
        };
        // Take one card of value v (its weight is the number of such cards left), recurse,
        // put it back.
        macro_rules! each {
            ($v:ident, $w:ident, $body:block) => {
                for $v in 0..10usize {
                    let $w = counts[$v];
                    if $w == 0 {
                        continue;
                    }
                    if finite {
                        counts[$v] -= 1;
                    }
                    $body
                    if finite {
                        counts[$v] += 1;
                    }
                }
            };
        }
        each!(p1, w1, {
            each!(b1, w2, {
                each!(p2, w3, {
                    each!(b2, w4, {
                        let w = w1 * w2 * w3 * w4;
                        let pt = ((p1 + p2) % 10) as u8;
                        let bt = ((b1 + b2) % 10) as u8;
                        if pt >= 8 || bt >= 8 {
                            record(&mut e, pt, bt, w * tails[4]);
                        } else if pt <= 5 {
                            each!(p3, w5, {
                                let pt3 = ((usize::from(pt) + p3) % 10) as u8;
                                if banker_draws(bt, Some(p3 as u8)) {
                                    for (b3, &w6) in counts.iter().enumerate() {
                                        let bt3 = ((usize::from(bt) + b3) % 10) as u8;
                                        record(&mut e, pt3, bt3, w * w5 * w6);
                                    }
                                } else {
                                    record(&mut e, pt3, bt, w * w5 * tails[5]);
                                }
                            });
                        } else if banker_draws(bt, None) {
                            for (b3, &w5) in counts.iter().enumerate() {
                                let bt3 = ((usize::from(bt) + b3) % 10) as u8;
                                record(&mut e, pt, bt3, w * w5 * tails[5]);
                            }
                        } else {
                            record(&mut e, pt, bt, w * tails[4]);
                        }
                    });
                });
            });
        });
        e
    }

    /// The probability that a hand's first two cards share a rank.
    pub fn pair_probability(&self) -> Ratio {
        match self.config.decks {
            DeckMode::Decks(d) => Ratio::new(4 * u128::from(d) - 1, 52 * u128::from(d) - 1),
            DeckMode::Infinite => Ratio::new(1, 13),
        }
    }

    /// The exact RTP of each bet: `[player, banker, tie, player pair, banker pair]`.
    pub fn bet_rtps(&self) -> [Ratio; 5] {
        let e = self.enumerate();
        let t = e.total();
        let player = Ratio::new(2 * e.player + e.tie, t);
        let banker = match self.config.banker {
            BankerPays::Commission => Ratio::new(39 * e.banker() + 20 * e.tie, 20 * t),
            BankerPays::NoCommission => {
                Ratio::new(4 * e.banker_not_six + 3 * e.banker_six + 2 * e.tie, 2 * t)
            }
        };
        let tie = Ratio::new((u128::from(self.config.tie_pays) + 1) * e.tie, t);
        let pair = Ratio::new(u128::from(self.pair_multiplier()), 1).times(self.pair_probability());
        [player, banker, tie, pair, pair]
    }

    /// The exact house edge of every bet (by [`Baccarat::enumerate`]).
    pub fn house_edges(&self) -> HouseEdges {
        let e = self.enumerate();
        let t = e.total();
        let [player, banker, tie, pair, _] = self.bet_rtps();
        HouseEdges {
            player: one_minus(player),
            banker: one_minus(banker),
            tie: one_minus(tie),
            pair: one_minus(pair),
            p_player: Ratio::new(e.player, t),
            p_banker: Ratio::new(e.banker(), t),
            p_tie: Ratio::new(e.tie, t),
        }
    }
}

/// `1 − r` for `r ≤ 1`; a negative edge (a player-favourable rule) is reported as zero.
fn one_minus(r: Ratio) -> Ratio {
    let (n, d) = (r.numerator(), r.denominator());
    Ratio::new(d.saturating_sub(n), d)
}

impl Game for Baccarat {
    type Params = BaccaratParams;
    type State = ();
    type Action = ();
    type Outcome = BaccaratOutcome;
    const NAME: &'static str = "baccarat";

    fn profile(&self) -> Profile {
        self.config.profile
    }

    fn start<R: RandomSource>(
        &self,
        bet: &Bet<BaccaratParams>,
        rng: &mut Sampler<R>,
    ) -> Result<Step<(), BaccaratOutcome>, GameError> {
        self.validate(bet)?;
        let (player, banker) = self.deal(rng)?;
        let outcome = self.settle(&bet.params, &player, &banker);
        let r = outcome.returns;
        // Each return is at most 51 × its stake and `validate` checked 51 × the total fits,
        // so this sum cannot overflow (saturating keeps it panic-free).
        let payout = Amount::from_minor(
            [r.player, r.banker, r.tie, r.player_pair, r.banker_pair]
                .iter()
                .fold(0u64, |a, x| a.saturating_add(x.minor())),
        );
        Ok(Step::Settled(Settlement {
            outcome,
            total_stake: bet.stake,
            payout,
        }))
    }

    /// Exact for the mix of stakes (payout multipliers taken exactly, before rounding down to
    /// the minor unit), by [`Baccarat::enumerate`].
    fn exact_rtp(&self, params: &BaccaratParams) -> Option<Ratio> {
        let total = params.total().ok()?;
        if total.is_zero() {
            return None;
        }
        let rtps = self.bet_rtps();
        let mut sum = Ratio::ZERO;
        for (s, r) in params.stakes().iter().zip(rtps) {
            if !s.is_zero() {
                sum = sum + r.times(Ratio::new(u128::from(s.minor()), u128::from(total.minor())));
            }
        }
        Some(sum)
    }
}

impl crate::catalog::Catalogued for Baccarat {
    type Config = BaccaratConfig;
    type Bot = crate::sim::NoActions;

    fn from_config(config: BaccaratConfig) -> Result<Baccarat, GameError> {
        Baccarat::new(config)
    }

    fn bot(&self) -> crate::sim::NoActions {
        crate::sim::NoActions
    }
}

/// The payout multiplier of a winning banker bet under `rule` with banker total `total`.
pub fn banker_multiplier(rule: BankerPays, total: u8) -> Multiplier {
    let (n, d) = match rule {
        BankerPays::Commission => (39, 20),
        BankerPays::NoCommission if total == 6 => (3, 2),
        BankerPays::NoCommission => (2, 1),
    };
    Multiplier::from_ratio(n, d).unwrap_or(Multiplier::ONE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use kingpin_rng::{ByteStream, ChaCha8Source, ClientSeed, ServerSeed};
    use proptest::prelude::*;

    fn game(decks: DeckMode, banker: BankerPays, tie: u8) -> Baccarat {
        Baccarat::new(BaccaratConfig {
            decks,
            banker,
            tie_pays: tie,
            ..BaccaratConfig::default()
        })
        .unwrap()
    }

    fn pct(r: Ratio) -> alloc::string::String {
        format!("{:.4}", 100.0 * r.to_f64())
    }

    #[test]
    fn eight_deck_counts_match_published_combinations() {
        let e = game(DeckMode::Decks(8), BankerPays::Commission, 8).enumerate();
        assert_eq!(e.banker(), 2_292_252_566_437_888);
        assert_eq!(e.player, 2_230_518_282_592_256);
        assert_eq!(e.tie, 475_627_426_473_216);
        assert_eq!(e.banker_six, 269_232_304_455_680);
        assert_eq!(e.total(), 416 * 415 * 414 * 413 * 412 * 411);
        let e = game(DeckMode::Decks(6), BankerPays::Commission, 8).enumerate();
        assert_eq!(e.banker(), 403_095_751_234_560);
        assert_eq!(e.player, 392_220_492_728_832);
        assert_eq!(e.tie, 83_552_962_932_288);
        let e = game(DeckMode::Decks(4), BankerPays::Commission, 8).enumerate();
        assert_eq!(e.banker(), 34_543_624_867_840);
        assert_eq!(e.player, 33_608_344_225_792);
    }

    #[test]
    fn published_house_edges() {
        // Eight decks: banker 1.0579 %, player 1.2351 %, tie 8:1 14.3596 %, tie 9:1 4.8440 %,
        // pairs 11:1 10.3614 %, no-commission banker 1.4581 %.
        let g = game(DeckMode::Decks(8), BankerPays::Commission, 8);
        let e = g.house_edges();
        assert_eq!(pct(e.banker), "1.0579");
        assert_eq!(pct(e.player), "1.2351");
        assert_eq!(pct(e.tie), "14.3596");
        assert_eq!(pct(e.pair), "10.3614");
        let e = game(DeckMode::Decks(8), BankerPays::Commission, 9).house_edges();
        assert_eq!(pct(e.tie), "4.8440");
        let e = game(DeckMode::Decks(8), BankerPays::NoCommission, 8).house_edges();
        assert_eq!(pct(e.banker), "1.4581");
        // Six and one deck (the six-deck figures follow from the published combination
        // counts pinned above).
        let e = game(DeckMode::Decks(6), BankerPays::Commission, 8).house_edges();
        assert_eq!(
            [pct(e.banker), pct(e.player), pct(e.tie)],
            ["1.0558", "1.2374", "14.4382"]
        );
        // One deck: pinned as computed (no published four-decimal figure was checked).
        let e = game(DeckMode::Decks(1), BankerPays::Commission, 8).house_edges();
        assert_eq!(
            [pct(e.banker), pct(e.player), pct(e.tie)],
            ["1.0117", "1.2864", "15.7461"]
        );
    }

    #[test]
    fn infinite_deck_edges() {
        let e = game(DeckMode::Infinite, BankerPays::Commission, 8).house_edges();
        assert_eq!(e.pair, Ratio::new(1, 13));
        // Close to the eight-deck figures.
        assert!((e.banker.to_f64() - 0.010579).abs() < 0.0002);
        assert!((e.player.to_f64() - 0.012351).abs() < 0.0002);
    }

    #[test]
    fn round_shoe_deals_what_the_shared_shoe_deals() {
        use crate::cards::Shoe;
        for mode in [
            DeckMode::Decks(1),
            DeckMode::Decks(3),
            DeckMode::Decks(8),
            DeckMode::Infinite,
        ] {
            for profile in [Profile::Unbiased, Profile::StakeCompatible] {
                for seed in 0..300 {
                    let mut a = Sampler::new(ChaCha8Source::new(seed, 0), profile);
                    let mut b = a.clone();
                    let mut shared = Shoe::new(mode).unwrap();
                    let cards = match mode {
                        DeckMode::Decks(d) => Some(52 * u32::from(d)),
                        DeckMode::Infinite => None,
                    };
                    let mut ours = RoundShoe::new(cards);
                    for _ in 0..6 {
                        assert_eq!(ours.deal(&mut a).unwrap(), shared.deal(&mut b).unwrap());
                    }
                    if cards.is_some() {
                        assert!(ours.deal(&mut a).is_none());
                    }
                }
            }
        }
    }

    #[test]
    fn third_card_table() {
        // Banker draws on 3 except against an 8; stands on 7; 6 draws only against 6 or 7.
        assert!(banker_draws(3, Some(9)) && !banker_draws(3, Some(8)));
        assert!(!banker_draws(4, Some(1)) && banker_draws(4, Some(2)));
        assert!(banker_draws(5, Some(4)) && !banker_draws(5, Some(3)));
        assert!(banker_draws(6, Some(7)) && !banker_draws(6, Some(5)));
        assert!(!banker_draws(7, Some(6)));
        assert!(banker_draws(5, None) && !banker_draws(6, None));
    }

    #[test]
    fn golden_rounds() {
        let g = Baccarat::new(BaccaratConfig::default()).unwrap();
        let bet = Bet::new(
            Amount::from_minor(300),
            BaccaratParams {
                player: Amount::from_minor(100),
                banker: Amount::from_minor(100),
                tie: Amount::from_minor(100),
                ..BaccaratParams::default()
            },
        );
        let server = ServerSeed::new("server seed").unwrap();
        let client = ClientSeed::new("client seed").unwrap();
        let got: Vec<alloc::string::String> = (1..=4)
            .map(|nonce| {
                let mut rng = Sampler::new(ByteStream::new(&server, &client, nonce), g.profile());
                let s = g.start(&bet, &mut rng).unwrap().settled().unwrap();
                serde_json::to_string(&(
                    s.outcome.player,
                    s.outcome.banker,
                    s.outcome.winner,
                    s.payout,
                ))
                .unwrap()
            })
            .collect();
        assert_eq!(
            got,
            [
                r#"[["4s","8c","9s"],["4d","Tc"],"banker",195]"#,
                r#"[["6c","Kd"],["8c","Ts"],"banker",195]"#,
                r#"[["7s","2h"],["3h","Th"],"player",200]"#,
                r#"[["Qs","9h"],["8h","9c"],"player",200]"#,
            ]
        );
    }

    #[test]
    fn errors() {
        let g = Baccarat::new(BaccaratConfig::default()).unwrap();
        let bet = |stake, player| {
            Bet::new(
                Amount::from_minor(stake),
                BaccaratParams {
                    player: Amount::from_minor(player),
                    ..BaccaratParams::default()
                },
            )
        };
        assert!(
            g.validate(&bet(0, 0))
                .unwrap_err()
                .to_string()
                .contains("no bet")
        );
        assert!(
            g.validate(&bet(5, 4))
                .unwrap_err()
                .to_string()
                .contains("add up to 4")
        );
        let mut rng = Sampler::new(
            ByteStream::new(
                &ServerSeed::new("s").unwrap(),
                &ClientSeed::new("c").unwrap(),
                0,
            ),
            g.profile(),
        );
        assert!(g.start(&bet(5, 4), &mut rng).is_err());
        assert_eq!(rng.source().position(), 0);
        for c in [
            BaccaratConfig {
                tie_pays: 7,
                ..BaccaratConfig::default()
            },
            BaccaratConfig {
                pair_pays: 0,
                ..BaccaratConfig::default()
            },
            BaccaratConfig {
                decks: DeckMode::Decks(9),
                ..BaccaratConfig::default()
            },
        ] {
            assert!(matches!(
                Baccarat::new(c),
                Err(GameError::InvalidConfig { .. })
            ));
        }
        let c: BaccaratConfig =
            serde_json::from_str(r#"{"decks": "infinite", "banker": "no_commission"}"#).unwrap();
        assert_eq!(c.decks, DeckMode::Infinite);
        let c: BaccaratConfig = serde_json::from_str(r#"{"decks": {"decks": 6}}"#).unwrap();
        assert_eq!(c.decks, DeckMode::Decks(6));
        assert!(serde_json::from_str::<BaccaratParams>(r#"{"dragon": 5}"#).is_err());
    }

    #[test]
    fn simulation_agrees_with_enumeration() {
        // Frequencies of 200k simulated rounds are within 4.5 σ of the exact probabilities.
        let g = Baccarat::new(BaccaratConfig {
            decks: DeckMode::Decks(1),
            ..BaccaratConfig::default()
        })
        .unwrap();
        let e = g.house_edges();
        let mut rng = Sampler::new(ChaCha8Source::new(11, 0), g.profile());
        let n = 200_000u32;
        let (mut pw, mut bw, mut pp) = (0u32, 0u32, 0u32);
        for _ in 0..n {
            let (p, b) = g.deal(&mut rng).unwrap();
            match p.total().cmp(&b.total()) {
                core::cmp::Ordering::Greater => pw += 1,
                core::cmp::Ordering::Less => bw += 1,
                core::cmp::Ordering::Equal => {}
            }
            pp += u32::from(p.is_pair());
        }
        for (count, prob) in [
            (pw, e.p_player),
            (bw, e.p_banker),
            (pp, g.pair_probability()),
        ] {
            let p = prob.to_f64();
            let sd = (p * (1.0 - p) / f64::from(n)).sqrt();
            let got = f64::from(count) / f64::from(n);
            assert!((got - p).abs() < 4.5 * sd, "{got} vs {p}");
        }
    }

    proptest! {
        #[test]
        fn rounds_follow_the_rules(seed in any::<u64>(), decks in 0u8..=8, nc in any::<bool>(),
                                   stakes in proptest::array::uniform5(0u64..1000)) {
            let mode = if decks == 0 { DeckMode::Infinite } else { DeckMode::Decks(decks) };
            let g = game(mode, if nc { BankerPays::NoCommission } else { BankerPays::Commission }, 8);
            let params = BaccaratParams {
                player: Amount::from_minor(stakes[0]),
                banker: Amount::from_minor(stakes[1]),
                tie: Amount::from_minor(stakes[2]),
                player_pair: Amount::from_minor(stakes[3]),
                banker_pair: Amount::from_minor(stakes[4]),
            };
            let bet = Bet::new(params.total().unwrap(), params);
            let mut rng = Sampler::new(ChaCha8Source::new(seed, 0), g.profile());
            match g.start(&bet, &mut rng) {
                Err(_) => prop_assert!(bet.stake.is_zero()),
                Ok(step) => {
                    let s = step.settled().unwrap();
                    let o = s.outcome;
                    prop_assert!(s.payout.minor() <= 12 * s.total_stake.minor());
                    let r = o.returns;
                    let sum = r.player.minor() + r.banker.minor() + r.tie.minor()
                        + r.player_pair.minor() + r.banker_pair.minor();
                    prop_assert_eq!(sum, s.payout.minor());
                    prop_assert_eq!(s.total_stake, bet.stake);
                    let (pt, bt) = (o.player.total(), o.banker.total());
                    let natural = o.player.cards()[..2].iter().map(|&c| value(c)).sum::<u8>() % 10 >= 8
                        || o.banker.cards()[..2].iter().map(|&c| value(c)).sum::<u8>() % 10 >= 8;
                    if natural {
                        prop_assert_eq!(o.player.cards().len() + o.banker.cards().len(), 4);
                    }
                    prop_assert_eq!(o.winner == Winner::Tie, pt == bt);
                    if let DeckMode::Decks(d) = mode {
                        // No card appears more often than the shoe holds.
                        let mut seen = [0u8; 52];
                        for c in o.player.cards().iter().chain(o.banker.cards()) {
                            seen[usize::from(c.index())] += 1;
                        }
                        prop_assert!(seen.iter().all(|&k| k <= d));
                    }
                    let rtp = g.exact_rtp(&bet.params).unwrap().to_f64();
                    // Single-deck pairs at 11:1 return 12 × 3/51 ≈ 70.6 %, the lowest of any bet.
                    prop_assert!(rtp > 0.70 && rtp < 1.0);
                }
            }
        }
    }
}
