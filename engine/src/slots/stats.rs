//! A slot simulation's statistics, exactly mergeable, and the designer's report built from them.
//!
//! [`SlotSimStats`] holds only integer counts, sums and maxima, so statistics of disjoint runs
//! combine exactly ([`SlotSimStats::try_merge`]): a seeded simulation split into
//! [`Shard`]s on several machines merges to the very statistics one machine would have produced.
//! [`SlotReport`] derives every figure a designer reads (RTP with its confidence interval, base
//! and feature split, frequencies, volatility, the player's RTP spread, the exact-RTP check, the
//! odds of the largest awards) from the statistics alone.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

#[cfg(any(feature = "std", test))]
use super::play::RoundTotals;
use crate::GameError;
use crate::sim::SimStats;

/// Bins per decade of the win-size histogram.
pub const HISTOGRAM_BINS_PER_DECADE: u32 = 5;
/// The histogram's lowest edge is `10^HISTOGRAM_MIN_EXPONENT` × the round's cost.
pub const HISTOGRAM_MIN_EXPONENT: i32 = -2;
/// Decades the histogram covers above its lowest edge (10⁻² … 10⁵ × cost).
pub const HISTOGRAM_DECADES: u32 = 7;
/// Bins of the histogram: wins below the lowest edge, one per `1/BINS_PER_DECADE` decade, and
/// wins at or above the highest edge.
pub const HISTOGRAM_BINS: usize = (HISTOGRAM_DECADES * HISTOGRAM_BINS_PER_DECADE) as usize + 2;
/// Distinct largest round wins a run keeps with their counts. Keeping the top `k` distinct
/// values of each part is exact under merging: a value among the `k` largest of the union is
/// among the `k` largest of every part that holds it.
pub const TOP_WINS: usize = 10;
/// Player horizons of the RTP-spread table: 10³ … 10⁷ rounds.
pub const SPREAD_ROUNDS: [u64; 5] = [1_000, 10_000, 100_000, 1_000_000, 10_000_000];
/// Awards rarer than one in this many rounds are flagged.
pub const RARE_AWARD_ROUNDS: f64 = 1e8;

/// A disjoint, reproducible slice of a seeded simulation: the chunks `k` with
/// `k % count == index` (chunk `k` of [`CHUNK_ROUNDS`](crate::sim::CHUNK_ROUNDS) rounds always
/// draws from `ChaCha8Source::new(seed, k)`), so the `count` shards of one seed together play
/// exactly the rounds of the unsharded run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// This shard, `0..count`.
    pub index: u64,
    /// Shards in the whole run.
    pub count: u64,
}

impl Shard {
    /// The whole run.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Shard `index` of `count`.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] unless `count ≥ 1` and `index < count`.
    pub fn new(index: u64, count: u64) -> Result<Shard, GameError> {
        if count == 0 || index >= count {
            return Err(GameError::config(
                "shard",
                format!("shard {index}/{count}: need a count ≥ 1 and an index below it"),
            ));
        }
        Ok(Shard { index, count })
    }

    /// Parse `i/n` (as `--shard 0/4` writes it).
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] for anything but two integers `i < n` around a `/`.
    pub fn parse(s: &str) -> Result<Shard, GameError> {
        let bad = || GameError::config("shard", format!("{s:?} is not i/n (e.g. 0/4)"));
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let i = i.trim().parse::<u64>().map_err(|_| bad())?;
        let n = n.trim().parse::<u64>().map_err(|_| bad())?;
        Shard::new(i, n)
    }

    /// Whether chunk `k` belongs to this shard.
    #[inline]
    pub fn owns(&self, chunk: u64) -> bool {
        chunk % self.count == self.index
    }

    /// Rounds this shard plays of a run of `total` rounds.
    pub fn rounds(&self, total: u64) -> u64 {
        let chunk = crate::sim::CHUNK_ROUNDS;
        let chunks = total.div_ceil(chunk);
        (0..chunks)
            .filter(|&k| self.owns(k))
            .map(|k| chunk.min(total - k * chunk))
            .sum()
    }
}

