//! One check per rule of the contract.

use std::sync::Arc;

use kingpin_units::Amount;

use super::{Fixture, T0, assert_invariants, get};
use crate::{
    AccountId, AccountKind, Ledger, LedgerError, MAX_BATCH, NewAccount, NewTransfer, OwnerRef,
    PendingState, Timestamp, TransferId, TransferKind,
};

fn amt(minor: u64) -> Amount {
    Amount::from_minor(minor)
}

fn later(s: u64) -> Timestamp {
    Timestamp(T0.0 + s * 1_000_000)
}

/// Account creation is idempotent, conflicting re-creation is refused, lookups by id and by
/// owner work.
pub async fn accounts<L: Ledger>(l: Arc<L>) {
    let f = Fixture::new();
    let owner = f.owner();
    let b = f
        .account_on(&*l, AccountKind::PlayerBonus, f.ledger, owner)
        .await;
    let a = f
        .account_on(&*l, AccountKind::PlayerCash, f.ledger, owner)
        .await;
    assert_eq!((a.posted, a.debits_pending, a.credits_pending), (0, 0, 0));
    assert_eq!(a.owner, owner);
    assert_eq!(a.kind, AccountKind::PlayerCash);
    assert_eq!(a.code, 7);
    let again = l.create_account(a.spec()).await.expect("idempotent create");
    assert_eq!(again, a);
    let conflict = NewAccount {
        kind: AccountKind::Fees,
        ..a.spec()
    };
    let err = l.create_account(conflict).await.expect_err("conflict");
    assert!(
        matches!(err, LedgerError::AccountIdConflict(id) if id == a.id),
        "{err:?}"
    );
    let err = l
        .create_account(NewAccount {
            ledger: f.other_ledger,
            ..a.spec()
        })
        .await
        .expect_err("conflict");
    assert!(matches!(err, LedgerError::AccountIdConflict(_)), "{err:?}");
    assert_eq!(get(&*l, a.id).await, a);
    assert_eq!(l.account(AccountId(f.tid().0)).await.expect("lookup"), None);
    let mut expected = vec![a, b];
    expected.sort_by_key(|x| x.id);
    assert_eq!(
        l.accounts_by_owner(owner).await.expect("by owner"),
        expected
    );
    assert!(
        l.accounts_by_owner(f.owner())
            .await
            .expect("by owner")
            .is_empty()
    );
    for kind in AccountKind::ALL {
        let x = f.account(&*l, kind).await;
        assert_eq!(get(&*l, x.id).await.kind, kind);
    }
}

/// A single transfer moves money, records every field and keeps the ledger at zero.
pub async fn single_transfer<L: Ledger>(l: Arc<L>) {
    let f = Fixture::new();
    let clearing = f.account(&*l, AccountKind::DepositsClearing).await;
    let player = f.account(&*l, AccountKind::PlayerCash).await;
    let id = f.tid();
    let req = NewTransfer::single(id, clearing.id, player.id, amt(1_234), later(3))
        .with_code(11, u128::MAX - 5);
    let t = l.transfer(req).await.expect("transfer");
    assert_eq!(t.id, id);
    assert_eq!((t.debit, t.credit), (clearing.id, player.id));
    assert_eq!(t.amount, amt(1_234));
    assert_eq!(t.ledger, f.ledger);
    assert_eq!((t.code, t.user_data), (11, u128::MAX - 5));
    assert_eq!(t.timestamp, later(3));
    assert_eq!(t.kind, TransferKind::Single);
    assert_eq!(l.lookup_transfer(id).await.expect("lookup"), Some(t));
    assert_eq!(l.lookup_transfer(f.tid()).await.expect("lookup"), None);
    assert_eq!(l.pending_state(id).await.expect("state"), None);
    assert_eq!(get(&*l, player.id).await.posted, 1_234);
    assert_eq!(get(&*l, player.id).await.available(), 1_234);
    assert_eq!(get(&*l, clearing.id).await.posted, -1_234);
    // The largest storable amount goes through an unlimited account.
    let house = f.account(&*l, AccountKind::HouseBankroll).await;
    let big = u64::try_from(i64::MAX).expect("fits") - 1_234;
    f.fund(&*l, clearing.id, house.id, big).await;
    assert_eq!(get(&*l, clearing.id).await.posted, i64::MIN + 1);
    assert_invariants(&*l, &[clearing.id, player.id, house.id]).await;
}

