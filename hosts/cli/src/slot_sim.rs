//! `kingpin simulate game.toml` (optionally one shard of a run), `kingpin merge`, and the
//! win-distribution chart.
//!
//! A simulation document (`--json`) carries the run's identity (game digest, mode, stake, seed,
//! rounds, shard) and its exact integer statistics, so `kingpin merge` can check that shards
//! belong together and combine them into exactly the statistics of the unsharded run.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, bail, ensure};
use kingpin_engine::slots::stats::{
    ExactFigures, HISTOGRAM_BINS_PER_DECADE, HISTOGRAM_MIN_EXPONENT, Shard, SlotReport,
    SlotSimStats,
};
use kingpin_engine::slots::{self, SimulationOptions, Slot};
use kingpin_units::Amount;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The format tag of a simulation document.
pub(crate) const FORMAT: &str = "kingpin.slot-simulation.v1";

/// What a slot simulation (or a shard of one) writes with `--json`, and what `merge` reads.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SimDocument {
    /// Always [`FORMAT`].
    pub format: String,
    /// The game's name.
    pub game: String,
    /// The file it was read from.
    pub file: String,
    /// SHA-256 of the parsed definition (as canonical JSON): shards of different games or
    /// versions of a game never merge.
    pub definition_sha256: String,
    /// The bet mode.
    pub mode: String,
    /// The bet, minor units.
    pub stake: u64,
    /// The run's seed.
    pub seed: u64,
    /// Rounds of the whole run (every shard together).
    pub run_rounds: u64,
    /// The shards this document covers (one for `simulate --shard`, several after `merge`).
    pub shards: Vec<u64>,
    /// Shards in the whole run.
    pub shard_count: u64,
    /// Whether the game caps a round's win.
    pub capped_game: bool,
    /// The exact figures, when an exact method applies.
    pub exact: Option<ExactFigures>,
    /// Symbol names (the index of `stats.symbol_units`).
    pub symbols: Vec<String>,
    /// The exact, mergeable statistics.
    pub stats: SlotSimStats,
    /// Every figure derived from `stats` (recomputed by `merge`; informative only).
    pub report: SlotReport,
    /// Wall-clock seconds (sum over merged shards).
    #[serde(default)]
    pub seconds: f64,
    /// Worker threads (of the first shard).
    #[serde(default)]
    pub threads: usize,
}

impl SimDocument {
    fn complete(&self) -> bool {
        self.shards.len() as u64 == self.shard_count
    }
}

fn definition_digest(slot: &Slot) -> Result<String> {
    let canonical = serde_json::to_vec(slot.definition())?;
    Ok(hex::encode(Sha256::digest(&canonical)))
}

/// The request of one simulation.
pub(crate) struct SimRequest<'a> {
    pub path: &'a str,
    pub mode: &'a str,
    pub stake: u64,
    pub rounds: u64,
    pub seed: u64,
    pub threads: usize,
    pub shard: Shard,
    pub track_symbols: bool,
}

/// Run a simulation (or one shard of it).
pub(crate) fn simulate(
    req: &SimRequest<'_>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SimDocument> {
    let slot = crate::slot_file::load(req.path)?;
    let exact = slots::rtp::exact(&slot, req.mode)
        .ok()
        .filter(|r| r.exact)
        .and_then(|r| {
            r.rtp.map(|rtp| ExactFigures {
                rtp,
                std_dev: r.std_dev,
            })
        });
    let start = std::time::Instant::now();
    let stats = slots::simulate_stats(
        &slot,
        req.mode,
        Amount::from_minor(req.stake),
        SimulationOptions {
            rounds: req.rounds,
            seed: req.seed,
            threads: req.threads,
            shard: req.shard,
            track_symbols: req.track_symbols,
        },
        progress,
    )?;
    let seconds = start.elapsed().as_secs_f64();
    let symbols = slot.symbol_names().to_vec();
    let report = SlotReport::new(&stats, &symbols, slot.has_cap(), exact);
    Ok(SimDocument {
        format: FORMAT.into(),
        game: slot.definition().name.clone(),
        file: req.path.into(),
        definition_sha256: definition_digest(&slot)?,
        mode: req.mode.into(),
        stake: req.stake,
        seed: req.seed,
        run_rounds: req.rounds,
        shards: vec![req.shard.index],
        shard_count: req.shard.count,
        capped_game: slot.has_cap(),
        exact,
        symbols,
        stats,
        report,
        seconds,
        threads: req.threads,
    })
}

