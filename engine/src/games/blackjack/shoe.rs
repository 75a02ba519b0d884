//! A compact lazily shuffled shoe: the same cards as [`crate::cards::Shoe`], draw for draw,
//! without materialising the 52·d cards.
//!
//! The front-to-back Fisher–Yates shuffle of the ordered shoe fixes position `i` at step `i` by
//! swapping it with `j = i + index_below(52·d − i)`. After `k` steps only the positions touched
//! by a swap differ from the ordered shoe, so the shoe is stored as the number of cards dealt
//! plus the short list of displaced positions (at most one per card dealt). Position `p` of the
//! ordered shoe holds `Card::from_index(p mod 52)`.

use kingpin_rng::{RandomSource, Sampler};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::GameError;
use crate::cards::{Card, DeckMode};

/// A shoe dealt lazily, stored compactly (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "ShoeRecord")]
pub struct CompactShoe {
    mode: DeckMode,
    dealt: u16,
    /// `(position, card)` for positions at or after `dealt` whose card differs from the ordered
    /// shoe, in the order they were first displaced (inline up to 8 entries — at most one per
    /// card dealt — so no allocation in an ordinary round).
    displaced: SmallVec<[(u16, Card); 8]>,
    /// Bit `p mod 64` is set for every displaced position `p` (kept exact: recomputed when an
    /// entry leaves), so most look-ups miss without scanning `displaced`. Derived from
    /// `displaced`: not serialized.
    #[serde(skip_serializing)]
    filter: u64,
}

/// The serialized fields of a [`CompactShoe`] (the filter is rebuilt from them).
#[derive(Deserialize)]
#[serde(rename = "CompactShoe")]
struct ShoeRecord {
    mode: DeckMode,
    dealt: u16,
    displaced: SmallVec<[(u16, Card); 8]>,
}

impl From<ShoeRecord> for CompactShoe {
    fn from(r: ShoeRecord) -> CompactShoe {
        CompactShoe {
            filter: filter_of(&r.displaced),
            mode: r.mode,
            dealt: r.dealt,
            displaced: r.displaced,
        }
    }
}

/// The filter bit of position `pos`.
#[inline]
fn bit(pos: u16) -> u64 {
    1 << (pos % 64)
}

/// The filter of a displaced list.
fn filter_of(displaced: &[(u16, Card)]) -> u64 {
    displaced.iter().fold(0, |f, &(p, _)| f | bit(p))
}

impl CompactShoe {
    /// A fresh shoe.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] for a bad number of decks.
    #[inline]
    pub fn new(mode: DeckMode) -> Result<CompactShoe, GameError> {
        mode.validate("decks")?;
        Ok(CompactShoe {
            mode,
            dealt: 0,
            displaced: SmallVec::new(),
            filter: 0,
        })
    }

    /// The card at position `pos` (at or after `dealt`), and its slot in `displaced` if it
    /// is displaced.
    #[inline]
    fn at(&self, pos: u16) -> (Card, Option<usize>) {
        if self.filter & bit(pos) != 0 {
            if let Some(k) = self.displaced.iter().position(|(p, _)| *p == pos) {
                return (self.displaced[k].1, Some(k));
            }
        }
        (Card::from_index_wrapping(pos), None)
    }

    /// Forget the displaced entry in slot `k` (its position is dealt).
    #[cold]
    fn forget(&mut self, k: usize) {
        self.displaced.remove(k);
        self.filter = filter_of(&self.displaced);
    }

    /// The next card.
    ///
    /// # Errors
    /// [`GameError::IllegalAction`] if a finite shoe is empty.
    #[inline]
    pub fn deal<R: RandomSource>(&mut self, rng: &mut Sampler<R>) -> Result<Card, GameError> {
        self.next_card(rng).ok_or_else(empty_shoe)
    }

    /// [`CompactShoe::deal`] with a small return value (passed in registers): `None` if a
    /// finite shoe is empty. Nothing is drawn then; the draw itself cannot fail, its range
    /// being never empty.
    #[inline]
    pub(crate) fn next_card<R: RandomSource>(&mut self, rng: &mut Sampler<R>) -> Option<Card> {
        let DeckMode::Decks(decks) = self.mode else {
            self.dealt = self.dealt.saturating_add(1);
            return Some(Card::from_index_wrapping(rng.index_below(52).ok()? as u16));
        };
        let i = self.dealt;
        let len = 52 * u16::from(decks);
        if i >= len {
            return None;
        }
        let j = i + rng.index_below(u32::from(len - i)).ok()? as u16;
        let (card_j, slot_j) = self.at(j);
        if j != i {
            // Position `j` now holds the card of position `i`.
            let (card_i, slot_i) = self.at(i);
            match slot_j {
                Some(k) => self.displaced[k].1 = card_i,
                None => {
                    self.displaced.push((j, card_i));
                    self.filter |= bit(j);
                }
            }
            // Position `i` is dealt: forget it (positions are unique; the others keep their
            // order, which is part of the serialized state).
            if let Some(k) = slot_i {
                self.forget(k);
            }
        } else if let Some(k) = slot_j {
            self.forget(k);
        }
        self.dealt += 1;
        Some(card_j)
    }

    /// Cards dealt so far.
    pub fn dealt(&self) -> usize {
        usize::from(self.dealt)
    }
}

/// The error of an empty shoe.
#[cold]
fn empty_shoe() -> GameError {
    GameError::IllegalAction("the shoe is empty".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cards::Shoe;
    use kingpin_rng::{ChaCha8Source, Profile};

    #[test]
    fn deals_exactly_like_the_shared_shoe() {
        for decks in [1u8, 2, 6, 8] {
            for seed in 0..20 {
                let mode = DeckMode::Decks(decks);
                let mut a = Shoe::new(mode).unwrap();
                let mut b = CompactShoe::new(mode).unwrap();
                let mut ra = Sampler::new(ChaCha8Source::new(seed, 0), Profile::Unbiased);
                let mut rb = ra.clone();
                let n = if seed == 0 {
                    52 * usize::from(decks)
                } else {
                    40
                };
                for _ in 0..n {
                    assert_eq!(a.deal(&mut ra).unwrap(), b.deal(&mut rb).unwrap());
                }
                if seed == 0 {
                    assert!(b.deal(&mut rb).is_err());
                }
            }
        }
        let mut a = Shoe::new(DeckMode::Infinite).unwrap();
        let mut b = CompactShoe::new(DeckMode::Infinite).unwrap();
        let mut ra = Sampler::new(ChaCha8Source::new(3, 0), Profile::StakeCompatible);
        let mut rb = ra.clone();
        for _ in 0..100 {
            assert_eq!(a.deal(&mut ra).unwrap(), b.deal(&mut rb).unwrap());
        }
    }
}
