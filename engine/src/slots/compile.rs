//! Validation of a [`SlotDefinition`] and its compilation into a [`Slot`].

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use kingpin_units::Multiplier;

use super::definition::{PayUnit, Rows, SlotDefinition, SymbolKind, Weighted, WinsDef};
use super::{
    BetMode, DefinitionErrors, Free, MAX_CELLS, MAX_REELS, MAX_ROWS, MAX_SYMBOLS, ModeSets,
    MultTable, PAY_STRIDE, Problem, Slot, Wins,
};

/// Longest reel strip.
pub const MAX_STRIP: usize = 100_000;
/// Most paylines.
pub const MAX_LINES: usize = 1_000;
/// Most reel sets.
pub const MAX_REEL_SETS: usize = 64;
/// Largest common denominator of all pays (the pay unit is `1 / unit_den` of the bet).
pub const MAX_UNIT_DEN: u64 = 1_000_000_000;
/// Most entries of any weighted table.
pub const MAX_TABLE: usize = 256;

struct Check {
    problems: Vec<Problem>,
}

impl Check {
    fn add(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            reason: reason.into(),
        });
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn check_table(c: &mut Check, path: &str, t: &[Weighted], min_value: u32) -> Option<MultTable> {
    if t.is_empty() {
        c.add(path, "must list at least one value");
        return None;
    }
    if t.len() > MAX_TABLE {
        c.add(
            path,
            format!("has {} entries; at most {MAX_TABLE}", t.len()),
        );
        return None;
    }
    let mut ok = true;
    let mut total: u64 = 0;
    for (i, w) in t.iter().enumerate() {
        if w.value < min_value {
            c.add(
                format!("{path}[{i}].value"),
                format!("{} is below {min_value}", w.value),
            );
            ok = false;
        }
        total += u64::from(w.weight);
    }
    if total == 0 || total > u64::from(u32::MAX) {
        c.add(path, "weights must sum to between 1 and 2^32 - 1");
        ok = false;
    }
    ok.then(|| MultTable {
        values: t.iter().map(|w| w.value).collect(),
        weights: t.iter().map(|w| w.weight).collect(),
    })
}

fn mode_sets(
    c: &mut Check,
    path: &str,
    sets: &BTreeMap<String, u32>,
    index: &BTreeMap<&str, usize>,
) -> ModeSets {
    let mut out = ModeSets::default();
    if sets.is_empty() {
        c.add(path, "must name at least one reel set");
    }
    let mut total = 0u64;
    for (name, &w) in sets {
        match index.get(name.as_str()) {
            Some(&i) => {
                if w > 0 {
                    out.sets.push(i);
                    out.weights.push(w);
                    total += u64::from(w);
                }
            }
            None => c.add(format!("{path}.{name}"), "unknown reel set"),
        }
    }
    if !sets.is_empty() && (total == 0 || total > u64::from(u32::MAX)) {
        c.add(path, "weights must sum to between 1 and 2^32 - 1");
    }
    out
}

impl Slot {
    /// Validate a definition and compile it.
    ///
    /// # Errors
    /// [`DefinitionErrors`] listing every problem found, each with its field path.
    pub fn new(def: SlotDefinition) -> Result<Slot, DefinitionErrors> {
        let mut c = Check {
            problems: Vec::new(),
        };
        let reels = usize::from(def.reels);
        if reels == 0 || reels > MAX_REELS {
            c.add("reels", format!("{reels} is not between 1 and {MAX_REELS}"));
        }
        let reels = reels.clamp(1, MAX_REELS);
        let mut rows = [1usize; MAX_REELS];
        match &def.rows {
            Rows::Same(r) => rows[..reels].fill(usize::from(*r)),
            Rows::PerReel(v) => {
                if v.len() != reels {
                    c.add(
                        "rows",
                        format!("lists {} reels but the grid has {reels}", v.len()),
                    );
                }
                for (i, r) in v.iter().take(reels).enumerate() {
                    rows[i] = usize::from(*r);
                }
            }
        }
        for (i, r) in rows.iter_mut().take(reels).enumerate() {
            if *r == 0 || *r > MAX_ROWS {
                c.add(
                    format!("rows[{i}]"),
                    format!("reel {i} has {r} rows: a reel needs a window of 1 to {MAX_ROWS} rows"),
                );
                *r = (*r).clamp(1, MAX_ROWS);
            }
        }
        let cells: usize = rows[..reels].iter().sum();

        // Symbols.
        let n = def.symbols.len();
        if n == 0 || n > MAX_SYMBOLS {
            c.add(
                "symbols",
                format!("{n} symbols; a game needs 1 to {MAX_SYMBOLS}"),
            );
        }
        let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, s) in def.symbols.iter().enumerate().take(MAX_SYMBOLS) {
            if s.name.trim().is_empty() {
                c.add(format!("symbols[{i}].name"), "is empty");
            } else if by_name.insert(s.name.as_str(), i).is_some() {
                c.add(
                    format!("symbols[{i}].name"),
                    format!("{:?} is defined twice", s.name),
                );
            }
        }
        let symbols = &def.symbols[..n.min(MAX_SYMBOLS)];
        let kinds: Vec<SymbolKind> = symbols.iter().map(|s| s.kind).collect();

