//! Crash safety: a child process applies linked transfers against PostgreSQL from several tasks
//! and is killed with SIGKILL mid-load. After a restart, every acknowledged batch is present
//! exactly once and whole, no refused batch left a trace, every batch is all-or-nothing,
//! balances equal the sum of the stored transfers, every ledger sums to zero, and resubmitting
//! what was in flight applies it once.
//!
//! The child is this test binary re-run with `KINGPIN_CRASH_CHILD` set (test `crash_child`).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kingpin_ledger::{
    AccountId, AccountKind, Ledger, LedgerError, LedgerId, NewAccount, NewTransfer, OwnerRef,
    Timestamp, TransferId,
};
use kingpin_postgres::PostgresLedger;
use kingpin_units::Amount;

const PLAYERS: u128 = 6;
const WORKERS: u64 = 8;
const NOW: Timestamp = Timestamp(1_700_000_000_000_000);

fn clearing() -> AccountId {
    AccountId(1)
}
fn house() -> AccountId {
    AccountId(2)
}
fn player(k: u128) -> AccountId {
    AccountId(100 + k)
}

/// Batch `i`: a stake from one player to the house, and every third batch a win paid back.
/// Some stakes are too large and those batches are refused.
fn batch(i: u64) -> Vec<NewTransfer> {
    let p = player(u128::from(i) % PLAYERS);
    // Every tenth stake is more than any player ever has: refused, and must leave no trace.
    let stake = if i % 10 == 9 {
        10_000_000
    } else {
        50 + (i * 7919) % 400
    };
    let base = u128::from(i) * 4 + 1_000_000;
    let mut b = vec![
        NewTransfer::single(TransferId(base), p, house(), Amount::from_minor(stake), NOW)
            .with_code(1, u128::from(i)),
    ];
    if (i / 6).is_multiple_of(3) {
        b.push(
            NewTransfer::single(
                TransferId(base + 1),
                house(),
                p,
                Amount::from_minor(stake * 2),
                NOW,
            )
            .with_code(2, u128::from(i)),
        );
    }
    b
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

async fn setup(l: &PostgresLedger) {
    let mk = |id, kind| NewAccount {
        id,
        ledger: LedgerId(1),
        kind,
        code: 0,
        owner: OwnerRef(0),
    };
    l.create_account(mk(clearing(), AccountKind::DepositsClearing))
        .await
        .expect("clearing");
    l.create_account(mk(house(), AccountKind::HouseBankroll))
        .await
        .expect("house");
    for k in 0..PLAYERS {
        l.create_account(mk(player(k), AccountKind::PlayerCash))
            .await
            .expect("player");
        l.transfer(NewTransfer::single(
            TransferId(10 + k),
            clearing(),
            player(k),
            Amount::from_minor(1_000_000),
            NOW,
        ))
        .await
        .expect("deposit");
    }
}

/// The child: apply batches forever from several tasks, reporting each on stdout.
#[test]
#[ignore = "run by `crash_kill_9_mid_load` as a child process"]
fn crash_child() {
    let Ok(schema) = std::env::var("KINGPIN_CRASH_CHILD") else {
        return;
    };
    rt().block_on(async move {
        let l = PostgresLedger::connect_in_schema(&common::database_url(), &schema, 8)
            .await
            .expect("connect");
        let l = Arc::new(l);
        let mut tasks = Vec::new();
        for w in 0..WORKERS {
            let l = l.clone();
            tasks.push(tokio::spawn(async move {
                let mut i = w;
                loop {
                    println!("SENT {i}");
                    match l.submit(&batch(i)).await {
                        Ok(_) => println!("ACK {i}"),
                        Err(LedgerError::Linked { .. }) => println!("FAIL {i}"),
                        Err(e) => println!("ERR {i} {e}"),
                    }
                    i += WORKERS;
                }
            }));
        }
        for t in tasks {
            let _ = t.await;
        }
    });
}

#[test]
fn crash_kill_9_mid_load() {
    let schema = common::fresh_schema_name("crash");
    let url = common::database_url();
    rt().block_on(async {
        let l = PostgresLedger::connect_in_schema(&url, &schema, 2)
            .await
            .expect("connect");
        setup(&l).await;
    });

    let exe = std::env::current_exe().expect("test binary");
    let mut child = Command::new(exe)
        .args([
            "--exact",
            "crash_child",
            "--ignored",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env("KINGPIN_CRASH_CHILD", &schema)
        .env("DATABASE_URL", &url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("child stdout");
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Let it run until enough batches were acknowledged (or 10 s), then SIGKILL it.
    let mut lines = Vec::new();
    let start = Instant::now();
    let mut acks = 0;
    while start.elapsed() < Duration::from_secs(10) && acks < 800 {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(50)) {
            acks += usize::from(line.starts_with("ACK "));
            lines.push(line);
        }
    }
    child.kill().expect("kill -9");
    let _ = child.wait();
    let _ = reader.join();
    lines.extend(rx.try_iter());

    let mut sent = BTreeSet::new();
    let mut acked = BTreeSet::new();
    let mut failed = BTreeSet::new();
    for line in &lines {
        let mut parts = line.split(' ');
        let (Some(tag), Some(Ok(i))) = (parts.next(), parts.next().map(str::parse::<u64>)) else {
            continue;
        };
        match tag {
            "SENT" => {
                sent.insert(i);
            }
            "ACK" => {
                acked.insert(i);
            }
            "FAIL" => {
                failed.insert(i);
            }
            "ERR" => panic!("child storage error: {line}"),
            _ => {}
        }
    }
    assert!(
        acked.len() >= 50,
        "too little load before the kill: {} acks",
        acked.len()
    );
    assert!(
        !failed.is_empty(),
        "the load should include refused batches"
    );

    rt().block_on(async {
        // Restart: a new process-level connection to the same schema.
        let l = PostgresLedger::connect_in_schema(&url, &schema, 4)
            .await
            .expect("reconnect");
        let present = |t: Option<kingpin_ledger::Transfer>| t.is_some();
        let mut in_flight_applied = 0;
        for &i in &sent {
            let b = batch(i);
            let mut here = Vec::new();
            for t in &b {
                here.push(present(l.lookup_transfer(t.id).await.expect("lookup")));
            }
            let all = here.iter().all(|x| *x);
            let none = here.iter().all(|x| !*x);
            assert!(all || none, "batch {i} partly applied: {here:?}");
            if acked.contains(&i) {
                assert!(all, "acknowledged batch {i} lost");
            }
            if failed.contains(&i) {
                assert!(none, "refused batch {i} left a trace");
            }
            if all && !acked.contains(&i) {
                in_flight_applied += 1;
            }
        }
        // Every stored transfer id appears once (it is the primary key; check the rows anyway).
        let dupes: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM (SELECT id FROM transfers GROUP BY id HAVING count(*) > 1) d",
        )
        .fetch_one(l.pool())
        .await
        .expect("dupes");
        assert_eq!(dupes, 0);
        // Balances are exactly the sum of the stored transfers, and the ledger sums to zero.
        let rows: Vec<(Vec<u8>, i64, i64)> = sqlx::query_as(
            "SELECT a.id, a.posted, \
               COALESCE((SELECT sum(amount) FROM transfers WHERE credit = a.id), 0)::int8 \
             - COALESCE((SELECT sum(amount) FROM transfers WHERE debit = a.id), 0)::int8 \
             FROM accounts a",
        )
        .fetch_all(l.pool())
        .await
        .expect("balances");
        let mut total = 0i64;
        for (id, posted, from_transfers) in &rows {
            assert_eq!(
                posted, from_transfers,
                "account {id:?} disagrees with its transfers"
            );
            total += posted;
        }
        assert_eq!(total, 0, "ledger does not sum to zero");
        // Resubmit everything that was sent and not refused: acknowledged batches replay with
        // no effect, in-flight ones apply now or are refused, once.
        let before: BTreeMap<Vec<u8>, i64> =
            rows.iter().map(|(id, p, _)| (id.clone(), *p)).collect();
        for &i in &acked {
            l.submit(&batch(i))
                .await
                .expect("replay of an acknowledged batch");
        }
        let after: Vec<(Vec<u8>, i64)> = sqlx::query_as("SELECT id, posted FROM accounts")
            .fetch_all(l.pool())
            .await
            .expect("balances");
        for (id, posted) in after {
            assert_eq!(before.get(&id), Some(&posted), "a replay changed a balance");
        }
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
            .execute(l.pool())
            .await;
        eprintln!(
            "crash test: {} sent, {} acknowledged, {} refused, {} in flight and applied",
            sent.len(),
            acked.len(),
            failed.len(),
            in_flight_applied
        );
    });
}
