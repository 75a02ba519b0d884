//! Poker hand evaluation and equity (`kingpin_engine::poker`) with text in and JSON out.

use kingpin_engine::cards::Card;
use kingpin_engine::poker;
use kingpin_engine::{GameError, poker::equity::MAX_PLAYERS};
use kingpin_rng::{ChaCha8Source, Profile, Sampler};
use serde_json::{Value, json};

use crate::Error;

/// Most Monte Carlo trials one [`poker_equity`] call runs (a browser tab must not hang on a
/// typo; 10 million trials take about a second per 2 players natively).
pub const MAX_EQUITY_TRIALS: u64 = 10_000_000;

/// Cards written like `"Ah Kh"` or `"Ah,Kh"`; an empty text is no cards.
fn parse_cards(cards: &str) -> Result<Vec<Card>, Error> {
    Ok(cards
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<Vec<Card>, _>>()?)
}

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
    let cards = parse_cards(cards)?;
    let rank = poker::evaluate(&cards)?;
    Ok(json!({
        "rank": rank,
        "category": rank.category(),
        "description": rank.to_string(),
    }))
}

/// Hold'em equity of 2–10 known hands (`holes`, each two cards like `"Ah Ad"`) with a known
/// `board` (0, 3, 4 or 5 cards; any 0–5 are accepted) and `dead` cards (both texts, possibly
/// empty). `trials` `None`: every completion of the board is enumerated (exact); `Some(n)`:
/// `n` random completions (Monte Carlo, `1 ≤ n ≤` [`MAX_EQUITY_TRIALS`]) drawn reproducibly
/// from `seed`.
///
/// Returns `{"boards": n, "exact": bool, "players": [{"wins", "ties", "equity",
/// "share_2520"}, …]}` in the order of `holes`: a tie among `k` players is worth `1/k` of the
/// pot, `equity` sums to 1 over the players, and `share_2520` is the same share in exact units of
/// `1/2520` pot (`equity = share_2520 / (2520 · boards)`).
///
/// ```
/// let e = kingpin_bindings::poker_equity(&["Ah Ad", "Kh Kd"], "2c 3c 4s", "", None, 0)?;
/// assert_eq!(e["boards"], 990);
/// assert_eq!(e["exact"], true);
/// let mc = kingpin_bindings::poker_equity(&["Ah Ad", "Kh Kd"], "", "", Some(10_000), 7)?;
/// assert_eq!(mc["boards"], 10_000);
/// # Ok::<(), kingpin_bindings::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidBet`](crate::ErrorKind::InvalidBet) for a malformed or repeated card, a
/// hand that is not two cards, fewer than 2 or more than 10 hands, more than 5 board cards, too
/// many dead cards, or a trial count of 0 or above [`MAX_EQUITY_TRIALS`].
pub fn poker_equity<S: AsRef<str>>(
    holes: &[S],
    board: &str,
    dead: &str,
    trials: Option<u64>,
    seed: u64,
) -> Result<Value, Error> {
    if holes.len() > MAX_PLAYERS {
        return Err(GameError::bet(
            "holes",
            format!("{} players; equity takes 2–{MAX_PLAYERS}", holes.len()),
        )
        .into());
    }
    let holes = holes
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let cards = parse_cards(h.as_ref())?;
            <[Card; 2]>::try_from(cards.as_slice()).map_err(|_| {
                Error::from(GameError::bet(
                    "holes",
                    format!("hand {i} has {} cards; a hand has 2", cards.len()),
                ))
            })
        })
        .collect::<Result<Vec<[Card; 2]>, Error>>()?;
    let board = parse_cards(board)?;
    let dead = parse_cards(dead)?;
    let equity = match trials {
        None => poker::equity_exact(&holes, &board, &dead)?,
        Some(n) => {
            if n > MAX_EQUITY_TRIALS {
                return Err(GameError::bet(
                    "trials",
                    format!("{n} trials; at most {MAX_EQUITY_TRIALS} per call"),
                )
                .into());
            }
            let mut rng = Sampler::new(ChaCha8Source::new(seed, 0), Profile::Unbiased);
            poker::equity_monte_carlo(&holes, &board, &dead, n, &mut rng)?
        }
    };
    serde_json::to_value(&equity).map_err(|e| Error::new(crate::ErrorKind::Decode, e.to_string()))
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

    #[test]
    fn equity_exact_and_monte_carlo() {
        // Aces against kings on 2-3-4 rainbow: 990 turn-river pairs.
        let e = poker_equity(&["Ah Ad", "Kh Kd"], "2c 3c 4s", "", None, 0).unwrap();
        assert_eq!(e["boards"], 990);
        assert_eq!(e["exact"], true);
        let p = e["players"].as_array().unwrap();
        let sum: f64 = p.iter().map(|x| x["equity"].as_f64().unwrap()).sum();
        assert!((sum - 1.0).abs() < 1e-12);
        assert!(p[0]["equity"].as_f64().unwrap() > 0.8);
        // Same seed, same result; the estimate is near the exact figure.
        let a = poker_equity(&["Ah Ad", "Kh Kd"], "2c 3c 4s", "", Some(20_000), 3).unwrap();
        let b = poker_equity(&["Ah Ad", "Kh Kd"], "2c 3c 4s", "", Some(20_000), 3).unwrap();
        assert_eq!(a, b);
        assert_eq!(a["exact"], false);
        let (x, y) = (
            a["players"][0]["equity"].as_f64().unwrap(),
            p[0]["equity"].as_f64().unwrap(),
        );
        assert!((x - y).abs() < 0.02, "{x} vs {y}");
    }

    #[test]
    fn equity_refuses_bad_input() {
        let kind = |h: &[&str], board: &str, dead: &str, t: Option<u64>| {
            poker_equity(h, board, dead, t, 0).unwrap_err().kind
        };
        assert_eq!(kind(&["Ah Ad"], "", "", None), ErrorKind::InvalidBet);
        assert_eq!(kind(&["Ah Ad", "Kh"], "", "", None), ErrorKind::InvalidBet);
        assert_eq!(
            kind(&["Ah Ad", "Ah Kd"], "", "", None),
            ErrorKind::InvalidBet
        );
        assert_eq!(
            kind(&["Ah Ad", "Kh Kd"], "2c 3c 4s 5s 6s 7s", "", None),
            ErrorKind::InvalidBet
        );
        assert_eq!(
            kind(&["Ah Ad", "Kh Kd"], "", "Ah", None),
            ErrorKind::InvalidBet
        );
        assert_eq!(
            kind(&["Ah Ad", "Kh Kd"], "", "", Some(0)),
            ErrorKind::InvalidBet
        );
        assert_eq!(
            kind(&["Ah Ad", "Kh Kd"], "", "", Some(MAX_EQUITY_TRIALS + 1)),
            ErrorKind::InvalidBet
        );
        assert_eq!(
            kind(&["Ah Xd", "Kh Kd"], "", "", None),
            ErrorKind::InvalidBet
        );
        let eleven = ["2c 2d"; 11];
        assert_eq!(kind(&eleven, "", "", None), ErrorKind::InvalidBet);
    }
}
