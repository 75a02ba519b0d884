//! Settled bets per second (hold + settle) on memory, SQLite and PostgreSQL, with one hot house
//! account or a sharded house, at several client counts. Prints a Markdown table.
//!
//! ```sh
//! cargo bench -p kingpin-postgres --bench settled_bets -- \
//!     [--backends memory,sqlite,postgres] [--clients 1,8,32] [--houses hot,sharded] \
//!     [--bets 3000] [--seconds 15] [--shards 32] [--pg-modes grouped,cached,optimistic,locked]
//! ```
//!
//! Each run is bounded by `--bets` settled bets (in total) and `--seconds`, whichever comes
//! first. `--pg-modes` picks PostgreSQL's paths: `grouped` (the default: group commit, many
//! callers' batches decided together and written in one statement), `grouped2` (the same with
//! two groups in flight), `cached` (no group commit:
//! decide on cached rows and write conditionally in one round trip, else as `optimistic`),
//! `optimistic` (no cache:
//! read, then one conditional write, falling back to row locks after conflicts) or `locked`
//! (always a transaction with `SELECT … FOR NO KEY UPDATE`). A bet is a pending transfer player → house (the stake, held), then a linked batch
//! that posts it and, one time in two, pays 1.9× from the same house account. Latency is
//! measured from the hold's submission to the settlement's commit. PostgreSQL uses
//! `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/test`) and a fresh schema per
//! run, dropped afterwards.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use kingpin_ledger::{
    AccountId, AccountKind, Ledger, LedgerId, MemoryLedger, NewAccount, NewTransfer, OwnerRef,
    Timestamp, TransferId, house_shard,
};
use kingpin_postgres::PostgresLedger;
use kingpin_sqlite::SqliteLedger;
use kingpin_units::Amount;

const LEDGER: LedgerId = LedgerId(840);
const NOW: Timestamp = Timestamp(1_700_000_000_000_000);

