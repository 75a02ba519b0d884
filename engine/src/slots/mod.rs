//! Slots as data: a designer writes a slot in a file; the engine validates it, plays it as a
//! sans-IO round, and computes its exact RTP where the math allows.
//!
//! - [`definition`]: the format (serde, so JSON or TOML); `docs/slots.md` documents it.
//! - [`Slot::new`] / [`Slot::from_json`]: validation, reporting **every** problem with its field
//!   path ([`DefinitionErrors`]).
//! - [`Slot`] implements [`Game`](crate::Game): the base spin is `start`; each free spin is one
//!   `act` with [`SlotAction::Continue`]; the state between steps serializes, so a round
//!   resumes after a restart.
//! - [`rtp`]: the exact RTP by combinatorics (no enumeration) and, with `std`, a multi-threaded
//!   brute-force enumeration of every stop combination as an independent check.
//!
//! ```
//! use kingpin_engine::slots::{Slot, SlotParams};
//! use kingpin_engine::{Bet, Game, Step};
//! use kingpin_rng::{ChaCha8Source, Sampler};
//! use kingpin_units::Amount;
//!
//! let slot = Slot::from_json(r#"{
//!   "name": "tiny", "reels": 3, "rows": 1,
//!   "symbols": [{"name": "A", "pays": [0, 0, 10]}, {"name": "B"}],
//!   "reel_sets": {"main": [["A", "B"], ["A", "B"], ["A", "B"]]},
//!   "base": {"reel_sets": {"main": 1}},
//!   "wins": {"type": "lines", "paylines": [[0, 0, 0]]}
//! }"#)?;
//! // Three A's in 8 combinations pay 10×: RTP 10/8.
//! let report = kingpin_engine::slots::rtp::exact(&slot, "base")?;
//! assert_eq!(report.rtp_fraction.as_deref(), Some("5/4"));
//! let mut rng = Sampler::new(ChaCha8Source::new(1, 0), slot.profile());
//! let step = slot.start(&Bet::new(Amount::from_minor(100), SlotParams::default()), &mut rng)?;
//! assert!(matches!(step, Step::Settled(_)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod compile;
pub mod definition;
pub mod document;
mod fast;
mod play;
pub mod rtp;
#[cfg(feature = "std")]
mod simulate;
mod spin;
pub mod stats;

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

pub use compile::{MAX_LINES, MAX_REEL_SETS, MAX_STRIP, MAX_TABLE, MAX_UNIT_DEN};
pub use definition::SlotDefinition;
pub use play::{
    AlwaysContinue, RoundTotals, SlotAction, SlotOutcome, SlotParams, SlotState, SpinRecord,
    WinKind, WinRecord,
};
#[cfg(feature = "std")]
pub use simulate::{
    DEFAULT_BRUTE_FORCE_LIMIT, SimulationOptions, simulate, simulate_document, simulate_stats,
};

use definition::{Combine, SymbolKind, WildRule};

/// Most reels.
pub const MAX_REELS: usize = 8;
/// Most rows on a reel.
pub const MAX_ROWS: usize = 8;
/// Most symbols.
pub const MAX_SYMBOLS: usize = 64;
/// Cells of the largest grid.
pub const MAX_CELLS: usize = MAX_REELS * MAX_ROWS;
/// Most cascades (tumbles) of one spin.
pub const MAX_CASCADES: usize = 64;
pub(crate) const PAY_STRIDE: usize = MAX_CELLS + 1;

/// One problem of a definition: where and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Field path, e.g. `symbols[3].substitutes[0]` or `reel_sets.base[2][17]`.
    pub path: String,
    /// What is wrong.
    pub reason: String,
}

/// Every problem found in a definition.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct DefinitionErrors(pub Vec<Problem>);

impl fmt::Display for DefinitionErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid slot definition ({} problems)", self.0.len())?;
        for p in &self.0 {
            write!(f, "; {}: {}", p.path, p.reason)?;
        }
        Ok(())
    }
}

