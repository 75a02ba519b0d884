//! PostgreSQL runs the whole conformance kit against a real server (`DATABASE_URL`, default
//! `postgres://postgres@127.0.0.1:5432/test`), each test in a fresh schema.

mod common;

kingpin_ledger::conformance_tests!(common::fresh());
