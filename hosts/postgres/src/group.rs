//! Group commit at the application level (as TigerBeetle does): concurrent callers' linked
//! batches are queued to one task that decides many of them on one view and writes all their
//! changes in ONE statement — one round trip, one transaction, one WAL flush — then answers each
//! caller with its own result.
//!
//! - **Independence.** Requests are decided one after the other, each by the shared rules
//!   ([`apply_batch`]) on the view left by the requests accepted before it. A refused request
//!   leaves no trace in the view, so it cannot fail or alter the others; a linked batch is still
//!   one request, all of it or none. The group is therefore equivalent to applying its accepted
//!   requests one by one in queue order.
//! - **Refusals are not answered here.** A refusal may rest on cached rows (possibly stale) or on
//!   the effects of group members that are not yet committed, so a refused request is handed
//!   back to its caller ([`Reply::Alone`]), which decides it again on fresh rows through the
//!   per-request paths. Refusals are rare in a casino's steady state (a bet the player cannot
//!   afford, a retry of a conflicting id).
//! - **Durability.** Callers are answered only after the statement has committed (with
//!   `synchronous_commit = on`, after the WAL flush).
//! - **Conflicts.** The write checks every account's version and every resolved pending
//!   transfer's state exactly as the per-request write does. If it fails (a stale cache, another
//!   process writing the same rows) nothing is applied; the group is decided again once on rows
//!   read fresh, and if that fails too every request is handed back to its caller, whose
//!   per-request path retries with a bound and finally takes row locks.
//! - **Latency.** No timer: the task takes everything queued (up to [`GROUP_REQUESTS_MAX`]
//!   requests or [`GROUP_TRANSFERS_MAX`] transfers) as soon as the previous group is written, so
//!   a lone request is written at once, and under load the group grows by itself to what arrived
//!   during one round trip. Requests are taken in arrival order (first come, first written).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use kingpin_ledger::apply::{Changes, Snapshot, StoredTransfer, apply_batch};
use kingpin_ledger::{Account, AccountId, NewTransfer, PendingState, Transfer, TransferId};
use sqlx::PgPool;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::cache::RowCache;
use crate::ledger::{next_versions, read_for_batch, write_changes};

/// The most requests (linked batches) written in one group.
pub const GROUP_REQUESTS_MAX: usize = 256;

/// The group stops taking requests once it holds this many transfers (a request is never split,
/// so a group may exceed it by one batch).
pub const GROUP_TRANSFERS_MAX: usize = 1_024;

/// The default number of groups written at once (see
/// [`PostgresLedger::with_group_pipeline_depth`](crate::PostgresLedger::with_group_pipeline_depth)):
/// one. With two, the next group is decided and sent while the previous one waits for its
/// commit; but a group holds its row locks until its WAL flush, and the house shards are in
/// nearly every group, so the second group mostly waits for the first anyway — and, cut
/// earlier, it is smaller. Measured: no gain (docs/performance.md).
pub const GROUP_PIPELINE_DEPTH: usize = 1;

/// The most times the group task yields to the runtime to let requests arrive before it cuts a
/// group (it stops at the first yield that brings none).
const GATHER_YIELDS_MAX: usize = 8;

/// What the group task answers a caller.
pub(crate) enum Reply {
    /// Applied and committed (or a replay of committed transfers).
    Applied(Vec<Transfer>),
    /// Not decided by the group: refused on rows not yet confirmed, or the group could not be
    /// written. The caller takes the per-request path (idempotent, so this is always safe).
    Alone,
}

struct Request {
    batch: Vec<NewTransfer>,
    reply: oneshot::Sender<Reply>,
}

/// Counters of the group task, for benchmarks and tests.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct GroupStats {
    /// Group statements written (committed).
    pub groups: u64,
    /// Requests applied by those groups.
    pub requests: u64,
    /// Requests handed back to their callers (refusals, and groups that could not be written).
    pub handed_back: u64,
}

#[derive(Default, Debug)]
struct Counters {
    groups: AtomicU64,
    requests: AtomicU64,
    handed_back: AtomicU64,
}

/// The queue to the group task, started on first use on the caller's tokio runtime.
#[derive(Debug)]
pub(crate) struct GroupCommit {
    pool: PgPool,
    cache: Arc<RowCache>,
    queue: OnceLock<Option<mpsc::UnboundedSender<Request>>>,
    counters: Arc<Counters>,
    depth: usize,
}