/// Replays return the first result and change nothing; a reused id with other fields is refused;
/// a refused transfer is not stored and is evaluated afresh.
pub async fn idempotency<L: Ledger>(l: Arc<L>) {
    let f = Fixture::new();
    let clearing = f.account(&*l, AccountKind::DepositsClearing).await;
    let player = f.account(&*l, AccountKind::PlayerCash).await;
    let house = f.account(&*l, AccountKind::HouseBankroll).await;
    let id = f.tid();
    let req = NewTransfer::single(id, clearing.id, player.id, amt(500), T0).with_code(1, 9);
    let first = l.transfer(req).await.expect("first");
    let retry = l.transfer(req).await.expect("retry");
    assert_eq!(first, retry);
    let later_retry = l
        .transfer(NewTransfer {
            timestamp: later(60),
            ..req
        })
        .await
        .expect("retry with a later timestamp");
    assert_eq!(
        later_retry, first,
        "the first result, with the first timestamp"
    );
    assert_eq!(get(&*l, player.id).await.posted, 500);
    for changed in [
        NewTransfer::single(id, clearing.id, player.id, amt(501), T0).with_code(1, 9),
        NewTransfer::single(id, clearing.id, house.id, amt(500), T0).with_code(1, 9),
        NewTransfer::single(id, clearing.id, player.id, amt(500), T0).with_code(2, 9),
        NewTransfer::single(id, clearing.id, player.id, amt(500), T0).with_code(1, 8),
        NewTransfer::pending(id, clearing.id, player.id, amt(500), 0, T0).with_code(1, 9),
        NewTransfer::void(id, f.tid(), T0),
    ] {
        let err = l.transfer(changed).await.expect_err("conflict");
        assert!(
            matches!(err, LedgerError::TransferIdConflict(x) if x == id),
            "{err:?}"
        );
    }
    assert_eq!(get(&*l, player.id).await.posted, 500);
    // Refused, then funded, then the same id succeeds.
    let bet = NewTransfer::single(f.tid(), player.id, house.id, amt(800), T0);
    let err = l.transfer(bet).await.expect_err("insufficient");
    assert!(
        matches!(err, LedgerError::InsufficientFunds { .. }),
        "{err:?}"
    );
    assert_eq!(l.lookup_transfer(bet.id).await.expect("lookup"), None);
    f.fund(&*l, clearing.id, player.id, 300).await;
    l.transfer(bet).await.expect("now funded");
    assert_eq!(get(&*l, player.id).await.posted, 0);
    // Replaying a post after the pending was resolved returns the post.
    let p = NewTransfer::pending(f.tid(), clearing.id, player.id, amt(50), 0, T0);
    l.transfer(p).await.expect("pending");
    let post = NewTransfer::post(f.tid(), p.id, None, T0);
    let posted = l.transfer(post).await.expect("post");
    assert_eq!(l.transfer(post).await.expect("replayed post"), posted);
    assert_eq!(l.transfer(p).await.expect("replayed pending").id, p.id);
    assert_eq!(get(&*l, player.id).await.posted, 50);
    assert_invariants(&*l, &[clearing.id, player.id, house.id]).await;
}