impl core::fmt::Display for Shard {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// One of the largest distinct round wins of a run, and how often it happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopWin {
    /// The round's win in pay units.
    pub units: u64,
    /// Rounds that won exactly that.
    pub count: u64,
}

/// Statistics of a slot simulation of one bet mode, in exact integers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotSimStats {
    /// Stakes and payouts in minor units (the generic harness's statistics).
    pub stats: SimStats,
    /// Pay units per round's cost (`unit_den × mode cost`): a round winning `u` units returns
    /// `u / unit_scale` of what it cost.
    pub unit_scale: u64,
    /// Sum of base-spin wins, pay units (capped at the round's win).
    pub base_units: u128,
    /// Sum of free-spin wins, pay units (after the cap).
    pub feature_units: u128,
    /// Rounds that played free spins.
    pub feature_rounds: u64,
    /// Free spins played.
    pub free_spins: u64,
    /// Rounds the win cap ended.
    pub capped_rounds: u64,
    /// Wins by symbol in pay units, before the cap (index = symbol order of the definition);
    /// empty when the run did not track symbols.
    pub symbol_units: Vec<u128>,
    /// Round wins by size ([`HISTOGRAM_BINS`] bins, see [`histogram_edges`]).
    pub histogram: Vec<u64>,
    /// The [`TOP_WINS`] largest distinct round wins, largest first.
    pub top_wins: Vec<TopWin>,
}

/// The histogram's bin edges as multiples of a round's cost: bin 0 holds wins below
/// `edges[0]`, bin `i` wins in `[edges[i−1], edges[i])`, the last bin wins ≥ the last edge.
pub fn histogram_edges() -> Vec<f64> {
    (0..=HISTOGRAM_DECADES * HISTOGRAM_BINS_PER_DECADE)
        .map(|i| {
            libm::pow(
                10.0,
                f64::from(HISTOGRAM_MIN_EXPONENT)
                    + f64::from(i) / f64::from(HISTOGRAM_BINS_PER_DECADE),
            )
        })
        .collect()
}

#[cfg(any(feature = "std", test))]
/// The histogram edges in pay units for a given scale (rounded up: a win is in a bin when
/// `units ≥ edge`, i.e. `units / scale ≥ 10^x`).
pub(crate) fn unit_edges(unit_scale: u64) -> Vec<u64> {
    histogram_edges()
        .into_iter()
        .map(|e| {
            let v = libm::ceil(e * unit_scale as f64);
            if v >= u64::MAX as f64 {
                u64::MAX
            } else {
                v as u64
            }
        })
        .collect()
}

impl SlotSimStats {
    /// Empty statistics for rounds costing `unit_scale` pay units, tracking wins by symbol when
    /// `symbols > 0` (the number of symbols of the definition).
    pub fn new(unit_scale: u64, symbols: usize) -> SlotSimStats {
        SlotSimStats {
            unit_scale,
            symbol_units: alloc::vec![0; symbols],
            histogram: alloc::vec![0; HISTOGRAM_BINS],
            ..SlotSimStats::default()
        }
    }

    /// Add one settled round: its totals, what it cost and paid in minor units; `edges` are
    /// [`unit_edges`] of this run's scale.
    #[cfg(test)]
    pub(crate) fn record(&mut self, t: &RoundTotals, stake: u64, payout: u64, edges: &[u64]) {
        self.stats.record(stake, payout);
        self.record_slot(t, edges);
    }

    /// Add one round's slot figures only (the caller keeps `stats`).
    #[cfg(any(feature = "std", test))]
    #[inline]
    pub(crate) fn record_slot(&mut self, t: &RoundTotals, edges: &[u64]) {
        let base = t.base_units.min(t.units);
        self.base_units += u128::from(base);
        self.feature_units += u128::from(t.units - base);
        if t.free_spins_awarded > 0 {
            self.feature_rounds += 1;
        }
        self.free_spins += u64::from(t.free_spins_played);
        if t.capped {
            self.capped_rounds += 1;
        }
        if t.units > 0 {
            let bin = edges.partition_point(|&e| e <= t.units);
            self.histogram[bin] += 1;
            self.note_top(TopWin {
                units: t.units,
                count: 1,
            });
        }
    }

