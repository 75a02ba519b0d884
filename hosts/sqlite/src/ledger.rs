//! `SqliteLedger`.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use kingpin_ledger::apply::{
    Changes, Snapshot, StoredTransfer, apply_batch, apply_expiry, batch_account_ids,
    batch_transfer_ids, check_batch_shape,
};
use kingpin_ledger::{
    Account, AccountId, AccountKind, HistoryCursor, HistoryPage, Ledger, LedgerError, LedgerId,
    MAX_PAGE, NewAccount, NewTransfer, OwnerRef, PendingState, Timestamp, Transfer, TransferId,
    TransferKind,
};
use kingpin_units::Amount;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{Row, SqliteConnection, SqlitePool};

/// How many times a write is retried when SQLite reports the database busy or locked.
const ATTEMPTS_MAX: u32 = 8;

/// The ledger on a SQLite database.
#[derive(Clone, Debug)]
pub struct SqliteLedger {
    pool: SqlitePool,
}

fn backend(e: sqlx::Error) -> LedgerError {
    LedgerError::Backend(Box::new(e))
}

fn corrupt(what: &str) -> LedgerError {
    LedgerError::Backend(format!("corrupt ledger row: {what}").into())
}

fn is_busy(e: &sqlx::Error) -> bool {
    // SQLITE_BUSY (5), SQLITE_LOCKED (6) and their extended codes.
    e.as_database_error()
        .and_then(|d| d.code())
        .and_then(|c| c.parse::<i32>().ok())
        .is_some_and(|c| matches!(c & 0xff, 5 | 6))
}

fn id_bytes(id: u128) -> Vec<u8> {
    id.to_be_bytes().to_vec()
}

fn id_from(bytes: &[u8]) -> Result<u128, LedgerError> {
    let a: [u8; 16] = bytes.try_into().map_err(|_| corrupt("id length"))?;
    Ok(u128::from_be_bytes(a))
}

fn account_from_row(r: &SqliteRow) -> Result<Account, LedgerError> {
    let g = |e: sqlx::Error| backend(e);
    Ok(Account {
        id: AccountId(id_from(&r.try_get::<Vec<u8>, _>("id").map_err(g)?)?),
        ledger: LedgerId(
            u32::try_from(r.try_get::<i64, _>("ledger").map_err(g)?)
                .map_err(|_| corrupt("ledger"))?,
        ),
        kind: AccountKind::from_code(
            i16::try_from(r.try_get::<i64, _>("kind").map_err(g)?).map_err(|_| corrupt("kind"))?,
        )
        .ok_or_else(|| corrupt("kind"))?,
        code: u16::try_from(r.try_get::<i64, _>("code").map_err(g)?)
            .map_err(|_| corrupt("code"))?,
        owner: OwnerRef(id_from(&r.try_get::<Vec<u8>, _>("owner").map_err(g)?)?),
        posted: r.try_get("posted").map_err(g)?,
        debits_pending: r.try_get("debits_pending").map_err(g)?,
        credits_pending: r.try_get("credits_pending").map_err(g)?,
    })
}

fn transfer_from_row(r: &SqliteRow) -> Result<StoredTransfer, LedgerError> {
    let g = |e: sqlx::Error| backend(e);
    let kind_code: i64 = r.try_get("kind").map_err(g)?;
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
        .try_get::<Option<i64>, _>("pending_state")
        .map_err(g)?
        .map(|s| {
            i16::try_from(s)
                .ok()
                .and_then(PendingState::from_code)
                .ok_or_else(|| corrupt("pending_state"))
        })
        .transpose()?;
    let kind = i16::try_from(kind_code)
        .ok()
        .and_then(|code| TransferKind::from_code(code, pending_id, expires_at))
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
            code: u16::try_from(r.try_get::<i64, _>("code").map_err(g)?)
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

async fn load_transfer(
    conn: &mut SqliteConnection,
    id: TransferId,
) -> Result<Option<StoredTransfer>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, request_hash, debit, credit, amount, ledger, code, user_data, ts, kind, \
         pending_id, expires_at, pending_state FROM transfers WHERE id = ?",
    )
    .bind(id_bytes(id.0))
    .fetch_optional(&mut *conn)
    .await?;
    // Decoding errors are reported as a database error so that the caller maps them once.
    row.map(|r| transfer_from_row(&r).map_err(|e| sqlx::Error::Decode(Box::new(e))))
        .transpose()
}

async fn load_account(
    conn: &mut SqliteConnection,
    id: AccountId,
) -> Result<Option<Account>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, ledger, kind, code, owner, posted, debits_pending, credits_pending \
         FROM accounts WHERE id = ?",
    )
    .bind(id_bytes(id.0))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| account_from_row(&r).map_err(|e| sqlx::Error::Decode(Box::new(e))))
        .transpose()
}

