//! The crate's one error type.

/// Everything that can go wrong with amounts, currencies and multipliers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UnitsError {
    /// An arithmetic result does not fit in 64 bits of minor units.
    #[error("amount overflow in {op}")]
    Overflow {
        /// The operation that overflowed (`add`, `mul`, `payout`, ...).
        op: &'static str,
    },
    /// A subtraction would go below zero.
    #[error("amount underflow: {minuend} - {subtrahend} is negative")]
    Underflow {
        /// The amount subtracted from, in minor units.
        minuend: u64,
        /// The amount subtracted, in minor units.
        subtrahend: u64,
    },
    /// The input string is empty.
    #[error("empty amount")]
    Empty,
    /// The input string is not a decimal number.
    #[error("invalid decimal number {0:?}")]
    InvalidNumber(alloc::string::String),
    /// The input is negative; amounts and multipliers are never negative.
    #[error("negative value {0:?} is not allowed")]
    Negative(alloc::string::String),
    /// The input has more decimal places than the currency allows.
    #[error("{input:?} has {got} decimal places, {currency} allows at most {max}")]
    TooManyDecimals {
        /// The input as given.
        input: alloc::string::String,
        /// The currency code.
        currency: &'static str,
        /// Decimal places found (trailing zeros ignored).
        got: u32,
        /// Decimal places allowed.
        max: u8,
    },
    /// The value does not fit in 64 bits of minor units.
    #[error("{0:?} is too large")]
    TooLarge(alloc::string::String),
    /// A currency code is not known or not well formed.
    #[error("unknown currency {0:?}")]
    UnknownCurrency(alloc::string::String),
    /// A multiplier's denominator is zero.
    #[error("multiplier denominator must not be zero")]
    ZeroDenominator,
}
