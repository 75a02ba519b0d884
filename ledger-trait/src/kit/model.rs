//! The model-based property test: random operation sequences applied to the implementation and
//! to [`MemoryLedger`] (the model), compared after every step, with the invariants checked.

use std::sync::Arc;

use kingpin_units::Amount;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use super::{Fixture, T0, assert_invariants, get};
use crate::{
    AccountId, AccountKind, Ledger, LedgerError, MemoryLedger, NewTransfer, Timestamp, TransferId,
    TransferOp,
};

/// One random step, interpreted against the fixture's accounts and earlier ids.
#[derive(Clone, Debug)]
enum Step {
    Single(u8, u8, u16),
    Pending(u8, u8, u16, u8),
    Post(u8, Option<u16>),
    Void(u8),
    /// Resubmit an earlier request (a client retry), possibly with a later timestamp.
    Retry(u8, bool),
    /// Reuse an earlier id with a different amount.
    Conflict(u8),
    /// A linked batch of up to three simple steps.
    Linked(Vec<(u8, u8, u16, bool)>),
    /// Let time pass, then sweep expired pending transfers.
    Expire(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (any::<u8>(), any::<u8>(), 0..600u16).prop_map(|(a, b, x)| Step::Single(a, b, x)),
        4 => (any::<u8>(), any::<u8>(), 0..400u16, 0..4u8)
            .prop_map(|(a, b, x, t)| Step::Pending(a, b, x, t)),
        3 => (any::<u8>(), proptest::option::of(0..400u16)).prop_map(|(p, x)| Step::Post(p, x)),
        2 => any::<u8>().prop_map(Step::Void),
        2 => (any::<u8>(), any::<bool>()).prop_map(|(i, later)| Step::Retry(i, later)),
        1 => any::<u8>().prop_map(Step::Conflict),
        2 => proptest::collection::vec(
            (any::<u8>(), any::<u8>(), 0..500u16, any::<bool>()), 1..4
        ).prop_map(Step::Linked),
        1 => (1..4u8).prop_map(Step::Expire),
    ]
}

struct Case<'a, L> {
    f: Fixture,
    imp: &'a L,
    model: MemoryLedger,
    accounts: Vec<AccountId>,
    sent: Vec<NewTransfer>,
    now: Timestamp,
}

