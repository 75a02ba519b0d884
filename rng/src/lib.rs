//! Provably-fair randomness for Kingpin.
//!
//! Every random outcome a player sees comes from this crate, through one pipeline:
//!
//! 1. **Seeds** ([`ServerSeed`], [`ClientSeed`], a nonce): the house commits to a secret server
//!    seed by publishing its SHA-256 ([`Commitment`]) before play; the player chooses the client
//!    seed; each bet uses the next nonce. [`SeedPair`] is the lifecycle (rotation reveals the old
//!    server seed).
//! 2. **The byte stream** ([`ByteStream`]): round `r` is
//!    `HMAC_SHA256(key = server seed, msg = "{client_seed}:{nonce}:{r}")`, 32 bytes a round, read
//!    through a cursor — the industry's de facto scheme, so third-party verifiers can check us.
//! 3. **A sampler** ([`Sampler`]) turns bytes into outcomes (an index below `n`, a float in
//!    `[0, 1)`, a shuffle, a pick from a list) under one of two [`Profile`]s:
//!    `stake-compatible` (bit-exact with the published translations of the common "originals")
//!    or `unbiased` (exact rejection sampling; the default for Kingpin's own games).
//!
//! Simulations use [`ChaCha8Source`] behind the same [`RandomSource`] interface, so the game code
//! that players run is the code that is simulated. Crash-style games use a committed hash chain
//! ([`crash`]).
//!
//! ```
//! use kingpin_rng::{ByteStream, ClientSeed, Profile, Sampler, ServerSeed};
//!
//! let server = ServerSeed::new("server seed")?;
//! assert_eq!(
//!     server.commitment().to_string(),
//!     "a4e53dc2f480b8fce6fe688b1317658b446299df23ad533394406427c8c19557"
//! );
//! let client = ClientSeed::new("client seed")?;
//! let mut sampler = Sampler::new(ByteStream::new(&server, &client, 1), Profile::StakeCompatible);
//! let pocket = sampler.index_below(37)?; // a roulette pocket
//! assert!(pocket < 37);
//! # Ok::<(), kingpin_rng::RngError>(())
//! ```
//!
//! The full specification, precise enough to write an independent verifier, is
//! `docs/fairness.md` in the repository. Output of every function here is a versioned
//! contract, pinned by value-stability tests.
//!
//! The crate is `#![no_std]` + `alloc` and does no I/O: entropy for new server seeds is passed in.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod crash;
mod error;
mod sampler;
mod seed;
mod source;
mod stream;

pub use error::RngError;
pub use sampler::{Profile, Sampler, UNBIASED_MAX_DRAWS};
pub use seed::{
    CLIENT_SEED_MAX_BYTES, ClientSeed, Commitment, RevealedSeed, SERVER_SEED_MAX_BYTES, SeedPair,
    ServerSeed,
};
pub use source::{ChaCha8Source, RandomSource};
pub use stream::{ByteStream, ROUND_BYTES, hmac_sha256, sha256};
