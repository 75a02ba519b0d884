//! The ledger's rules as a pure function: a batch of requests against a view of the state gives
//! either the refusal or the results plus a [`Changes`] set that the store persists atomically.
//!
//! Every implementation (memory, SQLite, PostgreSQL) loads the rows a batch needs, calls
//! [`apply_batch`], and writes the [`Changes`] in one transaction. The rules live here once; the
//! stores add durability, locking and database-level backstops (constraints, unique keys).

use std::collections::{BTreeSet, HashMap};

use kingpin_units::Amount;

use crate::{
    Account, AccountId, LedgerError, MAX_BATCH, NewTransfer, PendingState, Timestamp, Transfer,
    TransferId, TransferKind, TransferOp,
};

/// A stored transfer with its request hash and, for a pending transfer, its fate.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct StoredTransfer {
    /// The transfer as applied.
    pub transfer: Transfer,
    /// [`NewTransfer::request_hash`] of the request that created it.
    pub request_hash: [u8; 32],
    /// For a pending transfer, its state; `None` for other kinds.
    pub pending_state: Option<PendingState>,
}

/// Read access to the rows a batch needs.
pub trait StateView {
    /// The account, if it exists.
    fn account(&self, id: AccountId) -> Option<Account>;
    /// The stored transfer, if it exists.
    fn transfer(&self, id: TransferId) -> Option<StoredTransfer>;
}

/// A view made of rows loaded from a store.
#[derive(Clone, Default, Debug)]
pub struct Snapshot {
    /// Loaded accounts.
    pub accounts: HashMap<AccountId, Account>,
    /// Loaded transfers.
    pub transfers: HashMap<TransferId, StoredTransfer>,
}

impl StateView for Snapshot {
    fn account(&self, id: AccountId) -> Option<Account> {
        self.accounts.get(&id).copied()
    }
    fn transfer(&self, id: TransferId) -> Option<StoredTransfer> {
        self.transfers.get(&id).copied()
    }
}

/// What a successful batch changes, for the store to persist in one transaction.
#[derive(Clone, Default, Debug, PartialEq, Eq)]
pub struct Changes {
    /// The final state of every account whose balances changed, sorted by id (lock order).
    pub accounts: Vec<Account>,
    /// The transfers to insert, in the order they were applied.
    pub inserted: Vec<StoredTransfer>,
    /// Pending transfers stored earlier whose state changed, with their new state.
    pub resolved: Vec<(TransferId, PendingState)>,
}

impl Changes {
    /// Whether nothing changes (every member was a replay).
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty() && self.inserted.is_empty() && self.resolved.is_empty()
    }
}

/// The transfer ids a batch reads: its own ids (to detect replays) and the pending transfers it
/// posts or voids. Sorted and deduplicated, so stores can lock them in a fixed order.
pub fn batch_transfer_ids(batch: &[NewTransfer]) -> Vec<TransferId> {
    let mut ids = BTreeSet::new();
    for t in batch {
        ids.insert(t.id);
        if let TransferOp::Post { pending_id, .. } | TransferOp::Void { pending_id } = t.op {
            ids.insert(pending_id);
        }
    }
    ids.into_iter().collect()
}

/// The accounts a batch touches, given the transfers loaded for [`batch_transfer_ids`].
/// Sorted and deduplicated: stores lock them in this order, which rules out lock-order
/// deadlocks between batches.
pub fn batch_account_ids(batch: &[NewTransfer], view: &impl StateView) -> Vec<AccountId> {
    let mut ids = BTreeSet::new();
    for t in batch {
        match t.op {
            TransferOp::Single { debit, credit, .. }
            | TransferOp::Pending { debit, credit, .. } => {
                ids.insert(debit);
                ids.insert(credit);
            }
            TransferOp::Post { pending_id, .. } | TransferOp::Void { pending_id } => {
                if let Some(p) = view.transfer(pending_id) {
                    ids.insert(p.transfer.debit);
                    ids.insert(p.transfer.credit);
                }
            }
        }
    }
    ids.into_iter().collect()
}