impl GroupCommit {
    pub(crate) fn new(pool: PgPool, cache: Arc<RowCache>, depth: usize) -> GroupCommit {
        GroupCommit {
            pool,
            cache,
            queue: OnceLock::new(),
            counters: Arc::default(),
            depth: depth.max(1),
        }
    }

    pub(crate) fn stats(&self) -> GroupStats {
        GroupStats {
            groups: self.counters.groups.load(Ordering::Relaxed),
            requests: self.counters.requests.load(Ordering::Relaxed),
            handed_back: self.counters.handed_back.load(Ordering::Relaxed),
        }
    }

    /// Queue `batch` and wait for its group. [`Reply::Alone`] also when no tokio runtime is
    /// available or the task is gone (its runtime shut down).
    pub(crate) async fn submit(&self, batch: &[NewTransfer]) -> Reply {
        let queue = self.queue.get_or_init(|| {
            let handle = tokio::runtime::Handle::try_current().ok()?;
            let (tx, rx) = mpsc::unbounded_channel();
            handle.spawn(run(
                rx,
                self.pool.clone(),
                self.cache.clone(),
                self.counters.clone(),
                self.depth,
            ));
            Some(tx)
        });
        let Some(queue) = queue else {
            return Reply::Alone;
        };
        let (reply, answer) = oneshot::channel();
        let request = Request {
            batch: batch.to_vec(),
            reply,
        };
        if queue.send(request).is_err() {
            return Reply::Alone;
        }
        // A dropped sender means the task died mid-group: whether the group committed is
        // unknown, and the per-request path (idempotent) finds out.
        answer.await.unwrap_or(Reply::Alone)
    }
}

/// A group decided and sent, waiting for its commit.
struct InFlight {
    group: Vec<Request>,
    decided: Decided,
    next: HashMap<AccountId, i64>,
    /// What the group makes of the rows it changes: accounts with their new versions, and
    /// transfers inserted or resolved. A later group is decided on top of it.
    after_accounts: HashMap<AccountId, (Account, i64)>,
    after_transfers: HashMap<TransferId, StoredTransfer>,
    touched: Touched,
    /// The write, spawned so it proceeds while the next group is decided: `true` if committed.
    write: JoinHandle<bool>,
}

/// The group task: take what is queued, decide it on the cache plus the groups still in flight,
/// send its write, and answer each group's callers once its commit is known, oldest first. Up
/// to `depth` groups are in flight (a later one decided on top of the earlier ones' effects,
/// its write waiting for their row locks and checking the versions they leave). Ends when every `GroupCommit` (hence every ledger clone) is dropped.
async fn run(
    mut queue: mpsc::UnboundedReceiver<Request>,
    pool: PgPool,
    cache: Arc<RowCache>,
    counters: Arc<Counters>,
    depth: usize,
) {
    let mut flight: VecDeque<InFlight> = VecDeque::new();
    let mut open = true;
    // Set when a group failed: the groups after it were decided on its effects, so their answers
    // are not trusted (handed back) and no group starts until the pipeline is empty; then the
    // failed groups are decided again, one at a time, on fresh rows.
    let mut failed: Vec<Vec<Request>> = Vec::new();
    loop {
        let room = open && failed.is_empty() && flight.len() < depth;
        let next = match flight.front_mut() {
            None if !room => break,
            // Idle: wait for a request.
            None => Next::Request(queue.recv().await),
            // Full: wait for the oldest group.
            Some(oldest) if !room => Next::Done((&mut oldest.write).await.unwrap_or(false)),
            // Room and a group in flight: whichever comes first.
            Some(oldest) => tokio::select! {
                biased;
                done = &mut oldest.write => Next::Done(done.unwrap_or(false)),
                request = queue.recv() => Next::Request(request),
            },
        };
        match next {
            Next::Request(None) => open = false,
            Next::Request(Some(first)) => {
                // Let callers just answered queue their next request before the group is cut:
                // yield to the runtime while requests keep arriving (at most
                // GATHER_YIELDS_MAX times). No timer: when one yield brings nothing, the group
                // is cut, so a lone request waits one yield.
                let mut queued = queue.len();
                for _ in 0..GATHER_YIELDS_MAX {
                    tokio::task::yield_now().await;
                    if queue.len() == queued {
                        break;
                    }
                    queued = queue.len();
                }
                let group = take_queued(first, &mut queue);
                let started = start(&pool, &cache, group, &flight).await;
                flight.push_back(started);
            }
            Next::Done(committed) => {
                let Some(f) = flight.pop_front() else {
                    continue;
                };
                if committed {
                    cache.committed(&f.decided.changes, &f.next);
                    counters.groups.fetch_add(1, Ordering::Relaxed);
                    let answers: Vec<Reply> = if failed.is_empty() {
                        f.decided
                            .results
                            .into_iter()
                            .map(|r| r.map_or(Reply::Alone, Reply::Applied))
                            .collect()
                    } else {
                        f.group.iter().map(|_| Reply::Alone).collect()
                    };
                    answer(f.group, answers, &counters);
                } else {
                    cache.forget_all(&f.touched);
                    failed.push(f.group);
                }
                if flight.is_empty() {
                    for group in std::mem::take(&mut failed) {
                        let answers = retry_fresh(&pool, &cache, &group, &counters).await;
                        answer(group, answers, &counters);
                    }
                }
            }
        }
    }
}

