//! The whole kit against two `PostgresLedger`s on one schema, used alternately — as two server
//! processes would, each with its own row cache that the other makes stale. Every answer must
//! still be the model's.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};

use kingpin_ledger::{
    Account, AccountId, HistoryCursor, HistoryPage, Ledger, LedgerError, NewAccount, NewTransfer,
    OwnerRef, PendingState, Timestamp, Transfer, TransferId,
};
use kingpin_postgres::PostgresLedger;

struct TwoProcesses {
    a: PostgresLedger,
    b: PostgresLedger,
    turn: AtomicU64,
}

impl TwoProcesses {
    fn pick(&self) -> &PostgresLedger {
        // A fixed, irregular pattern, so runs repeat and both orders of hand-over occur.
        let n = self.turn.fetch_add(1, Ordering::Relaxed);
        if (n * 0x9E37_79B9) % 7 < 3 {
            &self.a
        } else {
            &self.b
        }
    }
}

async fn two() -> TwoProcesses {
    let schema = common::fresh_schema_name("two");
    let url = common::database_url();
    let a = PostgresLedger::connect_in_schema(&url, &schema, 3)
        .await
        .expect("first");
    let b = PostgresLedger::connect_in_schema(&url, &schema, 3)
        .await
        .expect("second");
    TwoProcesses {
        a,
        b,
        turn: AtomicU64::new(0),
    }
}

impl Ledger for TwoProcesses {
    async fn create_account(&self, spec: NewAccount) -> Result<Account, LedgerError> {
        self.pick().create_account(spec).await
    }
    async fn account(&self, id: AccountId) -> Result<Option<Account>, LedgerError> {
        self.pick().account(id).await
    }
    async fn accounts_by_owner(&self, owner: OwnerRef) -> Result<Vec<Account>, LedgerError> {
        self.pick().accounts_by_owner(owner).await
    }
    async fn submit(&self, batch: &[NewTransfer]) -> Result<Vec<Transfer>, LedgerError> {
        self.pick().submit(batch).await
    }
    async fn lookup_transfer(&self, id: TransferId) -> Result<Option<Transfer>, LedgerError> {
        self.pick().lookup_transfer(id).await
    }
    async fn pending_state(&self, id: TransferId) -> Result<Option<PendingState>, LedgerError> {
        self.pick().pending_state(id).await
    }
    async fn history(
        &self,
        account: AccountId,
        after: Option<HistoryCursor>,
        limit: u32,
    ) -> Result<HistoryPage, LedgerError> {
        self.pick().history(account, after, limit).await
    }
    async fn expire_pending(
        &self,
        now: Timestamp,
        max: u32,
    ) -> Result<Vec<TransferId>, LedgerError> {
        self.pick().expire_pending(now, max).await
    }
}

kingpin_ledger::conformance_tests!(two());
