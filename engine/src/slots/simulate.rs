//! The fast, multi-threaded, shardable simulation of a slot (feature `std`).

use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use kingpin_rng::{ChaCha8Source, RandomSource, Sampler};
use kingpin_units::Amount;

use super::Slot;
use super::document::{FORMAT, SimulationDocument, definition_digest};
use super::play::RoundTotals;
use super::spin::SpinLog;
use super::stats::{ExactFigures, Shard, SlotReport, SlotSimStats, unit_edges};
use crate::sim::{CHUNK_ROUNDS, FixedStakeStats, SimStats};
use crate::{Game, GameError};

/// What to simulate beyond the game, mode and bet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimulationOptions {
    /// Rounds of the whole run (all shards together).
    pub rounds: u64,
    /// The run's seed.
    pub seed: u64,
    /// Worker threads (at least one is used).
    pub threads: usize,
    /// The slice of the run to play ([`Shard::WHOLE`] for all of it).
    pub shard: Shard,
    /// Also count wins by symbol (for the report's per-symbol contribution). The rounds and
    /// every other statistic are identical either way; tracking records each spin's wins and
    /// costs time.
    pub track_symbols: bool,
    /// Enumerate every stop combination before the run when the mode has at most this many
    /// ([`rtp::combinations`](super::rtp::combinations)): the report then gives the top
    /// base-spin award with its exact odds, and the exact standard deviation where the closed
    /// form lacks it. `0`: never (the closed form only). Default
    /// [`DEFAULT_BRUTE_FORCE_LIMIT`].
    pub brute_force_limit: u128,
}

/// The default [`SimulationOptions::brute_force_limit`]: 10⁸ combinations, about a second
/// of one core for a payline game (see `docs/performance.md`).
pub const DEFAULT_BRUTE_FORCE_LIMIT: u128 = 100_000_000;

impl SimulationOptions {
    /// The whole run of `rounds` rounds from `seed` on `threads` threads, without symbol
    /// tracking, enumerating games of at most [`DEFAULT_BRUTE_FORCE_LIMIT`] combinations.
    pub fn new(rounds: u64, seed: u64, threads: usize) -> SimulationOptions {
        SimulationOptions {
            rounds,
            seed,
            threads,
            shard: Shard::WHOLE,
            track_symbols: false,
            brute_force_limit: DEFAULT_BRUTE_FORCE_LIMIT,
        }
    }
}

impl Slot {
    /// What a win of `units` pay units pays on bet `stake`, rounded down: exactly
    /// `units_x(units).payout(stake)` (the floor of `stake × units / unit_den` does not depend
    /// on reducing the fraction first), without the per-round gcd.
    #[inline]
    fn payout_minor(&self, units: u64, stake: Amount) -> Result<u64, GameError> {
        // A 64-bit division when the product fits (nearly always): a 128-bit one is a slow
        // library call.
        if let Some(x) = stake.minor().checked_mul(units) {
            return Ok(x / self.unit_den);
        }
        let p = u128::from(stake.minor()) * u128::from(units) / u128::from(self.unit_den);
        u64::try_from(p)
            .map_err(|_| GameError::Units(kingpin_units::UnitsError::Overflow { op: "payout" }))
    }

    /// One round played with a spin log, adding each win to `symbol_units` by symbol.
    fn play_round_tracked<R: RandomSource>(
        &self,
        mode: usize,
        rng: &mut Sampler<R>,
        log: &mut SpinLog,
        symbol_units: &mut [u128],
    ) -> Result<RoundTotals, GameError> {
        let (mut t, in_free) = self.start_totals(mode, rng)?;
        let free_multiplier = self.free.as_ref().map_or(1, |f| f.multiplier);
        let mut spin = |t: &mut RoundTotals, free: bool| -> Result<(), GameError> {
            log.grids.clear();
            log.wins.clear();
            self.round_spin(t, free, rng, Some(log))?;
            // Win records are before the free-spin multiplier, which applies to the spin.
            let m = if free { free_multiplier } else { 1 };
            for w in &log.wins {
                if let Some(u) = symbol_units.get_mut(usize::from(w.symbol)) {
                    *u += u128::from(w.units) * u128::from(m);
                }
            }
            Ok(())
        };
        if !in_free {
            spin(&mut t, false)?;
        }
        while t.free_spins_left > 0 {
            spin(&mut t, true)?;
        }
        Ok(t)
    }
}

