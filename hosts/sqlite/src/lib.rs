//! Kingpin's ledger on SQLite: the embedded default for a single machine.
//!
//! [`SqliteLedger`] implements [`kingpin_ledger::Ledger`] on a SQLite file (WAL mode) through
//! sqlx with SQLite compiled in, and passes the whole conformance kit. Schema changes are
//! versioned migrations (`migrations/`), applied by [`SqliteLedger::open`].
//!
//! SQLite has one writer at a time: every write is a `BEGIN IMMEDIATE` transaction, which takes
//! the write lock up front, so two writers never deadlock upgrading a read lock. Inside it the
//! ledger loads the rows the batch needs, applies the shared rules
//! ([`kingpin_ledger::apply`]) and writes the changes; `CHECK` constraints and unique indexes
//! back the rules up. Readers never block writers (WAL).
//!
//! It is not for several machines sharing one database: use `kingpin-postgres` for that.
//!
//! ```
//! use kingpin_ledger::{AccountId, AccountKind, Ledger, LedgerId, NewAccount, OwnerRef};
//! # async fn demo() -> Result<(), kingpin_ledger::LedgerError> {
//! let ledger = kingpin_sqlite::SqliteLedger::in_memory().await?;
//! let spec = NewAccount { id: AccountId(1), ledger: LedgerId(840), kind: AccountKind::PlayerCash, code: 0, owner: OwnerRef(7) };
//! let account = ledger.create_account(spec).await?;
//! assert_eq!(account.available(), 0);
//! # Ok(()) }
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(demo()).unwrap();
//! ```

mod ledger;

pub use ledger::SqliteLedger;
