//! Kingpin for Kotlin and Swift apps, through uniffi: verify any round from its seeds, practice
//! play, seed commitments and the crash chain.
//!
//! A thin layer over [`kingpin_bindings`]: JSON text in, JSON text out (apps parse it with their
//! own JSON library), errors as one [`KingpinError`] variant per kind with the engine's message.
//! No game logic: every game in the engine's catalog is reachable by name.
//!
//! Tested through uniffi's Python bindings (pytest) and a Kotlin program against the same
//! compiled library: `scripts/bindings.sh`.

use std::sync::{Mutex, MutexGuard, PoisonError};

use kingpin_bindings::{self as core, ErrorKind};

uniffi::setup_scaffolding!();

/// Every error of the mobile API: the kind, and the engine's message (a "flat" error: each
/// language gets one exception class per variant whose message is the engine's message).
#[derive(Debug, thiserror::Error, uniffi::Error)]
#[uniffi(flat_error)]
#[non_exhaustive]
pub enum KingpinError {
    /// A game configuration is invalid, or the game is unknown.
    #[error("{message}")]
    InvalidConfig {
        /// The engine's message.
        message: String,
    },
    /// A bet (stake or parameters) is invalid.
    #[error("{message}")]
    InvalidBet {
        /// The engine's message.
        message: String,
    },
    /// An action is not legal in the round's state.
    #[error("{message}")]
    IllegalAction {
        /// The engine's message.
        message: String,
    },
    /// A seed, commitment or hash is empty, too long or malformed.
    #[error("{message}")]
    SeedError {
        /// The engine's message.
        message: String,
    },
    /// An amount or multiplier is malformed, or a payout overflowed.
    #[error("{message}")]
    AmountError {
        /// The engine's message.
        message: String,
    },
    /// JSON input could not be read.
    #[error("{message}")]
    DecodeError {
        /// The engine's message.
        message: String,
    },
    /// The operating system gave no randomness.
    #[error("{message}")]
    EntropyError {
        /// The message.
        message: String,
    },
    /// A practice session was used after its server seed was revealed.
    #[error("{message}")]
    SessionRevealed {
        /// The message.
        message: String,
    },
}

impl From<core::Error> for KingpinError {
    fn from(e: core::Error) -> KingpinError {
        let message = e.message;
        match e.kind {
            ErrorKind::InvalidConfig => KingpinError::InvalidConfig { message },
            ErrorKind::InvalidBet => KingpinError::InvalidBet { message },
            ErrorKind::IllegalAction => KingpinError::IllegalAction { message },
            ErrorKind::Seed => KingpinError::SeedError { message },
            ErrorKind::Amount => KingpinError::AmountError { message },
            ErrorKind::Entropy => KingpinError::EntropyError { message },
            ErrorKind::Revealed => KingpinError::SessionRevealed { message },
            _ => KingpinError::DecodeError { message },
        }
    }
}

/// Names of every game in the engine's catalog.
#[uniffi::export]
pub fn games() -> Vec<String> {
    core::games().iter().map(|g| (*g).to_owned()).collect()
}

/// Replay one round from its seeds: JSON texts in (`config` `{}` and `actions` `[]` by
/// default when empty), the round JSON out.
///
/// # Errors
/// One [`KingpinError`] variant per refused input.
#[uniffi::export]
pub fn verify(
    game: String,
    config: String,
    bet: String,
    actions: String,
    server_seed: String,
    client_seed: String,
    nonce: u64,
) -> Result<String, KingpinError> {
    Ok(core::verify(
        &game,
        &config,
        &bet,
        &actions,
        &server_seed,
        &client_seed,
        nonce,
    )?
    .to_string())
}

/// The exact RTP of a bet as JSON: `{"exact_rtp": number | null, "fraction"?: "n/d"}`.
///
/// # Errors
/// An invalid game, config or bet.
#[uniffi::export]
pub fn exact_rtp(game: String, config: String, bet: String) -> Result<String, KingpinError> {
    Ok(core::exact_rtp(&game, &config, &bet)?.to_string())
}

/// The default configuration of a game, as JSON.
///
/// # Errors
/// An unknown game.
#[uniffi::export]
pub fn default_config(game: String) -> Result<String, KingpinError> {
    Ok(core::default_config(&game)?.to_string())
}

