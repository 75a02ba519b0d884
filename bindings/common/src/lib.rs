//! What Kingpin's language bindings share: one thin layer over the engine's JSON
//! [catalog](kingpin_engine::catalog), seeds and commitments, practice play and the crash hash
//! chain, with one error type whose [`ErrorKind`] each binding maps to its own exceptions.
//!
//! This crate holds **no game logic**. Every game registered in the engine's `catalog!` list is
//! reachable through [`verify`], [`simulate`], [`exact_rtp`] and [`default_config`] without any
//! change here or in the bindings. The Python (`bindings/python`), WASM (`bindings/wasm`) and
//! mobile (`bindings/mobile`) crates are wrappers that convert types and errors, nothing more.
//!
//! ```
//! let round = kingpin_bindings::verify(
//!     "dice",
//!     "{}",
//!     r#"{"stake": 100, "params": {"target": "50", "condition": "over"}}"#,
//!     "[]",
//!     "server seed",
//!     "client seed",
//!     1,
//! )?;
//! assert_eq!(round["final"]["outcome"]["roll"], "74.67");
//! # Ok::<(), kingpin_bindings::Error>(())
//! ```
//!
//! # Adding an operation
//! An engine function outside the catalog (like [`evaluate_hand`], [`poker_equity`],
//! [`verify_hand_deck`] or [`slot_rtp`]) becomes
//! one function here that calls the engine and converts its error with `?`, plus one wrapper per
//! binding (`#[pyfunction]`, `#[wasm_bindgen]`, `#[uniffi::export]`). `docs/bindings.md` lists
//! what is planned.

mod crash;
mod deck;
mod error;
mod poker;
mod practice;
mod seeds;
mod slot;
mod slot_sim;

pub use crash::{crash_chain, crash_point, crash_verify};
pub use deck::{client_seeds_from_json, verify_hand_deck};
pub use error::{Error, ErrorKind};
pub use kingpin_engine::sim::WIN_BUCKET_EDGES;
pub use poker::{MAX_EQUITY_TRIALS, evaluate_hand, poker_equity};
pub use practice::Practice;
pub use seeds::{commitment, new_client_seed, new_server_seed, verify_commitment};
/// JSON values, as the catalog returns them.
pub use serde_json::Value;
pub use slot::{DEFAULT_MAX_COMBINATIONS, load_slot, slot_rtp};
pub use slot_sim::{merge_slot_simulations, simulate_slot};

use kingpin_engine::catalog::{self, Seeds, SimOptions};

/// Names of every game in the engine's catalog.
///
/// ```
/// assert!(kingpin_bindings::games().contains(&"dice"));
/// ```
pub fn games() -> &'static [&'static str] {
    catalog::GAMES
}

/// Re-play one round of `game` from its seeds: start with `bet`, then apply each action of the
/// JSON list `actions` in order. Returns the catalog's round JSON (every step, the final step,
/// the commitment of the server seed, the bytes of the fair stream used).
///
/// `config`, `bet` and `actions` are JSON text; an empty text means `{}` (`[]` for actions).
///
/// # Errors
/// [`ErrorKind::InvalidConfig`] (also for an unknown game), [`ErrorKind::InvalidBet`],
/// [`ErrorKind::IllegalAction`], [`ErrorKind::Decode`] for unreadable JSON, or
/// [`ErrorKind::Seed`] for an empty or malformed seed.
pub fn verify(
    game: &str,
    config: &str,
    bet: &str,
    actions: &str,
    server_seed: &str,
    client_seed: &str,
    nonce: u64,
) -> Result<Value, Error> {
    let seeds = Seeds::new(server_seed, client_seed, nonce)?;
    Ok(catalog::verify(game, config, bet, actions, &seeds)?)
}

/// Simulate `rounds` rounds of a game with its default bot, reproducibly from `seed`, on
/// `threads` threads (`0` = one per available core). The result does not depend on the thread
/// count. Returns the catalog's simulation report (RTP with its 95 % interval, exact RTP where
/// known, hit frequency, standard deviation, raw `stats`).
///
/// # Errors
/// As [`verify`], for the configuration and the bet; any round error.
pub fn simulate(
    game: &str,
    config: &str,
    bet: &str,
    rounds: u64,
    seed: u64,
    threads: usize,
) -> Result<Value, Error> {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        threads
    };
    let opts = SimOptions {
        rounds,
        seed,
        threads,
    };
    Ok(catalog::simulate(game, config, bet, opts, &|_| {})?)
}

/// The exact RTP of a bet (`{"exact_rtp": float, "fraction": "n/d"}`), or `exact_rtp: null` for a
/// game without a closed form.
///
/// # Errors
/// As [`verify`], for the configuration and the bet.
pub fn exact_rtp(game: &str, config: &str, bet: &str) -> Result<Value, Error> {
    Ok(catalog::exact_rtp(game, config, bet)?)
}

/// The default configuration of a game, as JSON.
///
/// # Errors
/// [`ErrorKind::InvalidConfig`] for an unknown game.
pub fn default_config(game: &str) -> Result<Value, Error> {
    Ok(catalog::default_config_of(game)?)
}
