//! Exact RTP: closed form by combinatorics, and brute-force enumeration as the check.
//!
//! # Method
//!
//! Reels stop independently and uniformly, so for one spin:
//!
//! - **lines**: each line's win depends on one cell per reel; the distribution of the symbol
//!   in that cell is counted from the strip (expanding wilds included). A depth-first search
//!   over symbol *classes* reel by reel, cut as soon as the line's win is decided, sums
//!   `pay × probability` exactly; random wild multipliers enter through their expectation
//!   (sums are linear; products of independent draws multiply their means);
//! - **ways**: `∏ E[count on reel i] × P(reel k has none)`, by reel independence;
//! - **scatters**: the distribution of the scatter count is the convolution of each reel's
//!   count distribution; pays and free-spin awards are read from it;
//! - **free spins** form a branching process: a free spin wins `Y` and awards `A` more spins,
//!   so the expected total of one free spin and all its descendants is
//!   `E[G] = m·E[Y] / (1 − E[A])` (`m` the free-spin multiplier), and a round returns
//!   `E[X] + E[A₀]·E[G]`, split into the base part `E[X]` and the feature part.
//! - The second moment follows the same recursion:
//!   `E[G²] = (m²E[Y²] + 2mE[YA]E[G] + E[A(A−1)]E[G]²) / (1 − E[A])`; the per-spin moments
//!   come from the brute-force enumeration, so the standard deviation is reported there
//!   (with random wild multipliers only when they are summed on paylines without cascades:
//!   the win is then linear in each multiplier, and its variance adds
//!   `Σ Var(m)·(∂Y/∂m)²`).
//!
//! The brute force evaluates **every** stop combination of every reel set with the play code.
//! It also finds what no closed form here gives: the largest base-spin win and the exact
//! probability of a spin paying it (per reel set `count / combinations`, the sets weighted),
//! where a spin's win is fixed by its stops (not with random wild multipliers).
//! Neither method applies when a round's spins are not independent (sticky wilds) or when the
//! win cap can bind (the figure is then the uncapped RTP, an upper bound); cascades and
//! clusters have no closed form but enumerate exactly. The report says which case holds;
//! otherwise, simulate.
#![allow(clippy::needless_range_loop)] // reel/row loops index several parallel arrays

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

use super::definition::{Combine, WildRule};
use super::spin::{Grid, NONE, one_scale};
use super::{MAX_REELS, MAX_ROWS, Slot, Wins};
use crate::{GameError, Ratio};

/// The result of an RTP computation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RtpReport {
    /// The bet mode.
    pub mode: String,
    /// `"closed form"` or `"brute force"`.
    pub method: String,
    /// Whether `rtp` is exactly the game's RTP (false: an upper bound or not computed; see
    /// `notes`).
    pub exact: bool,
    /// RTP (total win / cost), if this method could compute it.
    pub rtp: Option<f64>,
    /// The same as an exact fraction.
    pub rtp_fraction: Option<String>,
    /// Part of the RTP won by the base spin.
    pub base_rtp: Option<f64>,
    /// Part won in free spins.
    pub feature_rtp: Option<f64>,
    /// Probability that a round plays free spins.
    pub feature_probability: Option<f64>,
    /// Expected free spins per round (retriggers included).
    pub free_spins_per_round: Option<f64>,
    /// Standard deviation of a round's return per unit of cost, where computable.
    pub std_dev: Option<f64>,
    /// Stop combinations evaluated (brute force only).
    pub combinations: u128,
    /// The largest win of a base spin over every stop combination, × the bet mode's cost
    /// (brute force only; `None` from the closed form, for a mode that starts in free spins,
    /// with random wild multipliers, or where the win cap can cut it: see `notes`).
    #[serde(default)]
    pub top_base_win: Option<f64>,
    /// The exact probability that a base spin pays exactly `top_base_win` (reel sets weighted
    /// by their weights); `1 / top_base_probability` spins is the "1 in N" of the top award.
    #[serde(default)]
    pub top_base_probability: Option<f64>,
    /// The same probability as an exact fraction `"n/d"`.
    #[serde(default)]
    pub top_base_probability_fraction: Option<String>,
    /// Why the figure is not exact or not computed, and other remarks.
    pub notes: Vec<String>,
    #[serde(skip)]
    value: Option<BigRational>,
}

impl RtpReport {
    /// The exact RTP as a [`Ratio`] when it fits in 128 bits.
    pub fn ratio(&self) -> Option<Ratio> {
        let v = self.value.as_ref()?;
        Some(Ratio::new(v.numer().to_u128()?, v.denom().to_u128()?))
    }

    /// The exact RTP as a big rational.
    pub fn value(&self) -> Option<&BigRational> {
        self.value.as_ref()
    }

    fn empty(mode: &str, method: &str, notes: Vec<String>) -> RtpReport {
        RtpReport {
            mode: mode.to_string(),
            method: method.to_string(),
            exact: false,
            rtp: None,
            rtp_fraction: None,
            base_rtp: None,
            feature_rtp: None,
            feature_probability: None,
            free_spins_per_round: None,
            std_dev: None,
            combinations: 0,
            top_base_win: None,
            top_base_probability: None,
            top_base_probability_fraction: None,
            notes,
            value: None,
        }
    }
}

fn big(n: u128) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

fn frac(n: u128, d: u128) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

fn f(x: &BigRational) -> f64 {
    let n = x.numer().to_f64().unwrap_or(f64::NAN);
    let d = x.denom().to_f64().unwrap_or(f64::NAN);
    if n.is_finite() && d.is_finite() {
        n / d
    } else {
        // Scale both down: keep the top 64 bits of each.
        let shift = x.denom().bits().max(x.numer().bits()).saturating_sub(900);
        let n = (x.numer() >> shift).to_f64().unwrap_or(f64::NAN);
        let d = (x.denom() >> shift).to_f64().unwrap_or(f64::NAN);
        n / d
    }
}