    fn note_top(&mut self, w: TopWin) {
        if self.top_wins.len() == TOP_WINS
            && self.top_wins.last().is_some_and(|l| w.units < l.units)
        {
            return;
        }
        match self.top_wins.binary_search_by(|x| w.units.cmp(&x.units)) {
            Ok(i) => self.top_wins[i].count += w.count,
            Err(i) => {
                self.top_wins.insert(i, w);
                self.top_wins.truncate(TOP_WINS);
            }
        }
    }

    /// Merge the statistics of a disjoint run of the same game, mode and bet, exactly.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] when the two runs cannot be combined: different cost
    /// scales, symbol tables or histogram layouts.
    pub fn try_merge(&mut self, o: &SlotSimStats) -> Result<(), GameError> {
        if self.stats.rounds == 0 && self.symbol_units.is_empty() && self.histogram.is_empty() {
            *self = o.clone();
            return Ok(());
        }
        if o.unit_scale != self.unit_scale {
            return Err(GameError::config(
                "unit_scale",
                format!(
                    "runs of different costs cannot merge ({} vs {} pay units per round)",
                    self.unit_scale, o.unit_scale
                ),
            ));
        }
        if o.symbol_units.len() != self.symbol_units.len() {
            return Err(GameError::config(
                "symbol_units",
                format!(
                    "one run tracked {} symbols, the other {}: simulate every shard the same way",
                    self.symbol_units.len(),
                    o.symbol_units.len()
                ),
            ));
        }
        if o.histogram.len() != self.histogram.len() {
            return Err(GameError::config(
                "histogram",
                format!(
                    "histograms of {} and {} bins cannot merge",
                    self.histogram.len(),
                    o.histogram.len()
                ),
            ));
        }
        self.stats.merge(&o.stats);
        self.base_units += o.base_units;
        self.feature_units += o.feature_units;
        self.feature_rounds += o.feature_rounds;
        self.free_spins += o.free_spins;
        self.capped_rounds += o.capped_rounds;
        for (a, b) in self.symbol_units.iter_mut().zip(&o.symbol_units) {
            *a += b;
        }
        for (a, b) in self.histogram.iter_mut().zip(&o.histogram) {
            *a += b;
        }
        for &w in &o.top_wins {
            self.note_top(w);
        }
        Ok(())
    }
}

/// What an exact calculation says about the game, for the report to check the simulation
/// against.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExactFigures {
    /// The exact RTP.
    pub rtp: f64,
    /// The exact standard deviation of a round's return per unit of cost, when known.
    pub std_dev: Option<f64>,
    /// The largest base-spin win over every stop combination, × the mode's cost, when an
    /// enumeration found it ([`rtp::brute_force`](super::rtp::brute_force)).
    #[serde(default)]
    pub top_base_win: Option<f64>,
    /// The exact probability that a base spin pays exactly `top_base_win`.
    #[serde(default)]
    pub top_base_probability: Option<f64>,
}

impl ExactFigures {
    /// The figures of an exact RTP report (`None` unless its RTP is exact).
    pub fn from_report(r: &super::rtp::RtpReport) -> Option<ExactFigures> {
        let rtp = r.rtp.filter(|_| r.exact)?;
        Some(ExactFigures {
            rtp,
            std_dev: r.std_dev,
            top_base_win: r.top_base_win,
            top_base_probability: r.top_base_probability,
        })
    }
}

/// The top base-spin award by exact enumeration, with its exact odds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExactAward {
    /// The win of one base spin as a multiple of the round's cost.
    pub multiple: f64,
    /// Its exact odds: one base spin in `one_in`.
    pub one_in: f64,
    /// Whether it is rarer than one in 10⁸ spins.
    pub rarer_than_1e8: bool,
}

/// A symbol's share of the RTP.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SymbolShare {
    /// The symbol's name.
    pub symbol: String,
    /// What its wins return per unit staked (before the cap).
    pub rtp: f64,
    /// Its share of all wins (before the cap).
    pub share: f64,
}

