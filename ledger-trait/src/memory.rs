//! `MemoryLedger`, the reference implementation.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::apply::{Changes, StateView, StoredTransfer, apply_batch, apply_expiry};
use crate::{
    Account, AccountId, HistoryCursor, HistoryPage, Ledger, LedgerError, MAX_PAGE, NewAccount,
    NewTransfer, OwnerRef, PendingState, Timestamp, Transfer, TransferId, TransferKind,
};

/// The reference ledger, in memory. Everything is lost when it is dropped.
///
/// One mutex guards the whole state, held only for the synchronous part of each call, so
/// every operation is atomic and the futures are `Send`. It is the model the conformance kit
/// compares other implementations against, and a fine ledger for tests and simulations.
#[derive(Default, Debug)]
pub struct MemoryLedger {
    state: Mutex<State>,
}

#[derive(Default, Debug)]
struct State {
    accounts: HashMap<AccountId, Account>,
    by_owner: BTreeSet<(OwnerRef, AccountId)>,
    transfers: HashMap<TransferId, StoredTransfer>,
    /// Per account: (sequence, transfer id), in application order.
    history: HashMap<AccountId, Vec<(u64, TransferId)>>,
    /// Pending transfers that can expire, by expiry time.
    expiring: BTreeSet<(Timestamp, TransferId)>,
    seq: u64,
}

impl StateView for State {
    fn account(&self, id: AccountId) -> Option<Account> {
        self.accounts.get(&id).copied()
    }
    fn transfer(&self, id: TransferId) -> Option<StoredTransfer> {
        self.transfers.get(&id).copied()
    }
}

impl State {
    fn commit(&mut self, changes: Changes) {
        for a in changes.accounts {
            self.accounts.insert(a.id, a);
        }
        for st in changes.inserted {
            let t = st.transfer;
            self.seq += 1;
            for account in [t.debit, t.credit] {
                self.history
                    .entry(account)
                    .or_default()
                    .push((self.seq, t.id));
            }
            if let TransferKind::Pending {
                expires_at: Some(at),
            } = t.kind
            {
                if st.pending_state == Some(PendingState::Pending) {
                    self.expiring.insert((at, t.id));
                }
            }
            self.transfers.insert(t.id, st);
        }
        for (id, state) in changes.resolved {
            if let Some(st) = self.transfers.get_mut(&id) {
                st.pending_state = Some(state);
                if let TransferKind::Pending {
                    expires_at: Some(at),
                } = st.transfer.kind
                {
                    self.expiring.remove(&(at, id));
                }
            }
        }
    }
}

impl MemoryLedger {
    /// An empty ledger.
    pub fn new() -> MemoryLedger {
        MemoryLedger::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave a half-applied batch: changes are computed
        // first and committed by infallible inserts, so the state is usable after a poison.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Ledger for MemoryLedger {
    async fn create_account(&self, spec: NewAccount) -> Result<Account, LedgerError> {
        let mut s = self.lock();
        if let Some(existing) = s.accounts.get(&spec.id) {
            return if existing.spec() == spec {
                Ok(*existing)
            } else {
                Err(LedgerError::AccountIdConflict(spec.id))
            };
        }
        let account = Account::new(spec);
        s.accounts.insert(spec.id, account);
        s.by_owner.insert((spec.owner, spec.id));
        Ok(account)
    }

    async fn account(&self, id: AccountId) -> Result<Option<Account>, LedgerError> {
        Ok(self.lock().accounts.get(&id).copied())
    }

    async fn accounts_by_owner(&self, owner: OwnerRef) -> Result<Vec<Account>, LedgerError> {
        let s = self.lock();
        Ok(s.by_owner
            .range((owner, AccountId(0))..=(owner, AccountId(u128::MAX)))
            .filter_map(|(_, id)| s.accounts.get(id).copied())
            .collect())
    }

    async fn submit(&self, batch: &[NewTransfer]) -> Result<Vec<Transfer>, LedgerError> {
        let mut s = self.lock();
        let (applied, changes) = apply_batch(&*s, batch)?;
        s.commit(changes);
        Ok(applied)
    }

    async fn lookup_transfer(&self, id: TransferId) -> Result<Option<Transfer>, LedgerError> {
        Ok(self.lock().transfers.get(&id).map(|t| t.transfer))
    }

    async fn pending_state(&self, id: TransferId) -> Result<Option<PendingState>, LedgerError> {
        Ok(self.lock().transfers.get(&id).and_then(|t| t.pending_state))
    }

    async fn history(
        &self,
        account: AccountId,
        after: Option<HistoryCursor>,
        limit: u32,
    ) -> Result<HistoryPage, LedgerError> {
        let s = self.lock();
        if !s.accounts.contains_key(&account) {
            return Err(LedgerError::AccountNotFound(account));
        }
        let limit = usize::try_from(limit.clamp(1, MAX_PAGE)).unwrap_or(1);
        let entries = s.history.get(&account).map(Vec::as_slice).unwrap_or(&[]);
        let start = after.map_or(0, |c| entries.partition_point(|(seq, _)| *seq <= c.0));
        let rest = entries.get(start..).unwrap_or(&[]);
        let page = rest.get(..limit.min(rest.len())).unwrap_or(&[]);
        let transfers = page
            .iter()
            .filter_map(|(_, id)| s.transfers.get(id).map(|t| t.transfer))
            .collect();
        let next = if rest.len() > page.len() {
            page.last().map(|(seq, _)| HistoryCursor(*seq))
        } else {
            None
        };
        Ok(HistoryPage { transfers, next })
    }

    async fn expire_pending(
        &self,
        now: Timestamp,
        max: u32,
    ) -> Result<Vec<TransferId>, LedgerError> {
        let mut s = self.lock();
        let max = usize::try_from(max).unwrap_or(usize::MAX);
        let due: Vec<TransferId> = s
            .expiring
            .range(..=(now, TransferId(u128::MAX)))
            .take(max)
            .map(|(_, id)| *id)
            .collect();
        let (expired, changes) = apply_expiry(&*s, &due, now)?;
        s.commit(changes);
        Ok(expired)
    }
}
