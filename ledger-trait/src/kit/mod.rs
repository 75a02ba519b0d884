//! The conformance kit: the [`Ledger`] contract written as tests (feature `test-kit`).
//!
//! Every implementation runs the whole kit with one line in a test file:
//!
//! ```ignore
//! kingpin_ledger::conformance_tests!(async { kingpin_ledger::MemoryLedger::new() });
//! ```
//!
//! The macro expands to one `#[test]` per check; each builds a fresh ledger with the given
//! expression (evaluated inside a tokio runtime), so database implementations can create a fresh
//! schema per test. Each check also works in its own ledger id and id range, so checks could
//! share one store. The checks are plain async functions too, for callers that want to pick.
//!
//! What is checked: account creation and lookups, single transfers, idempotency (replays and
//! conflicting reuse), every validation error, balance limits with the shortfall, two-phase
//! transfers (post in full or part, void, at most once), expiry, linked batches (all or
//! nothing), history pagination, a model-based property test against [`MemoryLedger`](crate::MemoryLedger)
//! (random operation sequences; after each step every ledger sums to zero, no limit is broken,
//! every id is applied once and the two agree), a concurrency test (many tasks betting,
//! settling and retrying on shared accounts) and an independence test (requests submitted at
//! the same moment, as a group-committing store would batch them, each get their own answer).

mod checks;
mod concurrency;
mod independence;
mod model;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub use checks::{
    accounts, expiry, history, idempotency, limits, linked, single_transfer, two_phase, validation,
};
pub use concurrency::concurrency;
pub use independence::independence;
pub use model::model_based;

use crate::{
    Account, AccountId, AccountKind, Ledger, LedgerId, NewAccount, NewTransfer, OwnerRef,
    Timestamp, TransferId,
};
use kingpin_units::Amount;

/// A base timestamp for the kit: 2023-11-14T22:13:20Z in microseconds.
pub const T0: Timestamp = Timestamp(1_700_000_000_000_000);

/// Build a fresh ledger with `make` and run `check` on it in a new multi-threaded tokio runtime.
///
/// # Panics
/// If the runtime cannot start or the check fails.
pub fn run<L, Mk, MkFut, C, CFut>(make: Mk, check: C)
where
    L: Ledger + 'static,
    Mk: FnOnce() -> MkFut,
    MkFut: Future<Output = L>,
    C: FnOnce(Arc<L>) -> CFut,
    CFut: Future<Output = ()>,
{
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async move {
        let ledger = Arc::new(make().await);
        check(ledger).await;
    });
}

/// Expand to one `#[test]` per conformance check, each on a fresh ledger built by `$make`
/// (an expression of type `impl Future<Output = impl Ledger>`).
#[macro_export]
macro_rules! conformance_tests {
    ($make:expr) => {
        $crate::conformance_tests!(@tests $make;
            accounts, single_transfer, idempotency, validation, limits, two_phase, expiry,
            linked, history, model_based, concurrency, independence);
    };
    (@tests $make:expr; $($check:ident),*) => {
        $(
            #[test]
            fn $check() {
                $crate::kit::run(|| $make, $crate::kit::$check);
            }
        )*
    };
}

static NAMESPACE: AtomicU64 = AtomicU64::new(1);

/// A private corner of a ledger store for one check: its own ledger ids and id range.
#[derive(Debug)]
pub struct Fixture {
    ns: u64,
    next: AtomicU64,
    /// The fixture's main ledger.
    pub ledger: LedgerId,
    /// A second ledger, for cross-ledger errors.
    pub other_ledger: LedgerId,
}

impl Default for Fixture {
    fn default() -> Self {
        Fixture::new()
    }
}

impl Fixture {
    /// A fixture in a namespace no other fixture of this process uses.
    pub fn new() -> Fixture {
        let ns = NAMESPACE.fetch_add(1, Ordering::Relaxed);
        let lid = u32::try_from(ns % 1_000_000).unwrap_or(0) * 2 + 1_000;
        Fixture {
            ns,
            next: AtomicU64::new(1),
            ledger: LedgerId(lid),
            other_ledger: LedgerId(lid + 1),
        }
    }

    fn id(&self) -> u128 {
        (u128::from(self.ns) << 64) | u128::from(self.next.fetch_add(1, Ordering::Relaxed))
    }

    /// A fresh transfer id.
    pub fn tid(&self) -> TransferId {
        TransferId(self.id())
    }

    /// An owner reference unique to this fixture.
    pub fn owner(&self) -> OwnerRef {
        OwnerRef(self.id())
    }

    /// Create an account of `kind` on the main ledger.
    pub async fn account<L: Ledger>(&self, l: &L, kind: AccountKind) -> Account {
        self.account_on(l, kind, self.ledger, OwnerRef(0)).await
    }

    /// Create an account with the given ledger and owner.
    pub async fn account_on<L: Ledger>(
        &self,
        l: &L,
        kind: AccountKind,
        ledger: LedgerId,
        owner: OwnerRef,
    ) -> Account {
        l.create_account(NewAccount {
            id: AccountId(self.id()),
            ledger,
            kind,
            code: 7,
            owner,
        })
        .await
        .expect("create account")
    }

    /// Move `amount` from `from` to `to` (single-phase), expecting success.
    pub async fn fund<L: Ledger>(&self, l: &L, from: AccountId, to: AccountId, amount: u64) {
        l.transfer(NewTransfer::single(
            self.tid(),
            from,
            to,
            Amount::from_minor(amount),
            T0,
        ))
        .await
        .expect("funding transfer");
    }
}

/// Fetch an account that must exist.
///
/// # Panics
/// If it does not, or on a storage error.
pub async fn get<L: Ledger>(l: &L, id: AccountId) -> Account {
    l.account(id)
        .await
        .expect("account lookup")
        .expect("account exists")
}

/// Assert the ledger invariants over `accounts` (which must be every account of their ledgers):
/// posted balances sum to zero, pending debits equal pending credits, no limited account has a
/// negative available balance, no pending amount is negative.
///
/// # Panics
/// If an invariant is broken.
pub async fn assert_invariants<L: Ledger>(l: &L, accounts: &[AccountId]) {
    let mut sums: std::collections::BTreeMap<LedgerId, (i128, i128, i128)> =
        std::collections::BTreeMap::new();
    for id in accounts {
        let a = get(l, *id).await;
        let e = sums.entry(a.ledger).or_default();
        e.0 += i128::from(a.posted);
        e.1 += i128::from(a.debits_pending);
        e.2 += i128::from(a.credits_pending);
        assert!(a.debits_pending >= 0 && a.credits_pending >= 0, "{a:?}");
        if a.kind.limited() {
            assert!(a.available() >= 0, "limit broken: {a:?}");
        }
    }
    for (ledger, (posted, dp, cp)) in sums {
        assert_eq!(
            posted, 0,
            "ledger {ledger} posted balances do not sum to zero"
        );
        assert_eq!(dp, cp, "ledger {ledger} pending debits != pending credits");
    }
}
