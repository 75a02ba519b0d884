//! Equity of known hands: exact enumeration of every way to complete the board, or Monte Carlo.
//!
//! A board completion is *won* by a player whose hand ranks strictly highest and *tied* by each
//! of `k ≥ 2` players sharing the highest rank; a tie is worth `1/k` of the pot. A player's
//! equity is `(wins + Σ tie shares) / boards`; the equities of all players sum to 1.
//!
//! ```
//! use kingpin_engine::cards::Card;
//! use kingpin_engine::poker::equity_exact;
//!
//! let c = |s: &str| s.parse::<Card>().unwrap();
//! // Aces against kings on a 2-3-4 flop: all 990 turn and river pairs are scored.
//! let e = equity_exact(&[[c("Ah"), c("Ad")], [c("Kh"), c("Kd")]], &[c("2c"), c("3c"), c("4s")], &[])?;
//! assert_eq!(e.boards, 990);
//! assert_eq!(e.players[0].wins + e.players[1].wins + e.players[0].ties, 990);
//! assert!((e.players[0].equity + e.players[1].equity - 1.0).abs() < 1e-12);
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

use alloc::format;
use alloc::vec::Vec;

use kingpin_rng::{RandomSource, Sampler};
use serde::{Deserialize, Serialize};

use crate::GameError;
use crate::cards::Card;
use crate::poker::Hand;

/// Most players an equity calculation takes.
pub const MAX_PLAYERS: usize = 10;

/// `lcm(1, …, 10)`: tie shares are counted exactly in units of `1/2520`.
const SHARE_UNIT: u64 = 2520;

/// One player's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlayerEquity {
    /// Boards won outright.
    pub wins: u64,
    /// Boards tied for the best hand.
    pub ties: u64,
    /// Share of the pot over all boards: `(wins + Σ 1/k over ties) / boards`.
    pub equity: f64,
    /// The same in exact units of `1/2520` of one pot (`equity = share_2520 / (2520 · boards)`).
    pub share_2520: u64,
}

/// The result of an equity calculation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Equity {
    /// Board completions evaluated (all of them when `exact`, else the trials).
    pub boards: u64,
    /// Whether every completion was enumerated.
    pub exact: bool,
    /// Per player, in the order given.
    pub players: Vec<PlayerEquity>,
}

/// Check the input; return the base hands (hole cards + board) and the cards left to draw from.
fn prepare(
    holes: &[[Card; 2]],
    board: &[Card],
    dead: &[Card],
) -> Result<(Vec<Hand>, Vec<Card>), GameError> {
    if holes.len() < 2 || holes.len() > MAX_PLAYERS {
        return Err(GameError::bet(
            "holes",
            format!("{} players; equity takes 2–{MAX_PLAYERS}", holes.len()),
        ));
    }
    if board.len() > 5 {
        return Err(GameError::bet(
            "board",
            format!("{} board cards; at most 5", board.len()),
        ));
    }
    let mut seen = Hand::new();
    for &c in holes.iter().flatten().chain(board).chain(dead) {
        if seen.contains(c) {
            return Err(GameError::bet("cards", format!("{c} appears twice")));
        }
        seen = seen.with(c);
    }
    let base = Hand::from_cards(board)?;
    let hands = holes.iter().map(|h| base.with(h[0]).with(h[1])).collect();
    let rest: Vec<Card> = (0..52u8)
        .filter_map(|i| Card::from_index(i).ok())
        .filter(|&c| !seen.contains(c))
        .collect();
    if rest.len() < 5 - board.len() {
        return Err(GameError::bet(
            "dead",
            "too many dead cards to complete the board",
        ));
    }
    Ok((hands, rest))
}

struct Tally {
    wins: Vec<u64>,
    ties: Vec<u64>,
    share: Vec<u64>,
    boards: u64,
}

impl Tally {
    fn new(n: usize) -> Tally {
        Tally {
            wins: alloc::vec![0; n],
            ties: alloc::vec![0; n],
            share: alloc::vec![0; n],
            boards: 0,
        }
    }

