//! A compiled evaluator for payline games: line wins as AND-chains of per-symbol line masks.
//!
//! At load, every reel stop of every reel set a fast mode spins gets, per paying symbol, a
//! 64-bit mask of the lines whose cell on that reel shows the symbol (`exact`) or the symbol
//! or a wild substituting for it (`subst`). A line whose first cell shows a regular symbol `s`
//! then pays `pay(s, n)` where `n` is the length of the AND-chain
//! `exact₀[s] & subst₁[s] & …` that keeps its bit: the whole line evaluation is a few ANDs and
//! popcounts per symbol, without a branch per line. Lines whose first cell is a wild (where a
//! wild-only win competes with the symbol win) are rare and go through the general
//! [`Slot::line_win`], so every rule keeps one implementation.
//!
//! The fast path is chosen per mode at compile time, where it gives exactly what the general
//! evaluator gives: paylines (at most 64), no cascades, no wild multipliers in the mode, no
//! sticky wilds in free spins, and pays small enough that no sum can saturate. Everything else
//! (and every spin whose outcome is recorded) runs the general code. The unit tests check the
//! two against each other on random windows of every game in `games/` and of random games.

use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use super::definition::{Combine, WildRule};
use super::spin::{Grid, NONE, SpinOut};
use super::{MAX_CELLS, MAX_REELS, MAX_ROWS, PAY_STRIDE, Slot, Wins};

/// Most bytes of precomputed masks per game; a larger game uses the general evaluator.
const MAX_TABLE_BYTES: usize = 16 << 20;

/// Stride of the per-payer pay table (`count` 0..=reels).
const PAYS: usize = MAX_REELS + 1;

/// Stride of the per-scatter tables (`count` 0..=64: a grid has at most 64 cells).
const SCATS: usize = MAX_CELLS + 1;

/// Bits set in each byte value.
static POP8: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).count_ones() as u8;
        i += 1;
    }
    t
};

/// Bits set in a line mask of at most `B` bytes (8: any). The default x86-64 target has no
/// popcount instruction, and its software popcount costs a dozen operations; a table lookup per
/// byte is cheaper for the narrow masks of games with few lines.
#[inline(always)]
fn pop<const B: usize>(x: u64) -> u64 {
    if B >= 8 {
        return u64::from(x.count_ones());
    }
    let mut n = 0u64;
    for i in 0..B {
        n += u64::from(POP8[(x >> (8 * i)) as usize & 0xff]);
    }
    n
}

/// Precomputed masks of one reel set.
#[derive(Clone)]
pub(crate) struct SetTable {
    /// Strip length per reel.
    pub(crate) lens: [u32; MAX_REELS],

    /// Index of each reel's first stop in `windows` (and, × `stride`, in `words`).
    base: [usize; MAX_REELS],
    /// Per (reel, stop): `stride` words: exact masks per payer, then (games with wilds)
    /// subst masks per payer, then the wild-cell mask and the doubling-wild mask.
    words: Vec<u64>,
    /// Per (reel, stop): the window (expanding wilds expanded), rows beyond the reel's `NONE`.
    windows: Vec<[u8; MAX_ROWS]>,
    /// Per (reel, stop): the count of each scatter in the window, one byte each (a grid has
    /// at most 64 cells, so the bytes of a sum over the reels never carry).
    scat: Vec<u64>,
    /// Per (reel, stop), `lean` games only: the packed exact word, the packed subst word and
    /// the scatter counts (the words a spin of a `lean` game reads, side by side).
    lean: Vec<[u64; 3]>,
}

/// The compiled line evaluator of a slot (see the module docs).
#[derive(Clone)]
pub(crate) struct FastLines {
    /// Whether mode 0 (base) / 1 (free spins) may use it.
    pub(crate) modes: [bool; 2],
    reels: usize,
    lines: Vec<[u8; MAX_REELS]>,
    line_mask: u64,
    both_ways: bool,
    rule: WildRule,
    combine: Combine,
    /// Paying regular symbols.
    payers: Vec<u8>,
    /// `pay[p * PAYS + n]`: pay of `n` of payer `p`, in pay units.
    pay: Vec<u64>,
    /// The shortest paying run of each payer.
    kmin: Vec<usize>,
    stride: usize,
    /// Offset of the subst masks in a stop's words (0 when the game has no wild: subst = exact).
    sub_off: usize,
    /// All payers' exact / subst masks in one word (`lines` bits per payer), when they fit.
    pex_word: usize,
    psub_word: usize,
    /// Whether the packed words are filled (payers × lines ≤ 64).
    packed: bool,
    /// Whether a spin is evaluated on the packed words alone (packed, no doubling wild): see
    /// [`FastLines::packed_chain`].
    lean: bool,
    /// Packed lanes of the payers whose run of `k` pays, by `k`.
    pay_lanes: [u64; MAX_REELS + 1],
    /// `lane_pay[k * 64 + b]`: the pay of a run of `k` on packed bit `b` (its payer's pay).
    lane_pay: Vec<u64>,
    /// Packed lanes of the payers whose shortest paying run is `k`, by `k`.
    alive: [u64; MAX_REELS + 1],
    /// The longest shortest paying run.
    kmax: usize,
    /// Packed scatter counts (as `SetTable::scat`), next to the masks.
    scat_word: usize,
    /// `scat_pay[i][n]`: the pay of `n` of scatter `i` (0 for none).
    scat_pay: Vec<[u64; SCATS]>,
    /// The free-spin trigger's index among the scatters, if the game has free spins.
    trigger: Option<usize>,
    /// Free spins awarded by `n` triggers, in the base game (`[0]`) and in free spins (`[1]`).
    scat_awards: [Vec<u32>; 2],
    /// The free-spin multiplier (1 without free spins).
    free_mult: u64,
    wild_word: usize,
    dbl_word: usize,
    has_wild: bool,
    doubling: bool,
    /// Bytes of a line mask (1, 2, 3, 4 or 8: see [`pop`]).
    width: usize,
    /// By reel set id (sets no fast mode spins are `None`).
    pub(crate) sets: Vec<Option<SetTable>>,
}

