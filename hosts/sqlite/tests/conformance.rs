//! SQLite runs the whole conformance kit, each test on a fresh database file.

use std::sync::atomic::{AtomicU32, Ordering};

use kingpin_sqlite::SqliteLedger;

static NEXT: AtomicU32 = AtomicU32::new(0);

async fn fresh() -> SqliteLedger {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("kingpin-sqlite-kit");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!("kit-{}-{n}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    SqliteLedger::open(&path).await.expect("open sqlite ledger")
}

kingpin_ledger::conformance_tests!(fresh());

#[test]
fn in_memory_runs_the_kit_too() {
    kingpin_ledger::kit::run(
        || async { SqliteLedger::in_memory().await.expect("in-memory") },
        kingpin_ledger::kit::linked,
    );
}