/// Every malformed request gets its precise error and changes nothing.
pub async fn validation<L: Ledger>(l: Arc<L>) {
    let f = Fixture::new();
    let clearing = f.account(&*l, AccountKind::DepositsClearing).await;
    let player = f.account(&*l, AccountKind::PlayerCash).await;
    let foreign = f
        .account_on(&*l, AccountKind::PlayerCash, f.other_ledger, OwnerRef(0))
        .await;
    let ghost = AccountId(f.tid().0);
    let id = f.tid();
    let err = |r: Result<crate::Transfer, LedgerError>| r.expect_err("must be refused");

    let e = err(l
        .transfer(NewTransfer::single(id, clearing.id, player.id, amt(0), T0))
        .await);
    assert!(matches!(e, LedgerError::ZeroAmount(x) if x == id), "{e:?}");
    let e = err(l
        .transfer(NewTransfer::pending(
            id,
            clearing.id,
            player.id,
            amt(0),
            5,
            T0,
        ))
        .await);
    assert!(matches!(e, LedgerError::ZeroAmount(_)), "{e:?}");
    let e = err(l
        .transfer(NewTransfer::single(
            id,
            clearing.id,
            clearing.id,
            amt(1),
            T0,
        ))
        .await);
    assert!(matches!(e, LedgerError::SameAccount(x) if x == id), "{e:?}");
    let e = err(l
        .transfer(NewTransfer::single(id, ghost, player.id, amt(1), T0))
        .await);
    assert!(
        matches!(e, LedgerError::AccountNotFound(x) if x == ghost),
        "{e:?}"
    );
    let e = err(l
        .transfer(NewTransfer::single(id, clearing.id, ghost, amt(1), T0))
        .await);
    assert!(
        matches!(e, LedgerError::AccountNotFound(x) if x == ghost),
        "{e:?}"
    );
    let e = err(l
        .transfer(NewTransfer::single(id, clearing.id, foreign.id, amt(1), T0))
        .await);
    assert!(
        matches!(e, LedgerError::LedgerMismatch { id: x, debit_ledger, credit_ledger }
            if x == id && debit_ledger == f.ledger.0 && credit_ledger == f.other_ledger.0),
        "{e:?}"
    );
    let too_big = u64::try_from(i64::MAX).expect("fits") + 1;
    let e = err(l
        .transfer(NewTransfer::single(
            id,
            clearing.id,
            player.id,
            amt(too_big),
            T0,
        ))
        .await);
    assert!(matches!(e, LedgerError::OutOfRange(_)), "{e:?}");
    let e = err(l
        .transfer(NewTransfer::single(
            id,
            clearing.id,
            player.id,
            amt(1),
            Timestamp(too_big),
        ))
        .await);
    assert!(matches!(e, LedgerError::OutOfRange(_)), "{e:?}");
    let near_end = Timestamp(u64::try_from(i64::MAX).expect("fits") - 10);
    let e = err(l
        .transfer(NewTransfer::pending(
            id,
            clearing.id,
            player.id,
            amt(1),
            1,
            near_end,
        ))
        .await);
    assert!(matches!(e, LedgerError::OutOfRange(_)), "{e:?}");
    let e = l.submit(&[]).await.expect_err("empty");
    assert!(matches!(e, LedgerError::EmptyBatch), "{e:?}");
    assert_eq!(l.lookup_transfer(id).await.expect("lookup"), None);
    assert_eq!(get(&*l, player.id).await.posted, 0);
    // Balance overflow on an unlimited account.
    let house = f.account(&*l, AccountKind::HouseBankroll).await;
    let max = u64::try_from(i64::MAX).expect("fits");
    f.fund(&*l, clearing.id, house.id, max).await;
    let e = err(l
        .transfer(NewTransfer::single(
            f.tid(),
            clearing.id,
            house.id,
            amt(1),
            T0,
        ))
        .await);
    assert!(matches!(e, LedgerError::BalanceOverflow(_)), "{e:?}");
    assert_invariants(&*l, &[clearing.id, player.id, house.id]).await;
}

