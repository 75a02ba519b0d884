//! Playing cards, decks and shoes shared by the card games (baccarat, blackjack, poker).
//!
//! # How a shoe is dealt (part of the fairness spec)
//!
//! A shoe of `d` decks is the ordered list of `52·d` cards — deck by deck, each deck in
//! [`Card::index`] order (clubs 2…A, diamonds 2…A, hearts 2…A, spades 2…A) — shuffled by the
//! sampler's front-to-back Fisher–Yates ([`Sampler::shuffle_step`]) **lazily**: the `i`-th card
//! dealt is fixed by step `i`, so a round draws only as many random numbers as cards it deals.
//! With an *infinite deck*, each card is `Card::from_index(index_below(52))` (with replacement).

use alloc::vec::Vec;
use core::fmt;

use kingpin_rng::{RandomSource, Sampler};
use serde::{Deserialize, Serialize};

use crate::GameError;

/// A suit.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Suit {
    /// ♣
    Clubs,
    /// ♦
    Diamonds,
    /// ♥
    Hearts,
    /// ♠
    Spades,
}

impl Suit {
    /// All four, in index order.
    pub const ALL: [Suit; 4] = [Suit::Clubs, Suit::Diamonds, Suit::Hearts, Suit::Spades];

    /// One-letter symbol: `c`, `d`, `h`, `s`.
    pub fn letter(self) -> char {
        match self {
            Suit::Clubs => 'c',
            Suit::Diamonds => 'd',
            Suit::Hearts => 'h',
            Suit::Spades => 's',
        }
    }
}

/// A card: rank 2–14 (11 = jack, 12 = queen, 13 = king, 14 = ace) and suit.
///
/// ```
/// use kingpin_engine::cards::Card;
/// let c: Card = "Ah".parse()?;
/// assert_eq!(c.rank(), 14);
/// assert_eq!(c.to_string(), "Ah");
/// assert_eq!(Card::from_index(c.index())?, c);
/// # Ok::<(), kingpin_engine::GameError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Card(u8);

impl Card {
    /// A card from rank (2–14) and suit.
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] for a rank outside 2–14.
    pub fn new(rank: u8, suit: Suit) -> Result<Card, GameError> {
        if !(2..=14).contains(&rank) {
            return Err(GameError::bet(
                "card",
                alloc::format!("rank {rank} is not 2–14"),
            ));
        }
        Ok(Card((suit as u8) * 13 + (rank - 2)))
    }

    /// From its index `0..52` (`suit × 13 + rank − 2`).
    ///
    /// # Errors
    /// [`GameError::InvalidBet`] for an index ≥ 52.
    #[inline]
    pub fn from_index(i: u8) -> Result<Card, GameError> {
        if i >= 52 {
            return Err(GameError::bet(
                "card",
                alloc::format!("index {i} is not below 52"),
            ));
        }
        Ok(Card(i))
    }

    /// The card of index `i mod 52` (infallible, for hot loops that compute a valid index).
    #[inline]
    pub(crate) const fn from_index_wrapping(i: u16) -> Card {
        Card((i % 52) as u8)
    }

    /// Index `0..52`.
    #[inline]
    pub const fn index(self) -> u8 {
        self.0
    }

    /// Rank 2–14 (ace high).
    #[inline]
    pub const fn rank(self) -> u8 {
        self.0 % 13 + 2
    }

    /// Suit.
    #[inline]
    pub const fn suit(self) -> Suit {
        match self.0 / 13 {
            0 => Suit::Clubs,
            1 => Suit::Diamonds,
            2 => Suit::Hearts,
            _ => Suit::Spades,
        }
    }

    /// The rank character: `2`–`9`, `T`, `J`, `Q`, `K`, `A`.
    pub fn rank_char(self) -> char {
        b"23456789TJQKA"[usize::from(self.0 % 13)] as char
    }
}

impl fmt::Display for Card {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.rank_char(), self.suit().letter())
    }
}

