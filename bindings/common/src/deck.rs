//! The hold'em deck check (`kingpin_engine::poker::verify_hand_deck`, `docs/fairness.md` §10.5):
//! one hand's 52-card deck from the revealed server seed and every seated player's client seed.

use kingpin_engine::GameError;
use kingpin_engine::poker;
use kingpin_rng::{ClientSeed, ServerSeed};
use serde_json::{Value, json};

use crate::{Error, ErrorKind};

/// Recompute the deck of hand `nonce` (the table's hand number) from the revealed `server_seed`
/// and the client seed of every occupied seat, `client_seeds` as `(seat, seed)` pairs in any
/// order (seats 0–255, 1–10 of them, none twice).
///
/// Returns `{"deck": ["Td", "4h", …52 cards, front first], "combined_client_seed": "<64 hex>",
/// "commitment": "<SHA-256 of the server seed>"}`: the deck the hand was dealt from (holes,
/// burns and board from the front), the seed the seats combine into, and the commitment the
/// house published before the hand. The same fields as `tools/verify.py holdem-deck`.
///
/// ```
/// let d = kingpin_bindings::verify_hand_deck("house seed", &[(3, "bob"), (0, "alice")], 1)?;
/// assert_eq!(d["deck"][0], "Td");
/// assert_eq!(d["deck"].as_array().map(Vec::len), Some(52));
/// # Ok::<(), kingpin_bindings::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::Seed`] for an empty or malformed server or client seed (the message names the
/// seat); [`ErrorKind::InvalidBet`] for a seat outside 0–255, no seeds, more than 10, or a seat
/// given twice.
pub fn verify_hand_deck<S: AsRef<str>>(
    server_seed: &str,
    client_seeds: &[(i64, S)],
    nonce: u64,
) -> Result<Value, Error> {
    let server = ServerSeed::new(server_seed)?;
    poker::deck::check_seed_count(client_seeds.len())?;
    let seeds = client_seeds
        .iter()
        .map(|(seat, seed)| {
            let seat = u8::try_from(*seat).map_err(|_| {
                Error::from(GameError::bet(
                    "client_seeds",
                    format!("seat {seat} is not a seat number from 0 to 255"),
                ))
            })?;
            let seed = ClientSeed::new(seed.as_ref()).map_err(|e| {
                Error::new(ErrorKind::Seed, format!("client seed of seat {seat}: {e}"))
            })?;
            Ok((seat, seed))
        })
        .collect::<Result<Vec<(u8, ClientSeed)>, Error>>()?;
    let combined = poker::combined_client_seed(&seeds)?;
    let deck = poker::verify_hand_deck(&server, &seeds, nonce)?;
    Ok(json!({
        "deck": deck.iter().map(ToString::to_string).collect::<Vec<String>>(),
        "combined_client_seed": combined.as_str(),
        "commitment": server.commitment().to_string(),
    }))
}

/// Read client seeds written as JSON, `[[seat, "seed"], …]` (the form of `tools/verify.py`
/// and the shared vectors), for [`verify_hand_deck`].
///
/// ```
/// let s = kingpin_bindings::client_seeds_from_json(r#"[[0, "alice"], [3, "bob"]]"#)?;
/// assert_eq!(s, vec![(0, "alice".to_owned()), (3, "bob".to_owned())]);
/// # Ok::<(), kingpin_bindings::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::Decode`] for text that is not such a list (the message says which element).
pub fn client_seeds_from_json(text: &str) -> Result<Vec<(i64, String)>, Error> {
    let decode = |m: String| Error::new(ErrorKind::Decode, format!("client_seeds: {m}"));
    let value: Value = serde_json::from_str(text).map_err(|e| decode(e.to_string()))?;
    let list = value
        .as_array()
        .ok_or_else(|| decode("expected a list of [seat, client seed] pairs".to_owned()))?;
    list.iter()
        .enumerate()
        .map(|(i, pair)| match pair.as_array().map(Vec::as_slice) {
            Some([seat, seed]) => match (seat.as_i64(), seed.as_str()) {
                (Some(seat), Some(seed)) => Ok((seat, seed.to_owned())),
                _ => Err(decode(format!(
                    "element {i}: the seat must be an integer and the seed a text"
                ))),
            },
            _ => Err(decode(format!("element {i}: expected [seat, client seed]"))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engine_deck_with_its_seed_and_commitment() {
        let d = verify_hand_deck("house seed", &[(3, "bob"), (0, "alice")], 1).unwrap();
        let deck: Vec<&str> = d["deck"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        // The engine's golden first nine cards (engine/src/poker/deck.rs).
        assert_eq!(deck[..9].join(" "), "Td 4h 4d 8h 6d 9d 6s 3h Qd");
        let mut sorted = deck.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 52);
        assert_eq!(d["commitment"], crate::commitment("house seed").unwrap());
        assert_eq!(d["combined_client_seed"].as_str().unwrap().len(), 64);
        // Seat order does not matter; the hand number does.
        let same = verify_hand_deck("house seed", &[(0, "alice"), (3, "bob")], 1).unwrap();
        assert_eq!(same, d);
        let next = verify_hand_deck("house seed", &[(0, "alice"), (3, "bob")], 2).unwrap();
        assert_ne!(next["deck"], d["deck"]);
    }

    #[test]
    fn bad_input_is_refused_with_its_reason() {
        let err = |server: &str, seeds: &[(i64, &str)]| {
            let e = verify_hand_deck(server, seeds, 1).unwrap_err();
            (e.kind, e.message)
        };
        let (kind, msg) = err("s", &[(0, "a"), (0, "b")]);
        assert_eq!(kind, ErrorKind::InvalidBet);
        assert!(msg.contains("seat 0 appears twice"), "{msg}");
        let (kind, msg) = err("s", &[(256, "a")]);
        assert_eq!(kind, ErrorKind::InvalidBet);
        assert!(msg.contains("seat 256"), "{msg}");
        assert_eq!(err("s", &[(-1, "a")]).0, ErrorKind::InvalidBet);
        assert_eq!(err("s", &[]).0, ErrorKind::InvalidBet);
        let eleven: Vec<(i64, &str)> = (0..11).map(|s| (s, "x")).collect();
        assert_eq!(err("s", &eleven).0, ErrorKind::InvalidBet);
        let (kind, msg) = err("s", &[(4, "")]);
        assert_eq!(kind, ErrorKind::Seed);
        assert!(msg.starts_with("client seed of seat 4: "), "{msg}");
        assert_eq!(err("", &[(0, "a")]).0, ErrorKind::Seed);
    }

    #[test]
    fn client_seeds_read_from_json() {
        assert_eq!(
            client_seeds_from_json(r#"[[9, "z"]]"#).unwrap(),
            vec![(9, "z".to_owned())]
        );
        for bad in [
            r#"{"0": "a"}"#,
            r#"[[0]]"#,
            r#"[["0", "a"]]"#,
            r#"[[0.5, "a"]]"#,
            "[",
        ] {
            let e = client_seeds_from_json(bad).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Decode, "{bad}");
            assert!(e.message.starts_with("client_seeds: "), "{}", e.message);
        }
    }
}
