//! What a promotion costs the operator: a closed form where one exists, and a simulation that
//! plays the promotion's real state machine against any round source (the CLI plugs in the
//! engine's games through `kingpin_engine::catalog`).
//!
//! # The model
//!
//! One *trial* is one player who claims the promotion with a deposit `D` (zero for promotions
//! without a deposit), plays the free rounds if any, then bets a fixed stake `s` (capped by the
//! terms' `max_stake`, and by what is left) on one game until the bonus completes, busts
//! (no bonus money left) or expires (`seconds_per_round` of host time pass per bet). The player
//! then stops. The trial's **cost** to the operator is the player's net result,
//! `cash at the end − D`: conversion included, and the house edge earned on every stake
//! (cash or bonus) already subtracted. Its mean over trials is the expected cost of the
//! promotion per claim; a negative cost is a profit.
//!
//! # The closed form and its assumptions
//!
//! With bonus `B`, requirement `R` in weighted stake, game weight `w`, RTP `r` and edge
//! `e = 1 − r`, the player must stake `W = R / w` in total and loses `W × e` to the edge on
//! average. If the player never busts, the cap never binds and the bonus never expires,
//!
//! - non-sticky: `E[cost] ≈ B − W × e`;
//! - sticky (the bonus itself never becomes cash): `E[cost] ≈ −W × e`;
//! - free spins: `B` is the expected winnings `n × s × r` and `W = multiple × B / w`, so the
//!   same formulas hold in expectation (the requirement is linear in the winnings).
//!
//! Busting is the main error of that formula: a player who busts stops paying the edge early
//! and never converts. [`ClosedForm::bust_probability`] estimates it with the Brownian
//! approximation of the bankroll (drift `−e × s`, standard deviation `σ × s` per round, for a
//! game whose one-round return has standard deviation `σ` per unit stake): the probability
//! that a bankroll of `D + B` hits zero before `W / s` rounds,
//! `Φ((−a − μT)/(σ√T)) + exp(−2μa/σ²) Φ((−a + μT)/(σ√T))`. The simulation needs no
//! assumption and reports the probability of completing the requirement.

use alloc::format;
use alloc::string::{String, ToString};
use core::fmt;

use kingpin_units::Amount;
use serde::{Deserialize, Serialize};

use crate::percent::BP_PER_WHOLE;
use crate::promo::{PromoKind, Promotion};
use crate::tracker::{ActiveBonus, BetRequest, Status, Update};
use crate::{AccountKind, BonusError, WageringBase};

/// Where the payouts of a simulated player's rounds come from: one round for a stake, its
/// payout (stake included when won). The CLI implements it with the engine's real games.
pub trait RoundSource {
    /// Why a round could not be played.
    type Error: fmt::Display;
    /// Play one round of `stake`; return its payout.
    ///
    /// # Errors
    /// Whatever the source refuses (an invalid stake for the game, ...).
    fn play(&mut self, stake: Amount) -> Result<Amount, Self::Error>;
}

impl<E: fmt::Display, F: FnMut(Amount) -> Result<Amount, E>> RoundSource for F {
    type Error = E;
    fn play(&mut self, stake: Amount) -> Result<Amount, E> {
        self(stake)
    }
}

/// The simulated player.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlayerModel {
    /// The game played while wagering (its catalog name, for the weights).
    pub game: String,
    /// The deposit claimed on (ignored by promotions without a deposit).
    pub deposit: Amount,
    /// The net loss a cashback is computed on (ignored by other promotions).
    #[serde(default)]
    pub net_loss: Amount,
    /// The stake of each bet (capped by `max_stake` and by what is left).
    pub stake: Amount,
    /// Host seconds that pass per bet (how expiry is reached).
    pub seconds_per_round: u64,
    /// A safety cap on bets per trial (a trial that reaches it counts as expired).
    pub max_rounds: u64,
}

/// Tallies of a pricing simulation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PriceReport {
    /// Trials (players) simulated.
    pub trials: u64,
    /// Trials that completed the requirement.
    pub completed: u64,
    /// Trials that lost all the bonus money first.
    pub busted: u64,
    /// Trials that expired first.
    pub expired: u64,
    /// Sum of the trials' costs, minor units (negative: the operator gained).
    pub cost_sum: i128,
    /// Sum of squared costs.
    pub cost_squares: f64,
    /// Sum of amounts converted to cash.
    pub converted_sum: u128,
    /// Sum of bonus money granted (free-round winnings included).
    pub granted_sum: u128,
    /// Rounds played in all trials.
    pub rounds: u64,
    /// Total staked in all trials.
    pub staked: u128,
}

