//! Slot definitions from files: `kingpin rtp game.toml` and `kingpin simulate game.toml`.

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use kingpin_engine::slots::{self, Slot, SlotDefinition};
use serde_json::{Value, json};

/// Whether a game argument names a slot definition file rather than a catalog game.
pub(crate) fn is_slot_file(arg: &str) -> bool {
    let p = Path::new(arg);
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("toml" | "json")
    ) || p.is_file()
}

/// Load and validate a definition (TOML or JSON by extension); every problem is reported with
/// its field path.
pub(crate) fn load(path: &str) -> Result<Slot> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let def: SlotDefinition = if path.ends_with(".toml") {
        toml::from_str(&text).with_context(|| format!("{path} is not a valid slot definition"))?
    } else {
        serde_json::from_str(&text)
            .with_context(|| format!("{path} is not a valid slot definition"))?
    };
    Slot::new(def).map_err(|errors| {
        let lines: Vec<String> = errors
            .0
            .iter()
            .map(|p| format!("  {}: {}", p.path, p.reason))
            .collect();
        anyhow!(
            "{path} has {} problem(s):\n{}",
            lines.len(),
            lines.join("\n")
        )
    })
}

fn modes<'a>(slot: &'a Slot, mode: Option<&'a str>) -> Vec<&'a str> {
    match mode {
        Some(m) => vec![m],
        None => slot.bet_mode_names(),
    }
}

/// Exact RTP of every bet mode (or one), brute force confirming the closed form where affordable.
pub(crate) fn rtp(
    path: &str,
    mode: Option<&str>,
    threads: usize,
    max_combinations: u128,
    brute_force: bool,
) -> Result<Value> {
    let slot = load(path)?;
    let reports = modes(&slot, mode)
        .into_iter()
        .map(|m| {
            let r = slots::rtp::best_with(&slot, m, threads, max_combinations, brute_force)?;
            Ok(serde_json::to_value(&r)?)
        })
        .collect::<Result<Vec<Value>>>()?;
    Ok(json!({ "file": path, "name": slot.definition().name, "modes": reports }))
}

pub(crate) fn rtp_text(v: &Value) -> String {
    let mut s = format!(
        "{} ({})\n",
        v["name"].as_str().unwrap_or("slot"),
        v["file"].as_str().unwrap_or("")
    );
    for r in v["modes"].as_array().into_iter().flatten() {
        let pct = |k: &str| {
            r[k].as_f64()
                .map_or_else(|| "n/a".to_string(), |x| format!("{:.4}%", x * 100.0))
        };
        s += &format!(
            "\nmode {} · {}\n",
            r["mode"].as_str().unwrap_or("?"),
            r["method"].as_str().unwrap_or("?")
        );
        match r["rtp"].as_f64() {
            Some(_) => {
                s += &format!(
                    "  RTP            {}{}\n",
                    pct("rtp"),
                    if r["exact"] == true {
                        "  (exact)"
                    } else {
                        "  (upper bound: see notes; simulate)"
                    }
                );
                if let Some(f) = r["rtp_fraction"].as_str() {
                    if f.len() < 60 {
                        s += &format!("  fraction       {f}\n");
                    }
                }
                s += &format!(
                    "  base game      {}\n  free spins     {}\n",
                    pct("base_rtp"),
                    pct("feature_rtp")
                );
                if let Some(p) = r["feature_probability"].as_f64().filter(|&p| p > 0.0) {
                    s += &format!(
                        "  feature chance 1 in {:.1}\n",
                        1.0 / p.max(f64::MIN_POSITIVE)
                    );
                }
                if let Some(n) = r["free_spins_per_round"].as_f64().filter(|&n| n > 0.0) {
                    s += &format!("  free spins per round {n:.4}\n");
                }
                if let Some(sd) = r["std_dev"].as_f64() {
                    s += &format!("  std deviation  {sd:.4} × cost\n");
                }
                if let (Some(w), Some(p)) = (
                    r["top_base_win"].as_f64(),
                    r["top_base_probability"].as_f64().filter(|&p| p > 0.0),
                ) {
                    let one_in = 1.0 / p;
                    s += &format!(
                        "  top base award {w:.2}× cost, 1 in {} spins (exact){}\n",
                        if one_in < 1e6 {
                            format!("{one_in:.1}")
                        } else {
                            format!("{one_in:.3e}")
                        },
                        if one_in > slots::stats::RARE_AWARD_ROUNDS {
                            "  ⚑ rarer than 1 in 10^8"
                        } else {
                            ""
                        }
                    );
                }
            }
            None => s += "  no exact figure: use `kingpin simulate` on this file\n",
        }
        for n in r["notes"].as_array().into_iter().flatten() {
            s += &format!("  note: {}\n", n.as_str().unwrap_or(""));
        }
    }
    s
}