/// Moments of one spin in a mode (win `Y` in pay units before the free-spin multiplier,
/// award `A`).
#[derive(Clone, Debug)]
struct Moments {
    y: BigRational,
    a: BigRational,
    p_award: BigRational,
    second: Option<(BigRational, BigRational, BigRational)>, // E[Y²], E[YA], E[A²]
    /// The largest win `Y` over every stop combination and its probability, where the
    /// method knows it and a spin's win is fixed by its stops (no random multipliers).
    top: Option<(BigRational, BigRational)>,
}

impl Moments {
    fn zero() -> Moments {
        Moments {
            y: BigRational::zero(),
            a: BigRational::zero(),
            p_award: BigRational::zero(),
            second: Some((
                BigRational::zero(),
                BigRational::zero(),
                BigRational::zero(),
            )),
            top: Some((BigRational::zero(), BigRational::zero())),
        }
    }

    fn add_weighted(&mut self, w: &BigRational, o: &Moments) {
        self.y += w * &o.y;
        self.a += w * &o.a;
        self.p_award += w * &o.p_award;
        self.second = match (self.second.take(), &o.second) {
            (Some((y2, ya, a2)), Some((oy2, oya, oa2))) => {
                Some((y2 + w * oy2, ya + w * oya, a2 + w * oa2))
            }
            _ => None,
        };
        // The top win over reel sets: a set whose top is lower adds nothing; equal tops add
        // their weighted probabilities.
        self.top = match (self.top.take(), &o.top) {
            (Some((v, p)), Some((ov, op))) => Some(match ov.cmp(&v) {
                core::cmp::Ordering::Greater => (ov.clone(), w * op),
                core::cmp::Ordering::Equal => (v, p + w * op),
                core::cmp::Ordering::Less => (v, p),
            }),
            _ => None,
        };
    }
}

/// What stands in the way of an exact figure, per method.
struct Limits {
    closed_form: Vec<String>,
    brute_force: Vec<String>,
    inexact: Vec<String>,
}

fn limits(slot: &Slot) -> Limits {
    let mut l = Limits {
        closed_form: Vec::new(),
        brute_force: Vec::new(),
        inexact: Vec::new(),
    };
    if slot.cascade.is_some() {
        l.closed_form
            .push("cascades have no closed form: use the brute force or simulate".into());
    }
    if matches!(slot.wins, Wins::Clusters { .. }) {
        l.closed_form
            .push("cluster pays have no closed form: use the brute force or simulate".into());
    }
    if slot.sticky_mask != 0 && slot.free.is_some() {
        let msg = "sticky wilds make free spins depend on each other: simulate";
        l.closed_form.push(msg.into());
        l.brute_force.push(msg.into());
    }
    if let Some(cap) = slot.cap_units {
        if slot.free.is_some() || max_spin_bound(slot) >= cap {
            l.inexact.push(format!(
                "the win cap ({}× the bet) can bind: the figure is the uncapped RTP, an upper bound; simulate for the capped RTP",
                cap as f64 / slot.unit_den as f64
            ));
        }
    }
    l
}

/// An upper bound of one base spin's win, in pay units.
fn max_spin_bound(slot: &Slot) -> u64 {
    let max_pay = slot.pays.iter().copied().max().unwrap_or(0);
    let max_mult = slot
        .mults
        .iter()
        .flatten()
        .flatten()
        .flat_map(|t| t.values.iter().copied())
        .max()
        .unwrap_or(1)
        .max(2);
    let cells = (0..slot.reels).map(|r| slot.rows[r]).sum::<usize>() as u64;
    let wins = match &slot.wins {
        Wins::Lines { lines, .. } => lines.len() as u64 * 2,
        Wins::Ways => (0..slot.reels)
            .map(|r| slot.rows[r] as u64)
            .product::<u64>(),
        Wins::Clusters { .. } => cells,
    };
    max_pay
        .saturating_mul(wins)
        .saturating_mul(u64::from(max_mult).saturating_pow(slot.reels as u32))
        .saturating_mul(slot.cascade.as_ref().map_or(1, |c| {
            c.iter().copied().max().unwrap_or(1) * super::MAX_CASCADES as u64
        }))
}

