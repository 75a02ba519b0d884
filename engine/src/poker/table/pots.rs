//! Side pots, rake and exact splits: pure functions over what each player put in.

use alloc::vec::Vec;

/// One pot: its chips and the seats that may win it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pot {
    pub(crate) amount: u64,
    pub(crate) eligible: Vec<u8>,
}

/// Layer the contributions `(seat, chips put in, still in the hand)` into a main pot and side
/// pots, lowest level first. A layer between two contribution levels holds, from every player,
/// the part of their chips inside the layer; it is contested by the players still in the hand
/// who reached its top. A layer no live player reached (only folded players put chips in it,
/// e.g. the excess ante of a folded player over an all-in ante) was never contested: it goes
/// back to the players who put it in, returned as the second value `(seat, chips)`.
pub(crate) fn build_pots(contrib: &[(u8, u64, bool)]) -> (Vec<Pot>, Vec<(u8, u64)>) {
    let mut levels: Vec<u64> = contrib.iter().map(|c| c.1).filter(|&c| c > 0).collect();
    levels.sort_unstable();
    levels.dedup();
    let mut pots: Vec<Pot> = Vec::new();
    let mut returned: Vec<(u8, u64)> = Vec::new();
    let mut prev = 0;
    for &level in &levels {
        let part = |c: &(u8, u64, bool)| c.1.min(level) - c.1.min(prev);
        let amount: u64 = contrib.iter().map(part).sum();
        let eligible: Vec<u8> = contrib
            .iter()
            .filter(|c| c.2 && c.1 >= level)
            .map(|c| c.0)
            .collect();
        if eligible.is_empty() {
            for c in contrib.iter().filter(|c| part(c) > 0) {
                match returned.iter_mut().find(|r| r.0 == c.0) {
                    Some(r) => r.1 += part(c),
                    None => returned.push((c.0, part(c))),
                }
            }
        } else if let Some(p) = pots.last_mut().filter(|p| p.eligible == eligible) {
            // Same contenders as the pot below (a level only folded players stopped at).
            p.amount += amount;
        } else {
            pots.push(Pot { amount, eligible });
        }
        prev = level;
    }
    (pots, returned)
}

/// The rake of a hand: `floor(total × bps / 10,000)`, at most `cap`, and nothing when no flop
/// was dealt. Taken from the main pot first, then from each side pot in order.
pub(crate) fn take_rake(pots: &mut [Pot], bps: u32, cap: u64, flop_dealt: bool) -> u64 {
    if !flop_dealt {
        return 0;
    }
    let total: u64 = pots.iter().map(|p| p.amount).sum();
    let rake = ((u128::from(total) * u128::from(bps)) / 10_000) as u64;
    let rake = rake.min(cap);
    let mut left = rake;
    for p in pots.iter_mut() {
        let t = left.min(p.amount);
        p.amount -= t;
        left -= t;
    }
    rake
}

/// Split `amount` among `winners`, given in the order odd chips are handed out (clockwise from
/// the first seat after the button): each gets `floor(amount / k)`, and the first
/// `amount mod k` of them one chip more.
pub(crate) fn split(amount: u64, winners: &[u8]) -> Vec<(u8, u64)> {
    let k = winners.len() as u64;
    if k == 0 {
        return Vec::new();
    }
    let (share, odd) = (amount / k, amount % k);
    winners
        .iter()
        .enumerate()
        .map(|(i, &s)| (s, share + u64::from((i as u64) < odd)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn side_pots_layer_by_contribution() {
        // Seat 0 all-in 100, seat 1 all-in 300, seat 2 covers with 500, seat 3 folded 50.
        let (pots, returned) = build_pots(&[
            (0, 100, true),
            (1, 300, true),
            (2, 500, true),
            (3, 50, false),
        ]);
        assert!(returned.is_empty());
        assert_eq!(
            pots,
            vec![
                Pot {
                    amount: 350,
                    eligible: vec![0, 1, 2]
                },
                Pot {
                    amount: 400,
                    eligible: vec![1, 2]
                },
                Pot {
                    amount: 200,
                    eligible: vec![2]
                },
            ]
        );
        let total: u64 = pots.iter().map(|p| p.amount).sum();
        assert_eq!(total, 950);
    }

    #[test]
    fn uncontested_layers_go_back() {
        // Seat 1 put in 400 and folded; the live players reached 100 and 200.
        let (pots, returned) = build_pots(&[(0, 100, true), (1, 400, false), (2, 200, true)]);
        assert_eq!(
            pots,
            vec![
                Pot {
                    amount: 300,
                    eligible: vec![0, 2]
                },
                Pot {
                    amount: 200,
                    eligible: vec![2]
                },
            ]
        );
        assert_eq!(returned, vec![(1, 200)]);
        // A folded player's ante above an all-in ante.
        let (pots, returned) = build_pots(&[(0, 8, true), (1, 10, false)]);
        assert_eq!(
            pots,
            vec![Pot {
                amount: 16,
                eligible: vec![0]
            }]
        );
        assert_eq!(returned, vec![(1, 2)]);
    }

    #[test]
    fn rake_and_splits() {
        let mut pots = vec![
            Pot {
                amount: 90,
                eligible: vec![0, 1],
            },
            Pot {
                amount: 1000,
                eligible: vec![1],
            },
        ];
        assert_eq!(take_rake(&mut pots.clone(), 500, 300, false), 0);
        assert_eq!(take_rake(&mut pots, 1000, 100, true), 100);
        assert_eq!((pots[0].amount, pots[1].amount), (0, 990));
        assert_eq!(split(101, &[4, 1, 2]), vec![(4, 34), (1, 34), (2, 33)]);
        assert_eq!(split(7, &[3]), vec![(3, 7)]);
    }
}