        // Pay unit denominator: the lcm of every pay's denominator, line pays divided by the
        // number of lines when they are per line bet.
        let lines_div = match &def.wins {
            WinsDef::Lines {
                paylines,
                pay_unit: PayUnit::LineBet,
                ..
            } => paylines.len().max(1) as u64,
            _ => 1,
        };
        let mut den: u64 = 1;
        let mut add_den = |c: &mut Check, path: &str, m: Multiplier, div: u64| {
            let d = match Multiplier::from_ratio(m.numerator(), m.denominator().saturating_mul(div))
            {
                Ok(r) => r.denominator(),
                Err(_) => 1,
            };
            let l = den / gcd(den, d) * d;
            if l > MAX_UNIT_DEN || l / d != den / gcd(den, d) {
                c.add(
                    path,
                    format!(
                        "pays need a common denominator above {MAX_UNIT_DEN}: use fewer decimals"
                    ),
                );
            } else {
                den = l;
            }
        };
        let is_clusters = matches!(def.wins, WinsDef::Clusters { .. });
        let is_ways = matches!(def.wins, WinsDef::Ways {});
        for (i, s) in symbols.iter().enumerate() {
            let max_len = match s.kind {
                SymbolKind::Scatter => cells,
                _ if is_clusters => cells,
                _ => reels,
            };
            if s.pays.len() > max_len {
                c.add(
                    format!("symbols[{i}].pays"),
                    format!(
                        "lists {} pays but at most {max_len} symbols can form a win on this grid",
                        s.pays.len()
                    ),
                );
            }
            if s.kind == SymbolKind::Bonus && s.pays.iter().any(|p| !p.is_zero()) {
                c.add(format!("symbols[{i}].pays"), "a bonus symbol never pays");
            }
            for (k, p) in s.pays.iter().enumerate() {
                let div = if s.kind == SymbolKind::Scatter {
                    1
                } else {
                    lines_div
                };
                add_den(&mut c, &format!("symbols[{i}].pays[{k}]"), *p, div);
            }
            let wild = s.kind == SymbolKind::Wild;
            let wild_only = |c: &mut Check, field: &str| {
                c.add(
                    format!("symbols[{i}].{field}"),
                    "only a wild symbol can have this",
                );
            };
            if !wild {
                if s.substitutes.is_some() {
                    wild_only(&mut c, "substitutes");
                }
                if s.multipliers.is_some() {
                    wild_only(&mut c, "multipliers");
                }
                if s.doubles {
                    wild_only(&mut c, "doubles");
                }
                if s.expanding {
                    wild_only(&mut c, "expanding");
                }
                if s.sticky {
                    wild_only(&mut c, "sticky");
                }
            } else if is_ways || is_clusters {
                if s.pays.iter().any(|p| !p.is_zero()) {
                    c.add(
                        format!("symbols[{i}].pays"),
                        "wild pays are supported on paylines only",
                    );
                }
                if s.multipliers.is_some() || s.doubles {
                    c.add(
                        format!("symbols[{i}].multipliers"),
                        "wild multipliers and doubling are supported on paylines only",
                    );
                }
            }
        }
        if let Some(m) = def.max_win {
            if m.is_zero() {
                c.add("max_win", "must be above 0");
            }
            add_den(&mut c, "max_win", m, 1);
        }
        let unit_den = den;
        let to_units = |p: Multiplier, div: u64| -> u64 {
            // p / div in units of 1/unit_den: exact because unit_den is a multiple of the
            // reduced denominator.
            let num = u128::from(p.numerator()) * u128::from(unit_den);
            let d = u128::from(p.denominator()) * u128::from(div);
            u64::try_from(num / d).unwrap_or(u64::MAX)
        };

