//! The crate's one error type.

use alloc::string::String;

use kingpin_rng::RngError;
use kingpin_units::{Amount, UnitsError};

use crate::tracker::Status;

/// Everything a promotion, a code, a bonus or the garden can refuse. A refused request changes
/// nothing: every method that returns an error leaves its state exactly as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BonusError {
    /// A promotion, terms, progression or garden definition is invalid.
    #[error("invalid definition: {field}: {reason}")]
    InvalidDefinition {
        /// Path of the offending field, e.g. `terms.wagering.multiple`.
        field: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A claim is refused (code window, limits, eligibility, deposit, stacking).
    #[error("claim refused: {0}")]
    ClaimRefused(String),
    /// A bet is refused because it breaks a term; no money moves.
    #[error("bet refused: {0}")]
    BetRefused(String),
    /// The bonus is not in a state that allows the request (e.g. a bet on a completed bonus).
    #[error("not allowed while the bonus is {0}")]
    NotActive(Status),
    /// A bet was settled but none is open, or a bet was placed while one is open.
    #[error("{0}")]
    BetSequence(&'static str),
    /// A payout above anything the bet could pay (more than `u64` minor units overall).
    #[error("payout {} for a stake of {} cannot be split", payout.minor(), stake.minor())]
    BadPayout {
        /// The payout.
        payout: Amount,
        /// The stake.
        stake: Amount,
    },
    /// A withdrawal is blocked until the wagering requirement is met.
    #[error("withdrawal blocked: {0}")]
    WithdrawalBlocked(String),
    /// A garden action is not possible (no seed, plot busy, not grown, tended today...).
    #[error("garden: {0}")]
    Garden(String),
    /// The round source of a pricing simulation failed (the engine refused a bet, ...).
    #[error("round source: {0}")]
    RoundSource(String),
    /// Money arithmetic overflowed.
    #[error(transparent)]
    Units(#[from] UnitsError),
    /// A provably-fair draw failed (an empty prize table).
    #[error(transparent)]
    Rng(#[from] RngError),
}

impl BonusError {
    /// Shorthand for [`BonusError::InvalidDefinition`].
    pub fn definition(field: impl Into<String>, reason: impl Into<String>) -> BonusError {
        BonusError::InvalidDefinition {
            field: field.into(),
            reason: reason.into(),
        }
    }
}