    /// Score one board whose cards are already in every player's hand.
    #[inline]
    fn score(&mut self, full: &[Hand], best: &mut [u16]) {
        let mut top = 0u16;
        for (b, h) in best.iter_mut().zip(full) {
            *b = h.rank().map_or(0, |r| r.value());
            top = top.max(*b);
        }
        let k = best.iter().filter(|&&v| v == top).count() as u64;
        for (i, &v) in best.iter().enumerate() {
            if v == top {
                if k == 1 {
                    self.wins[i] += 1;
                } else {
                    self.ties[i] += 1;
                }
                self.share[i] += SHARE_UNIT / k;
            }
        }
        self.boards += 1;
    }

    fn finish(self, exact: bool) -> Equity {
        let total = (self.boards * SHARE_UNIT) as f64;
        let players = (0..self.wins.len())
            .map(|i| PlayerEquity {
                wins: self.wins[i],
                ties: self.ties[i],
                equity: if total > 0.0 {
                    self.share[i] as f64 / total
                } else {
                    0.0
                },
                share_2520: self.share[i],
            })
            .collect();
        Equity {
            boards: self.boards,
            exact,
            players,
        }
    }
}

/// Exact equity: every completion of the board from the cards not held, on the board or dead.
///
/// At most `C(48, 5)` = 1,712,304 boards (two players, no board), which takes well under a
/// second.
///
/// # Errors
/// [`GameError::InvalidBet`] for fewer than 2 or more than 10 players, more than 5 board cards,
/// a repeated card, or too few cards left to complete the board.
pub fn equity_exact(
    holes: &[[Card; 2]],
    board: &[Card],
    dead: &[Card],
) -> Result<Equity, GameError> {
    let (hands, rest) = prepare(holes, board, dead)?;
    let need = 5 - board.len();
    let mut tally = Tally::new(hands.len());
    let mut best = alloc::vec![0u16; hands.len()];
    let mut idx: Vec<usize> = (0..need).collect();
    let n = rest.len();
    // Completions are added card by card to every base hand, so each board costs one lookup
    // per player.
    let mut bases = hands.clone();
    loop {
        for (b, h) in bases.iter_mut().zip(&hands) {
            *b = idx.iter().fold(*h, |acc, &i| acc.with(rest[i]));
        }
        tally.score(&bases, &mut best);
        // Next combination in lexicographic order.
        let mut k = need;
        loop {
            if k == 0 {
                return Ok(tally.finish(true));
            }
            k -= 1;
            if idx[k] < n - need + k {
                idx[k] += 1;
                for j in k + 1..need {
                    idx[j] = idx[j - 1] + 1;
                }
                break;
            }
        }
    }
}