impl PriceReport {
    /// Expected cost per claim, minor units.
    pub fn mean_cost(&self) -> f64 {
        if self.trials == 0 {
            0.0
        } else {
            self.cost_sum as f64 / self.trials as f64
        }
    }

    /// 95 % confidence interval of the expected cost (normal approximation).
    pub fn cost_ci95(&self) -> (f64, f64) {
        let m = self.mean_cost();
        if self.trials < 2 {
            return (m, m);
        }
        let n = self.trials as f64;
        let var = ((self.cost_squares / n - m * m) * n / (n - 1.0)).max(0.0);
        let half = 1.96 * libm::sqrt(var / n);
        (m - half, m + half)
    }

    /// Probability of completing the requirement.
    pub fn completion_probability(&self) -> f64 {
        if self.trials == 0 {
            0.0
        } else {
            self.completed as f64 / self.trials as f64
        }
    }

    /// Mean bonus money granted per claim (free-round winnings included).
    pub fn mean_granted(&self) -> f64 {
        if self.trials == 0 {
            0.0
        } else {
            self.granted_sum as f64 / self.trials as f64
        }
    }

    /// Mean amount converted per claim.
    pub fn mean_converted(&self) -> f64 {
        if self.trials == 0 {
            0.0
        } else {
            self.converted_sum as f64 / self.trials as f64
        }
    }

    /// Mean rounds per claim.
    pub fn mean_rounds(&self) -> f64 {
        if self.trials == 0 {
            0.0
        } else {
            self.rounds as f64 / self.trials as f64
        }
    }
}

fn source_err<E: fmt::Display>(e: E) -> BonusError {
    BonusError::RoundSource(e.to_string())
}

fn apply_cash(cash: &mut i128, u: &Update) {
    for t in &u.intents {
        let a = i128::from(t.amount.minor());
        if t.credit == AccountKind::PlayerCash {
            *cash += a;
        }
        if t.debit == AccountKind::PlayerCash {
            *cash -= a;
        }
    }
}

/// Play one trial; returns its final status, cost, and counters.
fn trial<S: RoundSource>(
    promo: &Promotion,
    model: &PlayerModel,
    source: &mut S,
    report: &mut PriceReport,
) -> Result<(), BonusError> {
    let deposit = match promo.kind {
        PromoKind::DepositMatch { .. } | PromoKind::Reload { .. } => model.deposit,
        _ => Amount::ZERO,
    };
    let grant = promo.grant_amount(deposit, model.net_loss)?;
    let (mut bonus, intents) = ActiveBonus::start(promo, grant, deposit, 0)?;
    let mut cash = i128::from(deposit.minor());
    apply_cash(
        &mut cash,
        &Update {
            intents,
            event: None,
        },
    );
    let mut now = 0u64;
    let mut rounds = 0u64;
    loop {
        let u = match bonus.status() {
            Status::FreeRounds => {
                let Some(fr) = bonus.free_rounds() else {
                    return Err(BonusError::NotActive(bonus.status()));
                };
                let (game, stake) = (fr.game.clone(), fr.stake);
                let payout = source.play(stake).map_err(source_err)?;
                report.rounds += 1;
                bonus.play_free_round(&game, payout, now)?
            }
            Status::Wagering => {
                if now >= bonus.expires_at() || rounds >= model.max_rounds {
                    bonus.expire(now.max(bonus.expires_at()))?
                } else {
                    let cash_now = u64::try_from(cash).unwrap_or(0);
                    let left = bonus.balance().minor().saturating_add(cash_now);
                    let mut stake = model.stake.minor().min(left);
                    if let Some(max) = bonus.terms().max_stake {
                        stake = stake.min(max.minor());
                    }
                    let bet = BetRequest {
                        game: model.game.clone(),
                        stake: Amount::from_minor(stake),
                        cash_available: Amount::from_minor(cash_now),
                    };
                    let placed = bonus.place_bet(&bet, now)?;
                    apply_cash(&mut cash, &placed);
                    let payout = source.play(bet.stake).map_err(source_err)?;
                    rounds += 1;
                    report.rounds += 1;
                    report.staked += u128::from(stake);
                    now = now.saturating_add(model.seconds_per_round);
                    bonus.settle_bet(payout, now)?
                }
            }
            _ => break,
        };
        apply_cash(&mut cash, &u);
    }
    let cost = cash - i128::from(deposit.minor());
    report.trials += 1;
    match bonus.status() {
        Status::Completed => report.completed += 1,
        Status::Busted => report.busted += 1,
        _ => report.expired += 1,
    }
    report.cost_sum += cost;
    report.cost_squares += (cost as f64) * (cost as f64);
    report.converted_sum += u128::from(bonus.converted().minor());
    report.granted_sum += u128::from(bonus.granted().minor());
    Ok(())
}