enum Next {
    Request(Option<Request>),
    Done(bool),
}

/// `first` and whatever else is queued, up to the group limits, in arrival order.
fn take_queued(first: Request, queue: &mut mpsc::UnboundedReceiver<Request>) -> Vec<Request> {
    let mut transfers = first.batch.len();
    let mut group = vec![first];
    while group.len() < GROUP_REQUESTS_MAX && transfers < GROUP_TRANSFERS_MAX {
        match queue.try_recv() {
            Ok(r) => {
                transfers += r.batch.len();
                group.push(r);
            }
            Err(_) => break,
        }
    }
    group
}

fn answer(group: Vec<Request>, answers: Vec<Reply>, counters: &Counters) {
    for (request, reply) in group.into_iter().zip(answers) {
        match reply {
            Reply::Applied(_) => counters.requests.fetch_add(1, Ordering::Relaxed),
            Reply::Alone => counters.handed_back.fetch_add(1, Ordering::Relaxed),
        };
        // A caller that stopped waiting does not stop the others.
        let _ = request.reply.send(reply);
    }
}

/// Decide a group on the cache (reading what is missing) with the groups in flight on top, and
/// spawn its write.
async fn start(
    pool: &PgPool,
    cache: &RowCache,
    group: Vec<Request>,
    flight: &VecDeque<InFlight>,
) -> InFlight {
    let prepared = prepare(pool, cache, &group, false, flight).await;
    let (decided, versions, touched, ok) = match prepared {
        Ok((decided, versions, touched)) => (decided, versions, touched, true),
        Err(touched) => (
            Decided {
                results: Vec::new(),
                changes: Changes::default(),
                view: Snapshot::default(),
            },
            HashMap::new(),
            touched,
            false,
        ),
    };
    let next = next_versions(&decided.changes);
    let mut after_accounts = HashMap::new();
    for a in &decided.changes.accounts {
        if let Some(v) = next.get(&a.id) {
            after_accounts.insert(a.id, (*a, *v));
        }
    }
    let mut after_transfers = HashMap::new();
    let changed = decided
        .changes
        .inserted
        .iter()
        .map(|t| t.transfer.id)
        .chain(decided.changes.resolved.iter().map(|r| r.0));
    for id in changed {
        if let Some(t) = decided.view.transfers.get(&id) {
            after_transfers.insert(id, *t);
        }
    }
    let write = if !ok {
        tokio::spawn(async { false })
    } else if decided.changes.is_empty() {
        tokio::spawn(async { true })
    } else {
        let (pool, changes) = (pool.clone(), decided.changes.clone());
        let (v, n) = (versions.clone(), next.clone());
        tokio::spawn(async move { write_changes(&pool, &changes, &v, &n).await.is_ok() })
    };
    InFlight {
        group,
        decided,
        next,
        after_accounts,
        after_transfers,
        touched,
        write,
    }
}

