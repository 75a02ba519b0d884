//! One spin: drawing the window from the reels and evaluating it. The same functions serve
//! live play, verification, simulation and the brute-force enumeration.
#![allow(clippy::needless_range_loop)] // reel/row loops index several parallel arrays

use alloc::vec::Vec;

use kingpin_rng::{RandomSource, RngError, Sampler};
use serde::{Deserialize, Serialize};

use super::definition::{Combine, SymbolKind, WildRule};
use super::{MAX_CASCADES, MAX_CELLS, MAX_REELS, MAX_ROWS, Slot, Wins};

/// No symbol (a run breaker in the exact-RTP search).
pub(crate) const NONE: u8 = u8::MAX;

/// The window: `cells[reel * MAX_ROWS + row]`, and each cell's wild multiplier (0 = none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Grid {
    pub(crate) cells: [u8; MAX_CELLS],
    pub(crate) mult: [u32; MAX_CELLS],
    /// Whether any cell may have a multiplier (false: every `mult` is 0).
    pub(crate) any_mult: bool,
}

impl Grid {
    pub(crate) fn empty() -> Grid {
        Grid {
            cells: [NONE; MAX_CELLS],
            mult: [0; MAX_CELLS],
            any_mult: false,
        }
    }
}

/// A wild that stays in place for the rest of the free spins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StickyCell {
    /// Cell index, `reel * 8 + row`.
    pub cell: u8,
    /// Symbol id.
    pub symbol: u8,
    /// Its multiplier (0 = none).
    pub multiplier: u32,
}

/// What kind of win.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WinKind {
    /// A payline, left to right.
    Line,
    /// A payline, right to left.
    LineReverse,
    /// Ways.
    Ways,
    /// A cluster.
    Cluster,
    /// Scatter anywhere.
    Scatter,
}

/// A win before it is turned into a record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawWin {
    pub(crate) kind: WinKind,
    pub(crate) line: u16,
    pub(crate) symbol: u8,
    pub(crate) count: u8,
    pub(crate) ways: u64,
    pub(crate) cells: u64,
    pub(crate) multiplier: u64,
    pub(crate) units: u64,
    pub(crate) cascade: u8,
}

/// The log of a spin, for outcomes (not kept in simulation).
#[derive(Clone, Debug, Default)]
pub(crate) struct SpinLog {
    pub(crate) set: usize,
    pub(crate) stops: Vec<u32>,
    pub(crate) grids: Vec<Grid>,
    pub(crate) wins: Vec<RawWin>,
}

/// A spin's result.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SpinOut {
    /// Win in pay units, every multiplier applied (free-spin multiplier included).
    pub(crate) units: u64,
    /// Free spins awarded.
    pub(crate) awards: u32,
}

#[inline]
fn bit(mask: u64, s: u8) -> bool {
    s < 64 && mask >> s & 1 == 1
}

