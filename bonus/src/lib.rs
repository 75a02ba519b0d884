//! Bonuses for Kingpin: promotions as data, exact wagering, progression and the Crystal Garden.
//!
//! Operators define [`Promotion`]s (deposit match, reload, no-deposit credit, free bet, free
//! spins, cashback) with their [`Terms`] in TOML or JSON. A claim is judged against the code,
//! window, limits, eligibility and stacking rules ([`Promotion::claim`]) and starts an
//! [`ActiveBonus`]: a pure, serializable state machine that checks every bet against the terms
//! *before* any money moves, counts wagering progress exactly, converts at most once, and
//! settles expiry and forfeiture exactly once.
//!
//! Around it: [`pricing`] (the expected cost of a promotion, closed form and simulation over
//! any round source), [`progression`] (XP, VIP levels, rakeback, level-up bonuses) and
//! [`garden`] (the Crystal Garden meta-game, its provably-fair prize draw and its expected
//! value per unit wagered).
//!
//! **No money moves here.** Every state change returns [`TransferIntent`]s (debit account
//! kind, credit account kind, amount, reason) that the host posts to its ledger.
//!
//! The crate does not do: storage, clocks (time is passed in as seconds), counting
//! redemptions (the host passes its counts in), or playing games (pricing takes a round
//! source; the CLI plugs in the engine's real games).
//!
//! The full rulebook with worked examples is `docs/bonus.md` in the repository.
//!
//! The crate is `#![no_std]` + `alloc` and does no I/O.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(test)]
extern crate std;

mod error;
pub mod garden;
mod percent;
pub mod pricing;
pub mod progression;
mod promo;
mod terms;
mod tracker;
mod transfer;

pub use error::BonusError;
pub use percent::{BP_PER_WHOLE, Percent};
pub use promo::{
    ClaimContext, Countries, Eligibility, PlayerFacts, PromoKind, Promotion, Redemption,
};
pub use terms::{
    ConversionCap, FundsOrder, GameWeights, Terms, Wagering, WageringBase, WithdrawalRule,
};
pub use tracker::{
    ActiveBonus, BetRequest, Event, FreeRounds, OpenBet, StakeSplit, Status, Update,
};
pub use transfer::{AccountKind, Reason, TransferIntent};

/// The examples of `docs/bonus.md`, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/bonus.md")]
pub struct BonusManual;