impl fmt::Debug for FastLines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FastLines")
            .field("modes", &self.modes)
            .field("lines", &self.lines.len())
            .field("payers", &self.payers.len())
            .field("sets", &self.sets.iter().filter(|s| s.is_some()).count())
            .finish_non_exhaustive()
    }
}

/// The window row `line` passes through on reel `r`.
#[inline]
fn row_of(line: &[u8; MAX_REELS], r: usize) -> usize {
    usize::from(line[r]) % MAX_ROWS
}

impl FastLines {
    /// Compile the evaluator, or `None` where no mode of the game fits it.
    pub(crate) fn build(slot: &Slot) -> Option<FastLines> {
        let Wins::Lines {
            lines,
            both_ways,
            rule,
            combine,
        } = &slot.wins
        else {
            return None;
        };
        if lines.is_empty()
            || lines.len() > 64
            || slot.cascade.is_some()
            || slot.reels == 0
            || slot.scatters.len() > 8
        {
            return None;
        }
        let mut modes = [false; 2];
        for (m, ok) in modes.iter_mut().enumerate() {
            *ok = slot.mults[m].iter().all(Option::is_none)
                && !(m == 1 && (slot.free.is_none() || slot.sticky_mask != 0));
        }
        if !modes.iter().any(|&m| m) {
            return None;
        }
        // No sum may saturate: bound the largest spin total.
        let max_pay = u128::from(slot.pays.iter().copied().max().unwrap_or(0));
        let dirs = if *both_ways { 2 } else { 1 };
        let scatter_max: u128 = slot
            .scatters
            .iter()
            .map(|&s| {
                let s = usize::from(s);
                u128::from(
                    slot.pays[s * PAY_STRIDE..(s + 1) * PAY_STRIDE]
                        .iter()
                        .copied()
                        .max()
                        .unwrap_or(0),
                )
            })
            .sum();
        let mult = u128::from(slot.free.as_ref().map_or(1, |f| f.multiplier));
        let bound = (lines.len() as u128 * dirs * max_pay * 2 + scatter_max) * mult;
        if bound > u128::from(u64::MAX) {
            return None;
        }
        let payers = slot.payers.clone();
        let np = payers.len();
        let has_wild = slot.wild_mask != 0;
        let sub_off = if has_wild { np } else { 0 };
        let stride = np + sub_off + 5;
        let mut used = vec![false; slot.sets.len()];
        for (m, &ok) in modes.iter().enumerate() {
            if ok {
                for &s in &slot.modes[m].sets {
                    used[s] = true;
                }
            }
        }
        let stops: usize = (0..slot.sets.len())
            .filter(|&s| used[s])
            .map(|s| {
                slot.sets[s]
                    .iter()
                    .take(slot.reels)
                    .map(Vec::len)
                    .sum::<usize>()
            })
            .sum();
        let bytes = stops * (stride * 8 + MAX_ROWS + 8);
        if bytes > MAX_TABLE_BYTES {
            return None;
        }
        let mut pay = vec![0u64; np * PAYS];
        for (p, &s) in payers.iter().enumerate() {
            for n in 1..=slot.reels {
                pay[p * PAYS + n] = slot.pay(s, n);
            }
        }
        let kmin: Vec<usize> = (0..np)
            .map(|p| {
                (1..=slot.reels)
                    .find(|&n| pay[p * PAYS + n] > 0)
                    .unwrap_or(1)
            })
            .collect();
        let packed = np * lines.len() <= 64;
        let mut alive = [0u64; MAX_REELS + 1];
        if packed {
            let lane = u64::MAX >> (64 - lines.len());
            for (p, &k) in kmin.iter().enumerate() {
                alive[k] |= lane << (p * lines.len());
            }
        }
        let kmax = kmin.iter().copied().max().unwrap_or(1);
        let mut pay_lanes = [0u64; MAX_REELS + 1];
        let mut lane_pay = vec![0u64; (MAX_REELS + 1) * 64];
        if packed {
            let nl = lines.len();
            for p in 0..np {
                for k in 1..=slot.reels {
                    let v = pay[p * PAYS + k];
                    if v > 0 {
                        pay_lanes[k] |= (u64::MAX >> (64 - nl)) << (p * nl);
                        lane_pay[k * 64 + p * nl..k * 64 + (p + 1) * nl].fill(v);
                    }
                }
            }
        }
        let scat_pay = slot
            .scatters
            .iter()
            .map(|&s| {
                // A count of 0 pays nothing (the general evaluator skips absent scatters).
                core::array::from_fn(|n| if n == 0 { 0 } else { slot.pay(s, n) })
            })
            .collect();
        let trigger = slot
            .free
            .as_ref()
            .and_then(|f| slot.scatters.iter().position(|&s| s == f.trigger));
        let scat_awards = match &slot.free {
            Some(f) => [f.awards.clone(), f.retrigger.clone()].map(|mut a| {
                a.resize(SCATS, 0);
                a[0] = 0; // as for pays: no trigger, no award
                a
            }),
            None => [vec![0; SCATS], vec![0; SCATS]],
        };
        let mut fast = FastLines {
            modes,
            reels: slot.reels,
            lines: lines.clone(),
            line_mask: if lines.len() == 64 {
                u64::MAX
            } else {
                (1u64 << lines.len()) - 1
            },
            both_ways: *both_ways,
            rule: *rule,
            combine: *combine,
            payers,
            pay,
            kmin,
            packed,
            lean: packed && slot.double_mask == 0,
            pay_lanes,
            lane_pay,
            alive,
            kmax,
            scat_pay,
            trigger,
            scat_awards,
            free_mult: slot.free.as_ref().map_or(1, |f| f.multiplier),
            stride,
            sub_off,
            pex_word: stride - 5,
            psub_word: stride - 4,
            scat_word: stride - 3,
            wild_word: stride - 2,
            dbl_word: stride - 1,
            has_wild,
            doubling: slot.double_mask != 0,
            width: match lines.len() {
                0..=8 => 1,
                9..=16 => 2,
                17..=24 => 3,
                25..=32 => 4,
                _ => 8,
            },
            sets: Vec::new(),
        };
        let mut sets = Vec::with_capacity(slot.sets.len());
        for (s, &u) in used.iter().enumerate() {
            sets.push(if u {
                Some(fast.set_table(slot, s)?)
            } else {
                None
            });
        }
        fast.sets = sets;
        Some(fast)
    }

