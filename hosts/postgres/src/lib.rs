//! Kingpin's ledger on PostgreSQL, the production store.
//!
//! [`PostgresLedger`] implements [`kingpin_ledger::Ledger`] through sqlx and passes the whole
//! conformance kit against a real server. Schema changes are versioned migrations
//! (`migrations/`), applied on connect.
//!
//! # Concurrency control
//!
//! Every batch is one transaction at PostgreSQL's default isolation, READ COMMITTED:
//!
//! 1. lock the transfers the batch names (its own ids, to detect replays, and the pending
//!    transfers it posts or voids) with `SELECT … FOR UPDATE`, in id order;
//! 2. lock the accounts it touches the same way, in id order — every transaction takes its locks
//!    in this one global order, so two batches cannot deadlock on lock order;
//! 3. apply the shared rules ([`kingpin_ledger::apply`]) to the locked, current rows;
//! 4. write balances, new transfers and resolved pending transfers in one statement, then
//!    commit.
//!
//! The database backs the rules up: `CHECK (posted >= debits_pending)` on limited accounts, the
//! transfer id as primary key beside the request's SHA-256 hash, and a unique index that lets a
//! pending transfer be resolved once. A concurrent request with the same id loses the insert
//! race with a unique violation; that, deadlocks and serialization failures are retried, at most
//! [`ATTEMPTS_MAX`] times with a short backoff, after which [`kingpin_ledger::LedgerError::Busy`]
//! is returned. A retried request becomes a replay and returns the first result.
//!
//! # The hot house row
//!
//! Every bet touches the house bankroll. With one house account, that row's lock serializes all
//! bets. Spread the house over several `HouseBankroll` accounts and pick one per transfer with
//! [`kingpin_ledger::house_shard`]; the bankroll is the sum of the shards. The benchmark in
//! `docs/performance.md` shows the difference.
//!
//! ```no_run
//! # async fn demo() -> Result<(), kingpin_ledger::LedgerError> {
//! let ledger = kingpin_postgres::PostgresLedger::connect("postgres://postgres@127.0.0.1/test", 16).await?;
//! # let _ = ledger; Ok(()) }
//! ```

mod ledger;

pub use ledger::{ATTEMPTS_MAX, OPTIMISTIC_MAX, PostgresLedger};
