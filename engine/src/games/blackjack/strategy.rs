//! Basic strategy computed for any rule set: total-dependent expected-value maximisation over
//! the dealer's outcome distribution for an infinite deck (exact dynamic programming).
//!
//! # Method
//!
//! Card values `1` (ace) … `10` are drawn with probabilities `1/13` (`4/13` for ten-value
//! cards), independently of the cards already seen (infinite deck). For every dealer up card:
//!
//! 1. the dealer's final distribution over 17, 18, 19, 20, 21, bust and blackjack is computed
//!    by recursion over the dealer's (hard total, ace) states, under the H17/S17 rule; under the
//!    peek rule it is conditioned on "no dealer blackjack" (the player only acts then);
//! 2. `S(t)` — standing on best total `t` — is the expectation of win/push/lose against it;
//! 3. hitting `H(h, a)` over (hard total, holds an ace) is computed from hard 21 downwards:
//!    `H = Σ p(v) · max(S, H)` of the next state (a bust is a loss);
//! 4. doubling `D = 2 · Σ p(v) · S(next)`; surrender is −½;
//! 5. splitting a pair of value `r` into at most `N` hands: every hand is started with `r`
//!    and dealt one card; with `A = Σ_{c≠r} p(c)·V(r,c)` (V = the best play of a split hand),
//!    `q = p(r)` and `V_rr` the value of playing an unsplit pair, the expected total of `m`
//!    hands still waiting for their second card with `k` resplits left is
//!    `F(m,k) = A + (1−q)·F(m−1,k) + q·max(F(m+1,k−1), V_rr + F(m−1,k))` (the resplit branch
//!    only when `k > 0` and the rules allow it); splitting is worth `F(2, N−2)`. Linearity of
//!    expectation makes this exact: each hand's value depends only on its own cards and the
//!    dealer's distribution.
//!
//! Under the no-hole-card rule the dealer's blackjack is part of the distribution: it takes
//! every stake of a hand (rule `all`, so doubling and splitting risk more), or exactly the
//! original stake of the round (rule `original_only`, counted once per round).
//!
//! ```
//! use kingpin_engine::games::blackjack::{BlackjackRules, strategy::BasicStrategy};
//! let s = BasicStrategy::new(&BlackjackRules::default())?;
//! let chart = s.chart();
//! assert!(chart.contains("Hard"));
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use super::hand::{Total, value};
use super::round::{Action, BlackjackState, Options, Phase};
use super::rules::{BlackjackRules, EnhcLoss, HoleCard};
use crate::GameError;

/// Probability of drawing a card of value `v` (index 1–10) from an infinite deck.
pub fn card_probability(v: u8) -> f64 {
    match v {
        10 => 4.0 / 13.0,
        1..=9 => 1.0 / 13.0,
        _ => 0.0,
    }
}

/// The dealer's final outcome: totals 17–21, bust, and blackjack.
#[derive(Clone, Copy, PartialEq, Debug, Default)]
pub struct DealerDistribution {
    /// Probabilities of final totals 17, 18, 19, 20, 21 (not blackjack).
    pub totals: [f64; 5],
    /// Probability of busting.
    pub bust: f64,
    /// Probability of a blackjack (two-card 21).
    pub blackjack: f64,
}

fn dealer_from(t: Total, h17: bool, out: &mut DealerDistribution, weight: f64) {
    let b = t.best();
    if t.is_bust() {
        out.bust += weight;
        return;
    }
    if b > 17 || (b == 17 && !(h17 && t.is_soft())) {
        out.totals[usize::from(b - 17)] += weight;
        return;
    }
    for v in 1..=10 {
        dealer_from(t.with_card(v), h17, out, weight * card_probability(v));
    }
}

/// The dealer's final distribution with up card value `up` (1 = ace … 10), unconditioned:
/// the blackjack probability is included.
///
/// ```
/// use kingpin_engine::games::blackjack::strategy::dealer_distribution;
/// let d = dealer_distribution(6, false);
/// assert!((d.bust - 0.4232).abs() < 1e-4); // the dealer busts about 42 % of the time with a 6
/// ```
pub fn dealer_distribution(up: u8, hits_soft_17: bool) -> DealerDistribution {
    let mut out = DealerDistribution::default();
    let first = Total::default().with_card(up);
    for v in 1..=10 {
        let p = card_probability(v);
        let t = first.with_card(v);
        if t.best() == 21 {
            out.blackjack += p;
        } else {
            dealer_from(t, hits_soft_17, &mut out, p);
        }
    }
    out
}

