//! Slot simulation for designers: the full, mergeable statistics of a seeded run or of one
//! shard of it (`kingpin_engine::slots::document`), so a simulation can fan out over workers
//! (Ray, multiprocessing, a batch system) and merge exactly.

use kingpin_engine::slots::document::SimulationDocument;
use kingpin_engine::slots::stats::Shard;
use kingpin_engine::slots::{self, SimulationOptions};
use kingpin_units::Amount;
use serde_json::Value;

use crate::{Error, ErrorKind};

fn threads_or_all(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        threads
    }
}

fn to_value(doc: &SimulationDocument) -> Result<Value, Error> {
    serde_json::to_value(doc).map_err(|e| Error::new(ErrorKind::Decode, e.to_string()))
}

/// Simulate `rounds` rounds of bet mode `mode` of the slot `definition` (JSON text) with bet
/// `stake` (minor units), reproducibly from `seed`, on `threads` threads (`0` = one per core).
/// With `shard = Some((i, n))` only shard `i` of `n` of that run is played (the `n` shards are
/// disjoint and together are the whole run). `track_symbols` adds the per-symbol RTP.
///
/// Returns the simulation document (JSON): the run's identity, the exact statistics
/// (`stats`) and every derived figure (`report`). The result does not depend on `threads`.
/// When the mode has at most [`slots::DEFAULT_BRUTE_FORCE_LIMIT`] stop combinations, every
/// one is enumerated first and `report.top_base_award` gives the top base-spin award with its
/// exact odds (`{"multiple", "one_in", "rarer_than_1e8"}`; otherwise `null`).
///
/// ```
/// let def = r#"{"name": "tiny", "reels": 3, "rows": 1,
///   "symbols": [{"name": "A", "pays": [0, 0, 10]}, {"name": "B"}],
///   "reel_sets": {"main": [["A", "B"], ["A", "B"], ["A", "B"]]},
///   "base": {"reel_sets": {"main": 1}},
///   "wins": {"type": "lines", "paylines": [[0, 0, 0]]}}"#;
/// let doc = kingpin_bindings::simulate_slot(def, "base", 100, 100_000, 7, 1, None, true)?;
/// assert_eq!(doc["report"]["rounds"], 100_000);
/// assert_eq!(doc["exact"]["rtp"], 1.25);
/// assert_eq!(doc["report"]["top_base_award"]["one_in"], 8.0); // A-A-A: 1 of 8 stops
/// # Ok::<(), kingpin_bindings::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidConfig`] for an invalid definition (every problem with its path) or
/// shard, [`ErrorKind::InvalidBet`] for an unknown mode or a zero stake.
#[allow(clippy::too_many_arguments)] // mirrors the CLI's flags one to one
pub fn simulate_slot(
    definition: &str,
    mode: &str,
    stake: u64,
    rounds: u64,
    seed: u64,
    threads: usize,
    shard: Option<(u64, u64)>,
    track_symbols: bool,
) -> Result<Value, Error> {
    let slot = crate::slot::load(definition)?;
    let shard = match shard {
        Some((i, n)) => Shard::new(i, n)?,
        None => Shard::WHOLE,
    };
    let start = std::time::Instant::now();
    let mut doc = slots::simulate_document(
        &slot,
        mode,
        Amount::from_minor(stake),
        SimulationOptions {
            rounds,
            seed,
            threads: threads_or_all(threads),
            shard,
            track_symbols,
            brute_force_limit: slots::DEFAULT_BRUTE_FORCE_LIMIT,
        },
        &|_| {},
    )?;
    doc.seconds = start.elapsed().as_secs_f64();
    to_value(&doc)
}

/// Merge simulation documents (JSON texts from [`simulate_slot`] or `kingpin simulate <file>
/// --json`) of one run exactly. Every shard must be present unless `partial`.
///
/// # Errors
/// [`ErrorKind::Decode`] for a text that is not a simulation document;
/// [`ErrorKind::InvalidConfig`] for documents of different runs, a shard given twice or missing.
pub fn merge_slot_simulations(documents: &[String], partial: bool) -> Result<Value, Error> {
    let docs = documents
        .iter()
        .enumerate()
        .map(|(i, text)| {
            serde_json::from_str::<SimulationDocument>(text)
                .map(|d| (format!("document {}", i + 1), d))
                .map_err(|e| {
                    Error::new(
                        ErrorKind::Decode,
                        format!("document {} is not a slot simulation document: {e}", i + 1),
                    )
                })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let merged = SimulationDocument::merge(docs.iter().map(|(l, d)| (l.as_str(), d)), partial)?;
    to_value(&merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = r#"{"name": "tiny", "reels": 3, "rows": 1,
      "symbols": [{"name": "A", "pays": [0, 0, 10]}, {"name": "B"}],
      "reel_sets": {"main": [["A", "B"], ["A", "B"], ["A", "B"]]},
      "base": {"reel_sets": {"main": 1}},
      "wins": {"type": "lines", "paylines": [[0, 0, 0]]}}"#;

    #[test]
    fn shards_merge_to_the_whole_run() {
        let rounds = 200_000;
        let whole = simulate_slot(TINY, "base", 100, rounds, 3, 2, None, true).unwrap();
        let parts: Vec<String> = (0..3)
            .map(|i| {
                simulate_slot(TINY, "base", 100, rounds, 3, 1, Some((i, 3)), true)
                    .unwrap()
                    .to_string()
            })
            .collect();
        let merged = merge_slot_simulations(&parts, false).unwrap();
        assert_eq!(merged["stats"], whole["stats"]);
        let missing = merge_slot_simulations(&parts[..2], false).unwrap_err();
        assert_eq!(missing.kind, ErrorKind::InvalidConfig);
        assert!(
            missing.message.contains("shards missing: 2/3"),
            "{}",
            missing.message
        );
        let bad = merge_slot_simulations(&["{}".to_string()], false).unwrap_err();
        assert_eq!(bad.kind, ErrorKind::Decode);
    }

    #[test]
    fn bad_input_is_a_clear_error() {
        let e = simulate_slot("{", "base", 100, 10, 1, 1, None, false).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidConfig);
        let e = simulate_slot(TINY, "nope", 100, 10, 1, 1, None, false).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidBet);
        let e = simulate_slot(TINY, "base", 100, 10, 1, 1, Some((3, 3)), false).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidConfig);
    }
}
