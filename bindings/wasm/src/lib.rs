//! WebAssembly bindings of the Kingpin engine, for players' browsers and Node: verify any round
//! from its seeds, compute and check commitments, play any game in practice mode from local
//! seeds, and check crash hash chains.
//!
//! A thin layer over [`kingpin_bindings`]: JSON text in, JSON text out, no game logic. An error
//! is thrown as a JS `Error` whose message is the JSON `{"kind": "InvalidBet", "message": "…"}`;
//! the package's typed wrapper (`bindings/wasm/js`) parses inputs and outputs and throws one
//! `KingpinError` subclass per kind. Nonces and step counts travel as decimal text so that every
//! `u64` (a JS `bigint`) survives.
//!
//! Build: `cargo build -p kingpin-wasm --profile wasm-release --target wasm32-unknown-unknown`,
//! then `wasm-bindgen --target nodejs` (or `web`); `scripts/bindings.sh` does both and tests.

use kingpin_bindings as core;
use wasm_bindgen::prelude::*;

fn throw(e: core::Error) -> JsError {
    JsError::new(&e.to_json())
}

fn number(what: &str, text: &str) -> Result<u64, JsError> {
    text.trim().parse().map_err(|_| {
        throw(core::Error::new(
            core::ErrorKind::Decode,
            format!("cannot read {what}: {text:?} is not an integer from 0 to 2^64-1"),
        ))
    })
}

/// Names of every game in the catalog, as a JSON list.
#[wasm_bindgen]
pub fn games() -> String {
    core::Value::from(core::games().to_vec()).to_string()
}

/// Replay one round from its seeds (JSON texts in, the round JSON out).
///
/// # Errors
/// A JSON `{"kind", "message"}` error for any refused input.
#[wasm_bindgen]
pub fn verify(
    game: &str,
    config: &str,
    bet: &str,
    actions: &str,
    server_seed: &str,
    client_seed: &str,
    nonce: &str,
) -> Result<String, JsError> {
    let nonce = number("nonce", nonce)?;
    core::verify(game, config, bet, actions, server_seed, client_seed, nonce)
        .map(|v| v.to_string())
        .map_err(throw)
}

/// The default configuration of a game, as JSON.
///
/// # Errors
/// A JSON `{"kind", "message"}` error for an unknown game.
#[wasm_bindgen(js_name = defaultConfig)]
pub fn default_config(game: &str) -> Result<String, JsError> {
    core::default_config(game)
        .map(|v| v.to_string())
        .map_err(throw)
}

/// SHA-256 of the server seed's UTF-8 bytes, 64 hex digits.
///
/// # Errors
/// A JSON `{"kind", "message"}` error for a malformed seed.
#[wasm_bindgen]
pub fn commitment(server_seed: &str) -> Result<String, JsError> {
    core::commitment(server_seed).map_err(throw)
}

/// Whether a revealed server seed matches a published commitment.
///
/// # Errors
/// A JSON `{"kind", "message"}` error for a malformed seed or commitment.
#[wasm_bindgen(js_name = verifyCommitment)]
pub fn verify_commitment(server_seed: &str, commitment: &str) -> Result<bool, JsError> {
    core::verify_commitment(server_seed, commitment).map_err(throw)
}

/// A fresh server seed from `crypto.getRandomValues`.
///
/// # Errors
/// A JSON `{"kind": "EntropyError", …}` error without a random source.
#[wasm_bindgen(js_name = newServerSeed)]
pub fn new_server_seed() -> Result<String, JsError> {
    core::new_server_seed().map_err(throw)
}

/// A fresh client seed from `crypto.getRandomValues`.
///
/// # Errors
/// A JSON `{"kind": "EntropyError", …}` error without a random source.
#[wasm_bindgen(js_name = newClientSeed)]
pub fn new_client_seed() -> Result<String, JsError> {
    core::new_client_seed().map_err(throw)
}

/// The crash point of a game hash, in hundredths (`"1.98"`).
///
/// # Errors
/// A JSON `{"kind", "message"}` error for a malformed hash, edge or formula.
#[wasm_bindgen(js_name = crashPoint)]
pub fn crash_point(
    game_hash: &str,
    salt: &str,
    edge: &str,
    formula: &str,
) -> Result<String, JsError> {
    core::crash_point(game_hash, salt, edge, formula).map_err(throw)
}

/// Check a revealed crash game hash against the terminating hash:
/// `{"game_number": number | null, "crash_point": "1.98"}`.
///
/// # Errors
/// A JSON `{"kind", "message"}` error for malformed input.
#[wasm_bindgen(js_name = crashVerify)]
pub fn crash_verify(
    game_hash: &str,
    terminating_hash: &str,
    salt: &str,
    edge: &str,
    formula: &str,
    max_steps: &str,
) -> Result<String, JsError> {
    let max_steps = number("max_steps", max_steps)?;
    core::crash_verify(game_hash, terminating_hash, salt, edge, formula, max_steps)
        .map(|v| v.to_string())
        .map_err(throw)
}

/// A hash chain of `length` links below `seed_hash`, as a JSON list (element 0 = terminating).
///
/// # Errors
/// A JSON `{"kind", "message"}` error for a malformed hash or length.
#[wasm_bindgen(js_name = crashChain)]
pub fn crash_chain(seed_hash: &str, length: &str) -> Result<String, JsError> {
    let length = number("length", length)?;
    core::crash_chain(seed_hash, length)
        .map(|v| core::Value::from(v).to_string())
        .map_err(throw)
}