/// Simulate bet mode `mode` of `slot` with bet `stake`: the rounds of `opts.shard` out of
/// `opts.rounds`, seeded like the generic harness ([`crate::sim`]: chunk `k` of
/// [`CHUNK_ROUNDS`] rounds draws from `ChaCha8Source::new(seed, k)`), on `opts.threads`
/// threads. `progress` gets the rounds just finished.
///
/// It plays the same spin code as [`Game::start`](crate::Game::start)/[`Game::act`](crate::Game::act)
/// and draws the same values, without building outcome records. The result depends only on
/// the game, mode, stake, seed, rounds and shard — never on the thread count — and the shards
/// of a run merge ([`SlotSimStats::try_merge`]) to exactly the unsharded statistics.
///
/// # Errors
/// [`GameError::InvalidBet`] for an unknown mode or a zero stake; [`GameError::Units`] if a
/// payout overflows.
pub fn simulate_stats(
    slot: &Slot,
    mode: &str,
    stake: Amount,
    opts: SimulationOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SlotSimStats, GameError> {
    let m = slot.mode_index_or_err(mode)?;
    if stake == Amount::ZERO {
        return Err(GameError::bet("stake", "must be above 0"));
    }
    let cost = slot.bet_modes[m].cost;
    let total_stake = stake.checked_mul(cost)?.minor();
    let unit_scale = slot.unit_den.checked_mul(cost).ok_or_else(|| {
        GameError::config("bet_modes", "the mode's cost overflows the pay-unit scale")
    })?;
    let symbols = if opts.track_symbols {
        slot.names.len()
    } else {
        0
    };
    let edges = unit_edges(unit_scale);
    let rounds = opts.rounds;
    let chunks = rounds.div_ceil(CHUNK_ROUNDS);
    let next = AtomicU64::new(0);
    let failed = AtomicBool::new(false);
    let total = Mutex::new(SlotSimStats::new(unit_scale, symbols));
    let first_error: Mutex<Option<(u64, GameError)>> = Mutex::new(None);
    let run_chunk = |k: u64| -> Result<SlotSimStats, GameError> {
        let n = CHUNK_ROUNDS.min(rounds - k * CHUNK_ROUNDS);
        let mut rng = Sampler::new(ChaCha8Source::new(opts.seed, k), slot.profile());
        let mut chunk = SlotSimStats::new(unit_scale, symbols);
        let mut log = SpinLog::default();
        let mut sym = std::vec![0u128; symbols];
        let mut money = FixedStakeStats::new(total_stake);
        for _ in 0..n {
            let t = if opts.track_symbols {
                slot.play_round_tracked(m, &mut rng, &mut log, &mut sym)?
            } else {
                slot.play_round_totals_of(m, &mut rng)?
            };
            money.record(slot.payout_minor(t.units, stake)?);
            chunk.record_slot(&t, &edges);
        }
        chunk.stats = money.finish();
        chunk.symbol_units = sym;
        Ok(chunk)
    };
    std::thread::scope(|scope| {
        for _ in 0..opts.threads.max(1) {
            scope.spawn(|| {
                let mut local = SlotSimStats::new(unit_scale, symbols);
                loop {
                    // Each worker claims the next chunk of this shard.
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let k = k * opts.shard.count + opts.shard.index;
                    if k >= chunks || failed.load(Ordering::Relaxed) {
                        break;
                    }
                    match run_chunk(k).and_then(|c| {
                        local.try_merge(&c)?;
                        Ok(c.stats.rounds)
                    }) {
                        Ok(n) => progress(n),
                        Err(e) => {
                            failed.store(true, Ordering::Relaxed);
                            let mut slot_err =
                                first_error.lock().unwrap_or_else(PoisonError::into_inner);
                            if slot_err.as_ref().is_none_or(|(j, _)| k < *j) {
                                *slot_err = Some((k, e));
                            }
                            break;
                        }
                    }
                }
                let mut t = total.lock().unwrap_or_else(PoisonError::into_inner);
                if let Err(e) = t.try_merge(&local) {
                    failed.store(true, Ordering::Relaxed);
                    let mut slot_err = first_error.lock().unwrap_or_else(PoisonError::into_inner);
                    slot_err.get_or_insert((u64::MAX, e));
                }
            });
        }
    });
    if let Some((_, e)) = first_error
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
    {
        return Err(e);
    }
    Ok(total.into_inner().unwrap_or_else(PoisonError::into_inner))
}

/// The exact figures the report checks the simulation against: the closed form, with the
/// brute force when the mode has at most `opts.brute_force_limit` combinations.
fn exact_figures(
    slot: &Slot,
    mode: &str,
    opts: &SimulationOptions,
) -> Result<Option<ExactFigures>, GameError> {
    let limit = opts.brute_force_limit;
    let report = if limit > 0 && super::rtp::combinations(slot, mode) <= limit {
        super::rtp::best_with(slot, mode, opts.threads.max(1), limit, true)?
    } else {
        super::rtp::exact(slot, mode)?
    };
    Ok(ExactFigures::from_report(&report))
}

/// Simulate like [`simulate_stats`] and wrap the statistics in a [`SimulationDocument`]: the
/// run's identity (definition digest, mode, stake, seed, rounds, shard), the exact figures when
/// an exact method applies (the closed form, and the brute force within
/// [`SimulationOptions::brute_force_limit`]: the top base award's exact odds), and the report.
///
/// # Errors
/// As [`simulate_stats`].
pub fn simulate_document(
    slot: &Slot,
    mode: &str,
    stake: Amount,
    opts: SimulationOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SimulationDocument, GameError> {
    let exact = exact_figures(slot, mode, &opts).ok().flatten();
    let stats = simulate_stats(slot, mode, stake, opts, progress)?;
    let symbols = slot.symbol_names().to_vec();
    let report = SlotReport::new(&stats, &symbols, slot.has_cap(), exact);
    Ok(SimulationDocument {
        format: FORMAT.into(),
        game: slot.definition().name.clone(),
        source: std::string::String::new(),
        definition_sha256: definition_digest(slot),
        mode: slot.bet_modes[slot.mode_index_or_err(mode)?].name.clone(),
        stake: stake.minor(),
        seed: opts.seed,
        run_rounds: opts.rounds,
        shards: std::vec![opts.shard.index],
        shard_count: opts.shard.count,
        capped_game: slot.has_cap(),
        exact,
        symbols,
        stats,
        report,
        seconds: 0.0,
        threads: opts.threads.max(1),
    })
}

/// The simulation's generic statistics alone: `rounds` rounds of bet mode `mode` with bet
/// `stake` from `seed` on `threads` threads — exactly the [`SimStats`] that
/// [`sim::run_parallel`](crate::sim::run_parallel) returns for the same seed, about five times
/// faster. See [`simulate_stats`] for the full, mergeable statistics.
///
/// # Errors
/// As [`simulate_stats`].
pub fn simulate(
    slot: &Slot,
    mode: &str,
    stake: Amount,
    rounds: u64,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SimStats, GameError> {
    simulate_stats(
        slot,
        mode,
        stake,
        SimulationOptions::new(rounds, seed, threads),
        progress,
    )
    .map(|s| s.stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(name: &str) -> Slot {
        let path = std::format!("{}/../games/reference/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        Slot::from_json(&text).unwrap()
    }

    fn example(name: &str) -> Slot {
        let path = std::format!("{}/../games/examples/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        Slot::new(toml::from_str(&text).unwrap()).unwrap()
    }

    fn stats(slot: &Slot, mode: &str, opts: SimulationOptions) -> SlotSimStats {
        simulate_stats(slot, mode, Amount::from_minor(100), opts, &|_| {}).unwrap()
    }

    #[test]
    fn shards_merge_to_the_whole_run() {
        let slot = reference("dolphins_pearl.json");
        let rounds = 3 * CHUNK_ROUNDS + 123;
        let whole = stats(
            &slot,
            "base",
            SimulationOptions {
                track_symbols: true,
                ..SimulationOptions::new(rounds, 7, 2)
            },
        );
        assert_eq!(whole.stats.rounds, rounds);
        for count in [2, 3, 5] {
            let mut merged = SlotSimStats::default();
            for index in 0..count {
                let part = stats(
                    &slot,
                    "base",
                    SimulationOptions {
                        shard: Shard::new(index, count).unwrap(),
                        track_symbols: true,
                        ..SimulationOptions::new(rounds, 7, 1)
                    },
                );
                assert_eq!(
                    part.stats.rounds,
                    Shard::new(index, count).unwrap().rounds(rounds)
                );
                merged.try_merge(&part).unwrap();
            }
            assert_eq!(merged, whole, "{count} shards");
        }
    }

    #[test]
    fn tracking_symbols_changes_nothing_else_and_sums_to_the_wins() {
        let games = [
            ("sizzling_hot.json", reference("sizzling_hot.json")),
            ("dolphins_pearl.json", reference("dolphins_pearl.json")),
            ("cascade.toml", example("cascade.toml")),
            ("clusters.toml", example("clusters.toml")),
            ("ways_243.toml", example("ways_243.toml")),
        ];
        for (name, slot) in games {
            let opts = SimulationOptions::new(40_000, 11, 2);
            let plain = stats(&slot, "base", opts);
            let tracked = stats(
                &slot,
                "base",
                SimulationOptions {
                    track_symbols: true,
                    ..opts
                },
            );
            assert!(plain.symbol_units.is_empty());
            assert_eq!(
                SlotSimStats {
                    symbol_units: std::vec::Vec::new(),
                    ..tracked.clone()
                },
                plain,
                "{name}"
            );
            // No cap in these games: the symbols' wins add up to every round's win.
            assert_eq!(tracked.capped_rounds, 0);
            let by_symbol: u128 = tracked.symbol_units.iter().sum();
            assert_eq!(
                by_symbol,
                tracked.base_units + tracked.feature_units,
                "{name}"
            );
        }
    }

    #[test]
    fn the_document_gives_the_exact_top_base_award_within_the_limit() {
        let slot = reference("sizzling_hot.json");
        let doc = |limit| {
            let opts = SimulationOptions {
                brute_force_limit: limit,
                ..SimulationOptions::new(2_000, 3, 2)
            };
            simulate_document(&slot, "base", Amount::from_minor(100), opts, &|_| {}).unwrap()
        };
        // 1000× the cost in 8 of 1,953,125 spins (= 40 / 25⁵), the figure tests/slots.rs
        // checks against an independent nested-loop count.
        let full = doc(DEFAULT_BRUTE_FORCE_LIMIT);
        let top = full.report.top_base_award.unwrap();
        assert_eq!(top.multiple, 1000.0);
        assert!((top.one_in - 1_953_125.0 / 8.0).abs() < 1e-6);
        assert!(!top.rarer_than_1e8);
        assert_eq!(full.exact.unwrap().top_base_win, Some(1000.0));
        // Below the game's 9.77 M combinations: the closed form only, same RTP.
        let closed = doc(1_000_000);
        assert!(closed.report.top_base_award.is_none());
        assert_eq!(closed.exact.unwrap().rtp, full.exact.unwrap().rtp);
        assert_eq!(closed.stats, full.stats);
        assert!(doc(0).report.top_base_award.is_none());
    }

    #[test]
    fn bad_requests_are_errors() {
        let slot = reference("sizzling_hot.json");
        let opts = SimulationOptions::new(10, 1, 1);
        assert!(simulate_stats(&slot, "nope", Amount::from_minor(1), opts, &|_| {}).is_err());
        assert!(simulate_stats(&slot, "base", Amount::ZERO, opts, &|_| {}).is_err());
    }
}