/// Limited accounts never go below zero; the error names the account and the shortfall;
/// unlimited kinds may go negative.
pub async fn limits<L: Ledger>(l: Arc<L>) {
    let f = Fixture::new();
    let clearing = f.account(&*l, AccountKind::DepositsClearing).await;
    let house = f.account(&*l, AccountKind::HouseBankroll).await;
    let player = f.account(&*l, AccountKind::PlayerCash).await;
    f.fund(&*l, clearing.id, player.id, 100).await;
    let e = l
        .transfer(NewTransfer::single(
            f.tid(),
            player.id,
            house.id,
            amt(130),
            T0,
        ))
        .await
        .expect_err("overdraw");
    match e {
        LedgerError::InsufficientFunds {
            account,
            available,
            required,
            shortfall,
        } => {
            assert_eq!(account, player.id);
            assert_eq!((available, required, shortfall), (100, 130, 30));
        }
        other => panic!("expected InsufficientFunds, got {other:?}"),
    }
    // Pending debits count against the available balance.
    let hold = NewTransfer::pending(f.tid(), player.id, house.id, amt(80), 0, T0);
    l.transfer(hold).await.expect("hold");
    let a = get(&*l, player.id).await;
    assert_eq!((a.posted, a.debits_pending, a.available()), (100, 80, 20));
    let e = l
        .transfer(NewTransfer::pending(
            f.tid(),
            player.id,
            house.id,
            amt(21),
            0,
            T0,
        ))
        .await
        .expect_err("overdraw pending");
    assert!(
        matches!(
            e,
            LedgerError::InsufficientFunds {
                available: 20,
                required: 21,
                shortfall: 1,
                ..
            }
        ),
        "{e:?}"
    );
    l.transfer(NewTransfer::single(
        f.tid(),
        player.id,
        house.id,
        amt(20),
        T0,
    ))
    .await
    .expect("exactly the available balance");
    assert_eq!(get(&*l, player.id).await.available(), 0);
    // The house may go negative, as may deposits clearing.
    let player2 = f.account(&*l, AccountKind::PlayerCash).await;
    l.transfer(NewTransfer::single(
        f.tid(),
        house.id,
        player2.id,
        amt(1_000),
        T0,
    ))
    .await
    .expect("house pays");
    assert!(get(&*l, house.id).await.posted < 0);
    // Every limited kind is limited.
    for kind in AccountKind::ALL.into_iter().filter(|k| k.limited()) {
        let x = f.account(&*l, kind).await;
        let e = l
            .transfer(NewTransfer::single(f.tid(), x.id, house.id, amt(1), T0))
            .await
            .expect_err("limited");
        assert!(
            matches!(e, LedgerError::InsufficientFunds { account, shortfall: 1, .. } if account == x.id),
            "{kind:?}: {e:?}"
        );
    }
    // In a linked batch the error is wrapped with the member's index.
    let e = l
        .submit(&[
            NewTransfer::single(f.tid(), clearing.id, player2.id, amt(5), T0),
            NewTransfer::single(f.tid(), player2.id, house.id, amt(2_000), T0),
        ])
        .await
        .expect_err("linked overdraw");
    assert!(matches!(e, LedgerError::Linked { index: 1, .. }), "{e:?}");
    assert!(
        matches!(
            e.root(),
            LedgerError::InsufficientFunds {
                available: 1_005,
                shortfall: 995,
                ..
            }
        ),
        "{e:?}"
    );
    assert_invariants(&*l, &[clearing.id, house.id, player.id, player2.id]).await;
}

