//! The Monte Carlo harness: any game, any number of rounds, reproducible from a seed.
//!
//! Rounds are grouped in chunks of [`CHUNK_ROUNDS`]; chunk `k` draws from
//! `ChaCha8Source::new(seed, k)`. All statistics are integer sums, so a run gives **exactly**
//! the same result whatever the number of threads — the seed alone replays it.
//!
//! ```
//! use kingpin_engine::games::dice::{Condition, Dice, DiceConfig, DiceParams, Hundredths};
//! use kingpin_engine::{Bet, sim};
//! use kingpin_units::Amount;
//!
//! let dice = Dice::new(DiceConfig::default())?;
//! let bet = Bet::new(Amount::from_minor(100), DiceParams::new(Hundredths(5000), Condition::Over));
//! let stats = sim::run(&dice, &bet, &mut sim::NoActions, 0..1, 42)?;
//! assert_eq!(stats.rounds, sim::CHUNK_ROUNDS);
//! let (lo, hi) = stats.rtp_ci95();
//! assert!(lo < 0.9899 && 0.9899 < hi);
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use core::ops::Range;

use kingpin_rng::{ChaCha8Source, Sampler};
use serde::{Deserialize, Serialize};

use crate::{Bet, Game, GameError, Step};

/// Rounds per chunk: the unit of work and of reproducibility.
pub const CHUNK_ROUNDS: u64 = 1 << 16;

/// Most actions a simulated round may take before it is declared stuck (a bug in a game or a
/// strategy).
pub const MAX_STEPS_PER_ROUND: u32 = 10_000;

/// Chooses actions for multi-step games in simulation (a basic-strategy player, a poker bot…).
pub trait Strategy<G: Game + ?Sized> {
    /// The action to take in `state`; `None` if the strategy has none (an error).
    fn choose(&mut self, game: &G, state: &G::State) -> Option<G::Action>;
}

/// The strategy for one-step games: it is never asked, and has no answer if it is.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoActions;

impl<G: Game + ?Sized> Strategy<G> for NoActions {
    fn choose(&mut self, _: &G, _: &G::State) -> Option<G::Action> {
        None
    }
}

/// Upper edges of the win-distribution buckets, in multiples of the total stake of a round:
/// bucket `i` counts wins with `payout / stake < EDGES[i]` (and at least the previous edge);
/// the last bucket counts the rest. Losses (payout 0) have their own count.
pub const WIN_BUCKET_EDGES: [u64; 9] = [1, 2, 5, 10, 20, 50, 100, 1000, 10_000];

/// Statistics of a simulation, in exact integers (plus derived floats).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimStats {
    /// Rounds played.
    pub rounds: u64,
    /// Sum of total stakes, minor units.
    pub total_stake: u128,
    /// Sum of payouts, minor units.
    pub total_payout: u128,
    /// Sum of squared payouts (for the variance).
    pub payout_squares: u128,
    /// Sum of squared stakes (for the variance when stakes vary).
    pub stake_squares: u128,
    /// Sum of stake × payout (for the variance when stakes vary).
    pub stake_payout: u128,
    /// Rounds with a payout above zero.
    pub hits: u64,
    /// Largest payout of a round, minor units.
    pub max_payout: u64,
    /// Total stake of the round with the largest payout.
    pub max_payout_stake: u64,
    /// Rounds with payout 0.
    pub losses: u64,
    /// Win counts by [`WIN_BUCKET_EDGES`] (one more bucket than edges).
    pub win_buckets: [u64; 10],
}

impl SimStats {
    /// Add one settled round.
    #[inline]
    pub fn record(&mut self, stake: u64, payout: u64) {
        self.rounds += 1;
        self.total_stake += u128::from(stake);
        self.total_payout += u128::from(payout);
        self.payout_squares = self
            .payout_squares
            .saturating_add(u128::from(payout) * u128::from(payout));
        self.stake_squares = self
            .stake_squares
            .saturating_add(u128::from(stake) * u128::from(stake));
        self.stake_payout = self
            .stake_payout
            .saturating_add(u128::from(stake) * u128::from(payout));
        if payout == 0 {
            self.losses += 1;
            return;
        }
        self.hits += 1;
        if payout > self.max_payout {
            self.max_payout = payout;
            self.max_payout_stake = stake;
        }
        let i = WIN_BUCKET_EDGES
            .iter()
            .position(|&e| u128::from(payout) < u128::from(e) * u128::from(stake))
            .unwrap_or(WIN_BUCKET_EDGES.len());
        self.win_buckets[i] += 1;
    }

