//! `PostgresLedger`.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use kingpin_ledger::apply::{
    Changes, Snapshot, StoredTransfer, apply_batch, apply_expiry, batch_account_ids,
    batch_transfer_ids, check_batch_shape,
};
use kingpin_ledger::{
    Account, AccountId, AccountKind, HistoryCursor, HistoryPage, Ledger, LedgerError, LedgerId,
    MAX_PAGE, NewAccount, NewTransfer, OwnerRef, PendingState, Timestamp, Transfer, TransferId,
    TransferKind, TransferOp,
};
use kingpin_units::Amount;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};

use crate::cache::RowCache;
use crate::group::{GROUP_PIPELINE_DEPTH, GroupCommit, GroupStats, Reply};
use sqlx::{PgConnection, PgPool, Row};

/// How many times a transaction is attempted when PostgreSQL reports a deadlock, a
/// serialization failure or a concurrent insert of the same transfer id.
pub const ATTEMPTS_MAX: u32 = 10;

/// How many of those attempts use the optimistic path before falling back to row locks.
pub const OPTIMISTIC_MAX: u32 = 2;

/// The ledger on a PostgreSQL database.
///
/// Clone it freely: clones share the connection pool.
#[derive(Clone, Debug)]
pub struct PostgresLedger {
    pool: PgPool,
    optimistic_max: u32,
    cache: Option<Arc<RowCache>>,
    group: Option<Arc<GroupCommit>>,
}

fn backend(e: sqlx::Error) -> LedgerError {
    LedgerError::Backend(Box::new(e))
}

fn corrupt(what: &str) -> LedgerError {
    LedgerError::Backend(format!("corrupt ledger row: {what}").into())
}

/// Whether the transaction should simply be run again: deadlock (40P01), serialization failure
/// (40001), or a unique violation (23505) from a concurrent request with the same transfer id,
/// which the next attempt sees as a replay.
pub(crate) fn is_retryable(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .and_then(|d| d.code())
        .is_some_and(|c| matches!(&*c, "40P01" | "40001" | "23505"))
}

/// A CHECK constraint refused a write (23514).
pub(crate) fn is_check_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .and_then(|d| d.code())
        .is_some_and(|c| c == "23514")
}

fn id_bytes(id: u128) -> Vec<u8> {
    id.to_be_bytes().to_vec()
}

fn id_from(bytes: &[u8]) -> Result<u128, LedgerError> {
    let a: [u8; 16] = bytes.try_into().map_err(|_| corrupt("id length"))?;
    Ok(u128::from_be_bytes(a))
}