/// Monte Carlo equity over `trials` random completions of the board (a partial Fisher–Yates
/// shuffle of the cards left, from `rng`).
///
/// # Errors
/// As [`equity_exact`], and [`GameError::InvalidBet`] for zero trials.
pub fn equity_monte_carlo<R: RandomSource>(
    holes: &[[Card; 2]],
    board: &[Card],
    dead: &[Card],
    trials: u64,
    rng: &mut Sampler<R>,
) -> Result<Equity, GameError> {
    if trials == 0 {
        return Err(GameError::bet("trials", "at least one trial"));
    }
    let (hands, mut rest) = prepare(holes, board, dead)?;
    let need = 5 - board.len();
    let mut tally = Tally::new(hands.len());
    let mut best = alloc::vec![0u16; hands.len()];
    let mut full = hands.clone();
    for _ in 0..trials {
        for i in 0..need {
            rng.shuffle_step(&mut rest, i)?;
        }
        for (f, h) in full.iter_mut().zip(&hands) {
            *f = (0..need).fold(*h, |acc, i| acc.with(rest[i]));
        }
        tally.score(&full, &mut best);
    }
    Ok(tally.finish(false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kingpin_rng::{ChaCha8Source, Profile};

    fn c(s: &str) -> Card {
        s.parse().unwrap()
    }

    #[test]
    fn river_is_decided() {
        let board = [c("2c"), c("3c"), c("4s"), c("9d"), c("Jh")];
        let e = equity_exact(&[[c("Ah"), c("Ad")], [c("Kh"), c("Kd")]], &board, &[]).unwrap();
        assert_eq!(e.boards, 1);
        assert_eq!(e.players[0].wins, 1);
        assert_eq!(e.players[0].equity, 1.0);
        // Board plays: a chop.
        let board = [c("Ac"), c("Kc"), c("Qs"), c("Jd"), c("Th")];
        let e = equity_exact(&[[c("2h"), c("3d")], [c("4h"), c("5d")]], &board, &[]).unwrap();
        assert_eq!((e.players[0].ties, e.players[1].ties), (1, 1));
        assert_eq!(e.players[0].equity, 0.5);
    }

    #[test]
    fn turn_counts_outs() {
        // Flush draw against a set on the turn: of the 9 hearts left, 9h fills the set up and
        // Kh makes quads, so 7 of the 44 rivers win and nothing else does.
        let board = [c("2h"), c("7h"), c("Kc"), c("9s")];
        let e = equity_exact(&[[c("Ah"), c("3h")], [c("Ks"), c("Kd")]], &board, &[]).unwrap();
        assert_eq!(e.boards, 44);
        assert_eq!(e.players[0].wins, 7);
        // A dead heart removes one out and one board.
        let e = equity_exact(
            &[[c("Ah"), c("3h")], [c("Ks"), c("Kd")]],
            &board,
            &[c("Qh")],
        )
        .unwrap();
        assert_eq!((e.boards, e.players[0].wins), (43, 6));
    }

    #[test]
    fn preflop_aa_vs_kk() {
        // Published (GNU poker-eval, AdAc vs KhKs, no shared suits): 1,388,072 wins,
        // 317,694 losses, 6,538 ties of 1,712,304 boards.
        let e = equity_exact(&[[c("Ah"), c("Ad")], [c("Ks"), c("Kc")]], &[], &[]).unwrap();
        assert_eq!(e.boards, 1_712_304);
        assert_eq!(
            (e.players[0].wins, e.players[1].wins, e.players[0].ties),
            (1_388_072, 317_694, 6_538)
        );
        let sum: u64 = e.players.iter().map(|p| p.share_2520).sum();
        assert_eq!(sum, 1_712_304 * 2520);
        assert!(
            (e.players[0].equity - 0.8126).abs() < 1e-4,
            "{}",
            e.players[0].equity
        );
        let mut rng = Sampler::new(ChaCha8Source::new(1, 0), Profile::Unbiased);
        let mc = equity_monte_carlo(
            &[[c("Ah"), c("Ad")], [c("Ks"), c("Kc")]],
            &[],
            &[],
            200_000,
            &mut rng,
        )
        .unwrap();
        assert!((mc.players[0].equity - e.players[0].equity).abs() < 0.005);
    }

    #[test]
    fn rejects_bad_input() {
        let aa = [c("Ah"), c("Ad")];
        assert!(equity_exact(&[aa], &[], &[]).is_err());
        assert!(equity_exact(&[aa, aa], &[], &[]).is_err());
        assert!(equity_exact(&[aa, [c("Ks"), c("Kc")]], &[c("Ah")], &[]).is_err());
        let six = [c("2c"), c("3c"), c("4c"), c("5c"), c("6c"), c("7c")];
        assert!(equity_exact(&[aa, [c("Ks"), c("Kc")]], &six, &[]).is_err());
        let mut rng = Sampler::new(ChaCha8Source::new(1, 0), Profile::Unbiased);
        assert!(equity_monte_carlo(&[aa, [c("Ks"), c("Kc")]], &[], &[], 0, &mut rng).is_err());
    }
}