/// Pending transfers hold funds; post (full or partial) and void resolve them exactly once.
pub async fn two_phase<L: Ledger>(l: Arc<L>) {
    let f = Fixture::new();
    let clearing = f.account(&*l, AccountKind::DepositsClearing).await;
    let house = f.account(&*l, AccountKind::HouseBankroll).await;
    let player = f.account(&*l, AccountKind::PlayerCash).await;
    f.fund(&*l, clearing.id, player.id, 1_000).await;

    // Full post.
    let p1 = NewTransfer::pending(f.tid(), player.id, house.id, amt(300), 60, T0).with_code(3, 4);
    let t = l.transfer(p1).await.expect("pending");
    assert_eq!(
        t.kind,
        TransferKind::Pending {
            expires_at: Some(later(60))
        }
    );
    assert_eq!(
        l.pending_state(p1.id).await.expect("state"),
        Some(PendingState::Pending)
    );
    let (pl, ho) = (get(&*l, player.id).await, get(&*l, house.id).await);
    assert_eq!(
        (pl.posted, pl.debits_pending, pl.available()),
        (1_000, 300, 700)
    );
    assert_eq!((ho.posted, ho.credits_pending), (0, 300));
    let post = l
        .transfer(NewTransfer::post(f.tid(), p1.id, None, later(1)))
        .await
        .expect("post");
    assert_eq!(post.kind, TransferKind::Post { pending_id: p1.id });
    assert_eq!(
        (post.debit, post.credit, post.amount),
        (player.id, house.id, amt(300))
    );
    assert_eq!(post.ledger, f.ledger);
    assert_eq!(
        l.pending_state(p1.id).await.expect("state"),
        Some(PendingState::Posted)
    );
    let (pl, ho) = (get(&*l, player.id).await, get(&*l, house.id).await);
    assert_eq!((pl.posted, pl.debits_pending), (700, 0));
    assert_eq!((ho.posted, ho.credits_pending), (300, 0));
    // At most once.
    for again in [
        NewTransfer::post(f.tid(), p1.id, None, later(1)),
        NewTransfer::void(f.tid(), p1.id, later(1)),
    ] {
        let e = l.transfer(again).await.expect_err("resolved");
        assert!(
            matches!(e, LedgerError::PendingAlreadyResolved { id, state: PendingState::Posted } if id == p1.id),
            "{e:?}"
        );
    }

    // Partial post releases the remainder.
    let p2 = NewTransfer::pending(f.tid(), player.id, house.id, amt(200), 0, T0);
    l.transfer(p2).await.expect("pending");
    let e = l
        .transfer(NewTransfer::post(f.tid(), p2.id, Some(amt(201)), T0))
        .await
        .expect_err("too much");
    assert!(
        matches!(e, LedgerError::PostExceedsPending { id, pending: 200, requested: 201 } if id == p2.id),
        "{e:?}"
    );
    let e = l
        .transfer(NewTransfer::post(f.tid(), p2.id, Some(amt(0)), T0))
        .await
        .expect_err("zero");
    assert!(matches!(e, LedgerError::ZeroAmount(_)), "{e:?}");
    let partial = l
        .transfer(NewTransfer::post(f.tid(), p2.id, Some(amt(75)), T0))
        .await
        .expect("partial post");
    assert_eq!(partial.amount, amt(75));
    let (pl, ho) = (get(&*l, player.id).await, get(&*l, house.id).await);
    assert_eq!(
        (pl.posted, pl.debits_pending, pl.available()),
        (625, 0, 625)
    );
    assert_eq!((ho.posted, ho.credits_pending), (375, 0));

    // Void releases everything.
    let p3 = NewTransfer::pending(f.tid(), player.id, house.id, amt(600), 0, T0);
    l.transfer(p3).await.expect("pending");
    assert_eq!(get(&*l, player.id).await.available(), 25);
    let void = l
        .transfer(NewTransfer::void(f.tid(), p3.id, T0))
        .await
        .expect("void");
    assert_eq!(void.kind, TransferKind::Void { pending_id: p3.id });
    assert_eq!(void.amount, amt(600));
    assert_eq!(
        l.pending_state(p3.id).await.expect("state"),
        Some(PendingState::Voided)
    );
    assert_eq!(get(&*l, player.id).await.available(), 625);
    let e = l
        .transfer(NewTransfer::post(f.tid(), p3.id, None, T0))
        .await
        .expect_err("voided");
    assert!(
        matches!(
            e,
            LedgerError::PendingAlreadyResolved {
                state: PendingState::Voided,
                ..
            }
        ),
        "{e:?}"
    );

    // Unknown and non-pending targets.
    let ghost = f.tid();
    let e = l
        .transfer(NewTransfer::post(f.tid(), ghost, None, T0))
        .await
        .expect_err("unknown");
    assert!(
        matches!(e, LedgerError::PendingNotFound(x) if x == ghost),
        "{e:?}"
    );
    let single = NewTransfer::single(f.tid(), clearing.id, player.id, amt(1), T0);
    l.transfer(single).await.expect("single");
    let e = l
        .transfer(NewTransfer::void(f.tid(), single.id, T0))
        .await
        .expect_err("not pending");
    assert!(
        matches!(e, LedgerError::NotPending(x) if x == single.id),
        "{e:?}"
    );
    let e = l
        .transfer(NewTransfer::void(f.tid(), post.id, T0))
        .await
        .expect_err("a post is not pending");
    assert!(matches!(e, LedgerError::NotPending(_)), "{e:?}");
    assert_eq!(l.pending_state(single.id).await.expect("state"), None);
    assert_invariants(&*l, &[clearing.id, house.id, player.id]).await;
}

