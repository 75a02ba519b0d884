//! The simulation document: a slot simulation's (or shard's) identity and exact statistics, in
//! a form that travels between machines (JSON) and merges exactly.
//!
//! `kingpin simulate <file> --shard i/n --json` writes one; `kingpin merge` (and the Python
//! binding's `merge_slot_simulations`) combine them with [`SimulationDocument::merge`].

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use super::Slot;
use super::stats::{ExactFigures, Shard, SlotReport, SlotSimStats};
use crate::GameError;

/// The format tag of a simulation document.
pub const FORMAT: &str = "kingpin.slot-simulation.v1";

/// A slot simulation, or shards of one: who ran what, and the exact statistics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimulationDocument {
    /// Always [`FORMAT`].
    pub format: String,
    /// The game's name.
    pub game: String,
    /// Where the definition came from (a file name; informative).
    #[serde(default)]
    pub source: String,
    /// SHA-256 (hex) of the parsed definition as canonical JSON: documents of different games,
    /// or of different versions of one game, never merge.
    pub definition_sha256: String,
    /// The bet mode.
    pub mode: String,
    /// The bet, minor units.
    pub stake: u64,
    /// The run's seed.
    pub seed: u64,
    /// Rounds of the whole run (every shard together).
    pub run_rounds: u64,
    /// The shards this document covers (one after a simulation, several after a merge).
    pub shards: Vec<u64>,
    /// Shards in the whole run.
    pub shard_count: u64,
    /// Whether the game caps a round's win.
    pub capped_game: bool,
    /// The exact figures, when an exact method applies.
    pub exact: Option<ExactFigures>,
    /// Symbol names (the index of `stats.symbol_units`).
    pub symbols: Vec<String>,
    /// The exact, mergeable statistics.
    pub stats: SlotSimStats,
    /// Every figure derived from `stats` (recomputed by a merge).
    pub report: SlotReport,
    /// Wall-clock seconds, as the host measured them (summed over merged shards; the engine
    /// reads no clock and leaves 0).
    #[serde(default)]
    pub seconds: f64,
    /// Worker threads (of the first document).
    #[serde(default)]
    pub threads: usize,
}

/// SHA-256 (hex) of a slot's parsed definition as canonical JSON (the same for a TOML and a
/// JSON file of one game).
pub fn definition_digest(slot: &Slot) -> String {
    let canonical = serde_json::to_vec(slot.definition()).unwrap_or_default();
    kingpin_rng::sha256(&canonical)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn merge_error(reason: String) -> GameError {
    GameError::config("simulation documents", reason)
}

impl SimulationDocument {
    /// Whether every shard of the run is in this document.
    pub fn complete(&self) -> bool {
        self.shards.len() as u64 == self.shard_count
    }

    /// Merge documents of one run, each labelled (e.g. with its file name) for the errors.
    /// Every document must come from the same game, mode, stake, seed and run size; no shard
    /// may appear twice; every shard must be present unless `partial`. The result holds exactly
    /// the statistics one machine running those shards would have produced, and its report is
    /// recomputed from them.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] naming the offending document and field.
    pub fn merge<'a>(
        docs: impl IntoIterator<Item = (&'a str, &'a SimulationDocument)>,
        partial: bool,
    ) -> Result<SimulationDocument, GameError> {
        let mut docs = docs.into_iter();
        let (first_label, first) = docs
            .next()
            .ok_or_else(|| merge_error("merge needs at least one simulation document".into()))?;
        let check_format = |label: &str, d: &SimulationDocument| {
            if d.format == FORMAT {
                Ok(())
            } else {
                Err(merge_error(format!(
                    "{label}: format {:?}, expected {FORMAT:?}",
                    d.format
                )))
            }
        };
        check_format(first_label, first)?;
        let mut out = first.clone();
        let mut seen: BTreeSet<u64> = first.shards.iter().copied().collect();
        if seen.len() != first.shards.len() {
            return Err(merge_error(format!("{first_label} lists a shard twice")));
        }
        for (label, d) in docs {
            check_format(label, d)?;
            let fields: [(&str, String, String); 6] = [
                (
                    "definition digest",
                    first.definition_sha256.clone(),
                    d.definition_sha256.clone(),
                ),
                ("mode", first.mode.clone(), d.mode.clone()),
                ("stake", first.stake.to_string(), d.stake.to_string()),
                ("seed", first.seed.to_string(), d.seed.to_string()),
                (
                    "run rounds",
                    first.run_rounds.to_string(),
                    d.run_rounds.to_string(),
                ),
                (
                    "shard count",
                    first.shard_count.to_string(),
                    d.shard_count.to_string(),
                ),
            ];
            for (what, a, b) in fields {
                if a != b {
                    return Err(merge_error(format!(
                        "{label} is from a different run than {first_label}: {what} {b} vs {a}"
                    )));
                }
            }
            for &s in &d.shards {
                if !seen.insert(s) {
                    return Err(merge_error(format!(
                        "shard {s}/{} appears twice ({label} and an earlier document)",
                        d.shard_count
                    )));
                }
            }
            out.stats
                .try_merge(&d.stats)
                .map_err(|e| merge_error(format!("{label} cannot merge: {e}")))?;
            out.seconds += d.seconds;
        }
        if let Some(&s) = seen.iter().find(|&&s| s >= out.shard_count) {
            return Err(merge_error(format!(
                "shard {s} is out of range for {} shards",
                out.shard_count
            )));
        }
        out.shards = seen.into_iter().collect();
        if !partial && !out.complete() {
            let missing: Vec<String> = (0..out.shard_count)
                .filter(|s| !out.shards.contains(s))
                .map(|s| format!("{s}/{}", out.shard_count))
                .collect();
            return Err(merge_error(format!(
                "shards missing: {} (merge with `partial` to combine what is there)",
                missing.join(", ")
            )));
        }
        // Every shard's rounds are determined by the run: check the total.
        let expected: u64 = out
            .shards
            .iter()
            .map(|&index| {
                Shard {
                    index,
                    count: out.shard_count,
                }
                .rounds(out.run_rounds)
            })
            .sum();
        if out.stats.stats.rounds != expected {
            return Err(merge_error(format!(
                "the documents hold {} rounds, their shards should hold {expected}",
                out.stats.stats.rounds
            )));
        }
        out.report = SlotReport::new(&out.stats, &out.symbols, out.capped_game, out.exact);
        Ok(out)
    }
}