async fn write_changes(conn: &mut SqliteConnection, changes: &Changes) -> Result<(), sqlx::Error> {
    for a in &changes.accounts {
        sqlx::query(
            "UPDATE accounts SET posted = ?, debits_pending = ?, credits_pending = ? WHERE id = ?",
        )
        .bind(a.posted)
        .bind(a.debits_pending)
        .bind(a.credits_pending)
        .bind(id_bytes(a.id.0))
        .execute(&mut *conn)
        .await?;
    }
    for st in &changes.inserted {
        let t = &st.transfer;
        let kind = i64::from(t.kind.to_code());
        let pending_id = t.kind.pending_id().map(|p| id_bytes(p.0));
        let expires_at = t
            .kind
            .expires_at()
            .map(|e| i64::try_from(e.0).unwrap_or(i64::MAX));
        sqlx::query(
            "INSERT INTO transfers (id, request_hash, debit, credit, amount, ledger, code, \
             user_data, ts, kind, pending_id, expires_at, pending_state) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id_bytes(t.id.0))
        .bind(st.request_hash.to_vec())
        .bind(id_bytes(t.debit.0))
        .bind(id_bytes(t.credit.0))
        .bind(i64::try_from(t.amount.minor()).unwrap_or(i64::MAX))
        .bind(i64::from(t.ledger.0))
        .bind(i64::from(t.code))
        .bind(id_bytes(t.user_data))
        .bind(i64::try_from(t.timestamp.0).unwrap_or(i64::MAX))
        .bind(kind)
        .bind(pending_id)
        .bind(expires_at)
        .bind(st.pending_state.map(|s| i64::from(s.to_code())))
        .execute(&mut *conn)
        .await?;
    }
    for (id, state) in &changes.resolved {
        let done = sqlx::query(
            "UPDATE transfers SET pending_state = ? WHERE id = ? AND pending_state = 0",
        )
        .bind(i64::from(state.to_code()))
        .bind(id_bytes(id.0))
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() != 1 {
            return Err(sqlx::Error::Protocol(format!(
                "pending transfer {id} changed under a write lock"
            )));
        }
    }
    Ok(())
}

impl SqliteLedger {
    /// Open (creating if needed) the ledger in the SQLite file at `path`, in WAL mode, and apply
    /// pending migrations.
    ///
    /// # Errors
    /// [`LedgerError::Backend`] if the file cannot be opened or migrated.
    pub async fn open(path: impl AsRef<Path>) -> Result<SqliteLedger, LedgerError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // NORMAL in WAL mode: a commit survives a process crash; a power loss may lose the
            // last transactions but never corrupts the file. Use `open_with` for FULL.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        SqliteLedger::open_with(options, 8).await
    }

    /// A private in-memory ledger (one connection), for tests and simulations.
    ///
    /// # Errors
    /// [`LedgerError::Backend`] if SQLite cannot start.
    pub async fn in_memory() -> Result<SqliteLedger, LedgerError> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")
            .map_err(backend)?
            .foreign_keys(true);
        SqliteLedger::open_with(options, 1).await
    }

    /// Open with explicit connection options and pool size, and apply pending migrations.
    ///
    /// # Errors
    /// [`LedgerError::Backend`] if the database cannot be opened or migrated.
    pub async fn open_with(
        options: SqliteConnectOptions,
        connections_max: u32,
    ) -> Result<SqliteLedger, LedgerError> {
        let pool = SqlitePoolOptions::new()
            .max_connections(connections_max.max(1))
            // An in-memory database lives as long as its connection.
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(backend)?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| LedgerError::Backend(Box::new(e)))?;
        Ok(SqliteLedger { pool })
    }

    /// The connection pool, for callers that keep their own tables in the same file.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    async fn try_submit(
        &self,
        batch: &[NewTransfer],
    ) -> Result<Result<Vec<Transfer>, LedgerError>, sqlx::Error> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut snap = Snapshot::default();
        for id in batch_transfer_ids(batch) {
            if let Some(t) = load_transfer(&mut tx, id).await? {
                snap.transfers.insert(id, t);
            }
        }
        for id in batch_account_ids(batch, &snap) {
            if let Some(a) = load_account(&mut tx, id).await? {
                snap.accounts.insert(id, a);
            }
        }
        let (applied, changes) = match apply_batch(&snap, batch) {
            Ok(ok) => ok,
            Err(refused) => {
                tx.rollback().await?;
                return Ok(Err(refused));
            }
        };
        if changes.is_empty() {
            tx.rollback().await?;
        } else {
            write_changes(&mut tx, &changes).await?;
            tx.commit().await?;
        }
        Ok(Ok(applied))
    }

    async fn try_expire(&self, now: Timestamp, max: u32) -> Result<Vec<TransferId>, LedgerError> {
        let now_i = i64::try_from(now.0).unwrap_or(i64::MAX);
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(backend)?;
        let rows = sqlx::query(
            "SELECT id FROM transfers WHERE pending_state = 0 AND expires_at IS NOT NULL \
             AND expires_at <= ? ORDER BY expires_at, id LIMIT ?",
        )
        .bind(now_i)
        .bind(i64::from(max))
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let mut ids = Vec::with_capacity(rows.len());
        let mut snap = Snapshot::default();
        for r in &rows {
            let id = TransferId(id_from(&r.try_get::<Vec<u8>, _>("id").map_err(backend)?)?);
            let t = load_transfer(&mut tx, id)
                .await
                .map_err(backend)?
                .ok_or_else(|| corrupt("vanished pending transfer"))?;
            for a in [t.transfer.debit, t.transfer.credit] {
                if let Some(acc) = load_account(&mut tx, a).await.map_err(backend)? {
                    snap.accounts.insert(a, acc);
                }
            }
            snap.transfers.insert(id, t);
            ids.push(id);
        }
        let (expired, changes) = apply_expiry(&snap, &ids, now)?;
        write_changes(&mut tx, &changes).await.map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(expired)
    }
}

