-- Kingpin ledger schema, version 1 (PostgreSQL).
--
-- Ids (u128) are 16-byte big-endian BYTEA: bytewise order equals numeric order, so ORDER BY id is
-- the order the Rust code sorts and locks in.

-- One row per account, balances updated in place under a row lock (SELECT ... FOR UPDATE,
-- always taken in id order within a transaction).
CREATE TABLE accounts (
    id              BYTEA    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    ledger          BIGINT   NOT NULL,
    kind            SMALLINT NOT NULL,
    code            INTEGER  NOT NULL,
    owner           BYTEA    NOT NULL,
    limited         BOOLEAN  NOT NULL,
    posted          BIGINT   NOT NULL DEFAULT 0,
    debits_pending  BIGINT   NOT NULL DEFAULT 0,
    credits_pending BIGINT   NOT NULL DEFAULT 0,
    -- Database-level backstops for the rules the Rust code enforces first: a bug or a hand-made
    -- UPDATE cannot take a player below zero.
    CONSTRAINT pending_not_negative CHECK (debits_pending >= 0 AND credits_pending >= 0),
    CONSTRAINT limited_not_negative CHECK (NOT limited OR posted >= debits_pending)
);

-- accounts_by_owner: WHERE owner = $1 ORDER BY id (an index-only range scan).
CREATE INDEX accounts_by_owner ON accounts (owner, id);

-- Append-only: rows are never deleted; only a pending transfer's pending_state changes, once.
CREATE TABLE transfers (
    -- The idempotency key (unique by being the primary key), with the hash of the request that
    -- created it: a retry is recognised by an equal hash, a reuse by a different one.
    id            BYTEA    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    request_hash  BYTEA    NOT NULL CHECK (length(request_hash) = 32),
    -- Application order, the history cursor. Allocated while the transfer's account rows are
    -- locked, so for any one account seq order is commit order and a cursor never skips a row.
    seq           BIGINT   GENERATED ALWAYS AS IDENTITY UNIQUE,
    debit         BYTEA    NOT NULL REFERENCES accounts (id),
    credit        BYTEA    NOT NULL REFERENCES accounts (id),
    amount        BIGINT   NOT NULL CHECK (amount > 0),
    ledger        BIGINT   NOT NULL,
    code          INTEGER  NOT NULL,
    user_data     BYTEA    NOT NULL,
    ts            BIGINT   NOT NULL,
    -- 1 single, 2 pending, 3 post, 4 void.
    kind          SMALLINT NOT NULL,
    -- Post and void: the pending transfer resolved.
    pending_id    BYTEA,
    -- Pending: expiry time (NULL: never) and state (0 pending, 1 posted, 2 voided, 3 expired).
    expires_at    BIGINT,
    pending_state SMALLINT,
    CHECK (debit <> credit)
);

-- history: WHERE debit = $1 AND seq > $2 ORDER BY seq, and the same for credit, merged.
CREATE INDEX transfers_by_debit ON transfers (debit, seq);
CREATE INDEX transfers_by_credit ON transfers (credit, seq);

-- A pending transfer is resolved at most once: at most one post or void names it.
CREATE UNIQUE INDEX transfers_one_resolution ON transfers (pending_id) WHERE pending_id IS NOT NULL;

-- expire_pending: WHERE pending_state = 0 AND expires_at <= $1 ORDER BY expires_at. Partial, so
-- it holds only transfers that can still expire and stays small.
CREATE INDEX transfers_expiring ON transfers (expires_at, id)
    WHERE pending_state = 0 AND expires_at IS NOT NULL;
