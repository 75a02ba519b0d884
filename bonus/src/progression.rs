//! VIP progression: experience from weighted wagering, data-defined levels, rakeback and
//! level-up bonuses.
//!
//! # Rules
//!
//! - A stake `s` on a game of weight `w` (the progression's own [`GameWeights`]) earns
//!   `s × w / xp_per` experience points, counted exactly: the fraction below one point is
//!   carried to the next bet, never lost.
//! - Levels are reached in order when XP reaches their threshold; every level crossed by one
//!   bet is reported, each with its level-up bonus (a [`Promotion`] started with
//!   [`Promotion::award`]).
//! - Rakeback accrues on the *theoretical* loss of each bet: `stake × house edge × rakeback %`
//!   of the player's level at the time of the bet. It is counted in millionths of a minor unit
//!   (the only rounding: under one millionth of a minor unit per bet, in the house's favour) and
//!   paid in whole minor units by [`PlayerProgress::claim_rakeback`], the rest carried.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use kingpin_units::{Amount, Multiplier, UnitsError};
use serde::{Deserialize, Serialize};

use crate::percent::BP_PER_WHOLE;
use crate::transfer::push;
use crate::{AccountKind, BonusError, GameWeights, Percent, Promotion, Reason, TransferIntent};

/// Millionths of a minor unit per minor unit (the rakeback accrual unit).
const MICRO: u128 = 1_000_000;

/// One VIP level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VipLevel {
    /// Display name.
    pub name: String,
    /// XP needed to reach it (the first level's is 0).
    pub xp: u64,
    /// Rakeback on the theoretical loss of bets made at this level.
    #[serde(default)]
    pub rakeback: Percent,
    /// The bonus started when the level is reached.
    #[serde(default)]
    pub level_up_bonus: Option<Promotion>,
    /// Crystal Garden plots at this level.
    #[serde(default = "one")]
    pub garden_plots: u32,
}

fn one() -> u32 {
    1
}

/// The progression scheme.
///
/// ```
/// use kingpin_bonus::progression::{PlayerProgress, Progression};
/// use kingpin_units::{Amount, Multiplier};
///
/// let p: Progression = toml::from_str(r#"
///     xp_per = 100            # 1 XP per 1.00 of weighted stake
///     weights = { games = { roulette = 10 } }
///     [[levels]]
///     name = "Bronze"
///     xp = 0
///     [[levels]]
///     name = "Silver"
///     xp = 50
///     rakeback = 5
/// "#).unwrap();
/// p.validate()?;
/// let mut me = PlayerProgress::default();
/// let edge = Multiplier::parse("0.01")?;
/// let up = p.record_bet(&mut me, "slots", Amount::from_minor(5_000), edge)?;
/// assert_eq!((up.xp_gained, me.level()), (50, 1));
/// assert_eq!(up.level_ups[0].name, "Silver");
/// p.record_bet(&mut me, "slots", Amount::from_minor(10_000), edge)?; // theoretical loss 100, 5 % back
/// let pay = me.claim_rakeback();
/// assert_eq!(pay[0].amount, Amount::from_minor(5));
/// # Ok::<(), kingpin_bonus::BonusError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progression {
    /// Weighted stake (minor units) per experience point.
    pub xp_per: Amount,
    /// Contribution weights for XP (excluded games earn none).
    #[serde(default)]
    pub weights: GameWeights,
    /// The levels, by increasing threshold; the first has threshold 0.
    pub levels: Vec<VipLevel>,
}

/// A level reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelUp {
    /// The level index.
    pub level: usize,
    /// Its name.
    pub name: String,
    /// Its level-up bonus, to start with [`Promotion::award`].
    pub bonus: Option<Promotion>,
}

/// What one bet did to the player's progress.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressUpdate {
    /// XP earned by the bet.
    pub xp_gained: u64,
    /// Levels reached, in order.
    pub level_ups: Vec<LevelUp>,
}

/// One player's progress (the host persists it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerProgress {
    xp: u64,
    xp_carry: u128,
    level: usize,
    rakeback_micro: u128,
}

impl PlayerProgress {
    /// Experience points.
    pub fn xp(&self) -> u64 {
        self.xp
    }

    /// The level index.
    pub fn level(&self) -> usize {
        self.level
    }

    /// Rakeback accrued and not yet paid, whole minor units.
    pub fn rakeback_due(&self) -> Amount {
        Amount::from_minor(u64::try_from(self.rakeback_micro / MICRO).unwrap_or(u64::MAX))
    }