/// Check a batch's shape before touching any state.
///
/// # Errors
/// [`LedgerError::EmptyBatch`], [`LedgerError::BatchTooLarge`] or
/// [`LedgerError::DuplicateInBatch`].
pub fn check_batch_shape(batch: &[NewTransfer]) -> Result<(), LedgerError> {
    if batch.is_empty() {
        return Err(LedgerError::EmptyBatch);
    }
    if batch.len() > MAX_BATCH {
        return Err(LedgerError::BatchTooLarge(batch.len()));
    }
    let mut seen = BTreeSet::new();
    for t in batch {
        if !seen.insert(t.id) {
            return Err(LedgerError::DuplicateInBatch(t.id));
        }
    }
    Ok(())
}

struct Overlay<'a, V: StateView> {
    base: &'a V,
    accounts: HashMap<AccountId, Account>,
    inserted: Vec<StoredTransfer>,
    resolved: HashMap<TransferId, PendingState>,
}

impl<V: StateView> Overlay<'_, V> {
    fn account(&self, id: AccountId) -> Option<Account> {
        self.accounts
            .get(&id)
            .copied()
            .or_else(|| self.base.account(id))
    }

    fn transfer(&self, id: TransferId) -> Option<StoredTransfer> {
        if let Some(t) = self.inserted.iter().find(|t| t.transfer.id == id) {
            return Some(*t);
        }
        let mut t = self.base.transfer(id)?;
        if let Some(state) = self.resolved.get(&id) {
            t.pending_state = Some(*state);
        }
        Some(t)
    }

    fn set_pending_state(&mut self, id: TransferId, state: PendingState) {
        if let Some(t) = self.inserted.iter_mut().find(|t| t.transfer.id == id) {
            t.pending_state = Some(state);
        } else {
            self.resolved.insert(id, state);
        }
    }

    fn into_changes(self) -> Changes {
        let mut accounts: Vec<Account> = self.accounts.into_values().collect();
        accounts.sort_by_key(|a| a.id);
        let mut resolved: Vec<(TransferId, PendingState)> = self.resolved.into_iter().collect();
        resolved.sort_by_key(|r| r.0);
        Changes {
            accounts,
            inserted: self.inserted,
            resolved,
        }
    }
}

fn to_i64(id: TransferId, amount: Amount) -> Result<i64, LedgerError> {
    i64::try_from(amount.minor()).map_err(|_| LedgerError::OutOfRange(id))
}

/// Balance deltas for one account, applied with overflow and limit checks.
#[derive(Default, Clone, Copy)]
struct Delta {
    posted: i64,
    debits_pending: i64,
    credits_pending: i64,
}

fn apply_delta(account: Account, d: Delta) -> Result<Account, LedgerError> {
    let overflow = || LedgerError::BalanceOverflow(account.id);
    let next = Account {
        posted: account.posted.checked_add(d.posted).ok_or_else(overflow)?,
        debits_pending: account
            .debits_pending
            .checked_add(d.debits_pending)
            .ok_or_else(overflow)?,
        credits_pending: account
            .credits_pending
            .checked_add(d.credits_pending)
            .ok_or_else(overflow)?,
        ..account
    };
    let available_next = next
        .posted
        .checked_sub(next.debits_pending)
        .ok_or_else(overflow)?;
    if account.kind.limited() && available_next < 0 && available_next < account.available() {
        let available = account.available();
        let required = available.abs_diff(available_next);
        let shortfall = required.saturating_sub(available.max(0).unsigned_abs());
        return Err(LedgerError::InsufficientFunds {
            account: account.id,
            available,
            required,
            shortfall,
        });
    }
    Ok(next)
}

