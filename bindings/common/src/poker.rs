//! Poker hand evaluation (`kingpin_engine::poker`) with text in and JSON out.

use kingpin_engine::cards::Card;
use kingpin_engine::poker;
use serde_json::{Value, json};

use crate::Error;

/// Rank a poker hand of 5, 6 or 7 distinct cards written like `"Ah Kh Qh Jh Th"` (separated
/// by spaces or commas). Returns `{"rank": 1..=7462, "category": "straight_flush",
/// "description": "royal flush"}`; a greater rank is a stronger hand, equal ranks split.
///
/// ```
/// let h = kingpin_bindings::evaluate_hand("Ah Kh Qh Jh Th 2c 3d")?;
/// assert_eq!(h["rank"], 7462);
/// assert_eq!(h["description"], "royal flush");
/// # Ok::<(), kingpin_bindings::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidBet`](crate::ErrorKind::InvalidBet) for a malformed or repeated card, or
/// fewer than 5 or more than 7 cards.
pub fn evaluate_hand(cards: &str) -> Result<Value, Error> {
    let cards = cards
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<Vec<Card>, _>>()?;
    let rank = poker::evaluate(&cards)?;
    Ok(json!({
        "rank": rank,
        "category": rank.category(),
        "description": rank.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn ranks_compare_and_bad_cards_are_refused() {
        let full = evaluate_hand("Kc,Kd,Ks,7h,7c").unwrap();
        let flush = evaluate_hand("2h 5h 9h Jh Kh").unwrap();
        assert_eq!(full["category"], "full_house");
        assert!(full["rank"].as_u64() > flush["rank"].as_u64());
        assert_eq!(
            evaluate_hand("Ah Ah Kh Qh Jh").unwrap_err().kind,
            ErrorKind::InvalidBet
        );
        assert_eq!(
            evaluate_hand("Ah Kh").unwrap_err().kind,
            ErrorKind::InvalidBet
        );
        assert_eq!(
            evaluate_hand("Zz Kh Qh Jh Th").unwrap_err().kind,
            ErrorKind::InvalidBet
        );
    }
}