fn i64_of(v: u64) -> i64 {
    // Every value written was validated by the rules to fit (amounts, timestamps <= i64::MAX).
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn account_from_row(r: &PgRow) -> Result<Account, LedgerError> {
    let g = |e: sqlx::Error| backend(e);
    Ok(Account {
        id: AccountId(id_from(&r.try_get::<Vec<u8>, _>("id").map_err(g)?)?),
        ledger: LedgerId(
            u32::try_from(r.try_get::<i64, _>("ledger").map_err(g)?)
                .map_err(|_| corrupt("ledger"))?,
        ),
        kind: AccountKind::from_code(r.try_get::<i16, _>("kind").map_err(g)?)
            .ok_or_else(|| corrupt("kind"))?,
        code: u16::try_from(r.try_get::<i32, _>("code").map_err(g)?)
            .map_err(|_| corrupt("code"))?,
        owner: OwnerRef(id_from(&r.try_get::<Vec<u8>, _>("owner").map_err(g)?)?),
        posted: r.try_get("posted").map_err(g)?,
        debits_pending: r.try_get("debits_pending").map_err(g)?,
        credits_pending: r.try_get("credits_pending").map_err(g)?,
    })
}

fn transfer_from_row(r: &PgRow) -> Result<StoredTransfer, LedgerError> {
    let g = |e: sqlx::Error| backend(e);
    let pending_id = r
        .try_get::<Option<Vec<u8>>, _>("pending_id")
        .map_err(g)?
        .map(|b| id_from(&b))
        .transpose()?
        .map(TransferId);
    let expires_at = r
        .try_get::<Option<i64>, _>("expires_at")
        .map_err(g)?
        .map(|t| u64::try_from(t).map(Timestamp))
        .transpose()
        .map_err(|_| corrupt("expires_at"))?;
    let pending_state = r
        .try_get::<Option<i16>, _>("pending_state")
        .map_err(g)?
        .map(|s| PendingState::from_code(s).ok_or_else(|| corrupt("pending_state")))
        .transpose()?;
    let kind = TransferKind::from_code(
        r.try_get::<i16, _>("kind").map_err(g)?,
        pending_id,
        expires_at,
    )
    .ok_or_else(|| corrupt("transfer kind"))?;
    let hash: Vec<u8> = r.try_get("request_hash").map_err(g)?;
    Ok(StoredTransfer {
        transfer: Transfer {
            id: TransferId(id_from(&r.try_get::<Vec<u8>, _>("id").map_err(g)?)?),
            debit: AccountId(id_from(&r.try_get::<Vec<u8>, _>("debit").map_err(g)?)?),
            credit: AccountId(id_from(&r.try_get::<Vec<u8>, _>("credit").map_err(g)?)?),
            amount: Amount::from_minor(
                u64::try_from(r.try_get::<i64, _>("amount").map_err(g)?)
                    .map_err(|_| corrupt("amount"))?,
            ),
            ledger: LedgerId(
                u32::try_from(r.try_get::<i64, _>("ledger").map_err(g)?)
                    .map_err(|_| corrupt("ledger"))?,
            ),
            code: u16::try_from(r.try_get::<i32, _>("code").map_err(g)?)
                .map_err(|_| corrupt("code"))?,
            user_data: id_from(&r.try_get::<Vec<u8>, _>("user_data").map_err(g)?)?,
            timestamp: Timestamp(
                u64::try_from(r.try_get::<i64, _>("ts").map_err(g)?).map_err(|_| corrupt("ts"))?,
            ),
            kind,
        },
        request_hash: hash.try_into().map_err(|_| corrupt("request hash"))?,
        pending_state,
    })
}

/// Decoding errors travel as `sqlx::Error::Decode` inside transactions, mapped once by callers.
fn decode<T>(r: Result<T, LedgerError>) -> Result<T, sqlx::Error> {
    r.map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Load and lock (`FOR NO KEY UPDATE`, in id order) the transfers with these ids.
async fn lock_transfers(
    conn: &mut PgConnection,
    ids: &[TransferId],
) -> Result<Vec<StoredTransfer>, sqlx::Error> {
    let ids: Vec<Vec<u8>> = ids.iter().map(|i| id_bytes(i.0)).collect();
    let rows = sqlx::query(
        "SELECT id, request_hash, debit, credit, amount, ledger, code, user_data, ts, kind, \
         pending_id, expires_at, pending_state FROM transfers WHERE id = ANY($1) \
         ORDER BY id FOR NO KEY UPDATE",
    )
    .bind(ids)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| decode(transfer_from_row(r))).collect()
}

/// Load and lock (`FOR NO KEY UPDATE`, in id order) the accounts with these ids.
///
/// `NO KEY UPDATE` (what a plain `UPDATE` takes) rather than `UPDATE`: the weakest lock that
/// serializes writers of the row (it did not conflict with the `KEY SHARE` locks of the foreign
/// keys of schema version 1; see docs/adr/0003-set-based-account-check.md).
async fn lock_accounts(
    conn: &mut PgConnection,
    ids: &[AccountId],
    loaded: &mut Loaded,
) -> Result<(), sqlx::Error> {
    let ids: Vec<Vec<u8>> = ids.iter().map(|i| id_bytes(i.0)).collect();
    let rows = sqlx::query(
        "SELECT id, ledger, kind, code, owner, posted, debits_pending, credits_pending, version \
         FROM accounts WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE",
    )
    .bind(ids)
    .fetch_all(&mut *conn)
    .await?;
    for r in &rows {
        loaded.add_account(r)?;
    }
    Ok(())
}

/// Rows read for a batch, with the version of each account as read.
#[derive(Default)]
pub(crate) struct Loaded {
    pub(crate) snap: Snapshot,
    pub(crate) versions: HashMap<AccountId, i64>,
}

impl Loaded {
    fn add_account(&mut self, r: &PgRow) -> Result<(), sqlx::Error> {
        let a = decode(account_from_row(r))?;
        self.versions.insert(a.id, r.try_get("version")?);
        self.snap.accounts.insert(a.id, a);
        Ok(())
    }
}

/// Read, without locks and in one statement (so from one snapshot), the transfers a batch names
/// and the accounts it touches.
pub(crate) async fn read_for_batch<'c, E>(
    conn: E,
    batch: &[NewTransfer],
) -> Result<Loaded, sqlx::Error>
where
    E: sqlx::PgExecutor<'c>,
{
    let transfer_ids: Vec<Vec<u8>> = batch_transfer_ids(batch)
        .iter()
        .map(|i| id_bytes(i.0))
        .collect();
    let mut named = Vec::new();
    let mut pending = Vec::new();
    for t in batch {
        match t.op {
            TransferOp::Single { debit, credit, .. }
            | TransferOp::Pending { debit, credit, .. } => {
                named.push(id_bytes(debit.0));
                named.push(id_bytes(credit.0));
            }
            TransferOp::Post { pending_id, .. } | TransferOp::Void { pending_id } => {
                pending.push(id_bytes(pending_id.0));
            }
        }
    }
    // One row shape for both tables (src 1: account, 2: transfer); the column names are the
    // ones the row decoders read.
    let rows = sqlx::query(
        "WITH t AS (SELECT * FROM transfers WHERE id = ANY($1)), \
         ids AS (SELECT unnest($2::bytea[]) AS id \
                 UNION SELECT debit FROM t WHERE id = ANY($3) \
                 UNION SELECT credit FROM t WHERE id = ANY($3)) \
         SELECT 1::int2 AS src, id, ledger, kind, code, owner, posted, debits_pending, \
           credits_pending, version, NULL::bytea AS request_hash, NULL::bytea AS debit, \
           NULL::bytea AS credit, NULL::int8 AS amount, NULL::bytea AS user_data, \
           NULL::int8 AS ts, NULL::bytea AS pending_id, NULL::int8 AS expires_at, \
           NULL::int2 AS pending_state \
         FROM accounts WHERE id IN (SELECT id FROM ids) \
         UNION ALL \
         SELECT 2::int2, id, ledger, kind, code, NULL, NULL, NULL, NULL, NULL, request_hash, \
           debit, credit, amount, user_data, ts, pending_id, expires_at, pending_state FROM t",
    )
    .bind(transfer_ids)
    .bind(named)
    .bind(pending)
    .fetch_all(conn)
    .await?;
    let mut loaded = Loaded::default();
    for r in &rows {
        if r.try_get::<i16, _>("src")? == 1 {
            loaded.add_account(r)?;
        } else {
            let t = decode(transfer_from_row(r))?;
            loaded.snap.transfers.insert(t.transfer.id, t);
        }
    }
    Ok(loaded)
}

