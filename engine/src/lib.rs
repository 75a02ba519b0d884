//! Kingpin's game math.
//!
//! Every game is a **sans-IO state machine** (see the [`Game`] trait):
//!
//! - [`Game::start`] takes the validated game (its configuration), a [`Bet`] and a
//!   [`Sampler`](kingpin_rng::Sampler), and returns a [`Step`];
//! - a [`Step`] is either [`Step::InProgress`] — a serializable state the host persists, so an
//!   interrupted round resumes after a disconnect or a restart — or [`Step::Settled`] with the
//!   outcome and the payout;
//! - multi-step games continue with [`Game::act`]; an illegal action is an error and, since
//!   `act` takes the state by reference, changes nothing. [`Game::act_in_place`] is the same
//!   step advancing the state itself, without a copy (simulations and bots).
//!
//! The same code runs live rounds (with the provably-fair [`ByteStream`](kingpin_rng::ByteStream)),
//! verification, Monte Carlo simulation ([`sim`], with [`ChaCha8Source`](kingpin_rng::ChaCha8Source))
//! and the language bindings. RTP measured by simulation is the RTP of the code players run.
//!
//! ```
//! use kingpin_engine::{Bet, Game, Step, fair};
//! use kingpin_engine::games::dice::{Condition, Dice, DiceConfig, DiceParams, Hundredths};
//! use kingpin_rng::{ClientSeed, ServerSeed};
//! use kingpin_units::Amount;
//!
//! let dice = Dice::new(DiceConfig::default())?;
//! let bet = Bet::new(Amount::from_minor(100), DiceParams::new(Hundredths::parse("50.00")?, Condition::Over));
//! let server = ServerSeed::new("server seed")?;
//! let client = ClientSeed::new("client seed")?;
//! let Step::Settled(s) = fair::start(&dice, &bet, &server, &client, 1)? else { unreachable!() };
//! assert_eq!(s.outcome.roll.to_string(), "74.67");
//! assert_eq!(s.payout, Amount::from_minor(198)); // 1.98× on a 50 % chance
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```
//!
//! The crate is `#![no_std]` + `alloc`; the `std` feature (on by default) only adds the
//! multi-threaded simulation driver.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

pub mod cards;
pub mod catalog;
mod error;
pub mod fair;
mod game;
pub mod games;
pub mod poker;
mod ratio;
pub mod sim;
pub mod slots;
mod tagged;

pub use error::GameError;
pub use game::{Bet, Game, InProgress, Settlement, Step};
pub use ratio::Ratio;
