//! The reference implementation runs the whole conformance kit.
#![cfg(feature = "test-kit")]

kingpin_ledger::conformance_tests!(async { kingpin_ledger::MemoryLedger::new() });