/// The range a player's RTP falls in after a number of rounds (95 %, normal approximation).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Rounds played.
    pub rounds: u64,
    /// Lower end of the 95 % range.
    pub low: f64,
    /// Upper end of the 95 % range.
    pub high: f64,
}

/// How the simulation compares with the exact RTP.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExactCheck {
    /// The exact RTP.
    pub exact_rtp: f64,
    /// Simulated − exact.
    pub difference: f64,
    /// The 99 % tolerance `2.576·σ/√n` for this many rounds.
    pub tolerance_99: f64,
    /// Whether `|difference| ≤ tolerance_99`.
    pub confirmed_99: bool,
    /// Rounds a confirmation to ±0.1 % at 99 % needs: `(2.576·σ / 0.001)²`.
    pub rounds_for_0_1_percent: f64,
}

/// A large award seen in the run, with its estimated odds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Award {
    /// The round's win as a multiple of its cost.
    pub multiple: f64,
    /// Rounds that won exactly that.
    pub count: u64,
    /// Estimated odds: one round in `one_in`.
    pub one_in: f64,
    /// Whether it is rarer than one in 10⁸ rounds (its estimate then rests on few rounds).
    pub rarer_than_1e8: bool,
}

/// Everything a designer reads from a slot simulation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlotReport {
    /// Rounds simulated.
    pub rounds: u64,
    /// Total payout / total cost.
    pub rtp: f64,
    /// 95 % confidence interval of the RTP.
    pub rtp_ci95: (f64, f64),
    /// The part of the RTP won by base spins.
    pub base_rtp: f64,
    /// The part won in free spins.
    pub feature_rtp: f64,
    /// Rounds with a win.
    pub hit_frequency: f64,
    /// Rounds that played free spins.
    pub feature_frequency: f64,
    /// Free spins per round.
    pub free_spins_per_round: f64,
    /// Standard deviation of a round's return per unit of cost.
    pub std_dev: f64,
    /// Volatility index: `1.645·σ` (the 90 % one-sided normal quantile times σ).
    pub volatility_index: f64,
    /// The largest round win as a multiple of its cost.
    pub max_win_multiple: f64,
    /// Rounds the win cap ended, as a fraction (`None` without a cap).
    pub cap_probability: Option<f64>,
    /// Each symbol's share of the RTP (empty when not tracked).
    pub symbols: Vec<SymbolShare>,
    /// The 95 % range of a player's RTP after 10³ … 10⁷ rounds.
    pub spread: Vec<Spread>,
    /// The exact-RTP check, when an exact RTP is known.
    pub exact: Option<ExactCheck>,
    /// The largest awards seen, largest first, with their odds.
    pub top_awards: Vec<Award>,
    /// The top award of a base spin and its exact odds, when an enumeration of every stop
    /// combination found it (see [`ExactFigures::top_base_win`]).
    #[serde(default)]
    pub top_base_award: Option<ExactAward>,
    /// Win-size histogram counts (see [`histogram_edges`]).
    pub histogram: Vec<u64>,
    /// The histogram's edges, multiples of the cost.
    pub histogram_edges: Vec<f64>,
}

/// The 95 % and 99 % two-sided normal quantiles.
const Z95: f64 = 1.96;
const Z99: f64 = 2.576;
/// The 90 % one-sided normal quantile (volatility index).
const Z90: f64 = 1.645;