/// A new account version: unique with overwhelming probability (64 bits from a per-process
/// random key and a counter), never reused. Versions are not counters: a write that was
/// decided but never committed (a failed group) must not leave behind a version number that
/// another writer could later give the same account with other balances.
fn version_token() -> i64 {
    static KEY: OnceLock<RandomState> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = KEY.get_or_init(RandomState::new).build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    i64::from_ne_bytes(h.finish().to_ne_bytes())
}

/// The versions a change set's write gives the accounts it changes.
pub(crate) fn next_versions(changes: &Changes) -> HashMap<AccountId, i64> {
    changes
        .accounts
        .iter()
        .map(|a| (a.id, version_token()))
        .collect()
}

/// Persist a change set in one statement (one round trip): account balances, new transfers in
/// application order, and pending transfers resolved. Each account is written only over the
/// version in `versions` (the one its balances were computed from) and gets the one in `next`.
pub(crate) async fn write_changes<'c, E>(
    conn: E,
    changes: &Changes,
    versions: &HashMap<AccountId, i64>,
    next: &HashMap<AccountId, i64>,
) -> Result<(), sqlx::Error>
where
    E: sqlx::PgExecutor<'c>,
{
    let mut a_id = Vec::new();
    let mut a_version = Vec::new();
    let mut a_next = Vec::new();
    let mut a_posted = Vec::new();
    let mut a_dp = Vec::new();
    let mut a_cp = Vec::new();
    for a in &changes.accounts {
        a_id.push(id_bytes(a.id.0));
        a_version.push(versions.get(&a.id).copied().ok_or_else(|| {
            sqlx::Error::Protocol(format!("account {} written but never read", a.id))
        })?);
        a_next.push(next.get(&a.id).copied().ok_or_else(|| {
            sqlx::Error::Protocol(format!("account {} written without a new version", a.id))
        })?);
        a_posted.push(a.posted);
        a_dp.push(a.debits_pending);
        a_cp.push(a.credits_pending);
    }
    let mut r_id = Vec::new();
    let mut r_state = Vec::new();
    for (id, state) in &changes.resolved {
        r_id.push(id_bytes(id.0));
        r_state.push(state.to_code());
    }
    let n = changes.inserted.len();
    let mut t_id = Vec::with_capacity(n);
    let mut t_hash = Vec::with_capacity(n);
    let mut t_debit = Vec::with_capacity(n);
    let mut t_credit = Vec::with_capacity(n);
    let mut t_amount = Vec::with_capacity(n);
    let mut t_ledger = Vec::with_capacity(n);
    let mut t_code = Vec::with_capacity(n);
    let mut t_user = Vec::with_capacity(n);
    let mut t_ts = Vec::with_capacity(n);
    let mut t_kind = Vec::with_capacity(n);
    let mut t_pending: Vec<Option<Vec<u8>>> = Vec::with_capacity(n);
    let mut t_expires: Vec<Option<i64>> = Vec::with_capacity(n);
    let mut t_state: Vec<Option<i16>> = Vec::with_capacity(n);
    for st in &changes.inserted {
        let t = &st.transfer;
        let kind = t.kind.to_code();
        let pending_id = t.kind.pending_id().map(|p| id_bytes(p.0));
        let expires_at = t.kind.expires_at().map(|e| i64_of(e.0));
        t_id.push(id_bytes(t.id.0));
        t_hash.push(st.request_hash.to_vec());
        t_debit.push(id_bytes(t.debit.0));
        t_credit.push(id_bytes(t.credit.0));
        t_amount.push(i64_of(t.amount.minor()));
        t_ledger.push(i64::from(t.ledger.0));
        t_code.push(i32::from(t.code));
        t_user.push(id_bytes(t.user_data));
        t_ts.push(i64_of(t.timestamp.0));
        t_kind.push(kind);
        t_pending.push(pending_id);
        t_expires.push(expires_at);
        t_state.push(st.pending_state.map(PendingState::to_code));
    }
    let expected = (
        i64::try_from(changes.accounts.len()).unwrap_or(-1),
        i64::try_from(changes.resolved.len()).unwrap_or(-1),
        i64::try_from(n).unwrap_or(-1),
    );
    // One statement, hence atomic even outside a transaction. `locked` takes the account row
    // locks in id order before anything else (the other parts wait for it through the scalar
    // subqueries), so statements and transactions all lock accounts, then transfers, in id
    // order. Every account row named is locked and rewritten, but its balances and version
    // change only if its version is the one read (`CASE`, evaluated on the newest row version:
    // a row locked by an earlier statement — a group still in flight — is waited for and judged
    // as that statement left it, not as this statement's older snapshot shows it); `ok` says
    // whether it did. If any account, resolution or insert is missing, kingpin_check_write
    // aborts the statement with SQLSTATE 40001 and nothing of it is applied.
    sqlx::query(
        "WITH locked AS MATERIALIZED ( \
           SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE), \
         acc AS ( \
           UPDATE accounts a SET \
             posted = CASE WHEN a.version = u.ver THEN u.posted ELSE a.posted END, \
             debits_pending = CASE WHEN a.version = u.ver THEN u.dp ELSE a.debits_pending END, \
             credits_pending = CASE WHEN a.version = u.ver THEN u.cp ELSE a.credits_pending END, \
             version = CASE WHEN a.version = u.ver THEN u.next ELSE a.version END \
           FROM unnest($1::bytea[], $2::int8[], $3::int8[], $4::int8[], $20::int8[], \
             $24::int8[]) AS u(id, posted, dp, cp, ver, next) \
           WHERE a.id = u.id \
             AND (SELECT count(*) FROM locked) >= 0 RETURNING a.version = u.next AS ok), \
         res AS ( \
           UPDATE transfers t SET pending_state = r.state \
           FROM unnest($5::bytea[], $6::int2[]) AS r(id, state) \
           WHERE t.id = r.id AND t.pending_state = 0 \
             AND (SELECT count(*) FROM locked) >= 0 RETURNING 1), \
         ins AS ( \
           INSERT INTO transfers (id, request_hash, debit, credit, amount, ledger, code, \
             user_data, ts, kind, pending_id, expires_at, pending_state) \
           SELECT id, request_hash, debit, credit, amount, ledger, code, user_data, ts, kind, \
             pending_id, expires_at, pending_state \
           FROM unnest($7::bytea[], $8::bytea[], $9::bytea[], $10::bytea[], $11::int8[], \
             $12::int8[], $13::int4[], $14::bytea[], $15::int8[], $16::int2[], $17::bytea[], \
             $18::int8[], $19::int2[]) WITH ORDINALITY AS n(id, request_hash, debit, credit, \
             amount, ledger, code, user_data, ts, kind, pending_id, expires_at, pending_state, ord) \
           ORDER BY ord RETURNING 1) \
         SELECT kingpin_check_write( \
           (SELECT count(*) FROM acc WHERE ok) = $21 AND (SELECT count(*) FROM res) = $22 \
             AND (SELECT count(*) FROM ins) = $23, \
           'an account or pending transfer changed since it was read')",
    )
    .bind(a_id)
    .bind(a_posted)
    .bind(a_dp)
    .bind(a_cp)
    .bind(r_id)
    .bind(r_state)
    .bind(t_id)
    .bind(t_hash)
    .bind(t_debit)
    .bind(t_credit)
    .bind(t_amount)
    .bind(t_ledger)
    .bind(t_code)
    .bind(t_user)
    .bind(t_ts)
    .bind(t_kind)
    .bind(t_pending)
    .bind(t_expires)
    .bind(t_state)
    .bind(a_version)
    .bind(expected.0)
    .bind(expected.1)
    .bind(expected.2)
    .bind(a_next)
    .execute(conn)
    .await?;
    Ok(())
}

