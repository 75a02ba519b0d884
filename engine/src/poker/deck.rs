//! A provably fair deck for many players (the full protocol is `docs/fairness.md` §10.5).
//!
//! Hand `n` of a table is dealt from a deck shuffled by the fair byte stream of
//!
//! - the house's **server seed**, committed (SHA-256 published) before the hand;
//! - a **combined client seed**: the lowercase hex of `SHA-256(m)`, where `m` concatenates, for
//!   every occupied seat in increasing seat number, the seat number (1 byte), the length of that
//!   player's client seed in bytes (4 bytes, big-endian) and the seed's UTF-8 bytes;
//! - the **nonce** `n` (the table's hand number, from 1).
//!
//! The deck is the 52 cards in [`Card::index`] order, shuffled by the sampler's front-to-back
//! Fisher–Yates ([`Sampler::shuffle`], unbiased profile). Neither the house (committed before it
//! saw the client seeds) nor any player (who cannot know the server seed nor the other seeds)
//! controls it; after the server seed is revealed anyone can recompute it with
//! [`verify_hand_deck`].
//!
//! ```
//! use kingpin_engine::poker::verify_hand_deck;
//! use kingpin_rng::{ClientSeed, ServerSeed};
//!
//! let server = ServerSeed::new("house seed")?;
//! let seeds = [(0, ClientSeed::new("alice")?), (3, ClientSeed::new("bob")?)];
//! let deck = verify_hand_deck(&server, &seeds, 1)?;
//! let mut sorted = deck.map(|c| c.index());
//! sorted.sort();
//! assert_eq!(sorted, core::array::from_fn(|i| i as u8));
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;
use alloc::vec::Vec;

use kingpin_rng::{ByteStream, ClientSeed, Profile, RandomSource, Sampler, ServerSeed, sha256};

use crate::GameError;
use crate::cards::Card;

/// The sampler profile of the deck shuffle.
pub const DECK_PROFILE: Profile = Profile::Unbiased;

/// Most seats whose seeds are combined.
pub const MAX_SEEDS: usize = 10;

/// Check that a hand combines 1 to [`MAX_SEEDS`] client seeds (`count` of them), before any is
/// read — what [`combined_client_seed`] checks first.
///
/// # Errors
/// [`GameError::InvalidBet`] (field `client_seeds`) for 0 or more than [`MAX_SEEDS`].
pub fn check_seed_count(count: usize) -> Result<(), GameError> {
    if count == 0 || count > MAX_SEEDS {
        return Err(GameError::bet(
            "client_seeds",
            format!("{count} seeds; a hand combines 1–{MAX_SEEDS}"),
        ));
    }
    Ok(())
}

/// The combined client seed of a hand (see the [module docs](self)).
///
/// # Errors
/// [`GameError::InvalidBet`] for no seeds, more than 10, or a seat given twice.
pub fn combined_client_seed(
    client_seeds_by_seat: &[(u8, ClientSeed)],
) -> Result<ClientSeed, GameError> {
    check_seed_count(client_seeds_by_seat.len())?;
    let mut sorted: Vec<&(u8, ClientSeed)> = client_seeds_by_seat.iter().collect();
    sorted.sort_by_key(|(seat, _)| *seat);
    if let Some(w) = sorted.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(GameError::bet(
            "client_seeds",
            format!("seat {} appears twice", w[0].0),
        ));
    }
    let mut m = Vec::new();
    for (seat, seed) in sorted {
        let bytes = seed.as_str().as_bytes();
        m.push(*seat);
        // Client seeds are at most 256 bytes, so the length always fits.
        m.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        m.extend_from_slice(bytes);
    }
    let digest = sha256(&m);
    let mut hex = alloc::string::String::with_capacity(64);
    for b in digest {
        hex.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    Ok(ClientSeed::new(hex)?)
}