/// Simulate `trials` players of `promo` under `model`, drawing every round from `source`.
///
/// The promotion's real [`ActiveBonus`] state machine runs every bet, so every term (weights,
/// max stake, funds order, stickiness, cap, expiry) is priced exactly as it is enforced.
///
/// ```
/// use kingpin_bonus::{pricing, Promotion};
/// use kingpin_units::Amount;
///
/// let promo: Promotion = toml::from_str(r#"
///     id = "nodep"
///     kind = { type = "no_deposit", amount = 1000 }
///     [terms]
///     wagering = { multiple = 10 }
///     expires_after_secs = 86400
/// "#).unwrap();
/// let model = pricing::PlayerModel { game: "coin".into(), deposit: Amount::ZERO, net_loss: Amount::ZERO,
///     stake: Amount::from_minor(100), seconds_per_round: 1, max_rounds: 100_000 };
/// // A toy round source: a fair coin paying 1.9×, alternating (a deterministic stand-in for a game).
/// let mut flip = false;
/// let mut coin = |stake: Amount| -> Result<Amount, &'static str> {
///     flip = !flip;
///     Ok(if flip { Amount::from_minor(stake.minor() * 19 / 10) } else { Amount::ZERO })
/// };
/// let report = pricing::simulate(&promo, &model, 10, &mut coin)?;
/// assert_eq!(report.trials, 10);
/// assert_eq!(report.completed + report.busted + report.expired, 10);
/// # Ok::<(), kingpin_bonus::BonusError>(())
/// ```
///
/// # Errors
/// An invalid promotion, a bet the terms refuse (e.g. the model's game is excluded), or the
/// source's own error ([`BonusError::RoundSource`]).
pub fn simulate<S: RoundSource>(
    promo: &Promotion,
    model: &PlayerModel,
    trials: u64,
    source: &mut S,
) -> Result<PriceReport, BonusError> {
    promo.validate()?;
    if model.stake.is_zero() || model.max_rounds == 0 {
        return Err(BonusError::definition(
            "model",
            "stake and max_rounds must be above zero",
        ));
    }
    if let PromoKind::FreeSpins { game, .. } | PromoKind::FreeBet { game, .. } = &promo.kind
        && *game != model.game
    {
        return Err(BonusError::definition(
            "model.game",
            format!(
                "the free rounds are on {game:?}: price them with that game (the source plays one game)"
            ),
        ));
    }
    let mut report = PriceReport::default();
    for _ in 0..trials {
        trial(promo, model, source, &mut report)?;
    }
    Ok(report)
}

/// The closed-form estimate; see the [module docs](self) for its assumptions.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClosedForm {
    /// Expected bonus money granted (`B`).
    pub bonus: f64,
    /// Total stake needed to meet the requirement (`W`).
    pub wagered: f64,
    /// The game's house edge (`e`).
    pub house_edge: f64,
    /// `B − W e` (non-sticky) or `−W e` (sticky), minor units.
    pub expected_cost: f64,
    /// Brownian estimate of busting before the requirement is met.
    pub bust_probability: f64,
}

/// Standard normal CDF.
fn phi(x: f64) -> f64 {
    0.5 * libm::erfc(-x / core::f64::consts::SQRT_2)
}