impl Ledger for SqliteLedger {
    async fn create_account(&self, spec: NewAccount) -> Result<Account, LedgerError> {
        let inserted = sqlx::query(
            "INSERT INTO accounts (id, ledger, kind, code, owner, limited) VALUES (?, ?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id_bytes(spec.id.0))
        .bind(i64::from(spec.ledger.0))
        .bind(i64::from(spec.kind.to_code()))
        .bind(i64::from(spec.code))
        .bind(id_bytes(spec.owner.0))
        .bind(spec.kind.limited())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        let account = load_account(&mut conn, spec.id)
            .await
            .map_err(backend)?
            .ok_or_else(|| corrupt("account vanished"))?;
        if inserted.rows_affected() == 0 && account.spec() != spec {
            return Err(LedgerError::AccountIdConflict(spec.id));
        }
        Ok(account)
    }

    async fn account(&self, id: AccountId) -> Result<Option<Account>, LedgerError> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        load_account(&mut conn, id).await.map_err(backend)
    }

    async fn accounts_by_owner(&self, owner: OwnerRef) -> Result<Vec<Account>, LedgerError> {
        let rows = sqlx::query(
            "SELECT id, ledger, kind, code, owner, posted, debits_pending, credits_pending \
             FROM accounts WHERE owner = ? ORDER BY id",
        )
        .bind(id_bytes(owner.0))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(account_from_row).collect()
    }

    async fn submit(&self, batch: &[NewTransfer]) -> Result<Vec<Transfer>, LedgerError> {
        check_batch_shape(batch)?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.try_submit(batch).await {
                Ok(result) => return result,
                Err(e) if is_busy(&e) && attempt < ATTEMPTS_MAX => {
                    yield_backoff(attempt).await;
                }
                Err(e) if is_busy(&e) => return Err(LedgerError::Busy(attempt)),
                Err(e) => return Err(backend(e)),
            }
        }
    }

    async fn lookup_transfer(&self, id: TransferId) -> Result<Option<Transfer>, LedgerError> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        Ok(load_transfer(&mut conn, id)
            .await
            .map_err(backend)?
            .map(|t| t.transfer))
    }

    async fn pending_state(&self, id: TransferId) -> Result<Option<PendingState>, LedgerError> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        Ok(load_transfer(&mut conn, id)
            .await
            .map_err(backend)?
            .and_then(|t| t.pending_state))
    }

    async fn history(
        &self,
        account: AccountId,
        after: Option<HistoryCursor>,
        limit: u32,
    ) -> Result<HistoryPage, LedgerError> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        if load_account(&mut conn, account)
            .await
            .map_err(backend)?
            .is_none()
        {
            return Err(LedgerError::AccountNotFound(account));
        }
        let limit = limit.clamp(1, MAX_PAGE);
        let after = after.map_or(0, |c| i64::try_from(c.0).unwrap_or(i64::MAX));
        // Two index range scans (by debit, by credit), merged by seq. A transfer never has the
        // same account on both sides, so UNION ALL lists each once.
        let rows = sqlx::query(
            "SELECT seq, id, request_hash, debit, credit, amount, ledger, code, user_data, ts, \
             kind, pending_id, expires_at, pending_state FROM ( \
               SELECT * FROM transfers WHERE debit = ?1 AND seq > ?2 \
               UNION ALL \
               SELECT * FROM transfers WHERE credit = ?1 AND seq > ?2) \
             ORDER BY seq LIMIT ?3",
        )
        .bind(id_bytes(account.0))
        .bind(after)
        .bind(i64::from(limit) + 1)
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
        let mut transfers = Vec::with_capacity(rows.len());
        let mut last = 0i64;
        for r in rows
            .iter()
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
        {
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
        self.try_expire(now, max).await
    }
}

/// Back off before retrying a busy write, without tying the crate to an async runtime: SQLite's
/// own busy timeout already waited, so this only yields.
async fn yield_backoff(attempt: u32) {
    for _ in 0..attempt {
        YieldNow(false).await;
    }
}

struct YieldNow(bool);

impl std::future::Future for YieldNow {
    type Output = ();
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.0 {
            std::task::Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    }
}
