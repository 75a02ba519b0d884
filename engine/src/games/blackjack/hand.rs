//! Hand arithmetic: card values, totals, soft hands, naturals.

use crate::cards::Card;

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
pub fn value(card: Card) -> u8 {
    match card.rank() {
        14 => 1,
        r if r >= 10 => 10,
        r => r,
    }
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
    pub fn with_card(self, v: u8) -> Total {
        Total {
            hard: self.hard.saturating_add(v),
            has_ace: self.has_ace || v == 1,
        }
    }

    /// The best total: an ace counts 11 when that does not bust.
    pub fn best(self) -> u8 {
        if self.is_soft() {
            self.hard + 10
        } else {
            self.hard
        }
    }

    /// An ace counts 11 in the best total.
    pub fn is_soft(self) -> bool {
        self.has_ace && self.hard <= 11
    }

    /// Over 21.
    pub fn is_bust(self) -> bool {
        self.hard > 21
    }
}

/// Two cards worth 21 (an ace and a ten-value card).
pub fn is_natural(cards: &[Card]) -> bool {
    cards.len() == 2 && Total::of(cards).best() == 21
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
}