/// Read simulation documents and merge them exactly. Every document must come from the same
/// game, mode, stake, seed and run size; no shard may appear twice; all shards must be present
/// unless `partial`.
pub(crate) fn merge(paths: &[String], partial: bool) -> Result<SimDocument> {
    ensure!(
        !paths.is_empty(),
        "merge needs at least one simulation document"
    );
    let mut docs = Vec::with_capacity(paths.len());
    for p in paths {
        let text = std::fs::read_to_string(p).with_context(|| format!("cannot read {p}"))?;
        let doc: SimDocument = serde_json::from_str(&text).with_context(|| {
            format!("{p} is not a slot simulation document (`kingpin simulate <game file> --json`)")
        })?;
        ensure!(
            doc.format == FORMAT,
            "{p}: format {:?}, expected {FORMAT:?}",
            doc.format
        );
        docs.push((p, doc));
    }
    let (first_path, first) = &docs[0];
    let mut out = first.clone();
    let mut seen: BTreeSet<u64> = first.shards.iter().copied().collect();
    ensure!(
        seen.len() == first.shards.len(),
        "{first_path} lists a shard twice"
    );
    for (p, d) in &docs[1..] {
        let same = |what: &str, a: String, b: String| -> Result<()> {
            if a != b {
                bail!("{p} is from a different run than {first_path}: {what} {b} vs {a}");
            }
            Ok(())
        };
        same(
            "definition digest",
            first.definition_sha256.clone(),
            d.definition_sha256.clone(),
        )?;
        same("mode", first.mode.clone(), d.mode.clone())?;
        same("stake", first.stake.to_string(), d.stake.to_string())?;
        same("seed", first.seed.to_string(), d.seed.to_string())?;
        same(
            "run rounds",
            first.run_rounds.to_string(),
            d.run_rounds.to_string(),
        )?;
        same(
            "shard count",
            first.shard_count.to_string(),
            d.shard_count.to_string(),
        )?;
        for &s in &d.shards {
            ensure!(
                seen.insert(s),
                "shard {s}/{} appears twice ({p} and an earlier file)",
                d.shard_count
            );
        }
        out.stats
            .try_merge(&d.stats)
            .with_context(|| format!("{p} cannot merge"))?;
        out.seconds += d.seconds;
    }
    for &s in &seen {
        ensure!(
            s < out.shard_count,
            "shard {s} is out of range for {} shards",
            out.shard_count
        );
    }
    out.shards = seen.into_iter().collect();
    if !partial && !out.complete() {
        let missing: Vec<String> = (0..out.shard_count)
            .filter(|s| !out.shards.contains(s))
            .map(|s| format!("{s}/{}", out.shard_count))
            .collect();
        bail!(
            "shards missing: {} (pass --partial to merge what is there)",
            missing.join(", ")
        );
    }
    // Every shard's rounds are determined by the run: check the total.
    let expected: u64 = out
        .shards
        .iter()
        .map(|&i| {
            Shard {
                index: i,
                count: out.shard_count,
            }
            .rounds(out.run_rounds)
        })
        .sum();
    ensure!(
        out.stats.stats.rounds == expected,
        "the documents hold {} rounds, their shards should hold {expected}",
        out.stats.stats.rounds
    );
    out.report = SlotReport::new(&out.stats, &out.symbols, out.capped_game, out.exact);
    Ok(out)
}

fn pct(x: f64) -> String {
    format!("{:.4}%", x * 100.0)
}

fn one_in(p: f64) -> String {
    if p > 0.0 {
        format!("1 in {:.1}", 1.0 / p)
    } else {
        "never".into()
    }
}

