//! The crate's one error type.

/// Everything that can go wrong with seeds, streams and samplers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RngError {
    /// A server seed must not be empty.
    #[error("server seed is empty")]
    EmptyServerSeed,
    /// A seed is longer than allowed.
    #[error("{what} is {len} bytes long, at most {max} are allowed")]
    SeedTooLong {
        /// Which seed (`"server seed"`, `"client seed"`).
        what: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// A client seed must not be empty.
    #[error("client seed is empty")]
    EmptyClientSeed,
    /// Seeds are printable text: control characters are refused.
    #[error("{what} contains a control character")]
    ControlCharacter {
        /// Which seed.
        what: &'static str,
    },
    /// `index_below(0)` or a pick from an empty list.
    #[error("cannot draw from an empty range")]
    EmptyRange,
    /// More coin flips asked of [`Sampler::coin_flips`](crate::Sampler::coin_flips) than fit
    /// in its 32-bit result.
    #[error("{0} coin flips asked at once; at most 32 fit")]
    TooManyFlips(u32),
    /// A hex string could not be decoded.
    #[error("invalid hex {what}: {reason}")]
    InvalidHex {
        /// What was being decoded.
        what: &'static str,
        /// Why it failed.
        reason: &'static str,
    },
    /// The nonce counter reached `u64::MAX`; rotate the seed pair.
    #[error("nonce space exhausted; rotate the seed pair")]
    NonceExhausted,
    /// A house edge must be in `[0, 1)`.
    #[error("house edge {0} is out of range: it must be at least 0 and below 1")]
    EdgeOutOfRange(alloc::string::String),
    /// A hash chain length or search bound is out of range.
    #[error("hash chain length {len} is out of range (1..={max})")]
    ChainLength {
        /// Requested length.
        len: u64,
        /// Maximum allowed.
        max: u64,
    },
}