/// Expected multiplier numerators per symbol in `mode` and the common scale `one`.
fn mult_expectations(slot: &Slot, mode: usize) -> Result<(Vec<u32>, u64, bool), GameError> {
    let mut one: u64 = 1;
    let mut random = false;
    for t in slot.mults[mode].iter().flatten() {
        let w: u64 = t.weights.iter().map(|&w| u64::from(w)).sum();
        let g = gcd(one, w);
        one = (one / g)
            .checked_mul(w)
            .filter(|&x| x <= u64::from(u32::MAX))
            .ok_or_else(|| GameError::config("symbols", "wild multiplier weights too diverse"))?;
        random |= t.values.len() > 1;
    }
    let mut a = vec![0u32; slot.kinds.len()];
    for (s, t) in slot.mults[mode].iter().enumerate() {
        if let Some(t) = t {
            let w: u64 = t.weights.iter().map(|&w| u64::from(w)).sum();
            let wv: u128 = t
                .values
                .iter()
                .zip(&t.weights)
                .map(|(&v, &w)| u128::from(v) * u128::from(w))
                .sum();
            let num = wv * u128::from(one / w);
            a[s] = u32::try_from(num)
                .map_err(|_| GameError::config("symbols", "wild multipliers too large"))?;
        }
    }
    Ok((a, one, random))
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The expected free spins one spin of `mode` (0 base, 1 free) awards with `table`, as a float
/// (used by validation, so computed with probabilities that cannot overflow).
pub(crate) fn expected_award(slot: &Slot, mode: usize, table: &[u32]) -> f64 {
    let Some(free) = &slot.free else { return 0.0 };
    let ms = &slot.modes[mode];
    let total: u64 = ms.weights.iter().map(|&w| u64::from(w)).sum();
    if total == 0 {
        return 0.0;
    }
    let mut e = 0.0;
    let mut g = Grid::empty();
    for (&set, &w) in ms.sets.iter().zip(&ms.weights) {
        let mut dist = vec![1.0f64];
        for r in 0..slot.reels {
            let l = slot.sets[set][r].len();
            let mut per = vec![0.0f64; slot.rows[r] + 1];
            for p in 0..l {
                slot.fill_reel(set, r, p, &mut g);
                let c = (0..slot.rows[r])
                    .filter(|&k| g.cells[r * MAX_ROWS + k] == free.trigger)
                    .count();
                per[c] += 1.0 / l as f64;
            }
            let mut next = vec![0.0f64; dist.len() + per.len() - 1];
            for (i, &a) in dist.iter().enumerate() {
                for (j, &b) in per.iter().enumerate() {
                    next[i + j] += a * b;
                }
            }
            dist = next;
        }
        let s: f64 = dist
            .iter()
            .enumerate()
            .map(|(c, &p)| p * f64::from(table.get(c).copied().unwrap_or(0)))
            .sum();
        e += w as f64 / total as f64 * s;
    }
    e
}

/// The most stop combinations a reel set may have for exact arithmetic (2^96).
const MAX_EXACT_COMBINATIONS: u128 = 1 << 96;

/// Refuse games whose used reel sets have too many stop combinations for 128-bit sums.
fn check_size(slot: &Slot, limit: u128) -> Result<(), GameError> {
    for ms in &slot.modes {
        for &set in &ms.sets {
            let n = slot.sets[set]
                .iter()
                .try_fold(1u128, |acc, s| acc.checked_mul(s.len() as u128));
            if n.is_none_or(|n| n > limit) {
                return Err(GameError::config(
                    format!("reel_sets.{}", slot.set_names[set]),
                    "too many stop combinations for exact arithmetic",
                ));
            }
        }
    }
    Ok(())
}

/// Distribution of the number of `sym` on the grid of reel set `set` (counts of stop
/// combinations).
fn count_distribution(slot: &Slot, set: usize, sym: u8) -> Vec<u128> {
    let mut dist = vec![1u128];
    let mut g = Grid::empty();
    for r in 0..slot.reels {
        let l = slot.sets[set][r].len();
        let mut per = vec![0u128; slot.rows[r] + 1];
        for p in 0..l {
            slot.fill_reel(set, r, p, &mut g);
            let c = (0..slot.rows[r])
                .filter(|&k| g.cells[r * MAX_ROWS + k] == sym)
                .count();
            per[c] += 1;
        }
        let mut next = vec![0u128; dist.len() + per.len() - 1];
        for (i, &a) in dist.iter().enumerate() {
            for (j, &b) in per.iter().enumerate() {
                next[i + j] += a * b;
            }
        }
        dist = next;
    }
    dist
}

fn overflow() -> GameError {
    GameError::config(
        "reel_sets",
        "the exact computation exceeds 128-bit integers for this game",
    )
}

struct LineSearch<'a> {
    slot: &'a Slot,
    dists: Vec<Vec<(u8, u128)>>,
    suffix: Vec<u128>,
    a: &'a [u32],
    one: u64,
    rule: WildRule,
    combine: Combine,
    exclude_full: bool,
}

impl LineSearch<'_> {
    fn run(
        &self,
        depth: usize,
        weight: u128,
        syms: &mut [u8; MAX_REELS],
        mult: &mut [u32; MAX_REELS],
    ) -> Option<u128> {
        let r = self.slot.reels;
        let mut acc: u128 = 0;
        for &(s, c) in &self.dists[depth] {
            syms[depth] = s;
            mult[depth] = self.a[usize::from(s)];
            let w = weight.checked_mul(c)?;
            if depth + 1 == r || !self.slot.line_open(&syms[..=depth]) {
                for j in depth + 1..r {
                    syms[j] = NONE;
                    mult[j] = 0;
                }
                let (v, n, _) =
                    self.slot
                        .line_win(&syms[..r], &mult[..r], self.one, self.rule, self.combine);
                if v == 0 || (self.exclude_full && n == r) {
                    continue;
                }
                let term = w
                    .checked_mul(self.suffix[depth + 1])?
                    .checked_mul(u128::from(v))?;
                acc = acc.checked_add(term)?;
            } else {
                acc = acc.checked_add(self.run(depth + 1, w, syms, mult)?)?;
            }
        }
        Some(acc)
    }
}

/// Per-cell symbol distributions of a reel set: `[reel][row] → [(symbol, stops)]`.
fn cell_distributions(slot: &Slot, set: usize) -> Vec<Vec<Vec<(u8, u128)>>> {
    let mut out = Vec::new();
    let mut g = Grid::empty();
    for r in 0..slot.reels {
        let l = slot.sets[set][r].len();
        let mut counts = vec![vec![0u128; slot.kinds.len()]; slot.rows[r]];
        for p in 0..l {
            slot.fill_reel(set, r, p, &mut g);
            for (k, row) in counts.iter_mut().enumerate() {
                row[usize::from(g.cells[r * MAX_ROWS + k])] += 1;
            }
        }
        out.push(
            counts
                .into_iter()
                .map(|row| {
                    row.into_iter()
                        .enumerate()
                        .filter(|(_, c)| *c > 0)
                        .map(|(s, c)| (s as u8, c))
                        .collect()
                })
                .collect(),
        );
    }
    out
}

