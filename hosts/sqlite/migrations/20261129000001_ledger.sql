-- Kingpin ledger schema, version 1 (SQLite).
--
-- Ids (u128) are stored as 16-byte big-endian BLOBs: byte order equals numeric order, so
-- ORDER BY id is the same order the Rust code locks and pages in.

-- One row per account; balances are updated in place inside the transfer's transaction.
CREATE TABLE accounts (
    id              BLOB    NOT NULL PRIMARY KEY,
    ledger          INTEGER NOT NULL,
    kind            INTEGER NOT NULL,
    code            INTEGER NOT NULL,
    owner           BLOB    NOT NULL,
    limited         INTEGER NOT NULL,
    posted          INTEGER NOT NULL DEFAULT 0,
    debits_pending  INTEGER NOT NULL DEFAULT 0,
    credits_pending INTEGER NOT NULL DEFAULT 0,
    -- Backstops for the rules the Rust code enforces first.
    CHECK (debits_pending >= 0 AND credits_pending >= 0),
    CHECK (limited = 0 OR posted - debits_pending >= 0)
) WITHOUT ROWID;

-- accounts_by_owner: WHERE owner = ? ORDER BY id.
CREATE INDEX accounts_by_owner ON accounts (owner, id);

-- Append-only: rows are never deleted; only a pending transfer's pending_state changes, once.
CREATE TABLE transfers (
    -- Application order, the history cursor. AUTOINCREMENT: never reused, always increasing.
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The idempotency key, with the hash of the request that created it.
    id            BLOB    NOT NULL UNIQUE,
    request_hash  BLOB    NOT NULL,
    debit         BLOB    NOT NULL REFERENCES accounts (id),
    credit        BLOB    NOT NULL REFERENCES accounts (id),
    amount        INTEGER NOT NULL CHECK (amount > 0),
    ledger        INTEGER NOT NULL,
    code          INTEGER NOT NULL,
    user_data     BLOB    NOT NULL,
    ts            INTEGER NOT NULL,
    -- 1 single, 2 pending, 3 post, 4 void.
    kind          INTEGER NOT NULL,
    -- Post and void: the pending transfer resolved.
    pending_id    BLOB,
    -- Pending: expiry time (NULL: never) and state (0 pending, 1 posted, 2 voided, 3 expired).
    expires_at    INTEGER,
    pending_state INTEGER,
    CHECK (debit <> credit)
);

-- history: WHERE debit = ? AND seq > ? ORDER BY seq, and the same for credit (UNION ALL).
CREATE INDEX transfers_by_debit ON transfers (debit, seq);
CREATE INDEX transfers_by_credit ON transfers (credit, seq);

-- A pending transfer is resolved at most once: at most one post or void names it.
CREATE UNIQUE INDEX transfers_one_resolution ON transfers (pending_id) WHERE pending_id IS NOT NULL;

-- expire_pending: WHERE pending_state = 0 AND expires_at <= ? ORDER BY expires_at. Partial, so
-- it only holds transfers that can still expire and stays small.
CREATE INDEX transfers_expiring ON transfers (expires_at, id)
    WHERE pending_state = 0 AND expires_at IS NOT NULL;
