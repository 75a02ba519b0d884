//! The engine's one error type.

use alloc::string::String;

use kingpin_rng::RngError;
use kingpin_units::UnitsError;

/// Everything a game can refuse or fail at. Every variant a caller can trigger carries a precise
/// reason; none leaves partial state behind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GameError {
    /// A game configuration is invalid.
    #[error("invalid config: {field}: {reason}")]
    InvalidConfig {
        /// Path of the offending field, e.g. `house_edge`.
        field: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A bet (stake or parameters) is invalid for this game.
    #[error("invalid bet: {field}: {reason}")]
    InvalidBet {
        /// Path of the offending field, e.g. `params.target`.
        field: String,
        /// Why it is invalid.
        reason: String,
    },
    /// An action is not legal in the current state; the state is unchanged.
    #[error("illegal action: {0}")]
    IllegalAction(String),
    /// The game settles in one step and takes no actions.
    #[error("this game settles in one step and takes no actions")]
    NoActions,
    /// Randomness failed (a bug in the game, or an exhausted nonce).
    #[error(transparent)]
    Rng(#[from] RngError),
    /// Money arithmetic failed (overflow of a payout).
    #[error(transparent)]
    Units(#[from] UnitsError),
    /// Serialized input (config, parameters, state) could not be read.
    #[error("cannot read {what}: {reason}")]
    Decode {
        /// What was being read.
        what: &'static str,
        /// The decoder's message.
        reason: String,
    },
}

impl GameError {
    /// Shorthand for [`GameError::InvalidConfig`].
    pub fn config(field: impl Into<String>, reason: impl Into<String>) -> GameError {
        GameError::InvalidConfig {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// Shorthand for [`GameError::InvalidBet`].
    pub fn bet(field: impl Into<String>, reason: impl Into<String>) -> GameError {
        GameError::InvalidBet {
            field: field.into(),
            reason: reason.into(),
        }
    }
}