/// Decide a failed group again on rows all read fresh, alone, and write it; if that fails too,
/// hand every request back.
async fn retry_fresh(
    pool: &PgPool,
    cache: &RowCache,
    group: &[Request],
    counters: &Counters,
) -> Vec<Reply> {
    let alone = || group.iter().map(|_| Reply::Alone).collect();
    let Ok((decided, versions, touched)) =
        prepare(pool, cache, group, true, &VecDeque::new()).await
    else {
        return alone();
    };
    if !decided.changes.is_empty() {
        let next = next_versions(&decided.changes);
        if write_changes(pool, &decided.changes, &versions, &next)
            .await
            .is_err()
        {
            cache.forget_all(&touched);
            return alone();
        }
        cache.committed(&decided.changes, &next);
        counters.groups.fetch_add(1, Ordering::Relaxed);
    }
    decided
        .results
        .into_iter()
        .map(|r| r.map_or(Reply::Alone, Reply::Applied))
        .collect()
}

/// The decisions of one group and the changes they make together.
struct Decided {
    /// Per request: its results if accepted, `None` if refused.
    results: Vec<Option<Vec<Transfer>>>,
    /// Every accepted request's changes, merged: each account's final balances once, transfers
    /// in application order (a pending transfer resolved later in the group is inserted in its
    /// final state), and stored pending transfers resolved.
    changes: Changes,
    /// The view after the group.
    view: Snapshot,
}

/// Decide each request in turn on the view left by the requests accepted before it.
fn decide_group(mut view: Snapshot, group: &[&[NewTransfer]]) -> Decided {
    let mut accounts = HashMap::new();
    let mut inserted: Vec<StoredTransfer> = Vec::new();
    let mut position: HashMap<TransferId, usize> = HashMap::new();
    let mut resolved: HashMap<TransferId, PendingState> = HashMap::new();
    let mut results = Vec::with_capacity(group.len());
    for batch in group {
        let Ok((applied, changes)) = apply_batch(&view, batch) else {
            results.push(None);
            continue;
        };
        for a in changes.accounts {
            view.accounts.insert(a.id, a);
            accounts.insert(a.id, a);
        }
        for st in changes.inserted {
            view.transfers.insert(st.transfer.id, st);
            position.insert(st.transfer.id, inserted.len());
            inserted.push(st);
        }
        for (id, state) in changes.resolved {
            if let Some(t) = view.transfers.get_mut(&id) {
                t.pending_state = Some(state);
            }
            match position.get(&id) {
                Some(&i) => inserted[i].pending_state = Some(state),
                None => {
                    resolved.insert(id, state);
                }
            }
        }
        results.push(Some(applied));
    }
    let mut accounts: Vec<_> = accounts.into_values().collect();
    accounts.sort_by_key(|a| a.id);
    let mut resolved: Vec<_> = resolved.into_iter().collect();
    resolved.sort_by_key(|r| r.0);
    Decided {
        results,
        changes: Changes {
            accounts,
            inserted,
            resolved,
        },
        view,
    }
}

/// Rows touched by a group, to forget from the cache when its write failed.
pub(crate) struct Touched {
    pub(crate) accounts: Vec<AccountId>,
    pub(crate) transfers: Vec<TransferId>,
}

/// Build a group's view and decide it. The view: the cache (unless `fresh`), rows read in one
/// statement for the requests it cannot serve, then the groups in `flight` on top (their
/// accounts with the versions their writes will leave, their transfers as they leave them).
/// `Err` carries what to forget: the rows could not be read.
async fn prepare(
    pool: &PgPool,
    cache: &RowCache,
    group: &[Request],
    fresh: bool,
    flight: &VecDeque<InFlight>,
) -> Result<(Decided, HashMap<AccountId, i64>, Touched), Touched> {
    let mut view = Snapshot::default();
    let mut versions: HashMap<AccountId, i64> = HashMap::new();
    let mut missing: Vec<NewTransfer> = Vec::new();
    for r in group {
        match (!fresh).then(|| cache.snapshot(&r.batch)).flatten() {
            Some((snap, v)) => {
                view.accounts.extend(snap.accounts);
                view.transfers.extend(snap.transfers);
                versions.extend(v);
            }
            None => missing.extend_from_slice(&r.batch),
        }
    }
    let touched = |versions: &HashMap<AccountId, i64>| Touched {
        accounts: versions.keys().copied().collect(),
        transfers: group
            .iter()
            .flat_map(|r| kingpin_ledger::apply::batch_transfer_ids(&r.batch))
            .collect(),
    };
    if !missing.is_empty() {
        // One statement reads every missing row (one snapshot); fresh rows win over cached ones.
        let Ok(loaded) = read_for_batch(pool, &missing).await else {
            return Err(touched(&versions));
        };
        cache.remember(&loaded.snap, &loaded.versions);
        view.accounts.extend(loaded.snap.accounts);
        view.transfers.extend(loaded.snap.transfers);
        versions.extend(loaded.versions);
    }
    for f in flight {
        for (id, (account, version)) in &f.after_accounts {
            if view.accounts.contains_key(id) {
                view.accounts.insert(*id, *account);
                versions.insert(*id, *version);
            }
        }
        view.transfers
            .extend(f.after_transfers.iter().map(|(id, t)| (*id, *t)));
    }
    let batches: Vec<&[NewTransfer]> = group.iter().map(|r| r.batch.as_slice()).collect();
    let decided = decide_group(view, &batches);
    let t = touched(&versions);
    Ok((decided, versions, t))
}

