//! Many tasks betting, settling and retrying on shared accounts at once.

use std::sync::Arc;

use kingpin_units::Amount;

use super::{Fixture, T0, assert_invariants, get};
use crate::{AccountId, AccountKind, Ledger, LedgerError, NewTransfer, house_shard};

const TASKS: usize = 16;
const BETS_PER_TASK: u64 = 25;
const PLAYERS: usize = 4;
const DEPOSIT: u64 = 2_000;

/// What one task saw: per player, the net effect of the bets it settled.
type Net = [i64; PLAYERS];

async fn bettor<L: Ledger>(
    l: Arc<L>,
    f: Arc<Fixture>,
    task: usize,
    players: Vec<AccountId>,
    house: Vec<AccountId>,
) -> (Net, Vec<crate::TransferId>) {
    let mut net = [0i64; PLAYERS];
    let mut applied = Vec::new();
    for bet in 0..BETS_PER_TASK {
        let k = (task + usize::try_from(bet).unwrap_or(0)) % PLAYERS;
        let player = players[k];
        let stake_minor = 1 + (bet * 37 + task as u64 * 11) % 150;
        let stake = Amount::from_minor(stake_minor);
        let hold_id = f.tid();
        let shard = house_shard(&house, hold_id).expect("shards");
        let hold = NewTransfer::pending(hold_id, player, shard, stake, 30, T0);
        // Retry the hold concurrently with itself: exactly one effect, same result.
        let (a, b) = tokio::join!(l.transfer(hold), l.transfer(hold));
        match (a, b) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "concurrent retries disagree"),
            (Err(ea), Err(eb)) => {
                assert!(
                    matches!(ea, LedgerError::InsufficientFunds { .. })
                        && matches!(eb, LedgerError::InsufficientFunds { .. }),
                    "{ea:?} / {eb:?}"
                );
                continue;
            }
            // A refusal is not stored and a resubmission is judged afresh: if funds arrived
            // between the two, one copy may be refused and the other applied. Never two effects.
            (Ok(_), Err(LedgerError::InsufficientFunds { .. }))
            | (Err(LedgerError::InsufficientFunds { .. }), Ok(_)) => {}
            (a, b) => panic!("concurrent retries disagree: {a:?} / {b:?}"),
        }
        let stored = l.lookup_transfer(hold_id).await.expect("lookup");
        assert_eq!(
            stored.map(|t| t.amount),
            Some(stake),
            "the hold is stored once"
        );
        applied.push(hold_id);
        let win = (bet + task as u64) % 3 == 0;
        let payout = stake_minor * 2;
        let mut settle = vec![NewTransfer::post(f.tid(), hold_id, None, T0)];
        if win {
            settle.push(NewTransfer::single(
                f.tid(),
                shard,
                player,
                Amount::from_minor(payout),
                T0,
            ));
        }
        let first = l.submit(&settle).await.expect("settle");
        let again = l.submit(&settle).await.expect("settle retry");
        assert_eq!(first, again);
        applied.extend(settle.iter().map(|t| t.id));
        let stake_i = i64::try_from(stake_minor).expect("small");
        net[k] -= stake_i;
        if win {
            net[k] += 2 * stake_i;
        }
        // Now and then, a bet that voids, to mix resolutions.
        if bet % 5 == 4 {
            let v = NewTransfer::pending(f.tid(), player, shard, Amount::from_minor(1), 0, T0);
            if l.transfer(v).await.is_ok() {
                l.transfer(NewTransfer::void(f.tid(), v.id, T0))
                    .await
                    .expect("void");
            }
        }
    }
    (net, applied)
}

/// Many tasks bet on a few shared players and a sharded house, retrying every request, some of
/// them concurrently with themselves. Afterwards: every ledger invariant holds, every player's
/// balance is its deposit plus the net of its settled bets, every applied id is stored once.
pub async fn concurrency<L: Ledger + 'static>(l: Arc<L>) {
    let f = Arc::new(Fixture::new());
    let clearing = f.account(&*l, AccountKind::DepositsClearing).await;
    let mut players = Vec::new();
    for _ in 0..PLAYERS {
        let p = f.account(&*l, AccountKind::PlayerCash).await;
        f.fund(&*l, clearing.id, p.id, DEPOSIT).await;
        players.push(p.id);
    }
    let mut house = Vec::new();
    for _ in 0..3 {
        house.push(f.account(&*l, AccountKind::HouseBankroll).await.id);
    }
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            tokio::spawn(bettor(
                l.clone(),
                f.clone(),
                task,
                players.clone(),
                house.clone(),
            ))
        })
        .collect();
    let mut net = [0i64; PLAYERS];
    let mut applied = Vec::new();
    for t in tasks {
        let (n, ids) = t.await.expect("bettor task");
        for (total, x) in net.iter_mut().zip(n) {
            *total += x;
        }
        applied.extend(ids);
    }
    for (p, n) in players.iter().zip(net) {
        let a = get(&*l, *p).await;
        assert_eq!(
            a.posted,
            i64::try_from(DEPOSIT).expect("small") + n,
            "{a:?}"
        );
        assert_eq!(a.debits_pending, 0, "{a:?}");
    }
    for id in &applied {
        assert!(l.lookup_transfer(*id).await.expect("lookup").is_some());
    }
    // Histories list every transfer once.
    let mut listed = Vec::new();
    for p in &players {
        let mut cursor = None;
        loop {
            let page = l.history(*p, cursor, 200).await.expect("history");
            listed.extend(page.transfers.iter().map(|t| t.id));
            match page.next {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
    }
    let n = listed.len();
    listed.sort();
    listed.dedup();
    assert_eq!(listed.len(), n, "a transfer listed twice");
    // Exact races: a player funded with exactly one stake, and the same hold submitted three
    // times at once. Nothing else touches the player, so every copy must succeed with the one
    // effect; a refusal would mean a retry was judged against its own first application.
    let mut racers = Vec::new();
    for _ in 0..12 {
        let p = f.account(&*l, AccountKind::PlayerCash).await;
        f.fund(&*l, clearing.id, p.id, 77).await;
        let hold = NewTransfer::pending(f.tid(), p.id, house[0], Amount::from_minor(77), 0, T0);
        let l = l.clone();
        racers.push((
            p.id,
            tokio::spawn(async move {
                let (a, b, c) = tokio::join!(l.transfer(hold), l.transfer(hold), l.transfer(hold));
                (a.expect("copy 1"), b.expect("copy 2"), c.expect("copy 3"))
            }),
        ));
    }
    for (p, race) in racers {
        let (a, b, c) = race.await.expect("racing task");
        assert!(a == b && b == c, "{a:?} {b:?} {c:?}");
        let acc = get(&*l, p).await;
        assert_eq!((acc.posted, acc.debits_pending), (77, 77), "{acc:?}");
        players.push(p);
    }
    let mut all = players.clone();
    all.extend(&house);
    all.push(clearing.id);
    assert_invariants(&*l, &all).await;
}
