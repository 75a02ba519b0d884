//! Kingpin's ledger contract: double-entry accounts and transfers, TigerBeetle-style.
//!
//! This crate holds the [`Ledger`] trait, the rules it promises (in [`apply`], as a pure
//! function every implementation shares), [`MemoryLedger`] (the reference implementation) and,
//! behind the `test-kit` feature, the conformance kit that every implementation runs.
//!
//! It does not store anything durably and knows no database: the SQLite and PostgreSQL
//! implementations live in their own crates (`kingpin-sqlite`, `kingpin-postgres`). It knows no
//! games either: a round's stake is a pending transfer, its settlement a linked batch.
//!
//! # Model
//!
//! - A **ledger** per currency ([`LedgerId`]); transfers never cross ledgers.
//! - **Accounts** ([`Account`]) of a kind ([`AccountKind`]) with an operator code and an owner
//!   ([`OwnerRef`]). Limited kinds (player cash and bonus, holds, withdrawals in flight, fees)
//!   never have a negative available balance.
//! - **Transfers** ([`NewTransfer`], [`Transfer`]) with a client-chosen id that makes retries
//!   safe, single-phase or two-phase (pending, then post, void or expiry).
//! - **Linked batches** ([`Ledger::submit`]) that apply as one.
//! - **Time** is passed in; the ledger has no clock.
//!
//! # Example: a bet held, then settled as a win
//!
//! ```
//! use kingpin_ledger::{
//!     AccountId, AccountKind, Ledger, LedgerId, MemoryLedger, NewAccount, NewTransfer, OwnerRef,
//!     Timestamp, TransferId,
//! };
//! use kingpin_units::Amount;
//!
//! # async fn demo() -> Result<(), kingpin_ledger::LedgerError> {
//! let ledger = MemoryLedger::new();
//! let usd = LedgerId(840);
//! let account = |id, kind, owner| NewAccount { id: AccountId(id), ledger: usd, kind, code: 0, owner: OwnerRef(owner) };
//! let clearing = ledger.create_account(account(1, AccountKind::DepositsClearing, 0)).await?;
//! let house = ledger.create_account(account(2, AccountKind::HouseBankroll, 0)).await?;
//! let player = ledger.create_account(account(3, AccountKind::PlayerCash, 42)).await?;
//! let now = Timestamp(1_700_000_000_000_000);
//!
//! // A deposit of 10.00, then a bet of 1.00 held for at most 60 s.
//! ledger.transfer(NewTransfer::single(TransferId(1), clearing.id, player.id, Amount::from_minor(1_000), now)).await?;
//! ledger.transfer(NewTransfer::pending(TransferId(2), player.id, house.id, Amount::from_minor(100), 60, now)).await?;
//! assert_eq!(ledger.account(player.id).await?.map(|a| a.available()), Some(900));
//!
//! // Settle as one: take the stake, pay 2.00. Retrying the same batch changes nothing.
//! let settle = [
//!     NewTransfer::post(TransferId(3), TransferId(2), None, now),
//!     NewTransfer::single(TransferId(4), house.id, player.id, Amount::from_minor(200), now),
//! ];
//! ledger.submit(&settle).await?;
//! ledger.submit(&settle).await?;
//! assert_eq!(ledger.account(player.id).await?.map(|a| a.posted), Some(1_100));
//!
//! // A player can never go negative; the error names the account and the shortfall.
//! let overdraw = NewTransfer::single(TransferId(5), player.id, house.id, Amount::from_minor(5_000), now);
//! let err = ledger.transfer(overdraw).await.unwrap_err();
//! assert!(matches!(err, kingpin_ledger::LedgerError::InsufficientFunds { shortfall: 3_900, .. }));
//! # Ok(())
//! # }
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(demo()).unwrap();
//! ```

pub mod apply;
mod error;
#[cfg(feature = "test-kit")]
pub mod kit;
mod ledger;
mod memory;
mod types;

pub use error::LedgerError;
pub use ledger::Ledger;
pub use memory::MemoryLedger;
pub use types::{
    Account, AccountId, AccountKind, HistoryCursor, HistoryPage, LedgerId, MAX_BATCH, MAX_PAGE,
    NewAccount, NewTransfer, OwnerRef, PendingState, Timestamp, Transfer, TransferId, TransferKind,
    TransferOp, house_shard,
};