/// Expected values of every option against one dealer up card, per unit of stake.
#[derive(Clone, Debug)]
struct UpcardTable {
    /// Stand on best total 0..=21 (index = best total; totals below 17 are all alike).
    stand: [f64; 22],
    /// Hit (then play on optimally by hit/stand), indexed [hard][has ace].
    hit: [[f64; 2]; 22],
    /// Double, indexed [hard][has ace].
    double: [[f64; 2]; 22],
    /// Split values F(m, k) per pair value (index 1..=10), flattened (m, k) ∈ 0..=9.
    split: [[[f64; 10]; 10]; 11],
    /// P(dealer blackjack) with this up card.
    blackjack: f64,
}

const DIM: usize = 10;

/// Basic strategy for a rule set, with the expected value of every option.
#[derive(Clone, Debug)]
pub struct BasicStrategy {
    rules: BlackjackRules,
    tables: Vec<UpcardTable>,
    /// The decision for a hand that cannot be split, precomputed (the bot's hot path):
    /// `[up − 1][hard][has ace][hit | double << 1 | surrender << 2]`, stand always legal.
    fast: Vec<[[[Action; 8]; 2]; 22]>,
}

/// Index of the options a hand without a split has, in [`BasicStrategy`]'s fast table.
fn fast_index(o: Options) -> usize {
    usize::from(o.hit) | usize::from(o.double) << 1 | usize::from(o.surrender) << 2
}

fn up_index(up: u8) -> usize {
    usize::from(up.clamp(1, 10) - 1)
}

