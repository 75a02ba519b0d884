//! Requests submitted at the same moment are judged independently: an implementation that
//! groups concurrent callers' batches (group commit) must give each the answer it would get
//! alone, in some order of the requests.

use std::sync::Arc;

use kingpin_units::Amount;

use super::{Fixture, T0, assert_invariants, get};
use crate::{AccountKind, Ledger, LedgerError, NewTransfer, PendingState, Transfer};

fn amt(minor: u64) -> Amount {
    Amount::from_minor(minor)
}

type Answer = Result<Vec<Transfer>, LedgerError>;

fn root(r: &Answer) -> Option<&LedgerError> {
    r.as_ref().err().map(LedgerError::root)
}

/// Fourteen requests submitted at once from one task (so a grouping implementation sees them
/// queued together): refusals of every kind next to successes, exact retries, a conflicting
/// reuse of an id, two resolutions of one pending transfer, linked batches that succeed and
/// fail. Every answer must be the one it gets alone; when two requests compete (same id, same
/// pending transfer), exactly one wins and the balances show exactly the winner.
pub async fn independence<L: Ledger>(l: Arc<L>) {
    let f = Fixture::new();
    let clearing = f.account(&*l, AccountKind::DepositsClearing).await;
    let house = f.account(&*l, AccountKind::HouseBankroll).await;
    let mut players = Vec::new();
    for _ in 0..6 {
        let p = f.account(&*l, AccountKind::PlayerCash).await;
        f.fund(&*l, clearing.id, p.id, 100).await;
        players.push(p.id);
    }
    let [p1, p2, p3, p4, p5, p6] = players[..] else {
        unreachable!("six players")
    };
    // State before the race: a stored transfer (for a conflicting reuse), a voided pending
    // transfer (for a post that must be refused), a live one (resolved twice at once).
    let stored = NewTransfer::single(f.tid(), p6, house.id, amt(1), T0);
    l.transfer(stored).await.expect("stored");
    let voided = NewTransfer::pending(f.tid(), p6, house.id, amt(2), 0, T0);
    l.transfer(voided).await.expect("voided hold");
    l.transfer(NewTransfer::void(f.tid(), voided.id, T0))
        .await
        .expect("void");
    let live = NewTransfer::pending(f.tid(), p5, house.id, amt(30), 0, T0);
    l.transfer(live).await.expect("live hold");

    let overdraw = [NewTransfer::single(f.tid(), p1, house.id, amt(150), T0)];
    let spend = [NewTransfer::single(f.tid(), p1, house.id, amt(60), T0)];
    let reuse_stored = [NewTransfer::single(stored.id, p6, house.id, amt(9), T0)];
    let post_voided = [NewTransfer::post(f.tid(), voided.id, None, T0)];
    let linked_fails = [
        NewTransfer::single(f.tid(), p2, house.id, amt(10), T0),
        NewTransfer::single(f.tid(), p3, house.id, amt(10_000), T0),
    ];
    let linked_ok = {
        let hold = NewTransfer::pending(f.tid(), p4, house.id, amt(30), 0, T0);
        [hold, NewTransfer::post(f.tid(), hold.id, Some(amt(20)), T0)]
    };
    let void_live = [NewTransfer::void(f.tid(), live.id, T0)];
    let post_live = [NewTransfer::post(f.tid(), live.id, None, T0)];
    // Same new id, different fields: exactly one applies, the other is a conflict.
    let contested = f.tid();
    let first_use = [NewTransfer::single(contested, p3, house.id, amt(5), T0)];
    let second_use = [NewTransfer::single(contested, p3, house.id, amt(7), T0)];
    let bad_account = [NewTransfer::single(
        f.tid(),
        p2,
        crate::AccountId(f.tid().0),
        amt(1),
        T0,
    )];

    let (
        r_overdraw,
        r_spend,
        r_spend_again,
        r_reuse,
        r_post_voided,
        r_linked_fails,
        r_linked_ok,
        r_void,
        r_post,
        r_first,
        r_second,
        r_bad,
        r_spend_third,
        r_overdraw_again,
    ) = tokio::join!(
        l.submit(&overdraw),
        l.submit(&spend),
        l.submit(&spend),
        l.submit(&reuse_stored),
        l.submit(&post_voided),
        l.submit(&linked_fails),
        l.submit(&linked_ok),
        l.submit(&void_live),
        l.submit(&post_live),
        l.submit(&first_use),
        l.submit(&second_use),
        l.submit(&bad_account),
        l.submit(&spend),
        l.submit(&overdraw),
    );

    // Refused whether or not the concurrent spend of 60 came first (short by 50 or by 110).
    for r in [&r_overdraw, &r_overdraw_again] {
        assert!(
            matches!(root(r), Some(LedgerError::InsufficientFunds { account, shortfall: 50 | 110, .. }) if *account == p1),
            "{r:?}"
        );
    }
    let spent = r_spend.expect("spend");
    assert_eq!(spent.len(), 1);
    assert_eq!(r_spend_again.expect("exact retry"), spent);
    assert_eq!(r_spend_third.expect("exact retry"), spent);
    assert!(
        matches!(root(&r_reuse), Some(LedgerError::TransferIdConflict(id)) if *id == stored.id),
        "{r_reuse:?}"
    );
    assert!(
        matches!(
            root(&r_post_voided),
            Some(LedgerError::PendingAlreadyResolved {
                state: PendingState::Voided,
                ..
            })
        ),
        "{r_post_voided:?}"
    );
    assert!(
        matches!(
            &r_linked_fails,
            Err(LedgerError::Linked { index: 1, source })
                if matches!(**source, LedgerError::InsufficientFunds { .. })
        ),
        "{r_linked_fails:?}"
    );
    let linked = r_linked_ok.expect("linked batch");
    assert_eq!(linked.len(), 2);
    assert!(
        matches!(root(&r_bad), Some(LedgerError::AccountNotFound(_))),
        "{r_bad:?}"
    );
    // One resolution of `live` wins; the other sees it resolved.
    let live_state = match (&r_void, &r_post) {
        (Ok(_), Err(LedgerError::Linked { source, .. })) => {
            assert!(
                matches!(
                    **source,
                    LedgerError::PendingAlreadyResolved {
                        state: PendingState::Voided,
                        ..
                    }
                ),
                "{source:?}"
            );
            PendingState::Voided
        }
        (Err(LedgerError::Linked { source, .. }), Ok(_)) => {
            assert!(
                matches!(
                    **source,
                    LedgerError::PendingAlreadyResolved {
                        state: PendingState::Posted,
                        ..
                    }
                ),
                "{source:?}"
            );
            PendingState::Posted
        }
        other => panic!("exactly one resolution must win: {other:?}"),
    };
    assert_eq!(
        l.pending_state(live.id).await.expect("state"),
        Some(live_state)
    );
    // One use of the contested id wins; the other is a conflict.
    let winner = match (&r_first, &r_second) {
        (Ok(_), Err(LedgerError::Linked { source, .. }))
            if matches!(**source, LedgerError::TransferIdConflict(_)) =>
        {
            5
        }
        (Err(LedgerError::Linked { source, .. }), Ok(_))
            if matches!(**source, LedgerError::TransferIdConflict(_)) =>
        {
            7
        }
        other => panic!("exactly one use of an id must win: {other:?}"),
    };
    let stored_contested = l
        .lookup_transfer(contested)
        .await
        .expect("lookup")
        .expect("stored");
    assert_eq!(stored_contested.amount, amt(winner));

    // Balances show exactly the requests that succeeded.
    let balance = |id| {
        let l = l.clone();
        async move {
            let a = get(&*l, id).await;
            (a.posted, a.debits_pending)
        }
    };
    assert_eq!(balance(p1).await, (40, 0));
    assert_eq!(
        balance(p2).await,
        (100, 0),
        "a failed linked batch left a trace"
    );
    let p3_posted = 100 - i64::try_from(winner).expect("small");
    assert_eq!(balance(p3).await, (p3_posted, 0));
    assert_eq!(balance(p4).await, (80, 0));
    let p5_posted = if live_state == PendingState::Posted {
        70
    } else {
        100
    };
    assert_eq!(balance(p5).await, (p5_posted, 0));
    assert_eq!(balance(p6).await, (99, 0));
    let mut all = players.clone();
    all.push(house.id);
    all.push(clearing.id);
    assert_invariants(&*l, &all).await;
}