#[cfg(test)]
mod tests {
    use kingpin_ledger::{AccountKind, LedgerId, NewAccount, OwnerRef, Timestamp, TransferKind};
    use kingpin_units::Amount;

    use super::*;

    const T: Timestamp = Timestamp(1_000);

    fn view() -> Snapshot {
        let mut snap = Snapshot::default();
        for (id, kind, posted) in [
            (1, AccountKind::PlayerCash, 100),
            (2, AccountKind::HouseBankroll, -100),
        ] {
            let mut a = Account::new(NewAccount {
                id: AccountId(id),
                ledger: LedgerId(1),
                kind,
                code: 0,
                owner: OwnerRef(0),
            });
            a.posted = posted;
            snap.accounts.insert(a.id, a);
        }
        snap
    }

    fn single(id: u128, amount: u64) -> NewTransfer {
        NewTransfer::single(
            TransferId(id),
            AccountId(1),
            AccountId(2),
            Amount::from_minor(amount),
            T,
        )
    }

    #[test]
    fn a_refused_request_leaves_no_trace_and_later_ones_see_earlier_ones() {
        let a = [single(10, 60)];
        let refused = [single(11, 5), single(12, 1_000)];
        let b = [single(13, 50)];
        let c = [single(14, 40)];
        let d = decide_group(view(), &[&a, &refused, &b, &c]);
        // b needs 50 after a took 60: refused; c fits exactly.
        assert!(d.results[0].is_some());
        assert!(d.results[1].is_none(), "linked batch with a failing member");
        assert!(d.results[2].is_none(), "not enough left after a");
        assert!(d.results[3].is_some());
        let ids: Vec<u128> = d.changes.inserted.iter().map(|t| t.transfer.id.0).collect();
        assert_eq!(ids, vec![10, 14]);
        let player = d.changes.accounts.iter().find(|x| x.id == AccountId(1));
        assert_eq!(player.map(|p| p.posted), Some(0));
        assert!(d.changes.accounts.windows(2).all(|w| w[0].id < w[1].id));
    }

    #[test]
    fn a_retry_in_the_same_group_is_a_replay_and_a_reuse_a_conflict() {
        let a = [single(10, 60)];
        let reuse = [single(10, 61)];
        let d = decide_group(view(), &[&a, &a, &reuse]);
        assert_eq!(d.results[0], d.results[1]);
        assert!(d.results[2].is_none());
        assert_eq!(d.changes.inserted.len(), 1);
    }

    #[test]
    fn a_pending_transfer_resolved_in_its_own_group_is_inserted_resolved() {
        let hold = [NewTransfer::pending(
            TransferId(20),
            AccountId(1),
            AccountId(2),
            Amount::from_minor(30),
            0,
            T,
        )];
        let post = [NewTransfer::post(TransferId(21), TransferId(20), None, T)];
        let again = [NewTransfer::void(TransferId(22), TransferId(20), T)];
        let d = decide_group(view(), &[&hold, &post, &again]);
        assert!(d.results[0].is_some() && d.results[1].is_some());
        assert!(d.results[2].is_none(), "resolved once");
        assert!(d.changes.resolved.is_empty());
        let stored = &d.changes.inserted[0];
        assert!(matches!(stored.transfer.kind, TransferKind::Pending { .. }));
        assert_eq!(stored.pending_state, Some(PendingState::Posted));
        let player = d.changes.accounts.iter().find(|x| x.id == AccountId(1));
        assert_eq!(player.map(|p| (p.posted, p.debits_pending)), Some((70, 0)));
    }
}
