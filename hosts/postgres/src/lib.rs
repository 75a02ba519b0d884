//! Kingpin's ledger on PostgreSQL, the production store.
//!
//! [`PostgresLedger`] implements [`kingpin_ledger::Ledger`] through sqlx and passes the whole
//! conformance kit against a real server. Schema changes are versioned migrations
//! (`migrations/`), applied on connect.
//!
//! # Concurrency control
//!
//! Correct under READ COMMITTED, PostgreSQL's default. By default a batch is first handed to
//! **group commit**: one task per ledger takes every batch queued by concurrent callers, decides
//! them in arrival order with the shared rules (each on the state left by those accepted before
//! it, so one caller's refusal changes nothing for the others), writes all their changes in one
//! statement (one round trip, one commit) and answers each caller after the commit. Refusals,
//! and groups that could not be written, come back to the caller and take the per-request paths
//! below (see `docs/ledger.md` and ADR 0002).
//!
//! Per request: when every row the batch needs is in the
//! ledger's write-through row cache, the batch is decided on those rows and written with the
//! conditional statement below in one round trip; a stale cache makes that write fail with
//! nothing applied (and a refusal decided on cached rows is never returned), so the batch then
//! takes the next path. Otherwise a batch is tried optimistically in
//! two round trips: one statement reads the transfers it names and the accounts it touches (one
//! snapshot, with each account's version), the shared rules ([`kingpin_ledger::apply`]) decide,
//! and one statement writes everything, locking the accounts in id order and updating them only
//! at the versions read; if anything changed in between, the statement raises SQLSTATE 40001
//! and is undone. After [`OPTIMISTIC_MAX`] conflicts the batch takes the locked path: a
//! transaction with `SELECT … FOR NO KEY UPDATE` on the accounts, then the transfers, each in
//! id order — the one lock order every statement uses, so lock order cannot deadlock them.
//!
//! The database backs the rules up: `CHECK (posted >= debits_pending)` on limited accounts, the
//! transfer id as primary key beside the request's SHA-256 hash, and a unique index that lets a
//! pending transfer be resolved once. Conflicts, deadlocks, serialization failures and a
//! concurrent insert of the same id are retried, at most [`ATTEMPTS_MAX`] times with a short
//! backoff, after which [`kingpin_ledger::LedgerError::Busy`] is returned. A retried request
//! becomes a replay and returns the first result.
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

mod cache;
mod group;
mod ledger;

pub use group::{GROUP_PIPELINE_DEPTH, GROUP_REQUESTS_MAX, GROUP_TRANSFERS_MAX, GroupStats};
pub use ledger::{ATTEMPTS_MAX, OPTIMISTIC_MAX, PostgresLedger};