impl<L: Ledger> Case<'_, L> {
    fn acct(&self, i: u8) -> AccountId {
        let n = self.accounts.len();
        self.accounts[usize::from(i) % n]
    }

    fn earlier(&self, i: u8) -> Option<NewTransfer> {
        (!self.sent.is_empty()).then(|| self.sent[usize::from(i) % self.sent.len()])
    }

    fn simple(&self, a: u8, b: u8, x: u16, timeout: Option<u8>) -> NewTransfer {
        let (d, c, amount) = (self.acct(a), self.acct(b), Amount::from_minor(u64::from(x)));
        match timeout {
            None => NewTransfer::single(self.f.tid(), d, c, amount, self.now),
            Some(t) => NewTransfer::pending(self.f.tid(), d, c, amount, u32::from(t), self.now),
        }
    }

    async fn both(&mut self, batch: Vec<NewTransfer>) -> Result<(), TestCaseError> {
        let want = self.model.submit(&batch).await;
        let got = self.imp.submit(&batch).await;
        match (&want, &got) {
            (Ok(w), Ok(g)) => prop_assert_eq!(w, g),
            (Err(w), Err(g)) => prop_assert_eq!(w.to_string(), g.to_string()),
            _ => prop_assert!(false, "model {:?} vs implementation {:?}", want, got),
        }
        self.sent.extend(batch);
        Ok(())
    }

    async fn run(&mut self, s: Step) -> Result<(), TestCaseError> {
        match s {
            Step::Single(a, b, x) => self.both(vec![self.simple(a, b, x, None)]).await?,
            Step::Pending(a, b, x, t) => self.both(vec![self.simple(a, b, x, Some(t))]).await?,
            Step::Post(p, x) => {
                if let Some(target) = self.earlier(p) {
                    let amount = x.map(|x| Amount::from_minor(u64::from(x)));
                    let t = NewTransfer::post(self.f.tid(), target.id, amount, self.now);
                    self.both(vec![t]).await?;
                }
            }
            Step::Void(p) => {
                if let Some(target) = self.earlier(p) {
                    self.both(vec![NewTransfer::void(self.f.tid(), target.id, self.now)])
                        .await?;
                }
            }
            Step::Retry(i, later) => {
                if let Some(mut t) = self.earlier(i) {
                    if later {
                        t.timestamp = self.now;
                    }
                    self.both(vec![t]).await?;
                }
            }
            Step::Conflict(i) => {
                if let Some(mut t) = self.earlier(i) {
                    if let TransferOp::Single { amount, .. } | TransferOp::Pending { amount, .. } =
                        &mut t.op
                    {
                        *amount = Amount::from_minor(amount.minor() + 1);
                    } else {
                        t.user_data ^= 1;
                    }
                    self.both(vec![t]).await?;
                }
            }
            Step::Linked(parts) => {
                let batch = parts
                    .into_iter()
                    .map(|(a, b, x, pending)| self.simple(a, b, x, pending.then_some(2)))
                    .collect();
                self.both(batch).await?;
            }
            Step::Expire(secs) => {
                self.now = Timestamp(self.now.0 + u64::from(secs) * 1_000_000);
                let want = self.model.expire_pending(self.now, 1_000).await;
                let got = self.imp.expire_pending(self.now, 1_000).await;
                let want = want.map_err(|e| TestCaseError::fail(e.to_string()))?;
                let got = got.map_err(|e| TestCaseError::fail(e.to_string()))?;
                let mine = |v: Vec<TransferId>| -> Vec<TransferId> {
                    let mut v: Vec<TransferId> = v
                        .into_iter()
                        .filter(|id| self.sent.iter().any(|t| t.id == *id))
                        .collect();
                    v.sort();
                    v
                };
                prop_assert_eq!(mine(want), mine(got));
            }
        }
        self.check().await
    }

    async fn check(&self) -> Result<(), TestCaseError> {
        for id in &self.accounts {
            prop_assert_eq!(get(&self.model, *id).await, get(self.imp, *id).await);
        }
        assert_invariants(self.imp, &self.accounts).await;
        Ok(())
    }

    async fn finish(&self) -> Result<(), TestCaseError> {
        // Every id applied once: each stored transfer appears exactly once in the history of
        // both its accounts, and the implementation stores exactly what the model stores.
        for t in &self.sent {
            let want = self.model.lookup_transfer(t.id).await.map_err(fail)?;
            let got = self.imp.lookup_transfer(t.id).await.map_err(fail)?;
            prop_assert_eq!(want, got);
            let want = self.model.pending_state(t.id).await.map_err(fail)?;
            let got = self.imp.pending_state(t.id).await.map_err(fail)?;
            prop_assert_eq!(want, got);
        }
        for id in &self.accounts {
            let page = self
                .imp
                .history(*id, None, crate::MAX_PAGE)
                .await
                .map_err(fail)?;
            let want = self
                .model
                .history(*id, None, crate::MAX_PAGE)
                .await
                .map_err(fail)?;
            prop_assert_eq!(&page.transfers, &want.transfers);
            let mut ids: Vec<TransferId> = page.transfers.iter().map(|t| t.id).collect();
            ids.sort();
            ids.dedup();
            prop_assert_eq!(ids.len(), page.transfers.len(), "a transfer listed twice");
        }
        Ok(())
    }
}

fn fail(e: LedgerError) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// The model-based property test. Runs `KINGPIN_KIT_CASES` cases (default 24) of up to 40 steps.
///
/// # Panics
/// On the first diverging or invariant-breaking sequence (shrunk).
pub async fn model_based<L: Ledger + 'static>(l: Arc<L>) {
    let cases = std::env::var("KINGPIN_KIT_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let handle = tokio::runtime::Handle::current();
    let result = tokio::task::spawn_blocking(move || {
        let mut runner = TestRunner::new(Config {
            cases,
            max_shrink_iters: 200,
            failure_persistence: None,
            ..Config::default()
        });
        runner.run(&proptest::collection::vec(step(), 1..40), |steps| {
            handle.block_on(async {
                let f = Fixture::new();
                let model = MemoryLedger::new();
                let mut accounts = Vec::new();
                for kind in [
                    AccountKind::DepositsClearing,
                    AccountKind::HouseBankroll,
                    AccountKind::HouseBankroll,
                    AccountKind::PlayerCash,
                    AccountKind::PlayerCash,
                    AccountKind::PlayerBonus,
                    AccountKind::Hold,
                ] {
                    let a = f.account(&*l, kind).await;
                    model.create_account(a.spec()).await.map_err(fail)?;
                    accounts.push(a.id);
                }
                let mut case = Case {
                    f,
                    imp: &*l,
                    model,
                    accounts,
                    sent: Vec::new(),
                    now: T0,
                };
                // Fund the players so that bets succeed often.
                let (clearing, p1, p2) = (case.accounts[0], case.accounts[3], case.accounts[4]);
                for to in [p1, p2] {
                    let t = NewTransfer::single(
                        case.f.tid(),
                        clearing,
                        to,
                        Amount::from_minor(1_000),
                        T0,
                    );
                    case.both(vec![t]).await?;
                }
                for s in steps {
                    case.run(s).await?;
                }
                case.finish().await
            })
        })
    })
    .await
    .expect("property test task");
    if let Err(e) = result {
        panic!("model-based test failed: {e}");
    }
}