/// Pending transfers expire after their timeout: posts at or after the deadline are refused and
/// `expire_pending` releases them, at most `max` at a time, each once.
pub async fn expiry<L: Ledger>(l: Arc<L>) {
    let f = Fixture::new();
    let clearing = f.account(&*l, AccountKind::DepositsClearing).await;
    let house = f.account(&*l, AccountKind::HouseBankroll).await;
    let player = f.account(&*l, AccountKind::PlayerCash).await;
    f.fund(&*l, clearing.id, player.id, 1_000).await;
    // Expiry sweeps are global: use a time far from other checks' pending transfers.
    let base = Timestamp(T0.0 + (f.ns % 1_000) * 1_000_000_000_000 + 500_000_000_000);
    let at = |s: u64| Timestamp(base.0 + s * 1_000_000);
    let p = |timeout| NewTransfer::pending(f.tid(), player.id, house.id, amt(100), timeout, base);
    let (p10, p20, p30, never) = (p(10), p(20), p(30), p(0));
    for t in [p10, p20, p30, never] {
        l.transfer(t).await.expect("pending");
    }
    assert_eq!(get(&*l, player.id).await.available(), 600);
    let e = l
        .transfer(NewTransfer::post(f.tid(), p10.id, None, at(10)))
        .await
        .expect_err("at the deadline");
    assert!(
        matches!(e, LedgerError::PendingExpired(x) if x == p10.id),
        "{e:?}"
    );
    let e = l
        .transfer(NewTransfer::void(f.tid(), p10.id, at(11)))
        .await
        .expect_err("after the deadline");
    assert!(matches!(e, LedgerError::PendingExpired(_)), "{e:?}");
    l.transfer(NewTransfer::post(f.tid(), p20.id, Some(amt(40)), at(19)))
        .await
        .expect("just before the deadline");

    let mine = |ids: Vec<TransferId>| -> Vec<TransferId> {
        ids.into_iter()
            .filter(|id| [p10.id, p20.id, p30.id, never.id].contains(id))
            .collect()
    };
    assert!(mine(l.expire_pending(at(9), 100).await.expect("sweep")).is_empty());
    assert_eq!(
        mine(l.expire_pending(at(10), 100).await.expect("sweep")),
        vec![p10.id]
    );
    assert_eq!(
        l.pending_state(p10.id).await.expect("state"),
        Some(PendingState::Expired)
    );
    assert_eq!(
        get(&*l, player.id).await.available(),
        1_000 - 40 - 100 - 100
    );
    let e = l
        .transfer(NewTransfer::void(f.tid(), p10.id, at(10)))
        .await
        .expect_err("expired");
    assert!(
        matches!(
            e,
            LedgerError::PendingAlreadyResolved {
                state: PendingState::Expired,
                ..
            }
        ),
        "{e:?}"
    );
    // p20 was posted: not expired. p30 expires; `never` never does.
    let swept = mine(l.expire_pending(at(1_000_000), 100).await.expect("sweep"));
    assert_eq!(swept, vec![p30.id]);
    assert_eq!(
        l.pending_state(p20.id).await.expect("state"),
        Some(PendingState::Posted)
    );
    assert_eq!(
        l.pending_state(never.id).await.expect("state"),
        Some(PendingState::Pending)
    );
    assert!(mine(l.expire_pending(at(1_000_000), 100).await.expect("sweep")).is_empty());
    assert_eq!(get(&*l, player.id).await.available(), 1_000 - 40 - 100);
    // `max` bounds a sweep.
    let many: Vec<NewTransfer> = (0..5)
        .map(|_| NewTransfer::pending(f.tid(), player.id, house.id, amt(1), 1, at(2_000_000)))
        .collect();
    l.submit(&many).await.expect("batch of pending");
    let ids: Vec<TransferId> = many.iter().map(|t| t.id).collect();
    let first = l.expire_pending(at(2_000_001), 2).await.expect("sweep");
    assert!(first.len() <= 2);
    let mut done = 0;
    for _ in 0..10 {
        let swept = l.expire_pending(at(2_000_001), 2).await.expect("sweep");
        done += swept.iter().filter(|id| ids.contains(id)).count();
        if swept.is_empty() {
            break;
        }
    }
    done += first.iter().filter(|id| ids.contains(id)).count();
    assert_eq!(done, 5);
    for id in ids {
        assert_eq!(
            l.pending_state(id).await.expect("state"),
            Some(PendingState::Expired)
        );
    }
    assert_invariants(&*l, &[clearing.id, house.id, player.id]).await;
}

