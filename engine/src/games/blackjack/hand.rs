//! Hand arithmetic: card values, totals, soft hands, naturals, and the inline card list of a
//! hand.

use core::fmt;
use core::ops::Deref;

use serde::de::{Error as _, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::GameError;
use crate::cards::Card;

/// Blackjack value of each card index (`suit × 13 + rank − 2`): 2–9, 10 for T–K, 1 for an ace.
/// Indexed by the whole byte (a card's index is below 52; the rest repeats the pattern), so a
/// look-up needs neither a reduction nor a bounds check.
const VALUES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let rank = (i % 13) as u8 + 2;
        t[i] = if rank == 14 {
            1
        } else if rank >= 10 {
            10
        } else {
            rank
        };
        i += 1;
    }
    t
};

/// The blackjack value of a card with the ace counted as 1: 2–9 as marked, 10 for tens and
/// faces, 1 for an ace.
///
/// ```
/// use kingpin_engine::cards::Card;
/// use kingpin_engine::games::blackjack::hand::value;
/// assert_eq!(value("Kd".parse()?), 10);
/// assert_eq!(value("Ah".parse()?), 1);
/// # Ok::<(), kingpin_engine::GameError>(())
/// ```
#[inline]
pub fn value(card: Card) -> u8 {
    VALUES[usize::from(card.index())]
}

/// A hand's total: the hard count (aces as 1) and whether an ace can count 11.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Total {
    /// Sum with every ace counted as 1.
    pub hard: u8,
    /// The hand holds at least one ace.
    pub has_ace: bool,
}

impl Total {
    /// The total of a list of cards.
    pub fn of(cards: &[Card]) -> Total {
        cards
            .iter()
            .fold(Total::default(), |t, &c| t.with_card(value(c)))
    }

    /// Add a card of value `v` (ace = 1).
    #[must_use]
    #[inline]
    pub fn with_card(self, v: u8) -> Total {
        Total {
            hard: self.hard.saturating_add(v),
            has_ace: self.has_ace || v == 1,
        }
    }

    /// The best total: an ace counts 11 when that does not bust.
    #[inline]
    pub fn best(self) -> u8 {
        if self.is_soft() {
            self.hard + 10
        } else {
            self.hard
        }
    }

    /// An ace counts 11 in the best total.
    #[inline]
    pub fn is_soft(self) -> bool {
        self.has_ace && self.hard <= 11
    }

    /// Over 21.
    #[inline]
    pub fn is_bust(self) -> bool {
        self.hard > 21
    }
}

/// Two cards worth 21 (an ace and a ten-value card).
#[inline]
pub fn is_natural(cards: &[Card]) -> bool {
    cards.len() == 2 && Total::of(cards).best() == 21
}

/// Most cards a [`Cards`] list holds. No blackjack hand reaches it: a player's hand takes a
/// card only while its hard total is at most 20 and its best total is not 21, which allows at
/// most 19 cards before the last one (ten aces, a two, eight aces), so 20 in all; the dealer
/// stops at 13 at most.
pub const MAX_CARDS: usize = 21;

/// The cards of one hand, in the order dealt, stored inline (no heap allocation; `Copy`) with
/// their running [`Total`]. Reads as a slice of cards; serialized as a plain list of cards.
///
/// ```
/// use kingpin_engine::games::blackjack::hand::Cards;
/// let mut hand = Cards::new();
/// hand.push("Ah".parse()?)?;
/// hand.push("6c".parse()?)?;
/// assert_eq!(hand.len(), 2);
/// assert_eq!(hand.total().best(), 17);
/// assert_eq!(serde_json::to_string(&hand).unwrap(), r#"["Ah","6c"]"#);
/// # Ok::<(), kingpin_engine::GameError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Cards {
    len: u8,
    total: Total,
    cards: [Card; MAX_CARDS],
}

impl Default for Cards {
    fn default() -> Self {
        Cards::new()
    }
}

impl Cards {
    /// No cards.
    pub const fn new() -> Cards {
        Cards {
            len: 0,
            total: Total {
                hard: 0,
                has_ace: false,
            },
            cards: [Card::from_index_wrapping(0); MAX_CARDS],
        }
    }

    /// Add a card.
    ///
    /// # Errors
    /// [`GameError::IllegalAction`] if the list already holds [`MAX_CARDS`] cards (no legal
    /// round gets there).
    #[inline]
    pub fn push(&mut self, card: Card) -> Result<(), GameError> {
        let slot = self
            .cards
            .get_mut(usize::from(self.len))
            .ok_or_else(|| GameError::IllegalAction("a hand holds at most 21 cards".into()))?;
        *slot = card;
        self.len += 1;
        self.total = self.total.with_card(value(card));
        Ok(())
    }