/// Back off before attempt `attempt + 1`: 1, 2, 4, ... ms plus a little jitter, capped at 50 ms.
async fn backoff(attempt: u32) {
    let base = 1u64 << attempt.min(5);
    let jitter = u64::from(std::process::id() ^ attempt.wrapping_mul(2_654_435_761)) % 3;
    tokio::time::sleep(Duration::from_millis((base + jitter).min(50))).await;
}

impl PostgresLedger {
    /// Connect to `url` with a pool of up to `connections_max` connections and apply pending
    /// migrations.
    ///
    /// # Errors
    /// [`LedgerError::Backend`] if the server cannot be reached or migrated.
    pub async fn connect(url: &str, connections_max: u32) -> Result<PostgresLedger, LedgerError> {
        let options: PgConnectOptions = url.parse().map_err(backend)?;
        PostgresLedger::connect_with(options, connections_max).await
    }

    /// Connect with explicit options (e.g. a `search_path` for a schema) and apply pending
    /// migrations.
    ///
    /// # Errors
    /// [`LedgerError::Backend`] if the server cannot be reached or migrated.
    pub async fn connect_with(
        options: PgConnectOptions,
        connections_max: u32,
    ) -> Result<PostgresLedger, LedgerError> {
        // Plan every execution for the tables as they are now (`force_custom_plan`; statements
        // stay prepared, so they are parsed once per connection). A generic plan is made once
        // per connection and kept: made while the tables were young and small it scans them
        // sequentially (the cheapest plan for a few pages), and it keeps doing so as they grow —
        // until an ANALYZE happens to invalidate it. Measured on a fresh schema: the group
        // statement's time grew from 4 to 23 ms over 12 s of load (a sequential scan of
        // `transfers` per group); with custom plans it stays flat (docs/performance.md). Planning
        // costs some server CPU per statement, which group commit spreads over a group.
        let options = options.options([("plan_cache_mode", "force_custom_plan")]);
        let pool = PgPoolOptions::new()
            .max_connections(connections_max.max(1))
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await
            .map_err(backend)?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| LedgerError::Backend(Box::new(e)))?;
        let cache = Arc::new(RowCache::default());
        Ok(PostgresLedger {
            group: Some(Arc::new(GroupCommit::new(
                pool.clone(),
                cache.clone(),
                GROUP_PIPELINE_DEPTH,
            ))),
            pool,
            optimistic_max: OPTIMISTIC_MAX,
            cache: Some(cache),
        })
    }

    /// Connect with the ledger's tables in `schema` (created if missing; a plain identifier of
    /// ASCII letters, digits and underscores), so several ledgers can share one database.
    ///
    /// # Errors
    /// [`LedgerError::Backend`] for an invalid schema name, or if the server cannot be reached
    /// or migrated.
    pub async fn connect_in_schema(
        url: &str,
        schema: &str,
        connections_max: u32,
    ) -> Result<PostgresLedger, LedgerError> {
        let valid = !schema.is_empty()
            && schema.len() <= 63
            && schema
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !schema.as_bytes()[0].is_ascii_digit();
        if !valid {
            return Err(LedgerError::Backend(
                format!("invalid schema name {schema:?}").into(),
            ));
        }
        let options: PgConnectOptions = url.parse().map_err(backend)?;
        let mut conn = <PgConnection as sqlx::Connection>::connect_with(&options)
            .await
            .map_err(backend)?;
        // The name was checked to be a plain identifier above, so it can be spliced in.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE SCHEMA IF NOT EXISTS {schema}"
        )))
        .execute(&mut conn)
        .await
        .map_err(backend)?;
        sqlx::Connection::close(conn).await.map_err(backend)?;
        let options = options.options([("search_path", schema)]);
        PostgresLedger::connect_with(options, connections_max).await
    }

    /// The same ledger with at most `attempts` optimistic attempts per batch before it takes row
    /// locks (default [`OPTIMISTIC_MAX`]; 0: always lock, which the benchmark compares).
    pub fn with_optimistic_attempts(mut self, attempts: u32) -> PostgresLedger {
        self.optimistic_max = attempts.min(ATTEMPTS_MAX - 1);
        self
    }

    /// The same ledger without the row cache: every batch reads its rows first (the benchmark
    /// compares both). Group commit works on the cache, so this turns it off too.
    pub fn without_cache(mut self) -> PostgresLedger {
        self.cache = None;
        self.group = None;
        self
    }

    /// The same ledger without group commit: each `submit` is written by its own statement (the
    /// benchmark compares both).
    pub fn without_group_commit(mut self) -> PostgresLedger {
        self.group = None;
        self
    }

    /// The same ledger with up to `depth` groups in flight at once (default
    /// [`GROUP_PIPELINE_DEPTH`]; the benchmark compares). No effect without group commit.
    pub fn with_group_pipeline_depth(mut self, depth: usize) -> PostgresLedger {
        if let Some(cache) = &self.cache
            && self.group.is_some()
        {
            self.group = Some(Arc::new(GroupCommit::new(
                self.pool.clone(),
                cache.clone(),
                depth,
            )));
        }
        self
    }

    /// How many groups the group-commit task wrote and how many requests they held (zeros
    /// without group commit).
    pub fn group_stats(&self) -> GroupStats {
        self.group.as_ref().map(|g| g.stats()).unwrap_or_default()
    }

    /// The connection pool.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The fast path: read without locks in one statement, decide, write in one statement at
    /// the versions read (no explicit transaction: two round trips in all).
    async fn try_submit_optimistic(
        &self,
        batch: &[NewTransfer],
    ) -> Result<Result<Vec<Transfer>, LedgerError>, sqlx::Error> {
        let loaded = read_for_batch(&self.pool, batch).await?;
        if let Some(cache) = &self.cache {
            cache.remember(&loaded.snap, &loaded.versions);
        }
        // A refusal is judged on one consistent snapshot taken after the request began, so it
        // is a correct answer at that moment.
        let (applied, changes) = match apply_batch(&loaded.snap, batch) {
            Ok(ok) => ok,
            Err(refused) => return Ok(Err(refused)),
        };
        if !changes.is_empty() {
            let next = next_versions(&changes);
            write_changes(&self.pool, &changes, &loaded.versions, &next).await?;
            if let Some(cache) = &self.cache {
                cache.committed(&changes, &next);
            }
        }
        Ok(Ok(applied))
    }

    /// The fastest path, when every row the batch needs is cached: decide on the cached rows
    /// and write conditionally (one round trip). `None` means: not applicable or not confirmed,
    /// take the other paths (a refusal on cached rows is never returned; see `cache`).
    async fn try_submit_cached(
        &self,
        batch: &[NewTransfer],
    ) -> Result<Option<Vec<Transfer>>, sqlx::Error> {
        let Some(cache) = &self.cache else {
            return Ok(None);
        };
        let Some((snap, versions)) = cache.snapshot(batch) else {
            return Ok(None);
        };
        let Ok((applied, changes)) = apply_batch(&snap, batch) else {
            return Ok(None);
        };
        if changes.is_empty() {
            // Every member is a transfer this process saw committed: immutable, a replay.
            return Ok(Some(applied));
        }
        let next = next_versions(&changes);
        match write_changes(&self.pool, &changes, &versions, &next).await {
            Ok(()) => {
                cache.committed(&changes, &next);
                Ok(Some(applied))
            }
            // A stale cache shows up as a version or state conflict (40001), an id stored by
            // another process (23505), or — when a stale pending transfer meets fresh accounts —
            // a CHECK backstop refusing the computed balances (23514). Nothing was applied.
            Err(e) if is_retryable(&e) || is_check_violation(&e) => {
                cache.forget(batch, &snap);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The slow path, which always makes progress: lock the rows, decide, write, commit.
    async fn try_submit_locked(
        &self,
        batch: &[NewTransfer],
    ) -> Result<Result<Vec<Transfer>, LedgerError>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        // Lock order, the same in every statement and transaction: accounts by id, then
        // transfers by id. The accounts of a pending transfer are read first without a lock
        // (they never change).
        let mut loaded = read_for_batch(&mut *tx, batch).await?;
        let accounts = batch_account_ids(batch, &loaded.snap);
        loaded.snap.accounts.clear();
        lock_accounts(&mut tx, &accounts, &mut loaded).await?;
        loaded.snap.transfers.clear();
        for t in lock_transfers(&mut tx, &batch_transfer_ids(batch)).await? {
            loaded.snap.transfers.insert(t.transfer.id, t);
        }
        let mut outcome = apply_batch(&loaded.snap, batch);
        if outcome.is_err() {
            // A request with the same id may have committed while this one waited for the
            // account locks: its effects are visible now, but the transfers read in step 1 were
            // not. Before refusing, read the batch's ids again (a new statement sees every commit
            // so far) and, if any appeared, decide again: the member is then a replay.
            let ids: Vec<TransferId> = batch.iter().map(|t| t.id).collect();
            let mut appeared = false;
            for t in lock_transfers(&mut tx, &ids).await? {
                appeared |= loaded.snap.transfers.insert(t.transfer.id, t).is_none();
            }
            if appeared {
                outcome = apply_batch(&loaded.snap, batch);
            }
        }
        let (applied, changes) = match outcome {
            Ok(ok) => ok,
            Err(refused) => {
                tx.rollback().await?;
                return Ok(Err(refused));
            }
        };
        if changes.is_empty() {
            tx.rollback().await?;
        } else {
            let next = next_versions(&changes);
            write_changes(&mut *tx, &changes, &loaded.versions, &next).await?;
            tx.commit().await?;
            if let Some(cache) = &self.cache {
                cache.committed(&changes, &next);
            }
        }
        Ok(Ok(applied))
    }

    async fn try_expire(&self, now: Timestamp, max: u32) -> Result<Vec<TransferId>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        // Candidates first, without locks; then the same lock order as every batch (accounts,
        // then transfers), and the rules re-check each candidate's state on the locked row.
        let rows = sqlx::query(
            "SELECT id, request_hash, debit, credit, amount, ledger, code, user_data, ts, kind, \
             pending_id, expires_at, pending_state FROM transfers \
             WHERE pending_state = 0 AND expires_at IS NOT NULL AND expires_at <= $1 \
             ORDER BY expires_at, id LIMIT $2",
        )
        .bind(i64_of(now.0))
        .bind(i64::from(max))
        .fetch_all(&mut *tx)
        .await?;
        let mut loaded = Loaded::default();
        let mut ids = Vec::with_capacity(rows.len());
        let mut accounts = Vec::new();
        for r in &rows {
            let t = decode(transfer_from_row(r))?;
            accounts.push(t.transfer.debit);
            accounts.push(t.transfer.credit);
            ids.push(t.transfer.id);
        }
        accounts.sort();
        accounts.dedup();
        lock_accounts(&mut tx, &accounts, &mut loaded).await?;
        let mut sorted = ids.clone();
        sorted.sort();
        for t in lock_transfers(&mut tx, &sorted).await? {
            loaded.snap.transfers.insert(t.transfer.id, t);
        }
        let (expired, changes) = decode(apply_expiry(&loaded.snap, &ids, now))?;
        let next = next_versions(&changes);
        if !changes.is_empty() {
            write_changes(&mut *tx, &changes, &loaded.versions, &next).await?;
        }
        tx.commit().await?;
        if let Some(cache) = &self.cache {
            cache.committed(&changes, &next);
        }
        Ok(expired)
    }

    async fn one_account(&self, id: AccountId) -> Result<Option<Account>, LedgerError> {
        let row = sqlx::query(
            "SELECT id, ledger, kind, code, owner, posted, debits_pending, credits_pending \
             FROM accounts WHERE id = $1",
        )
        .bind(id_bytes(id.0))
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(account_from_row).transpose()
    }

    async fn one_transfer(&self, id: TransferId) -> Result<Option<StoredTransfer>, LedgerError> {
        let row = sqlx::query(
            "SELECT id, request_hash, debit, credit, amount, ledger, code, user_data, ts, kind, \
             pending_id, expires_at, pending_state FROM transfers WHERE id = $1",
        )
        .bind(id_bytes(id.0))
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(transfer_from_row).transpose()
    }
}