struct Options {
    backends: Vec<String>,
    clients: Vec<usize>,
    houses: Vec<String>,
    bets: u64,
    seconds: u64,
    shards: u32,
    modes: Vec<String>,
    progress: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        backends: vec!["memory".into(), "sqlite".into(), "postgres".into()],
        clients: vec![1, 8, 32],
        houses: vec!["hot".into(), "sharded".into()],
        bets: 3_000,
        seconds: 15,
        shards: 32,
        modes: vec!["grouped".into()],
        progress: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        let list = |v: String| v.split(',').map(str::to_string).collect::<Vec<_>>();
        match a.as_str() {
            "--backends" => o.backends = list(value()?),
            "--houses" => o.houses = list(value()?),
            "--pg-modes" => o.modes = list(value()?),
            "--clients" => {
                o.clients = list(value()?)
                    .iter()
                    .map(|c| c.parse().map_err(|_| format!("bad client count {c}")))
                    .collect::<Result<_, _>>()?;
            }
            "--bets" => o.bets = value()?.parse().map_err(|_| "bad --bets")?,
            "--seconds" => o.seconds = value()?.parse().map_err(|_| "bad --seconds")?,
            "--shards" => o.shards = value()?.parse().map_err(|_| "bad --shards")?,
            "--progress" => o.progress = true,
            // cargo bench passes --bench; ignore it and anything libtest-like.
            _ => {}
        }
    }
    Ok(o)
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn fresh_id() -> u128 {
    u128::from(NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

struct Outcome {
    bets: u64,
    elapsed: Duration,
    latencies_us: Vec<u64>,
    busy_errors: u64,
}

/// Reads a backend's group counters (groups written, requests in them), for `--progress`.
type Probe = Box<dyn Fn() -> (u64, u64) + Send + Sync>;

async fn run<L: Ledger + 'static>(
    ledger: Arc<L>,
    clients: usize,
    house_accounts: u32,
    bets_total: u64,
    seconds: u64,
    probe: Option<Probe>,
) -> Result<Outcome, Box<dyn std::error::Error>> {
    let account = |kind, owner| NewAccount {
        id: AccountId(fresh_id()),
        ledger: LEDGER,
        kind,
        code: 0,
        owner: OwnerRef(owner),
    };
    let clearing = ledger
        .create_account(account(AccountKind::DepositsClearing, 0))
        .await?;
    let mut house = Vec::new();
    for _ in 0..house_accounts {
        house.push(
            ledger
                .create_account(account(AccountKind::HouseBankroll, 0))
                .await?
                .id,
        );
    }
    let mut players = Vec::new();
    for c in 0..clients {
        let p = ledger
            .create_account(account(AccountKind::PlayerCash, 1_000 + c as u128))
            .await?;
        ledger
            .transfer(NewTransfer::single(
                TransferId(fresh_id()),
                clearing.id,
                p.id,
                Amount::from_minor(1_000_000_000),
                NOW,
            ))
            .await?;
        players.push(p.id);
    }
    let house = Arc::new(house);
    let remaining = Arc::new(AtomicU64::new(bets_total));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let start = Instant::now();
    let settled = Arc::new(AtomicU64::new(0));
    let ticker = probe.map(|probe| {
        let settled = settled.clone();
        tokio::spawn(async move {
            let (mut bets0, mut groups0, mut requests0) = (0, 0, 0);
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            tick.tick().await;
            loop {
                tick.tick().await;
                let bets = settled.load(Ordering::Relaxed);
                let (groups, requests) = probe();
                let g = groups - groups0;
                eprintln!(
                    "  {:>5.1} s: {:>5} bets/s, {:>4} groups/s ({:.1} ms each), {:.1} requests per group",
                    start.elapsed().as_secs_f64(),
                    bets - bets0,
                    g,
                    if g > 0 { 1_000.0 / g as f64 } else { 0.0 },
                    if g > 0 { (requests - requests0) as f64 / g as f64 } else { 0.0 },
                );
                (bets0, groups0, requests0) = (bets, groups, requests);
            }
        })
    });
    let mut tasks = Vec::new();
    for player in players {
        let (ledger, house, remaining) = (ledger.clone(), house.clone(), remaining.clone());
        let settled = settled.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut busy = 0u64;
            while Instant::now() < deadline
                && remaining
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |r| r.checked_sub(1))
                    .is_ok()
            {
                let t0 = Instant::now();
                let hold_id = TransferId(fresh_id());
                let shard = house_shard(&house, hold_id).ok_or("no house account")?;
                let stake = Amount::from_minor(100);
                let hold = NewTransfer::pending(hold_id, player, shard, stake, 60, NOW);
                let mut settle = vec![NewTransfer::post(
                    TransferId(fresh_id()),
                    hold_id,
                    None,
                    NOW,
                )];
                if hold_id.0.is_multiple_of(2) {
                    settle.push(NewTransfer::single(
                        TransferId(fresh_id()),
                        shard,
                        player,
                        Amount::from_minor(190),
                        NOW,
                    ));
                }
                // A real client retries on Busy with the same ids; so does the bench.
                loop {
                    match ledger.transfer(hold).await {
                        Ok(_) => break,
                        Err(kingpin_ledger::LedgerError::Busy(_)) => busy += 1,
                        Err(e) => return Err(e.to_string()),
                    }
                }
                loop {
                    match ledger.submit(&settle).await {
                        Ok(_) => break,
                        Err(kingpin_ledger::LedgerError::Busy(_)) => busy += 1,
                        Err(e) => return Err(e.to_string()),
                    }
                }
                latencies.push(u64::try_from(t0.elapsed().as_micros()).unwrap_or(u64::MAX));
                settled.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<_, String>((latencies, busy))
        }));
    }
    let mut latencies_us = Vec::new();
    let mut busy_errors = 0;
    for t in tasks {
        let (l, b) = t.await??;
        latencies_us.extend(l);
        busy_errors += b;
    }
    let elapsed = start.elapsed();
    if let Some(t) = ticker {
        t.abort();
    }
    latencies_us.sort_unstable();
    Ok(Outcome {
        bets: latencies_us.len() as u64,
        elapsed,
        latencies_us,
        busy_errors,
    })
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)] as f64 / 1_000.0
}

