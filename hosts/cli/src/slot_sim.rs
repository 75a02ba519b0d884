//! `kingpin simulate game.toml` (optionally one shard of a run), `kingpin merge`, and the
//! win-distribution chart.
//!
//! A simulation document (`--json`, `kingpin_engine::slots::document`) carries the run's
//! identity (game digest, mode, stake, seed, rounds, shard) and its exact integer statistics, so
//! `kingpin merge` can check that shards belong together and combine them into exactly the
//! statistics of the unsharded run.

use std::path::Path;

use anyhow::{Context, Result};
use kingpin_engine::slots::document::SimulationDocument;
use kingpin_engine::slots::stats::{HISTOGRAM_BINS_PER_DECADE, HISTOGRAM_MIN_EXPONENT, Shard};
use kingpin_engine::slots::{self, SimulationOptions};
use kingpin_units::Amount;

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
    pub brute_force_limit: u128,
}

/// Run a simulation (or one shard of it).
pub(crate) fn simulate(
    req: &SimRequest<'_>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SimulationDocument> {
    let slot = crate::slot_file::load(req.path)?;
    let start = std::time::Instant::now();
    let mut doc = slots::simulate_document(
        &slot,
        req.mode,
        Amount::from_minor(req.stake),
        SimulationOptions {
            rounds: req.rounds,
            seed: req.seed,
            threads: req.threads,
            shard: req.shard,
            track_symbols: req.track_symbols,
            brute_force_limit: req.brute_force_limit,
        },
        progress,
    )?;
    doc.seconds = start.elapsed().as_secs_f64();
    doc.source = req.path.into();
    Ok(doc)
}

/// Read simulation documents (files) and merge them exactly.
pub(crate) fn merge(paths: &[String], partial: bool) -> Result<SimulationDocument> {
    let mut docs = Vec::with_capacity(paths.len());
    for p in paths {
        let text = std::fs::read_to_string(p).with_context(|| format!("cannot read {p}"))?;
        let doc: SimulationDocument = serde_json::from_str(&text).with_context(|| {
            format!("{p} is not a slot simulation document (`kingpin simulate <game file> --json`)")
        })?;
        docs.push((p.as_str(), doc));
    }
    Ok(SimulationDocument::merge(
        docs.iter().map(|(p, d)| (*p, d)),
        partial,
    )?)
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
pub(crate) fn text(d: &SimulationDocument) -> String {
    let r = &d.report;
    let mut s = String::new();
    s += &format!("game            {} ({})\n", d.game, d.source);
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
    if let Some(t) = &r.top_base_award {
        s += &format!(
            "top base award  {:.2}× cost, 1 in {:.0} spins (exact, every stop combination){}\n",
            t.multiple,
            t.one_in,
            if t.rarer_than_1e8 {
                "  ⚑ rarer than 1 in 10^8"
            } else {
                ""
            }
        );
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
pub(crate) fn chart(d: &SimulationDocument, path: &Path) -> Result<()> {
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
            .x_desc("win ÷ cost (log scale)")
            .x_labels(((x_hi - min_x + step) as usize + 1).max(2))
            .x_label_formatter(&|v| {
                let m = 10f64.powf(*v);
                if m >= 1.0 {
                    format!("{m:.0}×")
                } else {
                    format!("{m:.2}×")
                }
            })
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