fn apply_one<V: StateView>(
    o: &mut Overlay<'_, V>,
    t: &NewTransfer,
) -> Result<Transfer, LedgerError> {
    if let Some(existing) = o.transfer(t.id) {
        return if existing.request_hash == t.request_hash() {
            Ok(existing.transfer)
        } else {
            Err(LedgerError::TransferIdConflict(t.id))
        };
    }
    if i64::try_from(t.timestamp.micros()).is_err() {
        return Err(LedgerError::OutOfRange(t.id));
    }
    let (debit_id, credit_id, amount, kind, debit_delta, credit_delta, pending_state) = match t.op {
        TransferOp::Single {
            debit,
            credit,
            amount,
        }
        | TransferOp::Pending {
            debit,
            credit,
            amount,
            ..
        } => {
            if amount.is_zero() {
                return Err(LedgerError::ZeroAmount(t.id));
            }
            let a = to_i64(t.id, amount)?;
            if debit == credit {
                return Err(LedgerError::SameAccount(t.id));
            }
            let d = o
                .account(debit)
                .ok_or(LedgerError::AccountNotFound(debit))?;
            let c = o
                .account(credit)
                .ok_or(LedgerError::AccountNotFound(credit))?;
            if d.ledger != c.ledger {
                return Err(LedgerError::LedgerMismatch {
                    id: t.id,
                    debit_ledger: d.ledger.0,
                    credit_ledger: c.ledger.0,
                });
            }
            match t.op {
                TransferOp::Pending { timeout_s, .. } => {
                    let expires_at = if timeout_s == 0 {
                        None
                    } else {
                        let at = t
                            .timestamp
                            .micros()
                            .checked_add(u64::from(timeout_s) * 1_000_000)
                            .filter(|at| i64::try_from(*at).is_ok())
                            .ok_or(LedgerError::OutOfRange(t.id))?;
                        Some(Timestamp(at))
                    };
                    (
                        debit,
                        credit,
                        amount,
                        TransferKind::Pending { expires_at },
                        Delta {
                            debits_pending: a,
                            ..Delta::default()
                        },
                        Delta {
                            credits_pending: a,
                            ..Delta::default()
                        },
                        Some(PendingState::Pending),
                    )
                }
                _ => (
                    debit,
                    credit,
                    amount,
                    TransferKind::Single,
                    Delta {
                        posted: -a,
                        ..Delta::default()
                    },
                    Delta {
                        posted: a,
                        ..Delta::default()
                    },
                    None,
                ),
            }
        }
        TransferOp::Post { pending_id, .. } | TransferOp::Void { pending_id } => {
            let p = o
                .transfer(pending_id)
                .ok_or(LedgerError::PendingNotFound(pending_id))?;
            let TransferKind::Pending { expires_at } = p.transfer.kind else {
                return Err(LedgerError::NotPending(pending_id));
            };
            let state = p.pending_state.unwrap_or(PendingState::Pending);
            if state != PendingState::Pending {
                return Err(LedgerError::PendingAlreadyResolved {
                    id: pending_id,
                    state,
                });
            }
            if expires_at.is_some_and(|at| t.timestamp >= at) {
                return Err(LedgerError::PendingExpired(pending_id));
            }
            let held = to_i64(pending_id, p.transfer.amount)?;
            let (moved, kind, new_state) = match t.op {
                TransferOp::Post { amount, .. } => {
                    let amount = amount.unwrap_or(p.transfer.amount);
                    if amount.is_zero() {
                        return Err(LedgerError::ZeroAmount(t.id));
                    }
                    if amount > p.transfer.amount {
                        return Err(LedgerError::PostExceedsPending {
                            id: pending_id,
                            pending: p.transfer.amount.minor(),
                            requested: amount.minor(),
                        });
                    }
                    (
                        amount,
                        TransferKind::Post { pending_id },
                        PendingState::Posted,
                    )
                }
                _ => (
                    p.transfer.amount,
                    TransferKind::Void { pending_id },
                    PendingState::Voided,
                ),
            };
            let posted = if new_state == PendingState::Posted {
                to_i64(t.id, moved)?
            } else {
                0
            };
            o.set_pending_state(pending_id, new_state);
            (
                p.transfer.debit,
                p.transfer.credit,
                moved,
                kind,
                Delta {
                    posted: -posted,
                    debits_pending: -held,
                    credits_pending: 0,
                },
                Delta {
                    posted,
                    debits_pending: 0,
                    credits_pending: -held,
                },
                None,
            )
        }
    };
    let d = o
        .account(debit_id)
        .ok_or(LedgerError::AccountNotFound(debit_id))?;
    let c = o
        .account(credit_id)
        .ok_or(LedgerError::AccountNotFound(credit_id))?;
    let d_next = apply_delta(d, debit_delta)?;
    let c_next = apply_delta(c, credit_delta)?;
    o.accounts.insert(d_next.id, d_next);
    o.accounts.insert(c_next.id, c_next);
    let transfer = Transfer {
        id: t.id,
        debit: debit_id,
        credit: credit_id,
        amount,
        ledger: d.ledger,
        code: t.code,
        user_data: t.user_data,
        timestamp: t.timestamp,
        kind,
    };
    o.inserted.push(StoredTransfer {
        transfer,
        request_hash: t.request_hash(),
        pending_state,
    });
    Ok(transfer)
}

