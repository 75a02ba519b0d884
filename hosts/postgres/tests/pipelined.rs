//! The whole kit with two groups in flight at once
//! ([`PostgresLedger::with_group_pipeline_depth`]): a group decided on top of another whose
//! commit is not yet known must still give every caller the model's answer.

mod common;

kingpin_ledger::conformance_tests!(async { common::fresh().await.with_group_pipeline_depth(2) });