async fn postgres_ledger(
    clients: usize,
    mode: &str,
) -> Result<(PostgresLedger, String), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let schema = format!("kp_bench_{}_{}", std::process::id(), fresh_id());
    let pool = u32::try_from(clients).unwrap_or(32) + 2;
    Ok((
        {
            let l = PostgresLedger::connect_in_schema(&url, &schema, pool).await?;
            match mode {
                "grouped" => l,
                "grouped2" => l.with_group_pipeline_depth(2),
                "cached" => l.without_group_commit(),
                "optimistic" => l.without_cache(),
                "locked" => l.without_cache().with_optimistic_attempts(0),
                other => return Err(format!("unknown PostgreSQL mode {other}").into()),
            }
        },
        schema,
    ))
}

async fn drop_schema(l: &PostgresLedger, schema: &str) {
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
        .execute(l.pool())
        .await;
}

async fn main_async(o: Options) -> Result<(), Box<dyn std::error::Error>> {
    println!(
        "| backend | house | clients | settled bets | seconds | bets/s | p50 ms | p99 ms | busy retries |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    let tmp = std::env::temp_dir().join(format!("kingpin-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let mut backends = Vec::new();
    for b in &o.backends {
        if b == "postgres" {
            backends.extend(o.modes.iter().map(|m| format!("postgres-{m}")));
        } else {
            backends.push(b.clone());
        }
    }
    for backend in &backends {
        for house in &o.houses {
            let house_accounts = if house == "hot" { 1 } else { o.shards.max(1) };
            for &clients in &o.clients {
                let out = match backend.as_str() {
                    "memory" => {
                        run(
                            Arc::new(MemoryLedger::new()),
                            clients,
                            house_accounts,
                            o.bets,
                            o.seconds,
                            None,
                        )
                        .await?
                    }
                    "sqlite" => {
                        let path = tmp.join(format!("bench-{}.db", fresh_id()));
                        let l = Arc::new(SqliteLedger::open(&path).await?);
                        let out = run(l, clients, house_accounts, o.bets, o.seconds, None).await?;
                        let _ = std::fs::remove_dir_all(&tmp)
                            .and_then(|()| std::fs::create_dir_all(&tmp));
                        out
                    }
                    other if other.starts_with("postgres-") => {
                        let mode = backend.trim_start_matches("postgres-");
                        let (l, schema) = postgres_ledger(clients, mode).await?;
                        let l = Arc::new(l);
                        let probe: Option<Probe> = o.progress.then(|| {
                            let l = l.clone();
                            Box::new(move || {
                                let s = l.group_stats();
                                (s.groups, s.requests)
                            }) as Probe
                        });
                        let out =
                            run(l.clone(), clients, house_accounts, o.bets, o.seconds, probe).await;
                        let stats = l.group_stats();
                        if stats.groups > 0 {
                            eprintln!(
                                "{backend} {house} {clients}: {} groups, {:.1} requests per group, {} handed back",
                                stats.groups,
                                stats.requests as f64 / stats.groups as f64,
                                stats.handed_back
                            );
                        }
                        drop_schema(&l, &schema).await;
                        out?
                    }
                    other => return Err(format!("unknown backend {other}").into()),
                };
                let secs = out.elapsed.as_secs_f64();
                println!(
                    "| {backend} | {house} | {clients} | {} | {secs:.2} | {:.0} | {:.2} | {:.2} | {} |",
                    out.bets,
                    out.bets as f64 / secs,
                    percentile(&out.latencies_us, 0.50),
                    percentile(&out.latencies_us, 0.99),
                    out.busy_errors,
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let o = parse_args()?;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(main_async(o))
}
