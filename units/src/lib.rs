//! Money for Kingpin.
//!
//! This crate is the leaf of the workspace: it knows nothing about games, randomness or storage.
//! It gives three types that the rest of the engine uses for every amount of money:
//!
//! - [`Amount`]: a non-negative integer count of a currency's *minor units* (satoshis, cents),
//!   with checked arithmetic that returns errors instead of wrapping or panicking;
//! - [`Currency`]: a currency code with its number of decimals (BTC 8, USD 2, JPY 0, ...), used
//!   to parse and display amounts as decimal strings;
//! - [`Multiplier`]: an exact, non-negative rational number (no floats) used for payouts.
//!
//! # The rounding rule
//!
//! A payout is `floor(stake × multiplier)` in minor units: the exact product is computed with
//! 128-bit integers and any fraction of a minor unit is rounded **down** (in the house's favour,
//! never more than one minor unit). See [`Multiplier::payout`].
//!
//! ```
//! use kingpin_units::{Amount, Currency, Multiplier};
//!
//! let stake = Amount::parse("1.25", Currency::USD)?;
//! assert_eq!(stake.minor(), 125);
//! let payout = Multiplier::parse("1.98")?.payout(stake)?;
//! assert_eq!(payout.display(Currency::USD).to_string(), "2.47"); // 2.475 rounded down
//! # Ok::<(), kingpin_units::UnitsError>(())
//! ```
//!
//! The crate is `#![no_std]` and does no I/O.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(test)]
extern crate std;

mod amount;
mod currency;
mod error;
mod multiplier;

pub use amount::{Amount, AmountDisplay};
pub use currency::Currency;
pub use error::UnitsError;
pub use multiplier::Multiplier;