/// Closed-form moments of one spin of reel set `set` in `mode`.
fn set_moments_closed(
    slot: &Slot,
    set: usize,
    mode: usize,
    a: &[u32],
    one: u64,
) -> Result<Moments, GameError> {
    let lens: Vec<u128> = (0..slot.reels)
        .map(|r| slot.sets[set][r].len() as u128)
        .collect();
    let n: u128 = lens.iter().product();
    let scale = u128::from(one_scale(slot, one));
    // Line or ways win numerator over n × scale.
    let mut wins: u128 = 0;
    match &slot.wins {
        Wins::Lines {
            lines,
            both_ways,
            rule,
            combine,
        } => {
            let cells = cell_distributions(slot, set);
            for line in lines {
                for reverse in [false, true] {
                    if reverse && !both_ways {
                        continue;
                    }
                    let order: Vec<usize> = if reverse {
                        (0..slot.reels).rev().collect()
                    } else {
                        (0..slot.reels).collect()
                    };
                    let dists = order
                        .iter()
                        .map(|&r| cells[r][usize::from(line[r]) % MAX_ROWS].clone())
                        .collect();
                    let mut suffix = vec![1u128; slot.reels + 1];
                    for k in (0..slot.reels).rev() {
                        suffix[k] = suffix[k + 1] * lens[order[k]];
                    }
                    let search = LineSearch {
                        slot,
                        dists,
                        suffix,
                        a,
                        one,
                        rule: *rule,
                        combine: *combine,
                        exclude_full: reverse,
                    };
                    let mut syms = [NONE; MAX_REELS];
                    let mut mult = [0u32; MAX_REELS];
                    let v = search
                        .run(0, 1, &mut syms, &mut mult)
                        .ok_or_else(overflow)?;
                    wins = wins.checked_add(v).ok_or_else(overflow)?;
                }
            }
        }
        Wins::Ways => {
            let mut g = Grid::empty();
            // sums[r][s] = Σ over stops of the count of s-or-substituting-wild; zeros[r][s].
            let mut sums = vec![vec![0u128; slot.kinds.len()]; slot.reels];
            let mut zeros = vec![vec![0u128; slot.kinds.len()]; slot.reels];
            for r in 0..slot.reels {
                for p in 0..slot.sets[set][r].len() {
                    slot.fill_reel(set, r, p, &mut g);
                    for &s in &slot.payers {
                        let c = (0..slot.rows[r])
                            .filter(|&k| {
                                let x = g.cells[r * MAX_ROWS + k];
                                x == s
                                    || (slot.is_wild(x) && slot.subst[usize::from(x)] >> s & 1 == 1)
                            })
                            .count() as u128;
                        sums[r][usize::from(s)] += c;
                        zeros[r][usize::from(s)] += u128::from(c == 0);
                    }
                }
            }
            for &s in &slot.payers {
                let s = usize::from(s);
                let mut prefix: u128 = 1;
                for k in 1..=slot.reels {
                    prefix = prefix.checked_mul(sums[k - 1][s]).ok_or_else(overflow)?;
                    let rest: u128 = if k < slot.reels {
                        zeros[k][s] * lens[k + 1..].iter().product::<u128>()
                    } else {
                        1
                    };
                    let p = u128::from(slot.pays[s * super::PAY_STRIDE + k]);
                    let term = prefix
                        .checked_mul(rest)
                        .and_then(|x| x.checked_mul(p))
                        .ok_or_else(overflow)?;
                    wins = wins.checked_add(term).ok_or_else(overflow)?;
                }
            }
        }
        Wins::Clusters { .. } => return Err(overflow()),
    }
    let mut y = BigRational::new(BigInt::from(wins), BigInt::from(n) * BigInt::from(scale));
    let mut a_e = BigRational::zero();
    let mut p_award = BigRational::zero();
    for &s in &slot.scatters {
        let dist = count_distribution(slot, set, s);
        let mut pay: u128 = 0;
        for (c, &k) in dist.iter().enumerate() {
            pay = k
                .checked_mul(u128::from(slot.pay(s, c.min(super::MAX_CELLS))))
                .and_then(|x| pay.checked_add(x))
                .ok_or_else(overflow)?;
        }
        y += frac(pay, n);
        if let Some(fr) = &slot.free {
            if fr.trigger == s {
                let table = if mode == 1 { &fr.retrigger } else { &fr.awards };
                let mut e: u128 = 0;
                let mut p: u128 = 0;
                for (c, &k) in dist.iter().enumerate() {
                    let aw = u128::from(table.get(c).copied().unwrap_or(0));
                    e = k
                        .checked_mul(aw)
                        .and_then(|x| e.checked_add(x))
                        .ok_or_else(overflow)?;
                    if aw > 0 {
                        p += k;
                    }
                }
                a_e = frac(e, n);
                p_award = frac(p, n);
            }
        }
    }
    if mode == 1 {
        if let Some(fr) = &slot.free {
            y *= big(u128::from(fr.multiplier));
        }
    }
    Ok(Moments {
        y,
        a: a_e,
        p_award,
        second: None,
        top: None,
    })
}

type SetFn<'a> = dyn Fn(usize, usize) -> Result<Moments, GameError> + 'a;

fn mode_moments(slot: &Slot, mode: usize, per_set: &SetFn<'_>) -> Result<Moments, GameError> {
    let ms = &slot.modes[mode];
    let total: u128 = ms.weights.iter().map(|&w| u128::from(w)).sum();
    let mut m = Moments::zero();
    for (&set, &w) in ms.sets.iter().zip(&ms.weights) {
        let s = per_set(set, mode)?;
        m.add_weighted(&frac(u128::from(w), total), &s);
    }
    Ok(m)
}

