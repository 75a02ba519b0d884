//! SQLite runs the whole conformance kit, each test on a fresh database file.

use std::sync::atomic::{AtomicU32, Ordering};

use kingpin_sqlite::SqliteLedger;

static NEXT: AtomicU32 = AtomicU32::new(0);
static CLEAN: std::sync::Once = std::sync::Once::new();

async fn fresh() -> SqliteLedger {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("kingpin-sqlite-kit");
    // Files of earlier runs are removed once per run, so they do not pile up.
    CLEAN.call_once(|| {
        let _ = std::fs::remove_dir_all(&dir);
    });
    std::fs::create_dir_all(&dir).expect("temp dir");
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!("kit-{}-{n}.db", std::process::id()));
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
