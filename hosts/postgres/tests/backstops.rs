//! The database-level backstops: rules the Rust code enforces first, that the schema enforces
//! again against a bug or a hand-made statement. Each is tried with raw SQL on a ledger's own
//! schema and must be refused with the documented SQLSTATE, leaving the rows as they were.

mod common;

use kingpin_ledger::{
    AccountId, AccountKind, Ledger, LedgerId, NewAccount, NewTransfer, OwnerRef, Timestamp,
    TransferId,
};
use kingpin_postgres::PostgresLedger;
use kingpin_units::Amount;

const NOW: Timestamp = Timestamp(1_700_000_000_000_000);

fn id(n: u128) -> Vec<u8> {
    n.to_be_bytes().to_vec()
}

/// A ledger with a clearing account (1) and a player (2) funded with 500.
async fn funded() -> PostgresLedger {
    let ledger = common::fresh().await;
    for (n, kind) in [
        (1, AccountKind::DepositsClearing),
        (2, AccountKind::PlayerCash),
    ] {
        ledger
            .create_account(NewAccount {
                id: AccountId(n),
                ledger: LedgerId(840),
                kind,
                code: 0,
                owner: OwnerRef(n),
            })
            .await
            .expect("account");
    }
    ledger
        .transfer(NewTransfer::single(
            TransferId(10),
            AccountId(1),
            AccountId(2),
            Amount::from_minor(500),
            NOW,
        ))
        .await
        .expect("deposit");
    ledger
}

/// The SQLSTATE of a refused statement.
fn sqlstate(result: Result<sqlx::postgres::PgQueryResult, sqlx::Error>) -> String {
    match result {
        Ok(done) => panic!("accepted ({} rows)", done.rows_affected()),
        Err(e) => e
            .as_database_error()
            .and_then(|d| d.code())
            .map(|c| c.into_owned())
            .unwrap_or_else(|| panic!("not a database error: {e}")),
    }
}

async fn counts(ledger: &PostgresLedger) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM transfers), \
         (SELECT sum(posted)::int8 FROM accounts WHERE limited)",
    )
    .fetch_one(ledger.pool())
    .await
    .expect("counts")
}

const INSERT: &str = "INSERT INTO transfers (id, request_hash, debit, credit, amount, ledger, \
     code, user_data, ts, kind) VALUES ($1, $2, $3, $4, 7, 840, 0, $5, 0, 1)";

#[tokio::test]
async fn a_transfer_naming_a_missing_account_is_refused() {
    let ledger = funded().await;
    let before = counts(&ledger).await;
    for (debit, credit) in [(2, 99), (99, 2)] {
        let code = sqlstate(
            sqlx::query(INSERT)
                .bind(id(20))
                .bind(vec![0u8; 32])
                .bind(id(debit))
                .bind(id(credit))
                .bind(id(0))
                .execute(ledger.pool())
                .await,
        );
        assert_eq!(code, "23503", "foreign_key_violation");
    }
    // A multi-row insert with one bad row is refused whole.
    let code = sqlstate(
        sqlx::query(
            "INSERT INTO transfers (id, request_hash, debit, credit, amount, ledger, code, \
             user_data, ts, kind) SELECT i, $2, $3, c, 7, 840, 0, $5, 0, 1 \
             FROM unnest($1::bytea[], $4::bytea[]) AS u(i, c)",
        )
        .bind(vec![id(21), id(22)])
        .bind(vec![0u8; 32])
        .bind(id(2))
        .bind(vec![id(1), id(98)])
        .bind(id(0))
        .execute(ledger.pool())
        .await,
    );
    assert_eq!(code, "23503");
    assert_eq!(counts(&ledger).await, before);
    // The same statement naming existing accounts is accepted: the check refuses only what it
    // should.
    sqlx::query(INSERT)
        .bind(id(23))
        .bind(vec![0u8; 32])
        .bind(id(2))
        .bind(id(1))
        .bind(id(0))
        .execute(ledger.pool())
        .await
        .expect("a transfer between existing accounts");
}

#[tokio::test]
async fn accounts_are_never_deleted_renumbered_or_truncated() {
    let ledger = funded().await;
    let before = counts(&ledger).await;
    for statement in [
        "DELETE FROM accounts WHERE id = $1",
        "UPDATE accounts SET id = '\\x000000000000000000000000000000ff'::bytea WHERE id = $1",
    ] {
        let code = sqlstate(
            sqlx::query(statement)
                .bind(id(2))
                .execute(ledger.pool())
                .await,
        );
        assert_eq!(code, "23503", "{statement}");
    }
    let code = sqlstate(
        sqlx::query("TRUNCATE accounts CASCADE")
            .execute(ledger.pool())
            .await,
    );
    assert_eq!(code, "23503");
    assert_eq!(counts(&ledger).await, before);
}

#[tokio::test]
async fn a_player_cannot_go_negative_nor_a_transfer_repeat() {
    let ledger = funded().await;
    let before = counts(&ledger).await;
    let code = sqlstate(
        sqlx::query("UPDATE accounts SET posted = -1 WHERE id = $1")
            .bind(id(2))
            .execute(ledger.pool())
            .await,
    );
    assert_eq!(code, "23514", "check_violation");
    let code = sqlstate(
        sqlx::query(INSERT)
            .bind(id(10))
            .bind(vec![0u8; 32])
            .bind(id(2))
            .bind(id(1))
            .bind(id(0))
            .execute(ledger.pool())
            .await,
    );
    assert_eq!(code, "23505", "unique_violation: transfer 10 exists");
    assert_eq!(counts(&ledger).await, before);
}