impl From<DefinitionErrors> for crate::GameError {
    fn from(e: DefinitionErrors) -> crate::GameError {
        let field = e.0.first().map(|p| p.path.clone()).unwrap_or_default();
        let reason =
            e.0.iter()
                .map(|p| alloc::format!("{}: {}", p.path, p.reason))
                .collect::<Vec<_>>()
                .join("; ");
        crate::GameError::config(field, reason)
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct ModeSets {
    pub(crate) sets: Vec<usize>,
    pub(crate) weights: Vec<u32>,
}

#[derive(Clone, Debug)]
pub(crate) struct MultTable {
    pub(crate) values: Vec<u32>,
    pub(crate) weights: Vec<u32>,
}

#[derive(Clone, Debug)]
pub(crate) enum Wins {
    Lines {
        lines: Vec<[u8; MAX_REELS]>,
        both_ways: bool,
        rule: WildRule,
        combine: Combine,
    },
    Ways,
    Clusters {
        min_size: usize,
    },
}

#[derive(Clone, Debug)]
pub(crate) struct Free {
    pub(crate) trigger: u8,
    /// Awards by trigger count (index = count).
    pub(crate) awards: Vec<u32>,
    pub(crate) retrigger: Vec<u32>,
    pub(crate) multiplier: u64,
    pub(crate) sets: ModeSets,
    pub(crate) max_spins: u32,
}

#[derive(Clone, Debug)]
pub(crate) struct BetMode {
    pub(crate) name: String,
    pub(crate) cost: u64,
    pub(crate) buy: Option<MultTable>,
}

/// A validated, compiled slot game.
#[derive(Clone, Debug)]
pub struct Slot {
    pub(crate) def: SlotDefinition,
    pub(crate) names: Vec<String>,
    pub(crate) kinds: Vec<SymbolKind>,
    pub(crate) reels: usize,
    pub(crate) rows: [usize; MAX_REELS],
    pub(crate) set_names: Vec<String>,
    /// set → reel → strip of symbol ids.
    pub(crate) sets: Vec<Vec<Vec<u8>>>,
    /// set → reel → strip length (`sets[set][reel].len()`, 0 beyond the last reel), for the
    /// stop draws.
    pub(crate) strip_lens: Vec<[u32; MAX_REELS]>,
    /// Reel sets of the base game (0) and of free spins (1).
    pub(crate) modes: [ModeSets; 2],
    /// `pays[sym * PAY_STRIDE + count]` in pay units.
    pub(crate) pays: Vec<u64>,
    pub(crate) subst: Vec<u64>,
    pub(crate) wild_mask: u64,
    pub(crate) regular_mask: u64,
    pub(crate) double_mask: u64,
    pub(crate) expanding_mask: u64,
    pub(crate) sticky_mask: u64,
    /// Wild multiplier tables per mode (0 base, 1 free) per symbol.
    pub(crate) mults: [Vec<Option<MultTable>>; 2],
    pub(crate) wins: Wins,
    pub(crate) free: Option<Free>,
    pub(crate) cascade: Option<Vec<u64>>,
    pub(crate) cap_units: Option<u64>,
    /// Pay units per bet: a win of `u` units pays `u / unit_den` × the bet.
    pub(crate) unit_den: u64,
    pub(crate) bet_modes: Vec<BetMode>,
    pub(crate) scatters: Vec<u8>,
    /// Regular symbols with at least one pay.
    pub(crate) payers: Vec<u8>,
    /// The compiled line evaluator, for the modes it fits (`fast.rs`).
    pub(crate) fast: Option<fast::FastLines>,
}

impl Slot {
    /// Parse and validate a JSON definition.
    ///
    /// # Errors
    /// [`DefinitionErrors`]: one problem for undecodable JSON (with the decoder's line and
    /// column), else every validation problem.
    pub fn from_json(text: &str) -> Result<Slot, DefinitionErrors> {
        let def: SlotDefinition = serde_json::from_str(text).map_err(|e| {
            DefinitionErrors(alloc::vec![Problem {
                path: String::new(),
                reason: alloc::format!("{e}"),
            }])
        })?;
        Slot::new(def)
    }

    /// The definition it was built from.
    pub fn definition(&self) -> &SlotDefinition {
        &self.def
    }

    /// Pay units per bet: every win is a whole number of units, `1 / unit_den` of the bet.
    pub fn unit_den(&self) -> u64 {
        self.unit_den
    }

    /// Symbol names in the order of the definition (the index of
    /// [`stats::SlotSimStats::symbol_units`]).
    pub fn symbol_names(&self) -> &[String] {
        &self.names
    }

    /// Whether the definition caps a round's win (`max_win`).
    pub fn has_cap(&self) -> bool {
        self.cap_units.is_some()
    }

    /// Names of the bet modes (`"base"` first).
    pub fn bet_mode_names(&self) -> Vec<&str> {
        self.bet_modes.iter().map(|m| m.name.as_str()).collect()
    }

    pub(crate) fn mode_index(&self, name: &str) -> Option<usize> {
        self.bet_modes.iter().position(|m| m.name == name)
    }

    #[inline]
    pub(crate) fn is_wild(&self, s: u8) -> bool {
        s < 64 && self.wild_mask >> s & 1 == 1
    }

    #[inline]
    pub(crate) fn pay(&self, s: u8, n: usize) -> u64 {
        self.pays[usize::from(s) * PAY_STRIDE + n]
    }
}
