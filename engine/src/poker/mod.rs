//! Texas Hold'em: a fast hand evaluator, equity, a provably fair multi-player deck, a table
//! engine (no-limit and fixed-limit, 2–10 seats) and a bot-table simulator.
//!
//! - [`eval`]: any 5, 6 or 7 cards to a [`HandRank`] (one total order, with a readable
//!   description), table-driven;
//! - [`equity`]: exact and Monte Carlo equity of known hands with known board and dead cards;
//! - [`deck`]: each hand's deck from the house's committed server seed and every seated
//!   player's client seed ([`verify_hand_deck`]);
//! - [`table`]: the sans-IO table state machine ([`Table`]);
//! - [`sim`]: bot tables played at speed ([`simulate_table`]).
//!
//! The rules as implemented, and the evaluator's design, are in `docs/games/holdem.md`.

pub mod deck;
pub mod equity;
pub mod eval;
#[cfg(test)]
mod reference;
pub mod sim;
pub mod table;
#[cfg(feature = "poker-tables-runtime")]
mod tablegen;

pub use deck::{combined_client_seed, hand_deck, verify_hand_deck};
pub use equity::{Equity, PlayerEquity, equity_exact, equity_monte_carlo};
pub use eval::{Category, HAND_CLASSES, Hand, HandRank, evaluate, init_tables};
pub use sim::{Bot, TableSimReport, simulate_table};
pub use table::{Table, TableConfig};