    fn set_table(&self, slot: &Slot, set: usize) -> Option<SetTable> {
        let mut t = SetTable {
            lens: [0; MAX_REELS],

            base: [0; MAX_REELS],
            words: Vec::new(),
            windows: Vec::new(),
            scat: Vec::new(),
            lean: Vec::new(),
        };
        let mut g = Grid::empty();
        for r in 0..self.reels {
            let len = slot.sets[set][r].len();
            t.lens[r] = len as u32;

            t.base[r] = t.windows.len();
            for stop in 0..len {
                slot.fill_reel(set, r, stop, &mut g);
                let mut win = [NONE; MAX_ROWS];
                win[..slot.rows[r]]
                    .copy_from_slice(&g.cells[r * MAX_ROWS..r * MAX_ROWS + slot.rows[r]]);
                let mut w = vec![0u64; self.stride];
                for (l, line) in self.lines.iter().enumerate() {
                    let bit = 1u64 << l;
                    let c = win[row_of(line, r)];
                    for (p, &s) in self.payers.iter().enumerate() {
                        if c == s {
                            w[p] |= bit;
                        }
                        if c == s || (slot.is_wild(c) && slot.subst[usize::from(c)] >> s & 1 == 1) {
                            w[self.sub_off + p] |= bit;
                        }
                    }
                    if slot.is_wild(c) {
                        w[self.wild_word] |= bit;
                    }
                    if c < 64 && slot.double_mask >> c & 1 == 1 {
                        w[self.dbl_word] |= bit;
                    }
                }
                if self.packed {
                    let nl = self.lines.len();
                    for p in 0..self.payers.len() {
                        w[self.pex_word] |= w[p] << (p * nl);
                        w[self.psub_word] |= w[self.sub_off + p] << (p * nl);
                    }
                }
                t.words.extend_from_slice(&w);
                t.windows.push(win);
                let mut packed = 0u64;
                for (i, &sc) in slot.scatters.iter().enumerate() {
                    let n = win[..slot.rows[r]].iter().filter(|&&c| c == sc).count() as u64;
                    packed |= n << (8 * i);
                }
                t.scat.push(packed);
                if self.lean {
                    t.lean.push([w[self.pex_word], w[self.psub_word], packed]);
                }
                let at = t.words.len() - self.stride + self.scat_word;
                t.words[at] = packed;
            }
        }
        Some(t)
    }

