//! The bindings' one error: a kind each language maps to its own exception, and the engine's
//! message unchanged.

use kingpin_engine::GameError;
use kingpin_rng::RngError;
use kingpin_units::UnitsError;

/// What went wrong, coarse enough for every language to have one exception class per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A game configuration is invalid, or the game is unknown.
    InvalidConfig,
    /// A bet (stake or parameters) is invalid.
    InvalidBet,
    /// An action is not legal in the round's state (or the game takes no actions).
    IllegalAction,
    /// A seed, commitment or hash is empty, too long or malformed; or a nonce is exhausted.
    Seed,
    /// An amount or multiplier is malformed, or money arithmetic overflowed.
    Amount,
    /// JSON input could not be read.
    Decode,
    /// The operating system gave no randomness for a fresh seed.
    Entropy,
    /// A practice session was used after its server seed was revealed.
    Revealed,
}

impl ErrorKind {
    /// The kind's name as the bindings spell it (`"InvalidConfig"`, `"InvalidBet"`, …).
    ///
    /// ```
    /// assert_eq!(kingpin_bindings::ErrorKind::InvalidBet.name(), "InvalidBet");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidConfig => "InvalidConfig",
            ErrorKind::InvalidBet => "InvalidBet",
            ErrorKind::IllegalAction => "IllegalAction",
            ErrorKind::Seed => "SeedError",
            ErrorKind::Amount => "AmountError",
            ErrorKind::Decode => "DecodeError",
            ErrorKind::Entropy => "EntropyError",
            ErrorKind::Revealed => "SessionRevealed",
        }
    }
}

/// An error from any binding operation: its [`ErrorKind`] and the engine's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// The engine's message, unchanged (e.g. `invalid bet: params.target: …`).
    pub message: String,
}

impl Error {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// The error as JSON text, `{"kind": "InvalidBet", "message": "…"}` (how the WASM binding
    /// throws it).
    ///
    /// ```
    /// use kingpin_bindings::{Error, ErrorKind};
    /// let e = Error::new(ErrorKind::InvalidBet, "invalid bet: stake: \"0\"");
    /// assert_eq!(e.to_json(), r#"{"kind":"InvalidBet","message":"invalid bet: stake: \"0\""}"#);
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::json!({ "kind": self.kind.name(), "message": self.message }).to_string()
    }
}

impl From<GameError> for Error {
    fn from(e: GameError) -> Error {
        let kind = match &e {
            GameError::InvalidConfig { .. } => ErrorKind::InvalidConfig,
            GameError::InvalidBet { .. } => ErrorKind::InvalidBet,
            GameError::IllegalAction(_) | GameError::NoActions => ErrorKind::IllegalAction,
            GameError::Rng(_) => ErrorKind::Seed,
            GameError::Units(_) => ErrorKind::Amount,
            // `Decode` and any variant added later: the message says what it is.
            _ => ErrorKind::Decode,
        };
        Error::new(kind, e.to_string())
    }
}

impl From<RngError> for Error {
    fn from(e: RngError) -> Error {
        Error::new(ErrorKind::Seed, e.to_string())
    }
}

impl From<UnitsError> for Error {
    fn from(e: UnitsError) -> Error {
        Error::new(ErrorKind::Amount, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_errors_keep_their_message_and_get_a_kind() {
        let e = Error::from(GameError::bet("params.target", "too high"));
        assert_eq!(e.kind, ErrorKind::InvalidBet);
        assert_eq!(e.to_string(), "invalid bet: params.target: too high");
        assert_eq!(
            Error::from(GameError::NoActions).kind,
            ErrorKind::IllegalAction
        );
        assert_eq!(Error::from(RngError::EmptyServerSeed).kind, ErrorKind::Seed);
    }
}