    /// Remove and return the last card.
    #[inline]
    pub fn pop(&mut self) -> Option<Card> {
        let last = self.len.checked_sub(1)?;
        self.len = last;
        self.total = Total::of(&self.cards[..usize::from(last)]);
        Some(self.cards[usize::from(last)])
    }

    /// The cards as a slice.
    #[inline]
    pub fn as_slice(&self) -> &[Card] {
        &self.cards[..usize::from(self.len)]
    }

    /// The total of the cards (kept up to date on every push).
    #[inline]
    pub fn total(&self) -> Total {
        self.total
    }

    /// Two cards worth 21.
    #[inline]
    pub fn is_natural(&self) -> bool {
        self.len == 2 && self.total.best() == 21
    }
}

impl Deref for Cards {
    type Target = [Card];
    #[inline]
    fn deref(&self) -> &[Card] {
        self.as_slice()
    }
}

impl fmt::Debug for Cards {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl TryFrom<&[Card]> for Cards {
    type Error = GameError;
    fn try_from(cards: &[Card]) -> Result<Cards, GameError> {
        let mut out = Cards::new();
        for &c in cards {
            out.push(c)?;
        }
        Ok(out)
    }
}

impl Serialize for Cards {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(usize::from(self.len)))?;
        for c in self.as_slice() {
            seq.serialize_element(c)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Cards {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Cards;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a list of at most {MAX_CARDS} cards")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Cards, A::Error> {
                let mut out = Cards::new();
                while let Some(c) = seq.next_element::<Card>()? {
                    out.push(c).map_err(A::Error::custom)?;
                }
                Ok(out)
            }
        }
        d.deserialize_seq(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(cards: &str) -> Total {
        let v: alloc::vec::Vec<Card> = cards.split(' ').map(|c| c.parse().unwrap()).collect();
        Total::of(&v)
    }

    #[test]
    fn totals() {
        assert_eq!(t("Ah 6c").best(), 17);
        assert!(t("Ah 6c").is_soft());
        assert_eq!(t("Ah 6c Tc").best(), 17);
        assert!(!t("Ah 6c Tc").is_soft());
        assert_eq!(t("Ah Ad").best(), 12);
        assert!(t("Kh Qd 2c").is_bust());
        assert!(is_natural(&["Ah".parse().unwrap(), "Jd".parse().unwrap()]));
        assert!(!is_natural(&["5h".parse().unwrap(), "6d".parse().unwrap()]));
    }

    #[test]
    fn values_of_every_card() {
        for i in 0..52u8 {
            let c = Card::from_index(i).unwrap();
            let expected = match c.rank() {
                14 => 1,
                r if r >= 10 => 10,
                r => r,
            };
            assert_eq!(value(c), expected, "{c}");
        }
    }

    #[test]
    fn card_list_keeps_its_total_and_bounds() {
        let ace: Card = "As".parse().unwrap();
        let ten: Card = "Ts".parse().unwrap();
        let mut h = Cards::new();
        h.push(ace).unwrap();
        h.push(ten).unwrap();
        assert!(h.is_natural());
        assert_eq!(h.pop(), Some(ten));
        assert_eq!(h.total(), Total::of(&[ace]));
        for _ in 1..MAX_CARDS {
            h.push(ace).unwrap();
        }
        assert_eq!(h.len(), MAX_CARDS);
        assert!(h.push(ace).is_err());
        let text = serde_json::to_string(&h).unwrap();
        assert_eq!(serde_json::from_str::<Cards>(&text).unwrap(), h);
        let too_many = alloc::format!("[{}\"As\"]", "\"As\",".repeat(MAX_CARDS));
        assert!(serde_json::from_str::<Cards>(&too_many).is_err());
        assert_eq!(Cards::try_from(h.as_slice()).unwrap(), h);
    }

    /// The longest player hand: ten aces, a two, eight aces, and one more card (20 cards), and
    /// a hand that takes a card only while hard ≤ 20 and best ≠ 21 never holds more.
    #[test]
    fn longest_hand_fits() {
        // Longest run of cards a hand can still take from each (hard total, ace) state, by
        // dynamic programming from high totals down (a card only raises the hard total).
        let mut longest = [[0usize; 2]; 32];
        for hard in (0..=21u8).rev() {
            for ace in [false, true] {
                let t = Total { hard, has_ace: ace };
                if t.best() == 21 {
                    continue;
                }
                longest[usize::from(hard)][usize::from(ace)] = (1..=10u8)
                    .map(|v| {
                        let n = t.with_card(v);
                        1 + if n.is_bust() {
                            0
                        } else {
                            longest[usize::from(n.hard)][usize::from(n.has_ace)]
                        }
                    })
                    .max()
                    .unwrap_or(0);
            }
        }
        let n = longest[0][0];
        assert_eq!(n, 20);
        assert!(n <= MAX_CARDS);
    }
}