impl Slot {
    /// The best win of one line given its symbols and cell multipliers (in order of
    /// evaluation): `(value, count, symbol)`, the value in pay units × multiplier scale.
    /// `one` is the multiplier of a win without multiplied wilds (1 in play).
    #[inline(always)]
    pub(crate) fn line_win(
        &self,
        syms: &[u8],
        mult: &[u32],
        one: u64,
        rule: WildRule,
        combine: Combine,
    ) -> (u64, usize, u8) {
        let r = syms.len();
        let first = syms[0];
        if !self.is_wild(first) {
            // The common case: no leading wild, so no wild-only win.
            if !bit(self.regular_mask, first) {
                return (0, 0, NONE);
            }
            let subst_ok = |x: u8| self.is_wild(x) && bit(self.subst[usize::from(x)], first);
            let mut n = 1;
            let mut wild_in_run = false;
            while n < r {
                let x = syms[n];
                if x == first {
                    n += 1;
                } else if subst_ok(x) {
                    wild_in_run = true;
                    n += 1;
                } else {
                    break;
                }
            }
            let mut pay = self.pay(first, n);
            if pay == 0 {
                return (0, 0, NONE);
            }
            if !wild_in_run {
                return (
                    pay.saturating_mul(self.no_wild_mult(one, combine)),
                    n,
                    first,
                );
            }
            if self.double_mask != 0 && syms[..n].iter().any(|&x| bit(self.double_mask, x)) {
                pay = pay.saturating_mul(2);
            }
            let m = run_mult(&mult[..r], n, one, combine);
            return (pay.saturating_mul(m), n, first);
        }
        let mut numw = 0;
        while numw < r && syms[numw] == first {
            numw += 1;
        }
        let mut lead = numw;
        while lead < r && self.is_wild(syms[lead]) {
            lead += 1;
        }
        let mut n = 0;
        let mut sym_pay = 0;
        let mut s = NONE;
        if lead < r && syms[lead] != NONE {
            let c = syms[lead];
            if self.kinds[usize::from(c)] == SymbolKind::Regular
                && syms[..lead]
                    .iter()
                    .all(|&w| bit(self.subst[usize::from(w)], c))
            {
                s = c;
                n = lead + 1;
                while n < r {
                    let x = syms[n];
                    if x == s || (self.is_wild(x) && bit(self.subst[usize::from(x)], s)) {
                        n += 1;
                    } else {
                        break;
                    }
                }
                sym_pay = self.pay(s, n);
                if sym_pay > 0
                    && self.double_mask != 0
                    && syms[..n].iter().any(|&x| bit(self.double_mask, x))
                {
                    sym_pay = sym_pay.saturating_mul(2);
                }
            }
        }
        let wild_pay = self.pay(first, numw);
        let use_sym = match rule {
            WildRule::Best => sym_pay > wild_pay,
            WildRule::Symbol => sym_pay > 0,
        };
        let (base, len, sym) = if use_sym {
            (sym_pay, n, s)
        } else if wild_pay > 0 {
            (wild_pay, numw, first)
        } else {
            return (0, 0, NONE);
        };
        let m = run_mult(&mult[..r], len, one, combine);
        (base.saturating_mul(m), len, sym)
    }

    /// The multiplier of a win with no wild in it.
    #[inline]
    fn no_wild_mult(&self, one: u64, combine: Combine) -> u64 {
        match combine {
            Combine::Sum => one,
            Combine::Product => one.saturating_pow(self.reels as u32),
        }
    }

    /// Whether a line prefix can still change its win when more reels are added.
    pub(crate) fn line_open(&self, prefix: &[u8]) -> bool {
        let first = prefix[0];
        if self.is_wild(first) && prefix.iter().all(|&x| x == first) {
            return true;
        }
        let mut lead = 0;
        while lead < prefix.len() && self.is_wild(prefix[lead]) {
            lead += 1;
        }
        if lead == prefix.len() {
            return true;
        }
        let s = prefix[lead];
        s != NONE
            && self.kinds[usize::from(s)] == SymbolKind::Regular
            && prefix
                .iter()
                .all(|&x| x == s || (self.is_wild(x) && bit(self.subst[usize::from(x)], s)))
    }

