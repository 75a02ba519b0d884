//! The crate's one error type.

use crate::{AccountId, PendingState, TransferId};

/// Everything a ledger operation can refuse or fail with.
///
/// Variants other than [`LedgerError::Backend`] and [`LedgerError::Busy`] are *decisions*: every
/// implementation returns the same variant for the same request against the same state (the
/// conformance kit checks this). A refused transfer leaves no trace: it is not stored, and
/// submitting it again is evaluated afresh.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// An account with this id exists with different fields.
    #[error("account {0} already exists with different fields")]
    AccountIdConflict(AccountId),
    /// A transfer with this id was already applied with different fields.
    #[error("transfer {0} was already applied with different fields")]
    TransferIdConflict(TransferId),
    /// The account does not exist.
    #[error("account {0} not found")]
    AccountNotFound(AccountId),
    /// A transfer names the same account on both sides.
    #[error("transfer {0} debits and credits the same account")]
    SameAccount(TransferId),
    /// The two accounts of a transfer are on different ledgers (currencies).
    #[error(
        "transfer {id}: accounts are on different ledgers ({debit_ledger} and {credit_ledger})"
    )]
    LedgerMismatch {
        /// The transfer.
        id: TransferId,
        /// The debit account's ledger.
        debit_ledger: u32,
        /// The credit account's ledger.
        credit_ledger: u32,
    },
    /// A transfer or posted amount of zero.
    #[error("transfer {0} has a zero amount")]
    ZeroAmount(TransferId),
    /// An amount or timestamp beyond what the ledger stores (`i64::MAX`).
    #[error("transfer {0} has an amount or timestamp out of range")]
    OutOfRange(TransferId),
    /// The debit would take a limited account below zero.
    #[error(
        "insufficient funds in account {account}: available {available}, required {required}, \
         short by {shortfall}"
    )]
    InsufficientFunds {
        /// The account that would go negative.
        account: AccountId,
        /// Its available balance before the transfer, in minor units.
        available: i64,
        /// The amount the transfer needs, in minor units.
        required: u64,
        /// How much is missing, in minor units.
        shortfall: u64,
    },
    /// A balance would overflow the stored range.
    #[error("balance of account {0} would overflow")]
    BalanceOverflow(AccountId),
    /// A post or void names a transfer that does not exist.
    #[error("pending transfer {0} not found")]
    PendingNotFound(TransferId),
    /// A post or void names a transfer that is not a pending transfer.
    #[error("transfer {0} is not a pending transfer")]
    NotPending(TransferId),
    /// The pending transfer was already posted, voided or expired.
    #[error("pending transfer {id} is already {state}")]
    PendingAlreadyResolved {
        /// The pending transfer.
        id: TransferId,
        /// What happened to it.
        state: PendingState,
    },
    /// The post or void comes at or after the pending transfer's expiry time.
    #[error("pending transfer {0} has expired")]
    PendingExpired(TransferId),
    /// A post asks for more than the pending amount.
    #[error("post of {requested} exceeds pending transfer {id} amount {pending}")]
    PostExceedsPending {
        /// The pending transfer.
        id: TransferId,
        /// Its amount, in minor units.
        pending: u64,
        /// The amount asked for, in minor units.
        requested: u64,
    },
    /// A linked batch is empty.
    #[error("empty batch")]
    EmptyBatch,
    /// A linked batch is longer than [`crate::MAX_BATCH`].
    #[error("batch of {0} transfers exceeds the maximum")]
    BatchTooLarge(usize),
    /// The same transfer id appears twice in one linked batch.
    #[error("transfer id {0} appears twice in one batch")]
    DuplicateInBatch(TransferId),
    /// Member `index` of a linked batch failed, so none of the batch was applied.
    #[error("linked transfer #{index} failed: {source}")]
    Linked {
        /// Position of the failing transfer in the batch.
        index: usize,
        /// Why it failed.
        source: Box<LedgerError>,
    },
    /// The storage kept reporting conflicts (deadlock, serialization) after bounded retries.
    #[error("storage busy after {0} attempts")]
    Busy(u32),
    /// The storage failed (connection, I/O, corruption).
    #[error("storage error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
}

impl LedgerError {
    /// The error itself, or for [`LedgerError::Linked`] the member's error.
    pub fn root(&self) -> &LedgerError {
        match self {
            LedgerError::Linked { source, .. } => source.root(),
            other => other,
        }
    }
}
