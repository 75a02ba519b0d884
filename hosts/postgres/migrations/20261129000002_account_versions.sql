-- Version 2: per-account versions for optimistic writes.
--
-- Every write of an account's balances bumps its version. A batch that read an account at
-- version v writes it only `WHERE version = v`; if another transaction changed it in between,
-- the write matches fewer rows than expected and kingpin_check_write aborts the whole statement
-- with SQLSTATE 40001 (serialization_failure), which the client retries.
ALTER TABLE accounts ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION kingpin_check_write(ok BOOLEAN, what TEXT) RETURNS BOOLEAN
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT ok THEN
        RAISE EXCEPTION 'kingpin ledger write conflict: %', what USING ERRCODE = '40001';
    END IF;
    RETURN TRUE;
END
$$;
