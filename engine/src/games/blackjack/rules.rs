//! The table rules of a blackjack game: every option is data, validated with field paths.

use alloc::format;
use core::fmt;

use kingpin_rng::Profile;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::GameError;
use crate::cards::{DeckMode, MAX_DECKS};

/// Which two-card hands may be doubled.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoubleOn {
    /// Any first two cards.
    AnyTwo,
    /// Hard 9, 10 or 11 only (a soft hand's best total is 12 or more, so it never qualifies).
    NineToEleven,
    /// Hard 10 or 11 only.
    TenToEleven,
}

impl DoubleOn {
    /// Whether a two-card hand with best total `total` may be doubled.
    #[inline]
    pub fn allows(self, total: u8) -> bool {
        match self {
            DoubleOn::AnyTwo => true,
            DoubleOn::NineToEleven => (9..=11).contains(&total),
            DoubleOn::TenToEleven => (10..=11).contains(&total),
        }
    }
}

/// The dealer's second card.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoleCard {
    /// US rule: the dealer takes a hole card and, with an ace or ten-value card up, peeks for
    /// blackjack before the player acts; a dealer blackjack ends the round at once (only the
    /// original stake is lost).
    Peek,
    /// European no-hole-card rule: the dealer's second card is drawn after the player has
    /// played; see [`EnhcLoss`] for what a dealer blackjack takes.
    NoHoleCard,
}

/// Under [`HoleCard::NoHoleCard`], what a dealer blackjack takes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnhcLoss {
    /// Every stake on the table is lost (doubles and splits included) — the classic European
    /// rule.
    All,
    /// "Original bets only": the player loses exactly the original stake; every extra stake
    /// (doubles, splits) is returned, whatever happened to those hands. This makes the game
    /// equivalent to the peek rule without surrender and insurance.
    OriginalOnly,
}

/// What a player blackjack pays (besides the returned stake).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum BlackjackPays {
    /// 3 to 2.
    #[serde(rename = "3:2")]
    ThreeToTwo,
    /// 6 to 5.
    #[serde(rename = "6:5")]
    SixToFive,
}

impl BlackjackPays {
    /// The winnings as a fraction `(numerator, denominator)` of the stake.
    pub fn ratio(self) -> (u64, u64) {
        match self {
            BlackjackPays::ThreeToTwo => (3, 2),
            BlackjackPays::SixToFive => (6, 5),
        }
    }
}

/// The number of decks, written as a number (`6`) or `"infinite"` in JSON and TOML.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Decks(pub DeckMode);

impl fmt::Display for Decks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            DeckMode::Decks(n) => write!(f, "{n}"),
            DeckMode::Infinite => f.write_str("infinite"),
        }
    }
}

impl Serialize for Decks {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            DeckMode::Decks(n) => s.serialize_u8(n),
            DeckMode::Infinite => s.serialize_str("infinite"),
        }
    }
}

impl<'de> Deserialize<'de> for Decks {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Decks;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of decks (1–8) or \"infinite\"")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decks, E> {
                u8::try_from(v)
                    .map(|n| Decks(DeckMode::Decks(n)))
                    .map_err(|_| E::custom(format!("{v} decks; allowed 1–{MAX_DECKS} or infinite")))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decks, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom(format!("{v} decks; allowed 1–{MAX_DECKS} or infinite")))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decks, E> {
                if v.trim().eq_ignore_ascii_case("infinite") {
                    return Ok(Decks(DeckMode::Infinite));
                }
                v.trim()
                    .parse::<u64>()
                    .map_err(|_| {
                        E::custom(format!("{v:?} is not a number of decks or \"infinite\""))
                    })
                    .and_then(|n| self.visit_u64(n))
            }
        }
        d.deserialize_any(V)
    }
}

/// Most hands a player may split into.
pub const MAX_HANDS: u8 = 8;

/// The rules of a blackjack table (the operator's choices). `{}` gives the defaults: six decks,
/// dealer stands on soft 17, double on any two, double after split, split to 4 hands, no
/// resplitting or hitting of split aces, no surrender, insurance offered, US hole card with
/// peek, blackjack pays 3:2, unbiased sampler.
///
/// ```
/// use kingpin_engine::games::blackjack::BlackjackRules;
/// let rules: BlackjackRules = serde_json::from_str(r#"{"decks": 6, "dealer_hits_soft_17": true}"#).unwrap();
/// assert!(rules.dealer_hits_soft_17);
/// rules.validate()?;
/// assert!(serde_json::from_str::<BlackjackRules>(r#"{"deck": 6}"#).is_err());
/// # Ok::<(), kingpin_engine::GameError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BlackjackRules {
    /// Decks in the shoe (1–8, shuffled anew every round) or `"infinite"`.
    pub decks: Decks,
    /// The dealer hits soft 17 (H17) instead of standing (S17).
    pub dealer_hits_soft_17: bool,
    /// Which two-card hands may be doubled.
    pub double_on: DoubleOn,
    /// Doubling is allowed on split hands.
    pub double_after_split: bool,
    /// Most hands after splitting (1 = no splitting, 2 = one split, …, up to 8).
    pub max_hands: u8,
    /// Split aces may be split again (within `max_hands`).
    pub resplit_aces: bool,
    /// Split aces may be hit (otherwise each gets exactly one card).
    pub hit_split_aces: bool,
    /// Late surrender: give up half the stake on the first two cards, after the dealer's peek.
    /// Requires the peek rule.
    pub late_surrender: bool,
    /// Insurance (and even money) offered when the dealer shows an ace. Requires the peek rule.
    pub insurance: bool,
    /// US hole card with peek, or European no hole card.
    pub hole_card: HoleCard,
    /// Under no hole card, what a dealer blackjack takes (ignored with the peek rule).
    pub enhc_loss: EnhcLoss,
    /// What a blackjack pays.
    pub blackjack_pays: BlackjackPays,
    /// Sampler profile the cards are drawn with.
    pub profile: Profile,
}