/// Combine spin moments into the round's RTP report.
#[allow(clippy::too_many_arguments)] // one private call site per method; a struct would add nothing
fn combine(
    slot: &Slot,
    mode_name: &str,
    method: &str,
    base: Option<Moments>,
    free: Option<Moments>,
    buy: Option<&super::MultTable>,
    cost: u64,
    mut notes: Vec<String>,
    exact: bool,
) -> RtpReport {
    let d = big(u128::from(slot.unit_den) * u128::from(cost));
    if free.as_ref().is_some_and(|fm| fm.a >= BigRational::one()) {
        // Validation rejects this; kept so no input can divide by zero.
        notes.push("free spins retrigger at least once per spin on average: no finite RTP".into());
        return RtpReport::empty(mode_name, method, notes);
    }
    // E[G], E[G²] of one free spin with its descendants (the free-spin multiplier is in Y).
    let (eg, eg2) = match &free {
        Some(fm) => {
            let q = BigRational::one() - &fm.a;
            let eg = &fm.y / &q;
            let eg2 = fm.second.as_ref().map(|(y2, ya, a2)| {
                let aa1 = a2 - &fm.a;
                (y2 + big(2) * ya * &eg + aa1 * &eg * &eg) / &q
            });
            (eg, eg2)
        }
        None => (BigRational::zero(), Some(BigRational::zero())),
    };
    let (a0, a0_2, p_feature, base_y, base_second) = match (&base, buy) {
        (_, Some(t)) => {
            let w: u128 = t.weights.iter().map(|&w| u128::from(w)).sum();
            let e: u128 = t
                .values
                .iter()
                .zip(&t.weights)
                .map(|(&v, &w)| u128::from(v) * u128::from(w))
                .sum();
            let e2: u128 = t
                .values
                .iter()
                .zip(&t.weights)
                .map(|(&v, &w)| u128::from(v) * u128::from(v) * u128::from(w))
                .sum();
            (
                frac(e, w),
                frac(e2, w),
                BigRational::one(),
                BigRational::zero(),
                Some((BigRational::zero(), BigRational::zero())),
            )
        }
        (Some(b), None) => {
            let second = b
                .second
                .as_ref()
                .map(|(y2, ya, _)| (y2.clone(), ya.clone()));
            let a2 = b
                .second
                .as_ref()
                .map(|(_, _, a2)| a2.clone())
                .unwrap_or_else(BigRational::zero);
            (b.a.clone(), a2, b.p_award.clone(), b.y.clone(), second)
        }
        (None, None) => (
            BigRational::zero(),
            BigRational::zero(),
            BigRational::zero(),
            BigRational::zero(),
            None,
        ),
    };
    let feature = &a0 * &eg;
    let total = &base_y + &feature;
    let rtp = &total / &d;
    let spins = match &free {
        Some(fm) => &a0 / (BigRational::one() - &fm.a),
        None => BigRational::zero(),
    };
    let std_dev = match (base_second, eg2) {
        (Some((x2, xa)), Some(eg2)) => {
            let et2 = x2 + big(2) * xa * &eg + &a0 * &eg2 + (&a0_2 - &a0) * &eg * &eg;
            let var = et2 - &total * &total;
            Some(libm::sqrt(f(&var).max(0.0)) / f(&d))
        }
        _ => None,
    };
    if std_dev.is_none() && method == "brute force" {
        notes.push("random wild multipliers: the standard deviation needs simulation".into());
    }
    let top = match (&base, buy) {
        (Some(b), None) => match &b.top {
            Some((v, p)) => match slot.cap_units {
                // Above the cap a spin pays the cap, whose odds count every spin beyond it.
                Some(cap) if *v > big(u128::from(cap)) => {
                    notes.push(
                        "the top base award exceeds the win cap: its odds need simulation".into(),
                    );
                    None
                }
                _ => Some((v / &d, p.clone())),
            },
            None => {
                if method == "brute force" {
                    notes.push(
                        "random wild multipliers: the top base award and its odds need simulation"
                            .into(),
                    );
                }
                None
            }
        },
        _ => None,
    };
    RtpReport {
        mode: mode_name.to_string(),
        method: method.to_string(),
        exact,
        rtp: Some(f(&rtp)),
        rtp_fraction: Some(rtp.to_string()),
        base_rtp: Some(f(&(&base_y / &d))),
        feature_rtp: Some(f(&(&feature / &d))),
        feature_probability: Some(f(&p_feature)),
        free_spins_per_round: Some(f(&spins)),
        std_dev,
        combinations: 0,
        top_base_win: top.as_ref().map(|(v, _)| f(v)),
        top_base_probability: top.as_ref().map(|(_, p)| f(p)),
        top_base_probability_fraction: top.as_ref().map(|(_, p)| p.to_string()),
        notes,
        value: Some(rtp),
    }
}