    /// Merge another run's statistics (exact: every field is a sum or a maximum).
    pub fn merge(&mut self, o: &SimStats) {
        self.rounds += o.rounds;
        self.total_stake += o.total_stake;
        self.total_payout += o.total_payout;
        self.payout_squares = self.payout_squares.saturating_add(o.payout_squares);
        self.stake_squares = self.stake_squares.saturating_add(o.stake_squares);
        self.stake_payout = self.stake_payout.saturating_add(o.stake_payout);
        self.hits += o.hits;
        self.losses += o.losses;
        if o.max_payout > self.max_payout {
            self.max_payout = o.max_payout;
            self.max_payout_stake = o.max_payout_stake;
        }
        for (a, b) in self.win_buckets.iter_mut().zip(o.win_buckets) {
            *a += b;
        }
    }

    /// Return to player: total payout / total stake.
    pub fn rtp(&self) -> f64 {
        if self.total_stake == 0 {
            0.0
        } else {
            self.total_payout as f64 / self.total_stake as f64
        }
    }

    /// Fraction of rounds with a payout.
    pub fn hit_frequency(&self) -> f64 {
        if self.rounds == 0 {
            0.0
        } else {
            self.hits as f64 / self.rounds as f64
        }
    }

    /// Standard deviation of one round's return in units of its stake (payout / stake per
    /// round, estimated from the mean stake: exact when every round has the same stake).
    pub fn std_dev(&self) -> f64 {
        if self.rounds < 2 || self.total_stake == 0 {
            return 0.0;
        }
        let n = self.rounds as f64;
        let mean_stake = self.total_stake as f64 / n;
        let mean = self.total_payout as f64 / n;
        let var = (self.payout_squares as f64 / n - mean * mean).max(0.0) * n / (n - 1.0);
        libm::sqrt(var) / mean_stake
    }

    /// A 95 % confidence interval of the RTP (normal approximation: ±1.96 σ/√n, as a ratio
    /// estimator when stakes vary).
    pub fn rtp_ci95(&self) -> (f64, f64) {
        let r = self.rtp();
        if self.rounds < 2 || self.total_stake == 0 {
            return (r, r);
        }
        let n = self.rounds as f64;
        let ms = self.total_stake as f64 / n;
        // Var(payout − r·stake) per round, via the exact integer sums.
        let sp2 = self.payout_squares as f64 / n;
        let ss2 = self.stake_squares as f64 / n;
        let spx = self.stake_payout as f64 / n;
        let mp = self.total_payout as f64 / n;
        let var = (sp2 - 2.0 * r * spx + r * r * ss2 - (mp - r * ms) * (mp - r * ms)).max(0.0) * n
            / (n - 1.0);
        let half = 1.96 * libm::sqrt(var) / ms / libm::sqrt(n);
        (r - half, r + half)
    }

    /// The largest win as a multiple of its round's stake.
    pub fn max_win_multiple(&self) -> f64 {
        if self.max_payout_stake == 0 {
            0.0
        } else {
            self.max_payout as f64 / self.max_payout_stake as f64
        }
    }
}

/// A faster recorder for rounds that all have the same stake (a slot simulation): it keeps
/// the per-round sums only (`Σp`, `Σp²`, counts, buckets) and derives the stake sums once, in
/// [`FixedStakeStats::finish`], giving exactly the [`SimStats`] that [`SimStats::record`] would.
#[cfg(feature = "std")]
#[derive(Clone, Debug)]
pub(crate) struct FixedStakeStats {
    stake: u64,
    limits: [u128; WIN_BUCKET_EDGES.len()],
    rounds: u64,
    payout: u128,
    payout_squares: u128,
    hits: u64,
    max_payout: u64,
    buckets: [u64; WIN_BUCKET_EDGES.len() + 1],
}

#[cfg(feature = "std")]
impl FixedStakeStats {
    /// An empty recorder for rounds staking `stake`.
    pub(crate) fn new(stake: u64) -> FixedStakeStats {
        FixedStakeStats {
            stake,
            limits: WIN_BUCKET_EDGES.map(|e| u128::from(e) * u128::from(stake)),
            rounds: 0,
            payout: 0,
            payout_squares: 0,
            hits: 0,
            max_payout: 0,
            buckets: [0; WIN_BUCKET_EDGES.len() + 1],
        }
    }