impl fmt::Debug for Card {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl core::str::FromStr for Card {
    type Err = GameError;
    fn from_str(s: &str) -> Result<Card, GameError> {
        let bad = || {
            GameError::bet(
                "card",
                alloc::format!("{s:?} is not a card like \"Ah\" or \"Td\""),
            )
        };
        let mut ch = s.trim().chars();
        let (r, su) = (ch.next().ok_or_else(bad)?, ch.next().ok_or_else(bad)?);
        if ch.next().is_some() {
            return Err(bad());
        }
        let rank = match r.to_ascii_uppercase() {
            d @ '2'..='9' => d as u8 - b'0',
            'T' => 10,
            'J' => 11,
            'Q' => 12,
            'K' => 13,
            'A' => 14,
            _ => return Err(bad()),
        };
        let suit = match su.to_ascii_lowercase() {
            'c' => Suit::Clubs,
            'd' => Suit::Diamonds,
            'h' => Suit::Hearts,
            's' => Suit::Spades,
            _ => return Err(bad()),
        };
        Card::new(rank, suit)
    }
}

impl Serialize for Card {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Card {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = alloc::string::String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Most decks in a shoe.
pub const MAX_DECKS: u8 = 8;

/// How cards are drawn: a finite shoe of `decks` decks, or an infinite deck.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeckMode {
    /// `n` decks (1–8) shuffled per round.
    Decks(u8),
    /// Draw with replacement (every card equally likely every time).
    Infinite,
}

impl DeckMode {
    /// Check the number of decks.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] unless 1–8 decks.
    pub fn validate(self, field: &str) -> Result<(), GameError> {
        match self {
            DeckMode::Decks(n) if n == 0 || n > MAX_DECKS => Err(GameError::config(
                field,
                alloc::format!("{n} decks; allowed 1–{MAX_DECKS} or infinite"),
            )),
            _ => Ok(()),
        }
    }
}

/// A shoe being dealt lazily (see the module docs). Serializable, so a round in progress can
/// persist how many cards were dealt; the host resumes the stream at the recorded cursor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shoe {
    mode: DeckMode,
    /// The shoe's cards; the first `dealt` are the cards already dealt, in order.
    cards: Vec<Card>,
    dealt: usize,
}

impl Shoe {
    /// A fresh, unshuffled shoe.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] for a bad number of decks.
    pub fn new(mode: DeckMode) -> Result<Shoe, GameError> {
        mode.validate("decks")?;
        let cards = match mode {
            DeckMode::Decks(n) => (0..n).flat_map(|_| (0..52u8).map(Card)).collect(),
            DeckMode::Infinite => Vec::new(),
        };
        Ok(Shoe {
            mode,
            cards,
            dealt: 0,
        })
    }

    /// The next card.
    ///
    /// # Errors
    /// [`GameError::IllegalAction`] if a finite shoe is empty.
    pub fn deal<R: RandomSource>(&mut self, rng: &mut Sampler<R>) -> Result<Card, GameError> {
        match self.mode {
            DeckMode::Infinite => {
                self.dealt += 1;
                Ok(Card(rng.index_below(52)? as u8))
            }
            DeckMode::Decks(_) => {
                if self.dealt >= self.cards.len() {
                    return Err(GameError::IllegalAction("the shoe is empty".into()));
                }
                let c = *rng.shuffle_step(&mut self.cards, self.dealt)?;
                self.dealt += 1;
                Ok(c)
            }
        }
    }

    /// Cards dealt so far.
    pub fn dealt(&self) -> usize {
        self.dealt
    }

    /// Cards left (`usize::MAX` for an infinite deck).
    pub fn remaining(&self) -> usize {
        match self.mode {
            DeckMode::Infinite => usize::MAX,
            DeckMode::Decks(_) => self.cards.len() - self.dealt,
        }
    }

    /// The deck mode.
    pub fn mode(&self) -> DeckMode {
        self.mode
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kingpin_rng::{ChaCha8Source, Profile};

    #[test]
    fn parse_and_display_all() {
        for i in 0..52u8 {
            let c = Card::from_index(i).unwrap();
            assert_eq!(alloc::format!("{c}").parse::<Card>().unwrap(), c);
        }
        assert!("1h".parse::<Card>().is_err());
        assert!("Ahh".parse::<Card>().is_err());
        assert!("Ax".parse::<Card>().is_err());
    }

    #[test]
    fn lazy_deal_equals_full_shuffle() {
        let mut shoe = Shoe::new(DeckMode::Decks(2)).unwrap();
        let mut rng = Sampler::new(ChaCha8Source::new(5, 0), Profile::Unbiased);
        let dealt: Vec<Card> = (0..104).map(|_| shoe.deal(&mut rng).unwrap()).collect();
        assert!(shoe.deal(&mut rng).is_err());
        let mut full: Vec<Card> = (0..2).flat_map(|_| (0..52u8).map(Card)).collect();
        Sampler::new(ChaCha8Source::new(5, 0), Profile::Unbiased)
            .shuffle(&mut full)
            .unwrap();
        assert_eq!(dealt[..103], full[..103]);
        assert!(Shoe::new(DeckMode::Decks(9)).is_err());
    }
}
