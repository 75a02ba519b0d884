-- Version 3: the transfers → accounts integrity backstop, checked once per statement.
--
-- Version 1 declared `debit` and `credit` as foreign keys. A foreign key is checked row by row:
-- for every inserted transfer, two trigger calls each run a query and take a KEY SHARE lock on
-- the account row. A group-commit statement inserts dozens of transfers on the same few dozen
-- accounts, and those per-row checks were about a fifth of the server's CPU per settled bet
-- (docs/performance.md, docs/adr/0003-set-based-account-check.md).
--
-- The same guarantee, set-based:
-- 1. after every INSERT statement on transfers, one query checks that every account the new
--    rows name exists (SQLSTATE 23503, foreign_key_violation, as the foreign key raised);
-- 2. accounts are never deleted, nor their ids changed (the ledger never does either): a row
--    that exists once exists for good, so the check needs no lock to stay true.
ALTER TABLE transfers
    DROP CONSTRAINT transfers_debit_fkey,
    DROP CONSTRAINT transfers_credit_fkey;

CREATE FUNCTION kingpin_transfers_name_accounts() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    missing BYTEA;
BEGIN
    SELECT n.id INTO missing
    FROM (SELECT debit AS id FROM new_transfers UNION SELECT credit FROM new_transfers) AS n
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = n.id)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'kingpin ledger: a transfer names account % that does not exist',
            encode(missing, 'hex') USING ERRCODE = '23503';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER transfers_name_accounts
    AFTER INSERT ON transfers
    REFERENCING NEW TABLE AS new_transfers
    FOR EACH STATEMENT EXECUTE FUNCTION kingpin_transfers_name_accounts();

CREATE FUNCTION kingpin_accounts_are_permanent() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'kingpin ledger: accounts are never deleted nor renumbered'
        USING ERRCODE = '23503';
END
$$;

CREATE TRIGGER accounts_are_permanent
    BEFORE DELETE OR UPDATE OF id ON accounts
    FOR EACH ROW EXECUTE FUNCTION kingpin_accounts_are_permanent();

CREATE TRIGGER accounts_not_truncated
    BEFORE TRUNCATE ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION kingpin_accounts_are_permanent();