    #[inline(always)]
    fn stop<'a>(&self, t: &'a SetTable, r: usize, stop: usize) -> &'a [u64] {
        let at = (t.base[r] + stop) * self.stride;
        &t.words[at..at + self.stride]
    }

    /// The symbols of line `l` at `stops`, in reel order.
    fn line_syms(&self, t: &SetTable, stops: &[usize], l: usize) -> [u8; MAX_REELS] {
        let mut syms = [NONE; MAX_REELS];
        for r in 0..self.reels {
            syms[r] = t.windows[t.base[r] + stops[r]][row_of(&self.lines[l], r)];
        }
        syms
    }

    /// Lines whose first cell (last, `reverse`) is a wild: the general line evaluator.
    #[inline(never)]
    fn wild_led(&self, slot: &Slot, t: &SetTable, stops: &[usize], reverse: bool) -> u64 {
        if !self.has_wild {
            return 0;
        }
        let r0 = if reverse { self.reels - 1 } else { 0 };
        let mut led = self.stop(t, r0, stops[r0])[self.wild_word] & self.line_mask;
        let mut units = 0u64;
        let zeros = [0u32; MAX_REELS];
        let r = self.reels;
        while led != 0 {
            let l = led.trailing_zeros() as usize;
            led &= led - 1;
            let mut syms = self.line_syms(t, stops, l);
            if reverse {
                syms[..r].reverse();
            }
            let (v, n, _) = slot.line_win(&syms[..r], &zeros[..r], 1, self.rule, self.combine);
            if !reverse || n < r {
                units += v;
            }
        }
        units
    }

    /// Line wins of lines led by a regular symbol, in one direction: the AND-chains.
    #[inline(always)]
    fn chains<const B: usize>(&self, rows: &[&[u64]; MAX_REELS], reverse: bool) -> u64 {
        let r = self.reels;
        // Most spins pay no line: find out with the shortest paying chains first (all payers
        // in one word when they fit).
        let mut any = 0u64;
        if self.packed {
            let mut m = rows[0][self.pex_word];
            any = m & self.alive[1];
            for (row, alive) in rows[1..self.kmax].iter().zip(&self.alive[2..]) {
                m &= row[self.psub_word];
                any |= m & alive;
            }
        } else {
            for p in 0..self.payers.len() {
                let mut m = rows[0][p];
                for row in &rows[1..self.kmin[p]] {
                    m &= row[self.sub_off + p];
                }
                any |= m;
            }
        }
        if any == 0 {
            return 0;
        }
        let mut units = 0u64;
        for p in 0..self.payers.len() {
            let pay = &self.pay[p * PAYS..p * PAYS + PAYS];
            let mut m = rows[0][p];
            let mut d = rows[0][self.dbl_word];
            for k in 1..r {
                let next = m & rows[k][self.sub_off + p];
                // The same branch every spin: well predicted.
                if pay[k] != 0 {
                    let x = m & !next;
                    units += pay[k] * pop::<B>(x);
                    if self.doubling {
                        units += pay[k] * pop::<B>(x & d);
                    }
                }
                if self.doubling {
                    d |= rows[k][self.dbl_word];
                }
                m = next;
            }
            // A run over every reel: paid once, left to right.
            if !reverse {
                units += pay[r] * pop::<B>(m);
                if self.doubling {
                    units += pay[r] * pop::<B>(m & d);
                }
            }
        }
        units
    }

    /// Scatter pays and free spins awarded for the packed scatter counts of a window: table
    /// lookups without a branch on the counts (a spin shows a scatter about half the time, a
    /// branch on it was mispredicted as often).
    #[inline(always)]
    fn scatter_pays(&self, packed: u64, free: bool) -> (u64, u32) {
        let count = |i: usize| (packed >> (8 * i)) as usize & 0xff;
        let mut units = 0;
        for (i, pays) in self.scat_pay.iter().enumerate() {
            units += pays[count(i)];
        }
        let awards = match self.trigger {
            Some(i) => self.scat_awards[usize::from(free)][count(i)],
            None => 0,
        };
        (units, awards)
    }

    /// The table of reel set `set`, if a fast mode spins it.
    #[inline]
    pub(crate) fn table(&self, set: usize) -> Option<&SetTable> {
        self.sets.get(set).and_then(Option::as_ref)
    }

    /// One spin's result at `stops` of reel set `set`: exactly what the general evaluator
    /// gives for the window these stops show.
    #[inline]
    pub(crate) fn eval(&self, slot: &Slot, set: usize, stops: &[usize], free: bool) -> SpinOut {
        if self.lean {
            self.eval_lean(slot, set, stops, free)
        } else {
            self.eval_masks(slot, set, stops, free)
        }
    }

    /// [`FastLines::eval`] for the games that are not `lean`, by line-mask width.
    #[inline(never)]
    fn eval_masks(&self, slot: &Slot, set: usize, stops: &[usize], free: bool) -> SpinOut {
        match self.width {
            1 => self.eval_w::<1>(slot, set, stops, free),
            2 => self.eval_w::<2>(slot, set, stops, free),
            3 => self.eval_w::<3>(slot, set, stops, free),
            4 => self.eval_w::<4>(slot, set, stops, free),
            _ => self.eval_w::<8>(slot, set, stops, free),
        }
    }

    #[inline]
    fn eval_w<const B: usize>(
        &self,
        slot: &Slot,
        set: usize,
        stops: &[usize],
        free: bool,
    ) -> SpinOut {
        if self.lean {
            return self.eval_lean(slot, set, stops, free);
        }
        let Some(t) = self.sets.get(set).and_then(Option::as_ref) else {
            return SpinOut::default();
        };
        let r = self.reels;
        let mut rows: [&[u64]; MAX_REELS] = [&[]; MAX_REELS];
        let mut scat = 0u64;
        for k in 0..r {
            rows[k] = self.stop(t, k, stops[k]);
            scat += rows[k][self.scat_word];
        }
        let mut units = self.chains::<B>(&rows, false);
        if self.both_ways {
            rows[..r].reverse();
            units += self.chains::<B>(&rows, true);
        }
        self.finish(slot, t, stops, free, units, scat)
    }

    /// [`FastLines::eval`] for a `lean` game: everything on the packed words.
    #[inline(always)]
    fn eval_lean(&self, slot: &Slot, set: usize, stops: &[usize], free: bool) -> SpinOut {
        let Some(t) = self.sets.get(set).and_then(Option::as_ref) else {
            return SpinOut::default();
        };
        // A constant reel count (`reels` is 1..=MAX_REELS) lets the loops over the reels unroll.
        let (units, scat) = match self.reels {
            1 => self.packed_lines::<1>(t, stops),
            2 => self.packed_lines::<2>(t, stops),
            3 => self.packed_lines::<3>(t, stops),
            4 => self.packed_lines::<4>(t, stops),
            5 => self.packed_lines::<5>(t, stops),
            6 => self.packed_lines::<6>(t, stops),
            7 => self.packed_lines::<7>(t, stops),
            _ => self.packed_lines::<MAX_REELS>(t, stops),
        };
        self.finish(slot, t, stops, free, units, scat)
    }

    /// The rest of a spin after the chains: lines led by a wild, scatters, the free-spin
    /// multiplier.
    #[inline(always)]
    fn finish(
        &self,
        slot: &Slot,
        t: &SetTable,
        stops: &[usize],
        free: bool,
        mut units: u64,
        scat: u64,
    ) -> SpinOut {
        if self.has_wild {
            units += self.wild_led(slot, t, stops, false);
            if self.both_ways {
                units += self.wild_led(slot, t, stops, true);
            }
        }
        let (su, awards) = self.scatter_pays(scat, free);
        units += su;
        if free {
            units *= self.free_mult;
        }
        SpinOut { units, awards }
    }

    /// Line wins of the lines led by a regular symbol (both directions where the game pays
    /// both) and the packed scatter counts, on the packed words alone (the `lean` games: every
    /// payer's masks fit one word and no wild doubles), for a game of `R` reels: a constant,
    /// so that the loops over the reels unroll.
    #[inline(always)]
    fn packed_lines<const R: usize>(&self, t: &SetTable, stops: &[usize]) -> (u64, u64) {
        let mut exact = [0u64; R];
        let mut subst = [0u64; R];
        let mut scat = 0u64;
        for (k, &stop) in stops[..R].iter().enumerate() {
            let [e, s, c] = t.lean[t.base[k] + stop];
            exact[k] = e;
            subst[k] = s;
            scat += c;
        }
        let mut units = self.packed_chain::<R>(exact[0], &subst, false);
        if self.both_ways {
            subst.reverse();
            units += self.packed_chain::<R>(exact[R - 1], &subst, true);
        }
        (units, scat)
    }

    /// The line wins of one direction on the packed words: `first` is the exact word of the
    /// first reel, `subst[1..]` the subst words of the following reels in order. The same sums
    /// as [`FastLines::chains`]: each line leaving the chain of its payer after `k` reels pays
    /// that payer's run of `k` (a run over every reel is paid left to right only). A spin
    /// without a win costs a few operations per reel and no taken branch; a winning spin
    /// visits only its bits whose run pays.
    #[inline(always)]
    fn packed_chain<const R: usize>(&self, first: u64, subst: &[u64; R], reverse: bool) -> u64 {
        let mut units = 0u64;
        let mut m = first;
        for (k, &s) in subst.iter().enumerate().skip(1) {
            let next = m & s;
            units += self.lane_pays(k, m & !next);
            m = next;
        }
        if !reverse {
            units += self.lane_pays(R, m);
        }
        units
    }

    /// The pays of runs of `k` on the packed bits `x`, one lookup per paying bit.
    #[inline(always)]
    fn lane_pays(&self, k: usize, x: u64) -> u64 {
        let mut x = x & self.pay_lanes[k];
        if x == 0 {
            return 0; // most spins: no branch taken
        }
        let mut units = 0u64;
        while x != 0 {
            units += self.lane_pay[k * 64 + x.trailing_zeros() as usize];
            x &= x - 1;
        }
        units
    }
}