    /// Add one round's payout.
    #[inline]
    pub(crate) fn record(&mut self, payout: u64) {
        self.rounds += 1;
        if payout == 0 {
            return;
        }
        let p = u128::from(payout);
        self.payout += p;
        self.payout_squares = self.payout_squares.saturating_add(p * p);
        self.hits += 1;
        self.max_payout = self.max_payout.max(payout);
        let i = self
            .limits
            .iter()
            .position(|&l| p < l)
            .unwrap_or(self.limits.len());
        self.buckets[i] += 1;
    }

    /// The statistics [`SimStats::record`] would have built from the same rounds (a sum of
    /// `n` equal non-negative terms saturates exactly when their product does).
    pub(crate) fn finish(&self) -> SimStats {
        let s = u128::from(self.stake);
        let n = u128::from(self.rounds);
        SimStats {
            rounds: self.rounds,
            total_stake: s * n,
            total_payout: self.payout,
            payout_squares: self.payout_squares,
            stake_squares: (s * s).saturating_mul(n),
            stake_payout: s.saturating_mul(self.payout),
            hits: self.hits,
            max_payout: self.max_payout,
            max_payout_stake: if self.hits > 0 { self.stake } else { 0 },
            losses: self.rounds - self.hits,
            win_buckets: self.buckets,
        }
    }
}

/// Play one round to its settlement with a strategy; returns `(total stake, payout)`.
///
/// The round's state is advanced in place ([`Game::act_in_place`]): one state per round,
/// never copied between steps.
///
/// # Errors
/// Whatever the game returns, [`GameError::IllegalAction`] if the strategy has no action or
/// the round exceeds [`MAX_STEPS_PER_ROUND`].
#[inline]
pub fn play_round<G, S, R>(
    game: &G,
    bet: &Bet<G::Params>,
    strategy: &mut S,
    rng: &mut Sampler<R>,
) -> Result<(u64, u64), GameError>
where
    G: Game + ?Sized,
    S: Strategy<G> + ?Sized,
    R: kingpin_rng::RandomSource,
{
    let mut step = game.start(bet, rng)?;
    let state = match &mut step {
        Step::Settled(s) => return Ok((s.total_stake.minor(), s.payout.minor())),
        Step::InProgress(p) => &mut p.state,
    };
    for _ in 0..MAX_STEPS_PER_ROUND {
        let action = strategy.choose(game, state).ok_or_else(|| {
            GameError::IllegalAction("the strategy has no action for this state".into())
        })?;
        if let Step::Settled(s) = game.act_in_place(state, &action, rng)? {
            return Ok((s.total_stake.minor(), s.payout.minor()));
        }
    }
    Err(GameError::IllegalAction(alloc::format!(
        "round exceeded {MAX_STEPS_PER_ROUND} steps"
    )))
}

/// Simulate chunks `chunks` (each [`CHUNK_ROUNDS`] rounds) of `seed` on this thread.
///
/// # Errors
/// The first error of any round.
pub fn run<G, S>(
    game: &G,
    bet: &Bet<G::Params>,
    strategy: &mut S,
    chunks: Range<u64>,
    seed: u64,
) -> Result<SimStats, GameError>
where
    G: Game + ?Sized,
    S: Strategy<G> + ?Sized,
{
    let mut stats = SimStats::default();
    for k in chunks {
        stats.merge(&run_chunk(game, bet, strategy, seed, k, CHUNK_ROUNDS)?);
    }
    Ok(stats)
}

/// Simulate `rounds` rounds of chunk `k` of `seed` (a chunk may be cut short at the end of a
/// run).
///
/// # Errors
/// The first error of any round.
pub fn run_chunk<G, S>(
    game: &G,
    bet: &Bet<G::Params>,
    strategy: &mut S,
    seed: u64,
    k: u64,
    rounds: u64,
) -> Result<SimStats, GameError>
where
    G: Game + ?Sized,
    S: Strategy<G> + ?Sized,
{
    let mut rng = Sampler::new(ChaCha8Source::new(seed, k), game.profile());
    let mut stats = SimStats::default();
    for _ in 0..rounds {
        let (stake, payout) = play_round(game, bet, strategy, &mut rng)?;
        stats.record(stake, payout);
    }
    Ok(stats)
}

