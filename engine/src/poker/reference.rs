//! A slow, obviously-correct evaluator that the fast one is tested against: the best of every
//! 5-card subset, each classified by counting ranks and suits.

use alloc::vec::Vec;

use crate::cards::Card;
use crate::poker::Category;

/// `(category, tie-break ranks)` of the best 5-card hand in `cards` (5–7 cards); compares like
/// [`HandRank`](crate::poker::HandRank).
pub(crate) fn best(cards: &[Card]) -> (Category, [u8; 5]) {
    let n = cards.len();
    let mut best = None;
    for mask in 0u32..(1 << n) {
        if mask.count_ones() != 5 {
            continue;
        }
        let five: Vec<Card> = (0..n)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| cards[i])
            .collect();
        let v = five_card(&five);
        if best.is_none_or(|b| v > b) {
            best = Some(v);
        }
    }
    best.unwrap_or((Category::HighCard, [0; 5]))
}

fn five_card(five: &[Card]) -> (Category, [u8; 5]) {
    let flush = five.iter().all(|c| c.suit() == five[0].suit());
    let mut ranks: Vec<u8> = five.iter().map(|c| c.rank()).collect();
    ranks.sort_unstable_by(|a, b| b.cmp(a));
    let mut distinct = ranks.clone();
    distinct.dedup();
    let straight_top = if distinct.len() == 5 && ranks[0] - ranks[4] == 4 {
        Some(ranks[0])
    } else if ranks == [14, 5, 4, 3, 2] {
        Some(5)
    } else {
        None
    };
    // (count, rank) groups, biggest group first, then higher rank.
    let mut groups: Vec<(usize, u8)> = distinct
        .iter()
        .map(|&r| (ranks.iter().filter(|&&x| x == r).count(), r))
        .collect();
    groups.sort_unstable_by(|a, b| b.cmp(a));
    let mut tb = [0u8; 5];
    for (i, g) in groups.iter().enumerate() {
        tb[i] = g.1;
    }
    let sizes: Vec<usize> = groups.iter().map(|g| g.0).collect();
    let category = if let Some(top) = straight_top {
        tb = [top, 0, 0, 0, 0];
        if flush {
            Category::StraightFlush
        } else {
            Category::Straight
        }
    } else if sizes == [4, 1] {
        Category::FourOfAKind
    } else if sizes == [3, 2] {
        Category::FullHouse
    } else if flush {
        Category::Flush
    } else if sizes == [3, 1, 1] {
        Category::ThreeOfAKind
    } else if sizes == [2, 2, 1] {
        Category::TwoPair
    } else if sizes == [2, 1, 1, 1] {
        Category::OnePair
    } else {
        Category::HighCard
    };
    (category, tb)
}