    /// Add XP from outside wagering (a garden prize); reports levels reached.
    ///
    /// # Errors
    /// None today beyond a malformed scheme ([`Progression::validate`]).
    pub fn add_xp(&mut self, scheme: &Progression, xp: u64) -> Result<ProgressUpdate, BonusError> {
        scheme.validate()?;
        let mut next = self.clone();
        next.xp = next.xp.saturating_add(xp);
        let level_ups = next.climb(scheme);
        *self = next;
        Ok(ProgressUpdate {
            xp_gained: xp,
            level_ups,
        })
    }

    fn climb(&mut self, scheme: &Progression) -> Vec<LevelUp> {
        let mut ups = Vec::new();
        while let Some(l) = scheme.levels.get(self.level + 1) {
            if self.xp < l.xp {
                break;
            }
            self.level += 1;
            ups.push(LevelUp {
                level: self.level,
                name: l.name.clone(),
                bonus: l.level_up_bonus.clone(),
            });
        }
        ups
    }

    /// Pay the whole minor units of rakeback due (promotion budget to cash), carrying the rest.
    pub fn claim_rakeback(&mut self) -> Vec<TransferIntent> {
        let due = self.rakeback_due();
        self.rakeback_micro -= u128::from(due.minor()) * MICRO;
        let mut out = Vec::new();
        push(
            &mut out,
            AccountKind::PromoBudget,
            AccountKind::PlayerCash,
            due,
            Reason::Rakeback,
        );
        out
    }
}

impl Progression {
    /// Check the scheme.
    ///
    /// # Errors
    /// [`BonusError::InvalidDefinition`] with the field path.
    pub fn validate(&self) -> Result<(), BonusError> {
        if self.xp_per.is_zero() {
            return Err(BonusError::definition("xp_per", "must be above zero"));
        }
        let Some(first) = self.levels.first() else {
            return Err(BonusError::definition("levels", "needs at least one level"));
        };
        if first.xp != 0 {
            return Err(BonusError::definition("levels[0].xp", "must be 0"));
        }
        for (i, pair) in self.levels.windows(2).enumerate() {
            if pair[1].xp <= pair[0].xp {
                return Err(BonusError::definition(
                    format!("levels[{}].xp", i + 1),
                    "thresholds must increase",
                ));
            }
        }
        for (i, l) in self.levels.iter().enumerate() {
            if l.rakeback > Percent::HUNDRED {
                return Err(BonusError::definition(
                    format!("levels[{i}].rakeback"),
                    "at most 100",
                ));
            }
            if let Some(p) = &l.level_up_bonus {
                p.validate().map_err(|e| {
                    BonusError::definition(format!("levels[{i}].level_up_bonus"), e.to_string())
                })?;
            }
        }
        Ok(())
    }

    /// The level definition at `index` (the last one beyond the list).
    pub fn level(&self, index: usize) -> Option<&VipLevel> {
        self.levels.get(index).or_else(|| self.levels.last())
    }