/// Multi-threaded simulation of `rounds` rounds of `seed` (feature `std`).
///
/// The result is identical for any `threads`. `progress` is called from worker threads with the
/// number of rounds just finished; it must be cheap.
///
/// # Errors
/// The first error any round returned.
#[cfg(feature = "std")]
pub fn run_parallel<G, S, F>(
    game: &G,
    bet: &Bet<G::Params>,
    new_strategy: F,
    rounds: u64,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SimStats, GameError>
where
    G: Game + Sync + ?Sized,
    G::Params: Sync,
    S: Strategy<G>,
    F: Fn() -> S + Sync,
{
    use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::Mutex;

    let chunks = rounds.div_ceil(CHUNK_ROUNDS);
    let next = AtomicU64::new(0);
    let failed = AtomicBool::new(false);
    let total = Mutex::new(SimStats::default());
    let first_error: Mutex<Option<(u64, GameError)>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                let mut strategy = new_strategy();
                let mut local = SimStats::default();
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= chunks || failed.load(Ordering::Relaxed) {
                        break;
                    }
                    let n = CHUNK_ROUNDS.min(rounds - k * CHUNK_ROUNDS);
                    match run_chunk(game, bet, &mut strategy, seed, k, n) {
                        Ok(s) => {
                            local.merge(&s);
                            progress(n);
                        }
                        Err(e) => {
                            failed.store(true, Ordering::Relaxed);
                            let mut slot = first_error
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner);
                            if slot.as_ref().is_none_or(|(j, _)| k < *j) {
                                *slot = Some((k, e));
                            }
                            break;
                        }
                    }
                }
                total
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .merge(&local);
            });
        }
    });
    if let Some((_, e)) = first_error
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        return Err(e);
    }
    Ok(total
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner))
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "std")]
    #[test]
    fn fixed_stake_recorder_equals_the_general_one() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for stake in [1u64, 100, 12_345, u64::MAX / 3] {
            let mut general = SimStats::default();
            let mut fixed = FixedStakeStats::new(stake);
            for _ in 0..5_000 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let payout = match x % 4 {
                    0 => 0,
                    1 => x % stake.saturating_mul(3).max(1),
                    2 => (x % 50_000).saturating_mul(stake / 100 + 1),
                    _ => x,
                };
                general.record(stake, payout);
                fixed.record(payout);
            }
            assert_eq!(fixed.finish(), general, "stake {stake}");
        }
        assert_eq!(FixedStakeStats::new(5).finish(), SimStats::default());
    }

    use super::*;
    use crate::games::dice::{Condition, Dice, DiceConfig, DiceParams, Hundredths};
    use kingpin_units::Amount;

    #[test]
    fn thread_count_does_not_change_results() {
        let dice = Dice::new(DiceConfig::default()).unwrap();
        let bet = Bet::new(
            Amount::from_minor(100),
            DiceParams::new(Hundredths(2000), Condition::Under),
        );
        let rounds = CHUNK_ROUNDS * 3 + 123;
        let one = run_parallel(&dice, &bet, || NoActions, rounds, 7, 1, &|_| {}).unwrap();
        let three = run_parallel(&dice, &bet, || NoActions, rounds, 7, 3, &|_| {}).unwrap();
        assert_eq!(one, three);
        assert_eq!(one.rounds, rounds);
        assert_eq!(one.hits + one.losses, rounds);
        let other_seed = run_parallel(&dice, &bet, || NoActions, rounds, 8, 2, &|_| {}).unwrap();
        assert_ne!(one, other_seed);
    }

    #[test]
    fn dice_simulation_matches_exact_rtp() {
        use crate::Game;
        let dice = Dice::new(DiceConfig::default()).unwrap();
        let params = DiceParams::new(Hundredths(5000), Condition::Over);
        let bet = Bet::new(Amount::from_minor(100), params);
        let s = run_parallel(&dice, &bet, || NoActions, 2_000_000, 1, 2, &|_| {}).unwrap();
        let exact = dice.exact_rtp(&params).unwrap().to_f64();
        let (lo, hi) = s.rtp_ci95();
        // A 99.99 % interval (3.9 σ) so this test is not flaky by design: fixed seed anyway.
        let half = (hi - lo) / 2.0 * 3.9 / 1.96;
        assert!(
            (s.rtp() - exact).abs() < half,
            "rtp {} vs exact {exact} ± {half}",
            s.rtp()
        );
        assert!((s.hit_frequency() - 0.49995).abs() < 0.002);
        assert!((s.std_dev() - 0.99).abs() < 0.01);
        assert_eq!(s.max_payout, 198);
        assert_eq!(s.win_buckets[1], s.hits);
    }
}
