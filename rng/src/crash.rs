//! Crash-style games: a committed hash chain and the crash point of each game.
//!
//! The house picks a secret seed hash `h_N` and computes `h_{i} = SHA-256(hex(h_{i+1}))`
//! downwards (each link is the SHA-256 of the previous hash's 64 lowercase hex digits). It
//! publishes the **terminating hash** `h_0` before the first game, then plays games with
//! `h_1, h_2, …` — the chain is used in reverse order of generation, so each revealed game hash
//! proves the ones after it were fixed in advance. A **salt** fixed after the commitment (e.g. a
//! future Bitcoin block hash) keeps the house from choosing a favourable chain.
//!
//! A game hash becomes a crash point through `HMAC_SHA256(key = game hash hex, msg = salt)`, by
//! one of two published formulas ([`CrashFormula`]), both exact in integer arithmetic and rounded
//! down to hundredths.
//!
//! ```
//! use kingpin_rng::crash::{self, CrashFormula, GameHash};
//! use kingpin_units::Multiplier;
//!
//! let chain = crash::build_chain(GameHash::from_bytes([9; 32]), 10)?;
//! let terminating = chain[0];
//! let game_3 = chain[3];
//! assert_eq!(crash::verify_game_hash(&game_3, &terminating, 100)?, Some(3));
//! let point = crash::crash_point(&game_3, "salt", Multiplier::parse("0.01")?, CrashFormula::Int32)?;
//! assert!(point >= Multiplier::ONE);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::string::ToString;
use alloc::vec::Vec;
use core::fmt;

use kingpin_units::Multiplier;
use serde::{Deserialize, Serialize};

use crate::{RngError, hmac_sha256, sha256};

/// Longest chain [`build_chain`] builds and the most links [`verify_game_hash`] walks.
pub const MAX_CHAIN_LENGTH: u64 = 100_000_000;

/// One 32-byte link of the chain, shown as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct GameHash([u8; 32]);

impl GameHash {
    /// From raw bytes.
    pub const fn from_bytes(b: [u8; 32]) -> GameHash {
        GameHash(b)
    }

    /// Parse 64 hex digits.
    ///
    /// # Errors
    /// [`RngError::InvalidHex`].
    pub fn from_hex(text: &str) -> Result<GameHash, RngError> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut out).map_err(|_| RngError::InvalidHex {
            what: "game hash",
            reason: "expected 64 hex digits",
        })?;
        Ok(GameHash(out))
    }

    /// The raw bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The link below this one: `SHA-256` of this hash's lowercase hex text.
    pub fn previous(&self) -> GameHash {
        let mut text = [0u8; 64];
        // Encoding into a buffer of exactly twice the length cannot fail.
        let _ = hex::encode_to_slice(self.0, &mut text);
        GameHash(sha256(&text))
    }
}

impl fmt::Display for GameHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl Serialize for GameHash {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for GameHash {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        GameHash::from_hex(&alloc::string::String::deserialize(d)?)
            .map_err(serde::de::Error::custom)
    }
}

/// Build a chain of `length` links below `seed`: `chain[length] = seed`, `chain[i] =
/// previous(chain[i + 1])`. `chain[0]` is the terminating hash to publish; game `g` (from 1)
/// uses `chain[g]`.
///
/// # Errors
/// [`RngError::ChainLength`] if `length` is 0 or above [`MAX_CHAIN_LENGTH`].
pub fn build_chain(seed: GameHash, length: u64) -> Result<Vec<GameHash>, RngError> {
    if length == 0 || length > MAX_CHAIN_LENGTH {
        return Err(RngError::ChainLength {
            len: length,
            max: MAX_CHAIN_LENGTH,
        });
    }
    let n = usize::try_from(length).map_err(|_| RngError::ChainLength {
        len: length,
        max: MAX_CHAIN_LENGTH,
    })?;
    let mut chain = Vec::with_capacity(n + 1);
    chain.push(seed);
    for _ in 0..n {
        let prev = chain[chain.len() - 1].previous();
        chain.push(prev);
    }
    chain.reverse();
    Ok(chain)
}