/// Linked batches apply as one: every member or none; replays and in-batch pending work.
pub async fn linked<L: Ledger>(l: Arc<L>) {
    let f = Fixture::new();
    let clearing = f.account(&*l, AccountKind::DepositsClearing).await;
    let house = f.account(&*l, AccountKind::HouseBankroll).await;
    let player = f.account(&*l, AccountKind::PlayerCash).await;
    let hold = f.account(&*l, AccountKind::Hold).await;
    f.fund(&*l, clearing.id, player.id, 1_000).await;

    // A settlement: post the stake and pay the win, as one.
    let stake = NewTransfer::pending(f.tid(), player.id, house.id, amt(100), 0, T0);
    l.transfer(stake).await.expect("stake");
    let settle = [
        NewTransfer::post(f.tid(), stake.id, None, T0),
        NewTransfer::single(f.tid(), house.id, player.id, amt(250), T0),
    ];
    let done = l.submit(&settle).await.expect("settle");
    assert_eq!(done.len(), 2);
    assert_eq!(get(&*l, player.id).await.posted, 1_150);
    assert_eq!(l.submit(&settle).await.expect("replay"), done);
    assert_eq!(get(&*l, player.id).await.posted, 1_150);

    // A failing member rolls everything back, including earlier members' effects.
    let bad = [
        NewTransfer::single(f.tid(), player.id, hold.id, amt(1_100), T0),
        NewTransfer::pending(f.tid(), player.id, house.id, amt(100), 0, T0),
        NewTransfer::single(f.tid(), hold.id, house.id, amt(500), T0),
    ];
    let e = l.submit(&bad).await.expect_err("member 1 overdraws");
    assert!(matches!(e, LedgerError::Linked { index: 1, .. }), "{e:?}");
    assert!(
        matches!(e.root(), LedgerError::InsufficientFunds { account, .. } if *account == player.id),
        "{e:?}"
    );
    for t in &bad {
        assert_eq!(l.lookup_transfer(t.id).await.expect("lookup"), None);
    }
    let (pl, ho) = (get(&*l, player.id).await, get(&*l, hold.id).await);
    assert_eq!((pl.posted, pl.debits_pending, ho.posted), (1_150, 0, 0));

    // Later members see earlier ones: create and post a pending transfer in one batch; a
    // member may be a replay of an applied transfer.
    let p = NewTransfer::pending(f.tid(), player.id, hold.id, amt(300), 0, T0);
    let chain = [
        settle[1],
        p,
        NewTransfer::post(f.tid(), p.id, Some(amt(120)), T0),
        NewTransfer::single(f.tid(), hold.id, house.id, amt(120), T0),
    ];
    let applied = l.submit(&chain).await.expect("chain");
    assert_eq!(
        applied[0], done[1],
        "replayed member returns the stored transfer"
    );
    assert_eq!(
        l.pending_state(p.id).await.expect("state"),
        Some(PendingState::Posted)
    );
    let (pl, ho) = (get(&*l, player.id).await, get(&*l, hold.id).await);
    assert_eq!((pl.posted, pl.debits_pending, ho.posted), (1_030, 0, 0));

    // A conflicting member fails the batch.
    let e = l
        .submit(&[
            NewTransfer::single(f.tid(), clearing.id, player.id, amt(1), T0),
            NewTransfer::single(settle[1].id, house.id, player.id, amt(999), T0),
        ])
        .await
        .expect_err("conflict");
    assert!(
        matches!(e.root(), LedgerError::TransferIdConflict(x) if *x == settle[1].id),
        "{e:?}"
    );
    // Shape errors.
    let dup = NewTransfer::single(f.tid(), clearing.id, player.id, amt(1), T0);
    let e = l.submit(&[dup, dup]).await.expect_err("duplicate");
    assert!(
        matches!(e, LedgerError::DuplicateInBatch(x) if x == dup.id),
        "{e:?}"
    );
    let too_many: Vec<NewTransfer> = (0..=MAX_BATCH)
        .map(|_| NewTransfer::single(f.tid(), clearing.id, player.id, amt(1), T0))
        .collect();
    let e = l.submit(&too_many).await.expect_err("too large");
    assert!(
        matches!(e, LedgerError::BatchTooLarge(n) if n == MAX_BATCH + 1),
        "{e:?}"
    );
    let full = &too_many[..MAX_BATCH];
    assert_eq!(l.submit(full).await.expect("max batch").len(), MAX_BATCH);
    assert_eq!(
        get(&*l, player.id).await.posted,
        1_030 + i64::try_from(MAX_BATCH).expect("small")
    );
    assert_invariants(&*l, &[clearing.id, house.id, player.id, hold.id]).await;
}