        let mut pays = vec![0u64; symbols.len() * PAY_STRIDE];
        let mut subst = vec![0u64; symbols.len()];
        let mut wild_mask = 0u64;
        let mut double_mask = 0u64;
        let mut expanding_mask = 0u64;
        let mut sticky_mask = 0u64;
        let mut mults: [Vec<Option<MultTable>>; 2] =
            [vec![None; symbols.len()], vec![None; symbols.len()]];
        let regular_mask: u64 = kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| **k == SymbolKind::Regular)
            .fold(0, |m, (i, _)| m | (1 << i));
        for (i, s) in symbols.iter().enumerate() {
            let div = if s.kind == SymbolKind::Scatter {
                1
            } else {
                lines_div
            };
            let max_count = if s.kind == SymbolKind::Scatter || is_clusters {
                MAX_CELLS
            } else {
                reels
            };
            for k in 1..=max_count {
                let p = match s.pays.get(k - 1) {
                    Some(p) => *p,
                    None if (s.kind == SymbolKind::Scatter || is_clusters) && k > s.pays.len() => {
                        s.pays.last().copied().unwrap_or(Multiplier::ZERO)
                    }
                    None => Multiplier::ZERO,
                };
                pays[i * PAY_STRIDE + k] = to_units(p, div);
            }
            if s.kind == SymbolKind::Wild {
                wild_mask |= 1 << i;
                subst[i] = match &s.substitutes {
                    None => regular_mask,
                    Some(list) => {
                        let mut m = 0;
                        for (j, name) in list.iter().enumerate() {
                            match by_name.get(name.as_str()) {
                                Some(&t) if kinds[t] == SymbolKind::Regular => m |= 1 << t,
                                Some(_) => c.add(
                                    format!("symbols[{i}].substitutes[{j}]"),
                                    format!("{name:?} is not a regular symbol"),
                                ),
                                None => c.add(
                                    format!("symbols[{i}].substitutes[{j}]"),
                                    format!("unknown symbol {name:?}"),
                                ),
                            }
                        }
                        m
                    }
                };
                if s.doubles {
                    double_mask |= 1 << i;
                }
                if s.expanding {
                    expanding_mask |= 1 << i;
                }
                if s.sticky {
                    sticky_mask |= 1 << i;
                }
                if let Some(m) = &s.multipliers {
                    if !m.base.is_empty() {
                        mults[0][i] = check_table(
                            &mut c,
                            &format!("symbols[{i}].multipliers.base"),
                            &m.base,
                            1,
                        );
                    }
                    if !m.free.is_empty() {
                        mults[1][i] = check_table(
                            &mut c,
                            &format!("symbols[{i}].multipliers.free"),
                            &m.free,
                            1,
                        );
                    }
                }
            }
        }

        // Reel sets.
        if def.reel_sets.is_empty() {
            c.add("reel_sets", "must define at least one reel set");
        }
        if def.reel_sets.len() > MAX_REEL_SETS {
            c.add(
                "reel_sets",
                format!("{} sets; at most {MAX_REEL_SETS}", def.reel_sets.len()),
            );
        }
        let mut set_index: BTreeMap<&str, usize> = BTreeMap::new();
        let mut set_names = Vec::new();
        let mut sets = Vec::new();
        for (name, strips) in def.reel_sets.iter().take(MAX_REEL_SETS) {
            let path = format!("reel_sets.{name}");
            if strips.len() != reels {
                c.add(
                    &path,
                    format!("has {} strips but the grid has {reels} reels", strips.len()),
                );
            }
            let mut set = Vec::new();
            for (r, strip) in strips.iter().enumerate().take(reels) {
                if strip.len() < rows[r] || strip.len() > MAX_STRIP {
                    c.add(
                        format!("{path}[{r}]"),
                        format!(
                            "has {} symbols; needs {} to {MAX_STRIP} (at least the reel's rows)",
                            strip.len(),
                            rows[r]
                        ),
                    );
                }
                let mut ids = Vec::with_capacity(strip.len());
                for (k, sym) in strip.iter().enumerate() {
                    match by_name.get(sym.as_str()) {
                        Some(&id) => ids.push(id as u8),
                        None => c.add(
                            format!("{path}[{r}][{k}]"),
                            format!("unknown symbol {sym:?}"),
                        ),
                    }
                }
                set.push(ids);
            }
            while set.len() < reels {
                set.push(vec![0]);
            }
            set_index.insert(name.as_str(), sets.len());
            set_names.push(name.clone());
            sets.push(set);
        }
        let base_sets = mode_sets(&mut c, "base.reel_sets", &def.base.reel_sets, &set_index);

        // Wins.
        let wins = match &def.wins {
            WinsDef::Lines {
                paylines,
                both_ways,
                wild_rule,
                wild_multipliers,
                ..
            } => {
                if paylines.is_empty() || paylines.len() > MAX_LINES {
                    c.add(
                        "wins.paylines",
                        format!("{} lines; a game needs 1 to {MAX_LINES}", paylines.len()),
                    );
                }
                let mut lines = Vec::new();
                for (i, l) in paylines.iter().enumerate().take(MAX_LINES) {
                    if l.len() != reels {
                        c.add(
                            format!("wins.paylines[{i}]"),
                            format!("has {} positions but the grid has {reels} reels", l.len()),
                        );
                    }
                    let mut cells = [0u8; MAX_REELS];
                    for (r, &row) in l.iter().enumerate().take(reels) {
                        if usize::from(row) >= rows[r] {
                            c.add(
                                format!("wins.paylines[{i}][{r}]"),
                                format!("row {row} is outside reel {r}'s {} rows", rows[r]),
                            );
                        }
                        cells[r] = (r * MAX_ROWS) as u8 + row.min((MAX_ROWS - 1) as u8);
                    }
                    lines.push(cells);
                }
                Wins::Lines {
                    lines,
                    both_ways: *both_ways,
                    rule: *wild_rule,
                    combine: *wild_multipliers,
                }
            }
            WinsDef::Ways {} => Wins::Ways,
            WinsDef::Clusters { min_size } => {
                if *min_size < 2 {
                    c.add("wins.min_size", "a cluster needs at least 2 symbols");
                }
                Wins::Clusters {
                    min_size: usize::from(*min_size),
                }
            }
        };

        // Free spins.
        let mut free = None;
        if let Some(f) = &def.free_spins {
            let trigger = match by_name.get(f.trigger.as_str()) {
                Some(&t) if kinds[t] == SymbolKind::Scatter => t as u8,
                Some(_) => {
                    c.add(
                        "free_spins.trigger",
                        format!("{:?} is not a scatter", f.trigger),
                    );
                    0
                }
                None => {
                    c.add(
                        "free_spins.trigger",
                        format!("unknown symbol {:?}", f.trigger),
                    );
                    0
                }
            };
            let table = |c: &mut Check, path: &str, v: &[u32]| -> Vec<u32> {
                if v.len() > cells {
                    c.add(
                        path,
                        format!("lists {} counts but the grid has {cells} cells", v.len()),
                    );
                }
                (0..=MAX_CELLS)
                    .map(|k| {
                        if k == 0 {
                            0
                        } else {
                            v.get(k - 1).or(v.last()).copied().unwrap_or(0)
                        }
                    })
                    .collect()
            };
            let awards = table(&mut c, "free_spins.awards", &f.awards);
            let retrigger = match &f.retrigger_awards {
                None => awards.clone(),
                Some(v) => table(&mut c, "free_spins.retrigger_awards", v),
            };
            if f.awards.iter().all(|&a| a == 0)
                && def.bet_modes.iter().all(|m| m.free_spins.is_empty())
            {
                c.add("free_spins.awards", "awards no free spins for any count");
            }
            if f.multiplier == 0 {
                c.add("free_spins.multiplier", "must be at least 1");
            }
            if f.max_spins == 0 {
                c.add("free_spins.max_spins", "must be at least 1");
            }
            let sets = mode_sets(&mut c, "free_spins.reel_sets", &f.reel_sets, &set_index);
            free = Some(Free {
                trigger,
                awards,
                retrigger,
                multiplier: u64::from(f.multiplier),
                sets,
                max_spins: f.max_spins,
            });
        } else if sticky_mask != 0 {
            c.add("symbols", "a sticky wild needs free spins");
        }

        let cascade = def.cascade.as_ref().map(|cd| {
            if cd.multipliers.len() > MAX_TABLE {
                c.add(
                    "cascade.multipliers",
                    format!("at most {MAX_TABLE} entries"),
                );
            }
            if cd.multipliers.contains(&0) {
                c.add("cascade.multipliers", "every multiplier must be at least 1");
            }
            let mut m: Vec<u64> = cd.multipliers.iter().map(|&x| u64::from(x)).collect();
            if m.is_empty() {
                m.push(1);
            }
            m
        });

        let cap_units = def.max_win.map(|m| to_units(m, 1));

        // Bet modes.
        let mut bet_modes = vec![BetMode {
            name: "base".to_string(),
            cost: 1,
            buy: None,
        }];
        for (i, m) in def.bet_modes.iter().enumerate() {
            let path = format!("bet_modes[{i}]");
            if m.name.trim().is_empty() || m.name == "base" {
                c.add(format!("{path}.name"), "must be non-empty and not \"base\"");
            } else if bet_modes.iter().any(|b| b.name == m.name) {
                c.add(
                    format!("{path}.name"),
                    format!("{:?} is defined twice", m.name),
                );
            }
            if m.cost == 0 {
                c.add(format!("{path}.cost"), "must be at least 1");
            }
            let buy = if m.free_spins.is_empty() {
                None
            } else {
                if def.free_spins.is_none() {
                    c.add(format!("{path}.free_spins"), "the game has no free spins");
                }
                check_table(&mut c, &format!("{path}.free_spins"), &m.free_spins, 1)
            };
            bet_modes.push(BetMode {
                name: m.name.clone(),
                cost: u64::from(m.cost),
                buy,
            });
        }

        if !c.problems.is_empty() {
            return Err(DefinitionErrors(c.problems));
        }

        let strip_lens = sets
            .iter()
            .map(|set| {
                let mut lens = [0u32; MAX_REELS];
                for (len, strip) in lens.iter_mut().zip(set) {
                    *len = strip.len() as u32;
                }
                lens
            })
            .collect();
        let mut slot = Slot {
            names: symbols.iter().map(|s| s.name.clone()).collect(),
            kinds,
            reels,
            rows,
            set_names,
            sets,
            strip_lens,
            modes: [
                base_sets,
                free.as_ref().map(|f| f.sets.clone()).unwrap_or_default(),
            ],
            pays,
            subst,
            wild_mask,
            regular_mask,
            double_mask,
            expanding_mask,
            sticky_mask,
            mults,
            wins,
            free,
            cascade,
            cap_units,
            unit_den,
            bet_modes,
            scatters: Vec::new(),
            payers: Vec::new(),
            fast: None,
            def,
        };
        slot.scatters = (0..slot.kinds.len())
            .filter(|&s| slot.kinds[s] == SymbolKind::Scatter)
            .map(|s| s as u8)
            .collect();
        slot.payers = (0..slot.kinds.len())
            .filter(|&s| {
                slot.kinds[s] == SymbolKind::Regular
                    && (1..PAY_STRIDE).any(|k| slot.pays[s * PAY_STRIDE + k] > 0)
            })
            .map(|s| s as u8)
            .collect();
        slot.check_reachability()?;
        slot.fast = super::fast::FastLines::build(&slot);
        Ok(slot)
    }

    /// Problems that need the compiled game: triggers that can never occur, endless
    /// retriggers.
    fn check_reachability(&self) -> Result<(), DefinitionErrors> {
        let mut problems = Vec::new();
        if let Some(f) = &self.free {
            let need = (1..f.awards.len())
                .find(|&k| f.awards[k] > 0)
                .unwrap_or(usize::MAX);
            let most = self.modes[0]
                .sets
                .iter()
                .map(|&s| self.max_count(s, f.trigger))
                .max()
                .unwrap_or(0);
            let buy = self.bet_modes.iter().any(|m| m.buy.is_some());
            if most < need && !buy {
                problems.push(Problem {
                    path: "free_spins.awards".into(),
                    reason: format!(
                        "needs {need} {:?} but the base reel sets show at most {most}: the trigger can never occur",
                        self.names[usize::from(f.trigger)]
                    ),
                });
            }
            let retrig = super::rtp::expected_award(self, 1, &f.retrigger);
            // Exactly 1 is as endless as above 1; allow for float rounding.
            if retrig >= 1.0 - 1e-9 {
                problems.push(Problem {
                    path: "free_spins.retrigger_awards".into(),
                    reason: format!(
                        "a free spin awards {retrig:.3} more spins on average: the free spins would never end"
                    ),
                });
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(DefinitionErrors(problems))
        }
    }

    /// The most cells showing `sym` in one window of reel set `set`.
    fn max_count(&self, set: usize, sym: u8) -> usize {
        (0..self.reels)
            .map(|r| {
                let strip = &self.sets[set][r];
                (0..strip.len())
                    .map(|p| {
                        (0..self.rows[r])
                            .filter(|&k| strip[(p + k) % strip.len()] == sym)
                            .count()
                    })
                    .max()
                    .unwrap_or(0)
            })
            .sum()
    }
}