/// A practice session: local seeds, rounds through the catalog, the seed revealed at the end.
#[wasm_bindgen]
pub struct Practice {
    inner: core::Practice,
}

#[wasm_bindgen]
impl Practice {
    /// A session; empty `server_seed` / `client_seed` mean fresh ones from
    /// `crypto.getRandomValues`.
    ///
    /// # Errors
    /// A JSON `{"kind", "message"}` error for a malformed seed or nonce.
    #[wasm_bindgen(constructor)]
    pub fn new(server_seed: &str, client_seed: &str, nonce: &str) -> Result<Practice, JsError> {
        let nonce = number("nonce", nonce)?;
        let server = if server_seed.is_empty() {
            core::new_server_seed().map_err(throw)?
        } else {
            server_seed.to_owned()
        };
        let client = if client_seed.is_empty() {
            core::new_client_seed().map_err(throw)?
        } else {
            client_seed.to_owned()
        };
        let inner = core::Practice::from_seeds(&server, &client, nonce).map_err(throw)?;
        Ok(Practice { inner })
    }

    /// The commitment to the session's server seed.
    #[wasm_bindgen(getter)]
    pub fn commitment(&self) -> String {
        self.inner.commitment()
    }

    /// The client seed.
    #[wasm_bindgen(getter, js_name = clientSeed)]
    pub fn client_seed(&self) -> String {
        self.inner.client_seed()
    }

    /// The nonce of the next (or current, unsettled) round, as decimal text.
    #[wasm_bindgen(getter)]
    pub fn nonce(&self) -> String {
        self.inner.nonce().to_string()
    }

    /// Whether the server seed has been revealed.
    #[wasm_bindgen(getter)]
    pub fn revealed(&self) -> bool {
        self.inner.is_revealed()
    }

    /// Play the round at the current nonce (JSON texts in, the round JSON out).
    ///
    /// # Errors
    /// A JSON `{"kind", "message"}` error for any refused input; nothing changes.
    pub fn play(
        &mut self,
        game: &str,
        config: &str,
        bet: &str,
        actions: &str,
    ) -> Result<String, JsError> {
        self.inner
            .play(game, config, bet, actions)
            .map(|v| v.to_string())
            .map_err(throw)
    }

    /// End the session: `{"server_seed", "commitment", "client_seed", "next_nonce"}`.
    ///
    /// # Errors
    /// A JSON `{"kind": "SessionRevealed", …}` error if already revealed.
    pub fn reveal(&mut self) -> Result<String, JsError> {
        self.inner.reveal().map(|v| v.to_string()).map_err(throw)
    }
}

/// Rank a poker hand of 5, 6 or 7 cards written like `"Ah Kh Qh Jh Th"`:
/// `{"rank": 1..7462, "category": "straight_flush", "description": "royal flush"}`.
///
/// # Errors
/// A JSON `{"kind": "InvalidBet", …}` error for a malformed, repeated or missing card.
#[cfg(feature = "poker")]
#[wasm_bindgen(js_name = evaluateHand)]
pub fn evaluate_hand(cards: &str) -> Result<String, JsError> {
    core::evaluate_hand(cards)
        .map(|v| v.to_string())
        .map_err(throw)
}

/// Hold'em equity of 2–10 hands (`holes`: the hands separated by `;`, `"Ah Ad;Kh Kd"`) with
/// a known `board` and `dead` cards (texts, possibly empty). `trials` empty: exact (every board
/// completion); else a decimal count of Monte Carlo trials (1 to 10,000,000) drawn reproducibly
/// from `seed` (decimal). Returns `{"boards", "exact", "players": [{"wins", "ties", "equity",
/// "share_2520"}]}`.
///
/// # Errors
/// A JSON `{"kind": "InvalidBet", …}` error for bad cards, player or trial counts;
/// `DecodeError` for an unreadable number.
#[cfg(feature = "poker")]
#[wasm_bindgen(js_name = pokerEquity)]
pub fn poker_equity(
    holes: &str,
    board: &str,
    dead: &str,
    trials: &str,
    seed: &str,
) -> Result<String, JsError> {
    let holes: Vec<&str> = holes.split(';').collect();
    let trials = if trials.trim().is_empty() {
        None
    } else {
        Some(number("trials", trials)?)
    };
    let seed = number("seed", seed)?;
    core::poker_equity(&holes, board, dead, trials, seed)
        .map(|v| v.to_string())
        .map_err(throw)
}

/// Recompute a hold'em hand's 52-card deck (`docs/fairness.md` §10.5) from the revealed
/// `server_seed`, the client seed of every occupied seat as JSON (`client_seeds`:
/// `[[seat, "seed"], …]`, seats 0–255, 1–10 of them) and the hand number `nonce` (decimal).
/// Returns `{"deck": ["Td", …52 cards, front first], "combined_client_seed", "commitment"}`.
///
/// # Errors
/// A JSON `{"kind", "message"}` error: `InvalidBet` for a seat out of range or given twice or a
/// wrong number of seeds, `SeedError` for a malformed seed, `DecodeError` for unreadable input.
#[wasm_bindgen(js_name = verifyHandDeck)]
pub fn verify_hand_deck(
    server_seed: &str,
    client_seeds: &str,
    nonce: &str,
) -> Result<String, JsError> {
    let nonce = number("nonce", nonce)?;
    let seeds = core::client_seeds_from_json(client_seeds).map_err(throw)?;
    core::verify_hand_deck(server_seed, &seeds, nonce)
        .map(|v| v.to_string())
        .map_err(throw)
}