/// Apply a linked batch: all of it or none of it.
///
/// A member whose id is already stored with the same request is a replay: it has no effect and
/// its stored transfer is returned. Members are applied in order, so a later member sees the
/// effects of earlier ones (a batch may create a pending transfer and post it).
///
/// # Errors
/// The shape errors of [`check_batch_shape`], or the first member's refusal wrapped in
/// [`LedgerError::Linked`] with its index.
pub fn apply_batch(
    view: &impl StateView,
    batch: &[NewTransfer],
) -> Result<(Vec<Transfer>, Changes), LedgerError> {
    check_batch_shape(batch)?;
    let mut o = Overlay {
        base: view,
        accounts: HashMap::new(),
        inserted: Vec::new(),
        resolved: HashMap::new(),
    };
    let mut results = Vec::with_capacity(batch.len());
    for (index, t) in batch.iter().enumerate() {
        let r = apply_one(&mut o, t).map_err(|e| LedgerError::Linked {
            index,
            source: Box::new(e),
        })?;
        results.push(r);
    }
    Ok((results, o.into_changes()))
}

/// Release pending transfers in `candidates` that are still pending and whose expiry time is at
/// or before `now`. Returns the ids expired and the changes to persist.
///
/// # Errors
/// [`LedgerError::BalanceOverflow`] only if stored balances are corrupt.
pub fn apply_expiry(
    view: &impl StateView,
    candidates: &[TransferId],
    now: Timestamp,
) -> Result<(Vec<TransferId>, Changes), LedgerError> {
    let mut o = Overlay {
        base: view,
        accounts: HashMap::new(),
        inserted: Vec::new(),
        resolved: HashMap::new(),
    };
    let mut expired = Vec::new();
    for &id in candidates {
        let Some(p) = o.transfer(id) else { continue };
        let TransferKind::Pending {
            expires_at: Some(at),
        } = p.transfer.kind
        else {
            continue;
        };
        if p.pending_state != Some(PendingState::Pending) || at > now {
            continue;
        }
        let held = to_i64(id, p.transfer.amount)?;
        let d = o
            .account(p.transfer.debit)
            .ok_or(LedgerError::AccountNotFound(p.transfer.debit))?;
        let c = o
            .account(p.transfer.credit)
            .ok_or(LedgerError::AccountNotFound(p.transfer.credit))?;
        let d_next = apply_delta(
            d,
            Delta {
                debits_pending: -held,
                ..Delta::default()
            },
        )?;
        let c_next = apply_delta(
            c,
            Delta {
                credits_pending: -held,
                ..Delta::default()
            },
        )?;
        o.accounts.insert(d_next.id, d_next);
        o.accounts.insert(c_next.id, c_next);
        o.set_pending_state(id, PendingState::Expired);
        expired.push(id);
    }
    Ok((expired, o.into_changes()))
}
