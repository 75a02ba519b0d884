//! Fresh PostgreSQL schemas for tests: one per ledger, named after the process, dropped by the
//! next test process once the process that made them is gone.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::sync::atomic::{AtomicU32, Ordering};

use kingpin_postgres::PostgresLedger;

static NEXT: AtomicU32 = AtomicU32::new(0);
static SWEPT: std::sync::Once = std::sync::Once::new();

pub(crate) fn database_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

/// Drop `kp_test_<pid>_*` schemas whose process no longer exists.
async fn sweep_stale(url: &str) {
    let Ok(mut conn) = <sqlx::PgConnection as sqlx::Connection>::connect(url).await else {
        return;
    };
    let Ok(names) = sqlx::query_scalar::<_, String>(
        "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'kp\\_test\\_%'",
    )
    .fetch_all(&mut conn)
    .await
    else {
        return;
    };
    for name in names {
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
        let plain = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !alive && plain {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {name} CASCADE"
            )))
            .execute(&mut conn)
            .await;
        }
    }
}

pub(crate) fn fresh_schema_name(tag: &str) -> String {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("kp_test_{}_{tag}{n}", std::process::id())
}

/// A ledger in a schema of its own.
pub(crate) async fn fresh() -> PostgresLedger {
    fresh_with(4).await
}

pub(crate) async fn fresh_with(connections: u32) -> PostgresLedger {
    let url = database_url();
    if !SWEPT.is_completed() {
        sweep_stale(&url).await;
        SWEPT.call_once(|| {});
    }
    PostgresLedger::connect_in_schema(&url, &fresh_schema_name("k"), connections)
        .await
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {url} (set DATABASE_URL): {e}"))
}
