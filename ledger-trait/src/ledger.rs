//! The `Ledger` trait.

use core::future::Future;

use crate::{
    Account, AccountId, HistoryCursor, HistoryPage, LedgerError, NewAccount, NewTransfer, OwnerRef,
    PendingState, Timestamp, Transfer, TransferId,
};

/// A double-entry ledger: accounts on ledgers (one per currency) and immutable transfers.
///
/// The contract, which the conformance kit (feature `test-kit`) checks for every implementation:
///
/// - **Double entry.** A transfer debits one account and credits another of the same ledger by
///   the same amount; over each ledger, posted balances sum to zero.
/// - **Idempotency.** A transfer id is applied at most once. Submitting a stored id again with
///   the same fields (the timestamp aside) returns the stored transfer and changes nothing; with
///   other fields it is [`LedgerError::TransferIdConflict`]. A refused transfer is not stored.
/// - **Two phases.** A pending transfer holds the amount (the debit account's available balance
///   drops); a post moves all or part of it, a void or an expiry releases it. Each pending
///   transfer is resolved at most once.
/// - **Linked batches.** [`Ledger::submit`] applies a batch as one: every member or none.
/// - **Limits.** A limited account ([`crate::AccountKind::limited`]) never has a negative
///   available balance; [`LedgerError::InsufficientFunds`] names the account and the shortfall.
/// - **No clock.** Time is the caller's: transfers carry a timestamp and
///   [`Ledger::expire_pending`] takes `now`.
///
/// Methods return `Send` futures and assume no particular async runtime.
pub trait Ledger: Send + Sync {
    /// Create an account with zero balances. Creating it again with the same fields returns it as
    /// it is now.
    ///
    /// # Errors
    /// [`LedgerError::AccountIdConflict`] if the id exists with other fields.
    fn create_account(
        &self,
        spec: NewAccount,
    ) -> impl Future<Output = Result<Account, LedgerError>> + Send;

    /// The account with its current balances, or `None`.
    ///
    /// # Errors
    /// Storage errors only.
    fn account(
        &self,
        id: AccountId,
    ) -> impl Future<Output = Result<Option<Account>, LedgerError>> + Send;

    /// Every account of `owner`, ordered by id.
    ///
    /// # Errors
    /// Storage errors only.
    fn accounts_by_owner(
        &self,
        owner: OwnerRef,
    ) -> impl Future<Output = Result<Vec<Account>, LedgerError>> + Send;

    /// Apply a linked batch of transfers atomically, returning each member's transfer (the stored
    /// one for a replayed member).
    ///
    /// # Errors
    /// A shape error ([`LedgerError::EmptyBatch`], [`LedgerError::BatchTooLarge`],
    /// [`LedgerError::DuplicateInBatch`]), a member's refusal as [`LedgerError::Linked`], or a
    /// storage error. On error nothing was applied.
    fn submit(
        &self,
        batch: &[NewTransfer],
    ) -> impl Future<Output = Result<Vec<Transfer>, LedgerError>> + Send;

    /// Apply one transfer: [`Ledger::submit`] of a batch of one, with the member's error
    /// unwrapped from [`LedgerError::Linked`].
    ///
    /// # Errors
    /// As [`Ledger::submit`], unwrapped.
    fn transfer(
        &self,
        transfer: NewTransfer,
    ) -> impl Future<Output = Result<Transfer, LedgerError>> + Send {
        async move {
            let batch = [transfer];
            let mut applied = self.submit(&batch).await.map_err(|e| match e {
                LedgerError::Linked { source, .. } => *source,
                other => other,
            })?;
            applied.pop().ok_or(LedgerError::EmptyBatch)
        }
    }

    /// The stored transfer, or `None`.
    ///
    /// # Errors
    /// Storage errors only.
    fn lookup_transfer(
        &self,
        id: TransferId,
    ) -> impl Future<Output = Result<Option<Transfer>, LedgerError>> + Send;

    /// The state of a pending transfer; `None` if the id is unknown or not a pending transfer.
    ///
    /// # Errors
    /// Storage errors only.
    fn pending_state(
        &self,
        id: TransferId,
    ) -> impl Future<Output = Result<Option<PendingState>, LedgerError>> + Send;

    /// Up to `limit` (at most [`crate::MAX_PAGE`], at least 1) transfers touching `account`,
    /// oldest first, starting after `after`.
    ///
    /// # Errors
    /// [`LedgerError::AccountNotFound`], or storage errors.
    fn history(
        &self,
        account: AccountId,
        after: Option<HistoryCursor>,
        limit: u32,
    ) -> impl Future<Output = Result<HistoryPage, LedgerError>> + Send;

    /// Expire up to `max` pending transfers whose expiry time is at or before `now`, releasing
    /// their holds. Returns the ids expired, oldest expiry first. Call it periodically.
    ///
    /// # Errors
    /// Storage errors only.
    fn expire_pending(
        &self,
        now: Timestamp,
        max: u32,
    ) -> impl Future<Output = Result<Vec<TransferId>, LedgerError>> + Send;
}