#[cfg(feature = "std")]
impl FastLines {
    /// Every stop combination of reel set `set` whose reel 0 stops at `p0`, in odometer order
    /// (the last reel fastest): `f(units, awards)` for each, the same values as
    /// [`FastLines::eval`]. One-direction games keep each line's chain state per prefix of
    /// reels, so the innermost reel costs one AND and popcount per symbol still running.
    pub(crate) fn enumerate<F: FnMut(u64, u32)>(
        &self,
        slot: &Slot,
        set: usize,
        free: bool,
        p0: usize,
        f: F,
    ) {
        match self.width {
            1 => self.enumerate_w::<1, F>(slot, set, free, p0, f),
            2 => self.enumerate_w::<2, F>(slot, set, free, p0, f),
            3 => self.enumerate_w::<3, F>(slot, set, free, p0, f),
            4 => self.enumerate_w::<4, F>(slot, set, free, p0, f),
            _ => self.enumerate_w::<8, F>(slot, set, free, p0, f),
        }
    }

    fn enumerate_w<const B: usize, F: FnMut(u64, u32)>(
        &self,
        slot: &Slot,
        set: usize,
        free: bool,
        p0: usize,
        mut f: F,
    ) {
        let Some(t) = self.sets.get(set).and_then(Option::as_ref) else {
            return;
        };
        let r = self.reels;
        let mut stops = [0usize; MAX_REELS];
        stops[0] = p0;
        if self.both_ways || r < 3 {
            loop {
                let out = self.eval_w::<B>(slot, set, &stops[..r], free);
                f(out.units, out.awards);
                if odometer_step(&mut stops, &t.lens, r - 1).is_none() {
                    return;
                }
            }
        }
        let np = self.payers.len();
        // Level k: the state after reels 0..=k (chains, doubling wilds seen, settled units,
        // scatter counts).
        let mut m = vec![0u64; r * np];
        let mut d = [0u64; MAX_REELS];
        let mut acc = [0u64; MAX_REELS];
        let mut sc = [0u64; MAX_REELS];
        let row0 = self.stop(t, 0, p0);
        m[..np].copy_from_slice(&row0[..np]);
        d[0] = row0[self.dbl_word];
        sc[0] = t.scat[t.base[0] + p0];
        let wild_led = self.has_wild && row0[self.wild_word] & self.line_mask != 0;
        let mult = if free {
            slot.free.as_ref().map_or(1, |fr| fr.multiplier)
        } else {
            1
        };
        let advance = |k: usize,
                       stops: &[usize; MAX_REELS],
                       m: &mut [u64],
                       d: &mut [u64; MAX_REELS],
                       acc: &mut [u64; MAX_REELS],
                       sc: &mut [u64; MAX_REELS]| {
            let row = self.stop(t, k, stops[k]);
            let (prev, cur) = m.split_at_mut(k * np);
            let prev = &prev[(k - 1) * np..];
            let mut a = acc[k - 1];
            for p in 0..np {
                let next = prev[p] & row[self.sub_off + p];
                let x = prev[p] & !next;
                let pay = self.pay[p * PAYS + k];
                a += pay * pop::<B>(x);
                if self.doubling {
                    a += pay * pop::<B>(x & d[k - 1]);
                }
                cur[p] = next;
            }
            acc[k] = a;
            d[k] = d[k - 1] | row[self.dbl_word];
            sc[k] = sc[k - 1] + t.scat[t.base[k] + stops[k]];
        };
        for k in 1..r - 1 {
            advance(k, &stops, &mut m, &mut d, &mut acc, &mut sc);
        }
        let last = r - 1;
        let inner = last - 1;
        let mut active: Vec<(usize, u64, u64, u64)> = Vec::with_capacity(np);
        loop {
            // The innermost reel: only the symbols whose chain is still running.
            active.clear();
            let mut base = acc[inner];
            for p in 0..np {
                let mp = m[inner * np + p];
                if mp != 0 {
                    let (a1, a2) = (self.pay[p * PAYS + last], self.pay[p * PAYS + r]);
                    active.push((p, mp, a1, a2));
                    if !self.doubling {
                        base += a1 * pop::<B>(mp);
                    }
                }
            }
            let dd = d[inner];
            for s in 0..t.lens[last] as usize {
                stops[last] = s;
                let row = self.stop(t, last, s);
                let mut v = base;
                if self.doubling {
                    let d2 = dd | row[self.dbl_word];
                    for &(p, mp, a1, a2) in &active {
                        let next = mp & row[self.sub_off + p];
                        let x = mp & !next;
                        v += a1 * (pop::<B>(x) + pop::<B>(x & dd))
                            + a2 * (pop::<B>(next) + pop::<B>(next & d2));
                    }
                } else {
                    for &(p, mp, a1, a2) in &active {
                        let n = pop::<B>(mp & row[self.sub_off + p]);
                        // Those lines pay `a2` instead of `a1` (`base` counted `a1`).
                        v = v.wrapping_add(a2.wrapping_sub(a1).wrapping_mul(n));
                    }
                }
                if wild_led {
                    v += self.wild_led(slot, t, &stops[..r], false);
                }
                let (su, awards) = self.scatter_pays(sc[inner] + t.scat[t.base[last] + s], free);
                f((v + su) * mult, awards);
            }
            // Odometer over reels 1..last (reel 0 is the caller's).
            let Some(k) = odometer_step(&mut stops, &t.lens, inner) else {
                return;
            };
            for j in k..=inner {
                advance(j, &stops, &mut m, &mut d, &mut acc, &mut sc);
            }
        }
    }
}