impl SlotReport {
    /// Build the report of `stats`; `symbols` names the symbols in definition order, `capped`
    /// says whether the game has a win cap, `exact` gives the exact figures when known.
    pub fn new(
        stats: &SlotSimStats,
        symbols: &[String],
        capped: bool,
        exact: Option<ExactFigures>,
    ) -> SlotReport {
        let s = &stats.stats;
        let n = s.rounds;
        let nf = n.max(1) as f64;
        let scale = stats.unit_scale.max(1) as f64;
        let units_rtp = |u: u128| u as f64 / scale / nf;
        let rtp = s.rtp();
        let sd_sim = s.std_dev();
        let sd = exact.and_then(|e| e.std_dev).unwrap_or(sd_sim);
        let centre = exact.map_or(rtp, |e| e.rtp);
        let total_symbol: u128 = stats.symbol_units.iter().sum();
        let symbols_out = stats
            .symbol_units
            .iter()
            .enumerate()
            .filter(|&(_, &u)| u > 0)
            .map(|(i, &u)| SymbolShare {
                symbol: symbols.get(i).cloned().unwrap_or_else(|| format!("#{i}")),
                rtp: units_rtp(u),
                share: if total_symbol == 0 {
                    0.0
                } else {
                    u as f64 / total_symbol as f64
                },
            })
            .collect();
        let spread = SPREAD_ROUNDS
            .iter()
            .map(|&k| {
                let half = Z95 * sd / libm::sqrt(k as f64);
                Spread {
                    rounds: k,
                    low: (centre - half).max(0.0),
                    high: centre + half,
                }
            })
            .collect();
        let exact_check = exact.filter(|_| n > 0).map(|e| {
            let tol = Z99 * sd / libm::sqrt(nf);
            let diff = rtp - e.rtp;
            ExactCheck {
                exact_rtp: e.rtp,
                difference: diff,
                tolerance_99: tol,
                confirmed_99: diff.abs() <= tol,
                rounds_for_0_1_percent: libm::ceil((Z99 * sd / 0.001) * (Z99 * sd / 0.001)),
            }
        });
        let top_awards = stats
            .top_wins
            .iter()
            .map(|w| {
                let one_in = nf / w.count.max(1) as f64;
                Award {
                    multiple: w.units as f64 / scale,
                    count: w.count,
                    one_in,
                    rarer_than_1e8: one_in > RARE_AWARD_ROUNDS,
                }
            })
            .collect();
        SlotReport {
            rounds: n,
            rtp,
            rtp_ci95: s.rtp_ci95(),
            base_rtp: units_rtp(stats.base_units),
            feature_rtp: units_rtp(stats.feature_units),
            hit_frequency: s.hit_frequency(),
            feature_frequency: stats.feature_rounds as f64 / nf,
            free_spins_per_round: stats.free_spins as f64 / nf,
            std_dev: sd_sim,
            volatility_index: Z90 * sd_sim,
            max_win_multiple: stats
                .top_wins
                .first()
                .map_or(0.0, |w| w.units as f64 / scale),
            cap_probability: capped.then(|| stats.capped_rounds as f64 / nf),
            symbols: symbols_out,
            spread,
            exact: exact_check,
            top_awards,
            top_base_award: exact.and_then(|e| {
                let p = e.top_base_probability.filter(|&p| p > 0.0)?;
                let one_in = 1.0 / p;
                Some(ExactAward {
                    multiple: e.top_base_win?,
                    one_in,
                    rarer_than_1e8: one_in > RARE_AWARD_ROUNDS,
                })
            }),
            histogram: stats.histogram.clone(),
            histogram_edges: histogram_edges(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals(units: u64, base: u64, free: u32, capped: bool) -> RoundTotals {
        RoundTotals {
            units,
            base_units: base,
            free_spins_awarded: free,
            free_spins_played: free,
            capped,
            ..RoundTotals::default()
        }
    }

    #[test]
    fn shards_partition_the_chunks() {
        let total = 5 * crate::sim::CHUNK_ROUNDS + 7;
        for n in 1..6 {
            let sum: u64 = (0..n)
                .map(|i| Shard::new(i, n).unwrap().rounds(total))
                .sum();
            assert_eq!(sum, total, "{n} shards");
        }
        assert_eq!(Shard::parse("2/5").unwrap(), Shard { index: 2, count: 5 });
        for bad in ["5/5", "1/0", "x/2", "1", "-1/3", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn histogram_bins_by_cost_multiple() {
        let edges = unit_edges(100);
        assert_eq!(edges.len() + 1, HISTOGRAM_BINS);
        let mut s = SlotSimStats::new(100, 0);
        s.record(&totals(100, 100, 0, false), 10, 10, &edges); // exactly 1× cost
        s.record(&totals(1, 1, 0, false), 10, 0, &edges); // 0.01×: the lowest edge
        s.record(&totals(u64::MAX / 2, 0, 3, true), 10, 10, &edges); // ≥ 10⁵×
        let one = (2 * HISTOGRAM_BINS_PER_DECADE + 1) as usize; // [10⁰, 10^0.2)
        assert_eq!(s.histogram[one], 1);
        assert_eq!(s.histogram[1], 1);
        assert_eq!(s.histogram[HISTOGRAM_BINS - 1], 1);
        assert_eq!(s.histogram.iter().sum::<u64>(), 3);
        assert_eq!((s.feature_rounds, s.free_spins, s.capped_rounds), (1, 3, 1));
    }

    #[test]
    fn top_wins_merge_exactly() {
        // Whatever the split, merging the parts gives the top wins of the whole.
        let wins: Vec<u64> = (0..200u64).map(|i| (i * 7919) % 37 + 1).collect();
        let edges = unit_edges(1);
        let mut whole = SlotSimStats::new(1, 0);
        for &w in &wins {
            whole.record(&totals(w, w, 0, false), 1, w, &edges);
        }
        for parts in [2usize, 3, 7] {
            let mut merged = SlotSimStats::default();
            for p in 0..parts {
                let mut part = SlotSimStats::new(1, 0);
                for (i, &w) in wins.iter().enumerate() {
                    if i % parts == p {
                        part.record(&totals(w, w, 0, false), 1, w, &edges);
                    }
                }
                merged.try_merge(&part).unwrap();
            }
            assert_eq!(merged, whole, "{parts} parts");
        }
        assert_eq!(whole.top_wins.len(), TOP_WINS);
        assert_eq!(whole.top_wins[0].units, 37);
    }

    #[test]
    fn incompatible_runs_do_not_merge() {
        let mut a = SlotSimStats::new(100, 3);
        a.stats.rounds = 1;
        let before = a.clone();
        assert!(a.try_merge(&SlotSimStats::new(200, 3)).is_err());
        assert!(a.try_merge(&SlotSimStats::new(100, 0)).is_err());
        assert_eq!(a, before, "a rejected merge changes nothing");
    }

    #[test]
    fn report_figures() {
        let edges = unit_edges(10);
        let mut s = SlotSimStats::new(10, 2);
        // 4 rounds costing 10 minor units (scale 10 units): wins 0, 10, 0, 30 units.
        for (u, b) in [(0u64, 0u64), (10, 10), (0, 0), (30, 10)] {
            s.record(&totals(u, b, u32::from(u == 30), false), 10, u, &edges);
        }
        s.symbol_units = alloc::vec![30, 10];
        let names = ["A".into(), "B".into()];
        let r = SlotReport::new(
            &s,
            &names,
            false,
            Some(ExactFigures {
                rtp: 1.0,
                std_dev: None,
                top_base_win: Some(20.0),
                top_base_probability: Some(1.0 / 4e8),
            }),
        );
        assert_eq!(r.rounds, 4);
        assert!((r.rtp - 1.0).abs() < 1e-12);
        assert!((r.base_rtp - 0.5).abs() < 1e-12);
        assert!((r.feature_rtp - 0.5).abs() < 1e-12);
        assert!((r.feature_frequency - 0.25).abs() < 1e-12);
        assert!((r.max_win_multiple - 3.0).abs() < 1e-12);
        assert_eq!(r.symbols.len(), 2);
        assert!((r.symbols[0].share - 0.75).abs() < 1e-12);
        assert!(r.cap_probability.is_none());
        let e = r.exact.unwrap();
        assert!(e.confirmed_99 && e.difference.abs() < 1e-12);
        assert_eq!(r.spread.len(), SPREAD_ROUNDS.len());
        assert!(r.spread[0].high - r.spread[0].low > r.spread[4].high - r.spread[4].low);
        assert_eq!(r.top_awards[0].count, 1);
        assert!((r.top_awards[0].one_in - 4.0).abs() < 1e-12);
        let top = r.top_base_award.unwrap();
        assert_eq!(top.multiple, 20.0);
        assert!((top.one_in - 4e8).abs() < 1e-3);
        assert!(top.rarer_than_1e8);
    }
}