    /// Record a settled bet: XP by weight, levels reached, rakeback on `stake × house_edge`.
    /// Validates first; on error nothing changes.
    ///
    /// # Errors
    /// [`BonusError::InvalidDefinition`] for an invalid scheme or a house edge above 1;
    /// [`BonusError::Units`] if the rakeback arithmetic overflows (an edge with a huge
    /// numerator on a huge stake); nothing changes then.
    pub fn record_bet(
        &self,
        player: &mut PlayerProgress,
        game: &str,
        stake: Amount,
        house_edge: Multiplier,
    ) -> Result<ProgressUpdate, BonusError> {
        self.validate()?;
        if house_edge > Multiplier::ONE {
            return Err(BonusError::definition("house_edge", "at most 1"));
        }
        let mut next = player.clone();
        let weight = self.weights.weight(game).unwrap_or(Percent::ZERO);
        let per_xp = u128::from(self.xp_per.minor()) * u128::from(BP_PER_WHOLE);
        next.xp_carry += weight.scaled(stake);
        let gained = u64::try_from(next.xp_carry / per_xp).unwrap_or(u64::MAX);
        next.xp_carry %= per_xp;
        next.xp = next.xp.saturating_add(gained);
        let rate = self
            .level(player.level)
            .map_or(Percent::ZERO, |l| l.rakeback);
        // stake × edge × rate, in millionths of a minor unit, rounded down.
        let overflow = || BonusError::Units(UnitsError::Overflow { op: "rakeback" });
        let num = u128::from(stake.minor())
            .checked_mul(u128::from(house_edge.numerator()))
            .and_then(|v| v.checked_mul(u128::from(rate.basis_points())))
            .and_then(|v| v.checked_mul(MICRO))
            .ok_or_else(overflow)?;
        let den = u128::from(house_edge.denominator()) * u128::from(BP_PER_WHOLE);
        next.rakeback_micro = next
            .rakeback_micro
            .checked_add(num / den)
            .ok_or_else(overflow)?;
        let level_ups = next.climb(self);
        *player = next;
        Ok(ProgressUpdate {
            xp_gained: gained,
            level_ups,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use proptest::prelude::*;

    fn scheme() -> Progression {
        let mut weights = GameWeights::default();
        weights
            .games
            .insert("blackjack".into(), Percent::whole(5).unwrap());
        weights.excluded.push("crash".into());
        Progression {
            xp_per: Amount::from_minor(100),
            weights,
            levels: vec![
                VipLevel {
                    name: "Bronze".into(),
                    xp: 0,
                    rakeback: Percent::ZERO,
                    level_up_bonus: None,
                    garden_plots: 1,
                },
                VipLevel {
                    name: "Silver".into(),
                    xp: 10,
                    rakeback: Percent::whole(10).unwrap(),
                    level_up_bonus: None,
                    garden_plots: 2,
                },
                VipLevel {
                    name: "Gold".into(),
                    xp: 20,
                    rakeback: Percent::whole(20).unwrap(),
                    level_up_bonus: None,
                    garden_plots: 3,
                },
            ],
        }
    }

    #[test]
    fn one_bet_can_cross_several_levels() {
        let s = scheme();
        let mut p = PlayerProgress::default();
        let u = s
            .record_bet(&mut p, "slots", Amount::from_minor(2_550), Multiplier::ZERO)
            .unwrap();
        assert_eq!(u.xp_gained, 25);
        assert_eq!(
            u.level_ups.iter().map(|l| l.level).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(p.xp_carry, 50 * 10_000);
        // Excluded games earn nothing; 5 % weights carry exactly.
        s.record_bet(
            &mut p,
            "crash",
            Amount::from_minor(1_000_000),
            Multiplier::ZERO,
        )
        .unwrap();
        assert_eq!(p.xp(), 25);
        for _ in 0..10 {
            s.record_bet(
                &mut p,
                "blackjack",
                Amount::from_minor(100),
                Multiplier::ZERO,
            )
            .unwrap();
        }
        assert_eq!(p.xp(), 26); // 50 carried + 10 × 5 = 100 minor units = 1 XP
    }

    #[test]
    fn rakeback_is_exact_to_a_millionth_and_paid_once() {
        let s = scheme();
        let mut p = PlayerProgress {
            level: 1,
            xp: 10,
            ..Default::default()
        };
        let edge = Multiplier::from_ratio(1, 37).unwrap(); // single-zero roulette
        for _ in 0..37 {
            // "crash" earns no XP: the player stays at Silver (10 %) throughout.
            s.record_bet(&mut p, "crash", Amount::from_minor(100), edge)
                .unwrap();
        }
        // 37 × 100 / 37 × 10 % = 10 minor units, less the floors (under 37 millionths).
        assert_eq!(p.rakeback_due(), Amount::from_minor(9));
        assert!(p.rakeback_micro > 9_999_900);
        let pay = p.claim_rakeback();
        assert_eq!(pay.len(), 1);
        assert!(p.claim_rakeback().is_empty());
        let before = p.clone();
        let huge = Multiplier::from_ratio(u64::MAX - 1, u64::MAX).unwrap();
        assert!(s.record_bet(&mut p, "crash", Amount::MAX, huge).is_err());
        assert_eq!(p, before);
        assert!(
            s.record_bet(
                &mut p,
                "slots",
                Amount::from_minor(1),
                Multiplier::from_int(2)
            )
            .is_err()
        );
    }

    #[test]
    fn schemes_are_validated() {
        let mut s = scheme();
        s.levels[2].xp = 10;
        assert!(
            s.validate()
                .unwrap_err()
                .to_string()
                .contains("levels[2].xp")
        );
        let mut s = scheme();
        s.levels[0].xp = 1;
        assert!(s.validate().is_err());
        let mut s = scheme();
        s.xp_per = Amount::ZERO;
        assert!(s.validate().is_err());
    }

    proptest! {
        #[test]
        fn xp_never_decreases_and_equals_weighted_total(stakes in proptest::collection::vec((0u64..10_000, 0usize..3), 0..50)) {
            let s = scheme();
            let mut p = PlayerProgress::default();
            let mut scaled = 0u128;
            for (stake, g) in stakes {
                let game = ["slots", "blackjack", "crash"][g];
                let before = p.xp();
                s.record_bet(&mut p, game, Amount::from_minor(stake), Multiplier::ZERO).unwrap();
                prop_assert!(p.xp() >= before);
                scaled += s.weights.weight(game).unwrap_or(Percent::ZERO).scaled(Amount::from_minor(stake));
                prop_assert_eq!(u128::from(p.xp()), scaled / 1_000_000);
                prop_assert!(p.level() <= 2);
            }
        }
    }
}