/// A full shuffle of the 52 cards (in [`Card::index`] order) from `rng`: the deck of one hand.
///
/// # Errors
/// Only if the source fails (never for the fair stream or the simulation source).
pub fn hand_deck<R: RandomSource>(rng: &mut Sampler<R>) -> Result<[Card; 52], GameError> {
    let mut idx: [u8; 52] = core::array::from_fn(|i| i as u8);
    rng.shuffle(&mut idx)?;
    let mut deck = [Card::from_index(0)?; 52];
    for (d, &i) in deck.iter_mut().zip(&idx) {
        *d = Card::from_index(i)?;
    }
    Ok(deck)
}

/// Recompute the deck of hand `hand_no` from the revealed server seed and the seated players'
/// client seeds (in any order; they are sorted by seat).
///
/// # Errors
/// As [`combined_client_seed`].
pub fn verify_hand_deck(
    server_seed: &ServerSeed,
    client_seeds_by_seat: &[(u8, ClientSeed)],
    hand_no: u64,
) -> Result<[Card; 52], GameError> {
    let client = combined_client_seed(client_seeds_by_seat)?;
    let mut rng = Sampler::new(ByteStream::new(server_seed, &client, hand_no), DECK_PROFILE);
    hand_deck(&mut rng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::{String, ToString};

    fn seeds(list: &[(u8, &str)]) -> Vec<(u8, ClientSeed)> {
        list.iter()
            .map(|(s, t)| (*s, ClientSeed::new(*t).unwrap()))
            .collect()
    }

    /// Golden values: changing them breaks every published hand.
    #[test]
    fn value_stability() {
        let s = seeds(&[(3, "bob"), (0, "alice")]);
        let combined = combined_client_seed(&s).unwrap();
        // m = 00 00000005 "alice" 03 00000003 "bob"
        let mut m = alloc::vec![0u8, 0, 0, 0, 5];
        m.extend_from_slice(b"alice");
        m.extend_from_slice(&[3, 0, 0, 0, 3]);
        m.extend_from_slice(b"bob");
        let hex: String = sha256(&m)
            .iter()
            .map(|b| alloc::format!("{b:02x}"))
            .collect();
        assert_eq!(combined.as_str(), hex);
        let server = ServerSeed::new("house seed").unwrap();
        let deck = verify_hand_deck(&server, &s, 1).unwrap();
        let first: Vec<String> = deck[..9].iter().map(ToString::to_string).collect();
        assert_eq!(first.join(" "), GOLDEN_FIRST_NINE);
        // Another hand number, another deck.
        assert_ne!(verify_hand_deck(&server, &s, 2).unwrap(), deck);
    }

    /// Computed independently by a Python script from the protocol text (hashlib + hmac).
    const GOLDEN_FIRST_NINE: &str = "Td 4h 4d 8h 6d 9d 6s 3h Qd";

    #[test]
    fn every_seed_matters() {
        let server = ServerSeed::new("house seed").unwrap();
        let base = verify_hand_deck(&server, &seeds(&[(0, "a"), (1, "b")]), 7).unwrap();
        assert_ne!(
            base,
            verify_hand_deck(&server, &seeds(&[(0, "a"), (1, "c")]), 7).unwrap()
        );
        assert_ne!(
            base,
            verify_hand_deck(&server, &seeds(&[(0, "a"), (2, "b")]), 7).unwrap()
        );
        // Length prefixes: moving a byte between adjacent seeds changes the deck.
        assert_ne!(
            verify_hand_deck(&server, &seeds(&[(0, "ab"), (1, "c")]), 7).unwrap(),
            verify_hand_deck(&server, &seeds(&[(0, "a"), (1, "bc")]), 7).unwrap()
        );
        let other = ServerSeed::new("other").unwrap();
        assert_ne!(
            base,
            verify_hand_deck(&other, &seeds(&[(0, "a"), (1, "b")]), 7).unwrap()
        );
    }

    #[test]
    fn rejects_bad_seat_lists() {
        let server = ServerSeed::new("house seed").unwrap();
        assert!(verify_hand_deck(&server, &[], 1).is_err());
        assert!(verify_hand_deck(&server, &seeds(&[(1, "a"), (1, "b")]), 1).is_err());
        let many: Vec<(u8, &str)> = (0..11).map(|i| (i, "x")).collect();
        assert!(verify_hand_deck(&server, &seeds(&many), 1).is_err());
    }
}