/// The exact RTP of bet mode `mode` by combinatorics (no enumeration): lines and ways from
/// symbol counts per reel, scatters from the count distribution, free spins by the
/// branching-process expectation.
///
/// Where no closed form applies (cascades, clusters, sticky wilds) the report has no `rtp`
/// and says why in `notes`; where the win cap can bind, `exact` is false and `rtp` is the
/// uncapped upper bound.
///
/// # Errors
/// [`GameError::InvalidBet`] for an unknown mode; [`GameError::InvalidConfig`] if the exact
/// sums exceed 128-bit integers.
pub fn exact(slot: &Slot, mode: &str) -> Result<RtpReport, GameError> {
    let m = slot
        .mode_index(mode)
        .ok_or_else(|| GameError::bet("params.mode", format!("unknown bet mode {mode:?}")))?;
    check_size(slot, MAX_EXACT_COMBINATIONS)?;
    let lim = limits(slot);
    if !lim.closed_form.is_empty() {
        return Ok(RtpReport::empty(mode, "closed form", lim.closed_form));
    }
    let per_set = |set: usize, mode: usize| -> Result<Moments, GameError> {
        let (a, one, _) = mult_expectations(slot, mode)?;
        set_moments_closed(slot, set, mode, &a, one)
    };
    let bm = &slot.bet_modes[m];
    let base = if bm.buy.is_none() {
        Some(mode_moments(slot, 0, &per_set)?)
    } else {
        None
    };
    let free = match &slot.free {
        Some(_) => Some(mode_moments(slot, 1, &per_set)?),
        None => None,
    };
    let exact = lim.inexact.is_empty();
    Ok(combine(
        slot,
        mode,
        "closed form",
        base,
        free,
        bm.buy.as_ref(),
        bm.cost,
        lim.inexact,
        exact,
    ))
}

/// Every stop combination of reel set `set` in `mode`, evaluated with the play code, on
/// `threads` threads: the exact spin moments.
#[cfg(feature = "std")]
fn set_moments_brute(
    slot: &Slot,
    set: usize,
    mode: usize,
    threads: usize,
    combos: &core::sync::atomic::AtomicU64,
) -> Result<Moments, GameError> {
    use std::sync::Mutex;
    let (a, one, random) = mult_expectations(slot, mode)?;
    // Random multipliers summed on paylines (no cascades): a spin's win is linear in each
    // wild's multiplier, so E[Y² | stops] = E[Y | stops]² + Σ_cells Var(m)·(∂Y/∂m)², with the
    // derivative measured by one more evaluation per multiplied wild.
    let random_syms: Vec<bool> = slot.mults[mode]
        .iter()
        .map(|t| t.as_ref().is_some_and(|t| t.values.len() > 1))
        .collect();
    let linear = random
        && slot.cascade.is_none()
        && matches!(
            slot.wins,
            Wins::Lines {
                combine: Combine::Sum,
                ..
            }
        );
    let free = mode == 1;
    // Modes without wild multipliers on paylines: the compiled evaluator (linear needs
    // random multipliers, so the two never meet).
    let fast = slot
        .fast_mode(mode)
        .filter(|_| !linear && a.iter().all(|&x| x == 0));
    let r = slot.reels;
    let lens: Vec<usize> = (0..r).map(|k| slot.sets[set][k].len()).collect();
    let n: u128 = lens.iter().map(|&l| l as u128).product();
    let scale = u128::from(one_scale(slot, one));
    let total = Mutex::new((
        0u128,
        0u128,
        0u128,
        Some((0u128, 0u128, 0u128)),
        0u128,
        0u64,
    ));
    let slopes = Mutex::new(Some(vec![0u128; slot.kinds.len()]));
    let next = core::sync::atomic::AtomicUsize::new(0);
    let failed = core::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                let mut slope2: Option<Vec<u128>> = linear.then(|| vec![0u128; slot.kinds.len()]);
                let mut sums = Sums::default();
                let mut g = Grid::empty();
                g.any_mult = a.iter().any(|&x| x > 0);
                let mut stops = [0usize; MAX_REELS];
                loop {
                    let p0 = next.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
                    if p0 >= lens[0] {
                        break;
                    }
                    if let Some(fast) = fast {
                        // The compiled line evaluator (equal to the play code; see fast.rs).
                        fast.enumerate(slot, set, free, p0, |y, aw| {
                            sums.add(u128::from(y), u128::from(aw));
                        });
                        continue;
                    }
                    stops[..r].fill(0);
                    stops[0] = p0;
                    for k in 0..r {
                        fill_with_mults(slot, set, k, stops[k], &mut g, &a);
                    }
                    loop {
                        let mut top = stops;
                        let out = if slot.cascade.is_some() {
                            let mut h = g.clone();
                            slot.evaluate(
                                set,
                                &mut h,
                                free,
                                one,
                                &mut top[..r],
                                |h: &mut Grid, fresh| {
                                    if !h.any_mult {
                                        return Ok(());
                                    }
                                    for i in 0..super::MAX_CELLS {
                                        if fresh >> i & 1 == 1 {
                                            h.mult[i] = a
                                                .get(usize::from(h.cells[i]))
                                                .copied()
                                                .unwrap_or(0);
                                        }
                                    }
                                    Ok(())
                                },
                                None,
                            )
                        } else {
                            slot.evaluate(
                                set,
                                &mut g,
                                free,
                                one,
                                &mut top[..r],
                                |_: &mut Grid, _| Ok(()),
                                None,
                            )
                        };
                        let Ok(out) = out else {
                            failed.store(true, core::sync::atomic::Ordering::Relaxed);
                            return;
                        };
                        let y = u128::from(out.units);
                        let aw = u128::from(out.awards);
                        if let Some(acc) = slope2.as_mut() {
                            for i in 0..super::MAX_CELLS {
                                let s = usize::from(g.cells[i]);
                                if !random_syms.get(s).copied().unwrap_or(false) {
                                    continue;
                                }
                                let saved = g.mult[i];
                                g.mult[i] = saved.saturating_add(one as u32);
                                let mut top2 = stops;
                                let up = slot.evaluate(
                                    set,
                                    &mut g,
                                    free,
                                    one,
                                    &mut top2[..r],
                                    |_: &mut Grid, _| Ok(()),
                                    None,
                                );
                                g.mult[i] = saved;
                                let Ok(up) = up else {
                                    failed.store(true, core::sync::atomic::Ordering::Relaxed);
                                    return;
                                };
                                let d = u128::from(up.units.saturating_sub(out.units));
                                match d.checked_mul(d).and_then(|q| acc[s].checked_add(q)) {
                                    Some(v) => acc[s] = v,
                                    None => {
                                        slope2 = None;
                                        break;
                                    }
                                }
                            }
                        }
                        sums.add(y, aw);
                        // Odometer over reels 1..r (reel 0 is this thread's slice).
                        let mut k = r - 1;
                        loop {
                            if k == 0 {
                                break;
                            }
                            stops[k] += 1;
                            if stops[k] < lens[k] {
                                fill_with_mults(slot, set, k, stops[k], &mut g, &a);
                                break;
                            }
                            stops[k] = 0;
                            fill_with_mults(slot, set, k, 0, &mut g, &a);
                            k -= 1;
                        }
                        if k == 0 {
                            break;
                        }
                    }
                }
                let Sums {
                    sy,
                    sa,
                    sp,
                    second,
                    count,
                    max,
                    at_max,
                } = sums;
                combos.fetch_add(count, core::sync::atomic::Ordering::Relaxed);
                {
                    let mut sl = slopes
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    *sl = match (sl.take(), slope2) {
                        (Some(mut t), Some(l)) => {
                            let mut ok = true;
                            for (x, y) in t.iter_mut().zip(l) {
                                match x.checked_add(y) {
                                    Some(v) => *x = v,
                                    None => ok = false,
                                }
                            }
                            ok.then_some(t)
                        }
                        _ => None,
                    };
                }
                let mut t = total
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                t.0 += sy;
                t.1 += sa;
                t.2 += sp;
                if max > t.4 {
                    (t.4, t.5) = (max, at_max);
                } else if max == t.4 {
                    t.5 += at_max;
                }
                t.3 = match (t.3, second) {
                    (Some((a1, b1, c1)), Some((a2, b2, c2))) => a1
                        .checked_add(a2)
                        .zip(b1.checked_add(b2))
                        .map(|(x, y)| (x, y, c1 + c2)),
                    _ => None,
                };
            });
        }
    });
    if failed.load(core::sync::atomic::Ordering::Relaxed) {
        return Err(GameError::config("reel_sets", "enumeration failed"));
    }
    let (sy, sa, sp, second, max, at_max) = total
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let nb = BigInt::from(n);
    let sc = BigInt::from(scale);
    let slopes = slopes
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let second = match (random, linear, slopes) {
        (false, _, _) => second.map(|(y2, ya, a2)| {
            (
                BigRational::new(BigInt::from(y2), &nb * &sc * &sc),
                BigRational::new(BigInt::from(ya), &nb * &sc),
                BigRational::new(BigInt::from(a2), nb.clone()),
            )
        }),
        (true, true, Some(slopes)) => second.map(|(y2, ya, a2)| {
            // Σ Var(m_w)·Σ (∂Y_scaled)² for each random wild w; scaled by one² like y2.
            let mut extra = BigRational::zero();
            for (w, t) in slot.mults[mode].iter().enumerate() {
                let Some(t) = t else { continue };
                if t.values.len() < 2 {
                    continue;
                }
                let tw: u128 = t.weights.iter().map(|&x| u128::from(x)).sum();
                let m1: u128 = t
                    .values
                    .iter()
                    .zip(&t.weights)
                    .map(|(&v, &x)| u128::from(v) * u128::from(x))
                    .sum();
                let m2: u128 = t
                    .values
                    .iter()
                    .zip(&t.weights)
                    .map(|(&v, &x)| u128::from(v) * u128::from(v) * u128::from(x))
                    .sum();
                let var = frac(m2, tw) - frac(m1, tw) * frac(m1, tw);
                extra += var * big(slopes[w]);
            }
            (
                (big(y2) + extra) / BigRational::from_integer(&nb * &sc * &sc),
                BigRational::new(BigInt::from(ya), &nb * &sc),
                BigRational::new(BigInt::from(a2), nb.clone()),
            )
        }),
        _ => None,
    };
    Ok(Moments {
        y: BigRational::new(BigInt::from(sy), &nb * &sc),
        a: BigRational::new(BigInt::from(sa), nb.clone()),
        p_award: BigRational::new(BigInt::from(sp), nb.clone()),
        second,
        // With random multipliers `y` is an expectation over them: no single top win.
        top: (!random).then(|| {
            (
                BigRational::new(BigInt::from(max), sc.clone()),
                BigRational::new(BigInt::from(at_max), nb),
            )
        }),
    })
}

