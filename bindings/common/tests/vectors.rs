//! The cross-language test vectors: `tests/vectors/rounds.json` at the repository root is
//! generated from `tests/vectors/inputs.json` by the Rust catalog and checked here, and by the
//! Python, WASM and mobile bindings' own tests, so all four agree on every game.
//!
//! Regenerate after adding inputs (then review the diff):
//! `KINGPIN_BLESS_VECTORS=1 cargo test -p kingpin-bindings --test vectors`
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use serde_json::{Map, Value, json};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

fn read(name: &str) -> Value {
    let path = dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(v: &Value) -> String {
    v.to_string()
}

fn round_expectation(case: &Value) -> (&'static str, Value) {
    let result = kingpin_bindings::verify(
        case["game"].as_str().unwrap(),
        &text(&case["config"]),
        &text(&case["bet"]),
        &text(&case["actions"]),
        case["server_seed"].as_str().unwrap(),
        case["client_seed"].as_str().unwrap(),
        case["nonce"].as_u64().unwrap(),
    );
    match result {
        Ok(round) => ("expected", round),
        Err(e) => (
            "expected_error",
            json!({ "kind": e.kind.name(), "message": e.message }),
        ),
    }
}

fn crash_expectation(case: &Value) -> Value {
    let length = case["length"].as_u64().unwrap();
    let chain = kingpin_bindings::crash_chain(case["seed_hash"].as_str().unwrap(), length).unwrap();
    let points: Vec<String> = chain[1..]
        .iter()
        .map(|h| {
            kingpin_bindings::crash_point(
                h,
                case["salt"].as_str().unwrap(),
                case["edge"].as_str().unwrap(),
                case["formula"].as_str().unwrap(),
            )
            .unwrap()
        })
        .collect();
    json!({ "chain": chain, "crash_points": points })
}

fn deck_expectation(case: &Value) -> (&'static str, Value) {
    let seeds = kingpin_bindings::client_seeds_from_json(&text(&case["client_seeds"])).unwrap();
    match kingpin_bindings::verify_hand_deck(
        case["server_seed"].as_str().unwrap(),
        &seeds,
        case["nonce"].as_u64().unwrap(),
    ) {
        Ok(deck) => ("expected", deck),
        Err(e) => (
            "expected_error",
            json!({ "kind": e.kind.name(), "message": e.message }),
        ),
    }
}

/// `inputs.json` with every expected output filled in by the Rust implementation.
fn generate() -> Value {
    let mut out = read("inputs.json");
    out["about"] = json!(
        "GENERATED from inputs.json by `KINGPIN_BLESS_VECTORS=1 cargo test -p kingpin-bindings --test vectors`; do not edit by hand. Each round gives either `expected` (the catalog's round JSON) or `expected_error` (kind and message)."
    );
    for case in out["rounds"].as_array_mut().unwrap() {
        // A config kept in its own file (a slot definition) is inlined, so that every binding
        // reads rounds.json alone.
        if let Some(file) = case.as_object_mut().unwrap().remove("config_file") {
            let path = dir().join("../..").join(file.as_str().unwrap());
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            case["config"] = serde_json::from_str(&text).unwrap();
        }
        let (key, value) = round_expectation(case);
        case.as_object_mut().unwrap().insert(key.to_owned(), value);
    }
    for case in out["commitments"].as_array_mut().unwrap() {
        let c = kingpin_bindings::commitment(case["server_seed"].as_str().unwrap()).unwrap();
        case["expected"] = json!(c);
    }
    for case in out["crash_chains"].as_array_mut().unwrap() {
        case["expected"] = crash_expectation(case);
    }
    for case in out["hands"].as_array_mut().unwrap() {
        case["expected"] =
            kingpin_bindings::evaluate_hand(case["cards"].as_str().unwrap()).unwrap();
    }
    for case in out["hand_decks"].as_array_mut().unwrap() {
        let (key, value) = deck_expectation(case);
        case.as_object_mut().unwrap().insert(key.to_owned(), value);
    }
    out
}

#[test]
fn rounds_json_matches_the_rust_catalog() {
    let fresh = generate();
    if std::env::var_os("KINGPIN_BLESS_VECTORS").is_some() {
        let text = serde_json::to_string_pretty(&fresh).unwrap() + "\n";
        std::fs::write(dir().join("rounds.json"), text).unwrap();
        return;
    }
    let stored = read("rounds.json");
    for section in [
        "rounds",
        "commitments",
        "crash_chains",
        "hands",
        "hand_decks",
    ] {
        let (a, b) = (
            fresh[section].as_array().unwrap(),
            stored[section].as_array().unwrap(),
        );
        assert_eq!(
            a.len(),
            b.len(),
            "{section}: inputs.json and rounds.json differ in length; regenerate (see the file header)"
        );
        for (f, s) in a.iter().zip(b) {
            assert_eq!(
                f,
                s,
                "{section}: {:?} differs from rounds.json (a changed outcome is a breaking change; \
                 if intended, regenerate and say so in the changelog)",
                f.get("name")
            );
        }
    }
}

#[test]
fn every_catalog_game_has_a_settled_vector() {
    let stored = read("rounds.json");
    let covered: Map<String, Value> = stored["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c.get("expected").is_some())
        .map(|c| (c["game"].as_str().unwrap().to_owned(), Value::Null))
        .collect();
    let missing: Vec<&str> = kingpin_bindings::games()
        .iter()
        .copied()
        .filter(|g| !covered.contains_key(*g))
        .collect();
    assert!(
        missing.is_empty(),
        "games without a cross-language vector: {missing:?}. Add a round of each (a bet that \
         settles, with its actions for multi-step games) to tests/vectors/inputs.json and run \
         `KINGPIN_BLESS_VECTORS=1 cargo test -p kingpin-bindings --test vectors`"
    );
}

#[test]
fn vectors_replay_through_practice_sessions() {
    // Practice play is verify with local seeds: the same seeds give the same rounds.
    let stored = read("rounds.json");
    for case in stored["rounds"].as_array().unwrap() {
        let Some(expected) = case.get("expected") else {
            continue;
        };
        let mut p = kingpin_bindings::Practice::from_seeds(
            case["server_seed"].as_str().unwrap(),
            case["client_seed"].as_str().unwrap(),
            case["nonce"].as_u64().unwrap(),
        )
        .unwrap();
        let round = p
            .play(
                case["game"].as_str().unwrap(),
                &text(&case["config"]),
                &text(&case["bet"]),
                &text(&case["actions"]),
            )
            .unwrap();
        assert_eq!(&round, expected, "{}", case["name"]);
    }
}

#[test]
fn crash_chain_games_are_found_at_their_number() {
    let stored = read("rounds.json");
    for case in stored["crash_chains"].as_array().unwrap() {
        let chain = case["expected"]["chain"].as_array().unwrap();
        let length = case["length"].as_u64().unwrap();
        for (g, hash) in chain.iter().enumerate().skip(1) {
            let check = kingpin_bindings::crash_verify(
                hash.as_str().unwrap(),
                chain[0].as_str().unwrap(),
                case["salt"].as_str().unwrap(),
                case["edge"].as_str().unwrap(),
                case["formula"].as_str().unwrap(),
                length,
            )
            .unwrap();
            assert_eq!(check["game_number"], json!(g));
            assert_eq!(
                check["crash_point"],
                case["expected"]["crash_points"][g - 1]
            );
        }
    }
}
