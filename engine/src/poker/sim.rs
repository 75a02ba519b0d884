//! Bot tables played at speed through the real [`Table`] engine: rake yield and a stress test.
//!
//! Every hand's deck is a Fisher–Yates shuffle from [`ChaCha8Source`] stream 0 of the seed, and
//! the bots draw their decisions from stream 1, so a run replays exactly from its seed. Bots
//! sit with the maximum buy-in and top back up to it whenever their stack falls below the
//! minimum buy-in.
//!
//! ```
//! use kingpin_engine::poker::sim::{Bot, simulate_table};
//! use kingpin_engine::poker::TableConfig;
//!
//! let bots = [Bot::Tight, Bot::Random, Bot::CallingStation, Bot::Aggressive];
//! let report = simulate_table(&TableConfig::default(), &bots, 500, 7)?;
//! assert_eq!(report.hands, 500);
//! assert!(report.showdowns > 0 && report.rake_total.minor() > 0);
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;

use kingpin_rng::{ChaCha8Source, ClientSeed, Profile, RandomSource, Sampler};
use kingpin_units::Amount;
use serde::{Deserialize, Serialize};

use crate::GameError;
use crate::cards::Card;
use crate::poker::table::{Action, Command, Event, LegalActions, Street, Table, TableConfig};
use crate::poker::{Category, Hand, hand_deck};

/// A simple playing style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bot {
    /// Checks when it can, otherwise calls; never folds, never raises.
    CallingStation,
    /// Uniform among the legal kinds of action; bet sizes uniform in the legal range.
    Random,
    /// Raises (a random size) whenever it can with probability 1/2, otherwise calls.
    Aggressive,
    /// Plays pairs, two cards ten or higher and aces before the flop; afterwards bets two pair
    /// or better, calls with a pair, and otherwise checks or folds.
    Tight,
}

/// What a simulation measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TableSimReport {
    /// The seed (replays the run).
    pub seed: u64,
    /// Hands played.
    pub hands: u64,
    /// Bots at the table.
    pub players: u8,
    /// Player decisions taken.
    pub actions: u64,
    /// Hands that saw a flop.
    pub flops: u64,
    /// Hands that went to showdown.
    pub showdowns: u64,
    /// Rake collected.
    pub rake_total: Amount,
    /// Rake per 100 hands, in minor units.
    pub rake_per_100_hands: f64,
    /// Rake per 100 hands, in big blinds.
    pub rake_bb_per_100: f64,
    /// Chips in all pots (rake included, uncalled bets excluded).
    pub total_pot: Amount,
    /// Chips bought in (initial buy-ins and top-ups).
    pub bought_in: Amount,
}

/// Play `hands` hands of `bots` (seated at seats `0..bots.len()`) at a table of `config`.
///
/// # Errors
/// [`GameError::InvalidConfig`] for a bad configuration; [`GameError::InvalidBet`] for fewer
/// than 2 bots or more than the table's seats, or zero hands.
pub fn simulate_table(
    config: &TableConfig,
    bots: &[Bot],
    hands: u64,
    seed: u64,
) -> Result<TableSimReport, GameError> {
    let mut table = Table::new(config.clone())?;
    if bots.len() < 2 || bots.len() > usize::from(config.seats) {
        return Err(GameError::bet(
            "bots",
            format!("{} bots; this table seats 2–{}", bots.len(), config.seats),
        ));
    }
    if hands == 0 {
        return Err(GameError::bet("hands", "at least one hand"));
    }
    let mut decks = Sampler::new(ChaCha8Source::new(seed, 0), Profile::Unbiased);
    let mut choices = Sampler::new(ChaCha8Source::new(seed, 1), Profile::Unbiased);
    for (i, _) in bots.iter().enumerate() {
        table.apply(
            Command::Sit {
                seat: i as u8,
                player: format!("bot{i}"),
                buy_in: config.max_buy_in,
                client_seed: ClientSeed::new(format!("bot{i}"))?,
            },
            0,
        )?;
    }
    let mut report = TableSimReport {
        seed,
        hands,
        players: bots.len() as u8,
        actions: 0,
        flops: 0,
        showdowns: 0,
        rake_total: Amount::ZERO,
        rake_per_100_hands: 0.0,
        rake_bb_per_100: 0.0,
        total_pot: Amount::ZERO,
        bought_in: Amount::ZERO,
    };
    let mut now = 0u64;
    let mut pot_total = 0u64;
    for _ in 0..hands {
        for seat in 0..bots.len() as u8 {
            let stack = table.seat(seat).map_or(Amount::ZERO, |s| s.stack);
            if stack < config.min_buy_in {
                let amount = config.max_buy_in.checked_sub(stack)?;
                table.apply(Command::TopUp { seat, amount }, now)?;
                if table.seat(seat).is_some_and(|s| s.sitting_out) {
                    table.apply(Command::SitIn { seat }, now)?;
                }
            }
        }
        let deck = hand_deck(&mut decks)?;
        let mut events = table.apply(
            Command::StartHand {
                deck: deck.to_vec(),
            },
            now,
        )?;
        loop {
            for e in &events {
                match e {
                    Event::Board {
                        street: Street::Flop,
                        ..
                    } => report.flops += 1,
                    Event::Showdown { .. } => report.showdowns += 1,
                    Event::Rake { amount } => pot_total += amount.minor(),
                    Event::PotAwarded { amount, .. } => pot_total += amount.minor(),
                    _ => {}
                }
            }
            let Some(legal) = table.legal_actions() else {
                break;
            };
            let bot = bots[usize::from(legal.seat)];
            let (hole, board) = table
                .hand()
                .and_then(|h| {
                    h.players
                        .iter()
                        .find(|p| p.seat == legal.seat)
                        .map(|p| (p.hole, h.board.clone()))
                })
                .ok_or_else(|| GameError::IllegalAction("the player to act has no cards".into()))?;
            let action = decide(bot, &legal, hole, &board, &mut choices)?;
            now += 1;
            report.actions += 1;
            events = table.apply(
                Command::Act {
                    seat: legal.seat,
                    action,
                },
                now,
            )?;
        }
    }
    let totals = table.totals();
    report.rake_total = Amount::from_minor(totals.rake);
    report.bought_in = Amount::from_minor(totals.bought_in);
    report.total_pot = Amount::from_minor(pot_total);
    report.rake_per_100_hands = totals.rake as f64 * 100.0 / hands as f64;
    report.rake_bb_per_100 = report.rake_per_100_hands / config.big_blind.minor() as f64;
    Ok(report)
}