/// SHA-256 of the server seed's UTF-8 bytes, 64 hex digits.
///
/// # Errors
/// A malformed seed.
#[uniffi::export]
pub fn commitment(server_seed: String) -> Result<String, KingpinError> {
    Ok(core::commitment(&server_seed)?)
}

/// Whether a revealed server seed matches a published commitment.
///
/// # Errors
/// A malformed seed or commitment.
#[uniffi::export]
pub fn verify_commitment(server_seed: String, commitment: String) -> Result<bool, KingpinError> {
    Ok(core::verify_commitment(&server_seed, &commitment)?)
}

/// A fresh server seed from OS entropy.
///
/// # Errors
/// No OS randomness.
#[uniffi::export]
pub fn new_server_seed() -> Result<String, KingpinError> {
    Ok(core::new_server_seed()?)
}

/// A fresh client seed from OS entropy.
///
/// # Errors
/// No OS randomness.
#[uniffi::export]
pub fn new_client_seed() -> Result<String, KingpinError> {
    Ok(core::new_client_seed()?)
}

/// The result of checking a crash game hash.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CrashCheck {
    /// The game's number in the chain, or `None` if not found within the steps walked.
    pub game_number: Option<u64>,
    /// The crash point in hundredths, e.g. `"1.98"`.
    pub crash_point: String,
}

/// The crash point of a game hash (`formula` `"int32"` or `"float52"`).
///
/// # Errors
/// A malformed hash, edge or formula.
#[uniffi::export]
pub fn crash_point(
    game_hash: String,
    salt: String,
    edge: String,
    formula: String,
) -> Result<String, KingpinError> {
    Ok(core::crash_point(&game_hash, &salt, &edge, &formula)?)
}

/// Check a revealed crash game hash against the terminating hash.
///
/// # Errors
/// Malformed input.
#[uniffi::export]
pub fn crash_verify(
    game_hash: String,
    terminating_hash: String,
    salt: String,
    edge: String,
    formula: String,
    max_steps: u64,
) -> Result<CrashCheck, KingpinError> {
    let v = core::crash_verify(
        &game_hash,
        &terminating_hash,
        &salt,
        &edge,
        &formula,
        max_steps,
    )?;
    Ok(CrashCheck {
        game_number: v["game_number"].as_u64(),
        crash_point: v["crash_point"].as_str().unwrap_or_default().to_owned(),
    })
}

/// A hash chain of `length` links below `seed_hash` (element 0 = the terminating hash).
///
/// # Errors
/// A malformed hash or length.
#[uniffi::export]
pub fn crash_chain(seed_hash: String, length: u64) -> Result<Vec<String>, KingpinError> {
    Ok(core::crash_chain(&seed_hash, length)?)
}

/// Rank a poker hand of 5, 6 or 7 cards written like `"Ah Kh Qh Jh Th"`, as JSON:
/// `{"rank": 1..7462, "category": "straight_flush", "description": "royal flush"}`; a greater
/// rank is stronger.
///
/// # Errors
/// A malformed, repeated or missing card ([`KingpinError::InvalidBet`]).
#[uniffi::export]
pub fn evaluate_hand(cards: String) -> Result<String, KingpinError> {
    Ok(core::evaluate_hand(&cards)?.to_string())
}

/// Hold'em equity of 2–10 hands (`holes`, each like `"Ah Ad"`) with a known `board` and
/// `dead` cards (texts, possibly empty), as JSON `{"boards", "exact", "players": [{"wins",
/// "ties", "equity", "share_2520"}]}`. `trials` `null`: exact (every board completion); else
/// that many Monte Carlo trials (1 to 10,000,000), reproducible from `seed`.
///
/// # Errors
/// Bad or repeated cards, a player count outside 2–10, a trial count of 0 or above the limit
/// ([`KingpinError::InvalidBet`]).
#[uniffi::export]
pub fn poker_equity(
    holes: Vec<String>,
    board: String,
    dead: String,
    trials: Option<u64>,
    seed: u64,
) -> Result<String, KingpinError> {
    Ok(core::poker_equity(&holes, &board, &dead, trials, seed)?.to_string())
}

/// One occupied seat of a hold'em table and its player's client seed.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SeatSeed {
    /// The seat number, 0–255 (tables number their seats 0–9).
    pub seat: i64,
    /// The player's client seed for the hand.
    pub seed: String,
}