/// The readable report.
pub(crate) fn text(d: &SimDocument) -> String {
    let r = &d.report;
    let mut s = String::new();
    s += &format!("game            {} ({})\n", d.game, d.file);
    s += &format!("mode            {}   stake {}\n", d.mode, d.stake);
    s += &format!(
        "seed            {}   (replay with --seed {})\n",
        d.seed, d.seed
    );
    if d.shard_count > 1 {
        s += &format!(
            "shards          {} of {} ({})\n",
            d.shards.len(),
            d.shard_count,
            if d.complete() {
                "complete run"
            } else {
                "PARTIAL run"
            }
        );
    }
    s += &format!("rounds          {}\n", r.rounds);
    s += &format!(
        "RTP             {}   95% CI [{}, {}]\n",
        pct(r.rtp),
        pct(r.rtp_ci95.0),
        pct(r.rtp_ci95.1)
    );
    s += &format!(
        "  base game     {}\n  free spins    {}\n",
        pct(r.base_rtp),
        pct(r.feature_rtp)
    );
    if let Some(e) = &r.exact {
        s += &format!(
            "exact RTP       {}   difference {:+.4}%, 99% tolerance ±{:.4}%: {}\n",
            pct(e.exact_rtp),
            e.difference * 100.0,
            e.tolerance_99 * 100.0,
            if e.confirmed_99 {
                "CONFIRMED at 99%"
            } else {
                "NOT confirmed at 99%"
            }
        );
        s += &format!(
            "                a ±0.1% confirmation at 99% needs {:.3e} rounds\n",
            e.rounds_for_0_1_percent
        );
    } else {
        s += "exact RTP       none (no exact method for this game; the simulation is the figure)\n";
    }
    s += &format!(
        "hit frequency   {} ({})\n",
        pct(r.hit_frequency),
        one_in(r.hit_frequency)
    );
    s += &format!(
        "feature         {} of rounds ({}), {:.4} free spins per round\n",
        pct(r.feature_frequency),
        one_in(r.feature_frequency),
        r.free_spins_per_round
    );
    s += &format!(
        "std deviation   {:.4} × cost   volatility index (1.645σ) {:.4}\n",
        r.std_dev, r.volatility_index
    );
    s += &format!("largest win     {:.2} × cost\n", r.max_win_multiple);
    if let Some(p) = r.cap_probability {
        s += &format!("win cap reached {} ({})\n", pct(p), one_in(p));
    }
    if !r.top_awards.is_empty() {
        s += "top awards (× cost, rounds, odds)\n";
        for a in &r.top_awards {
            s += &format!(
                "  {:>12.2}×  {:>10}  1 in {:.3e}{}\n",
                a.multiple,
                a.count,
                a.one_in,
                if a.rarer_than_1e8 {
                    "  ⚑ rarer than 1 in 10^8"
                } else {
                    ""
                }
            );
        }
    }
    if !r.symbols.is_empty() {
        s += "RTP by symbol (before the cap)\n";
        for sym in &r.symbols {
            s += &format!(
                "  {:<12} {:>10}  {:>6.2}% of wins\n",
                sym.symbol,
                pct(sym.rtp),
                sym.share * 100.0
            );
        }
    }
    s += "a player's RTP after n rounds (95% range)\n";
    for sp in &r.spread {
        s += &format!("  {:>10}  [{}, {}]\n", sp.rounds, pct(sp.low), pct(sp.high));
    }
    s += "win distribution (× cost)\n";
    let n = r.rounds.max(1) as f64;
    s += &format!(
        "  {:>22}  {:>12}  {}\n",
        "no win",
        r.rounds - r.histogram.iter().sum::<u64>(),
        pct((r.rounds - r.histogram.iter().sum::<u64>()) as f64 / n)
    );
    for (i, &c) in r.histogram.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let lo = if i == 0 {
            0.0
        } else {
            r.histogram_edges[i - 1]
        };
        let range = match r.histogram_edges.get(i) {
            Some(hi) => format!("[{lo:.3}, {hi:.3})"),
            None => format!("≥ {lo:.0}"),
        };
        s += &format!("  {range:>22}  {c:>12}  {}\n", pct(c as f64 / n));
    }
    s += &format!(
        "speed           {:.0} rounds/s ({:.2} s)",
        r.rounds as f64 / d.seconds.max(1e-9),
        d.seconds
    );
    s
}

/// Write the win distribution as an SVG chart: probability per round (log scale) by win size
/// (× cost, log scale).
pub(crate) fn chart(d: &SimDocument, path: &Path) -> Result<()> {
    use plotters::prelude::*;

    let r = &d.report;
    let n = r.rounds.max(1) as f64;
    let step = 1.0 / f64::from(HISTOGRAM_BINS_PER_DECADE);
    let min_x = f64::from(HISTOGRAM_MIN_EXPONENT);
    let bars: Vec<(f64, f64, f64)> = r
        .histogram
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c > 0)
        .map(|(i, &c)| {
            // Bin 0 (below the lowest edge) and the last bin get one bin's width.
            let lo = min_x + (i as f64 - 1.0) * step;
            (lo, lo + step, c as f64 / n)
        })
        .collect();
    let min_p = bars.iter().map(|b| b.2).fold(1.0f64, f64::min).max(1e-12);
    let y_lo = 10f64.powf(min_p.log10().floor());
    let x_hi = bars.iter().map(|b| b.1).fold(1.0f64, f64::max).ceil();
    let title = format!(
        "{} · {} · win distribution · {} rounds · RTP {}",
        d.game,
        d.mode,
        r.rounds,
        pct(r.rtp)
    );
    let root = SVGBackend::new(path, (1000, 600)).into_drawing_area();
    let draw = || -> std::result::Result<(), Box<dyn std::error::Error>> {
        root.fill(&WHITE)?;
        let mut c = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d((min_x - step)..x_hi, (y_lo..1.0f64).log_scale())?;
        c.configure_mesh()
            .x_desc("win ÷ cost, log10 (−2 = 0.01×, 0 = 1×, 3 = 1000×)")
            .y_desc("probability per round")
            .y_label_formatter(&|v| format!("{v:.0e}"))
            .draw()?;
        c.draw_series(
            bars.iter()
                .map(|&(lo, hi, p)| Rectangle::new([(lo, y_lo), (hi, p)], BLUE.mix(0.7).filled())),
        )?;
        root.present()?;
        Ok(())
    };
    draw().map_err(|e| anyhow::anyhow!("cannot draw the chart to {}: {e}", path.display()))
}