/// History lists every transfer touching an account, oldest first, in cursor-linked pages.
pub async fn history<L: Ledger>(l: Arc<L>) {
    let f = Fixture::new();
    let clearing = f.account(&*l, AccountKind::DepositsClearing).await;
    let house = f.account(&*l, AccountKind::HouseBankroll).await;
    let player = f.account(&*l, AccountKind::PlayerCash).await;
    let other = f.account(&*l, AccountKind::PlayerCash).await;
    let mut expected = Vec::new();
    for i in 0..23u64 {
        let t = NewTransfer::single(f.tid(), clearing.id, player.id, amt(10 + i), later(i));
        expected.push(l.transfer(t).await.expect("deposit").id);
        f.fund(&*l, clearing.id, other.id, 1).await;
    }
    let p = NewTransfer::pending(f.tid(), player.id, house.id, amt(5), 0, T0);
    expected.push(l.transfer(p).await.expect("pending").id);
    let post = NewTransfer::post(f.tid(), p.id, None, T0);
    expected.push(l.transfer(post).await.expect("post").id);
    let mut seen = Vec::new();
    let mut cursor = None;
    let mut pages = 0;
    loop {
        let page = l.history(player.id, cursor, 10).await.expect("page");
        assert!(page.transfers.len() <= 10);
        pages += 1;
        seen.extend(page.transfers.iter().map(|t| t.id));
        for t in &page.transfers {
            assert!(t.debit == player.id || t.credit == player.id);
        }
        match page.next {
            Some(c) => cursor = Some(c),
            None => break,
        }
        assert!(pages < 10, "pagination does not end");
    }
    assert_eq!(seen, expected);
    assert_eq!(pages, 3);
    let all = l
        .history(player.id, None, 1_000_000)
        .await
        .expect("clamped");
    assert_eq!(all.transfers.len(), expected.len());
    assert_eq!(all.next, None);
    let one = l.history(player.id, None, 0).await.expect("at least one");
    assert_eq!(one.transfers.len(), 1);
    assert!(one.next.is_some());
    let empty = f.account(&*l, AccountKind::PlayerBonus).await;
    let page = l.history(empty.id, None, 10).await.expect("empty");
    assert!(page.transfers.is_empty() && page.next.is_none());
    let ghost = AccountId(f.tid().0);
    let e = l.history(ghost, None, 10).await.expect_err("unknown");
    assert!(
        matches!(e, LedgerError::AccountNotFound(x) if x == ghost),
        "{e:?}"
    );
}