/// Running sums of one enumeration thread: `Σ y`, `Σ a`, `Σ [a > 0]`, the second moments
/// while they fit in 128 bits, the number of combinations, and the largest `y` with its count.
#[cfg(feature = "std")]
struct Sums {
    sy: u128,
    sa: u128,
    sp: u128,
    second: Option<(u128, u128, u128)>,
    count: u64,
    /// The largest `y` seen and how many combinations gave it.
    max: u128,
    at_max: u64,
}

#[cfg(feature = "std")]
impl Default for Sums {
    fn default() -> Sums {
        Sums {
            sy: 0,
            sa: 0,
            sp: 0,
            second: Some((0, 0, 0)),
            count: 0,
            max: 0,
            at_max: 0,
        }
    }
}

#[cfg(feature = "std")]
impl Sums {
    #[inline(always)]
    fn add(&mut self, y: u128, aw: u128) {
        self.sy += y;
        self.sa += aw;
        self.sp += u128::from(aw > 0);
        if let Some((y2, ya, a2)) = self.second.as_mut() {
            match y
                .checked_mul(y)
                .and_then(|q| y2.checked_add(q))
                .zip(y.checked_mul(aw).and_then(|q| ya.checked_add(q)))
            {
                Some((q, w)) => {
                    *y2 = q;
                    *ya = w;
                    *a2 += aw * aw;
                }
                None => self.second = None,
            }
        }
        self.count += 1;
        if y >= self.max {
            if y > self.max {
                self.max = y;
                self.at_max = 0;
            }
            self.at_max += 1;
        }
    }
}