impl BasicStrategy {
    /// Compute the strategy for `rules` (about 10⁵ floating-point operations).
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] if the rules are invalid.
    pub fn new(rules: &BlackjackRules) -> Result<BasicStrategy, GameError> {
        rules.validate()?;
        let tables = (1..=10u8).map(|up| table(rules, up)).collect();
        let mut s = BasicStrategy {
            rules: *rules,
            tables,
            fast: Vec::new(),
        };
        s.fast = (1..=10u8)
            .map(|up| {
                let mut t = [[[Action::Stand; 8]; 2]; 22];
                for (hard, row) in t.iter_mut().enumerate() {
                    for (ace, cell) in row.iter_mut().enumerate() {
                        let tot = Total {
                            hard: hard as u8,
                            has_ace: ace == 1,
                        };
                        for (bits, slot) in cell.iter_mut().enumerate() {
                            let o = Options {
                                stand: true,
                                hit: bits & 1 != 0,
                                double: bits & 2 != 0,
                                surrender: bits & 4 != 0,
                                ..Options::default()
                            };
                            // Without a split option the first card and hand counts are unused.
                            *slot = s
                                .values(up, (tot, 0), o, 1, 0)
                                .best()
                                .unwrap_or(Action::Stand);
                        }
                    }
                }
                t
            })
            .collect();
        Ok(s)
    }

    /// The rules.
    pub fn rules(&self) -> &BlackjackRules {
        &self.rules
    }

    fn table(&self, up: u8) -> &UpcardTable {
        &self.tables[up_index(up)]
    }

    /// Expected value of each legal option for a hand (not in the insurance phase), with the
    /// number of hands `hands` on the table and `waiting` split hands still without a second
    /// card. Unavailable options are `None`.
    fn values(
        &self,
        up: u8,
        (tot, first): (Total, u8),
        o: Options,
        hands: usize,
        waiting: usize,
    ) -> Values {
        let t = self.table(up);
        let (h, a) = (usize::from(tot.hard.min(21)), usize::from(tot.has_ace));
        let mut v = Values {
            stand: o.stand.then(|| t.stand[usize::from(tot.best().min(21))]),
            hit: o.hit.then(|| t.hit[h][a]),
            double: o.double.then(|| t.double[h][a]),
            split: None,
            surrender: o.surrender.then_some(-0.5),
        };
        if o.split {
            let r = usize::from(first);
            let m = waiting + 1;
            let k = usize::from(self.rules.max_hands).saturating_sub(hands);
            if k >= 1 && m + 1 < DIM {
                let f = &t.split[r];
                // Splitting turns this finished hand into one more waiting hand.
                v.split = Some(f[m + 1][k - 1] - f[m - 1][k]);
            }
        }
        v
    }

    /// The best action in `state`, among the legal ones.
    pub fn choose(&self, state: &BlackjackState) -> Option<Action> {
        let o = state.options(&self.rules);
        let up = value(state.dealer_up()?);
        if state.phase() == Phase::Insurance {
            if o.even_money {
                let b = self.table(up).blackjack;
                let (n, d) = self.rules.blackjack_pays.ratio();
                let decline = (1.0 - b) * n as f64 / d as f64;
                return Some(if 1.0 > decline {
                    Action::EvenMoney
                } else {
                    Action::NoInsurance
                });
            }
            // Insurance pays 2:1 and wins with P(ten) = 4/13 < 1/3: never worth it off the top.
            return Some(Action::NoInsurance);
        }
        let hand = state.active_hand()?;
        let tot = hand.total();
        if !o.split && o.stand && !o.insurance && !o.even_money {
            let hard = usize::from(tot.hard.min(21));
            return Some(self.fast[up_index(up)][hard][usize::from(tot.has_ace)][fast_index(o)]);
        }
        let first = value(*hand.cards.first()?);
        let waiting = state.hands().iter().filter(|h| h.cards.len() < 2).count();
        let v = self.values(up, (tot, first), o, state.hands().len(), waiting);
        v.best()
    }

    /// The decision for a fresh two-card hand (as in the chart), with the fallback when the
    /// first choice is not allowed (e.g. a double on three cards).
    fn decision(&self, up: u8, cards: [u8; 2], pair_row: bool) -> String {
        let r = &self.rules;
        let tot = Total::default().with_card(cards[0]).with_card(cards[1]);
        let o = Options {
            hit: true,
            stand: true,
            double: r.double_on.allows(tot.best()),
            split: pair_row && r.max_hands >= 2,
            surrender: r.late_surrender,
            ..Options::default()
        };
        let v = self.values(up, (tot, cards[0]), o, 1, 0);
        let best = v.best();
        let plain = Values {
            stand: v.stand,
            hit: v.hit,
            ..Values::default()
        }
        .best();
        let fallback = if plain == Some(Action::Hit) { "h" } else { "s" };
        let mut s = String::new();
        match best {
            Some(Action::Double) => {
                s.push('D');
                s.push_str(fallback);
            }
            Some(Action::Surrender) => {
                s.push('R');
                s.push_str(fallback);
            }
            Some(Action::Split) => s.push('P'),
            Some(Action::Hit) => s.push('H'),
            _ => s.push('S'),
        }
        s
    }

    /// The strategy chart: hard totals, soft totals and pairs against each dealer up card.
    ///
    /// `H` hit, `S` stand, `Dh`/`Ds` double (else hit / stand), `P` split, `Rh`/`Rs` surrender
    /// (else hit / stand).
    pub fn chart(&self) -> String {
        let ups: [u8; 10] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 1];
        let mut out = String::new();
        let header = |out: &mut String, title: &str| {
            let _ = write!(out, "{title:<6}");
            for u in ups {
                let _ = write!(
                    out,
                    "{:>4}",
                    if u == 1 {
                        "A".into()
                    } else {
                        alloc::format!("{u}")
                    }
                );
            }
            out.push('\n');
        };
        header(&mut out, "Hard");
        for total in 5..=20u8 {
            // A representative non-pair two-card hand with this hard total.
            let a = if total >= 12 { 10 } else { total - 2 };
            let (c1, c2) = if total - a == a || total - a > 10 {
                (total - 3, 3)
            } else {
                (a, total - a)
            };
            let _ = write!(out, "{total:<6}");
            for u in ups {
                let _ = write!(out, "{:>4}", self.decision(u, [c1, c2], false));
            }
            out.push('\n');
        }
        out.push('\n');
        header(&mut out, "Soft");
        for other in 2..=9u8 {
            let _ = write!(out, "{:<6}", alloc::format!("A,{other}"));
            for u in ups {
                let _ = write!(out, "{:>4}", self.decision(u, [1, other], false));
            }
            out.push('\n');
        }
        out.push('\n');
        header(&mut out, "Pairs");
        for r in [1u8, 10, 9, 8, 7, 6, 5, 4, 3, 2] {
            let name = match r {
                1 => "A,A".into(),
                10 => "T,T".into(),
                _ => alloc::format!("{r},{r}"),
            };
            let _ = write!(out, "{name:<6}");
            for u in ups {
                let _ = write!(out, "{:>4}", self.decision(u, [r, r], true));
            }
            out.push('\n');
        }
        out
    }

    /// The exact expected return of a round played with this strategy from an infinite deck,
    /// per unit of the original stake (negative: the house edge). Insurance is never taken
    /// (it loses off the top); even money is taken when it beats declining (6:5 tables).
    pub fn expected_return(&self) -> f64 {
        let r = &self.rules;
        let (n, d) = r.blackjack_pays.ratio();
        let bonus = n as f64 / d as f64;
        let mut total = 0.0;
        for up in 1..=10u8 {
            let t = self.table(up);
            let b = t.blackjack;
            let mut ev_up = 0.0;
            for c1 in 1..=10u8 {
                for c2 in 1..=10u8 {
                    let p = card_probability(c1) * card_probability(c2);
                    let tot = Total::default().with_card(c1).with_card(c2);
                    let ev = if tot.best() == 21 {
                        let decline = (1.0 - b) * bonus;
                        if r.insurance && up == 1 && 1.0 > decline {
                            1.0
                        } else {
                            decline
                        }
                    } else {
                        let o = Options {
                            hit: true,
                            stand: true,
                            double: r.double_on.allows(tot.best()),
                            split: c1 == c2 && r.max_hands >= 2,
                            surrender: r.late_surrender,
                            ..Options::default()
                        };
                        let best = self.values(up, (tot, c1), o, 1, 0).best_value();
                        match r.hole_card {
                            HoleCard::Peek => -b + (1.0 - b) * best,
                            HoleCard::NoHoleCard => match r.enhc_loss {
                                EnhcLoss::All => best,
                                EnhcLoss::OriginalOnly => best - b,
                            },
                        }
                    };
                    ev_up += p * ev;
                }
            }
            total += card_probability(up) * ev_up;
        }
        total
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Values {
    stand: Option<f64>,
    hit: Option<f64>,
    double: Option<f64>,
    split: Option<f64>,
    surrender: Option<f64>,
}

impl Values {
    fn ranked(&self) -> [(Option<f64>, Action); 5] {
        // Ties go to the simpler action (stand before hit before double before split).
        [
            (self.stand, Action::Stand),
            (self.hit, Action::Hit),
            (self.double, Action::Double),
            (self.split, Action::Split),
            (self.surrender, Action::Surrender),
        ]
    }

    fn best(&self) -> Option<Action> {
        let mut best: Option<(f64, Action)> = None;
        for (v, a) in self.ranked() {
            if let Some(v) = v
                && best.is_none_or(|(b, _)| v > b + 1e-12)
            {
                best = Some((v, a));
            }
        }
        best.map(|(_, a)| a)
    }

    fn best_value(&self) -> f64 {
        self.ranked()
            .iter()
            .filter_map(|(v, _)| *v)
            .fold(f64::NEG_INFINITY, f64::max)
    }
}

/// Compute the expected values against up card `up`.
fn table(r: &BlackjackRules, up: u8) -> UpcardTable {
    let dist = dealer_distribution(up, r.dealer_hits_soft_17);
    let bj = dist.blackjack;
    // Non-blackjack outcome weights, the blackjack weight `b` seen by the player, and the
    // per-unit loss to a dealer blackjack counted inside each hand.
    let (scale, b) = match r.hole_card {
        HoleCard::Peek => (1.0 / (1.0 - bj), 0.0),
        HoleCard::NoHoleCard => (1.0, bj),
    };
    let loss_bj = if r.hole_card == HoleCard::NoHoleCard && r.enhc_loss == EnhcLoss::All {
        b
    } else {
        0.0
    };
    let totals = dist.totals.map(|x| x * scale);
    let dbust = dist.bust * scale;
    let bust_value = -(1.0 - b) - loss_bj;
    let mut stand = [0.0; 22];
    for (t, s) in stand.iter_mut().enumerate() {
        let mut ev = dbust;
        for (i, &p) in totals.iter().enumerate() {
            let d = 17 + i;
            if t > d {
                ev += p;
            } else if t < d {
                ev -= p;
            }
        }
        *s = ev - loss_bj;
    }
    let stand_of = |t: Total| -> f64 {
        if t.is_bust() {
            bust_value
        } else {
            stand[usize::from(t.best())]
        }
    };
    let mut hit = [[0.0; 2]; 22];
    let mut best = [[0.0; 2]; 22];
    let mut double = [[0.0; 2]; 22];
    for hard in (2..=21u8).rev() {
        for ace in [false, true] {
            let t = Total { hard, has_ace: ace };
            let mut h = 0.0;
            let mut dbl = 0.0;
            for v in 1..=10 {
                let n = t.with_card(v);
                let p = card_probability(v);
                if n.is_bust() {
                    h += p * bust_value;
                } else {
                    h += p * best[usize::from(n.hard)][usize::from(n.has_ace)];
                }
                dbl += p * stand_of(n);
            }
            let (hi, ai) = (usize::from(hard), usize::from(ace));
            // A hand of 21 is stood automatically.
            hit[hi][ai] = if t.best() == 21 { f64::NEG_INFINITY } else { h };
            double[hi][ai] = 2.0 * dbl;
            best[hi][ai] = stand_of(t).max(hit[hi][ai]);
        }
    }
    // Split hands.
    let mut split = [[[0.0; DIM]; DIM]; 11];
    for rv in 1..=10u8 {
        let aces_locked = rv == 1 && !r.hit_split_aces;
        let hand_value = |c: u8| -> f64 {
            let t = Total::default().with_card(rv).with_card(c);
            let (hi, ai) = (usize::from(t.hard), usize::from(t.has_ace));
            let s = stand_of(t);
            if aces_locked || t.best() == 21 {
                return s;
            }
            let mut v = s.max(hit[hi][ai]);
            if r.double_after_split && r.double_on.allows(t.best()) {
                v = v.max(double[hi][ai]);
            }
            v
        };
        let q = card_probability(rv);
        let a: f64 = (1..=10u8)
            .filter(|&c| c != rv)
            .map(|c| card_probability(c) * hand_value(c))
            .sum();
        let vrr = hand_value(rv);
        let resplit = rv != 1 || r.resplit_aces;
        let f = &mut split[usize::from(rv)];
        for k in 0..DIM {
            for m in 1..DIM {
                let finish = vrr + f[m - 1][k];
                let g = if k > 0 && resplit && m + 1 < DIM {
                    f[m + 1][k - 1].max(finish)
                } else {
                    finish
                };
                f[m][k] = a + (1.0 - q) * f[m - 1][k] + q * g;
            }
        }
    }
    UpcardTable {
        stand,
        hit,
        double,
        split,
        blackjack: bj,
    }
}

/// The basic-strategy player for the simulation harness.
#[derive(Clone, Debug)]
pub struct BasicStrategyBot {
    strategy: alloc::sync::Arc<BasicStrategy>,
}

impl BasicStrategyBot {
    /// A bot playing `strategy`.
    pub fn new(strategy: alloc::sync::Arc<BasicStrategy>) -> BasicStrategyBot {
        BasicStrategyBot { strategy }
    }
}

impl crate::sim::Strategy<super::Blackjack> for BasicStrategyBot {
    fn choose(&mut self, _game: &super::Blackjack, state: &BlackjackState) -> Option<Action> {
        self.strategy.choose(state)
    }
}
