//! A write-through cache of rows this process read or wrote, so that a batch whose rows are all
//! cached needs one round trip (the conditional write) instead of two.
//!
//! The cache is never trusted for an answer that the database does not confirm:
//! - a success is only returned after the write statement, which checks every account's version
//!   and every pending transfer's state, and fails (SQLSTATE 40001, or 23505 for an id stored by
//!   someone else) if the cache was stale — the batch is then retried on freshly read rows;
//! - a refusal decided on cached rows is never returned: the batch is decided again on fresh rows;
//! - a replay is returned from the cache only for transfers this process saw committed, which
//!   are immutable.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use kingpin_ledger::apply::{Changes, Snapshot, StoredTransfer, batch_account_ids};
use kingpin_ledger::{Account, AccountId, NewTransfer, PendingState, TransferId, TransferOp};

/// Entries kept per table before the cache starts over (bounded memory).
const ENTRIES_MAX: usize = 100_000;

#[derive(Default, Debug)]
struct Rows {
    accounts: HashMap<AccountId, (Account, i64)>,
    transfers: HashMap<TransferId, StoredTransfer>,
}

/// The cache; cheap to share behind an `Arc`.
#[derive(Default, Debug)]
pub(crate) struct RowCache {
    rows: Mutex<Rows>,
}

impl RowCache {
    fn rows(&self) -> std::sync::MutexGuard<'_, Rows> {
        self.rows.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every row `batch` needs, if all are cached: a snapshot and the accounts' versions.
    /// Member ids not cached are assumed new (the write's primary key confirms it).
    pub(crate) fn snapshot(
        &self,
        batch: &[NewTransfer],
    ) -> Option<(Snapshot, HashMap<AccountId, i64>)> {
        let rows = self.rows();
        let mut snap = Snapshot::default();
        for t in batch {
            if let Some(st) = rows.transfers.get(&t.id) {
                snap.transfers.insert(t.id, *st);
            }
            if let TransferOp::Post { pending_id, .. } | TransferOp::Void { pending_id } = t.op {
                snap.transfers
                    .insert(pending_id, *rows.transfers.get(&pending_id)?);
            }
        }
        let mut versions = HashMap::new();
        for id in batch_account_ids(batch, &snap) {
            let (account, version) = rows.accounts.get(&id)?;
            snap.accounts.insert(id, *account);
            versions.insert(id, *version);
        }
        Some((snap, versions))
    }

    /// Remember rows read from the database.
    pub(crate) fn remember(&self, snap: &Snapshot, versions: &HashMap<AccountId, i64>) {
        let mut rows = self.rows();
        for (id, account) in &snap.accounts {
            if let Some(v) = versions.get(id) {
                rows.accounts.insert(*id, (*account, *v));
            }
        }
        for (id, st) in &snap.transfers {
            rows.transfers.insert(*id, *st);
        }
        Self::bound(&mut rows);
    }

    /// Remember what a committed write made of the rows it changed (`next`: the versions it gave
    /// the accounts).
    pub(crate) fn committed(&self, changes: &Changes, next: &HashMap<AccountId, i64>) {
        let mut rows = self.rows();
        for a in &changes.accounts {
            match next.get(&a.id) {
                Some(v) => {
                    rows.accounts.insert(a.id, (*a, *v));
                }
                None => {
                    rows.accounts.remove(&a.id);
                }
            }
        }
        for st in &changes.inserted {
            rows.transfers.insert(st.transfer.id, *st);
        }
        for (id, state) in &changes.resolved {
            if let Some(st) = rows.transfers.get_mut(id) {
                st.pending_state = Some(*state);
            }
        }
        Self::bound(&mut rows);
    }

    /// Forget what `batch` touches (after a failed write: the cache was stale).
    pub(crate) fn forget(&self, batch: &[NewTransfer], snap: &Snapshot) {
        let mut rows = self.rows();
        for id in snap.accounts.keys() {
            rows.accounts.remove(id);
        }
        for t in batch {
            rows.transfers.remove(&t.id);
            if let TransferOp::Post { pending_id, .. } | TransferOp::Void { pending_id } = t.op {
                rows.transfers.remove(&pending_id);
            }
        }
    }

    /// Forget these rows (after a group's write failed: some of them were stale).
    pub(crate) fn forget_all(&self, touched: &crate::group::Touched) {
        let mut rows = self.rows();
        for id in &touched.accounts {
            rows.accounts.remove(id);
        }
        for id in &touched.transfers {
            rows.transfers.remove(id);
        }
    }

    fn bound(rows: &mut Rows) {
        if rows.accounts.len() > ENTRIES_MAX {
            rows.accounts.clear();
        }
        if rows.transfers.len() > ENTRIES_MAX {
            // Keep pending transfers still pending: they are the ones a settlement needs.
            rows.transfers
                .retain(|_, t| t.pending_state == Some(PendingState::Pending));
            if rows.transfers.len() > ENTRIES_MAX {
                rows.transfers.clear();
            }
        }
    }
}