#[cfg(feature = "std")]
#[inline]
fn fill_with_mults(slot: &Slot, set: usize, r: usize, p: usize, g: &mut Grid, a: &[u32]) {
    slot.fill_reel(set, r, p, g);
    if !g.any_mult {
        // No symbol has a multiplier in this mode (set once per thread from `a`).
        return;
    }
    for k in 0..slot.rows[r] {
        let i = r * MAX_ROWS + k;
        g.mult[i] = a.get(usize::from(g.cells[i])).copied().unwrap_or(0);
    }
}

/// The exact RTP of bet mode `mode` by enumerating **every** stop combination of every reel
/// set (base and free) with the play code, on `threads` threads (feature `std`).
///
/// Gives the standard deviation too (with random wild multipliers: when summed on paylines
/// without cascades), and the top base award with its exact probability (`top_base_win`,
/// `top_base_probability`; not with random wild multipliers). The cost is the
/// product of the strip lengths per reel set: check [`combinations`] first.
///
/// # Errors
/// As [`exact`].
#[cfg(feature = "std")]
pub fn brute_force(slot: &Slot, mode: &str, threads: usize) -> Result<RtpReport, GameError> {
    let m = slot
        .mode_index(mode)
        .ok_or_else(|| GameError::bet("params.mode", format!("unknown bet mode {mode:?}")))?;
    check_size(slot, u128::from(u64::MAX))?;
    let lim = limits(slot);
    if !lim.brute_force.is_empty() {
        return Ok(RtpReport::empty(mode, "brute force", lim.brute_force));
    }
    let combos = core::sync::atomic::AtomicU64::new(0);
    let per_set = |set: usize, mode: usize| set_moments_brute(slot, set, mode, threads, &combos);
    let bm = &slot.bet_modes[m];
    let base = if bm.buy.is_none() {
        Some(mode_moments(slot, 0, &per_set)?)
    } else {
        None
    };
    let free = match &slot.free {
        Some(_) => Some(mode_moments(slot, 1, &per_set)?),
        None => None,
    };
    let exact = lim.inexact.is_empty();
    let mut report = combine(
        slot,
        mode,
        "brute force",
        base,
        free,
        bm.buy.as_ref(),
        bm.cost,
        lim.inexact,
        exact,
    );
    report.combinations = u128::from(combos.load(core::sync::atomic::Ordering::Relaxed));
    Ok(report)
}

/// Stop combinations the brute force would evaluate for bet mode `mode` (base sets unless the
/// mode starts in free spins, plus the free sets).
pub fn combinations(slot: &Slot, mode: &str) -> u128 {
    let per = |set: &usize| -> u128 {
        slot.sets[*set]
            .iter()
            .fold(1u128, |acc, s| acc.saturating_mul(s.len() as u128))
    };
    let buy = slot
        .mode_index(mode)
        .is_some_and(|m| slot.bet_modes[m].buy.is_some());
    let base: u128 = if buy {
        0
    } else {
        slot.modes[0]
            .sets
            .iter()
            .map(per)
            .fold(0, u128::saturating_add)
    };
    slot.modes[1]
        .sets
        .iter()
        .map(per)
        .fold(base, u128::saturating_add)
}

/// The best exact figure available, for a host's `kingpin rtp`: the closed form; then, when it
/// has no figure (cascades, clusters) or to add the standard deviation, the brute force if it
/// needs at most `max_combinations` evaluations (feature `std`). A report without `rtp` (or
/// with `exact = false`) means: simulate.
///
/// # Errors
/// As [`exact`].
#[cfg(feature = "std")]
pub fn best(
    slot: &Slot,
    mode: &str,
    threads: usize,
    max_combinations: u128,
) -> Result<RtpReport, GameError> {
    best_with(slot, mode, threads, max_combinations, false)
}

/// As [`best`], but with `brute_force = true` the enumeration always runs, whatever
/// `max_combinations` says and even when the closed form is complete: it confirms the closed
/// form and adds what only an enumeration finds, the top base award and its exact odds
/// (`top_base_win`, `top_base_probability`). Check [`combinations`] for its cost first.
///
/// # Errors
/// As [`exact`].
#[cfg(feature = "std")]
pub fn best_with(
    slot: &Slot,
    mode: &str,
    threads: usize,
    max_combinations: u128,
    brute_force: bool,
) -> Result<RtpReport, GameError> {
    let closed = exact(slot, mode)?;
    let n = combinations(slot, mode);
    let complete = closed.rtp.is_some() && closed.std_dev.is_some();
    if !brute_force && (n > max_combinations || complete) {
        let mut r = closed;
        if r.rtp.is_none() || r.std_dev.is_none() {
            r.notes.push(format!(
                "brute force skipped: {n} stop combinations exceed the limit of {max_combinations} (it would also give the top base award's exact odds)"
            ));
        }
        return Ok(r);
    }
    let brute = self::brute_force(slot, mode, threads)?;
    if brute.rtp.is_none() {
        return Ok(closed);
    }
    if let (Some(a), Some(b)) = (&closed.rtp_fraction, &brute.rtp_fraction) {
        // Both exist: they must agree; say so (a mismatch would be a bug worth reporting).
        let mut r = brute.clone();
        r.method = if a == b {
            "closed form, confirmed by brute force".into()
        } else {
            r.notes.push(format!(
                "closed form {a} differs from brute force {b}: please report"
            ));
            "brute force".into()
        };
        return Ok(r);
    }
    Ok(brute)
}