impl Ledger for PostgresLedger {
    async fn create_account(&self, spec: NewAccount) -> Result<Account, LedgerError> {
        let inserted = sqlx::query(
            "INSERT INTO accounts (id, ledger, kind, code, owner, limited) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
        )
        .bind(id_bytes(spec.id.0))
        .bind(i64::from(spec.ledger.0))
        .bind(spec.kind.to_code())
        .bind(i32::from(spec.code))
        .bind(id_bytes(spec.owner.0))
        .bind(spec.kind.limited())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        let account = self
            .one_account(spec.id)
            .await?
            .ok_or_else(|| corrupt("account vanished"))?;
        if inserted.rows_affected() == 0 && account.spec() != spec {
            return Err(LedgerError::AccountIdConflict(spec.id));
        }
        Ok(account)
    }

    async fn account(&self, id: AccountId) -> Result<Option<Account>, LedgerError> {
        self.one_account(id).await
    }

    async fn accounts_by_owner(&self, owner: OwnerRef) -> Result<Vec<Account>, LedgerError> {
        let rows = sqlx::query(
            "SELECT id, ledger, kind, code, owner, posted, debits_pending, credits_pending \
             FROM accounts WHERE owner = $1 ORDER BY id",
        )
        .bind(id_bytes(owner.0))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(account_from_row).collect()
    }