impl Default for BlackjackRules {
    fn default() -> Self {
        BlackjackRules {
            decks: Decks(DeckMode::Decks(6)),
            dealer_hits_soft_17: false,
            double_on: DoubleOn::AnyTwo,
            double_after_split: true,
            max_hands: 4,
            resplit_aces: false,
            hit_split_aces: false,
            late_surrender: false,
            insurance: true,
            hole_card: HoleCard::Peek,
            enhc_loss: EnhcLoss::All,
            blackjack_pays: BlackjackPays::ThreeToTwo,
            profile: Profile::Unbiased,
        }
    }
}

impl BlackjackRules {
    /// Check every option and their combinations.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] naming the field: `decks` outside 1–8, `max_hands` outside
    /// 1–8, or `late_surrender`/`insurance` without the peek rule.
    pub fn validate(&self) -> Result<(), GameError> {
        self.decks.0.validate("decks")?;
        if self.max_hands == 0 || self.max_hands > MAX_HANDS {
            return Err(GameError::config(
                "max_hands",
                format!("{} hands; allowed 1–{MAX_HANDS}", self.max_hands),
            ));
        }
        if self.hole_card == HoleCard::NoHoleCard {
            if self.late_surrender {
                return Err(GameError::config(
                    "late_surrender",
                    "late surrender needs the peek rule (hole_card = \"peek\")",
                ));
            }
            if self.insurance {
                return Err(GameError::config(
                    "insurance",
                    "insurance needs the peek rule (hole_card = \"peek\"); set insurance = false",
                ));
            }
        }
        Ok(())
    }

    /// The deck mode.
    #[inline]
    pub fn deck_mode(&self) -> DeckMode {
        self.decks.0
    }

    /// Whether the dealer peeks (US hole card).
    #[inline]
    pub fn peeks(&self) -> bool {
        self.hole_card == HoleCard::Peek
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(r: BlackjackRules) -> alloc::string::String {
        match r.validate() {
            Err(GameError::InvalidConfig { field, .. }) => field,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn defaults_and_field_paths() {
        let d = BlackjackRules::default();
        d.validate().unwrap();
        let bad = |f: fn(&mut BlackjackRules)| {
            let mut r = d;
            f(&mut r);
            field(r)
        };
        assert_eq!(bad(|r| r.decks = Decks(DeckMode::Decks(9))), "decks");
        assert_eq!(bad(|r| r.decks = Decks(DeckMode::Decks(0))), "decks");
        assert_eq!(bad(|r| r.max_hands = 0), "max_hands");
        assert_eq!(bad(|r| r.max_hands = 9), "max_hands");
        assert_eq!(
            bad(|r| {
                r.hole_card = HoleCard::NoHoleCard;
                r.late_surrender = true;
                r.insurance = false;
            }),
            "late_surrender"
        );
        assert_eq!(bad(|r| r.hole_card = HoleCard::NoHoleCard), "insurance");
    }

    #[test]
    fn json_form() {
        let r: BlackjackRules = serde_json::from_str(
            r#"{"decks": "infinite", "blackjack_pays": "6:5", "double_on": "ten_to_eleven",
                "hole_card": "no_hole_card", "insurance": false, "enhc_loss": "original_only"}"#,
        )
        .unwrap();
        assert_eq!(r.decks, Decks(DeckMode::Infinite));
        assert_eq!(r.blackjack_pays, BlackjackPays::SixToFive);
        r.validate().unwrap();
        let text = serde_json::to_string(&BlackjackRules::default()).unwrap();
        assert!(text.contains(r#""decks":6"#), "{text}");
        let back: BlackjackRules = serde_json::from_str(&text).unwrap();
        assert_eq!(back, BlackjackRules::default());
        assert!(serde_json::from_str::<BlackjackRules>(r#"{"decks": 300}"#).is_err());
        assert!(serde_json::from_str::<BlackjackRules>(r#"{"decks": "many"}"#).is_err());
        assert!(serde_json::from_str::<BlackjackRules>(r#"{"bogus": 1}"#).is_err());
    }

    #[test]
    fn double_restrictions() {
        assert!(DoubleOn::AnyTwo.allows(17));
        assert!(DoubleOn::NineToEleven.allows(9) && !DoubleOn::NineToEleven.allows(12));
        assert!(!DoubleOn::TenToEleven.allows(9) && DoubleOn::TenToEleven.allows(11));
    }
}