/// Walk down from `game_hash` at most `max_steps` links; `Some(k)` if the terminating hash is
/// reached after `k ≥ 1` steps (so the hash is game number `k`), `None` if not.
///
/// # Errors
/// [`RngError::ChainLength`] if `max_steps` is 0 or above [`MAX_CHAIN_LENGTH`].
pub fn verify_game_hash(
    game_hash: &GameHash,
    terminating: &GameHash,
    max_steps: u64,
) -> Result<Option<u64>, RngError> {
    if max_steps == 0 || max_steps > MAX_CHAIN_LENGTH {
        return Err(RngError::ChainLength {
            len: max_steps,
            max: MAX_CHAIN_LENGTH,
        });
    }
    let mut h = *game_hash;
    for k in 1..=max_steps {
        h = h.previous();
        if h == *terminating {
            return Ok(Some(k));
        }
    }
    Ok(None)
}

/// The two published ways to turn a game hash into a crash point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrashFormula {
    /// `int` = the first 8 hex digits (32 bits) of the HMAC;
    /// crash = `max(1, ⌊100 · 2^32 · (1 − edge) / (int + 1)⌋ / 100)`.
    #[default]
    Int32,
    /// `X` = the first 13 hex digits (52 bits) of the HMAC divided by 2^52;
    /// crash = `max(1, ⌊100 · (1 − edge) / (1 − X)⌋ / 100)`.
    Float52,
}

/// The crash point of a game, exact, in hundredths (always at least 1.00).
///
/// # Errors
/// [`RngError::EdgeOutOfRange`] unless `0 ≤ edge < 1`.
pub fn crash_point(
    game_hash: &GameHash,
    salt: &str,
    edge: Multiplier,
    formula: CrashFormula,
) -> Result<Multiplier, RngError> {
    Ok(hundredths_to_multiplier(crash_hundredths(
        game_hash, salt, edge, formula,
    )?))
}

fn hundredths_to_multiplier(h: u64) -> Multiplier {
    Multiplier::from_ratio(h, 100).unwrap_or(Multiplier::ONE)
}

/// The crash point in hundredths (`100` = 1.00×), see [`crash_point`].
///
/// # Errors
/// [`RngError::EdgeOutOfRange`] unless `0 ≤ edge < 1`.
pub fn crash_hundredths(
    game_hash: &GameHash,
    salt: &str,
    edge: Multiplier,
    formula: CrashFormula,
) -> Result<u64, RngError> {
    if edge >= Multiplier::ONE {
        return Err(RngError::EdgeOutOfRange(edge.to_string()));
    }
    let mut key = [0u8; 64];
    let _ = hex::encode_to_slice(game_hash.0, &mut key);
    let mac = hmac_sha256(&key, salt.as_bytes());
    let (e_num, e_den) = (u128::from(edge.numerator()), u128::from(edge.denominator()));
    let keep = e_den - e_num; // (1 - edge) = keep / e_den
    let h = match formula {
        CrashFormula::Int32 => {
            let int = u128::from(u32::from_be_bytes([mac[0], mac[1], mac[2], mac[3]]));
            (100u128 << 32) * keep / ((int + 1) * e_den)
        }
        CrashFormula::Float52 => {
            let top = u64::from_be_bytes([
                mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], mac[6], mac[7],
            ]) >> 12;
            let r = u128::from(top);
            (100u128 << 52) * keep / (e_den * ((1u128 << 52) - r))
        }
    };
    Ok(u64::try_from(h).unwrap_or(u64::MAX).max(100))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_links_are_sha256_of_hex() {
        let seed = GameHash::from_bytes([0xab; 32]);
        let chain = build_chain(seed, 3).unwrap();
        assert_eq!(chain.len(), 4);
        assert_eq!(chain[3], seed);
        let hex_text = alloc::format!("{}", chain[2]);
        assert_eq!(chain[1].as_bytes(), &sha256(hex_text.as_bytes()));
        assert_eq!(verify_game_hash(&chain[3], &chain[0], 3).unwrap(), Some(3));
        assert_eq!(verify_game_hash(&chain[3], &chain[0], 2).unwrap(), None);
        assert!(build_chain(seed, 0).is_err());
    }

    #[test]
    fn edge_bounds_and_floor() {
        let g = GameHash::from_bytes([1; 32]);
        assert!(crash_hundredths(&g, "s", Multiplier::ONE, CrashFormula::Int32).is_err());
        for f in [CrashFormula::Int32, CrashFormula::Float52] {
            assert!(crash_hundredths(&g, "s", Multiplier::ZERO, f).unwrap() >= 100);
        }
    }
}