/// Probability that a bankroll `a` with per-round drift `mu` and per-round standard deviation
/// `sigma` hits zero within `t` rounds (Brownian approximation).
pub fn bust_probability(a: f64, mu: f64, sigma: f64, t: f64) -> f64 {
    if a <= 0.0 {
        return 1.0;
    }
    if t <= 0.0 || sigma <= 0.0 {
        return if mu * t <= -a { 1.0 } else { 0.0 };
    }
    let s = sigma * libm::sqrt(t);
    let first = phi((-a - mu * t) / s);
    let second_phi = phi((-a + mu * t) / s);
    let second = if second_phi <= 0.0 {
        0.0
    } else {
        libm::exp(-2.0 * mu * a / (sigma * sigma) + libm::log(second_phi))
    };
    (first + second).clamp(0.0, 1.0)
}

/// The closed-form cost of `promo` for a player of `model` on a game of return to player
/// `rtp` and one-round standard deviation `sd` (per unit stake).
///
/// # Errors
/// [`BonusError::InvalidDefinition`] if the model's game is excluded or has weight zero, or if
/// the promotion is a free bet without its stake returned (no closed form: its value depends on
/// the whole payout distribution, not only its mean).
pub fn closed_form(
    promo: &Promotion,
    model: &PlayerModel,
    rtp: f64,
    sd: f64,
) -> Result<ClosedForm, BonusError> {
    promo.validate()?;
    let weight = promo
        .terms
        .weights
        .weight(&model.game)
        .filter(|w| !w.is_zero())
        .ok_or_else(|| {
            BonusError::definition(
                "model.game",
                format!("{:?} does not count towards wagering", model.game),
            )
        })?;
    let deposit = match promo.kind {
        PromoKind::DepositMatch { .. } | PromoKind::Reload { .. } => model.deposit.minor() as f64,
        _ => 0.0,
    };
    let bonus = match &promo.kind {
        PromoKind::FreeSpins { count, stake, .. } => f64::from(*count) * stake.minor() as f64 * rtp,
        PromoKind::FreeBet {
            stake,
            stake_returned: true,
            ..
        } => stake.minor() as f64 * rtp,
        PromoKind::FreeBet { .. } => {
            return Err(BonusError::definition(
                "kind",
                "a free bet that keeps its stake has no closed form; simulate it",
            ));
        }
        _ => promo.grant_amount(model.deposit, model.net_loss)?.minor() as f64,
    };
    let base = match promo.terms.wagering.base {
        WageringBase::BonusAndDeposit => bonus + deposit,
        _ => bonus,
    };
    let wagered = f64::from(promo.terms.wagering.multiple) * base * BP_PER_WHOLE as f64
        / f64::from(weight.basis_points());
    let edge = 1.0 - rtp;
    let expected_cost = if promo.terms.sticky {
        -wagered * edge
    } else {
        bonus - wagered * edge
    };
    let mut s = model.stake.minor() as f64;
    if let Some(max) = promo.terms.max_stake {
        s = s.min(max.minor() as f64);
    }
    let bust = bust_probability(deposit + bonus, -edge * s, sd * s, wagered / s.max(1.0));
    Ok(ClosedForm {
        bonus,
        wagered,
        house_edge: edge,
        expected_cost,
        bust_probability: bust,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kingpin_rng::{ChaCha8Source, Profile, Sampler};

    fn promo(sticky: bool) -> Promotion {
        use crate::{GameWeights, Percent, Terms, Wagering};
        Promotion {
            id: "m".into(),
            kind: PromoKind::DepositMatch {
                percent: Percent::HUNDRED,
                max: Amount::from_minor(10_000),
            },
            terms: Terms {
                wagering: Wagering {
                    multiple: 20,
                    base: WageringBase::Bonus,
                },
                weights: GameWeights::default(),
                max_stake: None,
                expires_after_secs: 1 << 40,
                max_conversion: None,
                funds_order: crate::FundsOrder::CashFirst,
                sticky,
                on_withdrawal: crate::WithdrawalRule::Forfeit,
            },
            eligibility: Default::default(),
            redemption: Default::default(),
        }
    }

    /// An even-money game with 49.5 % win chance (RTP 0.99, σ ≈ 1), from ChaCha.
    fn coin(seed: u64) -> impl FnMut(Amount) -> Result<Amount, &'static str> {
        let mut s = Sampler::new(ChaCha8Source::new(seed, 0), Profile::Unbiased);
        move |stake: Amount| {
            let win = s.chance(495, 1000).map_err(|_| "rng")?;
            Ok(if win {
                Amount::from_minor(stake.minor() * 2)
            } else {
                Amount::ZERO
            })
        }
    }

    #[test]
    fn simulation_agrees_with_the_closed_form_when_busting_is_rare() {
        // Bankroll 20 000 (deposit 10 000 + bonus 10 000), wagering 200 000 at stake 10:
        // busting is far away, so E[cost] ≈ 10 000 − 200 000 × 0.01 = 8 000.
        let model = PlayerModel {
            game: "coin".into(),
            deposit: Amount::from_minor(10_000),
            net_loss: Amount::ZERO,
            stake: Amount::from_minor(10),
            seconds_per_round: 1,
            max_rounds: 10_000_000,
        };
        let p = promo(false);
        let cf = closed_form(&p, &model, 0.99, 1.0).unwrap();
        assert!((cf.expected_cost - 8_000.0).abs() < 1e-6);
        assert!(cf.bust_probability < 1e-6);
        let r = simulate(&p, &model, 40, &mut coin(7)).unwrap();
        assert_eq!(r.completed, 40);
        let (lo, hi) = r.cost_ci95();
        assert!(lo < 8_000.0 && 8_000.0 < hi, "{lo} {hi}");
        // Sticky: the bonus is not cash: E[cost] ≈ −2 000.
        let p = promo(true);
        let cf = closed_form(&p, &model, 0.99, 1.0).unwrap();
        assert!((cf.expected_cost + 2_000.0).abs() < 1e-6);
        let r = simulate(&p, &model, 40, &mut coin(8)).unwrap();
        let (lo, hi) = r.cost_ci95();
        assert!(lo < -2_000.0 && -2_000.0 < hi, "{lo} {hi}");
    }

    #[test]
    fn busting_lowers_completion_and_the_estimate_sees_it() {
        // Bankroll 200 at stake 100 against 40 000 of wagering: most players bust.
        let model = PlayerModel {
            game: "coin".into(),
            deposit: Amount::from_minor(100),
            net_loss: Amount::ZERO,
            stake: Amount::from_minor(100),
            seconds_per_round: 1,
            max_rounds: 1_000_000,
        };
        let mut p = promo(false);
        p.terms.wagering.multiple = 400;
        let cf = closed_form(&p, &model, 0.99, 1.0).unwrap();
        assert!(cf.bust_probability > 0.9, "{}", cf.bust_probability);
        let r = simulate(&p, &model, 400, &mut coin(9)).unwrap();
        assert!(r.completion_probability() < 0.1);
        assert_eq!(r.completed + r.busted + r.expired, 400);
    }

    #[test]
    fn errors_are_clear() {
        let model = PlayerModel {
            game: "crash".into(),
            deposit: Amount::from_minor(100),
            net_loss: Amount::ZERO,
            stake: Amount::from_minor(10),
            seconds_per_round: 1,
            max_rounds: 10,
        };
        let mut p = promo(false);
        p.terms.weights.excluded.push("crash".into());
        assert!(closed_form(&p, &model, 0.99, 1.0).is_err());
        let err = simulate(&p, &model, 1, &mut coin(1)).unwrap_err();
        assert!(err.to_string().contains("cannot be played"), "{err}");
        let model = PlayerModel {
            game: "coin".into(),
            ..model
        };
        let mut failing = |_: Amount| -> Result<Amount, &'static str> { Err("engine says no") };
        let err = simulate(&p, &model, 1, &mut failing).unwrap_err();
        assert_eq!(err.to_string(), "round source: engine says no");
        p.kind = PromoKind::FreeSpins {
            game: "slots".into(),
            count: 1,
            stake: Amount::from_minor(1),
        };
        p.terms.wagering.base = WageringBase::FreeRoundWinnings;
        let err = simulate(&p, &model, 1, &mut coin(1)).unwrap_err();
        assert!(
            err.to_string().contains("free rounds are on \"slots\""),
            "{err}"
        );
    }

    #[test]
    fn bust_probability_limits() {
        assert_eq!(bust_probability(0.0, -1.0, 1.0, 10.0), 1.0);
        assert!(bust_probability(1e6, -0.01, 1.0, 100.0) < 1e-12);
        let p = bust_probability(10.0, 0.0, 1.0, 100.0); // driftless: 2 Φ(−1) ≈ 0.3173
        assert!((p - 0.3173).abs() < 1e-3, "{p}");
    }
}