impl Slot {
    /// Whether spins of `mode` (0 base, 1 free) may use the compiled line evaluator.
    #[inline]
    pub(crate) fn fast_mode(&self, mode: usize) -> Option<&FastLines> {
        self.fast.as_ref().filter(|f| f.modes[mode])
    }
}

/// Advance the stops of reels `1..=last` like an odometer (reel 0 stays: it is the caller's).
/// Returns the lowest reel that moved, or `None` when reels `1..=last` wrapped around.
#[inline]
#[cfg(feature = "std")]
fn odometer_step(stops: &mut [usize], lens: &[u32], last: usize) -> Option<usize> {
    let mut k = last;
    while k > 0 {
        stops[k] += 1;
        if stops[k] < lens[k] as usize {
            return Some(k);
        }
        stops[k] = 0;
        k -= 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;

    use kingpin_rng::{ChaCha8Source, Profile, Sampler};
    use proptest::prelude::*;

    use super::super::spin::{Grid, SpinLog, SpinOut};
    use super::super::{MAX_REELS, Slot, SlotDefinition};

    /// The general evaluator on the window `stops` show: without and with a log.
    fn general(slot: &Slot, set: usize, stops: &[usize], free: bool) -> SpinOut {
        let mut out = [SpinOut::default(); 2];
        for (i, logged) in [false, true].into_iter().enumerate() {
            let mut g = Grid::empty();
            slot.fill(set, stops, &mut g);
            let mut top = [0usize; MAX_REELS];
            top[..stops.len()].copy_from_slice(stops);
            let mut log = SpinLog::default();
            out[i] = slot
                .evaluate(
                    set,
                    &mut g,
                    free,
                    1,
                    &mut top[..stops.len()],
                    |_, _| Ok(()),
                    logged.then_some(&mut log),
                )
                .unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(
            (out[0].units, out[0].awards),
            (out[1].units, out[1].awards),
            "logged vs unlogged"
        );
        out[0]
    }

    /// Fast and general agree on `spins` random windows of every set of every fast mode;
    /// returns the fast modes.
    fn check_random(slot: &Slot, spins: usize, seed: u64) -> [bool; 2] {
        let Some(fast) = slot.fast.as_ref() else {
            return [false; 2];
        };
        let mut rng = Sampler::new(ChaCha8Source::new(seed, 0), Profile::Unbiased);
        for mode in 0..2 {
            if !fast.modes[mode] {
                continue;
            }
            let free = mode == 1;
            for &set in &slot.modes[mode].sets {
                for _ in 0..spins {
                    let stops: Vec<usize> = (0..slot.reels)
                        .map(|r| {
                            rng.index_below(slot.sets[set][r].len() as u32)
                                .unwrap_or_else(|e| panic!("{e}"))
                                as usize
                        })
                        .collect();
                    let a = fast.eval(slot, set, &stops, free);
                    let b = general(slot, set, &stops, free);
                    assert_eq!(
                        (a.units, a.awards),
                        (b.units, b.awards),
                        "{}: set {set}, stops {stops:?}, free {free}",
                        slot.def.name
                    );
                }
            }
        }
        fast.modes
    }

    /// `enumerate` gives `eval` of every combination, in odometer order.
    fn check_enumerate(slot: &Slot, mode: usize) {
        let Some(fast) = slot.fast_mode(mode) else {
            return;
        };
        let free = mode == 1;
        for &set in &slot.modes[mode].sets {
            let lens: Vec<usize> = (0..slot.reels).map(|r| slot.sets[set][r].len()).collect();
            for p0 in 0..lens[0] {
                let mut got = Vec::new();
                fast.enumerate(slot, set, free, p0, |u, a| got.push((u, a)));
                let mut want = Vec::new();
                let mut stops = alloc::vec![0usize; slot.reels];
                stops[0] = p0;
                'all: loop {
                    let o = fast.eval(slot, set, &stops, free);
                    let g = general(slot, set, &stops, free);
                    assert_eq!((o.units, o.awards), (g.units, g.awards), "stops {stops:?}");
                    want.push((o.units, o.awards));
                    let mut k = slot.reels - 1;
                    loop {
                        if k == 0 {
                            break 'all;
                        }
                        stops[k] += 1;
                        if stops[k] < lens[k] {
                            break;
                        }
                        stops[k] = 0;
                        k -= 1;
                    }
                }
                assert_eq!(got, want, "set {set}, reel 0 at {p0}");
            }
        }
    }

    #[test]
    fn fast_equals_general_on_the_games_in_games() {
        let json = [
            include_str!("../../../games/reference/sizzling_hot.json"),
            include_str!("../../../games/reference/dolphins_pearl.json"),
            include_str!("../../../games/reference/stake_0_0_lines.json"),
        ];
        let toml_games = [
            include_str!("../../../games/examples/ways_243.toml"),
            include_str!("../../../games/examples/cascade.toml"),
            include_str!("../../../games/examples/clusters.toml"),
        ];
        let mut modes = Vec::new();
        for text in json {
            let slot = Slot::from_json(text).unwrap_or_else(|e| panic!("{e}"));
            modes.push(check_random(&slot, 20_000, 1));
            // Every reel set, not only those with a weight: the same table code.
            let mut def = slot.def.clone();
            for w in def.base.reel_sets.values_mut() {
                *w = 1;
            }
            let all = Slot::new(def).unwrap_or_else(|e| panic!("{e}"));
            check_random(&all, 5_000, 2);
        }
        for text in toml_games {
            let def: SlotDefinition = toml::from_str(text).unwrap_or_else(|e| panic!("{e}"));
            let slot = Slot::new(def).unwrap_or_else(|e| panic!("{e}"));
            modes.push(check_random(&slot, 20_000, 3));
        }
        let tiny = Slot::new(SlotDefinition::default()).unwrap_or_else(|e| panic!("{e}"));
        modes.push(check_random(&tiny, 20_000, 4));
        check_enumerate(&tiny, 0);
        // Which modes take the fast path: Sizzling Hot, Dolphin's Pearl (base and free spins),
        // the 20-line game's base game (its free spins draw wild multipliers), the small
        // default game; ways, cascades and clusters never.
        assert_eq!(
            modes,
            [
                [true, false],
                [true, true],
                [true, false],
                [false, false],
                [false, false],
                [false, false],
                [true, false],
            ]
        );
    }

    #[derive(Debug, Clone)]
    struct Spec {
        reels: usize,
        rows: Vec<u8>,
        lines: Vec<Vec<u8>>,
        strips: Vec<Vec<usize>>,
        pays: Vec<Vec<u8>>,
        flags: (bool, bool, bool, bool, bool),
        subst: (bool, bool),
        awards: Vec<u32>,
        mult: u32,
    }

    const NAMES: [&str; 6] = ["A", "B", "C", "W", "V", "S"];

    fn spec() -> impl Strategy<Value = Spec> {
        (2usize..=5, 1u8..=3).prop_flat_map(|(reels, max_rows)| {
            (
                Just(reels),
                prop::collection::vec(1u8..=max_rows, reels),
                prop::collection::vec(prop::collection::vec(0u8..3, reels), 1..=12),
                prop::collection::vec(prop::collection::vec(0usize..6, 3..=7), reels),
                prop::collection::vec(prop::collection::vec(0u8..6, reels), 6),
                (
                    any::<bool>(),
                    any::<bool>(),
                    any::<bool>(),
                    any::<bool>(),
                    any::<bool>(),
                ),
                (any::<bool>(), any::<bool>()),
                prop::collection::vec(0u32..4, 0..=4),
                1u32..=3,
            )
                .prop_map(
                    |(reels, rows, lines, strips, pays, flags, subst, awards, mult)| Spec {
                        reels,
                        rows,
                        lines,
                        strips,
                        pays,
                        flags,
                        subst,
                        awards,
                        mult,
                    },
                )
        })
    }

    /// A random line game: A, B, C regular; W and V wilds (doubling, expanding, substituting
    /// for a subset, paying on their own); S a scatter that may award free spins.
    fn build(s: &Spec) -> Option<Slot> {
        let (both_ways, best, w_doubles, v_expanding, total_bet) = s.flags;
        let pays = |i: usize| {
            s.pays[i]
                .iter()
                .map(|p| format!("{p}"))
                .collect::<Vec<_>>()
                .join(",")
        };
        let strip = |k: usize| -> String {
            let mut v: Vec<String> = s.strips[k]
                .iter()
                .map(|&x| format!("\"{}\"", NAMES[x]))
                .collect();
            while v.len() < usize::from(s.rows[k]) {
                v.push("\"A\"".into());
            }
            format!("[{}]", v.join(","))
        };
        let strips: Vec<String> = (0..s.reels).map(strip).collect();
        let lines: Vec<String> = s
            .lines
            .iter()
            .map(|l| {
                let cells: Vec<String> = l
                    .iter()
                    .zip(&s.rows)
                    .map(|(&x, &r)| format!("{}", x % r))
                    .collect();
                format!("[{}]", cells.join(","))
            })
            .collect();
        let rows: Vec<String> = s.rows.iter().map(|r| format!("{r}")).collect();
        let free = if s.awards.iter().any(|&a| a > 0) {
            let a: Vec<String> = s.awards.iter().map(|a| format!("{a}")).collect();
            format!(
                r#", "free_spins": {{"trigger": "S", "awards": [{}], "retrigger_awards": [], "multiplier": {}, "reel_sets": {{"main": 1}}}}"#,
                a.join(","),
                s.mult
            )
        } else {
            String::new()
        };
        let w_subst = if s.subst.0 {
            r#", "substitutes": ["A", "B"]"#
        } else {
            ""
        };
        let v_subst = if s.subst.1 {
            r#", "substitutes": ["C"]"#
        } else {
            ""
        };
        let text = format!(
            r#"{{"name": "random", "reels": {}, "rows": [{}],
              "symbols": [
                {{"name": "A", "pays": [{}]}}, {{"name": "B", "pays": [{}]}},
                {{"name": "C", "pays": [{}]}},
                {{"name": "W", "kind": "wild", "pays": [{}], "doubles": {w_doubles}{w_subst}}},
                {{"name": "V", "kind": "wild", "pays": [{}], "expanding": {v_expanding}{v_subst}}},
                {{"name": "S", "kind": "scatter", "pays": [{}]}}],
              "reel_sets": {{"main": [{}]}},
              "base": {{"reel_sets": {{"main": 1}}}},
              "wins": {{"type": "lines", "paylines": [{}], "both_ways": {both_ways},
                        "wild_rule": "{}", "pay_unit": "{}"}}{free}}}"#,
            s.reels,
            rows.join(","),
            pays(0),
            pays(1),
            pays(2),
            pays(3),
            pays(4),
            pays(5),
            strips.join(","),
            lines.join(","),
            if best { "best" } else { "symbol" },
            if total_bet { "total_bet" } else { "line_bet" },
        );
        Slot::from_json(&text).ok()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// On random line games (wilds that double, expand, substitute for a subset and pay on
        /// their own, both ways, either wild rule, scatters and free spins), the compiled
        /// evaluator and its enumeration give what the general evaluator gives.
        #[test]
        fn fast_equals_general_on_random_games(s in spec(), seed in 0u64..1000) {
            let Some(slot) = build(&s) else {
                return Ok(());
            };
            let modes = check_random(&slot, 200, seed);
            prop_assert!(modes[0], "every such game has a fast base mode");
            check_enumerate(&slot, 0);
            check_enumerate(&slot, 1);
        }
    }
}