/// Recompute a hold'em hand's 52-card deck (`docs/fairness.md` §10.5) from the revealed
/// `server_seed`, the client seed of every occupied seat (1–10 of them, in any order) and the
/// table's hand number `nonce`, as JSON `{"deck": ["Td", …52 cards, front first],
/// "combined_client_seed", "commitment"}`.
///
/// # Errors
/// A seat outside 0–255, given twice, or a wrong number of seeds
/// ([`KingpinError::InvalidBet`]); an empty or malformed seed ([`KingpinError::SeedError`],
/// naming the seat).
#[uniffi::export]
pub fn verify_hand_deck(
    server_seed: String,
    client_seeds: Vec<SeatSeed>,
    nonce: u64,
) -> Result<String, KingpinError> {
    let seeds: Vec<(i64, String)> = client_seeds.into_iter().map(|s| (s.seat, s.seed)).collect();
    Ok(core::verify_hand_deck(&server_seed, &seeds, nonce)?.to_string())
}

/// A practice session: local seeds, rounds through the catalog, the seed revealed at the end.
#[derive(Debug, uniffi::Object)]
pub struct PracticeSession {
    inner: Mutex<core::Practice>,
}

impl PracticeSession {
    fn lock(&self) -> MutexGuard<'_, core::Practice> {
        // A panic while holding the lock cannot leave a half-updated session (each update is one
        // assignment), so a poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[uniffi::export]
impl PracticeSession {
    /// A session with a fresh server seed; a fresh client seed unless one is given.
    ///
    /// # Errors
    /// A malformed client seed, or no OS randomness.
    #[uniffi::constructor]
    pub fn new(client_seed: Option<String>) -> Result<PracticeSession, KingpinError> {
        Ok(PracticeSession {
            inner: Mutex::new(core::Practice::new(client_seed.as_deref())?),
        })
    }

    /// A session from known seeds (to replay one).
    ///
    /// # Errors
    /// A malformed seed.
    #[uniffi::constructor]
    pub fn from_seeds(
        server_seed: String,
        client_seed: String,
        nonce: u64,
    ) -> Result<PracticeSession, KingpinError> {
        Ok(PracticeSession {
            inner: Mutex::new(core::Practice::from_seeds(
                &server_seed,
                &client_seed,
                nonce,
            )?),
        })
    }

    /// The commitment to the session's server seed.
    pub fn commitment(&self) -> String {
        self.lock().commitment()
    }

    /// The client seed.
    pub fn client_seed(&self) -> String {
        self.lock().client_seed()
    }

    /// The nonce of the next (or current, unsettled) round.
    pub fn nonce(&self) -> u64 {
        self.lock().nonce()
    }

    /// Whether the server seed has been revealed.
    pub fn is_revealed(&self) -> bool {
        self.lock().is_revealed()
    }

    /// Play the round at the current nonce (JSON texts in, the round JSON out).
    ///
    /// # Errors
    /// Any refused input (nothing changes), or a revealed session.
    pub fn play(
        &self,
        game: String,
        config: String,
        bet: String,
        actions: String,
    ) -> Result<String, KingpinError> {
        Ok(self
            .lock()
            .play(&game, &config, &bet, &actions)?
            .to_string())
    }

    /// End the session: `{"server_seed", "commitment", "client_seed", "next_nonce"}` as JSON.
    ///
    /// # Errors
    /// Already revealed.
    pub fn reveal(&self) -> Result<String, KingpinError> {
        Ok(self.lock().reveal()?.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_keep_kind_and_message() {
        let e = verify(
            "dice".into(),
            "{}".into(),
            "{}".into(),
            "[]".into(),
            String::new(),
            "c".into(),
            0,
        )
        .unwrap_err();
        assert!(matches!(e, KingpinError::SeedError { .. }));
        assert_eq!(e.to_string(), "server seed is empty");
    }

    #[test]
    fn hand_deck_from_seat_records() {
        let seat = |seat, seed: &str| SeatSeed {
            seat,
            seed: seed.into(),
        };
        let deck = verify_hand_deck(
            "house seed".into(),
            vec![seat(3, "bob"), seat(0, "alice")],
            1,
        )
        .unwrap();
        assert!(deck.contains(r#""combined_client_seed":"#), "{deck}");
        assert!(deck.contains(r#""deck":["Td","4h","4d","8h","6d","9d","6s","3h","Qd","#));
        let e =
            verify_hand_deck("house seed".into(), vec![seat(1, "a"), seat(1, "b")], 1).unwrap_err();
        assert!(matches!(e, KingpinError::InvalidBet { .. }));
    }
}