fn raise_to<R: RandomSource>(
    l: &LegalActions,
    rng: &mut Sampler<R>,
) -> Result<Option<Action>, GameError> {
    let Some(r) = l.raise else {
        return Ok(None);
    };
    let span = r.max_to.minor() - r.min_to.minor();
    // Sizes uniform on min..=max, drawn in at most 2^20 steps.
    let steps = span.min(1 << 20);
    let k = u64::from(rng.index_below(steps as u32 + 1)?);
    let to = match span.checked_div(steps) {
        Some(step) => Amount::from_minor(r.min_to.minor() + step * k),
        None => r.min_to,
    };
    Ok(Some(if r.is_bet {
        Action::Bet { to }
    } else {
        Action::Raise { to }
    }))
}

fn passive(l: &LegalActions) -> Action {
    if l.check { Action::Check } else { Action::Call }
}

fn check_or_fold(l: &LegalActions) -> Action {
    if l.check { Action::Check } else { Action::Fold }
}

/// The bot's decision.
fn decide<R: RandomSource>(
    bot: Bot,
    l: &LegalActions,
    hole: [Card; 2],
    board: &[Card],
    rng: &mut Sampler<R>,
) -> Result<Action, GameError> {
    Ok(match bot {
        Bot::CallingStation => passive(l),
        Bot::Random => match rng.index_below(3)? {
            0 => raise_to(l, rng)?.unwrap_or_else(|| passive(l)),
            1 if !l.check => Action::Fold,
            _ => passive(l),
        },
        Bot::Aggressive => {
            if rng.chance(1, 2)? {
                raise_to(l, rng)?.unwrap_or_else(|| passive(l))
            } else {
                passive(l)
            }
        }
        Bot::Tight => {
            let strength = if board.is_empty() {
                let (a, b) = (hole[0].rank(), hole[1].rank());
                if a == b || a.min(b) >= 10 || a.max(b) == 14 {
                    2
                } else {
                    0
                }
            } else {
                let rank = board
                    .iter()
                    .fold(Hand::new().with(hole[0]).with(hole[1]), |h, &c| h.with(c))
                    .rank()
                    .map_or(Category::HighCard, |r| r.category());
                match rank {
                    Category::HighCard => 0,
                    Category::OnePair => 1,
                    _ => 2,
                }
            };
            match strength {
                2 if rng.chance(1, 3)? => raise_to(l, rng)?.unwrap_or_else(|| passive(l)),
                1 | 2 => passive(l),
                _ => check_or_fold(l),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::poker::table::Betting;

    #[test]
    fn replays_from_its_seed_and_rakes() {
        let bots = [
            Bot::Tight,
            Bot::Random,
            Bot::CallingStation,
            Bot::Aggressive,
            Bot::Random,
        ];
        let cfg = TableConfig::default();
        let a = simulate_table(&cfg, &bots, 2_000, 11).unwrap();
        let b = simulate_table(&cfg, &bots, 2_000, 11).unwrap();
        assert_eq!(a, b);
        assert!(a.flops > 0 && a.showdowns > 0 && a.showdowns <= a.flops);
        // The rake never exceeds the cap per hand that saw a flop.
        assert!(a.rake_total.minor() <= a.flops * cfg.rake_cap.minor());
        assert!(a.rake_total.minor() <= a.total_pot.minor() / 20 + 1);
        let limit = TableConfig {
            betting: Betting::FixedLimit,
            seats: 10,
            ..cfg.clone()
        };
        let ten = [Bot::Random; 10];
        let r = simulate_table(&limit, &ten, 500, 3).unwrap();
        assert_eq!(r.hands, 500);
    }

    #[test]
    fn rejects_bad_requests() {
        let cfg = TableConfig::default();
        assert!(simulate_table(&cfg, &[Bot::Random], 10, 1).is_err());
        assert!(simulate_table(&cfg, &[Bot::Random; 7], 10, 1).is_err());
        assert!(simulate_table(&cfg, &[Bot::Random; 2], 0, 1).is_err());
        let bad = TableConfig { seats: 0, ..cfg };
        assert!(simulate_table(&bad, &[Bot::Random; 2], 10, 1).is_err());
    }
}