    async fn submit(&self, batch: &[NewTransfer]) -> Result<Vec<Transfer>, LedgerError> {
        check_batch_shape(batch)?;
        if let Some(group) = &self.group {
            // Written with whatever other callers queued meanwhile; a refusal (or a group that
            // could not be written) comes back to be decided alone on fresh rows below.
            if let Reply::Applied(applied) = group.submit(batch).await {
                return Ok(applied);
            }
        }
        match self.try_submit_cached(batch).await {
            Ok(Some(applied)) => return Ok(applied),
            Ok(None) => {}
            Err(sqlx::Error::Decode(inner)) => return Err(LedgerError::Backend(inner)),
            Err(e) => return Err(backend(e)),
        }
        // Optimistic next; after OPTIMISTIC_MAX conflicts (a hot row), take the locks.
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = if attempt <= self.optimistic_max {
                self.try_submit_optimistic(batch).await
            } else {
                self.try_submit_locked(batch).await
            };
            match result {
                Ok(result) => return result,
                Err(e) if is_retryable(&e) && attempt < ATTEMPTS_MAX => backoff(attempt).await,
                Err(e) if is_retryable(&e) => return Err(LedgerError::Busy(attempt)),
                Err(sqlx::Error::Decode(inner)) => return Err(LedgerError::Backend(inner)),
                Err(e) => return Err(backend(e)),
            }
        }
    }

    async fn lookup_transfer(&self, id: TransferId) -> Result<Option<Transfer>, LedgerError> {
        Ok(self.one_transfer(id).await?.map(|t| t.transfer))
    }

    async fn pending_state(&self, id: TransferId) -> Result<Option<PendingState>, LedgerError> {
        Ok(self.one_transfer(id).await?.and_then(|t| t.pending_state))
    }

    async fn history(
        &self,
        account: AccountId,
        after: Option<HistoryCursor>,
        limit: u32,
    ) -> Result<HistoryPage, LedgerError> {
        if self.one_account(account).await?.is_none() {
            return Err(LedgerError::AccountNotFound(account));
        }
        let limit = limit.clamp(1, MAX_PAGE);
        let after = after.map_or(0, |c| i64_of(c.0));
        // Two index range scans (by debit, by credit) merged by seq; a transfer never has the
        // same account on both sides, so UNION ALL lists each once.
        let rows = sqlx::query(
            "(SELECT seq, id, request_hash, debit, credit, amount, ledger, code, user_data, ts, \
               kind, pending_id, expires_at, pending_state FROM transfers \
               WHERE debit = $1 AND seq > $2 ORDER BY seq LIMIT $3) \
             UNION ALL \
             (SELECT seq, id, request_hash, debit, credit, amount, ledger, code, user_data, ts, \
               kind, pending_id, expires_at, pending_state FROM transfers \
               WHERE credit = $1 AND seq > $2 ORDER BY seq LIMIT $3) \
             ORDER BY seq LIMIT $3",
        )
        .bind(id_bytes(account.0))
        .bind(after)
        .bind(i64::from(limit) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let more = rows.len() > limit;
        let mut transfers = Vec::with_capacity(rows.len().min(limit));
        let mut last = 0i64;
        for r in rows.iter().take(limit) {
            last = r.try_get("seq").map_err(backend)?;
            transfers.push(transfer_from_row(r)?.transfer);
        }
        let next = more.then(|| HistoryCursor(u64::try_from(last).unwrap_or(0)));
        Ok(HistoryPage { transfers, next })
    }

    async fn expire_pending(
        &self,
        now: Timestamp,
        max: u32,
    ) -> Result<Vec<TransferId>, LedgerError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.try_expire(now, max).await {
                Ok(expired) => return Ok(expired),
                Err(e) if is_retryable(&e) && attempt < ATTEMPTS_MAX => backoff(attempt).await,
                Err(e) if is_retryable(&e) => return Err(LedgerError::Busy(attempt)),
                Err(sqlx::Error::Decode(inner)) => return Err(LedgerError::Backend(inner)),
                Err(e) => return Err(backend(e)),
            }
        }
    }
}