    /// Every line/ways/cluster win of a grid, × `step_mult`: `(units, cells to remove)`.
    pub(crate) fn eval_wins(
        &self,
        g: &Grid,
        one: u64,
        step_mult: u64,
        cascade: u8,
        mut log: Option<&mut Vec<RawWin>>,
    ) -> (u64, u64) {
        let mut units = 0u64;
        let mut remove = 0u64;
        match &self.wins {
            Wins::Lines {
                lines,
                both_ways,
                rule,
                combine,
            } => {
                let r = self.reels;
                let mut syms = [NONE; MAX_REELS];
                let mut mult = [0u32; MAX_REELS];
                let any_mult = g.any_mult;
                for (li, line) in lines.iter().enumerate() {
                    for k in 0..r {
                        // Cells are below 64 by construction; the mask lets the compiler
                        // drop the bounds check.
                        let c = usize::from(line[k]) & (MAX_CELLS - 1);
                        syms[k] = g.cells[c];
                    }
                    if any_mult {
                        for k in 0..r {
                            mult[k] = g.mult[usize::from(line[k]) & (MAX_CELLS - 1)];
                        }
                    }
                    let (v, n, s) = self.line_win(&syms[..r], &mult[..r], one, *rule, *combine);
                    if v > 0 {
                        let v = v.saturating_mul(step_mult);
                        units = units.saturating_add(v);
                        let cells = line[..n].iter().fold(0u64, |m, &c| m | 1 << c);
                        remove |= cells;
                        if let Some(log) = log.as_deref_mut() {
                            log.push(RawWin {
                                kind: WinKind::Line,
                                line: li as u16,
                                symbol: s,
                                count: n as u8,
                                ways: 1,
                                cells,
                                multiplier: v / self.pay_of(s, n, &syms[..n]).max(1),
                                units: v,
                                cascade,
                            });
                        }
                    }
                    if *both_ways {
                        syms[..r].reverse();
                        mult[..r].reverse();
                        let (v, n2, s) =
                            self.line_win(&syms[..r], &mult[..r], one, *rule, *combine);
                        if v > 0 && n2 < r {
                            let v = v.saturating_mul(step_mult);
                            units = units.saturating_add(v);
                            let cells = line[r - n2..r].iter().fold(0u64, |m, &c| m | 1 << c);
                            remove |= cells;
                            if let Some(log) = log.as_deref_mut() {
                                log.push(RawWin {
                                    kind: WinKind::LineReverse,
                                    line: li as u16,
                                    symbol: s,
                                    count: n2 as u8,
                                    ways: 1,
                                    cells,
                                    multiplier: v / self.pay_of(s, n2, &syms[..n2]).max(1),
                                    units: v,
                                    cascade,
                                });
                            }
                        }
                    }
                }
            }
            Wins::Ways => {
                for &s in &self.payers {
                    let mut ways = 1u64;
                    let mut k = 0;
                    let mut cells = 0u64;
                    for r in 0..self.reels {
                        let mut c = 0;
                        for row in 0..self.rows[r] {
                            let i = r * MAX_ROWS + row;
                            let x = g.cells[i];
                            if x == s || (self.is_wild(x) && bit(self.subst[usize::from(x)], s)) {
                                c += 1;
                                cells |= 1 << i;
                            }
                        }
                        if c == 0 {
                            break;
                        }
                        ways *= c;
                        k += 1;
                    }
                    if k == 0 {
                        continue;
                    }
                    let p = self.pay(s, k);
                    if p > 0 {
                        let v = p.saturating_mul(ways).saturating_mul(step_mult);
                        units = units.saturating_add(v);
                        remove |= cells;
                        if let Some(log) = log.as_deref_mut() {
                            log.push(RawWin {
                                kind: WinKind::Ways,
                                line: 0,
                                symbol: s,
                                count: k as u8,
                                ways,
                                cells,
                                multiplier: step_mult,
                                units: v,
                                cascade,
                            });
                        }
                    }
                }
            }
            Wins::Clusters { min_size } => {
                for &s in &self.payers {
                    let mut member = 0u64;
                    let mut own = 0u64;
                    for r in 0..self.reels {
                        for row in 0..self.rows[r] {
                            let i = r * MAX_ROWS + row;
                            let x = g.cells[i];
                            if x == s {
                                member |= 1 << i;
                                own |= 1 << i;
                            } else if self.is_wild(x) && bit(self.subst[usize::from(x)], s) {
                                member |= 1 << i;
                            }
                        }
                    }
                    let mut left = own;
                    while left != 0 {
                        let start = left.trailing_zeros() as usize;
                        let comp = self.flood(member, start);
                        left &= !comp;
                        let size = comp.count_ones() as usize;
                        if size >= *min_size {
                            let p = self.pay(s, size.min(MAX_CELLS));
                            if p > 0 {
                                let v = p.saturating_mul(step_mult);
                                units = units.saturating_add(v);
                                remove |= comp;
                                if let Some(log) = log.as_deref_mut() {
                                    log.push(RawWin {
                                        kind: WinKind::Cluster,
                                        line: 0,
                                        symbol: s,
                                        count: size as u8,
                                        ways: 1,
                                        cells: comp,
                                        multiplier: step_mult,
                                        units: v,
                                        cascade,
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
        (units, remove)
    }

    /// The base pay of a line win (for reporting its multiplier).
    fn pay_of(&self, s: u8, n: usize, run: &[u8]) -> u64 {
        if s == NONE {
            return 1;
        }
        let p = self.pay(s, n);
        if !self.is_wild(s) && run.iter().any(|&x| bit(self.double_mask, x)) {
            p.saturating_mul(2)
        } else {
            p
        }
    }

    /// The connected component of `start` within `member` (up, down, left, right).
    fn flood(&self, member: u64, start: usize) -> u64 {
        let mut comp = 1u64 << start;
        let mut stack = [0u8; MAX_CELLS];
        let mut top = 1;
        stack[0] = start as u8;
        while top > 0 {
            top -= 1;
            let i = usize::from(stack[top]);
            let (r, row) = (i / MAX_ROWS, i % MAX_ROWS);
            let mut push = |j: usize| {
                if member >> j & 1 == 1 && comp >> j & 1 == 0 {
                    comp |= 1 << j;
                    stack[top] = j as u8;
                    top += 1;
                }
            };
            if row > 0 {
                push(i - 1);
            }
            if row + 1 < self.rows[r] {
                push(i + 1);
            }
            if r > 0 && row < self.rows[r - 1] {
                push(i - MAX_ROWS);
            }
            if r + 1 < self.reels && row < self.rows[r + 1] {
                push(i + MAX_ROWS);
            }
        }
        comp
    }

    /// Fill the window of reel set `set` at `stops`, then expand expanding wilds.
    #[inline]
    pub(crate) fn fill(&self, set: usize, stops: &[usize], g: &mut Grid) {
        for (r, &p) in stops.iter().enumerate().take(self.reels) {
            self.fill_reel(set, r, p, g);
        }
    }

    #[inline]
    pub(crate) fn fill_reel(&self, set: usize, r: usize, p: usize, g: &mut Grid) {
        let strip = &self.sets[set][r];
        let l = strip.len();
        let base = r * MAX_ROWS;
        let rows = self.rows[r];
        let cells = &mut g.cells[base..base + rows];
        if p + rows <= l {
            cells.copy_from_slice(&strip[p..p + rows]);
        } else {
            let first = l - p;
            cells[..first].copy_from_slice(&strip[p..]);
            cells[first..].copy_from_slice(&strip[..rows - first]);
        }
        if self.expanding_mask == 0 {
            return;
        }
        let expand = cells
            .iter()
            .copied()
            .find(|&s| bit(self.expanding_mask, s))
            .unwrap_or(NONE);
        if expand != NONE {
            g.cells[base..base + self.rows[r]].fill(expand);
        }
    }

    /// Draw each wild's multiplier (reel by reel, top to bottom) for cells in `cells`.
    pub(crate) fn draw_mults<R: RandomSource>(
        &self,
        g: &mut Grid,
        mode: usize,
        cells: u64,
        rng: &mut Sampler<R>,
    ) -> Result<(), RngError> {
        if cells == 0 {
            return Ok(());
        }
        for r in 0..self.reels {
            for row in 0..self.rows[r] {
                let i = r * MAX_ROWS + row;
                if cells >> i & 1 == 0 {
                    continue;
                }
                let s = g.cells[i];
                g.mult[i] = match self.mults[mode]
                    .get(usize::from(s))
                    .and_then(Option::as_ref)
                {
                    Some(t) if t.values.len() == 1 => t.values[0],
                    Some(t) => t.values[rng.weighted_index(&t.weights)?],
                    None => 0,
                };
                g.any_mult |= g.mult[i] > 0;
            }
        }
        Ok(())
    }

    /// Remove `remove`, let the rest fall, and drop new symbols from the strip above each
    /// reel's top (`top[r]` is the strip position of the top cell; it moves up). Returns the
    /// mask of new cells.
    pub(crate) fn tumble(&self, set: usize, g: &mut Grid, remove: u64, top: &mut [usize]) -> u64 {
        let mut fresh = 0u64;
        for r in 0..self.reels {
            let base = r * MAX_ROWS;
            let rows = self.rows[r];
            let mut kept_s = [NONE; MAX_ROWS];
            let mut kept_m = [0u32; MAX_ROWS];
            let mut k = 0;
            for row in 0..rows {
                if remove >> (base + row) & 1 == 0 {
                    kept_s[k] = g.cells[base + row];
                    kept_m[k] = g.mult[base + row];
                    k += 1;
                }
            }
            let gone = rows - k;
            if gone == 0 {
                continue;
            }
            let strip = &self.sets[set][r];
            let l = strip.len();
            let new_top = (top[r] + l * gone - gone) % l;
            for j in 0..gone {
                g.cells[base + j] = strip[(new_top + j) % l];
                g.mult[base + j] = 0;
                fresh |= 1 << (base + j);
            }
            for j in 0..k {
                g.cells[base + gone + j] = kept_s[j];
                g.mult[base + gone + j] = kept_m[j];
            }
            top[r] = new_top;
        }
        fresh
    }

    /// Count of `s` on the grid (cells outside the windows hold [`NONE`], so a flat scan of
    /// the used reels is exact and vectorizes).
    #[inline]
    pub(crate) fn count(&self, g: &Grid, s: u8) -> usize {
        let used = self.reels * MAX_ROWS;
        let pattern = u64::from_le_bytes([s; 8]);
        let low7 = 0x7f7f_7f7f_7f7f_7f7f_u64;
        g.cells[..used]
            .chunks_exact(8)
            .map(|chunk| {
                let mut b = [0u8; 8];
                b.copy_from_slice(chunk);
                // Bytes equal to `s` become zero; count zero bytes exactly (no borrow
                // between bytes): a byte's top bit ends up set iff the byte is zero.
                let x = u64::from_le_bytes(b) ^ pattern;
                let y = !(((x & low7) + low7) | x | low7);
                y.count_ones() as usize
            })
            .sum()
    }

    /// Scatter pays and the free spins awarded by a grid (`free`: retrigger table).
    #[inline]
    pub(crate) fn scatter(
        &self,
        g: &Grid,
        free: bool,
        cascade: u8,
        mut log: Option<&mut Vec<RawWin>>,
    ) -> (u64, u32) {
        let mut units = 0u64;
        let mut awards = 0;
        for &s in &self.scatters {
            let n = self.count(g, s);
            if n == 0 {
                continue;
            }
            let p = self.pay(s, n);
            if p > 0 {
                units = units.saturating_add(p);
                if let Some(log) = log.as_deref_mut() {
                    let mut cells = 0u64;
                    for (i, &c) in g.cells.iter().enumerate() {
                        if c == s {
                            cells |= 1 << i;
                        }
                    }
                    log.push(RawWin {
                        kind: WinKind::Scatter,
                        line: 0,
                        symbol: s,
                        count: n as u8,
                        ways: 1,
                        cells,
                        multiplier: 1,
                        units: p,
                        cascade,
                    });
                }
            }
            if let Some(f) = &self.free {
                if f.trigger == s {
                    awards = if free { f.retrigger[n] } else { f.awards[n] };
                }
            }
        }
        (units, awards)
    }

    /// Evaluate a drawn grid completely: wins with cascades, scatters, free-spin multiplier.
    /// `one` is the multiplier of a win without multiplied wilds (1 in play); `top` holds each
    /// reel's stop (for cascades). New cells of a cascade get multipliers from `refill`.
    #[allow(clippy::too_many_arguments)] // the shared core of play and enumeration
    pub(crate) fn evaluate<F>(
        &self,
        set: usize,
        g: &mut Grid,
        free: bool,
        one: u64,
        top: &mut [usize],
        mut refill: F,
        mut log: Option<&mut SpinLog>,
    ) -> Result<SpinOut, RngError>
    where
        F: FnMut(&mut Grid, u64) -> Result<(), RngError>,
    {
        let mut total = 0u64;
        let mut step = 0usize;
        loop {
            let cm = match &self.cascade {
                Some(c) => c[step.min(c.len() - 1)],
                None => 1,
            };
            let (u, remove) = self.eval_wins(
                g,
                one,
                cm,
                step as u8,
                log.as_deref_mut().map(|l| &mut l.wins),
            );
            total = total.saturating_add(u);
            if self.cascade.is_none() || remove == 0 || step + 1 >= MAX_CASCADES {
                break;
            }
            let fresh = self.tumble(set, g, remove, top);
            refill(g, fresh)?;
            step += 1;
            if let Some(l) = log.as_deref_mut() {
                l.grids.push(g.clone());
            }
        }
        let (su, awards) = self.scatter(g, free, step as u8, log.map(|l| &mut l.wins));
        // Scatter pays are × the bet: scale them like line values (× `one` for the exact
        // search's multiplier scale).
        total = total.saturating_add(su.saturating_mul(one_scale(self, one)));
        if free {
            if let Some(f) = &self.free {
                total = total.saturating_mul(f.multiplier);
            }
        }
        Ok(SpinOut {
            units: total,
            awards,
        })
    }

    /// The first draws of every spin of `mode` (0 base, 1 free): the reel set (by weight, when
    /// the mode has several; returned), then one stop per reel, reel 0 first, into `stops`.
    /// Always inlined, and the stops written in place: returned by value, they were copied
    /// through memory at the cost of a store-forwarding stall each.
    #[inline(always)]
    pub(crate) fn draw_stops<R: RandomSource>(
        &self,
        mode: usize,
        rng: &mut Sampler<R>,
        stops: &mut [usize; MAX_REELS],
    ) -> Result<usize, RngError> {
        let ms = &self.modes[mode];
        let set = if ms.sets.len() == 1 {
            ms.sets[0]
        } else {
            ms.sets[rng.weighted_index(&ms.weights)?]
        };
        let lens = &self.strip_lens[set];
        for (stop, &len) in stops.iter_mut().zip(lens).take(self.reels) {
            *stop = rng.index_below(len)? as usize;
        }
        Ok(set)
    }

    /// One spin drawn from `rng`: reel set, stops, sticky wilds, multipliers, evaluation.
    pub(crate) fn spin<R: RandomSource>(
        &self,
        free: bool,
        rng: &mut Sampler<R>,
        sticky: &mut Vec<StickyCell>,
        mut log: Option<&mut SpinLog>,
    ) -> Result<SpinOut, RngError> {
        let mode = usize::from(free);
        let mut stops = [0usize; MAX_REELS];
        let set = self.draw_stops(mode, rng, &mut stops)?;
        if log.is_none() {
            if let Some(fast) = self.fast_mode(mode).filter(|f| f.table(set).is_some()) {
                // Same draws, same values; no window, multipliers or records to build.
                return Ok(fast.eval(self, set, &stops[..self.reels], free));
            }
        }
        let mut g = Grid::empty();
        self.fill(set, &stops[..self.reels], &mut g);
        let mut fixed = 0u64;
        if free {
            for s in sticky.iter() {
                let i = usize::from(s.cell);
                g.cells[i] = s.symbol;
                g.mult[i] = s.multiplier;
                g.any_mult |= s.multiplier > 0;
                fixed |= 1 << i;
            }
        }
        let mut wilds = 0u64;
        for r in 0..if self.wild_mask == 0 { 0 } else { self.reels } {
            for row in 0..self.rows[r] {
                let i = r * MAX_ROWS + row;
                if self.is_wild(g.cells[i]) {
                    wilds |= 1 << i;
                }
            }
        }
        self.draw_mults(&mut g, mode, wilds & !fixed, rng)?;
        if free && self.sticky_mask != 0 {
            for i in 0..MAX_CELLS {
                if fixed >> i & 1 == 0 && bit(self.sticky_mask, g.cells[i]) {
                    sticky.push(StickyCell {
                        cell: i as u8,
                        symbol: g.cells[i],
                        multiplier: g.mult[i],
                    });
                }
            }
        }
        if let Some(l) = log.as_deref_mut() {
            l.set = set;
            l.stops = stops[..self.reels].iter().map(|&s| s as u32).collect();
            l.grids.push(g.clone());
        }
        let mut top = stops;
        let wild_mask = self.wild_mask;
        let rows = self.rows;
        let reels = self.reels;
        self.evaluate(
            set,
            &mut g,
            free,
            1,
            &mut top[..self.reels],
            |g, fresh| {
                let mut w = 0u64;
                for r in 0..reels {
                    for row in 0..rows[r] {
                        let i = r * MAX_ROWS + row;
                        if fresh >> i & 1 == 1 && bit(wild_mask, g.cells[i]) {
                            w |= 1 << i;
                        }
                    }
                }
                self.draw_mults(g, mode, w, rng)
            },
            log,
        )
    }
}

/// The combined wild multiplier of a run of `len` cells (`mult` covers the whole line).
#[inline]
fn run_mult(mult: &[u32], len: usize, one: u64, combine: Combine) -> u64 {
    match combine {
        Combine::Sum => {
            let mut acc = 0u64;
            let mut any = false;
            for &x in &mult[..len] {
                if x > 0 {
                    acc += u64::from(x);
                    any = true;
                }
            }
            if any { acc } else { one }
        }
        Combine::Product => {
            let mut p = 1u64;
            for (j, &x) in mult.iter().enumerate() {
                p = p.saturating_mul(if j < len && x > 0 { u64::from(x) } else { one });
            }
            p
        }
    }
}

/// The multiplier scale of a win without multiplied wilds: `one` for sums, `one^reels` for
/// products (1 in play).
pub(crate) fn one_scale(slot: &Slot, one: u64) -> u64 {
    match &slot.wins {
        Wins::Lines {
            combine: Combine::Product,
            ..
        } => one.saturating_pow(slot.reels as u32),
        _ => one,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// W doubles and pays on its own; A pays 3+; B pays 2+; S is a scatter.
    fn slot(rule: &str) -> Slot {
        Slot::from_json(&alloc::format!(
            r#"{{
          "reels": 5, "rows": 1,
          "symbols": [
            {{"name": "W", "kind": "wild", "doubles": true, "pays": [0, 10, 250, 2500, 9000]}},
            {{"name": "A", "pays": [0, 0, 5, 25, 100]}},
            {{"name": "B", "pays": [0, 2, 25, 125, 750]}},
            {{"name": "S", "kind": "scatter"}}
          ],
          "reel_sets": {{"m": [["A"], ["A"], ["A"], ["A"], ["A"]]}},
          "base": {{"reel_sets": {{"m": 1}}}},
          "wins": {{"type": "lines", "paylines": [[0, 0, 0, 0, 0]], "wild_rule": "{rule}", "pay_unit": "total_bet"}}
        }}"#
        ))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn win(s: &Slot, line: &str) -> (u64, usize, &'static str) {
        let ids: Vec<u8> = line
            .split(' ')
            .map(|n| {
                ["W", "A", "B", "S"]
                    .iter()
                    .position(|x| *x == n)
                    .unwrap_or(9) as u8
            })
            .collect();
        let (v, n, sym) = s.line_win(&ids, &[0; 5], 1, rule_of(s), Combine::Sum);
        let name = ["W", "A", "B", "S"]
            .get(usize::from(sym))
            .copied()
            .unwrap_or("-");
        (v / s.unit_den(), n, name)
    }

    fn rule_of(s: &Slot) -> WildRule {
        match &s.wins {
            Wins::Lines { rule, .. } => *rule,
            _ => WildRule::Best,
        }
    }

    #[test]
    fn line_rules() {
        let best = slot("best");
        // Plain runs from the left.
        assert_eq!(win(&best, "A A A B A"), (5, 3, "A"));
        assert_eq!(win(&best, "B B A A A"), (2, 2, "B"));
        assert_eq!(win(&best, "A B A A A"), (0, 0, "-"));
        // A wild in the run doubles the symbol win.
        assert_eq!(win(&best, "A W A B B"), (10, 3, "A"));
        // Leading wilds: wild-only 2 W = 10 against symbol W W A = 5 × 2 = 10: a tie pays the
        // wild win.
        assert_eq!(win(&best, "W W A B B"), (10, 2, "W"));
        // W W B B: symbol win 125 × 2 = 250 beats the wild-only 10.
        assert_eq!(win(&best, "W W B B A"), (250, 4, "B"));
        // Five wilds: the wild pays.
        assert_eq!(win(&best, "W W W W W"), (9000, 5, "W"));
        // A scatter breaks the run.
        assert_eq!(win(&best, "A A S A A"), (0, 0, "-"));
        // The symbol rule pays the symbol win whenever it pays.
        let symbol = slot("symbol");
        assert_eq!(win(&symbol, "W W A B B"), (10, 3, "A"));
        assert_eq!(win(&symbol, "W W S A A"), (10, 2, "W"));
    }

    #[test]
    fn scatter_count_is_exact() {
        let s = slot("best");
        let mut g = Grid::empty();
        for (i, c) in [3u8, 1, 3, 3, 0].iter().enumerate() {
            g.cells[i * MAX_ROWS] = *c;
        }
        assert_eq!(s.count(&g, 3), 3);
        assert_eq!(s.count(&g, 1), 1);
        assert_eq!(s.count(&g, 2), 0);
        // Cells outside the windows hold NONE and are never counted as a symbol.
        assert_eq!(s.count(&g, NONE), 5 * MAX_ROWS - 5);
    }
}
